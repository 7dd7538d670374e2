/**
 * seed-facts §2 mechanism 38 (001, "AI's Shadow Output Gap"): deployment is deflationary. The more
 * work AI does relative to the economy, the less each task is worth, as the gains are competed away
 * to clients (§2 #11, 002/A4: "you do fifty of them and charge the client the same"). In the model
 * (`world.params.valueDeflation`, `economyOutput`; shared/engine/steps/tokens.ts valueOfWork) this
 * is what keeps the value AI creates within the size of the economy over `base`'s 18 quarters.
 * A/B runs of `base` with bots in every seat and no random shocks, the lever being the parameter.
 */
import { describe, expect, it } from "vitest";
import { sim } from "./helpers.ts";

const Y = 29e12; // base's economyOutput: world output per quarter ($)
/** base as shipped (valueDeflation 10), or with the parameter set */
const run = (seed: number, valueDeflation?: number) =>
  sim({
    quarters: 18,
    bots: true,
    seed,
    sets: valueDeflation === undefined ? [] : [{ path: "world.params.valueDeflation", value: valueDeflation }],
  });

describe("seed-facts §2 #38 (001): deployment is deflationary, and AI's output stays within the economy", () => {
  const seeds = [1, 2, 3];
  const on = seeds.map((s) => run(s));
  const off = seeds.map((s) => run(s, 0));

  it("the value of AI-done work falls as AI's output grows, and only then (001)", () => {
    for (const r of on) {
      const v = r.history.map((h) => h.valueScale);
      expect(v[0]).toBe(1); // nothing done before the first quarter
      for (let q = 2; q < v.length; q++) expect(v[q]!).toBeLessThan(v[q - 1]!);
      expect(v[17]!).toBeLessThan(0.75);
    }
    for (const r of off) for (const h of r.history) expect(h.valueScale).toBe(1);
  });

  it("with it, the shadow output stays a minority of the economy's output; without it, it runs higher (§2 #38 vs an unbounded economy)", () => {
    for (let i = 0; i < seeds.length; i++) {
      const end = (r: (typeof on)[number]) => r.history[17]!.shadowOutput;
      expect(end(on[i]!)).toBeLessThan(0.2 * Y);
      // Without it, 1.3-1.4 times as high (seeds 1-3): near the ceiling on AI's value
      // (tokens.aiValueCeiling, a quarter of world output), which bounds it either way now that
      // cheaper tasks draw new uses one for one.
      expect(end(off[i]!)).toBeGreaterThan(1.2 * end(on[i]!));
      // it still compounds: deployment keeps growing, only its worth per task falls
      expect(end(on[i]!)).toBeGreaterThan(10 * on[i]!.history[0]!.shadowOutput);
    }
  });

  it("a price effect, not a volume effect: the first year is the same to within a few percent (the calibration holds)", () => {
    for (let i = 0; i < seeds.length; i++) {
      for (let q = 0; q < 4; q++) {
        const a = on[i]!.history[q]!;
        const b = off[i]!.history[q]!;
        expect(Math.abs(a.totalTokens / b.totalTokens - 1)).toBeLessThan(0.05);
        expect(Math.abs(a.shadowOutput / b.shadowOutput - 1)).toBeLessThan(0.1);
      }
    }
  });
});
