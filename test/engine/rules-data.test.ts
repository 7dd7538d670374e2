/**
 * Rules as data (issue 20, item 5): every parameter of the model is declared once
 * (shared/scenario/params.ts) with its domain; a scenario with an unknown field or a value
 * outside a parameter's domain is refused with a one-line error naming the field; rules v1's
 * values are the defaults, so spelling them out changes nothing; and every target a shock
 * names is checked when a scenario loads (or a shock is injected), so a typo is an error
 * naming the field rather than a shock that silently hits nobody.
 */
import { describe, expect, it } from "vitest";
import {
  applyOverrides,
  checkFiredShocks,
  createGame,
  injectionReachIssues,
  injectShock,
  listParams,
  loadScenario,
  parseScenario,
  resolveTurn,
  runGame,
  SCENARIO_IDS,
  ScenarioError,
  SHOCK_CATALOGUE,
  scenarioInput,
} from "../../shared/index.ts";
import type { Domain } from "../../shared/scenario/params.ts";
import { shockTargetIssues, shockWorldOf } from "../../shared/scenario/shocks.ts";

type Input = Record<string, unknown> & { world: Record<string, Record<string, unknown>> };
const input = (id = "base") => JSON.parse(JSON.stringify(scenarioInput(id))) as Input;

/** The error parseScenario throws for an input (fails the test when it parses). */
function refusal(x: unknown): ScenarioError {
  try {
    parseScenario(x);
  } catch (e) {
    if (e instanceof ScenarioError) return e;
    throw e;
  }
  throw new Error("the scenario was accepted");
}

/** A scenario input with one parameter (a `world.…` path) set, adding `world.rules.<step>` as needed. */
function withParam(path: string, value: unknown, id = "base"): Input {
  const x = input(id);
  const parts = path.split(".");
  let node = x as Record<string, unknown>;
  for (const p of parts.slice(0, -1)) {
    node[p] ??= {};
    node = node[p] as Record<string, unknown>;
  }
  node[parts.at(-1)!] = value;
  return x;
}

/** Values outside a domain: past each end, not an integer, the wrong kind. */
function outside(d: Domain): unknown[] {
  switch (d.kind) {
    case "number": {
      const out: unknown[] = [d.minOpen ? d.min : d.min - Math.max(1, Math.abs(d.min)), d.max + Math.max(1, Math.abs(d.max)), "1", null];
      if (d.int) out.push(d.min + 0.5);
      return out;
    }
    case "numbers": {
      // one list too long, one with its first number out of range (named by its index), and
      // one in range that rises where the list must descend
      const out: unknown[] = [
        new Array(d.length + 1).fill(d.max),
        [d.max + Math.max(1, Math.abs(d.max)), ...new Array(d.length - 1).fill(d.max)],
        1,
      ];
      if (d.descending) out.push(Array.from({ length: d.length }, (_, i) => (d.max * (i + 1)) / d.length));
      return out;
    }
    case "enum":
      return ["not-a-value", 1];
    case "boolean":
      return ["yes", 1];
  }
}

const PARAMS = listParams();

describe("rules as data: the declared parameters", () => {
  it("lists every parameter with its unit, domain, source and meaning; every rule has rules v1's value as its default", () => {
    expect(PARAMS.length).toBeGreaterThan(150);
    expect(new Set(PARAMS.map((p) => p.path)).size).toBe(PARAMS.length);
    for (const p of PARAMS) {
      expect(p.path).toMatch(/^world\.\w+\.\w+(\.\w+)?$/);
      expect(p.unit, p.path).not.toBe("");
      expect(p.source, p.path).not.toBe("");
      expect(p.doc.length, p.path).toBeGreaterThan(5);
      if (p.path.startsWith("world.rules.")) expect(p.default, `${p.path} default`).not.toBeNull();
      if (p.plausible && p.domain.kind === "number") {
        // what sensitivity analysis varies lies within what the model accepts
        expect(p.plausible[0], p.path).toBeGreaterThanOrEqual(p.domain.min);
        expect(p.plausible[1], p.path).toBeLessThanOrEqual(p.domain.max);
        expect(p.plausible[0], p.path).toBeLessThanOrEqual(p.plausible[1]);
      }
    }
  });

  it("a scenario spelling out every rule it does not set at its default plays the same game, hash for hash", () => {
    const explicit = input("classroom");
    const own = (explicit.world.rules ?? {}) as Record<string, Record<string, unknown>>;
    const rules: Record<string, Record<string, unknown>> = {};
    for (const p of PARAMS.filter((x) => x.path.startsWith("world.rules."))) {
      const [, , step, name] = p.path.split(".");
      rules[step!] = { ...rules[step!], [name!]: own[step!]?.[name!] ?? p.default };
    }
    explicit.world.rules = rules;
    const hashes = (x: unknown) => runGame({ scenario: x, seed: 4, quarters: 4 }).log.quarters.map((q) => q.hash);
    expect(hashes(explicit)).toEqual(hashes(input("classroom")));
  });

  it("a rule set to another value in its domain changes the game", () => {
    const x = withParam("world.rules.orders.contractLeadQuarters", 4, "classroom");
    expect(parseScenario(x).world.rules.orders.contractLeadQuarters).toBe(4);
    const hashes = (s: unknown) => runGame({ scenario: s, seed: 4, quarters: 6 }).log.quarters.map((q) => q.hash);
    expect(hashes(x)).not.toEqual(hashes(input("classroom")));
  });
});

describe("rules as data: a bad scenario is a one-line error naming the field", () => {
  it("an unknown field, anywhere in the scenario, its world or its rules", () => {
    const cases: [Input, string][] = [
      [{ ...input(), bogus: 1 }, '(root): unknown field "bogus"'],
      [withParam("world.params.switchingStickyness", 0.5), 'world.params: unknown field "switchingStickyness"'],
      [withParam("world.foundry.capacityWafer", 1), 'world.foundry: unknown field "capacityWafer"'],
      [withParam("world.rules.ordres", {}), 'world.rules: unknown field "ordres"'],
      [withParam("world.rules.orders.contractLeedQuarters", 3), 'world.rules.orders: unknown field "contractLeedQuarters"'],
    ];
    for (const [x, named] of cases) {
      const e = refusal(x);
      expect(e.message, named).toContain(named);
      expect(e.message.split("\n"), named).toHaveLength(1);
    }
  });

  it("every parameter, set outside its domain, is refused naming its path (walked from the declaration)", () => {
    let checked = 0;
    for (const p of PARAMS) {
      for (const bad of outside(p.domain)) {
        const e = refusal(withParam(p.path, bad));
        expect(e.message, `${p.path} = ${JSON.stringify(bad)}`).toMatch(new RegExp(`${p.path.replace(/\./g, "\\.")}(\\.0)?: `));
        expect(e.message.split("\n"), `${p.path} = ${JSON.stringify(bad)}: one line`).toHaveLength(1);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(3 * PARAMS.length);
  });

  it("--set reaches every world parameter a scenario file spells out, and refuses one outside its domain", () => {
    for (const id of SCENARIO_IDS) {
      for (const p of PARAMS.filter((x) => !x.path.startsWith("world.rules."))) {
        // set to the value the file has: the same scenario
        const value = p.path.split(".").reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], scenarioInput(id));
        expect(value, `${id}: ${p.path} in the file`).toBeDefined();
        expect(parseScenario(applyOverrides(scenarioInput(id), [{ path: p.path, value }])), `${id}: ${p.path}`).toEqual(loadScenario(id));
      }
    }
    expect(() => parseScenario(applyOverrides(scenarioInput("base"), [{ path: "world.params.catchUp", value: -5 }]))).toThrow(
      /^invalid scenario "base": world\.params\.catchUp: [^\n]*$/,
    );
  });

  it("--set reaches every rule (world.rules.<step>.<name>), though scenario files leave the rules out", () => {
    for (const p of PARAMS.filter((x) => x.path.startsWith("world.rules."))) {
      // a value other than the default where the declaration gives a plausible range
      const value = p.plausible && p.plausible[1] !== p.default ? p.plausible[1] : p.default;
      const set = applyOverrides(scenarioInput("base"), [{ path: p.path, value }]);
      const [, , step, name] = p.path.split(".");
      const rules = parseScenario(set).world.rules as unknown as Record<string, Record<string, unknown>>;
      expect(rules[step!]![name!], p.path).toEqual(value);
    }
  });
});

describe("rules as data: shock targets are checked when a scenario loads", () => {
  it("a scheduled capability-spike whose target is a typo ('leadr') is an error naming the field", () => {
    const x = input();
    x.schedule = [{ shock: "capability-spike", quarter: 2, params: { "effects.0.target": "leadr" } }];
    const e = refusal(x);
    expect(e.message).toMatch(/schedule\.0 \(capability-spike\)\.effects\.0\.target: unknown target "leadr"/);
    expect(e.message.split("\n")).toHaveLength(1);
    // the same shock with a real target loads
    x.schedule = [{ shock: "capability-spike", quarter: 2, params: { "effects.0.target": "helix" } }];
    expect(() => parseScenario(x)).not.toThrow();
  });

  it("a scenario's own shock naming an unknown company, a company of the wrong role, an unknown model or task class is an error naming the field", () => {
    const spike = SHOCK_CATALOGUE.find((s) => s.id === "capability-spike")!;
    const cut = SHOCK_CATALOGUE.find((s) => s.id === "capex-cut")!;
    const ban = SHOCK_CATALOGUE.find((s) => s.id === "model-ban")!;
    const withOwn = (shock: unknown) => ({ ...input(), shocks: [shock] });
    const own = (spec: typeof spike, effect: Record<string, unknown>) => ({
      ...spec,
      id: "own-shock",
      effects: [{ ...spec.effects[0]!, ...effect }],
    });
    expect(refusal(withOwn(own(spike, { target: "nobody" }))).message).toMatch(
      /shocks\.own-shock\.effects\.0\.target: unknown target "nobody"/,
    );
    expect(refusal(withOwn(own(cut, { target: "meridian" }))).message).toMatch(
      /shocks\.own-shock\.effects\.0\.target: "meridian" is a lab; this effect needs a hyperscaler/,
    );
    expect(refusal(withOwn(own(ban, { model: "gpt-9" }))).message).toMatch(/shocks\.own-shock\.effects\.0\.model: unknown model "gpt-9"/);
    expect(refusal(withOwn(own(ban, { model: "frontier-of:meridain" }))).message).toMatch(
      /shocks\.own-shock\.effects\.0\.model: unknown target "meridain"/,
    );
    const surge = SHOCK_CATALOGUE.find((s) => s.effects.some((e) => e.kind === "demand"))!;
    const j = surge.effects.findIndex((e) => e.kind === "demand");
    const bad = { ...surge, id: "own-surge", effects: surge.effects.map((e, k) => (k === j ? { ...e, taskClass: "codeing" } : e)) };
    expect(refusal(withOwn(bad)).message).toMatch(
      new RegExp(`shocks\\.own-surge\\.effects\\.${j}\\.taskClass: unknown task class "codeing"`),
    );
  });

  it("a shock injected into a game with a bad target is refused naming it; with a good one it is scheduled", () => {
    const state = createGame(loadScenario("base"), 1);
    expect(() => injectShock(state, "capability-spike", { "effects.0.target": "leadr" }, 2)).toThrow(ScenarioError);
    expect(() => injectShock(state, "capability-spike", { "effects.0.target": "leadr" }, 2)).toThrow(
      /effects\.0\.target: unknown target "leadr"/,
    );
    expect(injectShock(state, "capability-spike", { "effects.0.target": "helix" }, 2).schedule).toHaveLength(state.schedule.length + 1);
  });

  it("a shock a new game would fire is refused when its target names nobody; a game played before still loads", () => {
    const closed = applyOverrides(scenarioInput("base"), [
      { path: "actors.tessera.models.tessera-v4.openWeights", value: false },
      { path: "actors.tessera.models.tessera-lite.openWeights", value: false },
    ]);
    // parsing (a log's scenario, replayed as it was played) accepts it
    const sc = parseScenario(closed);
    expect(() => checkFiredShocks(sc)).toThrow(ScenarioError);
    try {
      checkFiredShocks(sc);
    } catch (e) {
      expect((e as ScenarioError).issues).toEqual([
        `randomShocks.${sc.randomShocks.indexOf("efficiency-shock")} (efficiency-shock).effects.0.target: "open-labs" names no company here (it needs a lab with an open-weights model in business)`,
      ]);
    }
    // every shipped scenario fires only shocks that reach somebody
    for (const id of SCENARIO_IDS) expect(() => checkFiredShocks(loadScenario(id)), id).not.toThrow();
  });

  it("classroom's efficiency shock reaches its two closed labs; an open-labs injection there is refused before it is made", () => {
    const state = createGame(loadScenario("classroom"), 1);
    expect(injectionReachIssues(state, "efficiency-shock", { "effects.0.target": "open-labs" })).toEqual([
      'efficiency-shock.effects.0.target: "open-labs" names no company here (it needs a lab with an open-weights model in business)',
    ]);
    expect(injectionReachIssues(state, "efficiency-shock", {})).toEqual([]);
    const r = resolveTurn(injectShock(state, "efficiency-shock", {}, 1), {});
    const fired = r.events.find((e) => e.kind === "shock/fired" && e.shock === "efficiency-shock");
    expect(fired?.kind === "shock/fired" && fired.targets.map((t) => t.id).sort()).toEqual(["helix", "meridian"]);
  });

  it("every catalogue shock names only targets every shipped scenario has", () => {
    for (const id of SCENARIO_IDS) {
      const world = shockWorldOf(loadScenario(id));
      for (const spec of SHOCK_CATALOGUE) {
        // a shock may name a role the scenario lacks only through a symbolic target (it then hits nobody by design)
        const issues = shockTargetIssues(spec, world, spec.id);
        expect(issues, `${id}: ${spec.id}`).toEqual([]);
      }
    }
  });
});
