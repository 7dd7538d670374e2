/**
 * Orders: a nonsensical order is rejected with a structured reason and the rest of that seat's
 * orders still apply; bad input never throws.
 */
import { describe, expect, it } from "vitest";
import {
  actorOf,
  type ChipmakerState,
  createGame,
  declOf,
  dryRun,
  type GameState,
  type HyperscalerState,
  hashState,
  loadScenario,
  mergeKeyOf,
  modelsOf,
  ORDERS,
  type Order,
  parseOrders,
  parseOrdersBySeat,
  resolveTurn,
  runGame,
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

  it("refuses a compute split that does not add up to 100%, in the percent the form shows", () => {
    const split = (internal: number) =>
      validateOrders(state, "meridian", [{ type: "lab/allocateCompute", training: 0.4, serving: 0.45, internal }]);
    expect(split(0.15).ok).toBe(true);
    expect(split(0.1).rejections[0]).toMatchObject({
      code: "bad_split",
      message: "training + serving + internal must add up to 100% (got 95.0%)",
    });
  });

  it("numbers each rejection by its order's place in the list sent", () => {
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
    // new chipmakers go into their place in the order, whatever the order of the orders
    const s3 = resolveTurn(s2, { stratus: [order("lattice", 5)] }).state;
    expect(listOf(s3).map((x) => [x.chipmaker, x.units])).toEqual([
      ["lattice", 5],
      ["vector", 30],
    ]);
  });
});

describe("Orders: what a seat's cash and credit can pay for", () => {
  // A typo in a standing spot bid or chip order (every spot hour at $99, a million chips for a
  // neocloud) left the company with a bill that failed it within a quarter (classroom, every seed).
  it("refuses a spot bid whose most exceeds cash and credit, saying how much they pay for; the standing bid stays", () => {
    const lab = (s: GameState) => actorOf(s, "meridian") as Extract<ReturnType<typeof actorOf>, { role: "lab" }>;
    const before = lab(state).spotBid;
    const r = resolveTurn(state, { meridian: [{ type: "lab/spotBid", gpuHours: 1e12, maxPrice: 99 }] });
    const rej = r.events.filter((e) => e.kind === "order/rejected");
    expect(rej).toHaveLength(1);
    expect(rej[0]).toMatchObject({ seat: "meridian", code: "insufficient_funds", orderType: "lab/spotBid" });
    expect((rej[0] as { message: string }).message).toMatch(
      /^at up to \$99\/GPU-h your cash and credit pay for at most [\d,]+ GPU-hours a quarter$/,
    );
    expect(lab(r.state).spotBid).toEqual(before);
    // the most it names is accepted
    const most = Number((rej[0] as { message: string }).message.match(/at most ([\d,]+)/)![1]!.replaceAll(",", ""));
    const ok = resolveTurn(state, { meridian: [{ type: "lab/spotBid", gpuHours: most, maxPrice: 99 }] });
    expect(ok.events.filter((e) => e.kind === "order/rejected")).toEqual([]);
    expect(lab(ok.state).spotBid).toEqual({ gpuHours: most, maxPrice: 99 });
  });

  it("refuses a standing chip order that a quarter of, at the list price, exceeds cash and credit", () => {
    const order = (units: number): Order => ({ type: "hyperscaler/orderAccelerators", chipmaker: "vector", units, maxPrice: 100_000 });
    const big = dryRun(state, "coreforge", [order(1_000_000)])[0]!;
    expect(big.ok).toBe(false);
    expect(big.refusal).toMatchObject({ code: "insufficient_funds" });
    expect(big.refusal!.message).toMatch(
      /^1,000,000 units a quarter at the list price of \$[\d,]+ cost more than cash and credit: at most [\d,]+$/,
    );
    const most = Number(big.refusal!.message.match(/at most ([\d,]+)$/)![1]!.replaceAll(",", ""));
    expect(most).toBeGreaterThan(0);
    expect(dryRun(state, "coreforge", [order(most)])[0]!.ok).toBe(true);
  });
});

describe("Orders: dry run (validity and direct cost against the state, no market clearing)", () => {
  const s = runGame({ scenario: loadScenario("base"), seed: 5, quarters: 2 }).state;
  const typed = (raw: unknown[]): Order[] => {
    const p = parseOrders(raw);
    expect(p.rejections).toEqual([]);
    return p.orders;
  };
  const chip = (id: string) => actorOf(s, id) as ChipmakerState;
  const cloud = (id: string) => actorOf(s, id) as HyperscalerState;

  it("answers each order's validity and direct cost, and changes nothing", () => {
    const before = structuredClone(s);
    const hash = hashState(s);
    const price = chip("vector").unitPrice;
    const contract = cloud("stratus").contractPrice;
    const dc = s.world.dataCentre;
    const lab = typed([
      { type: "lab/setPrices", tier: "frontier", inputPrice: 4, outputPrice: 20 },
      { type: "lab/signContract", provider: "stratus", gpuHoursPerQuarter: 1e8, quarters: 4 },
      { type: "lab/spotBid", gpuHours: 2e7, maxPrice: 3 },
      { type: "lab/investEfficiency", perQuarter: 5e8 },
      { type: "finance/raiseEquity", amount: 1e9 },
      { type: "lab/signContract", provider: "stratus", gpuHoursPerQuarter: 1e12, quarters: 4 },
      { type: "hyperscaler/setUsefulLife", years: 5 },
    ]);
    const r = dryRun(s, "meridian", lab);
    expect(r.map((x) => x.order)).toEqual(lab);
    expect(r.map((x) => x.ok)).toEqual([true, true, true, true, true, false, false]);
    expect(r.map((x) => x.refusal?.code ?? null)).toEqual([null, null, null, null, null, "exceeds_capacity", "wrong_role"]);
    expect(r.map((x) => x.cost)).toEqual([0, 1e8 * contract, 2e7 * 3, 5e8, -1e9, 1e12 * contract, 0]);
    const cloudOrders = typed([
      { type: "hyperscaler/buildPower", region: "us", mw: 500 },
      { type: "hyperscaler/orderAccelerators", chipmaker: "vector", units: 1000, maxPrice: price },
      { type: "hyperscaler/orderAccelerators", chipmaker: "vector", units: 1000, maxPrice: price - 1 },
      { type: "hyperscaler/orderAccelerators", chipmaker: "lattice", units: 1000, maxPrice: 1e6 },
    ]);
    const h = dryRun(s, "nimbus", cloudOrders);
    expect(h.map((x) => x.cost).slice(0, 3)).toEqual([(500 * dc.costPerMw) / dc.buildQuarters, 1000 * price, 0]);
    expect(h.map((x) => x.refusal?.code ?? null)).toEqual([null, null, null, "not_guarantor"]);
    // an unknown seat: every order refused, nothing committed
    expect(dryRun(s, "nobody", lab).every((x) => !x.ok && x.refusal?.code === "unknown_seat" && x.cost === 0)).toBe(true);
    // nothing changed: not the state, not its hash
    expect(s).toEqual(before);
    expect(hashState(s)).toBe(hash);
  });

  it("agrees with the check resolveTurn applies (the same code answers both)", () => {
    const orders = typed([
      { type: "lab/setPrices", tier: "frontier", inputPrice: 4, outputPrice: 20 },
      { type: "lab/signContract", provider: "stratus", gpuHoursPerQuarter: 1e12, quarters: 4 },
      { type: "finance/repayDebt", amount: 1e13 },
      { type: "enterprise/setBudget", perQuarter: 1e6 },
    ]);
    const dry = dryRun(s, "meridian", orders);
    const checked = validateOrders(s, "meridian", orders);
    expect(dry.filter((x) => x.ok).map((x) => x.order)).toEqual(checked.orders);
    expect(dry.filter((x) => !x.ok).map((x) => x.refusal!.code)).toEqual(checked.rejections.map((x) => x.code));
    const events = resolveTurn(s, { meridian: orders }).events.filter((e) => e.kind === "order/rejected");
    expect(events.map((e) => (e.kind === "order/rejected" ? e.code : ""))).toEqual(checked.rejections.map((x) => x.code));
  });
});

describe("Orders: merge keys", () => {
  const o = (x: unknown): Order => parseOrders([x]).orders[0]!;

  it("every order type's merge key is one of its schema's fields, or none", () => {
    for (const d of ORDERS) {
      const key = declOf(d.type).mergeKey;
      if (key !== null) expect(Object.keys(d.schema.shape), d.type).toContain(key);
    }
  });

  it("tells apart orders of one type by their merge key's value, and only by it", () => {
    const prices = (tier: string, p: number) => o({ type: "lab/setPrices", tier, inputPrice: p, outputPrice: p });
    expect(mergeKeyOf(prices("frontier", 1))).not.toBe(mergeKeyOf(prices("mid", 1)));
    expect(mergeKeyOf(prices("frontier", 1))).toBe(mergeKeyOf(prices("frontier", 2)));
    const accel = (chipmaker: string, units: number) => o({ type: "hyperscaler/orderAccelerators", chipmaker, units, maxPrice: 1 });
    expect(mergeKeyOf(accel("vector", 1))).not.toBe(mergeKeyOf(accel("lattice", 1)));
    expect(mergeKeyOf(accel("vector", 1))).toBe(mergeKeyOf(accel("vector", 2)));
    const contract = (provider: string) => o({ type: "lab/signContract", provider, gpuHoursPerQuarter: 1, quarters: 1 });
    expect(mergeKeyOf(contract("stratus"))).not.toBe(mergeKeyOf(contract("nimbus")));
    const route = (taskClass: string) => o({ type: "enterprise/setRouting", taskClass, policy: "cheapest" });
    expect(mergeKeyOf(route("coding"))).not.toBe(mergeKeyOf(route("routine")));
    // without a merge key: one per seat
    expect(mergeKeyOf(o({ type: "enterprise/setBudget", perQuarter: 1 }))).toBe(
      mergeKeyOf(o({ type: "enterprise/setBudget", perQuarter: 2 })),
    );
    // never equal across types, even with the same key value
    expect(mergeKeyOf(o({ type: "finance/drawDebt", amount: 1 }))).not.toBe(mergeKeyOf(o({ type: "finance/repayDebt", amount: 1 })));
  });
});
