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
 *
 * Overrides (`--set`) change the world from the fork's quarter on: the first k quarters replay
 * as logged (every hash checked), then the state's world (its rules and parameters) is the
 * changed one. What the engine reads only when it creates a game (START_ONLY_PATHS: the state
 * carries its own value after that) cannot change at a fork, nor can anything outside `world`.
 */
import { quantileOfSorted, sortedFinite } from "../analysis/stats.ts";
import { createGame, quarterLabel, startingDraws, worldDigest } from "../engine/create-game.ts";
import { advanceInPlace, injectShock, resolveTurn } from "../engine/resolve-turn.ts";
import type { GameState } from "../engine/state.ts";
import { copyState } from "../engine/state-io.ts";
import { RULES_VERSION, rulesLabel } from "../engine/version.ts";
import type { OrdersBySeat } from "../orders/index.ts";
import { applyOverrides, parseScenario } from "../scenario/load.ts";
import type { Scenario } from "../scenario/schema.ts";
import { metricsOf } from "./metrics.ts";
import { allBotOrders, type GameLog, type InjectedShock, scenarioOfLog } from "./run-game.ts";

/**
 * The world's parameters the engine reads only when it creates a game: each sets a field of the
 * state (capacity, prices, the rate, the installed base…) that evolves on its own afterwards, so
 * changing one at a fork would change nothing. A path ending in `.` covers its group.
 * test/cli/fork-core.test.ts checks this list against what createGame and a quarter read.
 */
export const START_ONLY_PATHS: readonly string[] = [
  "world.foundry.capacityWafers",
  "world.foundry.pricePerWafer",
  "world.foundry.discipline",
  "world.memory.capacityStacks",
  "world.capital.rate",
  "world.rules.start.",
];

/** The demand growth cone: drawn from when a game is created, so at a fork only with `redraw` (each continuation draws from it). */
export const REDRAW_PATHS: readonly string[] = ["world.params.demandGrowthLow", "world.params.demandGrowthHigh"];

export interface ReseedOptions {
  /** also take the new seed's draw of the demand growth (the game's own draws are kept otherwise) */
  redraw?: boolean;
}

/**
 * Gives `state` (modified in place: pass a copy you own) the random streams of run `seed`:
 * `state.rng` becomes the generator state `createGame(scenario, seed)` leaves and `state.seed`
 * the seed, and with `redraw` `state.demandGrowth` becomes that game's draw.
 */
export function reseedInPlace(state: GameState, scenario: Scenario, seed: number, opts: ReseedOptions = {}): GameState {
  const fresh = startingDraws(scenario.world.params, seed);
  state.seed = seed;
  state.rng = fresh.rng;
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
  /** the scenario the continuations play: the log's, its world changed by the overrides */
  scenario: Scenario;
  /** the state after quarter `from` (its world the changed one) */
  state: GameState;
  from: number;
  /** the seats' ids, sorted */
  seats: string[];
}

function valueAt(root: unknown, path: string): unknown {
  let node = root;
  for (const k of path.split(".")) {
    if (node === null || typeof node !== "object") return undefined;
    node = (node as Record<string, unknown>)[k];
  }
  return node;
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** The scenario JSON a fork plays: the log's, with the world the game resolved, changed by `overrides`. */
export function forkScenarioInput(log: GameLog, overrides: readonly { path: string; value: unknown }[] = []): unknown {
  const input = { ...(log.scenarioInput as Record<string, unknown>), world: log.resolved.world };
  return overrides.length ? applyOverrides(input, overrides) : input;
}

/**
 * The log's scenario with its world changed by `overrides`, checked: every override under
 * `world`, none changing what only a game's start reads (nor the demand growth cone without
 * `redraw`). Throws ForkError (or ScenarioError for a value the scenario refuses).
 */
export function forkScenario(
  log: GameLog,
  from: number,
  overrides: readonly { path: string; value: unknown }[],
  opts: ReseedOptions = {},
): Scenario {
  const played = scenarioOfLog(log);
  if (!overrides.length) return played;
  for (const o of overrides) {
    if (o.path !== "world" && !o.path.startsWith("world."))
      throw new ForkError(
        `--set ${o.path}: a fork changes only the world's parameters (world.…, see \`sim list --params\`); the rest of a scenario sets up a game at its start: use sim batch --set`,
      );
  }
  const scenario = parseScenario(forkScenarioInput(log, overrides));
  for (const p of START_ONLY_PATHS) {
    const path = p.endsWith(".") ? p.slice(0, -1) : p;
    if (!same(valueAt(played, path), valueAt(scenario, path)))
      throw new ForkError(
        `--set ${path}${p.endsWith(".") ? ".…" : ""}: read only when a game is created (the state after quarter ${from} carries its own value), so it cannot change at a fork: use sim batch --set`,
      );
  }
  if (!opts.redraw) {
    for (const p of REDRAW_PATHS)
      if (!same(valueAt(played, p), valueAt(scenario, p)))
        throw new ForkError(
          `--set ${p}: the demand growth is drawn when a game is created: add --redraw to draw each continuation's from the changed cone`,
        );
  }
  return scenario;
}

/**
 * The state after quarter `from` of a logged game: its first `from` quarters replayed with the
 * recorded orders (and the shocks injected by then), every quarter's hash checked against the
 * log; then the world changed by `overrides` (forkScenario), from the fork's quarter on.
 */
export function forkStart(
  log: GameLog,
  from: number,
  overrides: readonly { path: string; value: unknown }[] = [],
  opts: ReseedOptions = {},
): ForkStart {
  if (log.rules !== RULES_VERSION)
    throw new ForkError(
      `the log was played under ${rulesLabel(log.rules)} and this build plays ${rulesLabel(RULES_VERSION)}: fork it with the build that recorded it`,
    );
  const played = log.quarters.length;
  if (!Number.isInteger(from) || from < 0 || from > played)
    throw new ForkError(`--from ${from}: outside the game (the log has quarters 0..${played}; 0 is the start)`);
  let state = createGame(scenarioOfLog(log), log.seed);
  if (from >= state.quarters)
    throw new ForkError(`--from ${from}: the game is over after quarter ${state.quarters}; fork from an earlier quarter`);
  const scenario = forkScenario(log, from, overrides, opts);
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
    if (r.hash !== rec.hash)
      throw new ForkError(`the log does not replay: quarter ${rec.quarter} gives hash ${r.hash}, the log says ${rec.hash}`);
    state = r.state;
  }
  injectDue();
  if (overrides.length) {
    state = copyState(state);
    state.world = scenario.world;
    state.worldDigest = worldDigest(scenario.world);
  }
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
  const start = forkStart(log, opts.from, opts.overrides, opts);
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
