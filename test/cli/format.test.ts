import { describe, expect, it } from "vitest";
import { formatValue, unitOf } from "../../server/cli/format.ts";
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
});
