/**
 * Batches beyond one machine, on BullMQ over Redis. The coordinator (`sim batch|sweep|
 * sensitivity|fork … --queue <redis-url>`) stores the plan once under a key of its own and
 * enqueues one job per run ({ batch, cell, run, seed, build, rules }); `sim worker --queue
 * <redis-url>` on any number of machines takes jobs, plays them with the same JobPlayer as a
 * local worker thread and returns the run's metrics; the coordinator formats and writes them
 * exactly as a local batch does, so the folder is the same bytes.
 *
 * - A worker that dies holds a lock that expires: BullMQ's stalled-job check (run by the other
 *   workers) puts its job back in the queue, so no run is lost (up to 5 stalls a job).
 * - A worker refuses a job from another build (the sources that decide results, manifest.ts)
 *   or rules version: it logs the refusal once per batch and puts the job back, delayed, for a
 *   worker of the right build.
 * - A run that throws in the engine is a result (a recorded failure), not a retried job.
 */
import { randomUUID } from "node:crypto";
import { type Job as BullJob, DelayedError, Queue, QueueEvents, Worker } from "bullmq";
import { Redis } from "ioredis";
import { RULES_VERSION, readLog } from "../../shared/index.ts";
import { buildInfo } from "./manifest.ts";
import { type Job, JobPlayer, type Plan, type RunOutput } from "./plan.ts";

export const DEFAULT_QUEUE_NAME = "compute-cycle-sim";

interface JobData extends Job {
  batch: string;
  build: string;
  rules: number;
}

interface JobResult {
  ok: boolean;
  error?: string;
  quarters: number;
  /** the Float64Array's bytes, base64 */
  values: string;
  inputs: RunOutput["inputs"];
}

const planKey = (name: string, batch: string): string => `compute-cycle:plan:${name}:${batch}`;
const jobId = (batch: string, j: Job): string => `${batch}-${j.cell}-${j.run}`;

export function queueName(): string {
  return process.env.COMPUTE_CYCLE_QUEUE || DEFAULT_QUEUE_NAME;
}

const connection = (url: string) => ({ url, maxRetriesPerRequest: null });

function toOutput(j: Job, r: JobResult): RunOutput {
  const buf = Buffer.from(r.values, "base64");
  const values = new Float64Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
  const out: RunOutput = { cell: j.cell, run: j.run, seed: j.seed, ok: r.ok, quarters: r.quarters, values, inputs: r.inputs ?? [] };
  if (r.error !== undefined) out.error = r.error;
  // its rows are formatted by the writer's rows thread (writer.ts), as the main thread's own runs are
  return out;
}

export interface QueueRunOptions {
  plan: Plan;
  jobs: Job[];
  url: string;
  onResult: (out: RunOutput) => void;
  signal?: AbortSignal;
}

/** Enqueues the jobs and resolves when every one has a result (or the signal aborted). */
export async function runJobsOnQueue(opts: QueueRunOptions): Promise<{ interrupted: boolean; workers: number }> {
  const { plan, jobs, url, signal } = opts;
  const name = queueName();
  const batch = randomUUID();
  const { build } = await buildInfo();
  const redis = new Redis(url, { maxRetriesPerRequest: 3, lazyConnect: true });
  try {
    await redis.connect();
  } catch (e) {
    redis.disconnect();
    throw new Error(`--queue ${url}: cannot reach Redis (${(e as Error).message})`);
  }
  const queue = new Queue<JobData, JobResult>(name, { connection: connection(url) });
  const events = new QueueEvents(name, { connection: connection(url) });
  const pending = new Map<string, Job>(jobs.map((j) => [jobId(batch, j), j]));
  try {
    // a fork's start state stays here: a queue worker replays the log (its JSON would lose the state's NaNs)
    const stored: Plan = plan.fork ? { ...plan, fork: { ...plan.fork, start: undefined } } : plan;
    await redis.set(planKey(name, batch), JSON.stringify(stored), "EX", 7 * 86400);
    await events.waitUntilReady();
    const interrupted = await new Promise<boolean>((resolveRaw, rejectRaw) => {
      let sweep: ReturnType<typeof setInterval> | undefined;
      const reject = (e: unknown): void => {
        clearInterval(sweep);
        rejectRaw(e);
      };
      const resolve = (v: boolean): void => {
        clearInterval(sweep);
        resolveRaw(v);
      };
      const settle = async (id: string): Promise<void> => {
        const j = pending.get(id);
        if (!j) return;
        const job = await queue.getJob(id);
        if (!job || !pending.has(id)) return;
        const state = await job.getState();
        // an event and the sweep may settle the same run at once: only the first one counts
        if (!pending.has(id)) return;
        if (state === "completed") {
          // a job fetched while still active completes without its result in hand: fetch it again
          const result = (job.returnvalue as JobResult | null) ?? ((await queue.getJob(id))?.returnvalue as JobResult | undefined);
          if (!result) return; // the sweep settles it later
          if (!pending.has(id)) return;
          pending.delete(id);
          opts.onResult(toOutput(j, result));
        } else if (state === "failed") {
          pending.delete(id);
          opts.onResult({ ...j, ok: false, error: `queue: ${job.failedReason}`, quarters: 0, values: new Float64Array(0), inputs: [] });
        } else return;
        await job.remove().catch(() => {});
        if (!pending.size) resolve(false);
      };
      const safe = (id: string): void => {
        settle(id).catch(reject);
      };
      events.on("completed", ({ jobId: id }) => safe(id));
      events.on("failed", ({ jobId: id }) => safe(id));
      // a safety net for events missed while reconnecting: look at what is still pending now and then
      sweep = setInterval(() => {
        for (const id of [...pending.keys()].slice(0, 200)) safe(id);
      }, 5000);
      signal?.addEventListener("abort", () => resolve(true));
      const add = async (): Promise<void> => {
        for (let i = 0; i < jobs.length; i += 500) {
          await queue.addBulk(
            jobs.slice(i, i + 500).map((j) => ({
              name: "run",
              data: { ...j, batch, build, rules: RULES_VERSION },
              opts: { jobId: jobId(batch, j), attempts: 3, backoff: { type: "fixed", delay: 1000 }, removeOnFail: { age: 7 * 86400 } },
            })),
          );
        }
      };
      add()
        .then(() => {
          for (const id of pending.keys()) safe(id);
        })
        .catch(reject);
    });
    if (interrupted) {
      // take this batch's runs that no worker has started off the queue
      for (const id of pending.keys()) await (await queue.getJob(id))?.remove().catch(() => {});
    }
    return { interrupted, workers: 0 };
  } finally {
    await redis.del(planKey(name, batch)).catch(() => {});
    redis.disconnect();
    await events.close();
    await queue.close();
  }
}

export interface WorkerOptions {
  url: string;
  /** ms a job's lock lasts without renewal: how soon a dead worker's job goes back (default 30 s) */
  lockMs?: number;
  log?: (line: string) => void;
}

/** Runs a queue worker until SIGINT/SIGTERM; resolves when it has closed. */
export async function runWorker(opts: WorkerOptions): Promise<void> {
  const name = queueName();
  const log = opts.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const me = await buildInfo();
  const redis = new Redis(opts.url, { maxRetriesPerRequest: 3, lazyConnect: true });
  try {
    await redis.connect();
  } catch (e) {
    redis.disconnect();
    throw new Error(`--queue ${opts.url}: cannot reach Redis (${(e as Error).message})`);
  }
  const players = new Map<string, JobPlayer>();
  const refused = new Set<string>();
  // fault injection for tests: die abruptly on taking the job after this many have finished
  const crashAfter = Number(process.env.COMPUTE_CYCLE_WORKER_CRASH_AFTER ?? "-1");
  let finished = 0;
  const lockMs = opts.lockMs ?? 30_000;
  const worker = new Worker<JobData, JobResult>(
    name,
    async (job: BullJob<JobData, JobResult>, token?: string) => {
      const d = job.data;
      if (d.build !== me.build || d.rules !== me.rules) {
        if (!refused.has(d.batch)) {
          refused.add(d.batch);
          log(
            `worker: refused the runs of batch ${d.batch}: made by build ${d.build} (rules v${d.rules}), this worker is build ${me.build} (rules v${me.rules})`,
          );
        }
        await job.moveToDelayed(Date.now() + 2000, token);
        throw new DelayedError();
      }
      if (crashAfter >= 0 && finished >= crashAfter) process.kill(process.pid, "SIGKILL");
      let player = players.get(d.batch);
      if (!player) {
        const text = await redis.get(planKey(name, d.batch));
        if (!text) throw new Error(`the plan of batch ${d.batch} is gone (its coordinator stopped)`);
        const plan = JSON.parse(text) as Plan;
        // Redis is a trust boundary: a fork's log is read again as the engine reads logs (orders parsed)
        if (plan.fork) plan.fork = { ...plan.fork, log: readLog(plan.fork.log) };
        player = new JobPlayer({ ...plan, rows: false });
        players.clear();
        players.set(d.batch, player);
        log(`worker: playing runs of batch ${d.batch}`);
      }
      const out = player.play({ cell: d.cell, run: d.run, seed: d.seed });
      finished++;
      const r: JobResult = {
        ok: out.ok,
        quarters: out.quarters,
        values: Buffer.from(out.values.buffer, out.values.byteOffset, out.values.byteLength).toString("base64"),
        inputs: out.inputs,
      };
      if (out.error !== undefined) r.error = out.error;
      return r;
    },
    {
      connection: connection(opts.url),
      concurrency: 1,
      lockDuration: lockMs,
      stalledInterval: Math.max(500, Math.floor(lockMs / 2)),
      maxStalledCount: 5,
      drainDelay: 1,
    },
  );
  worker.on("error", (e) => log(`worker: ${(e as Error).message}`));
  await worker.waitUntilReady();
  log(`worker: ready on queue "${name}" (build ${me.build}, rules v${me.rules})`);
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      log("worker: stopping");
      resolve();
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
  await worker.close();
  redis.disconnect();
}
