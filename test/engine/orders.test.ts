/**
 * Orders: a nonsensical order is rejected with a structured reason and the rest of that seat's
 * orders still apply; bad input never throws.
 */
import { describe, expect, it } from "vitest";
import { addRow, keepRows } from "../../shared/engine/declare.ts";
import { ACCEL_ORDERS } from "../../shared/engine/state.ts";
import {
  actorOf,
  companyIndex,
  createGame,
  type GameState,
  type HyperscalerState,
  loadScenario,
  modelsOf,
  type Order,
  parseOrdersBySeat,
  resolveTurn,
  validateOrders,
} from "../../shared/index.ts";

const state = createGame(loadScenario("base"), 5);

/** Orders of meridian (a lab): malformed, beyond capacity, valid, another role's twice, of no type. */
const MIXED = [
  { type: "lab/setPrices", tier: "frontier", inputPrice: -1, outputPrice: 20 },
  { type: "lab/signContract", provider: "stratus", gpuHoursPerQuarter: 1e12, quarters: 4 },
  { type: "lab/setPrices", tier: "mid", inputPrice: 2, outputPrice: 12 },
  { type: "hyperscaler/setUsefulLife", years: 5 },
  { type: "enterprise/setRouting", taskClass: "coding", policy: "named", model: "nope" },
  { type: "nonsense" },
];

describe("Orders: validation", () => {
  it("rejects a negative price, more compute than exists, an unknown model and a wrong role, with codes", () => {
    const r = validateOrders(state, "meridian", MIXED);
    expect(r.rejections.map((x) => x.code)).toEqual(["malformed", "exceeds_capacity", "wrong_role", "wrong_role", "malformed"]);
    expect(r.rejections.map((x) => x.type)).toEqual([
      "lab/setPrices",
      "lab/signContract",
      "hyperscaler/setUsefulLife",
      "enterprise/setRouting",
      "nonsense",
    ]);
    expect(r.orders).toEqual([{ type: "lab/setPrices", tier: "mid", inputPrice: 2, outputPrice: 12 }]);
    const e = validateOrders(state, "codeworks", [{ type: "enterprise/setRouting", taskClass: "coding", policy: "named", model: "gpt-9" }]);
    expect(e.rejections[0]!.code).toBe("unknown_model");
  });

  // Engine bug (reported): validateOrders numbers the state check's rejections by their place
  // among the orders that parsed, not in the list sent, so after a malformed order they name
  // the wrong order ([0, "exceeds_capacity"], [2, "wrong_role"], [3, "wrong_role"]). Marked as
  // failing until shared/orders/index.ts maps them back; then remove `.fails`.
  it.fails("numbers each rejection by its order's place in the list sent", () => {
    const r = validateOrders(state, "meridian", MIXED);
    expect(r.rejections.map((x) => [x.index, x.code])).toEqual([
      [0, "malformed"],
      [1, "exceeds_capacity"],
      [3, "wrong_role"],
      [4, "wrong_role"],
      [5, "malformed"],
    ]);
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
    // a malformed order is refused where it crosses the trust boundary (the parse), one the
    // state refuses (another role's) by resolveTurn, as an event for that seat
    const parsed = parseOrdersBySeat({
      meridian: [
        { type: "lab/setPrices", tier: "frontier", inputPrice: -5, outputPrice: 25 },
        { type: "lab/setPrices", tier: "mid", inputPrice: 2.5, outputPrice: 12.5 },
        { type: "hyperscaler/setUsefulLife", years: 5 },
      ],
    });
    expect(parsed.rejections.meridian?.map((x) => [x.index, x.code])).toEqual([[0, "malformed"]]);
    const r = resolveTurn(state, parsed.orders);
    expect(modelsOf(r.state).sonnet!.inputPrice).toBe(2.5);
    expect(modelsOf(r.state).fable!.inputPrice).toBe(5);
    const rej = r.events.filter((e) => e.kind === "order/rejected");
    expect(rej).toHaveLength(1);
    expect(rej[0]).toMatchObject({ seat: "meridian", code: "wrong_role", orderType: "hyperscaler/setUsefulLife" });
  });

  it("keeps a hyperscaler's standing accelerator orders one per chipmaker, sorted by chipmaker, dropping one for no units", () => {
    const order = (chipmaker: string, units: number): Order => ({
      type: "hyperscaler/orderAccelerators",
      chipmaker,
      units,
      maxPrice: 30_000,
    });
    const listOf = (s: GameState) => (actorOf(s, "stratus") as HyperscalerState).acceleratorOrders;
    const s1 = resolveTurn(state, { stratus: [order("vector", 10), order("lattice", 20), order("vector", 30)] }).state;
    expect(listOf(s1).map((x) => [x.chipmaker, x.units])).toEqual([
      ["lattice", 20],
      ["vector", 30],
    ]);
    const s2 = resolveTurn(s1, { stratus: [order("lattice", 0)] }).state;
    expect(listOf(s2).map((x) => x.chipmaker)).toEqual(["vector"]);
    // a list found out of order (here with an entry for a chipmaker the scenario lacks) is sorted, as before:
    // stratus's rows of the table written again in reverse, and one more after them
    const h = s1.companies.roleRow[companyIndex(s1, "stratus")]!;
    const rows = listOf(s1).reverse();
    keepRows(ACCEL_ORDERS.fields, s1.accelOrders, (r) => s1.accelOrders.owner[r] !== h);
    for (const x of [...rows, { chipmaker: "aardvark", units: 1, maxPrice: 1 }])
      addRow(ACCEL_ORDERS.fields, s1.accelOrders, { owner: h, ...x });
    expect(listOf(s1).map((x) => x.chipmaker)).toEqual(["vector", "lattice", "aardvark"]);
    const s3 = resolveTurn(s1, { stratus: [order("lattice", 5)] }).state;
    expect(listOf(s3).map((x) => [x.chipmaker, x.units])).toEqual([
      ["aardvark", 1],
      ["lattice", 5],
      ["vector", 30],
    ]);
  });
});
