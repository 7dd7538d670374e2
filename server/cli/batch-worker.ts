/**
 * A batch worker thread: parses the scenario once, then plays the runs the main thread
 * hands it ({ run, seed } messages) and posts back their metrics (see play.ts).
 */
import { parentPort, workerData } from "node:worker_threads";
import { parseScenario } from "../../shared/index.ts";
import type { Injection } from "./common.ts";
import { playRun, type RunSpec } from "./play.ts";

interface WorkerInput {
  scenarioInput: unknown;
  injected: Injection[];
  quarters: number;
}

const input = workerData as WorkerInput;
const spec: RunSpec = { scenario: parseScenario(input.scenarioInput), injected: input.injected, quarters: input.quarters };
const port = parentPort;
if (!port) throw new Error("batch-worker.ts must run as a worker thread");

port.on("message", (msg: { run: number; seed: number; meta: boolean } | null) => {
  if (msg === null) {
    port.close();
    return;
  }
  try {
    const result = playRun(spec, msg.run, msg.seed, msg.meta);
    port.postMessage({ ok: true, result }, [result.values.buffer as ArrayBuffer]);
  } catch (e) {
    const err = e as Error;
    port.postMessage({ ok: false, run: msg.run, seed: msg.seed, error: err.stack ?? String(err) });
  }
});
