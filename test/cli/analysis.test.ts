/**
 * shared/analysis: input distributions, their draws and correlations, designs, and the
 * statistics compare uses (bootstrap intervals whose coverage is checked against a known truth).
 */
import { quantileSorted } from "d3-array";
import { describe, expect, it } from "vitest";
import {
  bootstrapDifference,
  bootstrapStats,
  drawInputs,
  gridDesign,
  inverseCdf,
  latinHypercube,
  normalCdf,
  normalQuantile,
  parseDistribution,
  parseRange,
  quantile,
  rankCorrelation,
  Stream,
  statFromCounts,
} from "../../shared/analysis/index.ts";
import { parseScenario, scenarioInput } from "../../shared/index.ts";

describe("distributions", () => {
  it("inverse CDFs land where the distributions say", () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 5);
    expect(normalQuantile(0.5)).toBeCloseTo(0, 12);
    expect(normalCdf(1.959964)).toBeCloseTo(0.975, 6);
    expect(inverseCdf(parseDistribution("uniform(2,4)"), 0.25)).toBe(2.5);
    expect(inverseCdf(parseDistribution("triangular(0,1,3)"), 0.5)).toBeCloseTo(3 - Math.sqrt(3), 12);
    expect(inverseCdf(parseDistribution("lognormal(2,0.5)"), 0.5)).toBeCloseTo(2, 9);
    expect(inverseCdf(parseDistribution("normal(10,2,9,11)"), 0.999)).toBe(11);
    expect(inverseCdf(parseDistribution("discrete(throttle|shorten)"), 0.7)).toBe("shorten");
    expect(inverseCdf(parseDistribution("discrete(1:3|2:1)"), 0.7)).toBe(1);
  });
  it("refuses malformed ones with a message", () => {
    expect(() => parseDistribution("uniform(3,1)")).toThrow(/must not exceed/);
    expect(() => parseDistribution("gamma(1,2)")).toThrow(/unknown distribution/);
    expect(() => parseDistribution("triangular(0,5,1)")).toThrow(/mode/);
  });
});

describe("input draws", () => {
  const spec = {
    distributions: {
      "world.params.catchUp": parseDistribution("uniform(0,1)"),
      "world.params.switchingStickiness": parseDistribution("triangular(0.2,0.5,0.9)"),
      "world.params.economicLifeYears": parseDistribution("lognormal(5,0.3)"),
    },
    correlations: [{ between: ["world.params.catchUp", "world.params.switchingStickiness"] as [string, string], rank: -0.6 }],
  };
  it("depend on the seed alone, and meet the asked rank correlation and marginals", () => {
    expect(drawInputs(spec, 42)).toEqual(drawInputs(spec, 42));
    expect(drawInputs(spec, 42)).not.toEqual(drawInputs(spec, 43));
    const x: number[] = [];
    const y: number[] = [];
    const z: number[] = [];
    for (let s = 1; s <= 3000; s++) {
      const d = drawInputs(spec, s);
      x.push(d.find((v) => v.path === "world.params.catchUp")!.value as number);
      y.push(d.find((v) => v.path === "world.params.switchingStickiness")!.value as number);
      z.push(d.find((v) => v.path === "world.params.economicLifeYears")!.value as number);
    }
    expect(rankCorrelation(x, y)).toBeGreaterThan(-0.65);
    expect(rankCorrelation(x, y)).toBeLessThan(-0.55);
    expect(Math.abs(rankCorrelation(x, z))).toBeLessThan(0.05);
    expect(quantile(x, 0.5)).toBeCloseTo(0.5, 1);
    expect(quantile(z, 0.5)).toBeGreaterThan(4.8);
    expect(quantile(z, 0.5)).toBeLessThan(5.2);
    expect(Math.min(...y)).toBeGreaterThanOrEqual(0.2);
    expect(Math.max(...y)).toBeLessThanOrEqual(0.9);
  });
  it("the scenario format takes an inputs section and checks it", () => {
    const input = scenarioInput("classroom") as Record<string, unknown>;
    expect(
      parseScenario({ ...input, inputs: { distributions: { "world.params.catchUp": { dist: "uniform", min: 0.1, max: 0.2 } } } }).inputs,
    ).toBeTruthy();
    expect(() =>
      parseScenario({ ...input, inputs: { distributions: { "world.params.nope": { dist: "uniform", min: 0.1, max: 0.2 } } } }),
    ).toThrow(/inputs.distributions.world.params.nope: no such scenario field/);
    expect(() =>
      parseScenario({
        ...input,
        inputs: {
          distributions: { "world.params.catchUp": { dist: "uniform", min: 0.1, max: 0.2 } },
          correlations: [{ between: ["world.params.catchUp", "world.params.habitDecay"], rank: 0.5 }],
        },
      }),
    ).toThrow(/"world.params.habitDecay" has no distribution/);
  });
});

describe("designs", () => {
  it("a grid takes every combination; a Latin hypercube one point per stratum of each range", () => {
    const a = parseRange("x.y=0..1:3");
    const b = parseRange("x.z=10..20:2");
    expect(gridDesign([a, b])).toEqual([
      [0, 10],
      [0, 20],
      [0.5, 10],
      [0.5, 20],
      [1, 10],
      [1, 20],
    ]);
    const lhs = latinHypercube([a, b], 10, 7);
    for (const k of [0, 1]) {
      const strata = lhs.map((p) => Math.floor(((p[k]! - [0, 10][k]!) / [1, 10][k]!) * 10)).sort((u, v) => u - v);
      expect(strata).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    }
    expect(() => parseRange("x.y=1..1")).toThrow(/empty range/);
  });
});

describe("bootstrap", () => {
  it("reads a resample's quantiles off its counts exactly as sorting it would", () => {
    const rng = new Stream(5);
    const values = Array.from({ length: 37 }, () => rng.next() * 100);
    const order = Int32Array.from(values.keys()).sort((i, j) => values[i]! - values[j]!);
    for (let t = 0; t < 50; t++) {
      const counts = new Uint32Array(values.length);
      for (let k = 0; k < values.length; k++) {
        const i = rng.int(values.length);
        counts[i] = counts[i]! + 1;
      }
      const expanded = values.flatMap((v, i) => Array(counts[i]).fill(v)).sort((u, w) => u - w);
      for (const [stat, p] of [
        ["p10", 0.1],
        ["p50", 0.5],
        ["p90", 0.9],
      ] as const)
        expect(statFromCounts(values, order, counts, values.length, stat)).toBeCloseTo(quantileSorted(expanded, p)!, 9);
      expect(statFromCounts(values, order, counts, values.length, "mean")).toBeCloseTo(
        expanded.reduce((s, x) => s + x, 0) / expanded.length,
        9,
      );
    }
  });

  // 200 fixed-seed replicates of samples whose true difference is known: the 95% intervals must
  // cover it in 90–99% of them (a broken interval, too narrow or too wide, leaves that window)
  it("intervals cover a known difference in 90–99% of 200 replicates (paired and unpaired)", () => {
    const n = 80;
    const truth = 0.5;
    let unpaired = 0;
    let pairedMedian = 0;
    let pairedMean = 0;
    let single = 0;
    const normal = (rng: Stream) => normalQuantile(rng.open());
    for (let rep = 0; rep < 200; rep++) {
      const rng = new Stream(1000 + rep, 77);
      const a = Array.from({ length: n }, () => normal(rng));
      const b = Array.from({ length: n }, () => truth + normal(rng));
      const u = bootstrapDifference(a, b, "p50", { level: 0.95, resamples: 400, seed: rep });
      if (u.ofStats.lo! <= truth && truth <= u.ofStats.hi!) unpaired++;
      // paired: a common draw per run (common random numbers) plus small noise of each side
      const common = Array.from({ length: n }, () => 5 * normal(rng));
      const pa = common.map((c) => c + 0.3 * normal(rng));
      const pb = common.map((c) => c + truth + 0.3 * normal(rng));
      const p = bootstrapDifference(pa, pb, "p50", { level: 0.95, resamples: 400, seed: rep, paired: true });
      if (p.ofDifferences!.lo! <= truth && truth <= p.ofDifferences!.hi!) pairedMedian++;
      const m = bootstrapDifference(pa, pb, "mean", { level: 0.95, resamples: 400, seed: rep, paired: true });
      if (m.ofStats.lo! <= truth && truth <= m.ofStats.hi!) pairedMean++;
      const s = bootstrapStats(b, ["p50"], { level: 0.95, resamples: 400, seed: rep });
      if (s.p50.lo! <= truth && truth <= s.p50.hi!) single++;
      // pairing must narrow the interval where the common draw dominates
      if (rep === 0) {
        const un = bootstrapDifference(pa, pb, "mean", { level: 0.95, resamples: 400, seed: rep });
        expect(m.ofStats.hi! - m.ofStats.lo!).toBeLessThan((un.ofStats.hi! - un.ofStats.lo!) / 5);
      }
    }
    if (process.env.SHOW_COVERAGE) console.log({ unpaired, pairedMedian, pairedMean, single });
    for (const [name, hits] of Object.entries({ unpaired, pairedMedian, pairedMean, single })) {
      expect(hits / 200, name).toBeGreaterThanOrEqual(0.9);
      expect(hits / 200, name).toBeLessThanOrEqual(0.99);
    }
  });
});
