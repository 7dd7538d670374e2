/**
 * "Why did my P&L move": the change in a seat's quarterly profit split among groups of inputs.
 *
 * The quarter is resolved again from the state before it with each group of inputs either as
 * played or held back: a seat's orders held at its previous quarter's orders, the quarter's new
 * shocks not fired. Held-back shocks keep their random draws (a random shock's draw is taken
 * whether or not it can fire), so every re-run sees the same random numbers. The Shapley value
 * over the groups splits the difference between the quarter as played and the quarter with
 * every group held back; what is left, the quarter with everything held back against last
 * quarter's profit, is the world's drift (demand growth, progress, depreciation, shocks that
 * ended). The parts add up to the change.
 *
 * The opening books hold last quarter's revenue but no quarter of profit or cash flow. So in the
 * first quarter a figure other than revenue changes from the quarter with every group held back
 * (the opening's standing policies, no new shock), not from a zero, and the drift is 0.
 *
 * With n groups the split takes 2^n re-runs; at most five groups (32 re-runs) are allowed.
 */
import { resolveTurn } from "../engine/resolve-turn.ts";
import type { GameState } from "../engine/state.ts";
import type { OrdersBySeat } from "../orders/index.ts";
import { type GameLog, replayLog } from "./run-game.ts";

/** A group of inputs: the orders of some seats, or the shocks that fire this quarter. */
export interface InputGroup {
  id: string;
  label: string;
  /** seats whose orders belong to this group */
  seats?: readonly string[];
  /** this group is the quarter's new shocks (scheduled, injected and random) */
  shocks?: boolean;
}

export const MAX_GROUPS = 5;

/** The figure being explained: a company's books field for the quarter. */
export type ProfitMeasure = "netIncome" | "operatingIncome" | "revenue" | "fcf";

export interface Attribution {
  seat: string;
  quarter: number;
  measure: ProfitMeasure;
  /** the figure the change runs from (last quarter's, see `from`) and as played this quarter */
  before: number;
  after: number;
  /**
   * what `before` is: last quarter's figure, or, in the first quarter for a figure the opening
   * books do not hold (all but revenue), the quarter with every group held back
   */
  from: "lastQuarter" | "heldBack";
  /** the world's drift: everything held back, against last quarter */
  drift: number;
  /** each group's Shapley share, in the groups' order */
  parts: { id: string; label: string; value: number }[];
  /** quarters resolved to compute it */
  reruns: number;
}

/**
 * The default groups for a seat: its own orders, every other seat's orders (rivals, and its
 * customers and suppliers too), the quarter's shocks.
 */
export function defaultGroups(state: Readonly<GameState>, seat: string): InputGroup[] {
  const others = state.companies.id.filter((id) => id !== seat);
  return [
    { id: "own", label: "your orders", seats: [seat] },
    { id: "others", label: "other seats' orders", seats: others },
    { id: "shocks", label: "shocks", shocks: true },
  ];
}

/**
 * Resolves the quarter after `before` with the chosen groups held back. The result's books are
 * the counterfactual quarter's.
 */
function counterfactual(
  before: Readonly<GameState>,
  played: OrdersBySeat,
  previous: OrdersBySeat,
  groups: readonly InputGroup[],
  heldMask: number,
): GameState {
  const orders: OrdersBySeat = { ...played };
  let withoutShocks = false;
  groups.forEach((g, k) => {
    if ((heldMask & (1 << k)) === 0) return;
    for (const s of g.seats ?? []) orders[s] = previous[s] ?? [];
    if (g.shocks) withoutShocks = true;
  });
  if (!withoutShocks) return resolveTurn(before, orders).state;
  const q = before.quarter + 1;
  // Shallow replacements of the copy's own fields: the game's catalogue and schedule are shared.
  const quiet: GameState = {
    ...before,
    schedule: before.schedule.filter((s) => s.quarter !== q),
    catalogue: before.catalogue.map((c) => (before.randomShocks.includes(c.id) ? { ...c, probability: 0 } : c)),
  };
  return resolveTurn(quiet, orders).state;
}

function figureOf(state: Readonly<GameState>, seat: string, measure: ProfitMeasure): number {
  const i = state.companies.id.indexOf(seat);
  if (i < 0) throw new Error(`no seat "${seat}"`);
  return state.companies.books[measure][i]!;
}

/** n! for small n */
function factorial(n: number): number {
  let f = 1;
  for (let k = 2; k <= n; k++) f *= k;
  return f;
}

function popcount(x: number): number {
  let c = 0;
  for (let v = x; v; v &= v - 1) c++;
  return c;
}

/**
 * Attributes the change in `seat`'s figure from the quarter `before` ends to the next one.
 * `played` are the orders the quarter was resolved with; `previous` the orders of the quarter
 * before (empty for the first quarter). `before` must be the state the quarter was resolved
 * from, with any injected shocks already scheduled.
 */
export function attributeQuarter(
  before: Readonly<GameState>,
  played: OrdersBySeat,
  previous: OrdersBySeat,
  seat: string,
  opts: { groups?: readonly InputGroup[]; measure?: ProfitMeasure; cache?: Map<string, GameState> } = {},
): Attribution {
  const groups = opts.groups ?? defaultGroups(before, seat);
  const measure = opts.measure ?? "netIncome";
  const n = groups.length;
  if (n < 1 || n > MAX_GROUPS) throw new Error(`attribution takes 1 to ${MAX_GROUPS} groups, not ${n}`);
  const cache = opts.cache ?? new Map<string, GameState>();
  let reruns = 0;
  const full = (1 << n) - 1;
  // v[S] with S the set of groups as played: the held-back mask is its complement.
  const v = new Float64Array(1 << n);
  for (let S = 0; S <= full; S++) {
    const held = full & ~S;
    const key = cacheKey(before, groups, held);
    let st = cache.get(key);
    if (!st) {
      st = counterfactual(before, played, previous, groups, held);
      cache.set(key, st);
      reruns++;
    }
    v[S] = figureOf(st, seat, measure);
  }
  const parts = groups.map((g, k) => {
    let phi = 0;
    for (let S = 0; S <= full; S++) {
      if (S & (1 << k)) continue;
      const s = popcount(S);
      phi += ((factorial(s) * factorial(n - s - 1)) / factorial(n)) * (v[S | (1 << k)]! - v[S]!);
    }
    return { id: g.id, label: g.label, value: phi };
  });
  const heldBack = before.quarter === 0 && measure !== "revenue";
  const last = heldBack ? v[0]! : figureOf(before, seat, measure);
  return {
    seat,
    quarter: before.quarter + 1,
    measure,
    before: last,
    after: v[full]!,
    from: heldBack ? "heldBack" : "lastQuarter",
    drift: v[0]! - last,
    parts,
    reruns,
  };
}

/**
 * A key naming a counterfactual by what it holds back (which seats' orders, whether shocks),
 * so that seats of one quarter share re-runs: the quarter with everything held back is the same
 * for every seat.
 */
function cacheKey(before: Readonly<GameState>, groups: readonly InputGroup[], held: number): string {
  const heldSeats = new Set<string>();
  let shocks = false;
  groups.forEach((g, k) => {
    if ((held & (1 << k)) === 0) return;
    for (const s of g.seats ?? []) heldSeats.add(s);
    if (g.shocks) shocks = true;
  });
  const seats = before.companies.id.map((id) => (heldSeats.has(id) ? "h" : "p")).join("");
  return `${seats}${shocks ? "S" : "s"}`;
}

/** Every seat's attribution for every quarter of a game log (read with readLog), in quarter then seat order. */
export function attributeLog(log: GameLog, opts: { measure?: ProfitMeasure } = {}): Attribution[] {
  const out: Attribution[] = [];
  let previous: OrdersBySeat = {};
  const result = replayLog(log, (_after, _events, rec, before) => {
    const cache = new Map<string, GameState>();
    for (const seat of before.companies.id) {
      out.push(attributeQuarter(before, rec.ordersBySeat, previous, seat, { measure: opts.measure, cache }));
    }
    previous = rec.ordersBySeat;
  });
  if (!result.ok) throw new Error(`the log does not replay: quarter ${result.firstDivergence?.quarter} diverges`);
  return out;
}
