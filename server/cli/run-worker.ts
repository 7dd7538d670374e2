/**
 * A batch worker thread: plays the jobs the main thread hands it ({ cell, run, seed } messages)
 * with a JobPlayer (plan.ts) and posts back each run's metrics and formatted rows, the buffers
 * transferred, not copied. A run that throws comes back as a failed run, not as a dead worker.
 */
import { parentPort, workerData } from "node:worker_threads";
import { type Job, JobPlayer, type Plan } from "./plan.ts";

const player = new JobPlayer(workerData as Plan);
const port = parentPort;
if (!port) throw new Error("run-worker.ts must run as a worker thread");

port.on("message", (msg: Job | null) => {
  if (msg === null) {
    port.close();
    return;
  }
  const out = player.play(msg);
  const transfer: ArrayBuffer[] = [out.values.buffer as ArrayBuffer];
  if (out.long) transfer.push(out.long.buffer as ArrayBuffer);
  port.postMessage(out, transfer);
});
