/**
 * Markets that clear on scarcity (seed-facts.md §5 facts 7, 8, 10, 17; §1.4; §4.6): chip and
 * GPU-hour prices rise when demand exceeds supply and fall toward cost when it does not. Bots
 * play every seat; each check runs over several seeds and at least two shock quarters and
 * magnitudes, against the paired run without the shock.
 */
import { describe, expect, it } from "vitest";
import { selfHostGrowth } from "../../shared/engine/steps/compute.ts";
import { type HyperscalerState, metricsOf } from "../../shared/index.ts";
import { actors, sim } from "./helpers.ts";

const SEEDS = [1, 2, 3];
const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;

describe("seed-facts §5 fact 7 (002/A8): a wafer shortage is priced, so the chipmaker's revenue falls far less than the wafer cut", () => {
  for (const multiplier of [0.55, 0.8]) {
    for (const quarter of [2, 4]) {
      it(`wafers × ${multiplier} from quarter ${quarter}: ASP above the paired base, revenue down less than half the cut`, () => {
        for (const seed of SEEDS) {
          const A = sim({ quarters: quarter + 3, bots: true, seed });
          const B = sim({
            quarters: quarter + 3,
            bots: true,
            seed,
            injected: [{ shock: "wafer-shortage", quarter, params: { "effects.0.multiplier": multiplier } }],
          });
          const window = [0, 1, 2, 3].map((k) => quarter + k - 1);
          const revenue = window.map((i) => B.history[i]!.actors.vector!.revenue / A.history[i]!.actors.vector!.revenue);
          // Without scarcity pricing the revenue ratio is the wafer multiplier itself.
          expect(mean(revenue)).toBeGreaterThan(multiplier + 0.5 * (1 - multiplier));
          // The chipmaker's price swings ±20% a quarter with the bots' order cycle, more than a mild
          // cut moves it in any one quarter: the shortage is priced over the quarters after the shock.
          const asp = (r: typeof A) => mean(window.slice(1).map((i) => r.history[i]!.chipAsp));
          expect(asp(B)).toBeGreaterThan(asp(A));
          for (const i of window.slice(1)) expect(B.history[i]!.chipBacklog).toBeGreaterThanOrEqual(0);
        }
      });
    }
  }
  it("in the shock's own quarter, once orders run ahead of stock and production, the price rises before deliveries fall", () => {
    for (const seed of SEEDS) {
      const A = sim({ quarters: 4, bots: true, seed });
      const B = sim({ quarters: 4, bots: true, seed, injected: [{ shock: "wafer-shortage", quarter: 4 }] });
      expect(B.history[3]!.chipAsp).toBeGreaterThan(1.1 * A.history[3]!.chipAsp);
      expect(B.history[3]!.actors.vector!.revenue).toBeGreaterThan(A.history[3]!.actors.vector!.revenue);
    }
  });
});

describe("seed-facts §4.7, §5 facts 7-8: the GPU-hour price is not on a floor at full use, and falls toward cost when slack", () => {
  for (const scenario of ["base", "wafer-crunch"]) {
    it(`${scenario}: whenever utilisation is at least 0.95 the price is well above every operator's floor`, () => {
      for (const seed of SEEDS) {
        const r = sim({ scenario, bots: true, seed, quarters: 16 });
        let seen = 0;
        r.history.forEach((h, i) => {
          if (h.gpuUtilization < 0.95) return;
          seen++;
          const floors = Object.values(actors(r.states[i]!))
            .filter((a) => a.role === "hyperscaler" && !a.failed)
            .map((a) => (a as HyperscalerState).spotFloor);
          expect(h.gpuHourPrice).toBeGreaterThan(1.2 * Math.max(...floors));
        });
        expect(seen).toBeGreaterThan(0);
      }
    });
  }
  /** Eight quarters with every hyperscaler's capex cut to 0.3 from quarter 2: GPUs sold out for long (played once a seed). */
  const cutGames = new Map<number, ReturnType<typeof sim>>();
  const capexCutEverywhere = (seed: number): ReturnType<typeof sim> => {
    let r = cutGames.get(seed);
    if (!r) {
      r = sim({
        quarters: 8,
        bots: true,
        seed,
        injected: [
          { shock: "capex-cut", quarter: 2, params: { duration: 6, "effects.0.target": "all-hyperscalers", "effects.0.multiplier": 0.3 } },
        ],
      });
      cutGames.set(seed, r);
    }
    return r;
  };
  it("sold out with demand left unserved, the price keeps rising while the queue lasts (capex cut everywhere)", () => {
    for (const seed of [1, 2]) {
      const A = sim({ quarters: 8, bots: true, seed });
      const B = capexCutEverywhere(seed);
      const full = B.history.map((h, i) => ({ h, i })).filter(({ h }) => h.gpuUtilization > 0.995 && h.gpuUnserved > 0);
      expect(full.length).toBeGreaterThan(2);
      for (const { i } of full.slice(1)) expect(B.history[i]!.gpuHourPrice).toBeGreaterThanOrEqual(B.history[i - 1]!.gpuHourPrice);
      const last = full[full.length - 1]!.i;
      expect(B.history[last]!.gpuHourPrice).toBeGreaterThan(2 * A.history[last]!.gpuHourPrice);
    }
  });
  it("sold out but for a sliver at the top asks, the queue stays (compute.soldOutSliver)", () => {
    let seen = 0;
    for (const seed of [1, 2]) {
      const B = capexCutEverywhere(seed);
      for (const s of B.states) {
        const h = s.history[s.history.length - 1]!;
        if (!(h.gpuUtilization >= 0.99 && h.gpuUtilization < 1 && h.gpuUnserved > 1e9)) continue;
        seen++;
        expect(s.gpuQueueHours, `seed ${seed} quarter ${s.quarter}`).toBeGreaterThan(0);
      }
    }
    expect(seen).toBeGreaterThan(0);
  });
  it("a glut (a second leading-edge foundry) brings the price down toward the operators' floors", () => {
    for (const seed of SEEDS) {
      const A = sim({ quarters: 14, bots: true, seed });
      const B = sim({ quarters: 14, bots: true, seed, injected: [{ shock: "second-foundry", quarter: 4 }] });
      const late = (r: typeof A) => mean(r.history.slice(10).map((h) => h.gpuHourPrice));
      expect(late(B)).toBeLessThan(late(A));
    }
  });
});

describe("seed-facts §5 fact 17 (002/A8): an efficiency shock raises the GPU-hour price over the next turns", () => {
  for (const throughput of [3, 5]) {
    for (const quarter of [2, 4]) {
      it(`open models × ${throughput} throughput in quarter ${quarter}: unchanged that quarter, dearer GPU-hours over the next four`, () => {
        for (const seed of SEEDS) {
          const A = sim({ quarters: quarter + 4, bots: true, seed });
          const B = sim({
            quarters: quarter + 4,
            bots: true,
            seed,
            injected: [{ shock: "efficiency-shock", quarter, params: { "effects.0.throughputMultiplier": throughput } }],
          });
          expect(B.history[quarter - 1]!.gpuHourPrice).toBe(A.history[quarter - 1]!.gpuHourPrice);
          const next = [1, 2, 3, 4].map((k) => B.history[quarter + k - 1]!.gpuHourPrice / A.history[quarter + k - 1]!.gpuHourPrice);
          expect(mean(next)).toBeGreaterThan(1.1);
        }
      });
    }
  }
});

describe("a run of efficiency shocks: self-hosted GPU demand grows towards its bound (compute.selfHostMax)", () => {
  const shock = (quarter: number) => ({ shock: "efficiency-shock", quarter });
  const runs = [2, 4, 6, 8].map(shock);
  it("each shock raises it, it never passes the bound, and without the bound it would", () => {
    const bounded = sim({ quarters: 10, injected: runs });
    const growth = bounded.states.map(selfHostGrowth);
    for (let q = 1; q < growth.length; q++) expect(growth[q]!).toBeGreaterThanOrEqual(growth[q - 1]!);
    // states[q - 1] is the state after quarter q: each shock raises it, by less as it nears the bound
    for (const q of [2, 4, 6, 8]) expect(growth[q - 1]!).toBeGreaterThan(1.1 * growth[q - 2]!);
    for (const g of growth) expect(g).toBeLessThan(8);
    const unbounded = sim({ quarters: 10, injected: runs, sets: [{ path: "world.rules.compute.selfHostMax", value: 1000 }] });
    expect(selfHostGrowth(unbounded.state)).toBeGreaterThan(8);
  });
  it("near the bound a fourth shock still makes GPU-hours dearer over the next turns, never cheaper (fact 17)", () => {
    const ratios = SEEDS.map((seed) => {
      const A = sim({ quarters: 12, bots: true, seed, injected: runs.slice(0, 3) });
      const B = sim({ quarters: 12, bots: true, seed, injected: runs });
      return mean([9, 10, 11].map((q) => B.history[q - 1]!.gpuHourPrice / A.history[q - 1]!.gpuHourPrice));
    });
    for (const r of ratios) expect(r).toBeGreaterThan(1);
  });
});

describe("seed-facts §1.4 (000; 003r): the neocloud's cost of revenue holds its data-centre costs", () => {
  it("its gross margin is far below 0.9 in every quarter and averages in a commoditised operator's band", () => {
    for (const seed of SEEDS) {
      const r = sim({ bots: true, seed, quarters: 18 });
      const gm = r.history.map((h) => h.actors.coreforge!.grossMargin);
      for (const g of gm) expect(g).toBeLessThan(0.75);
      expect(mean(gm)).toBeGreaterThan(0.1);
      expect(mean(gm)).toBeLessThan(0.6);
      // depreciation of its GPUs and buildings is in its cost of revenue
      const b = actors(r.state).coreforge!.books;
      expect(b.costOfRevenue).toBeGreaterThan(0.5 * b.depreciation);
    }
  });
});

describe("seed-facts §5 fact 10 (003a scenario 1): a capex cut lowers AI capex", () => {
  it("capex-winter spends less on AI capex than base in every year after the cut", () => {
    for (const seed of SEEDS) {
      const A = sim({ bots: true, seed, quarters: 16 });
      const B = sim({ scenario: "capex-winter", bots: true, seed, quarters: 16 });
      const year = (r: typeof A, from: number) => r.history.slice(from, from + 4).reduce((s, h) => s + h.aiCapex, 0);
      for (const from of [0, 4, 8, 12]) expect(year(B, from)).toBeLessThan(year(A, from));
    }
  });
});

describe("the game can start mid-stream (world.rules.start.midStream)", () => {
  it("chips on the line and on order at the start: first-quarter chip sales at their steady level", () => {
    for (const scenario of ["classroom", "base"]) {
      const cold = sim({ scenario, quarters: 1, sets: [{ path: "world.rules.start.midStream", value: 0 }] });
      const warm = sim({ scenario, quarters: 1, sets: [{ path: "world.rules.start.midStream", value: 1 }] });
      const vector = (r: typeof cold) => actors(r.state).vector!.books.revenue;
      expect(vector(warm)).toBeGreaterThan(10e9);
      expect(vector(warm)).toBeGreaterThan(5 * vector(cold));
    }
  });
});

describe("market metrics", () => {
  it("chip ASP, backlog, GPU-hour price, utilisation, unserved demand and AI capex per actor are metrics; the actors' capex adds up", () => {
    const r = sim({ bots: true, quarters: 6 });
    const m = metricsOf(r.state);
    for (const id of [
      "chipAsp",
      "chipBacklog",
      "gpuHourPrice",
      "gpuUtilization",
      "gpuUnserved",
      "actor.stratus.aiCapex",
      "actor.coreforge.aiCapex",
    ])
      expect(m[id]!.length).toBe(6);
    for (const h of r.history) {
      const sum = ["stratus", "nimbus", "coreforge"].reduce((s, id) => s + h.actors[id]!.aiCapex, 0);
      expect(sum).toBeCloseTo(h.aiCapex, 0);
      expect(h.chipAsp).toBeGreaterThan(0);
      expect(h.gpuUnserved).toBeGreaterThanOrEqual(0);
    }
  });
});
