/**
 * Orders: a nonsensical order is rejected with a structured reason and the rest of that seat's
 * orders still apply; bad input never throws.
 */
import { describe, expect, it } from "vitest";
import { createGame, loadScenario, resolveTurn, validateOrders } from "../../shared/index.ts";

const state = createGame(loadScenario("base"), 5);

describe("Orders: validation", () => {
  it("rejects a negative price, more compute than exists, an unknown model and a wrong role, with codes", () => {
    const r = validateOrders(state, "meridian", [
      { type: "lab/setPrices", tier: "frontier", inputPrice: -1, outputPrice: 20 },
      { type: "lab/signContract", provider: "stratus", gpuHoursPerQuarter: 1e12, quarters: 4 },
      { type: "lab/setPrices", tier: "mid", inputPrice: 2, outputPrice: 12 },
      { type: "hyperscaler/setUsefulLife", years: 5 },
      { type: "enterprise/setRouting", taskClass: "coding", policy: "named", model: "nope" },
      { type: "nonsense" },
    ]);
    expect(r.rejections.map((x) => [x.index, x.code])).toEqual([
      [0, "malformed"],
      [1, "exceeds_capacity"],
      [3, "wrong_role"],
      [4, "wrong_role"],
      [5, "malformed"],
    ]);
    expect(r.orders).toEqual([{ type: "lab/setPrices", tier: "mid", inputPrice: 2, outputPrice: 12 }]);
    const e = validateOrders(state, "codeworks", [{ type: "enterprise/setRouting", taskClass: "coding", policy: "named", model: "gpt-9" }]);
    expect(e.rejections[0]!.code).toBe("unknown_model");
  });

  it("never throws on hostile input", () => {
    for (const bad of [
      null,
      3,
      "x",
      [null],
      [{ type: "__proto__" }],
      [{ ["__proto__"]: { polluted: true } }],
      [{ type: "lab/setPrices", tier: "frontier", inputPrice: Number.NaN, outputPrice: 1 }],
    ]) {
      expect(() => validateOrders(state, "meridian", bad as unknown[])).not.toThrow();
    }
    expect(validateOrders(state, "nobody", [{}]).rejections[0]!.code).toBe("unknown_seat");
  });

  it("resolveTurn applies the valid orders of a seat and reports the rejected ones as events for that seat only", () => {
    const r = resolveTurn(state, {
      meridian: [
        { type: "lab/setPrices", tier: "frontier", inputPrice: -5, outputPrice: 25 },
        { type: "lab/setPrices", tier: "mid", inputPrice: 2.5, outputPrice: 12.5 },
      ],
    });
    expect(r.state.models.sonnet!.inputPrice).toBe(2.5);
    expect(r.state.models.fable!.inputPrice).toBe(5);
    const rej = r.events.filter((e) => e.type === "order/rejected");
    expect(rej).toHaveLength(1);
    expect(rej[0]!.seat).toBe("meridian");
  });

  it("keeps a hyperscaler's standing accelerator orders one per chipmaker, sorted by chipmaker, dropping one for no units", () => {
    const order = (chipmaker: string, units: number) => ({ type: "hyperscaler/orderAccelerators", chipmaker, units, maxPrice: 30_000 });
    const listOf = (s: typeof state) =>
      (s.actors.stratus as { acceleratorOrders: { chipmaker: string; units: number }[] }).acceleratorOrders;
    const s1 = resolveTurn(state, { stratus: [order("vector", 10), order("lattice", 20), order("vector", 30)] }).state;
    expect(listOf(s1).map((x) => [x.chipmaker, x.units])).toEqual([
      ["lattice", 20],
      ["vector", 30],
    ]);
    const s2 = resolveTurn(s1, { stratus: [order("lattice", 0)] }).state;
    expect(listOf(s2).map((x) => x.chipmaker)).toEqual(["vector"]);
    // a list found out of order (here with an entry for a chipmaker the scenario lacks) is sorted, as before
    listOf(s1).reverse();
    listOf(s1).push({ chipmaker: "aardvark", units: 1, maxPrice: 1 } as never);
    const s3 = resolveTurn(s1, { stratus: [order("lattice", 5)] }).state;
    expect(listOf(s3).map((x) => [x.chipmaker, x.units])).toEqual([
      ["aardvark", 1],
      ["lattice", 5],
      ["vector", 30],
    ]);
  });
});
