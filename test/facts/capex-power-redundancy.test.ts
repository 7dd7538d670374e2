/**
 * Stylized facts of capex cuts, power gates and buyers' redundancy after a model gate
 * (seed-facts.md §5 facts 10, 19, 24). Bots play every seat (the reaction is the point);
 * runs differ only in the injected shock.
 */
import { describe, expect, it } from "vitest";
import type { EnterpriseState, GameState, HyperscalerState } from "../../shared/index.ts";
import { actors, capacity, HS, models, sim } from "./helpers.ts";

const waiting = (s: GameState) =>
  HS.reduce((t, id) => t + (actors(s)[id] as HyperscalerState).warehouseUnits.reduce((u, w) => u + w.units, 0), 0);

describe("seed-facts §5 fact 10 (003a scenario 1): capex cuts lift hyperscaler free cash flow", () => {
  it("fact 10: the hyperscaler whose capex is capped at half spends less and its FCF rises sharply (003a)", () => {
    const A = sim({ quarters: 5, bots: true });
    const B = sim({ quarters: 5, bots: true, injected: [{ shock: "capex-cut", quarter: 2 }] });
    const b = (r: typeof A, q: number) => actors(r.states[q - 1]!).stratus!.books;
    expect(b(B, 1).fcf).toBe(b(A, 1).fcf);
    for (const q of [2, 3, 4, 5]) {
      expect(b(B, q).capex).toBeLessThan(0.85 * b(A, q).capex);
      expect(b(B, q).fcf).toBeGreaterThan(b(A, q).fcf + 5e9);
    }
  });
});

describe("seed-facts §5 fact 10 [DISPUTED] (003a scenario 1 vs 003r): when all hyperscalers cut capex hard, semis and memory lose", () => {
  // Every hyperscaler's accelerator orders and builds capped at 30% for six quarters (003a's
  // scenario 1: capex stops growing), bots everywhere else.
  const A = sim({ quarters: 8, bots: true });
  const B = sim({
    quarters: 8,
    bots: true,
    injected: [
      { shock: "capex-cut", quarter: 2, params: { duration: 6, "effects.0.target": "all-hyperscalers", "effects.0.multiplier": 0.3 } },
    ],
  });
  it("fact 10: chipmaker revenue falls and HBM prices slide into a glut while the cut lasts (003a: 'semis and memory revenue falling')", () => {
    for (const q of [3, 4, 5, 6, 7]) {
      expect(actors(B.states[q - 1]!).vector!.books.revenue).toBeLessThan(0.85 * actors(A.states[q - 1]!).vector!.books.revenue);
      expect(B.history[q - 1]!.hbmPrice).toBeLessThan(A.history[q - 1]!.hbmPrice);
    }
  });
  it("fact 10: the hyperscalers' free cash flow inflects upward (003a: 'Hyperscaler FCF inflects sharply upward')", () => {
    const fcf = (r: typeof A, q: number) => ["stratus", "nimbus"].reduce((t, id) => t + actors(r.states[q - 1]!)[id]!.books.fcf, 0);
    for (const q of [2, 3, 4, 5, 6, 7]) expect(fcf(B, q)).toBeGreaterThan(fcf(A, q) + 10e9);
  });
  it("fact 10 (003r side): compute gets scarce, so the GPU-hour rental price rises — the rental layer is not competed down (003r)", () => {
    // the seed gives the direction, not a size: scarce compute is dearer than in the paired base, every quarter of the cut
    for (const q of [4, 5, 6]) expect(B.history[q - 1]!.gpuHourPrice).toBeGreaterThan(1.05 * A.history[q - 1]!.gpuHourPrice);
  });
});

describe("seed-facts §5 fact 19 (002/A8; 001): power and permits, not chips, can bind", () => {
  const A = sim({ quarters: 4, bots: true });
  const B = sim({ quarters: 4, bots: true, injected: [{ shock: "zoning-freeze", quarter: 1, params: { duration: 6 } }] });
  it("fact 19: with chips available but permits frozen, accelerators wait for power and GPU capacity falls behind (002/A8)", () => {
    expect(waiting(B.states[1]!)).toBeGreaterThan(0);
    expect(waiting(A.states[1]!)).toBe(0);
    for (const q of [2, 3]) expect(capacity(B.states[q - 1]!)).toBeLessThan(0.92 * capacity(A.states[q - 1]!));
  });
  it("fact 19: the binding power constraint raises the price of a GPU-hour while it lasts (001: 'scarce electrons')", () => {
    for (const q of [2, 3]) expect(B.history[q - 1]!.gpuHourPrice).toBeGreaterThan(1.2 * A.history[q - 1]!.gpuHourPrice);
  });
});

describe("seed-facts §5 fact 24 (001): buyers hedge after the first model gate", () => {
  it("fact 24: after a gate on the leader's model, enterprises add fallback vendors and the gated model's share stays below its pre-gate level (001)", () => {
    const A = sim({ quarters: 5, bots: true });
    const B = sim({ quarters: 5, bots: true, injected: [{ shock: "model-ban", quarter: 2 }] });
    const fallbacks = (s: GameState) =>
      ["ledgerline", "codeworks", "genomix"].reduce(
        (n, id) => n + Object.values((actors(s)[id] as EnterpriseState).routing).filter((r) => r.fallback).length,
        0,
      );
    for (const q of [1, 2, 3, 4, 5]) expect(fallbacks(A.states[q - 1]!)).toBe(0);
    expect(fallbacks(B.states[2]!)).toBeGreaterThan(0);
    const share = (s: GameState) => models(s).fable!.revenue / Object.values(models(s)).reduce((t, m) => t + m.revenue, 0);
    for (const q of [3, 4, 5]) expect(share(B.states[q - 1]!)).toBeLessThan(0.8 * share(A.states[q - 1]!));
  });
});
