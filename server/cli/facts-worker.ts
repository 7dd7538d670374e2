/** A stylized-fact card worker thread: plays the fact jobs posted to it (shared/facts/run.ts), null closing it. */
import { parentPort, workerData } from "node:worker_threads";
import { type FactJob, FactPlayer } from "../../shared/facts/run.ts";
import { FACTS } from "../../shared/facts/spec.ts";
import type { Override } from "../../shared/facts/types.ts";

const player = new FactPlayer(FACTS, (workerData as { world?: Override[] } | null)?.world ?? []);

const port = parentPort;
if (!port) throw new Error("facts-worker.ts must run as a worker thread");

port.on("message", (msg: FactJob | null) => {
  if (msg === null) {
    port.close();
    return;
  }
  port.postMessage(player.play(msg));
});
