/** `sim worker --queue <redis-url>`: plays queued runs until Ctrl-C (queue.ts). */
import { CliError, parsePositiveInt } from "./common.ts";

export async function workerCommand(opts: { queue?: string; lockMs?: string }): Promise<void> {
  if (!opts.queue || !/^rediss?:\/\//.test(opts.queue))
    throw new CliError(`--queue ${opts.queue ?? ""}: expected a Redis URL, e.g. redis://127.0.0.1:6379`);
  const lockMs = parsePositiveInt(opts.lockMs ?? "30000", "--lock-ms", 3_600_000);
  const { runWorker } = await import("./queue.ts");
  try {
    await runWorker({ url: opts.queue, lockMs });
  } catch (e) {
    throw new CliError((e as Error).message);
  }
}
