/**
 * Forecast scores (issue 21): proper scoring rules, so a player's best expected score comes from
 * stating what they believe. Checked numerically: against outcomes drawn from a known
 * distribution, the truthful forecast scores better on average than shifted, narrowed or
 * widened ones.
 */
import { describe, expect, it } from "vitest";
import {
  brierScore,
  directionOf,
  FORECAST_TARGET_IDS,
  type ForecastRecord,
  ForecastSchema,
  forecastLeaderboard,
  loadScenario,
  runGame,
  scoreForecast,
  weightedIntervalScore,
} from "../../shared/index.ts";

/** Outcomes of a standard normal by its quantiles on an even grid (no randomness needed). */
const NORMAL: number[] = (() => {
  const out: number[] = [];
  // inverse normal CDF by bisection on erf approximation (Abramowitz–Stegun 7.1.26)
  const cdf = (x: number) => {
    const t = 1 / (1 + 0.3275911 * Math.abs(x / Math.SQRT2));
    const y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-(x * x) / 2);
    return x >= 0 ? (1 + y) / 2 : (1 - y) / 2;
  };
  for (let k = 0; k < 2000; k++) {
    const p = (k + 0.5) / 2000;
    let lo = -10;
    let hi = 10;
    for (let i = 0; i < 80; i++) {
      const mid = (lo + hi) / 2;
      if (cdf(mid) < p) lo = mid;
      else hi = mid;
    }
    out.push((lo + hi) / 2);
  }
  return out;
})();
const Z90 = 1.2815515655446004;
const meanWis = (m: number, lo: number, hi: number) => NORMAL.reduce((s, y) => s + weightedIntervalScore(m, lo, hi, y), 0) / NORMAL.length;

describe("forecast scores", () => {
  it("the weighted interval score is best for the true median and 10%/90% quantiles", () => {
    const truth = meanWis(0, -Z90, Z90);
    for (const [m, lo, hi] of [
      [0.3, -Z90 + 0.3, Z90 + 0.3],
      [0, -0.5, 0.5],
      [0, -2.5, 2.5],
      [0, -Z90, Z90 + 1],
      [-0.2, -Z90, Z90],
    ] as const) {
      expect(meanWis(m, lo, hi), `${m} ${lo} ${hi}`).toBeGreaterThan(truth);
    }
  });

  it("the Brier score is best for the true probabilities", () => {
    const truth = { up: 0.5, flat: 0.2, down: 0.3 };
    const expected = (f: typeof truth) =>
      truth.up * brierScore(f, "up") + truth.flat * brierScore(f, "flat") + truth.down * brierScore(f, "down");
    const best = expected(truth);
    for (const f of [
      { up: 1, flat: 0, down: 0 },
      { up: 0.6, flat: 0.1, down: 0.3 },
      { up: 1 / 3, flat: 1 / 3, down: 1 / 3 },
    ])
      expect(expected(f)).toBeGreaterThan(best);
    expect(brierScore({ up: 1, flat: 0, down: 0 }, "up")).toBe(0);
    expect(brierScore({ up: 1, flat: 0, down: 0 }, "down")).toBe(2);
  });

  it("classifies moves within ±2% as flat", () => {
    expect(directionOf(100, 101.9)).toBe("flat");
    expect(directionOf(100, 97)).toBe("down");
    expect(directionOf(100, 103)).toBe("up");
  });

  it("refuses forecasts that are not forecasts, with the field named", () => {
    const bad = [
      { kind: "interval", target: "tokenPriceIndex", median: 5, low: 6, high: 7 },
      { kind: "interval", target: "tokenPriceIndex", median: -1, low: -2, high: 7 },
      { kind: "direction", target: "gpuHourPrice", up: 0.5, flat: 0.5, down: 0.5 },
      { kind: "interval", target: "cash", median: 5, low: 4, high: 7 },
      { kind: "interval", target: "tokenPriceIndex", median: 5, low: 4, high: 7, extra: 1 },
    ];
    for (const f of bad) expect(ForecastSchema.safeParse(f).success, JSON.stringify(f)).toBe(false);
  });

  it("scores forecasts against a played game and ranks forecasters", () => {
    const { state } = runGame({ scenario: loadScenario("classroom"), seed: 3, quarters: 4 });
    const h = state.history;
    const records: ForecastRecord[] = [];
    for (let q = 2; q <= 4; q++) {
      const actual = h[q - 1]!.tokenPriceIndex;
      // Ada forecasts well, Ben far off and overconfident
      records.push({
        seat: "a",
        by: "Ada",
        quarter: q,
        forecast: { kind: "interval", target: "tokenPriceIndex", median: actual * 1.02, low: actual * 0.9, high: actual * 1.1 },
      });
      records.push({
        seat: "b",
        by: "Ben",
        quarter: q,
        forecast: { kind: "interval", target: "tokenPriceIndex", median: actual * 3, low: actual * 2.9, high: actual * 3.1 },
      });
    }
    records.push({ seat: "a", by: "Ada", quarter: 9, forecast: { kind: "direction", target: "aiCapex", up: 1, flat: 0, down: 0 } });
    const s = scoreForecast(records[0]!, h)!;
    expect(s.covered).toBe(true);
    expect(s.actual).toBe(h[1]!.tokenPriceIndex);
    expect(scoreForecast(records.at(-1)!, h)).toBeNull();
    const board = forecastLeaderboard(records, h);
    expect(board.map((r) => r.by)).toEqual(["Ada", "Ben"]);
    expect(board[0]!.coverage).toBe(1);
    expect(board[1]!.coverage).toBe(0);
    expect(board[0]!.count).toBe(3);
    for (const t of FORECAST_TARGET_IDS) expect(typeof h[0]![t]).toBe("number");
  });
});
