/**
 * Stylized facts of the token and task market (seed-facts.md §5): cost per resolved task,
 * Jevons on a price cut, serving limits and bans. Each test sets its situation up
 * explicitly (overrides, fixed orders, no random shocks) and compares two runs (A/B).
 */
import { describe, expect, it } from "vitest";
import type { EnterpriseState, LabState, ScenarioInput } from "../../shared/index.ts";
import { type AnyRec, actor, actors, all, at, models, sim } from "./helpers.ts";

function model(i: ScenarioInput, id: string): AnyRec {
  for (const a of i.actors) for (const m of (a as { models?: AnyRec[] }).models ?? []) if (m.id === id) return m;
  throw new Error(id);
}

describe("seed-facts §5 fact 1 (000): the cheapest per token can be the dearest per task", () => {
  // A (fable) $25 output vs B (helix-5) $30, $5 input both, near-equal capability; A uses 40% more tokens per task.
  function run(verbosityA: number, routing: Record<string, unknown>) {
    return sim({
      quarters: 2,
      mutate: (i) => {
        Object.assign(model(i, "fable"), { capability: 61, verbosity: verbosityA, inputPrice: 5, outputPrice: 25 });
        Object.assign(model(i, "helix-5"), { capability: 61, verbosity: 1, inputPrice: 5, outputPrice: 30 });
        Object.assign(actor(i, "codeworks"), { tasks: { coding: 150e6 }, budget: 1e11, routing: { coding: routing } });
      },
    });
  }
  const costPerTask = (r: ReturnType<typeof run>) => {
    const e = actors(r.state).codeworks as EnterpriseState;
    return e.spend / e.tasksDone;
  };

  it("fact 1: the model cheaper per token but more verbose costs more per resolved task (000)", () => {
    const onA = costPerTask(run(1.4, { policy: "named", model: "fable" }));
    const onB = costPerTask(run(1.4, { policy: "named", model: "helix-5" }));
    expect(onA).toBeGreaterThan(onB * 1.15);
  });

  it("fact 1: cost-minimising buyers route volume to the model cheaper per task, not per token (000)", () => {
    const verbose = (actors(run(1.4, { policy: "cheapest" }).state).codeworks as EnterpriseState).shares.coding!;
    expect(verbose["helix-5"]!).toBeGreaterThan(2 * (verbose.fable ?? 0));
    // Control: with equal verbosity the per-token discount wins, so the verbosity is what flipped it.
    const equal = (actors(run(1, { policy: "cheapest" }).state).codeworks as EnterpriseState).shares.coding!;
    expect(equal.fable!).toBeGreaterThan(equal["helix-5"]!);
  });
});

describe("seed-facts §5 fact 3 (002/A10; 001; 002/A4): Jevons on a frontier tier price cut", () => {
  // Elasticity above 1: task values concentrated near the frontier tier's cost per task (value sigma 0.8).
  function run(cut: number, sigma = 0.8) {
    return sim({
      quarters: 3,
      sets: [
        { path: "taskClasses.coding.valueSigma", value: sigma },
        { path: "taskClasses.knowledge.valueSigma", value: sigma },
      ],
      orders: at(2, "meridian", [{ type: "lab/setPrices", tier: "frontier", inputPrice: 5 * cut, outputPrice: 25 * cut }]),
      // Enough serving compute that the cut is not capped by capacity (fact 6 is tested separately).
      mutate: (i) => Object.assign(actor(i, "meridian"), { split: { training: 0.1, serving: 0.85, internal: 0.05 } }),
    });
  }
  const A = run(1);
  const B = run(2 / 3);

  it("fact 3: a one-third frontier price cut raises frontier tokens by more than 1/(2/3), so elasticity > 1 (002/A10)", () => {
    for (const q of [2, 3]) {
      const ratio = models(B.states[q - 1]!).fable!.servedMtok / models(A.states[q - 1]!).fable!.servedMtok;
      expect(ratio).toBeGreaterThan(1.5);
    }
    expect(models(B.states[0]!).fable!.servedMtok).toBe(models(A.states[0]!).fable!.servedMtok);
  });

  it("fact 3: frontier-tier revenue rises, some mid-tier work moves up, and the lab's compute demand rises (002/A10; 001)", () => {
    for (const q of [2, 3]) {
      const a = A.states[q - 1]!;
      const b = B.states[q - 1]!;
      expect(models(b).fable!.revenue).toBeGreaterThan(models(a).fable!.revenue);
      expect(models(b).sonnet!.servedMtok).toBeLessThan(models(a).sonnet!.servedMtok);
      expect((actors(b).meridian as LabState).tokens.demanded).toBeGreaterThan((actors(a).meridian as LabState).tokens.demanded * 1.2);
    }
  });

  it("fact 3: the elasticity comes from the value distribution: with widely spread task values the same cut gains the tier less revenue (MODEL.md)", () => {
    const gain = (sigma: number) => models(run(2 / 3, sigma).states[1]!).fable!.revenue / models(run(1, sigma).states[1]!).fable!.revenue;
    expect(gain(0.8)).toBeGreaterThan(gain(1.2) + 0.05);
  });
});

describe("seed-facts §5 fact 6 (002/A8; 002/A10; 000): revenue is capped by landed compute", () => {
  function run(contract: boolean) {
    return sim({
      quarters: 5,
      // A provider with spare capacity (its own products use little), so the tranche lands in full.
      sets: [{ path: "actors.nimbus.ownUseShare", value: 0.05 }],
      // Funded as the bots would fund it (equity up front): with fixed orders and no raise, a lab
      // burning three times its revenue defaults once lenders stop lending (fact 13).
      orders: all(
        at(1, "meridian", [{ type: "finance/raiseEquity", amount: 3e10 }]),
        contract
          ? at(2, "meridian", [{ type: "lab/signContract", provider: "nimbus", gpuHoursPerQuarter: 2.5e9, quarters: 8 }])
          : () => undefined,
      ),
      mutate: (i) => Object.assign(actor(i, "meridian"), { split: { training: 0.6, serving: 0.2, internal: 0.2 } }),
    });
  }
  const A = run(false);
  const B = run(true);

  it("fact 6: with demand above serving capacity, realised revenue < unconstrained demand and tokens served fit the compute (002/A8)", () => {
    for (const s of A.states) {
      const m = actors(s).meridian as LabState;
      expect(m.books.revenue).toBeLessThan(m.unconstrainedRevenue);
      expect(m.tokens.served).toBeLessThan(m.tokens.demanded * 0.8);
      const gpu = m.models.reduce((t, id) => t + models(s)[id]!.servedMtok / models(s)[id]!.mtokPerGpuHour, 0);
      expect(gpu).toBeLessThanOrEqual(m.compute.serving * 1.001);
    }
    expect(A.events.some((e) => e.kind === "lab/computeConstrained")).toBe(true);
  });

  it("fact 6: a contract lands after its lead time and revenue steps up only then (002/A10)", () => {
    const rev = (r: typeof A, q: number) => (actors(r.states[q - 1]!).meridian as LabState).books.revenue;
    for (const q of [1, 2, 3]) expect(rev(B, q)).toBe(rev(A, q));
    for (const q of [4, 5]) expect(rev(B, q)).toBeGreaterThan(rev(A, q) * 1.15);
    // The step is a jump from the quarter before, not a drift.
    expect(rev(B, 4) / rev(B, 3)).toBeGreaterThan(1.05);
  });
});

describe("seed-facts §5 fact 9 (001): a ban moves demand to substitutes within the turn", () => {
  function run(ban: boolean, sets: { path: string; value: unknown }[] = [], duration = 1) {
    return sim({
      quarters: 4,
      sets,
      injected: ban ? [{ shock: "model-ban", quarter: 2, params: { duration } }] : [],
      mutate: (i) => {
        // ledgerline: a single-model user; codeworks: routing with a fallback vendor.
        actor(i, "ledgerline").routing = { routine: { policy: "cheapest" }, knowledge: { policy: "named", model: "fable" } };
        actor(i, "codeworks").routing = {
          coding: { policy: "named", model: "fable", fallback: "helix-5" },
          knowledge: { policy: "named", model: "fable", fallback: "helix-5" },
        };
        for (const id of ["ledgerline", "codeworks", "genomix"]) actor(i, id).budget = 1e11;
      },
    });
  }
  const A = run(false);
  const B = run(true);

  it("fact 9: in the ban quarter the banned model serves nothing and its demand moves to the vendor's fallback and to rivals (001)", () => {
    const a = A.states[1]!;
    const b = B.states[1]!;
    expect(models(b).fable!.servedMtok).toBe(0);
    expect(models(a).fable!.servedMtok).toBeGreaterThan(0);
    expect(models(b).sonnet!.servedMtok).toBeGreaterThan(3 * models(a).sonnet!.servedMtok);
    expect(models(b)["helix-5"]!.servedMtok).toBeGreaterThan(1.2 * models(a)["helix-5"]!.servedMtok);
  });

  it("fact 9: enterprises with routing and a fallback lose less output than single-model users (001)", () => {
    // Output is the value of the work done, not its count: the single-model user's lost knowledge
    // work is worth far more a task than the routine tickets it keeps (counted in tasks it lost
    // 4% in a mid-stream start and 45% only where its routine work was also crowded out).
    const kept = (id: string) =>
      (actors(B.states[1]!)[id] as EnterpriseState).valueCreated / (actors(A.states[1]!)[id] as EnterpriseState).valueCreated;
    expect(kept("ledgerline")).toBeLessThan(0.75);
    expect(kept("codeworks")).toBeGreaterThan(0.95);
  });

  it("fact 9 [DISPUTED] thread A vs reply B: sovereignShift decides how much banned demand goes to open/sovereign inference (001)", () => {
    const tessera = (ss: number, ban: boolean) => {
      const r = sim({
        quarters: 2,
        sets: [{ path: "world.params.sovereignShift", value: ss }],
        injected: ban ? [{ shock: "model-ban", quarter: 2 }] : [],
      });
      return (actors(r.states[1]!).tessera as LabState).tokens.demanded;
    };
    const low = tessera(0.05, true) / tessera(0.05, false);
    const high = tessera(0.7, true) / tessera(0.7, false);
    expect(high).toBeGreaterThan(1.08); // thread A: open/sovereign inference gains volume
    expect(low).toBeLessThan(1.03); // reply B: it hardly moves; the hyperscaler/compliance layer keeps it
  });

  it("fact 9 [DISPUTED]: with low switching stickiness the queue resets after a short ban; with high stickiness demand stays with substitutes (001)", () => {
    const back = (st: number) => {
      const sets = [{ path: "world.params.switchingStickiness", value: st }];
      const a = run(false, sets);
      const b = run(true, sets);
      return models(b.states[2]!).fable!.servedMtok / models(a.states[2]!).fable!.servedMtok;
    };
    expect(back(0.1)).toBeGreaterThan(0.7);
    expect(back(0.9)).toBeLessThan(0.3);
  });

  it("fact 9: a longer ban keeps the model dark for its whole duration (001: ban duration is a lever)", () => {
    const long = run(true, [], 3);
    for (const q of [2, 3, 4]) expect(models(long.states[q - 1]!).fable!.servedMtok).toBe(0);
    expect(models(B.states[2]!).fable!.servedMtok).toBeGreaterThan(0);
  });
});
