import { describe, expect, it } from "vitest";
import { compact, formatEstimate, formatValue, unitOf } from "../../server/cli/format.ts";
import { createGame } from "../../shared/engine/create-game.ts";
import { loadScenario } from "../../shared/scenario/registry.ts";
import { METRIC_IDS, metricInfo } from "../../shared/sim/metrics.ts";

describe("the command line formats each metric in its declared unit", () => {
  const ids = METRIC_IDS(createGame(loadScenario("base"), 1));

  it("money as dollars, prices as dollars per unit, fractions as fractions", () => {
    const wrong: string[] = [];
    for (const id of ids) {
      const unit = metricInfo(id)?.unit;
      const shown = formatValue(2.5e9, unitOf(id));
      if (unit === "$" && shown !== "$2.50B") wrong.push(`${id} (${unit}): ${shown}`);
      if (unit?.startsWith("$/") && !formatValue(0.42, unitOf(id)).startsWith("$")) wrong.push(`${id} (${unit})`);
      if ((unit === "fraction" || unit === "fraction/yr") && formatValue(0.333, unitOf(id)) !== "0.33") wrong.push(`${id} (${unit})`);
    }
    expect(wrong).toEqual([]);
  });

  it("every company's debt, capex and payouts are money", () => {
    for (const leaf of ["debt", "capex", "payouts", "creditLosses", "creditAllowance"]) {
      expect(unitOf(`actor.meridian.${leaf}`)).toBe("usd");
    }
  });

  it("a small fraction keeps its digits", () => {
    expect(formatValue(0.004, "fraction")).toBe("0.0040");
    expect(formatValue(0, "fraction")).toBe("0.00");
  });

  it("counts from 10^15 up in powers of ten, not in thousands of T", () => {
    expect(compact(3.204e15)).toBe("3.20e15");
    expect(compact(-8.8e17)).toBe("-8.80e17");
    expect(compact(9.99e14)).toBe("999T");
    expect(formatValue(5.29e17, "tokens")).toBe("5.29e17");
  });
});

describe("an estimate and its interval", () => {
  it("fractions share one count of decimals, enough for the interval's width", () => {
    expect(formatEstimate({ estimate: 0.0095, lo: 0.0078, hi: 0.0098 }, "fraction", true)).toBe("+0.0095 [+0.0078, +0.0098]");
    expect(formatEstimate({ estimate: 0.158, lo: 0.134, hi: 0.174 }, "fraction", true)).toBe("+0.158 [+0.134, +0.174]");
    expect(formatEstimate({ estimate: 0.0158, lo: 0.0134, hi: 0.0174 }, "fraction", true)).toBe("+0.0158 [+0.0134, +0.0174]");
    expect(formatEstimate({ estimate: 0.0023, lo: -0.00095, hi: 0.0051 }, "fraction", true)).toBe("+0.0023 [-0.0009, +0.0051]");
    expect(formatEstimate({ estimate: 0.42, lo: 0.3, hi: 0.55 }, "fraction")).toBe("0.42 [0.30, 0.55]");
    expect(formatEstimate({ estimate: 0.04, lo: 0.04, hi: 0.04 }, "fraction")).toBe("0.04 [0.04, 0.04]");
  });

  it("money keeps three significant digits, and an estimate without an interval stands alone", () => {
    expect(formatEstimate({ estimate: 4.67e9, lo: 1.31e9, hi: 5.58e9 }, "usd", true)).toBe("+$4.67B [+$1.31B, +$5.58B]");
    expect(formatEstimate({ estimate: 0.5, lo: null, hi: null }, "fraction")).toBe("0.50");
    expect(formatEstimate(null, "usd")).toBe("–");
  });

  it("large counts take one notation for all three", () => {
    expect(formatEstimate({ estimate: -7.85e14, lo: -4.39e15, hi: 4.28e15 }, "tokens", true)).toBe("-7.85e14 [-4.39e15, +4.28e15]");
  });
});
