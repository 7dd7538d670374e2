/**
 * A run's rows of runs.csv (long: run,seed,quarter,metric,value) and wide.csv (run,seed,quarter,
 * then a value per metric) as bytes. A batch formats millions of values; assembling them as
 * strings and encoding those made formatting cost about half of what playing the runs did. Here
 * each value is turned into text once and its bytes written straight into two buffers that
 * grow as needed and are reused from run to run, beside the metric names' bytes, made once per
 * header. The bytes are those of the strings `${run},${seed},${label},${metric},${value}\n` and
 * `${run},${seed},${label},${value}…\n`: a missing value (NaN) is empty, any other is String(v).
 */
import { gzipSync } from "node:zlib";
import type { CellHeader, Job } from "./plan.ts";

/**
 * The long rows' compression: the fastest level, since the rows are large and repetitive and
 * gzip's default level costs more than twice the CPU for a fifth fewer bytes (bench/analysis.ts
 * times batches and forks).
 */
export const ROWS_GZIP = { level: 1 } as const;

/** The longest text String() gives a number, e.g. "-2.2250738585072014e-308". */
const NUMBER_TEXT = 24;
const COMMA = 0x2c;
const NEWLINE = 0x0a;

export interface Rows {
  /** the long rows, one gzip member (or uncompressed, with longRaw) */
  long: Uint8Array;
  longRaw?: boolean;
  wide: Uint8Array;
}

export class RowFormatter {
  #long: Buffer = Buffer.allocUnsafe(1 << 16);
  #wide: Buffer = Buffer.allocUnsafe(1 << 16);
  /** each header's `,<metric>,` as bytes, by header */
  #names = new WeakMap<CellHeader, Buffer[]>();

  #namesOf(header: CellHeader): Buffer[] {
    let names = this.#names.get(header);
    if (!names) {
      names = header.ids.map((id) => Buffer.from(`,${id},`));
      this.#names.set(header, names);
    }
    return names;
  }

  /** The buffer with room for `more` bytes past `used`, grown (its bytes kept) if need be. */
  static #room(buf: Buffer, used: number, more: number): Buffer {
    if (used + more <= buf.length) return buf;
    const grown = Buffer.allocUnsafe(Math.max(2 * buf.length, used + more));
    buf.copy(grown, 0, 0, used);
    return grown;
  }

  /** The run's rows (values[m * quarters + q]); compress false leaves the long rows uncompressed (longRaw). */
  format(job: Job, header: CellHeader, quarters: number, values: Float64Array, compress = true): Rows {
    const names = this.#namesOf(header);
    const longestName = names.reduce((n, b) => Math.max(n, b.length), 0);
    let long = this.#long;
    let wide = this.#wide;
    let l = 0;
    let w = 0;
    for (let q = 0; q < quarters; q++) {
      const prefix = Buffer.from(`${job.run},${job.seed},${header.labels[q]}`);
      long = RowFormatter.#room(long, l, names.length * (prefix.length + longestName + NUMBER_TEXT + 1));
      wide = RowFormatter.#room(wide, w, prefix.length + names.length * (NUMBER_TEXT + 1) + 1);
      w += prefix.copy(wide, w);
      for (let m = 0; m < names.length; m++) {
        const v = values[m * quarters + q]!;
        const text = Number.isNaN(v) ? "" : String(v);
        l += prefix.copy(long, l);
        l += names[m]!.copy(long, l);
        l += long.write(text, l, "latin1");
        long[l++] = NEWLINE;
        wide[w++] = COMMA;
        w += wide.write(text, w, "latin1");
      }
      wide[w++] = NEWLINE;
    }
    this.#long = long;
    this.#wide = wide;
    const rows = long.subarray(0, l);
    return {
      ...(compress ? { long: gzipSync(rows, ROWS_GZIP) } : { long: new Uint8Array(rows), longRaw: true }),
      wide: new Uint8Array(wide.subarray(0, w)),
    };
  }
}
