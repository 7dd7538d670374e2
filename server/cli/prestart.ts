/**
 * Batch worker threads started before the command line has loaded. A worker thread spends about
 * half a second loading the engine; started only when a batch, sweep, tornado or fork begins,
 * that half second comes after the main thread's own loading, and the threads start playing
 * late. sim.ts starts them first, so both load at once; the pool (pool.ts) takes them, and posts
 * each its plan as its first message. Import-light on purpose: sim.ts loads it before anything
 * else. Threads nobody takes are unreferenced and end with the process.
 */
import { availableParallelism } from "node:os";
import type { Worker } from "node:worker_threads";
import nodeFlags from "../../scripts/node-flags.json" with { type: "json" };
import { cachedWorker } from "../compile-cache.ts";

/**
 * The young generation of a batch worker: V8's young generation is three semi-spaces, and the
 * semi-space size is the one scripts/node-flags.json gives the server and the command line (a
 * quarter's temporaries die young).
 */
export const WORKER_YOUNG_GENERATION_MB =
  3 * Number(/^--max-semi-space-size=(\d+)$/.exec(nodeFlags.find((f) => f.startsWith("--max-semi-space-size=")) ?? "")?.[1] ?? 16);

/** The commands whose runs play on run-worker.ts threads. */
const COMMANDS = new Set(["batch", "sweep", "sensitivity", "fork"]);

const started: Worker[] = [];

/**
 * Starts the worker threads a command will want, from its arguments: k − 1 for `--workers k`
 * (the main thread plays too), every core but one by default, none with `--queue`.
 */
export function prestartWorkers(argv: readonly string[]): void {
  if (!COMMANDS.has(argv[0] ?? "") || argv.some((a) => a === "--queue" || a.startsWith("--queue=") || a === "-h" || a === "--help")) return;
  const at = argv.findIndex((a) => a === "--workers" || a.startsWith("--workers="));
  const given = at < 0 ? null : Number((argv[at] as string).includes("=") ? (argv[at] as string).split("=")[1] : argv[at + 1]);
  const k = given === null ? availableParallelism() : Number.isInteger(given) && given > 0 ? Math.min(given, 256) : 1;
  for (let i = 1; i < k; i++) {
    // no workerData: its plan comes as its first message (run-worker.ts)
    const w = cachedWorker(new URL("./run-worker.ts", import.meta.url), {
      resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB },
    });
    w.unref();
    started.push(w);
  }
}

/** A prestarted worker thread, referenced again, or null when none is left. */
export function takeStartedWorker(): Worker | null {
  const w = started.shift() ?? null;
  w?.ref();
  return w;
}
