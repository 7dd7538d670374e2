/**
 * Runs a plan's cells to their output folders: builds the jobs (run r of a cell plays seed
 * (cell seed + r − 1) mod 2^32), plays them on local worker threads or through a Redis queue,
 * streams each run to its cell's writer, and writes every cell's summary.json at the end. A run
 * that throws is recorded as a failure and the rest go on; Ctrl-C stops handing out runs and
 * writes what finished.
 */

import { inputPaths } from "../../shared/analysis/index.ts";
import type { Job, Plan, RunOutput } from "./plan.ts";
import { type PoolEnd, runJobs } from "./pool.ts";
import { progressReporter } from "./progress.ts";
import { RowsThread } from "./rows.ts";
import { CellWriter, type Summary, type SummaryMeta } from "./writer.ts";

/**
 * Ctrl-C: while a plan runs, the first stops handing out runs and writes what finished, the
 * second quits at once; otherwise it quits. Installed when the module loads, so that no moment
 * of a command is without it (a SIGINT with no listener kills the process before anything is
 * written).
 */
let active: AbortController | null = null;
let interrupted = false;
process.on("SIGINT", () => {
  if (interrupted || !active) process.exit(130);
  interrupted = true;
  process.stderr.write("\nsim: interrupted: writing the runs that finished (Ctrl-C again to quit at once)\n");
  active.abort();
});

export interface CellRun {
  /** output folder (null: keep in memory only) */
  dir: string | null;
  runs: number;
  /** seed of run 1 */
  seed: number;
  meta: SummaryMeta;
  /** false: its summary has no bands (a tornado side or Sobol sample kept in memory only for its runs) */
  bands?: boolean;
}

export interface ExecuteOptions {
  plan: Plan;
  cells: CellRun[];
  workers: number;
  /** a Redis URL: play the runs on queue workers (sim worker --queue) instead of local threads */
  queue?: string;
  label: string;
  progress: boolean;
  /** called with every run as it finishes (after it is written) */
  onRun?: (out: RunOutput) => void;
  /**
   * work that the runs need not wait for, done once they are handed out (writing the manifest:
   * its build information hashes the sources and asks git, tens of milliseconds the worker
   * threads would otherwise wait for their plan)
   */
  whileRunning?: () => void | Promise<void>;
}

export interface Execution {
  writers: CellWriter[];
  summaries: Summary[];
  interrupted: boolean;
  seconds: number;
  workers: number;
  total: number;
  failed: number;
}

export function runSeed(seed: number, run: number): number {
  return (seed + run - 1) % 0x100000000;
}

export function jobsOf(cells: CellRun[]): Job[] {
  const jobs: Job[] = [];
  cells.forEach((c, cell) => {
    for (let run = 1; run <= c.runs; run++) jobs.push({ cell, run, seed: runSeed(c.seed, run) });
  });
  return jobs;
}

export async function execute(opts: ExecuteOptions): Promise<Execution> {
  const { plan, cells } = opts;
  const paths = inputPaths(plan.inputs);
  // the rows of runs that come without them (the main thread's, a queue's) are formatted off it;
  // a worker thread formats its own
  const rowsThread = plan.rows && cells.some((c) => c.dir) ? new RowsThread() : null;
  const writers = cells.map(
    (c, i) => new CellWriter(c.dir, plan.headers[i] ?? { ids: [], labels: [] }, c.runs, paths, plan.rows, rowsThread),
  );
  try {
    const jobs = jobsOf(cells);
    const bar = progressReporter(opts.progress, opts.label);
    let done = 0;
    bar.update(0, jobs.length);
    const abort = new AbortController();
    active = abort;
    if (interrupted) abort.abort();
    const t0 = performance.now();
    const onResult = (out: RunOutput): void => {
      writers[out.cell]?.add(out);
      done++;
      bar.update(done, jobs.length);
      opts.onRun?.(out);
    };
    let result: PoolEnd;
    try {
      const running: Promise<PoolEnd> = opts.queue
        ? import("./queue.ts").then(({ runJobsOnQueue }) =>
            runJobsOnQueue({ plan, jobs, url: opts.queue as string, onResult, signal: abort.signal }).then((r) => ({ ...r, threads: [] })),
          )
        : runJobs({ plan, jobs, workers: opts.workers, onResult, signal: abort.signal });
      // side work (the manifest) while the runs play; if it fails, the runs stop and it is thrown
      const side = Promise.resolve()
        .then(() => opts.whileRunning?.())
        .then(
          () => null,
          (e: unknown) => {
            abort.abort();
            return { e };
          },
        );
      result = await running;
      const sideFailed = await side;
      if (sideFailed) {
        for (const w of result.threads) w.postMessage(null);
        throw sideFailed.e;
      }
    } finally {
      bar.stop();
      active = null;
    }
    const summaries: Summary[] = [];
    try {
      for (const w of writers) await w.close();
      // each cell's bands on this thread and the batch's worker threads, idle now
      for (const [i, w] of writers.entries()) {
        const c = cells[i] as CellRun;
        summaries.push(await w.writeSummary(c.meta, result.interrupted, c.bands !== false, result.threads));
      }
    } finally {
      for (const w of result.threads) w.postMessage(null);
    }
    const failed = writers.reduce((s, w) => s + w.failed, 0);
    return {
      writers,
      summaries,
      interrupted: result.interrupted,
      seconds: (performance.now() - t0) / 1000,
      workers: result.workers,
      total: jobs.length,
      failed,
    };
  } finally {
    await rowsThread?.close();
  }
}
