/**
 * Forks of a saved game: n seeded continuations of a game log from the state after quarter k,
 * with bots or standing orders (empty order lists: every seat keeps its policies) in every
 * seat. Pure inputs and outputs (a log and options in, states or per-quarter fans out), so a
 * fork can run on worker threads, on the server off a room's thread, or in the browser.
 *
 * Continuation i plays seed (seed + i − 1) mod 2^32, as run i of a batch does: `reseed` gives
 * the state the random generator that `createGame(scenario, seed)` leaves, and, with `redraw`,
 * that game's draw of the demand growth too (otherwise the game's draws so far are kept). So a
 * fork from quarter 0 with `redraw` plays exactly the batch of the same seeds.
 */
import { quantileOfSorted, sortedFinite } from "../analysis/stats.ts";
import { createGame, quarterLabel } from "../engine/create-game.ts";
import { advanceInPlace, injectShock, resolveTurn } from "../engine/resolve-turn.ts";
import type { GameState } from "../engine/state.ts";
import { copyState } from "../engine/state-io.ts";
import { RULES_VERSION } from "../engine/version.ts";
import type { OrdersBySeat } from "../orders/index.ts";
import { applyOverrides, parseScenario } from "../scenario/load.ts";
import type { Scenario } from "../scenario/schema.ts";
import { metricsOf } from "./metrics.ts";
import { allBotOrders, type GameLog, type InjectedShock } from "./run-game.ts";

export interface ReseedOptions {
  /** also take the new seed's draw of the demand growth (the game's own draws are kept otherwise) */
  redraw?: boolean;
}

/**
 * Gives `state` (modified in place: pass a copy you own) the random streams of run `seed`:
 * `state.rng` becomes the generator state `createGame(scenario, seed)` leaves, and with
 * `redraw` `state.demandGrowth` becomes that game's draw.
 */
export function reseedInPlace(state: GameState, scenario: Scenario, seed: number, opts: ReseedOptions = {}): GameState {
  const fresh = createGame(scenario, seed);
  state.rng = fresh.rng.slice();
  if (opts.redraw) state.demandGrowth = fresh.demandGrowth;
  return state;
}

/** A reseeded copy of `state` (the input is not modified). */
export function reseed(state: Readonly<GameState>, scenario: Scenario, seed: number, opts: ReseedOptions = {}): GameState {
  return reseedInPlace(copyState(state), scenario, seed, opts);
}

export class ForkError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ForkError";
  }
}

export interface ForkStart {
  scenario: Scenario;
  /** the state after quarter `from` */
  state: GameState;
  from: number;
  /** the seats' ids, sorted */
  seats: string[];
}

/**
 * The state after quarter `from` of a logged game: its first `from` quarters replayed with the
 * recorded orders (and the shocks injected by then). Without overrides every quarter's hash is
 * checked against the log; with overrides (`--set`) the scenario is changed from the game's start
 * and the recorded orders replayed under it, so the hashes are not checked.
 */
export function forkStart(log: GameLog, from: number, overrides: readonly { path: string; value: unknown }[] = []): ForkStart {
  if (typeof log.rules === "number" && log.rules !== RULES_VERSION)
    throw new ForkError(
      `the log was recorded under rules v${log.rules} and this build plays rules v${RULES_VERSION}: fork it with the version that recorded it`,
    );
  const played = log.quarters.length;
  if (!Number.isInteger(from) || from < 0 || from > played)
    throw new ForkError(`--from ${from}: outside the game (the log has quarters 0..${played}; 0 is the start)`);
  // the scenario as played: the world the game resolved (format 2 logs)
  const asPlayed = { ...(log.scenarioInput as Record<string, unknown>), world: log.resolved.world };
  const scenario = parseScenario(overrides.length ? applyOverrides(asPlayed, overrides) : asPlayed);
  let state = createGame(scenario, log.seed);
  if (from >= state.quarters)
    throw new ForkError(`--from ${from}: the game is over after quarter ${state.quarters}; fork from an earlier quarter`);
  const pending: InjectedShock[] = [...(log.injected ?? [])];
  const injectDue = (): void => {
    for (let i = 0; i < pending.length; ) {
      const s = pending[i] as InjectedShock;
      if ((s.after ?? 0) <= state.quarter) {
        state = injectShock(state, s.shock, s.params ?? {}, s.quarter);
        pending.splice(i, 1);
      } else i++;
    }
  };
  for (const rec of log.quarters.slice(0, from)) {
    injectDue();
    const r = resolveTurn(state, rec.ordersBySeat);
    if (!overrides.length && r.hash !== rec.hash)
      throw new ForkError(`the log does not replay: quarter ${rec.quarter} gives hash ${r.hash}, the log says ${rec.hash}`);
    state = r.state;
  }
  injectDue();
  return { scenario, state, from, seats: log.seats.map((s) => s.id).sort() };
}

export interface ContinuationOptions extends ReseedOptions {
  /** bots decide every seat's orders (default), or every seat keeps its standing orders */
  orders?: "bots" | "standing";
  /** shocks to inject (each firing after the fork's quarter) */
  injected?: readonly InjectedShock[];
  /** stop after this quarter (default: the game's length) */
  quarters?: number;
}

/** One continuation: a copy of the start, reseeded to `seed`, played to the end. */
export function playContinuation(start: ForkStart, seed: number, opts: ContinuationOptions = {}): GameState {
  let state = reseed(start.state, start.scenario, seed, opts);
  for (const s of opts.injected ?? []) state = injectShock(state, s.shock, s.params ?? {}, s.quarter);
  const n = Math.min(opts.quarters ?? state.quarters, state.quarters);
  const standing: OrdersBySeat = {};
  for (const id of start.seats) standing[id] = [];
  while (state.quarter < n) advanceInPlace(state, opts.orders === "standing" ? standing : allBotOrders(state));
  return state;
}

export interface ForkFanOptions extends ContinuationOptions {
  from: number;
  runs: number;
  /** seed of continuation 1 (default 1) */
  seed?: number;
  overrides?: readonly { path: string; value: unknown }[];
  /** metric ids to fan (default: all) */
  metrics?: readonly string[];
}

export interface Fan {
  quarters: string[];
  runs: number;
  metrics: Record<string, { p10: (number | null)[]; p50: (number | null)[]; p90: (number | null)[] }>;
}

/** n continuations reduced to p10 / p50 / p90 per quarter of each metric: what a fan chart draws. */
export function forkFan(log: GameLog, opts: ForkFanOptions): Fan {
  const start = forkStart(log, opts.from, opts.overrides);
  const series: Record<string, (number | null)[][]> = {};
  let quarters = 0;
  for (let i = 1; i <= opts.runs; i++) {
    const state = playContinuation(start, ((opts.seed ?? 1) + i - 1) % 0x100000000, opts);
    const m = metricsOf(state);
    quarters = Math.max(quarters, state.quarter);
    for (const id of opts.metrics ?? Object.keys(m)) {
      if (!m[id]) continue;
      const list = series[id] ?? [];
      list.push(m[id]);
      series[id] = list;
    }
  }
  const metrics: Fan["metrics"] = {};
  for (const [id, runs] of Object.entries(series)) {
    const band = { p10: [] as (number | null)[], p50: [] as (number | null)[], p90: [] as (number | null)[] };
    for (let q = 0; q < quarters; q++) {
      const sorted = sortedFinite(runs.map((r) => (typeof r[q] === "number" ? (r[q] as number) : Number.NaN)));
      band.p10.push(quantileOfSorted(sorted, 0.1));
      band.p50.push(quantileOfSorted(sorted, 0.5));
      band.p90.push(quantileOfSorted(sorted, 0.9));
    }
    metrics[id] = band;
  }
  return { quarters: Array.from({ length: quarters }, (_, q) => quarterLabel(start.scenario.start, q + 1)), runs: opts.runs, metrics };
}
