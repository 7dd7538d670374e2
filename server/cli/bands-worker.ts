/** A band-check worker thread: plays the seeds posted to it (shared/sim/bands.ts), null closing it. */
import { parentPort, workerData } from "node:worker_threads";
import { type BandJob, type BandPlan, playBandJob } from "../../shared/sim/bands.ts";

const plan = workerData as BandPlan;
const port = parentPort;
if (!port) throw new Error("bands-worker.ts must run as a worker thread");

port.on("message", (msg: BandJob | null) => {
  if (msg === null) {
    port.close();
    return;
  }
  port.postMessage(playBandJob(plan, msg));
});
