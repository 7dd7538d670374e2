/**
 * fixed(x, digits) (shared/engine/math.ts) replaces x.toFixed(digits) in event texts; it must
 * give the same string for every number, or a game's texts would change. The hard cases are
 * ties (x × 10^digits exactly half-way: the larger integer wins) and the doubles next to them,
 * whose decimal expansion lies just above or below the tie.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fixed } from "../../shared/engine/math.ts";

const DIGITS = [0, 1, 2] as const;
const view = new DataView(new ArrayBuffer(8));

/** The next double away from zero (up = true) or towards it. */
function neighbour(x: number, up: boolean): number {
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  view.setBigUint64(0, up ? bits + 1n : bits - 1n);
  return view.getFloat64(0);
}

function sameAsToFixed(x: number): void {
  for (const d of DIGITS) expect(fixed(x, d), `${x} to ${d} digits`).toBe(x.toFixed(d));
}

describe("fixed", () => {
  it("is toFixed on doubles of every magnitude, signs and special values included", () => {
    fc.assert(
      fc.property(fc.double({ noNaN: false }), (x) => sameAsToFixed(x)),
      { numRuns: 20000, seed: 7 },
    );
    fc.assert(
      fc.property(fc.double({ min: -1e13, max: 1e13, noNaN: true }), (x) => sameAsToFixed(x)),
      { numRuns: 20000, seed: 8 },
    );
  });

  it("is toFixed at ties and at the doubles on either side of them", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 40 }), fc.constantFrom(1, 10, 100), fc.boolean(), (k, p, negative) => {
        const tie = ((k + 0.5) / p) * (negative ? -1 : 1);
        if (tie === 0) return;
        sameAsToFixed(tie);
        sameAsToFixed(neighbour(tie, true));
        sameAsToFixed(neighbour(tie, false));
      }),
      { numRuns: 20000, seed: 9 },
    );
  });

  it("is toFixed on values people know to be hard", () => {
    for (const x of [
      0,
      -0,
      0.5,
      1.5,
      2.5,
      -2.5,
      0.05,
      0.15,
      0.25,
      0.35,
      1.005,
      1.045,
      4.35,
      8.675,
      0.045,
      1e-320,
      -1e-7,
      999999999999.995,
      1e12,
      1e15 + 0.3,
      Number.MAX_VALUE,
      Number.POSITIVE_INFINITY,
      Number.NaN,
    ]) {
      sameAsToFixed(x);
    }
  });
});
