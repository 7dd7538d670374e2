/**
 * Helpers for the stylized-fact tests (seed-facts.md §5): a scenario set up explicitly
 * (overrides or a mutation of the scenario input), no random shocks or demand surprises, and fixed orders
 * (every seat keeps its standing policies unless the test gives it orders), so two runs
 * that differ in one parameter or one order can be compared (A/B).
 *
 * The tests look at a state through object views (`actors(s).meridian`, `models(s).fable`,
 * `restShares(s)`): each company or model as one object, as the engine's objects.ts builds
 * it from the state's tables, so no test reads a table's columns.
 */
import {
  type ActorState,
  actorsOf,
  applyOverrides,
  checkInvariants,
  type EventKind,
  type EventOf,
  type GameEvent,
  type GameState,
  type HyperscalerState,
  type ModelState,
  modelsOf,
  parseOrders,
  type QuarterIndicators,
  runGame,
  type ScenarioInput,
  scenarioInput,
} from "../../shared/index.ts";

export interface SimOptions {
  scenario?: string;
  /** dotted-path overrides (as `--set`) */
  sets?: { path: string; value: unknown }[];
  /** edit the scenario input directly (for fields the scenario does not spell out) */
  mutate?: (input: ScenarioInput) => void;
  quarters?: number;
  seed?: number;
  injected?: { shock: string; quarter: number; params?: Record<string, number | string | boolean> }[];
  /** orders for a seat in a quarter (the state before the quarter); undefined or [] = standing policies */
  orders?: (seat: string, state: GameState) => unknown[] | undefined;
  /** let the bots play seats the test gives no orders (default: no bots) */
  bots?: boolean;
}

export interface Sim {
  state: GameState;
  history: QuarterIndicators[];
  /** per-quarter snapshots of the state after each quarter */
  states: GameState[];
  events: GameEvent[];
}

export function sim(o: SimOptions = {}): Sim {
  const input = JSON.parse(JSON.stringify(scenarioInput(o.scenario ?? "base"))) as ScenarioInput;
  input.randomShocks = [];
  // a controlled experiment: no demand surprises, construction slips or supply shortfalls either
  // (the card, `sim facts`, checks the facts with them, over many seeds)
  input.world.rules ??= {};
  const rules = input.world.rules as Record<string, Record<string, unknown>>;
  rules.tokens = { ...rules.tokens, demandSurpriseSigma: 0 };
  rules.dataCentres = { ...rules.dataCentres, buildExecutionSpread: 0 };
  rules.supply = { ...rules.supply, supplyExecutionSpread: 0 };
  o.mutate?.(input);
  const scenario = o.sets?.length ? applyOverrides(input, o.sets) : input;
  const states: GameState[] = [];
  const r = runGame({
    scenario,
    seed: o.seed ?? 1,
    quarters: o.quarters ?? 4,
    injected: o.injected ?? [],
    ordersFor: (seat, s) => {
      const raw = o.orders?.(seat, s);
      // a test's own orders must be well formed: a malformed one would be dropped silently
      if (raw) {
        const bad = parseOrders(raw).rejections;
        if (bad.length) throw new Error(`malformed test order for ${seat}: ${bad.map((x) => x.message).join("; ")}`);
      }
      return raw ?? (o.bots ? undefined : []);
    },
    onQuarter: (s) => {
      states.push(s);
      const bad = checkInvariants(s);
      if (bad.length) throw new Error(`invariants broken in quarter ${s.quarter}: ${bad.join("; ")}`);
    },
  });
  return { state: r.state, history: r.state.history, states, events: r.events };
}

/** Orders given only in one quarter (1-based) to one seat. */
export function at(quarter: number, seat: string, orders: unknown[]): (s: string, st: GameState) => unknown[] | undefined {
  return (s, st) => (s === seat && st.quarter + 1 === quarter ? orders : undefined);
}

/** Combines order functions: the first that returns orders for a seat wins; lists are concatenated. */
export function all(...fns: ((s: string, st: GameState) => unknown[] | undefined)[]): (s: string, st: GameState) => unknown[] | undefined {
  return (s, st) => {
    const out: unknown[] = [];
    for (const f of fns) out.push(...(f(s, st) ?? []));
    return out.length ? out : undefined;
  };
}

/** Views of one state, made once per state (a state the tests hold is never changed). */
const actorViews = new WeakMap<GameState, Record<string, ActorState>>();
const modelViews = new WeakMap<GameState, Record<string, ModelState>>();

/** Every company of a state as one object, by id. */
export function actors(s: GameState): Record<string, ActorState> {
  let v = actorViews.get(s);
  if (!v) {
    v = actorsOf(s);
    actorViews.set(s, v);
  }
  return v;
}

/** Every model of a state as one object, by id. */
export function models(s: GameState): Record<string, ModelState> {
  let v = modelViews.get(s);
  if (!v) {
    v = modelsOf(s);
    modelViews.set(s, v);
  }
  return v;
}

/** The rest of the economy's routing shares, by task class then model id (absent entries left out). */
export function restShares(s: GameState): Record<string, Record<string, number>> {
  const out: Record<string, Record<string, number>> = {};
  for (let k = 0; k < s.classes.n; k++) {
    const row = s.restShares[k];
    if (!row) continue;
    const shares: Record<string, number> = {};
    for (let m = 0; m < row.length; m++) if (!Number.isNaN(row[m]!)) shares[s.models.id[m]!] = row[m]!;
    out[s.classes.id[k]!] = shares;
  }
  return out;
}

/** The events of one kind. */
export function eventsOf<K extends EventKind>(events: readonly GameEvent[], kind: K): EventOf<K>[] {
  return events.filter((e): e is EventOf<K> => e.kind === kind);
}

/** A quarter's served API tokens and revenue of one model (MTok, $). */
export function modelAt(r: Sim, quarter: number, model: string): { mtok: number; revenue: number } {
  const m = models(r.states[quarter - 1]!)[model]!;
  return { mtok: m.servedMtok, revenue: m.revenue };
}

export function sum(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0);
}

/** A scenario input's actor, as a plain record a test may mutate. */
export type AnyRec = Record<string, unknown> & { id: string };
export function actor(i: ScenarioInput, id: string): AnyRec {
  return i.actors.find((a) => a.id === id) as unknown as AnyRec;
}

/** The hyperscalers of the built-in scenarios, and their installed GPU-hours a quarter. */
export const HS = ["stratus", "nimbus", "coreforge"];
export const capacity = (s: GameState): number => HS.reduce((t, id) => t + (actors(s)[id] as HyperscalerState).gpu.capacity, 0);
