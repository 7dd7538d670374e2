/**
 * Plays jobs on the main thread and k − 1 worker threads (k = `workers`) and hands each run's
 * output to `onResult` as it finishes, in whatever order the workers finish (batch writers put
 * them back in run order). A batch's runs (plan.ts) play through runJobs; other kinds of job
 * (the stylized-fact card, facts.ts) bring their own worker script and player to runPool. A run that throws is a failed run; a worker thread that dies
 * (out of memory, a crash in native code) fails the runs it had in hand and is replaced, so the
 * batch goes on. An aborted signal (Ctrl-C) stops handing out runs and returns at once with
 * what has finished.
 */
import { availableParallelism } from "node:os";
import type { Worker } from "node:worker_threads";
import { cachedWorker } from "../compile-cache.mjs";
import { type Job, JobPlayer, type Plan, type RunOutput } from "./plan.ts";
import { startedWorkers, takeStartedWorker, threadsForWork, WORKER_YOUNG_GENERATION_MB } from "./prestart.ts";

export interface RunJobsOptions {
  plan: Plan;
  jobs: Job[];
  workers: number;
  onResult: (out: RunOutput) => void;
  signal?: AbortSignal;
}

/** How a pool ended: `threads`, with keepThreads, its worker threads, idle and still open: close each with postMessage(null). */
export interface PoolEnd {
  interrupted: boolean;
  workers: number;
  threads: Worker[];
}

/**
 * Threads for `runs` runs of about `quarters` quarters each: every core, fewer where a thread
 * would play fewer than QUARTERS_PER_THREAD quarters, and at least the threads the command
 * line started before it knew the job (prestart.ts), which have already loaded the engine.
 */
export function defaultWorkers(runs: number, quarters: number): number {
  return Math.max(1, Math.min(availableParallelism(), runs, Math.max(threadsForWork(runs * quarters), startedWorkers() + 1)));
}

/**
 * Plays a batch's runs (plan.ts) on the pool; resolves with interrupted = true when the signal
 * aborted first. The worker threads are left open when every run has played (`threads`), for
 * the summary's bands (bands-columns.ts); the caller closes them.
 */
export async function runJobs(opts: RunJobsOptions): Promise<PoolEnd> {
  const { plan } = opts;
  return await runPool<Job, RunOutput>({
    keepThreads: true,
    jobs: opts.jobs,
    workers: opts.workers,
    onResult: opts.onResult,
    ...(opts.signal ? { signal: opts.signal } : {}),
    script: new URL("./run-worker.ts", import.meta.url),
    workerData: plan,
    prestarted: takeStartedWorker,
    // the main thread leaves its runs' rows to the writer's rows thread (writer.ts)
    player: () => new JobPlayer(plan, { formatRows: false }),
    key: (j) => `${j.cell}:${j.run}`,
    failed: (job, why) => ({ ...job, ok: false, error: why, quarters: 0, values: new Float64Array(0), inputs: [] }),
  });
}

/**
 * A pool for any kind of job: `script` is the worker thread's module (it plays the jobs posted
 * to it, given `workerData`, and posts back one result per job, null closing it); `player`
 * plays jobs on the main thread; `key` matches a result to its job; `failed` is the result of
 * a job whose worker thread died.
 */
export interface PoolOptions<J, O> {
  jobs: J[];
  workers: number;
  onResult: (out: O) => void;
  signal?: AbortSignal;
  script: URL;
  workerData: unknown;
  player: () => { play: (job: J) => O };
  key: (x: J | O) => string;
  failed: (job: J, why: string) => O;
  /** a thread of `script` already started without workerData (prestart.ts), or null: it is posted workerData first */
  prestarted?: () => Worker | null;
  /** leave the threads open when every job has finished (PoolEnd.threads) rather than close them */
  keepThreads?: boolean;
}

/** Resolves with interrupted = true when the signal aborted before every job finished. */
export async function runPool<J, O>(opts: PoolOptions<J, O>): Promise<PoolEnd> {
  const { jobs, signal, key } = opts;
  const workers = Math.max(1, Math.min(opts.workers, jobs.length || 1));
  if (!jobs.length) return { interrupted: false, workers, threads: [] };
  if (workers === 1) {
    const player = opts.player();
    for (let i = 0; i < jobs.length; i++) {
      if (signal?.aborted) return { interrupted: true, workers, threads: [] };
      opts.onResult(player.play(jobs[i] as J));
      // let the progress bar, stdio and a Ctrl-C through on long batches
      if (i % 8 === 7) await new Promise((r) => setImmediate(r));
    }
    return { interrupted: false, workers, threads: [] };
  }
  return await new Promise((resolve) => {
    let next = 0;
    let done = 0;
    let respawns = 0;
    let finished = false;
    const inHand = new Map<Worker, Map<string, J>>();
    const finish = (interrupted: boolean): void => {
      if (finished) return;
      finished = true;
      signal?.removeEventListener("abort", onAbort);
      const open: Worker[] = [];
      for (const w of inHand.keys()) {
        if (interrupted) void w.terminate();
        else if (opts.keepThreads) open.push(w);
        else w.postMessage(null);
      }
      resolve({ interrupted, workers, threads: open });
    };
    const deliver = (out: O): void => {
      opts.onResult(out);
      done++;
      if (done === jobs.length) finish(false);
    };
    const onAbort = (): void => finish(true);
    signal?.addEventListener("abort", onAbort);
    const feed = (w: Worker): void => {
      if (finished || next >= jobs.length) return;
      const job = jobs[next++] as J;
      inHand.get(w)?.set(key(job), job);
      w.postMessage(job);
    };
    const spawn = (): void => {
      const early = opts.prestarted?.() ?? null;
      const w =
        early ??
        cachedWorker(opts.script, {
          workerData: opts.workerData,
          resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB },
        });
      if (early) w.postMessage(opts.workerData);
      inHand.set(w, new Map());
      w.on("message", (out: O) => {
        if (finished) return;
        inHand.get(w)?.delete(key(out));
        deliver(out);
        if (!finished) feed(w);
      });
      const lost = (why: string): void => {
        const held = inHand.get(w);
        inHand.delete(w);
        if (finished || !held) return;
        for (const job of held.values()) {
          opts.onResult(opts.failed(job, why));
          done++;
        }
        if (done === jobs.length) {
          finish(false);
          return;
        }
        // replace the worker, within reason (a plan that kills every thread still ends: the main
        // thread plays what is left)
        if (respawns++ < workers * 4 + 8) spawn();
      };
      w.on("error", (e) => lost(`the worker thread died: ${(e as Error).message.split("\n")[0]}`));
      w.on("exit", (code) => {
        if (inHand.has(w)) lost(`the worker thread exited (code ${code})`);
      });
      // three runs in flight per worker: the main thread, which plays too, hands out the next
      // run only between its own, so a worker with fewer in hand could wait for it
      for (let i = 0; i < 3; i++) feed(w);
    };
    // k workers: k − 1 threads, and the main thread plays too. It starts at once, warm, while the
    // threads load the engine, and writing the runs' bytes leaves it mostly idle otherwise.
    for (let i = 1; i < workers; i++) spawn();
    const mainPlayer = opts.player();
    const playOnMain = async (): Promise<void> => {
      while (!finished && next < jobs.length) {
        deliver(mainPlayer.play(jobs[next++] as J));
        // let the threads' results, the progress bar and a Ctrl-C through
        await new Promise((r) => setImmediate(r));
      }
    };
    void playOnMain();
  });
}
