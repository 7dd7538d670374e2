/** shared/sim/fork.ts in process: reseed leaves its input alone; forkFan's fans start at the logged game; --set from the fork's quarter. */
import { describe, expect, it } from "vitest";
import {
  advanceInPlace,
  allBotOrders,
  applyOverrides,
  catalogueFor,
  createGame,
  forkFan,
  forkStart,
  type GameState,
  hashState,
  injectShock,
  listParams,
  metricsOf,
  parseScenario,
  playContinuation,
  REDRAW_PATHS,
  reseed,
  runGame,
  type Scenario,
  START_ONLY_PATHS,
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
    expect(kept.seed).toBe(99);
    expect(kept.demandGrowth).toBe(state.demandGrowth);
    expect(reseed(state, scenario, 99, { redraw: true }).demandGrowth).toBe(fresh.demandGrowth);
    expect(JSON.stringify(state)).toBe(before);
  });

  it("a continuation from quarter 0 with redraw is the game of that seed, state and all", () => {
    const start = forkStart(log, 0);
    expect(hashState(reseed(start.state, start.scenario, 17, { redraw: true }))).toBe(hashState(createGame(scenario, 17)));
    const cont = playContinuation(start, 17, { redraw: true, quarters: 5 });
    const game = runGame({ scenario, seed: 17, quarters: 5 }).state;
    expect(metricsOf(cont)).toEqual(metricsOf(game));
    expect(hashState(cont)).toBe(hashState(game));
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

  it("overrides change the world from the fork's quarter: from 0 (a rule no start reads) it is the game played with them", () => {
    const set = [{ path: "world.rules.tokens.costDispersion", value: 0.3 }];
    const start = forkStart(log, 0, set);
    const cont = playContinuation(start, 17, { redraw: true, quarters: 5 });
    const game = runGame({ scenario, seed: 17, quarters: 5, overrides: set }).state;
    expect(hashState(cont)).toBe(hashState(game));
    expect(metricsOf(cont)).not.toEqual(metricsOf(playContinuation(forkStart(log, 0), 17, { redraw: true, quarters: 5 })));
    // from quarter 3: the logged quarters as they were, the world changed after them
    const later = forkStart(log, 3, set);
    expect(later.state.history).toEqual(state.history.slice(0, 3));
    expect(later.state.world.rules.tokens.costDispersion).toBe(0.3);
    expect(later.scenario.world.rules.tokens.costDispersion).toBe(0.3);
  });

  it("refuses what a fork cannot change: a start-only parameter, the demand cone without redraw, anything outside world", () => {
    expect(() => forkStart(log, 2, [{ path: "world.capital.rate", value: 0.05 }])).toThrow(/read only when a game is created/);
    expect(() => forkStart(log, 2, [{ path: "world.rules.start.dcBookShare", value: 0.5 }])).toThrow(/read only when a game is created/);
    expect(() => forkStart(log, 2, [{ path: "world.params.demandGrowthHigh", value: 0.1 }])).toThrow(/--redraw/);
    expect(
      forkStart(log, 2, [{ path: "world.params.demandGrowthHigh", value: 0.1 }], { redraw: true }).scenario.world.params.demandGrowthHigh,
    ).toBe(0.1);
    expect(() => forkStart(log, 2, [{ path: "quarters", value: 6 }])).toThrow(/only the world's parameters/);
  });
});

/**
 * START_ONLY_PATHS is what createGame reads and no quarter does. Checked both ways: the paths
 * the engine reads (a Proxy on the world, in every scenario with every catalogue shock
 * scheduled) leave none out, and changing a listed one at a fork changes nothing.
 */
describe("START_ONLY_PATHS", () => {
  const listed = (path: string) => START_ONLY_PATHS.some((p) => (p.endsWith(".") ? path.startsWith(p) : path === p));

  function recorder() {
    const reads = new Map<string, Set<string>>();
    let phase = "";
    const wrap = <T extends object>(o: T, prefix: string): T =>
      new Proxy(o, {
        get(t, k, r) {
          const v = Reflect.get(t, k, r);
          if (typeof k !== "string") return v;
          const path = `${prefix}.${k}`;
          // a whole-world copy or digest at createGame is not a use of each parameter
          if (!/stringify|cloneJson|cloneNode|worldDigest|hashValue|rulesChanged/.test(new Error().stack ?? "")) {
            const set = reads.get(path) ?? new Set<string>();
            set.add(phase);
            reads.set(path, set);
          }
          return v && typeof v === "object" ? wrap(v as object, path) : v;
        },
      });
    return { reads, wrap, setPhase: (p: string) => (phase = p) };
  }

  it("every parameter createGame reads and no quarter reads is listed", () => {
    const r = recorder();
    for (const id of ["classroom", "base"]) {
      const sc = parseScenario(scenarioInput(id));
      r.setPhase("create");
      let st: GameState = createGame({ ...sc, world: r.wrap(sc.world, "world") } as Scenario, 5);
      st.world = r.wrap(st.world, "world");
      r.setPhase("quarter");
      catalogueFor(sc).forEach((c, i) => {
        try {
          st = injectShock(st, c.id, {}, 2 + (i % (st.quarters - 2)));
        } catch {
          // a shock with no target in this scenario
        }
      });
      while (!st.finished) advanceInPlace(st, allBotOrders(st));
    }
    const startOnly = listParams()
      .map((p) => p.path)
      .filter((p) => r.reads.get(p)?.has("create") && !r.reads.get(p)?.has("quarter"));
    expect(startOnly.length).toBeGreaterThan(0);
    for (const p of startOnly) expect(listed(p), `${p} is read only by createGame: list it in START_ONLY_PATHS`).toBe(true);
    for (const p of REDRAW_PATHS) expect(r.reads.get(p)?.has("create"), p).toBe(true);
  });

  it("changing a listed parameter at a fork would change nothing", () => {
    const sc = parseScenario(scenarioInput("base"));
    const { log } = runGame({ scenario: sc, seed: 2, quarters: 6 });
    const start = forkStart(log, 3);
    const plain = metricsOf(playContinuation(start, 9, { quarters: 10 }));
    const paths = listParams()
      .filter((p) => listed(p.path) && p.domain.kind === "number" && p.plausible)
      .map((p) => ({ path: p.path, value: p.plausible![1] }));
    expect(paths.length).toBeGreaterThan(3);
    for (const o of paths) {
      const world = parseScenario(applyOverrides({ ...(log.scenarioInput as object), world: log.resolved.world }, [o])).world;
      const changed = { ...start, state: { ...start.state, world } };
      expect(metricsOf(playContinuation(changed, 9, { quarters: 10 })), o.path).toEqual(plain);
    }
  });
});
