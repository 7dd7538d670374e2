/**
 * The structural state hash (shared/engine/hash.ts): what it must tell apart and what it must not.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { hashValue } from "../../shared/index.ts";

describe("hashValue", () => {
  it("does not depend on an object's key order (JSON stores may reorder keys)", () => {
    expect(hashValue({ a: 1, b: [2, { c: "x", d: 0.5 }] })).toBe(hashValue({ b: [2, { d: 0.5, c: "x" }], a: 1 }));
    fc.assert(
      fc.property(fc.dictionary(fc.string({ maxLength: 6 }), fc.jsonValue({ maxDepth: 3 })), (o) => {
        const reversed = Object.fromEntries(Object.entries(o).reverse());
        expect(hashValue(reversed)).toBe(hashValue(o));
      }),
    );
  });

  it("tells apart swapped values, array order, nesting, types and -0 only as JSON does", () => {
    const distinct = [
      { a: 1, b: 2 },
      { a: 2, b: 1 },
      { a: 1, b: 2, c: null },
      { a: [1, 2] },
      { a: [2, 1] },
      { a: [[1], 2] },
      { a: "1" },
      { a: true },
      { a: 1.5 },
      { ab: 1 },
      [{ a: 1 }, { b: 2 }],
      [{ a: 1, b: 2 }],
    ].map(hashValue);
    expect(new Set(distinct).size).toBe(distinct.length);
    expect(hashValue({ a: -0 })).toBe(hashValue({ a: 0 }));
    expect(hashValue({ a: 1, b: undefined })).toBe(hashValue({ a: 1 }));
  });

  it("survives a JSON round trip and rejects non-finite numbers", () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), (v) => {
        expect(hashValue(JSON.parse(JSON.stringify(v)))).toBe(hashValue(v));
      }),
    );
    expect(() => hashValue({ a: Number.NaN })).toThrow(/non-finite/);
  });
});
