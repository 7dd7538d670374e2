/**
 * sortSmall and sortStrings (shared/engine/math.ts) replace Array.prototype.sort in the engine;
 * they must order exactly as it does (it is stable), or results would change: by insertion up to
 * 16 items, by merging past that.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { mergeSorted, sortSmall, sortStrings } from "../../shared/engine/math.ts";

type Item = { price: number; id: number };
const byPrice = (a: Item, b: Item): number => a.price - b.price;
const byPriceThenId = (a: Item, b: Item): number => a.price - b.price || a.id - b.id;

describe("sortSmall", () => {
  it("orders as Array.prototype.sort does, ties included (both are stable), at every length", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 200 }), (prices) => {
        const items = prices.map((price, id) => ({ price, id }));
        for (const cmp of [byPrice, byPriceThenId]) {
          const want = items.slice().sort(cmp);
          const got = items.slice();
          expect(sortSmall(got, cmp)).toBe(got);
          expect(got).toEqual(want);
        }
      }),
      { numRuns: 300, seed: 11 },
    );
  });

  it("orders runs already in order, as a hyperscaler's asks come, as Array.prototype.sort does", () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.integer({ min: 0, max: 50 }), { maxLength: 40 }), { maxLength: 6 }), (runs) => {
        const items = runs.flatMap((run) => run.sort((x, y) => x - y)).map((price, id) => ({ price, id }));
        const want = items.slice().sort(byPrice);
        expect(sortSmall(items, byPrice)).toEqual(want);
      }),
      { numRuns: 300, seed: 13 },
    );
  });

  it("sortStrings orders as sort() does, by UTF-16 code units", () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 4 }), { maxLength: 60 }), (xs) => {
        expect(sortStrings(xs.slice())).toEqual(xs.slice().sort());
      }),
      { numRuns: 300, seed: 12 },
    );
    expect(sortStrings(["b", "a", "B", "é", "e", ""])).toEqual(["", "B", "a", "b", "e", "é"]);
  });
});

describe("mergeSorted", () => {
  it("merges lists each in order as a stable sort of their concatenation orders it, ties included", () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.integer({ min: 0, max: 8 }), { maxLength: 40 }), { maxLength: 6 }), (lists) => {
        let id = 0;
        const sorted = lists.map((l) => l.sort((x, y) => x - y).map((price) => ({ price, id: id++ })));
        for (const cmp of [byPrice, byPriceThenId]) expect(mergeSorted(sorted, cmp)).toEqual(sorted.flat().sort(cmp));
      }),
      { numRuns: 300, seed: 14 },
    );
  });
});
