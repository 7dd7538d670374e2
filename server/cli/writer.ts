/**
 * The output folder of one cell (a batch, a sweep's point, a tornado's side, a fork): the runs'
 * rows are appended as they arrive, put back in run order, so the files are the same bytes
 * whatever the number of workers or machines; summary.json is written at the end from the
 * runs kept in memory (one Float64Array each). After a Ctrl-C the runs that finished are
 * written, gaps left out, and summary.json says `interrupted`.
 *
 *   runs.csv.gz  run,seed,quarter,metric,value   (long; one gzip member per run)
 *   wide.csv     run,seed,quarter,<metric>…      (one row per run and quarter)
 *   inputs.csv   run,seed,<input path>…          (each run's drawn inputs, when there are any)
 *   summary.json bands per metric and quarter, failures, how it was made
 *
 * The runs' values are kept in one SharedArrayBuffer, a slot per run, so that the summary's
 * bands are computed by several threads at once (bands-columns.ts).
 */
import { closeSync, mkdirSync, openSync, writeFileSync, writeSync } from "node:fs";
import { join } from "node:path";
import type { Worker } from "node:worker_threads";
import { gzipSync } from "node:zlib";
import { bandsOfRuns } from "./bands-columns.ts";
import type { CellHeader, RunOutput } from "./plan.ts";
import type { Rows, RowsThread } from "./rows.ts";

export interface Band {
  p10: (number | null)[];
  p50: (number | null)[];
  p90: (number | null)[];
  mean: (number | null)[];
}

export interface Extreme {
  run: number;
  seed: number;
  value: number;
}

export interface Failure {
  run: number;
  seed: number;
  message: string;
}

export interface Summary {
  scenario: string;
  runs: number;
  seed: number;
  quarters: string[];
  actors: { id: string; role: string; name: string }[];
  metrics: Record<string, Band>;
  scenarioVersion: number;
  seeds: string;
  set: { path: string; value: unknown }[];
  shocks: { shock: string; quarter: number; params?: Record<string, number | string | boolean> }[];
  /** the runs behind the extremes of each metric in the final quarter (first run on ties), to replay them */
  finalExtremes: Record<string, { min: Extreme; max: Extreme }>;
  /** runs that finished and entered the bands */
  completed: number;
  /** runs that threw: seed and message (the others are written) */
  failures: Failure[];
  /** Ctrl-C: the batch was stopped; only `completed` runs are written */
  interrupted: boolean;
  /** the input distributions' paths, when runs drew inputs (inputs.csv) */
  inputs?: string[];
  /** what kind of folder: batch, sweep point, tornado side, fork */
  kind?: string;
  /** a fork: the log it continues and the quarter it starts after */
  fork?: { log: string; from: number; orders: string; redraw: boolean; logSeed: number };
}

export type SummaryMeta = Omit<Summary, "quarters" | "metrics" | "finalExtremes" | "completed" | "failures" | "interrupted" | "runs">;

export class CellWriter {
  readonly dir: string | null;
  readonly header: CellHeader;
  readonly runs: number;
  readonly inputPaths: string[];
  readonly results: (RunOutput | undefined)[];
  #next = 1;
  #fds: { long: number; wide: number; inputs: number } | null = null;
  /** the rows' writes, in run order: a run whose rows are being formatted (the rows thread) waits for them */
  #rowWrites: Promise<void> = Promise.resolve();
  #rowsFailure: Error | null = null;
  /** formats the rows of runs that come without them (the main thread's, a queue's) */
  readonly #rowsThread: RowsThread | null;
  /** every run's values, a slot of (metrics × quarters) numbers per run, shared with the bands' threads */
  readonly #store: SharedArrayBuffer;
  readonly #slot: number;
  completed = 0;
  failed = 0;

  constructor(
    dir: string | null,
    header: CellHeader,
    runs: number,
    inputPaths: string[],
    rows: boolean,
    rowsThread: RowsThread | null = null,
  ) {
    this.dir = dir;
    this.#rowsThread = rowsThread;
    this.header = header;
    this.runs = runs;
    this.inputPaths = inputPaths;
    this.results = new Array(runs);
    this.#slot = header.ids.length * header.labels.length;
    this.#store = new SharedArrayBuffer(8 * this.#slot * runs);
    if (dir && rows) {
      mkdirSync(dir, { recursive: true });
      const long = openSync(join(dir, "runs.csv.gz"), "w");
      writeSync(long, gzipSync("run,seed,quarter,metric,value\n"));
      const wide = openSync(join(dir, "wide.csv"), "w");
      writeSync(wide, `run,seed,quarter,${header.ids.join(",")}\n`);
      const inputs = inputPaths.length ? openSync(join(dir, "inputs.csv"), "w") : -1;
      if (inputs >= 0) writeSync(inputs, `run,seed,${inputPaths.join(",")}\n`);
      this.#fds = { long, wide, inputs };
    }
  }

  add(out: RunOutput): void {
    if (out.values.length > this.#slot) throw new Error(`run ${out.run}: ${out.values.length} values for a slot of ${this.#slot}`);
    const kept = new Float64Array(this.#store, 8 * this.#slot * (out.run - 1), out.values.length);
    kept.set(out.values);
    out.values = kept;
    this.results[out.run - 1] = out;
    if (out.ok) this.completed++;
    else this.failed++;
    while (this.#next <= this.runs && this.results[this.#next - 1]) {
      this.#write(this.results[this.#next - 1] as RunOutput);
      this.#next++;
    }
  }

  #write(out: RunOutput): void {
    const fds = this.#fds;
    if (!fds) return;
    if (out.ok) {
      // as its worker thread formatted them, or formatted now by the rows thread
      if (!(out.long && out.wide) && !this.#rowsThread) throw new Error(`run ${out.run} has no rows and the writer no rows thread`);
      const rows: Rows | Promise<Rows> =
        out.long && out.wide
          ? { long: out.long, wide: out.wide }
          : (this.#rowsThread as RowsThread).format(out, this.header, out.quarters, out.values);
      this.#rowWrites = this.#rowWrites
        .then(async () => {
          const r = await rows;
          writeSync(fds.long, r.long);
          writeSync(fds.wide, r.wide);
        })
        .catch((e: Error) => {
          this.#rowsFailure ??= e;
        });
    }
    if (fds.inputs >= 0 && out.inputs.length) {
      const byPath = new Map(out.inputs.map((d) => [d.path, d.value]));
      writeSync(fds.inputs, `${out.run},${out.seed},${this.inputPaths.map((p) => csvCell(byPath.get(p))).join(",")}\n`);
    }
    // the rows are on disk; keep only what the summary needs
    out.long = undefined;
    out.wide = undefined;
  }

  /** Writes the runs still waiting for an earlier one (after an interrupt), closes the files. */
  async close(): Promise<void> {
    for (; this.#next <= this.runs; this.#next++) {
      const r = this.results[this.#next - 1];
      if (r) this.#write(r);
    }
    await this.#rowWrites;
    if (this.#fds) {
      closeSync(this.#fds.long);
      closeSync(this.#fds.wide);
      if (this.#fds.inputs >= 0) closeSync(this.#fds.inputs);
      this.#fds = null;
    }
    if (this.#rowsFailure) throw new Error(`could not write the runs' rows: ${this.#rowsFailure.message}`);
  }

  /**
   * bands false: failures and counts only (a cell whose runs are read but whose bands nobody
   * shows); `threads`: idle batch worker threads that may compute part of the bands (bands-columns.ts).
   */
  async summary(meta: SummaryMeta, interrupted: boolean, bands = true, threads: readonly Worker[] = []): Promise<Summary> {
    const header = bands ? this.header : { ids: [], labels: this.header.labels };
    return await summarize(meta, header, this.runs, this.results, interrupted, threads);
  }

  async writeSummary(meta: SummaryMeta, interrupted: boolean, bands = true, threads: readonly Worker[] = []): Promise<Summary> {
    const s = await this.summary(meta, interrupted, bands, threads);
    if (this.dir) {
      mkdirSync(this.dir, { recursive: true });
      writeFileSync(join(this.dir, "summary.json"), `${JSON.stringify(s, null, 2)}\n`);
    }
    return s;
  }
}

function csvCell(v: unknown): string {
  if (v === undefined || v === null) return "";
  const s = String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * Bands (type-7 p10/p50/p90 and the mean) over the runs that finished, per metric and quarter,
 * computed on this thread and the idle batch worker `threads` (bands-columns.ts).
 */
export async function summarize(
  meta: SummaryMeta,
  header: CellHeader,
  runs: number,
  results: (RunOutput | undefined)[],
  interrupted: boolean,
  threads: readonly Worker[] = [],
): Promise<Summary> {
  const ok = results.filter((r): r is RunOutput => !!r?.ok);
  const failures = results.filter((r): r is RunOutput => !!r && !r.ok).map((r) => ({ run: r.run, seed: r.seed, message: r.error ?? "" }));
  const maxQuarters = ok.reduce((m, r) => Math.max(m, r.quarters), 0);
  const metrics: Record<string, Band> = {};
  const finalExtremes: Record<string, { min: Extreme; max: Extreme }> = {};
  header.ids.forEach((id, m) => {
    let min: Extreme | null = null;
    let max: Extreme | null = null;
    for (const r of ok) {
      if (r.quarters !== maxQuarters) continue;
      const v = r.values[m * r.quarters + maxQuarters - 1] as number;
      if (Number.isNaN(v)) continue;
      if (!min || v < min.value) min = { run: r.run, seed: r.seed, value: v };
      if (!max || v > max.value) max = { run: r.run, seed: r.seed, value: v };
    }
    if (min && max) finalExtremes[id] = { min, max };
  });
  const figures = await bandsOfRuns(storedRuns(ok), header.ids.length, maxQuarters, threads);
  const orNull = (x: number): number | null => (Number.isNaN(x) ? null : x);
  header.ids.forEach((id, m) => {
    const band: Band = { p10: [], p50: [], p90: [], mean: [] };
    for (let q = 0, o = 4 * m * maxQuarters; q < maxQuarters; q++, o += 4) {
      band.p10.push(orNull(figures[o]!));
      band.p50.push(orNull(figures[o + 1]!));
      band.p90.push(orNull(figures[o + 2]!));
      band.mean.push(orNull(figures[o + 3]!));
    }
    metrics[id] = band;
  });
  const { scenario, seed, actors, scenarioVersion, seeds, set, shocks, ...rest } = meta;
  return {
    scenario,
    runs,
    seed,
    quarters: header.labels.slice(0, maxQuarters),
    actors,
    metrics,
    scenarioVersion,
    seeds,
    set,
    shocks,
    finalExtremes,
    completed: ok.length,
    failures,
    interrupted,
    ...rest,
  };
}

/**
 * The finished runs' values as the bands' threads read them: where each lies in the one
 * SharedArrayBuffer its cell writer keeps them in (CellWriter.add).
 */
function storedRuns(ok: readonly RunOutput[]): { store: SharedArrayBuffer; offsets: Int32Array; quarters: Int32Array } {
  const store = ok[0]?.values.buffer ?? new SharedArrayBuffer(0);
  if (!(store instanceof SharedArrayBuffer) || ok.some((r) => r.values.buffer !== store))
    throw new Error("summarize: the runs' values must lie in one SharedArrayBuffer (CellWriter.add)");
  return { store, offsets: Int32Array.from(ok, (r) => r.values.byteOffset / 8), quarters: Int32Array.from(ok, (r) => r.quarters) };
}
