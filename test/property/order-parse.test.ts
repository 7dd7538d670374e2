/**
 * The fast path of order parsing (shared/protocol/order-parse.ts) against zod itself: on random
 * order-like values built from the schemas' own fields, keys and bounds, the fast path never
 * accepts what OrderSchema rejects, returns exactly what zod returns when it accepts (the same
 * keys in the same order, the same values, a present `undefined` kept), and accepts every order
 * zod accepts, so no order type silently falls back to the slow path.
 */
import fc from "fast-check";
import { describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { type Def, defOf, fastOrderTypes, parseOrder, parseOrderFast } from "../../shared/protocol/order-parse.ts";
import { OrderSchema } from "../../shared/protocol/orders.ts";

const options = OrderSchema.options.map((o) => defOf(o));
const TYPES = options.map((d) => defOf(d.shape!.type).values![0] as string);

/** Values a field of this schema might be given: its valid values, its bounds and just past them, and wrong kinds. */
function candidates(d: Def): unknown[] {
  if (d.type === "optional") return [undefined, ...candidates(defOf(d.innerType))];
  const out: unknown[] = [null, "x", true, [], {}];
  if (d.type === "literal") out.push(...d.values!, `${String(d.values![0])}x`);
  if (d.type === "enum") out.push(...Object.values(d.entries!), "other");
  if (d.type === "boolean") out.push(true, false, 0, "true");
  if (d.type === "string") out.push("", "a", "nimbus", "stratus", "coding", "y".repeat(40), "y".repeat(41), 3);
  if (d.type === "array") {
    const el = candidates(defOf(d.element));
    out.push(
      ["a"],
      ["a", "b"],
      [""],
      [3],
      Array.from({ length: 16 }, (_, i) => `s${i}`),
      Array.from({ length: 17 }, (_, i) => `s${i}`),
      el.slice(0, 3),
    );
  }
  if (d.type === "number") {
    out.push(0, -0, 1, 2.5, 12, 1e6, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -1, "5", 2 ** 53);
    for (const c of d.checks ?? []) {
      const v = c._zod.def.value;
      if (typeof v === "number") out.push(v, v - 1e-9, v + 1e-9, v - 1, v + 1, v * (1 + 1e-12));
    }
  }
  return out;
}

/** An order-like value: a type (sometimes wrong), most of that schema's keys (sometimes one missing or one extra), values from candidates. */
const orderLike = fc
  .record({
    t: fc.nat({ max: TYPES.length }),
    drop: fc.nat({ max: 12 }),
    extra: fc.boolean(),
    picks: fc.array(fc.nat({ max: 1000 }), { minLength: 8, maxLength: 8 }),
    valid: fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }),
    rotate: fc.nat({ max: 11 }),
  })
  .map(({ t, drop, extra, picks, valid, rotate }) => {
    const def = options[t % options.length]!;
    const out: Record<string, unknown> = {};
    Object.keys(def.shape!).forEach((k, i) => {
      if (i === drop) return;
      const field = defOf(def.shape![k]);
      if (k === "type") {
        out.type = t === TYPES.length ? "lab/unknown" : TYPES[t];
        return;
      }
      const pool = candidates(field);
      // half the time a value that is likely valid (the schema's own values come after the wrong kinds)
      const from = valid[i % 8] ? Math.min(5, pool.length - 1) : 0;
      out[k] = pool[from + (picks[i % 8]! % (pool.length - from))];
    });
    if (extra) out.surplus = 1;
    // mostly the schema's key order (as clients send it), sometimes rotated (zod does not mind the order)
    if (rotate < 9) return out;
    const entries = Object.entries(out);
    const r = rotate % entries.length;
    return Object.fromEntries([...entries.slice(r), ...entries.slice(0, r)]);
  });

function sameResult(fast: unknown, slow: unknown): void {
  // same keys in the same order (a present undefined included), same values (NaN and -0 told apart)
  expect(Object.keys(fast as object)).toEqual(Object.keys(slow as object));
  for (const k of Object.keys(slow as object)) {
    const a = (fast as Record<string, unknown>)[k];
    const b = (slow as Record<string, unknown>)[k];
    if (Array.isArray(b)) expect(a).toEqual(b);
    else expect(Object.is(a, b)).toBe(true);
  }
}

describe("order parsing: the fast path agrees with zod", () => {
  it("covers every order type of OrderSchema", () => {
    expect(fastOrderTypes().sort()).toEqual([...TYPES].sort());
  });

  it("never accepts what zod rejects, returns what zod returns, and accepts every order zod accepts", () => {
    let accepted = 0;
    let rejected = 0;
    fc.assert(
      fc.property(orderLike, (raw) => {
        const slow = OrderSchema.safeParse(raw);
        const fast = parseOrderFast(raw);
        if (slow.success) {
          accepted++;
          expect(fast).not.toBeNull();
          sameResult(fast, slow.data);
        } else {
          rejected++;
          expect(fast).toBeNull();
          // parseOrder then gives zod's own result, with its message
          const r = parseOrder(raw);
          expect(r.success).toBe(false);
          expect(r.error?.issues).toEqual(slow.error.issues);
        }
        // the fast path returns a new object, never the caller's (a later change to it changes nothing)
        if (fast) expect(fast).not.toBe(raw);
      }),
      { numRuns: 20_000, seed: 20261123 },
    );
    // both sides were exercised in earnest
    expect(accepted).toBeGreaterThan(1_000);
    expect(rejected).toBeGreaterThan(1_000);
  });

  it("copies arrays, so the caller's array is not shared with the parsed order", () => {
    const raw = { type: "chipmaker/setAllocation", priority: ["stratus", "nimbus"] };
    const fast = parseOrderFast(raw) as { priority: string[] };
    expect(fast.priority).toEqual(raw.priority);
    expect(fast.priority).not.toBe(raw.priority);
  });

  it("agrees with zod on keys that are inherited or not enumerable", () => {
    const routing = { type: "enterprise/setRouting", taskClass: "coding", policy: "named", model: "m1" };
    const cases: object[] = [
      // a known key inherited, an unknown key inherited
      Object.assign(Object.create({ policy: "cheapest" }), { type: "enterprise/setRouting", taskClass: "coding" }),
      Object.assign(Object.create({ surplus: 1 }), routing),
      // an optional key, and a required one, present but not enumerable
      Object.defineProperty({ ...routing }, "fallback", { value: "m2", enumerable: false }),
      Object.defineProperty({ type: "enterprise/setRouting", taskClass: "coding" }, "policy", { value: "cheapest", enumerable: false }),
      // an optional key present and undefined, in and out of the schema's order
      { ...routing, fallback: undefined },
      { fallback: undefined, ...routing },
    ];
    for (const raw of cases) {
      const slow = OrderSchema.safeParse(raw);
      const fast = parseOrderFast(raw);
      if (slow.success) {
        if (fast) sameResult(fast, slow.data);
      } else expect(fast).toBeNull();
    }
  });

  it("rejects values that are not objects, and unknown types, by leaving them to zod", () => {
    for (const raw of [null, undefined, 3, "lab/spotBid", [], { type: "nope" }, Object.create(null)]) {
      expect(parseOrderFast(raw)).toBeNull();
      expect(parseOrder(raw).success).toBe(false);
    }
  });

  it("falls back to zod for every order when generated code is refused (a Content-Security-Policy without unsafe-eval)", async () => {
    vi.resetModules();
    // zod finds out for itself that it may not generate code, once, on first use; here it was
    // allowed, so it is told (jitless), as it would have found out under such a policy
    z.config({ jitless: true });
    vi.stubGlobal("Function", function refused(): never {
      throw new EvalError("Refused to evaluate a string as JavaScript");
    });
    try {
      const m = await import("../../shared/protocol/order-parse.ts");
      expect(m.fastOrderTypes()).toEqual([]);
      const raw = { type: "lab/setPrices", tier: "mid", inputPrice: 2, outputPrice: 8 };
      expect(m.parseOrderFast(raw)).toBeNull();
      const r = m.parseOrder(raw);
      expect(r.success).toBe(true);
      expect(r.data).toEqual(raw);
    } finally {
      vi.unstubAllGlobals();
      z.config({ jitless: false });
      vi.resetModules();
    }
  });
});
