/** A stylized-fact card worker thread: plays the fact jobs posted to it (shared/facts/run.ts), null closing it. */
import { parentPort } from "node:worker_threads";
import { type FactJob, playFactJob } from "../../shared/facts/run.ts";

const port = parentPort;
if (!port) throw new Error("facts-worker.ts must run as a worker thread");

port.on("message", (msg: FactJob | null) => {
  if (msg === null) {
    port.close();
    return;
  }
  port.postMessage(playFactJob(msg));
});
