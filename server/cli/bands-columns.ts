/**
 * A cell's bands (p10, p50, p90 and the mean of every metric in every quarter, over the runs that
 * finished) computed by several threads at once. A batch's summary sorts one column of values
 * per metric and quarter (~4,000 columns of a run each); on one thread that is the serial tail
 * of a batch, after every worker has finished. The runs' values live in one SharedArrayBuffer
 * (the cell writer's store, writer.ts), so each thread reads the runs directly and bands its own
 * range of metrics: the batch's worker threads, idle once the runs are played and with
 * everything loaded (run-worker.ts), and the main thread one range itself. The figures are the
 * same whatever the number of threads: each column is gathered in run order, summed in that
 * order and sorted.
 */
import type { Worker } from "node:worker_threads";
import { quantileOfSorted } from "../../shared/analysis/stats.ts";

/** Where each finished run's values lie in the store: values[m * quarters + q] from `offset` (in numbers). */
export interface StoredRuns {
  store: SharedArrayBuffer;
  offsets: Int32Array;
  quarters: Int32Array;
}

/** One range of metrics to band: [from, to) over the first `maxQuarters` quarters. */
export interface BandsJob extends StoredRuns {
  maxQuarters: number;
  from: number;
  to: number;
}

/** Values a thread must have to band for handing it a range to pay: its sorting must outweigh the message. */
const VALUES_PER_THREAD = 500_000;

/** A message to a batch worker thread: band this range and post back the figures (run-worker.ts). */
export interface BandsMessage {
  bands: BandsJob;
}

/**
 * p10, p50, p90 and mean of each column of metrics [from, to), four numbers per column in
 * metric-then-quarter order; NaN where a column has no value (null in summary.json).
 */
export function bandsOfRange(job: BandsJob): Float64Array {
  const { offsets, quarters, maxQuarters, from, to } = job;
  const values = new Float64Array(job.store);
  const out = new Float64Array(4 * (to - from) * maxQuarters);
  const column = new Float64Array(offsets.length);
  let o = 0;
  for (let m = from; m < to; m++) {
    for (let q = 0; q < maxQuarters; q++) {
      let n = 0;
      let sum = 0;
      for (let r = 0; r < offsets.length; r++) {
        const qs = quarters[r]!;
        if (q >= qs) continue;
        const v = values[offsets[r]! + m * qs + q]!;
        if (Number.isNaN(v)) continue;
        column[n++] = v;
        sum += v;
      }
      const sorted = column.subarray(0, n).sort();
      out[o++] = quantileOfSorted(sorted, 0.1) ?? Number.NaN;
      out[o++] = quantileOfSorted(sorted, 0.5) ?? Number.NaN;
      out[o++] = quantileOfSorted(sorted, 0.9) ?? Number.NaN;
      out[o++] = n ? sum / n : Number.NaN;
    }
  }
  return out;
}

/**
 * The bands of metrics [0, metrics) on this thread and the idle batch worker `threads` (each
 * answers a BandsMessage), fewer where a thread would have too little to sort; in
 * metric-then-quarter order, four numbers per column.
 */
export async function bandsOfRuns(
  runs: StoredRuns,
  metrics: number,
  maxQuarters: number,
  threads: readonly Worker[],
): Promise<Float64Array> {
  const work = runs.offsets.length * metrics * maxQuarters;
  const k = Math.max(1, Math.min(threads.length + 1, metrics, Math.floor(work / VALUES_PER_THREAD)));
  const cut = (i: number): number => Math.round((metrics * i) / k);
  const job = (i: number): BandsJob => ({ ...runs, maxQuarters, from: cut(i), to: cut(i + 1) });
  const others = threads.slice(0, k - 1).map((w, i) => onThread(w, job(i + 1)));
  const parts = [bandsOfRange(job(0)), ...(await Promise.all(others))];
  const out = new Float64Array(4 * metrics * maxQuarters);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function onThread(w: Worker, job: BandsJob): Promise<Float64Array> {
  return new Promise((resolve, reject) => {
    const done = (): void => {
      w.off("message", onMessage);
      w.off("error", onError);
      w.off("exit", onExit);
    };
    const onMessage = (out: Float64Array): void => {
      done();
      resolve(out);
    };
    const onError = (e: Error): void => {
      done();
      reject(e);
    };
    const onExit = (code: number): void => {
      done();
      reject(new Error(`a batch worker thread exited (code ${code}) while banding`));
    };
    w.on("message", onMessage);
    w.on("error", onError);
    w.on("exit", onExit);
    w.postMessage({ bands: job } satisfies BandsMessage);
  });
}
