/**
 * A run's rows of runs.csv (long: run,seed,quarter,metric,value) and wide.csv (run,seed,quarter,
 * then a value per metric) as bytes. A batch formats millions of values; assembling them as
 * strings and encoding those made formatting cost about half of what playing the runs did. Here
 * each value is turned into text once and its bytes written straight into two buffers that
 * grow as needed and are reused from run to run, beside the metric names' bytes, made once per
 * header. The bytes are those of the strings `${run},${seed},${label},${metric},${value}\n` and
 * `${run},${seed},${label},${value}…\n`: a missing value (NaN) is empty, any other is String(v).
 */
import type { Worker } from "node:worker_threads";
import { gzipSync } from "node:zlib";
import { cachedWorker } from "../compile-cache.mjs";
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
  /** the long rows, one gzip member */
  long: Uint8Array;
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

  /** The run's rows (values[m * quarters + q]). */
  format(job: Job, header: CellHeader, quarters: number, values: ArrayLike<number>): Rows {
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
    return { long: gzipSync(long.subarray(0, l), ROWS_GZIP), wide: new Uint8Array(wide.subarray(0, w)) };
  }
}

/** A run whose rows the rows thread formats: its values where the cell writer keeps them. */
export interface RowsRequest {
  id: number;
  job: Job;
  /** the cell's header and store, sent with the cell's first request only (posting a SharedArrayBuffer is dear) */
  cell?: { header: CellHeader; store: SharedArrayBuffer };
  quarters: number;
  /** where the values start in the cell's store, in numbers */
  offset: number;
}

/**
 * A thread that formats and compresses runs' rows (rows-worker.ts) for the runs the main thread
 * plays, so that the main thread only plays and writes bytes: on a job played by one thread (a
 * fork, a small batch) the formatting otherwise took a third of its time, with a core free.
 */
export class RowsThread {
  #worker: Worker;
  #next = 0;
  #waiting = new Map<number, { resolve: (rows: Rows) => void; reject: (e: Error) => void }>();
  /** cells whose header and store the thread has */
  #sent = new Set<number>();
  #failure: Error | null = null;
  #closed = false;
  /**
   * requests not yet posted, posted together when the main thread next yields: it plays several
   * runs between yields, and each message wakes the rows thread, which then takes the core from
   * the thread that plays
   */
  #pending: RowsRequest[] = [];

  constructor() {
    this.#worker = cachedWorker(new URL("./rows-worker.ts", import.meta.url), {});
    this.#worker.on("message", (r: Rows & { id: number }) => {
      const w = this.#waiting.get(r.id);
      this.#waiting.delete(r.id);
      w?.resolve({ long: r.long, wide: r.wide });
    });
    const fail = (e: Error): void => {
      this.#failure = e;
      for (const w of this.#waiting.values()) w.reject(e);
      this.#waiting.clear();
    };
    this.#worker.on("error", fail);
    this.#worker.on("exit", (code) => fail(new Error(`the rows thread exited (code ${code})`)));
  }

  /** The run's rows; `values` must be a view of the cell writer's store (one SharedArrayBuffer a cell). */
  format(job: Job, header: CellHeader, quarters: number, values: Float64Array): Promise<Rows> {
    if (this.#failure) return Promise.reject(this.#failure);
    const id = this.#next++;
    const request: RowsRequest = { id, job: { cell: job.cell, run: job.run, seed: job.seed }, quarters, offset: values.byteOffset / 8 };
    if (!this.#sent.has(job.cell)) {
      request.cell = { header, store: values.buffer as SharedArrayBuffer };
      this.#sent.add(job.cell);
    }
    return new Promise((resolve, reject) => {
      this.#waiting.set(id, { resolve, reject });
      if (this.#pending.push(request) === 1) queueMicrotask(() => this.#post());
    });
  }

  #post(): void {
    const batch = this.#pending;
    this.#pending = [];
    this.#worker.postMessage(batch);
  }

  /** Ends the thread (again: nothing). */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#worker.removeAllListeners("exit");
    await this.#worker.terminate();
  }
}
