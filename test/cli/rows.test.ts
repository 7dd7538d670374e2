/**
 * A run's rows as bytes (server/cli/rows.ts): the same bytes as the rows written out as strings,
 * for every kind of number String() prints (integers, fractions, exponents, negatives) and
 * missing values, across runs that reuse and outgrow the formatter's buffers.
 */
import { gunzipSync } from "node:zlib";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { CellHeader } from "../../server/cli/plan.ts";
import { RowFormatter } from "../../server/cli/rows.ts";

function asStrings(run: number, seed: number, header: CellHeader, quarters: number, values: Float64Array): { long: string; wide: string } {
  let long = "";
  let wide = "";
  for (let q = 0; q < quarters; q++) {
    const prefix = `${run},${seed},${header.labels[q]}`;
    wide += prefix;
    header.ids.forEach((id, m) => {
      const v = values[m * quarters + q]!;
      const text = Number.isNaN(v) ? "" : String(v);
      long += `${prefix},${id},${text}\n`;
      wide += `,${text}`;
    });
    wide += "\n";
  }
  return { long, wide };
}

const value = fc.oneof(
  fc.double({ noNaN: false, noDefaultInfinity: true }),
  fc.integer({ min: -1e9, max: 1e9 }),
  fc.constant(Number.NaN),
  fc.constantFrom(0, -0, 1e21, 1.5e-7, -2.2250738585072014e-308, Number.MAX_VALUE),
);

describe("a run's rows as bytes", () => {
  it("are the rows written as strings, run after run on one formatter", () => {
    const rows = new RowFormatter();
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 400 }),
        fc.integer({ min: 1, max: 6 }),
        fc.array(value, { minLength: 2400, maxLength: 2400 }),
        fc.integer({ min: 0, max: 2 ** 32 - 1 }),
        (metrics, quarters, pool, seed) => {
          const header: CellHeader = {
            ids: Array.from({ length: metrics }, (_, m) => `actor.lab-${m}.revenue`),
            labels: Array.from({ length: quarters }, (_, q) => `2027Q${q + 1}`),
          };
          const values = Float64Array.from({ length: metrics * quarters }, (_, i) => pool[i % pool.length]!);
          const want = asStrings(7, seed, header, quarters, values);
          const packed = rows.format({ cell: 0, run: 7, seed }, header, quarters, values);
          expect(gunzipSync(packed.long).toString()).toBe(want.long);
          expect(Buffer.from(packed.wide).toString()).toBe(want.wide);
        },
      ),
      { numRuns: 60, seed: 21 },
    );
  });
});
