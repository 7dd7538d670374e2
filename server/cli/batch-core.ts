/**
 * The batch runner: n seeded bot games spread over worker threads, reduced to percentile
 * bands. Run r (1-based) plays seed (seed + r − 1) mod 2^32. Every run is independent and
 * the results are assembled in run order, so the output does not depend on the number of
 * workers or on which worker finished first.
 */
import { once } from "node:events";
import { createWriteStream, mkdirSync, writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import nodeFlags from "../../scripts/node-flags.json" with { type: "json" };
import { quarterLabel } from "../../shared/index.ts";
import type { GameSetup } from "./common.ts";
import { playRun, type RunMetrics } from "./play.ts";

/**
 * The young generation of a batch worker: V8's young generation is three semi-spaces, and the
 * semi-space size is the one scripts/node-flags.json gives the server and the command line.
 */
const WORKER_YOUNG_GENERATION_MB =
  3 * Number(/^--max-semi-space-size=(\d+)$/.exec(nodeFlags.find((f) => f.startsWith("--max-semi-space-size=")) ?? "")?.[1] ?? 16);

export interface BatchOptions {
  setup: GameSetup;
  runs: number;
  seed: number;
  /** worker threads; defaults to os.availableParallelism(); 1 plays in the main thread */
  workers?: number;
  onProgress?: (done: number, total: number) => void;
}

export interface Band {
  p10: (number | null)[];
  p50: (number | null)[];
  p90: (number | null)[];
  mean: (number | null)[];
}

export interface Summary {
  scenario: string;
  runs: number;
  seed: number;
  quarters: string[];
  actors: { id: string; role: string; name: string }[];
  metrics: Record<string, Band>;
  /** not in the minimal format: how the batch was made, to reproduce it */
  scenarioVersion: number;
  seeds: string;
  set: { path: string; value: unknown }[];
  shocks: { shock: string; quarter: number; params?: Record<string, number | string | boolean> }[];
  /** the runs behind the extremes of each metric in the final quarter (first run on ties), to replay them */
  finalExtremes: Record<string, { min: Extreme; max: Extreme }>;
}

export interface Extreme {
  run: number;
  seed: number;
  value: number;
}

export interface BatchResult {
  summary: Summary;
  /** per run, in run order */
  results: RunMetrics[];
  ids: string[];
  workers: number;
  seconds: number;
}

export function runSeed(seed: number, run: number): number {
  return (seed + run - 1) % 0x100000000;
}

export function defaultWorkers(runs: number): number {
  return Math.max(1, Math.min(availableParallelism(), runs));
}

/** Plays the batch; resolves with every run's metrics and the summary. */
export async function runBatch(opts: BatchOptions): Promise<BatchResult> {
  const { setup, runs, seed } = opts;
  const workers = Math.max(1, Math.min(opts.workers ?? defaultWorkers(runs), runs));
  const started = performance.now();
  const results: RunMetrics[] = new Array(runs);
  let done = 0;
  const progress = (): void => opts.onProgress?.(done, runs);
  progress();

  if (workers === 1) {
    const spec = { scenario: setup.scenario, injected: setup.injected, quarters: setup.quarters };
    for (let run = 1; run <= runs; run++) {
      results[run - 1] = playRun(spec, run, runSeed(seed, run), run === 1);
      done++;
      progress();
      // let the progress bar's timers and stdio breathe on long batches
      if (run % 16 === 0) await new Promise((r) => setImmediate(r));
    }
  } else {
    await new Promise<void>((resolve, reject) => {
      let next = 1;
      let failed = false;
      const pool: Worker[] = [];
      const stopAll = (): void => {
        for (const w of pool) void w.terminate();
      };
      const feed = (w: Worker): boolean => {
        if (next > runs || failed) return false;
        const run = next++;
        w.postMessage({ run, seed: runSeed(seed, run), meta: run === 1 });
        return true;
      };
      for (let i = 0; i < workers; i++) {
        const w = new Worker(new URL("./batch-worker.ts", import.meta.url), {
          workerData: { scenarioInput: setup.effectiveInput, injected: setup.injected, quarters: setup.quarters },
          // a quarter's temporaries die young: workers get the young generation the main thread
          // gets from scripts/node-flags.json
          resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB },
        });
        pool.push(w);
        w.on("message", (msg: { ok: true; result: RunMetrics } | { ok: false; run: number; seed: number; error: string }) => {
          if (!msg.ok) {
            failed = true;
            stopAll();
            reject(new Error(`run ${msg.run} (seed ${msg.seed}) failed: ${msg.error}`));
            return;
          }
          results[msg.result.run - 1] = msg.result;
          done++;
          progress();
          feed(w);
          if (done === runs) {
            for (const x of pool) x.postMessage(null);
            resolve();
          }
        });
        w.on("error", (e) => {
          if (failed) return;
          failed = true;
          stopAll();
          reject(e);
        });
        w.on("exit", (code) => {
          if (failed || done === runs) return;
          failed = true;
          stopAll();
          reject(new Error(`a batch worker exited early (code ${code}) after ${done}/${runs} runs`));
        });
        // two runs in flight per worker hide the message round trip
        for (let k = 0; k < 2; k++) feed(w);
      }
    });
  }

  const summary = summarize(setup, runs, seed, results);
  return { summary, results, ids: Object.keys(summary.metrics), workers, seconds: (performance.now() - started) / 1000 };
}

/** Linear-interpolation quantile (Hyndman–Fan type 7, as numpy's default) of sorted values. */
export function quantile(sorted: ArrayLike<number>, p: number): number | null {
  const n = sorted.length;
  if (n === 0) return null;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const a = sorted[lo] as number;
  const b = sorted[Math.min(lo + 1, n - 1)] as number;
  return a + (h - lo) * (b - a);
}

function summarize(setup: GameSetup, runs: number, seed: number, results: RunMetrics[]): Summary {
  // metric order: the first run's order, then any metric first seen in a later run (in run order)
  const ids: string[] = [];
  const seen = new Set<string>();
  let maxQuarters = 0;
  for (const r of results) {
    for (const id of r.ids) {
      if (seen.has(id)) continue;
      seen.add(id);
      ids.push(id);
    }
    maxQuarters = Math.max(maxQuarters, r.quarters);
  }
  const indexOf = results.map((r) => new Map(r.ids.map((id, i) => [id, i])));
  const metrics: Record<string, Band> = {};
  const finalExtremes: Record<string, { min: Extreme; max: Extreme }> = {};
  const column = new Float64Array(runs);
  for (const id of ids) {
    let min: Extreme | null = null;
    let max: Extreme | null = null;
    results.forEach((r, i) => {
      const m = indexOf[i]?.get(id);
      if (m === undefined || r.quarters !== maxQuarters) return;
      const v = r.values[m * r.quarters + maxQuarters - 1] as number;
      if (Number.isNaN(v)) return;
      if (!min || v < min.value) min = { run: r.run, seed: r.seed, value: v };
      if (!max || v > max.value) max = { run: r.run, seed: r.seed, value: v };
    });
    if (min && max) finalExtremes[id] = { min, max };
    const band: Band = { p10: [], p50: [], p90: [], mean: [] };
    for (let q = 0; q < maxQuarters; q++) {
      let n = 0;
      let sum = 0;
      results.forEach((r, i) => {
        const m = indexOf[i]?.get(id);
        if (m === undefined || q >= r.quarters) return;
        const v = r.values[m * r.quarters + q] as number;
        if (Number.isNaN(v)) return;
        column[n++] = v;
        sum += v;
      });
      const sorted = column.subarray(0, n).sort();
      band.p10.push(quantile(sorted, 0.1));
      band.p50.push(quantile(sorted, 0.5));
      band.p90.push(quantile(sorted, 0.9));
      band.mean.push(n ? sum / n : null);
    }
    metrics[id] = band;
  }
  const quarters = Array.from({ length: maxQuarters }, (_, q) => quarterLabel(setup.scenario.start, q + 1));
  const actors =
    results[0]?.actors ??
    setup.scenario.actors.map((a: { id: string; role: string; name: string }) => ({ id: a.id, role: a.role, name: a.name }));
  return {
    scenario: setup.scenario.id,
    runs,
    seed,
    quarters,
    actors,
    metrics,
    scenarioVersion: setup.scenario.version,
    seeds: "run r (1-based) plays seed (seed + r - 1) mod 2^32",
    set: setup.overrides,
    shocks: setup.injected,
    finalExtremes,
  };
}

/** Writes summary.json, runs.csv and scenario.json (the scenario after --set) into dir. */
export async function writeBatch(dir: string, batch: BatchResult, setup: GameSetup): Promise<void> {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "summary.json"), `${JSON.stringify(batch.summary, null, 2)}\n`);
  writeFileSync(join(dir, "scenario.json"), `${JSON.stringify(setup.effectiveInput, null, 2)}\n`);
  const labels = batch.summary.quarters;
  const out = createWriteStream(join(dir, "runs.csv"));
  const write = async (chunk: string): Promise<void> => {
    if (!out.write(chunk)) await once(out, "drain");
  };
  await write("run,seed,quarter,metric,value\n");
  for (const r of batch.results) {
    let chunk = "";
    for (let q = 0; q < r.quarters; q++) {
      const prefix = `${r.run},${r.seed},${labels[q]},`;
      for (let m = 0; m < r.ids.length; m++) {
        const v = r.values[m * r.quarters + q] as number;
        chunk += `${prefix}${r.ids[m]},${Number.isNaN(v) ? "" : String(v)}\n`;
      }
    }
    await write(chunk);
  }
  await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
}
