/**
 * Batch worker threads started before the command line has loaded. A worker thread spends about
 * half a second loading the engine; started only when a batch, sweep, tornado or fork begins,
 * that half second comes after the main thread's own loading, and the threads start playing
 * late. sim.mjs starts them first, so both load at once; the pool (pool.ts) takes them, and posts
 * each its plan as its first message. Import-light on purpose: sim.mjs loads it before anything
 * else. Threads nobody takes are unreferenced and end with the process.
 */
import { availableParallelism } from "node:os";
import type { Worker } from "node:worker_threads";
import nodeFlags from "../../scripts/node-flags.json" with { type: "json" };
import { MAX_QUARTERS } from "../../shared/scenario/limits.ts";
import { cachedWorker } from "../compile-cache.mjs";

/**
 * The young generation of a batch worker: V8's young generation is three semi-spaces, and the
 * semi-space size is the one scripts/node-flags.json gives the server and the command line (a
 * quarter's temporaries die young).
 */
export const WORKER_YOUNG_GENERATION_MB =
  3 * Number(/^--max-semi-space-size=(\d+)$/.exec(nodeFlags.find((f) => f.startsWith("--max-semi-space-size=")) ?? "")?.[1] ?? 16);

/**
 * Quarters a thread must have to play for starting it to pay. A worker thread spends about half
 * a second loading the engine and then plays at a fraction of its speed while V8 warms it up,
 * its compiler threads competing for the same cores; a small job finishes sooner on fewer
 * threads. The threshold sits between the small jobs that ran faster on one thread and the
 * batches that ran faster on two (bench/README.md, "Threads per job").
 */
export const QUARTERS_PER_THREAD = 3500;

/** The threads a job of `quarters` quarters in all pays for (at least one). */
export function threadsForWork(quarters: number): number {
  return Math.max(1, Math.floor(quarters / QUARTERS_PER_THREAD));
}

/** The commands whose runs play on run-worker.ts threads. */
const COMMANDS = new Set(["batch", "sweep", "sensitivity", "fork"]);

const started: Worker[] = [];

/** A numeric option's value from the arguments (`--name n` or `--name=n`), or null. */
function optionOf(argv: readonly string[], name: string): number | null {
  const at = argv.findIndex((a) => a === name || a.startsWith(`${name}=`));
  return at < 0 ? null : Number((argv[at] as string).includes("=") ? (argv[at] as string).split("=")[1] : argv[at + 1]);
}

/**
 * Starts the worker threads a command will want, from its arguments: k − 1 for `--workers k`
 * (the main thread plays too), none with `--queue`. By default every core, less for a batch or
 * a fork whose runs, at the longest game, leave a thread too little to play (pool.ts,
 * defaultWorkers, decides again once the job is known).
 */
export function prestartWorkers(argv: readonly string[]): void {
  if (!COMMANDS.has(argv[0] ?? "") || argv.some((a) => a === "--queue" || a.startsWith("--queue=") || a === "-h" || a === "--help")) return;
  const given = optionOf(argv, "--workers");
  const runs = optionOf(argv, "--runs");
  const bound =
    (argv[0] === "batch" || argv[0] === "fork") && runs !== null && Number.isInteger(runs) && runs > 0
      ? threadsForWork(runs * MAX_QUARTERS)
      : Number.POSITIVE_INFINITY;
  const k = given === null ? Math.min(availableParallelism(), bound) : Number.isInteger(given) && given > 0 ? Math.min(given, 256) : 1;
  for (let i = 1; i < k; i++) {
    // no workerData: its plan comes as its first message (run-worker.ts)
    const w = cachedWorker(new URL("./run-worker.ts", import.meta.url), {
      resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB },
    });
    w.unref();
    started.push(w);
  }
}

/** Worker threads started and not yet taken. */
export function startedWorkers(): number {
  return started.length;
}

/** A prestarted worker thread, referenced again, or null when none is left. */
export function takeStartedWorker(): Worker | null {
  const w = started.shift() ?? null;
  w?.ref();
  return w;
}
