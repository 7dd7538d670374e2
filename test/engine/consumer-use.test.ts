/**
 * Subscribers' use is spread log-normally around the mean (rules.consumer.useSpread): the use
 * above a ceiling or an allowance, E[(X − limit)+], is what a cap cuts and what usage billing
 * charges for [seed-facts §2 #14, 002/A4].
 */
import { describe, expect, it } from "vitest";
import { useAbove } from "../../shared/engine/steps/tokens.ts";

describe("use above a limit, E[(X − limit)+] for log-normal use", () => {
  it("is the mean with no limit, none with no use, and max(0, mean − limit) when every subscriber uses the mean", () => {
    expect(useAbove(2.4, 2, 0)).toBe(2.4);
    expect(useAbove(0, 2, 3)).toBe(0);
    expect(useAbove(2.4, 0, 1)).toBeCloseTo(1.4, 12);
    expect(useAbove(2.4, 0, 3)).toBe(0);
  });

  it("matches a numerical integral of the log-normal density", () => {
    const [mean, spread, limit] = [2.84, 2, 15];
    const mu = Math.log(mean) - (spread * spread) / 2;
    // ∫ (x − limit) f(x) dx over x > limit, in z = (ln x − mu) / spread
    let sum = 0;
    const dz = 1e-4;
    for (let z = (Math.log(limit) - mu) / spread; z < 12; z += dz)
      sum += (Math.exp(mu + spread * z) - limit) * (Math.exp((-z * z) / 2) / Math.sqrt(2 * Math.PI)) * dz;
    expect(useAbove(mean, spread, limit)).toBeCloseTo(sum, 3);
  });

  it("falls as the limit rises, and a wider spread puts more use above a limit above the mean", () => {
    let last = Number.POSITIVE_INFINITY;
    for (const limit of [0.5, 1, 2, 4, 8, 16, 32]) {
      const u = useAbove(2.4, 2, limit);
      expect(u).toBeLessThan(last);
      expect(u).toBeGreaterThanOrEqual(Math.max(0, 2.4 - limit));
      last = u;
    }
    expect(useAbove(2.4, 2.5, 15)).toBeGreaterThan(useAbove(2.4, 1.5, 15));
  });
});
