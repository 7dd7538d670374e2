/** A what-if fan worker thread (fork-pool.ts): plays the fork jobs posted to it, one at a time. */
import { parentPort } from "node:worker_threads";
import { forkFan } from "../../shared/index.ts";
import type { ForkJob, ForkWorkerReply } from "./fork-pool.ts";

const port = parentPort;
if (!port) throw new Error("fork-worker.ts must run as a worker thread");

port.on("message", ({ id, job }: { id: number; job: ForkJob }) => {
  let reply: ForkWorkerReply;
  try {
    const opts = { from: job.from, runs: job.runs, seed: job.seed, metrics: [job.metric] };
    const base = forkFan(job.log, opts);
    const fan = base.metrics[job.metric];
    if (!fan) throw new Error(`no metric ${job.metric} in this game`);
    const shocked = job.shocked?.length ? forkFan(job.log, { ...opts, injected: job.shocked }).metrics[job.metric] : undefined;
    reply = { id, ok: true, result: { quarters: base.quarters, fan, ...(shocked ? { shocked } : {}) } };
  } catch (e) {
    reply = { id, ok: false, error: ((e as Error)?.message ?? String(e)).split("\n")[0] as string };
  }
  port.postMessage(reply);
});
