/**
 * A batch worker thread: plays the jobs the main thread hands it ({ cell, run, seed } messages)
 * with a JobPlayer (plan.ts) and posts back each run's metrics and formatted rows, the buffers
 * transferred, not copied. A run that throws comes back as a failed run, not as a dead worker.
 * Its plan is its workerData, or, for a thread started before the command knew it
 * (prestart.ts), its first message. Once the runs are played, the batch may hand it a range of
 * the summary's bands to compute (bands-columns.ts) before closing it.
 */
import { parentPort, workerData } from "node:worker_threads";
import { type BandsMessage, bandsOfRange } from "./bands-columns.ts";
import { type Job, JobPlayer, type Plan } from "./plan.ts";

let player = workerData ? new JobPlayer(workerData as Plan) : null;
const port = parentPort;
if (!port) throw new Error("run-worker.ts must run as a worker thread");

port.on("message", (msg: Job | Plan | BandsMessage | null) => {
  if (msg === null) {
    port.close();
    return;
  }
  if ("bands" in msg) {
    const bands = bandsOfRange(msg.bands);
    port.postMessage(bands, [bands.buffer as ArrayBuffer]);
    return;
  }
  if (!player) {
    player = new JobPlayer(msg as Plan);
    return;
  }
  const out = player.play(msg as Job);
  const transfer: ArrayBuffer[] = [out.values.buffer as ArrayBuffer];
  if (out.long) transfer.push(out.long.buffer as ArrayBuffer);
  if (out.wide) transfer.push(out.wide.buffer as ArrayBuffer);
  port.postMessage(out, transfer);
});
