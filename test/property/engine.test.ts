/**
 * Property tests (fast-check) of the engine's invariants: money is conserved, no NaN or
 * negative stock, capacity is never exceeded, the state survives a JSON round trip,
 * random valid orders never break an invariant, random invalid orders are rejected without
 * throwing and change nothing but the rejection events, determinism, and no mutation of
 * resolveTurn's input. numRuns are kept modest: the whole file runs in well under a minute.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  actorsOf,
  botOrders,
  checkInvariants,
  createGame,
  type GameEvent,
  type GameState,
  hashState,
  ledgerTotalCents,
  loadScenario,
  modelsOf,
  ORDERS,
  type OrdersBySeat,
  parseOrdersBySeat,
  playerView,
  resolveTurn,
  stateFromJson,
  stateToJson,
  validateOrders,
} from "../../shared/index.ts";

const scenario = loadScenario("base");
const fresh = createGame(scenario, 7);
const SEATS = [...fresh.companies.id].sort();
const ROLE_OF: Record<string, string> = Object.fromEntries(fresh.companies.id.map((s, i) => [s, fresh.companies.role[i]!]));
const HYPERSCALERS = SEATS.filter((s) => ROLE_OF[s] === "hyperscaler");
const CHIPMAKERS = SEATS.filter((s) => ROLE_OF[s] === "chipmaker");
const MODELS = [...fresh.models.id].sort();
const CLASSES = [...fresh.classes.id];
const ORDER_TYPES: readonly string[] = ORDERS.map((d) => d.type);

/** Orders a test made well formed, parsed as at a trust boundary; none may be refused there. */
function typed(raw: Record<string, unknown[]>): OrdersBySeat {
  const p = parseOrdersBySeat(raw);
  const refused = Object.entries(p.rejections).flatMap(([seat, rs]) => rs.map((r) => `${seat} ${r.type}: ${r.message}`));
  if (refused.length) throw new Error(`a well-formed test order was refused: ${refused.join("; ")}`);
  return p.orders;
}

const frac = fc.double({ min: 0, max: 1, noNaN: true });
const price = (max: number) => fc.double({ min: 0.01, max, noNaN: true });
const money = (max: number) => fc.double({ min: 1, max, noNaN: true });

/** Orders of each role with sensible ranges (they may still be refused on meaning, e.g. funds). */
const labOrder = fc.oneof(
  fc.record({
    type: fc.constant("lab/setPrices"),
    tier: fc.constantFrom("frontier", "mid", "small"),
    inputPrice: price(40),
    outputPrice: price(120),
  }),
  fc.tuple(frac, frac, frac).map(([a, b, c]) => {
    const s = a + b + c || 1;
    return { type: "lab/allocateCompute", training: a / s, serving: s === 1 && a + b + c === 0 ? 1 : b / s, internal: c / s };
  }),
  fc.record({
    type: fc.constant("lab/signContract"),
    provider: fc.constantFrom(...HYPERSCALERS),
    gpuHoursPerQuarter: fc.double({ min: 1e6, max: 3e9, noNaN: true }),
    quarters: fc.integer({ min: 1, max: 12 }),
  }),
  fc.record({ type: fc.constant("lab/spotBid"), gpuHours: fc.double({ min: 0, max: 5e9, noNaN: true }), maxPrice: price(12) }),
  fc.record({ type: fc.constant("lab/investEfficiency"), perQuarter: fc.double({ min: 0, max: 5e9, noNaN: true }) }),
  fc.record({ type: fc.constant("lab/releaseModel"), mode: fc.constantFrom("api", "phased", "withhold") }),
  fc.record({ type: fc.constant("lab/setConsumerPlan"), plan: fc.constantFrom("flat", "capped", "usage") }),
);
const hyperscalerOrder = fc.oneof(
  fc.record({
    type: fc.constant("hyperscaler/buildPower"),
    region: fc.constantFrom("us", "europe", "asia"),
    mw: fc.double({ min: 1, max: 5000, noNaN: true }),
  }),
  fc.record({
    type: fc.constant("hyperscaler/orderAccelerators"),
    chipmaker: fc.constantFrom(...CHIPMAKERS),
    units: fc.double({ min: 0, max: 2e6, noNaN: true }),
    maxPrice: price(80000),
  }),
  fc.record({ type: fc.constant("hyperscaler/setGpuPrices"), contractPrice: price(10), spotFloor: price(10) }),
  fc.record({ type: fc.constant("hyperscaler/setUsefulLife"), years: fc.double({ min: 1, max: 15, noNaN: true }) }),
);
const chipmakerOrder = fc.oneof(
  fc.record({ type: fc.constant("chipmaker/orderWafers"), wafers: fc.double({ min: 0, max: 300000, noNaN: true }), prepay: fc.boolean() }),
  fc.record({ type: fc.constant("chipmaker/setPrice"), unitPrice: price(90000) }),
  fc.record({ type: fc.constant("chipmaker/setAllocation"), priority: fc.subarray(HYPERSCALERS) }),
  fc.record({ type: fc.constant("chipmaker/fundRnd"), perQuarter: fc.double({ min: 0, max: 1e10, noNaN: true }) }),
);
const enterpriseOrder = fc.oneof(
  fc.record({ type: fc.constant("enterprise/setBudget"), perQuarter: fc.double({ min: 0, max: 2e9, noNaN: true }) }),
  fc.record(
    {
      type: fc.constant("enterprise/setRouting"),
      taskClass: fc.constantFrom(...CLASSES),
      policy: fc.constantFrom("cheapest", "frontier", "named"),
      model: fc.constantFrom(...MODELS),
      fallback: fc.constantFrom(...MODELS),
    },
    { requiredKeys: ["type", "taskClass", "policy", "model"] },
  ),
  fc.record({ type: fc.constant("enterprise/investIntegration"), perQuarter: fc.double({ min: 0, max: 5e8, noNaN: true }) }),
  fc.record({ type: fc.constant("enterprise/setLabourSubstitution"), share: frac }),
);
const financeOrder = fc.oneof(
  fc.record({ type: fc.constant("finance/raiseEquity"), amount: money(5e10) }),
  fc.record({ type: fc.constant("finance/drawDebt"), amount: money(5e10) }),
  fc.record({ type: fc.constant("finance/repayDebt"), amount: money(5e10) }),
);
const ROLE_ORDERS: Record<string, fc.Arbitrary<unknown>> = {
  lab: labOrder,
  hyperscaler: hyperscalerOrder,
  chipmaker: chipmakerOrder,
  enterprise: enterpriseOrder,
};
const BY_ROLE: Record<string, fc.Arbitrary<Record<string, unknown>>> = {
  lab: fc.oneof(labOrder, financeOrder),
  hyperscaler: fc.oneof(hyperscalerOrder, financeOrder),
  chipmaker: fc.oneof(chipmakerOrder, financeOrder),
  enterprise: fc.oneof(enterpriseOrder, financeOrder),
};

/** Orders for some seats (the others keep their standing policies), shape-valid for their role. */
const validOrdersBySeat: fc.Arbitrary<OrdersBySeat> = fc
  .subarray(SEATS, { minLength: 1 })
  .chain((seats) =>
    fc
      .tuple(...seats.map((s) => fc.array(BY_ROLE[ROLE_OF[s]!]!, { maxLength: 4 })))
      .map((lists) => typed(Object.fromEntries(seats.map((s, i) => [s, lists[i]!])))),
  );

function assertSound(s: GameState, when: string): void {
  expect(ledgerTotalCents(s), when).toBe(0);
  expect(checkInvariants(s), when).toEqual([]);
  const actors = actorsOf(s);
  const models = modelsOf(s);
  for (const id of Object.keys(actors).sort()) {
    const a = actors[id]!;
    if (a.role === "hyperscaler") {
      const kw = a.fleet.reduce((t, c) => t + c.units * c.kwPerUnit, 0);
      expect(kw, `${when}: ${id} power`).toBeLessThanOrEqual(a.powerMw * 1000 * (1 + 1e-9) + 1e-6);
      expect(a.gpu.ownUse + a.gpu.contracted + a.gpu.spot, `${when}: ${id} GPU-hours`).toBeLessThanOrEqual(a.gpu.capacity * (1 + 1e-9) + 1);
      expect(a.gpu.idle, `${when}: ${id} idle`).toBeGreaterThanOrEqual(0);
      for (const w of a.warehouseUnits) expect(w.units).toBeGreaterThanOrEqual(0);
    }
    if (a.role === "chipmaker") {
      expect(a.inventoryUnits).toBeGreaterThanOrEqual(0);
      expect(a.inTransitUnits).toBeGreaterThanOrEqual(0);
      expect(a.sold).toBeGreaterThanOrEqual(0);
    }
    if (a.role === "lab") {
      const c = a.compute;
      expect(c.training + c.serving + c.internal, `${when}: ${id} compute`).toBeLessThanOrEqual(c.total * (1 + 1e-9) + 1);
      // Labs never serve more tokens than their serving compute allows (API tokens at each model's throughput).
      let gpuNeeded = 0;
      for (const mid of a.models) gpuNeeded += models[mid]!.servedMtok / models[mid]!.mtokPerGpuHour;
      if (s.world.params.rationing === "throttle") expect(gpuNeeded, `${when}: ${id} serving`).toBeLessThanOrEqual(c.serving * 1.05 + 1);
    }
    if (a.role === "enterprise") expect(a.spend, `${when}: ${id} budget`).toBeLessThanOrEqual(a.budget * (1 + 1e-6) + 1);
  }
  for (const m of Object.values(models)) {
    expect(m.servedMtok).toBeGreaterThanOrEqual(0);
    expect(m.revenue).toBeGreaterThanOrEqual(0);
    expect(m.inputPrice).toBeGreaterThanOrEqual(0);
  }
  expect(s.foundry.capacityWafers).toBeGreaterThan(0);
  expect(s.memory.capacityStacks).toBeGreaterThan(0);
}

function botsAll(s: GameState): OrdersBySeat {
  const out: OrdersBySeat = {};
  for (const id of [...s.companies.id].sort()) out[id] = botOrders(playerView(s, id));
  return out;
}

function deepFreeze<T>(x: T): T {
  if (x && typeof x === "object" && !Object.isFrozen(x)) {
    Object.freeze(x);
    for (const v of Object.values(x as Record<string, unknown>)) deepFreeze(v);
  }
  return x;
}

/** A few quarters into a bot game, so properties start from a lived-in state too. */
const START_STATES: GameState[] = (() => {
  const out: GameState[] = [createGame(scenario, 11)];
  let s = createGame(scenario, 12);
  for (let i = 0; i < 3; i++) s = resolveTurn(s, botsAll(s)).state;
  out.push(s);
  return out;
})();

describe("property: money conserved, no NaN or negative stock, capacity never exceeded", () => {
  it("random valid orders for random seats, mixed with bots, keep every invariant after every quarter", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1 }), fc.array(validOrdersBySeat, { minLength: 4, maxLength: 4 }), (start, turns) => {
        let s = START_STATES[start]!;
        for (const [i, custom] of turns.entries()) {
          const orders = { ...botsAll(s), ...custom };
          s = resolveTurn(s, orders).state;
          assertSound(s, `quarter ${s.quarter} (turn ${i + 1})`);
        }
      }),
      { numRuns: 60, seed: 20260 },
    );
  });

  it("every scenario with bots keeps every invariant for 6 quarters (random seeds)", () => {
    const ids = ["base", "classroom", "wafer-crunch", "model-ban", "capex-winter", "jevons-boom", "bubble"];
    fc.assert(
      fc.property(fc.constantFrom(...ids), fc.integer({ min: 1, max: 1e6 }), (id, seed) => {
        let s = createGame(loadScenario(id), seed);
        for (let i = 0; i < 6 && !s.finished; i++) {
          s = resolveTurn(s, botsAll(s)).state;
          assertSound(s, `${id} seed ${seed} quarter ${s.quarter}`);
        }
      }),
      { numRuns: 21, seed: 4242 },
    );
  });

  it("the invariants name a going concern left with negative cash and AI's value above world output", () => {
    const s = resolveTurn(START_STATES[0]!, botsAll(START_STATES[0]!)).state;
    expect(checkInvariants(s)).toEqual([]);
    const broke = structuredClone(s);
    broke.companies.books.cash[0] = -1;
    expect(checkInvariants(broke)).toEqual([`${s.companies.id[0]}: ends the quarter with cash -1`]);
    const boom = structuredClone(s);
    boom.history[boom.history.length - 1]!.shadowOutput = s.world.params.economyOutput;
    expect(checkInvariants(boom).join()).toMatch(/^AI's value created [\d.e+]+ above world output/);
  });
});

describe("property: JSON round trip and determinism", () => {
  it("the state survives a JSON round trip (deep-equal, same hash) and resolves identically afterwards", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e6 }), validOrdersBySeat, (seed, custom) => {
        let s = createGame(scenario, seed);
        s = resolveTurn(s, { ...botsAll(s), ...custom }).state;
        const copy = stateFromJson(JSON.parse(JSON.stringify(stateToJson(s))));
        expect(copy).toEqual(s);
        expect(hashState(copy)).toBe(hashState(s));
        const orders = botsAll(s);
        expect(resolveTurn(copy, orders).hash).toBe(resolveTurn(s, orders).hash);
      }),
      { numRuns: 25, seed: 99 },
    );
  });

  it("same scenario, seed and orders give the same hash; resolveTurn does not mutate its (deep-frozen) input", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e6 }), fc.array(validOrdersBySeat, { minLength: 2, maxLength: 2 }), (seed, turns) => {
        let a = createGame(scenario, seed);
        let b = createGame(scenario, seed);
        expect(hashState(a)).toBe(hashState(b));
        for (const custom of turns) {
          const orders = deepFreeze({ ...botsAll(a), ...custom });
          const before = hashState(a);
          const frozen = deepFreeze(a);
          const ra = resolveTurn(frozen, orders);
          expect(hashState(frozen)).toBe(before);
          // the same orders as JSON data (bots' orders may be outside a schema's bounds: resolveTurn refuses those alike)
          const rb = resolveTurn(b, JSON.parse(JSON.stringify(orders)) as OrdersBySeat);
          expect(ra.hash).toBe(rb.hash);
          expect(ra.events).toEqual(rb.events);
          a = ra.state;
          b = rb.state;
        }
      }),
      { numRuns: 20, seed: 7 },
    );
  });

  it("different seeds draw different demand cones (the seed matters)", () => {
    const hs = new Set([1, 2, 3, 4].map((seed) => hashState(createGame(scenario, seed))));
    expect(hs.size).toBe(4);
  });
});

/** Orders that are wrong in shape or for the seat's role. */
function invalidOrder(seat: string): fc.Arbitrary<unknown> {
  const role = ROLE_OF[seat]!;
  const otherRoles = Object.keys(BY_ROLE).filter((r) => r !== role);
  const bad = fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -1, -1e9, 1e300, "5", null, {}, [], true);
  return fc.oneof(
    // wrong role (a role's own orders; finance orders are open to all, so exclude them)
    fc.constantFrom(...otherRoles).chain((r): fc.Arbitrary<unknown> => ROLE_ORDERS[r]!),
    // a valid shape with one field made nonsensical (NaN, infinite, negative, huge, wrong type)
    fc.tuple(BY_ROLE[role]!, bad).map(([o, v]) => {
      const keys = Object.keys(o).filter((k) => k !== "type");
      if (keys.length === 0) return { ...o, type: 42 };
      const k = keys[0]!;
      // a "bad" string, boolean or list for a field of that type could be valid (an empty priority list is)
      const f = o[k];
      const val =
        Array.isArray(f) && Array.isArray(v) ? [Number.NaN] : !Array.isArray(f) && typeof f !== "number" && typeof f === typeof v ? 17 : v;
      return { ...o, [k]: val };
    }),
    // unknown types, junk values
    fc.record({
      type: fc.string({ maxLength: 30 }).filter((t) => !ORDER_TYPES.includes(t)),
      amount: fc.double(),
    }),
    fc.constantFrom(null, undefined, 0, "lab/setPrices", [], [1, 2], Number.NaN),
    // prototype pollution attempts and extra keys on a valid order
    BY_ROLE[role]!.map((o) => JSON.parse(`{"__proto__":{"polluted":true},${JSON.stringify(o).slice(1)}`) as unknown),
    BY_ROLE[role]!.map((o) => ({ ...o, constructor: { prototype: { polluted: true } } })),
    BY_ROLE[role]!.map((o) => ({ ...o, extra: 1 })),
  );
}

function nonRejection(events: GameEvent[]): GameEvent[] {
  return events.filter((e) => e.kind !== "order/rejected");
}

describe("property: invalid orders are rejected without throwing and change nothing else", () => {
  it("validateOrders rejects every invalid order with a structured reason", () => {
    fc.assert(
      fc.property(
        fc
          .constantFrom(...SEATS)
          .chain((seat) => fc.tuple(fc.constant(seat), fc.array(invalidOrder(seat), { minLength: 1, maxLength: 6 }))),
        ([seat, orders]) => {
          const r = validateOrders(START_STATES[1]!, seat, orders);
          expect(r.ok).toBe(false);
          expect(r.orders).toEqual([]);
          expect(r.rejections.length).toBe(orders.length);
          for (const x of r.rejections) {
            expect(typeof x.code).toBe("string");
            expect(typeof x.message).toBe("string");
            expect(x.message.length).toBeGreaterThan(0);
          }
          expect(({} as Record<string, unknown>).polluted).toBeUndefined();
        },
      ),
      { numRuns: 150, seed: 3 },
    );
  });

  it("invalid orders, parsed and resolved, change nothing: each is refused by the parse or by resolveTurn as an event for its seat", () => {
    const base = START_STATES[1]!;
    const standing = resolveTurn(base, {});
    fc.assert(
      fc.property(
        fc
          .constantFrom(...SEATS)
          .chain((seat) => fc.tuple(fc.constant(seat), fc.array(invalidOrder(seat), { minLength: 1, maxLength: 5 }))),
        ([seat, orders]) => {
          const parsed = parseOrdersBySeat({ [seat]: orders });
          const r = resolveTurn(base, parsed.orders);
          expect(r.hash).toBe(standing.hash);
          expect(nonRejection(r.events)).toEqual(nonRejection(standing.events));
          const rej = r.events.filter((e) => e.kind === "order/rejected");
          expect((parsed.rejections[seat]?.length ?? 0) + rej.length).toBe(orders.length);
          for (const e of rej) expect(e.seat).toBe(seat);
          expect(({} as Record<string, unknown>).polluted).toBeUndefined();
        },
      ),
      { numRuns: 80, seed: 5 },
    );
  });

  it("unknown seats, non-list submissions, __proto__ seats and too many orders never throw", () => {
    const base = START_STATES[0]!;
    const standing = resolveTurn(base, {});
    const weird: unknown[] = [
      JSON.parse('{"__proto__":[{"type":"finance/drawDebt","amount":1e9}]}'),
      { constructor: [{ type: "finance/drawDebt", amount: 1 }] },
      { nobody: [{ type: "finance/drawDebt", amount: 1 }] },
      { meridian: "not a list" },
      { meridian: null },
      { meridian: { 0: { type: "lab/releaseModel", mode: "api" } } },
    ];
    for (const o of weird) {
      // as they cross the trust boundary, and (typed wrongly) straight into resolveTurn
      expect(resolveTurn(base, parseOrdersBySeat(o).orders).hash).toBe(standing.hash);
      expect(resolveTurn(base, o as OrdersBySeat).hash).toBe(standing.hash);
    }
    expect(validateOrders(base, "nobody", [{ type: "lab/releaseModel", mode: "api" }]).rejections[0]!.code).toBe("unknown_seat");
    expect(validateOrders(base, "__proto__", [{ type: "lab/releaseModel", mode: "api" }]).ok).toBe(false);
    expect(validateOrders(base, "meridian", "nope").ok).toBe(false);
    const many = Array.from({ length: 60 }, () => ({ type: "lab/releaseModel", mode: "api" }));
    const v = validateOrders(base, "meridian", many);
    expect(v.rejections.some((x) => x.code === "too_many")).toBe(true);
    expect(v.orders.length).toBeLessThanOrEqual(48);
  });

  it("a bad order does not stop the seat's other orders (paired check)", () => {
    const base = START_STATES[0]!;
    const good = { type: "lab/setPrices", tier: "frontier", inputPrice: 4, outputPrice: 20 };
    // malformed: refused by the parse
    const parsed = parseOrdersBySeat({ meridian: [{ type: "lab/setPrices", tier: "frontier", inputPrice: -1, outputPrice: 20 }, good] });
    expect(parsed.rejections.meridian?.length).toBe(1);
    const r = resolveTurn(base, parsed.orders);
    expect(modelsOf(r.state).fable!.outputPrice).toBe(20);
    // well formed but another role's: refused by resolveTurn, as an event for the seat
    const r2 = resolveTurn(base, typed({ meridian: [{ type: "chipmaker/setPrice", unitPrice: 1000 }, good] }));
    expect(modelsOf(r2.state).fable!.outputPrice).toBe(20);
    expect(r2.events.filter((e) => e.kind === "order/rejected" && e.seat === "meridian").length).toBe(1);
  });
});
