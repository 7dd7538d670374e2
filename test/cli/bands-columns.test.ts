/**
 * The summary's bands computed by several threads (server/cli/bands-columns.ts): the same
 * figures as one thread's, and as each column's quantiles computed plainly, with runs that
 * stopped early and values that are missing (NaN).
 */
import { Worker } from "node:worker_threads";
import { quantile } from "d3-array";
import { afterAll, describe, expect, it } from "vitest";
import { bandsOfRuns, type StoredRuns } from "../../server/cli/bands-columns.ts";

const METRICS = 40;
const QUARTERS = 180;
const RUNS = 300;

/** RUNS runs of METRICS × their quarters (some stop early), some values NaN, in one shared store. */
function storedRuns(): StoredRuns {
  const slot = METRICS * QUARTERS;
  const store = new SharedArrayBuffer(8 * slot * RUNS);
  const all = new Float64Array(store);
  const offsets = new Int32Array(RUNS);
  const quarters = new Int32Array(RUNS);
  let x = 7;
  const next = (): number => {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    return x / 2 ** 32;
  };
  for (let r = 0; r < RUNS; r++) {
    offsets[r] = r * slot;
    quarters[r] = r % 7 === 3 ? QUARTERS - 1 - (r % 5) : QUARTERS;
    for (let i = 0; i < METRICS * quarters[r]!; i++) all[r * slot + i] = next() < 0.05 ? Number.NaN : Math.round(next() * 1000) / 8;
  }
  return { store, offsets, quarters };
}

/** Each column's p10, p50, p90 and mean, computed plainly. */
function plainBands(runs: StoredRuns): number[] {
  const all = new Float64Array(runs.store);
  const out: number[] = [];
  for (let m = 0; m < METRICS; m++) {
    for (let q = 0; q < QUARTERS; q++) {
      const column: number[] = [];
      runs.offsets.forEach((o, r) => {
        const qs = runs.quarters[r]!;
        if (q < qs && !Number.isNaN(all[o + m * qs + q]!)) column.push(all[o + m * qs + q]!);
      });
      const mean = column.length ? column.reduce((s, v) => s + v, 0) / column.length : Number.NaN;
      out.push(quantile(column, 0.1) ?? Number.NaN, quantile(column, 0.5) ?? Number.NaN, quantile(column, 0.9) ?? Number.NaN, mean);
    }
  }
  return out;
}

// batch worker threads as a batch leaves them (no plan needed to band)
const threads = [0, 1, 2].map(() => new Worker(new URL("../../server/cli/run-worker.ts", import.meta.url)));
afterAll(async () => {
  for (const w of threads) await w.terminate();
});

describe("the summary's bands on several threads", () => {
  it("equal one thread's and each column's plain quantiles and mean, whatever the number of threads", async () => {
    const runs = storedRuns();
    const want = plainBands(runs);
    const one = await bandsOfRuns(runs, METRICS, QUARTERS, []);
    expect(Array.from(one)).toEqual(want);
    for (const k of [1, 2, 3]) {
      const got = await bandsOfRuns(runs, METRICS, QUARTERS, threads.slice(0, k));
      expect(Array.from(got), `${k} threads`).toEqual(want);
    }
  });

  it("the columns of quarters no run reached have no figures (NaN, null in summary.json)", async () => {
    const runs = storedRuns();
    const got = await bandsOfRuns(runs, METRICS, QUARTERS + 2, threads);
    for (let m = 0; m < METRICS; m++) {
      for (const q of [QUARTERS, QUARTERS + 1]) {
        const at = 4 * (m * (QUARTERS + 2) + q);
        expect(Array.from(got.subarray(at, at + 4)).every(Number.isNaN)).toBe(true);
      }
    }
  });
});
