/**
 * Scenarios: every built-in file parses, cites its sources and plays; a typo names the field;
 * the shock catalogue covers DESIGN.md §2; every disputed pair of seed-facts.md is a parameter.
 */
import { describe, expect, it } from "vitest";
import { balanceCents } from "../../shared/engine/ledger.ts";
import {
  applyOverrides,
  checkInvariants,
  createGame,
  loadScenario,
  MAX_QUARTERS,
  parseScenario,
  runGame,
  SCENARIO_IDS,
  ScenarioError,
  SHOCK_CATALOGUE,
  scenarioInput,
} from "../../shared/index.ts";

describe("Scenarios", () => {
  it("ships the seven scenarios the design asks for", () => {
    expect([...SCENARIO_IDS].sort()).toEqual(["base", "bubble", "capex-winter", "classroom", "jevons-boom", "model-ban", "wafer-crunch"]);
  });

  for (const id of SCENARIO_IDS) {
    it(`${id}: parses, cites seed facts and plays to the end with every invariant holding`, () => {
      const sc = loadScenario(id);
      expect(sc.sources.some((s) => /seed-facts/.test(s))).toBe(true);
      const { state } = runGame({ scenario: sc, seed: 11 });
      expect(state.finished).toBe(true);
      expect(checkInvariants(state)).toEqual([]);
    });
  }

  it("classroom is short and has fewer seats", () => {
    const c = loadScenario("classroom");
    expect(c.quarters).toBe(8);
    expect(c.actors.length).toBeLessThan(loadScenario("base").actors.length);
  });

  it(`every scenario plays the longest game (${MAX_QUARTERS} quarters) with every invariant holding and the books exact, with room to spare`, () => {
    for (const id of SCENARIO_IDS) {
      for (const seed of [1, 2, 3]) {
        let largest = 0;
        runGame({
          scenario: applyOverrides(scenarioInput(id), [{ path: "quarters", value: MAX_QUARTERS }]),
          seed,
          onQuarter: (s) => {
            const bad = checkInvariants(s);
            if (bad.length) throw new Error(`${id} seed ${seed}, quarter ${s.quarter}: ${bad.join("; ")}`);
            for (let k = 0; k < s.accounts.n; k++) largest = Math.max(largest, Math.abs(balanceCents(s, k)));
            // every balance is still one exact number of cents (the high part is never used)
            for (const hi of s.ledger.high) if (hi !== 0) throw new Error(`${id} seed ${seed}: a balance past 2^52 cents`);
          },
        });
        // integer cents are exact up to 2^53 (about $90T); the largest balance stays well inside
        expect(largest, `${id} seed ${seed}`).toBeLessThan(Number.MAX_SAFE_INTEGER / 4);
      }
    }
    expect(() => parseScenario(applyOverrides(scenarioInput("base"), [{ path: "quarters", value: MAX_QUARTERS + 1 }]))).toThrow(
      new RegExp(`quarters: a game lasts at most ${MAX_QUARTERS} quarters`),
    );
  });

  it("opening books that the first quarter bears out: no company's value leaps or drops in quarter 1 for a gap in the scenario", () => {
    const median = (v: number[]) => [...v].sort((a, b) => a - b)[v.length >> 1]!;
    const seeds = [1, 2, 3, 4, 5, 6, 7, 8];
    for (const id of SCENARIO_IDS) {
      const revenue: Record<string, number[]> = {};
      const value: Record<string, number[]> = {};
      const roles: Record<string, string> = {};
      const scenario = loadScenario(id);
      for (const seed of seeds) {
        const opening = createGame(scenario, seed).companies.books;
        const C = runGame({ scenario, seed, quarters: 1 }).state.companies;
        for (let i = 0; i < C.n; i++) {
          const company = C.id[i]!;
          if (!roles[company]) {
            roles[company] = C.role[i]!;
            revenue[company] = [];
            value[company] = [];
          }
          revenue[company]!.push(C.books.revenue[i]! / opening.revenue[i]!);
          value[company]!.push(C.books.valuation[i]! / opening.valuation[i]!);
        }
      }
      for (const [company, role] of Object.entries(roles)) {
        const r = median(revenue[company]!);
        const v = median(value[company]!);
        // a lab's opening revenue is near the seeds' run-rate (§4.4) and its first quarter is what
        // demand and its compute make of it, so it is only held within half of it. Everyone
        // else's is the first quarter less its trend (the merchant chipmaker's ~10% a quarter),
        // and its value follows its revenue.
        const [lo, hi] = role === "lab" ? [0.5, 1.5] : [0.95, 1.15];
        expect(r, `${id} ${company}: first-quarter revenue over the opening figure (median of seeds 1-8)`).toBeGreaterThan(lo);
        expect(r, `${id} ${company}: first-quarter revenue over the opening figure (median of seeds 1-8)`).toBeLessThan(hi);
        const [vlo, vhi] = role === "lab" ? [0.5, 1.5] : [0.9, 1.15];
        expect(v, `${id} ${company}: first-quarter valuation over the opening one (median of seeds 1-8)`).toBeGreaterThan(vlo);
        expect(v, `${id} ${company}: first-quarter valuation over the opening one (median of seeds 1-8)`).toBeLessThan(vhi);
      }
    }
  });

  it("a mid-stream start installs the chips booked for the first quarter on arrival, whatever the quarter's construction pace", () => {
    // each build the start adds for them has half a quarter left, so a slow quarter (execution
    // below 1, about half of all draws) does not leave them waiting for power
    for (const id of SCENARIO_IDS) {
      for (let seed = 1; seed <= 12; seed++) {
        const s = runGame({ scenario: loadScenario(id), seed, quarters: 1 }).state;
        let waiting = 0;
        for (let w = 0; w < s.lots.n; w++) waiting += s.lots.units[w]!;
        expect(waiting, `${id} seed ${seed}: accelerators waiting for power after the first quarter`).toBe(0);
      }
    }
  });

  it("the opening valuation prices the operating margin the scenario gives (books.operatingMargin)", () => {
    const valuation = (margin: number) => {
      const sets = [{ path: "actors.vector.books.operatingMargin", value: margin }];
      const s = createGame(parseScenario(applyOverrides(scenarioInput("base"), sets)), 1);
      return s.companies.books.valuation[s.companies.id.indexOf("vector")]!;
    };
    expect(valuation(0.6)).toBeGreaterThan(valuation(0.2));
    expect(valuation(0.2)).toBeGreaterThan(valuation(-1));
    expect(() => parseScenario(applyOverrides(scenarioInput("base"), [{ path: "actors.vector.books.operatingMargin", value: 2 }]))).toThrow(
      /actors\.\d+\.books\.operatingMargin|operatingMargin/,
    );
  });

  it("a typo in a field name is an error that names the field", () => {
    const input = scenarioInput("base") as { world: { params: Record<string, unknown> } };
    input.world.params.switchingStickyness = 0.5;
    expect(() => parseScenario(input)).toThrow(/world\.params.*switchingStickyness/);
  });

  it("a scenario file written before the value-deflation parameters plays as it did: no deflation, the old premium", () => {
    const input = JSON.parse(JSON.stringify(scenarioInput("base"))) as { world: { params: Record<string, unknown> } };
    delete input.world.params.economyOutput;
    delete input.world.params.valueDeflation;
    delete input.world.params.capabilityValuePremium;
    const p = parseScenario(input).world.params;
    expect([p.economyOutput, p.valueDeflation, p.capabilityValuePremium]).toEqual([29e12, 0, 0.08]);
    const { state } = runGame({ scenario: input, seed: 3, quarters: 6 });
    for (const h of state.history) expect(h.valueScale).toBe(1);
    // a misspelt one is still an error that names it
    input.world.params.valueDefaltion = 30;
    expect(() => parseScenario(input)).toThrow(/world\.params.*valueDefaltion/);
  });

  it("a scenario file written before debt maturities plays as it did: debt rolls over indefinitely", () => {
    const input = JSON.parse(JSON.stringify(scenarioInput("bubble"))) as { world: { capital: Record<string, unknown> } };
    delete input.world.capital.debtTermYears;
    expect(parseScenario(input).world.capital.debtTermYears).toBe(0);
    const { events } = runGame({ scenario: input, seed: 3 });
    expect(events.filter((e) => e.kind === "finance/refinancingShort")).toEqual([]);
    const shipped = runGame({ scenario: scenarioInput("bubble"), seed: 3 });
    expect(shipped.events.filter((e) => e.kind === "finance/refinancingShort").length).toBeGreaterThan(0);
  });

  it("a bad value or reference names its path", () => {
    const input = scenarioInput("base") as { actors: { id: string; routing?: Record<string, { model?: string }> }[] };
    input.actors.find((a) => a.id === "codeworks")!.routing!.coding!.model = "gpt-9";
    expect(() => parseScenario(input)).toThrow(/routing\.coding\.model: unknown model "gpt-9"/);
    expect(() => parseScenario(applyOverrides(scenarioInput("base"), [{ path: "quarters", value: -3 }]))).toThrow(/quarters/);
  });

  it("--set style overrides reject paths that do not exist", () => {
    expect(() => applyOverrides(scenarioInput("base"), [{ path: "world.params.nope", value: 1 }])).toThrow(ScenarioError);
    expect(() => applyOverrides(scenarioInput("base"), [{ path: "actors.nobody.cash", value: 1 }])).toThrow(/no element with id "nobody"/);
    const ok = applyOverrides(scenarioInput("base"), [{ path: "actors.meridian.personality", value: "cautious" }]);
    expect(parseScenario(ok).actors.find((a) => a.id === "meridian")!.personality).toBe("cautious");
  });

  it("--set style overrides add a field the format declares that the scenario leaves out", () => {
    const books = (sc: ReturnType<typeof parseScenario>, id: string) => sc.actors.find((a) => a.id === id)!.books;
    // optional, absent from base: the labs' growth before the game
    expect(books(parseScenario(scenarioInput("base")), "meridian").revenueGrowth).toBeUndefined();
    const grown = applyOverrides(scenarioInput("base"), [{ path: "actors.meridian.books.revenueGrowth", value: 2.33 }]);
    expect(books(parseScenario(grown), "meridian").revenueGrowth).toBe(2.33);
    // an optional field of the actor's own role, absent from the scenario
    const input = scenarioInput("base") as { actors: { id: string; partnerLab?: string }[] };
    expect(input.actors.find((a) => a.id === "vector")!.partnerLab).toBeUndefined();
    const partnered = parseScenario(applyOverrides(input, [{ path: "actors.vector.partnerLab", value: "helix" }]));
    expect(partnered.actors.find((a) => a.id === "vector")).toMatchObject({ role: "chipmaker", partnerLab: "helix" });
    // a typo, and another role's field, are still refused, naming the field
    expect(() => applyOverrides(scenarioInput("base"), [{ path: "actors.meridian.books.revenueGrowt", value: 1 }])).toThrow(
      /no field "revenueGrowt" there/,
    );
    expect(() => applyOverrides(scenarioInput("base"), [{ path: "actors.stratus.subscribersMillions", value: 5 }])).toThrow(
      /no field "subscribersMillions" there/,
    );
  });

  it("the shock catalogue covers DESIGN.md §2, each with typed effects and news", () => {
    const ids = SHOCK_CATALOGUE.map((s) => s.id);
    for (const id of [
      "model-ban",
      "wafer-shortage",
      "capex-cut",
      "efficiency-shock",
      "attention-breakthrough",
      "energy-shock",
      "rate-hike",
      "rate-cut",
      "ipo-wave",
      "price-war",
      "capability-spike",
      "zoning-freeze",
      "second-foundry",
      "lab-insolvency",
    ]) {
      expect(ids).toContain(id);
    }
    for (const s of SHOCK_CATALOGUE) {
      expect(s.news.length).toBeGreaterThan(20);
      expect(s.sources.length).toBeGreaterThan(0);
    }
  });

  it("every disputed pair of seed-facts.md is a scenario parameter", () => {
    const w = loadScenario("base").world;
    const params = Object.keys(w.params);
    for (const p of [
      "chipPricingPower", // who wins from efficiency (003a vs 003r)
      "economicLifeYears", // GPU useful life (A8 vs 003r)
      "demandGrowthLow", // revenue trajectory (004 #5 vs A10)
      "scalingStrength", // scaling laws (004 #3 vs A10)
      "switchingStickiness", // frontier vs cheap, model layer value, ban effect
      "catchUp", // model layer value (A4 vs A8)
      "sovereignShift", // effect of the ban (001 thread vs reply)
      "reasoningGrowth", // OpenAI unit economics (A3 vs 000)
      "availability", // compute scarcity (A8 vs A9)
      "heavyUseGrowth", // flat vs usage pricing (A4 vs A8)
      "rationing", // Opus token cut (A10 vs A8)
    ]) {
      expect(params).toContain(p);
    }
    expect(w.memory.demandElasticity).toBeDefined(); // memory demand under attention efficiency (004 vs 001)
    expect(w.capital.macroRegime).toBeDefined(); // macro (001 vs 004)
    expect(w.capital.leverageAppetite).toBeDefined(); // funding source and leverage (A8 vs 004)
    expect(w.foundry.discipline).toBeDefined(); // compute scarcity / second foundry (A8)
  });
});
