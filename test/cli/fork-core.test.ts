/** shared/sim/fork.ts in process: reseed leaves its input alone; forkFan's fans start at the logged game. */
import { describe, expect, it } from "vitest";
import {
  createGame,
  forkFan,
  forkStart,
  metricsOf,
  parseScenario,
  playContinuation,
  reseed,
  runGame,
  scenarioInput,
} from "../../shared/index.ts";

describe("fork (shared/sim/fork.ts)", () => {
  const scenario = parseScenario(scenarioInput("classroom"));
  const { log, state } = runGame({ scenario, seed: 3, quarters: 5 });

  it("reseed gives the generator createGame leaves, the demand draw only with redraw, and copies", () => {
    const fresh = createGame(scenario, 99);
    const before = JSON.stringify(state);
    const kept = reseed(state, scenario, 99);
    expect(kept.rng).toEqual(fresh.rng);
    expect(kept.demandGrowth).toBe(state.demandGrowth);
    expect(reseed(state, scenario, 99, { redraw: true }).demandGrowth).toBe(fresh.demandGrowth);
    expect(JSON.stringify(state)).toBe(before);
  });

  it("a continuation from quarter 0 with redraw is the game of that seed", () => {
    const start = forkStart(log, 0);
    const cont = playContinuation(start, 17, { redraw: true, quarters: 5 });
    const game = runGame({ scenario, seed: 17, quarters: 5 }).state;
    expect(metricsOf(cont)).toEqual(metricsOf(game));
  });

  it("forkFan: n continuations as per-quarter bands, the first k quarters the logged game's", () => {
    const fan = forkFan(log, { from: 2, runs: 6, seed: 1, metrics: ["totalTokens", "gpuHourPrice"] });
    expect(fan.quarters).toHaveLength(scenario.quarters);
    expect(Object.keys(fan.metrics)).toEqual(["totalTokens", "gpuHourPrice"]);
    const logged = metricsOf(state).totalTokens!;
    const t = fan.metrics.totalTokens!;
    for (let q = 0; q < 2; q++) {
      expect(t.p10[q]).toBe(logged[q]);
      expect(t.p90[q]).toBe(logged[q]);
    }
    for (let q = 0; q < fan.quarters.length; q++) {
      expect(t.p10[q]!).toBeLessThanOrEqual(t.p50[q]!);
      expect(t.p50[q]!).toBeLessThanOrEqual(t.p90[q]!);
    }
    expect(() => forkFan(log, { from: 7, runs: 2 })).toThrow(/outside the game/);
  });
});
