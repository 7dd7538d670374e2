/**
 * One bot game reduced to its metrics: what a batch worker (or the main thread, with one
 * worker) computes per run. The values are packed into one Float64Array, metric-major:
 * values[m * quarters + q] is metric ids[m] in quarter q + 1 (NaN when the engine had none).
 */
import { advanceInPlace, allBotOrders, createGame, type GameState, injectShock, metricsOf, type Scenario } from "../../shared/index.ts";
import type { Injection } from "./common.ts";

export interface RunSpec {
  scenario: Scenario;
  injected: Injection[];
  quarters: number;
}

export interface RunMetrics {
  run: number;
  seed: number;
  ids: string[];
  quarters: number;
  values: Float64Array;
  /** first run only: quarter labels and seats */
  labels?: string[];
  actors?: { id: string; role: string; name: string }[];
}

/**
 * Plays one bot game the way runGame does (same seats, views, orders and injections), but
 * advances the state in place and never reads the state hash: a batch keeps no log, so it
 * skips the per-quarter copy and hash. test/cli/batch-core.test.ts checks that the metrics
 * equal runGame's.
 */
export function playGame(spec: RunSpec, seed: number): GameState {
  let state = createGame(spec.scenario, seed);
  for (const s of spec.injected) state = injectShock(state, s.shock, s.params ?? {}, s.quarter);
  const n = Math.min(spec.quarters, state.quarters);
  while (state.quarter < n) advanceInPlace(state, allBotOrders(state));
  return state;
}

export function playRun(spec: RunSpec, run: number, seed: number, withMeta: boolean): RunMetrics {
  const state = playGame(spec, seed);
  const metrics = metricsOf(state);
  const ids = Object.keys(metrics);
  const quarters = state.history.length;
  const values = new Float64Array(ids.length * quarters).fill(Number.NaN);
  ids.forEach((id, m) => {
    const series = metrics[id] ?? [];
    for (let q = 0; q < quarters; q++) {
      const v = series[q];
      if (typeof v === "number" && Number.isFinite(v)) values[m * quarters + q] = v;
    }
  });
  const result: RunMetrics = { run, seed, ids, quarters, values };
  if (withMeta) {
    result.labels = state.history.map((h) => h.label);
    result.actors = state.companies.id.map((id, i) => ({ id, role: state.companies.role[i]!, name: state.companies.name[i]! }));
  }
  return result;
}
