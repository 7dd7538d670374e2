/**
 * `sim batch`: n seeded bot games on worker threads, a progress bar on stderr, and
 * summary.json + runs.csv (+ scenario.json) in the output directory.
 */
import { existsSync, statSync } from "node:fs";
import { join } from "node:path";
import cliProgress from "cli-progress";
import { defaultWorkers, runBatch, writeBatch } from "./batch-core.ts";
import { CliError, parsePositiveInt, parseSeed, resolveSetup, type SetupOptions } from "./common.ts";
import { formatValue, table, unitOf } from "./format.ts";

export interface BatchCliOptions extends SetupOptions {
  runs?: string;
  seed?: string;
  out?: string;
  workers?: string;
  progress?: boolean;
}

/** A progress reporter: a cli-progress bar on a TTY, plain lines every 10 % otherwise. */
export function progressReporter(enabled: boolean, label: string): { update: (done: number, total: number) => void; stop: () => void } {
  if (!enabled) return { update: () => {}, stop: () => {} };
  if (process.stderr.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        stream: process.stderr,
        format: `${label} [{bar}] {percentage}% | {value}/{total} runs | {rate} runs/s | ETA {eta_formatted}`,
        hideCursor: true,
        etaBuffer: 50,
        fps: 10,
      },
      cliProgress.Presets.shades_classic,
    );
    const t0 = performance.now();
    let started = false;
    return {
      update(done, total) {
        const rate = done / Math.max(1e-3, (performance.now() - t0) / 1000);
        if (!started) {
          bar.start(total, done, { rate: "0" });
          started = true;
        } else bar.update(done, { rate: rate.toFixed(0) });
      },
      stop: () => started && bar.stop(),
    };
  }
  let lastDecile = -1;
  const t0 = performance.now();
  return {
    update(done, total) {
      const decile = Math.floor((done / total) * 10);
      if (decile === lastDecile) return;
      lastDecile = decile;
      const s = (performance.now() - t0) / 1000;
      process.stderr.write(`${label}: ${done}/${total} runs (${Math.round((done / total) * 100)}%) ${s.toFixed(1)}s\n`);
    },
    stop: () => {},
  };
}

const HEADLINE = [
  "tokenPriceIndex",
  "fixedCapabilityPrice",
  "gpuHourPrice",
  "totalTokens",
  "aiCapex",
  "waferUtilization",
  "gpuUtilization",
  "shadowOutput",
];

export async function batchCommand(opts: BatchCliOptions): Promise<void> {
  if (!opts.out) throw new CliError("missing --out <dir>");
  if (existsSync(opts.out) && !statSync(opts.out).isDirectory()) throw new CliError(`--out ${opts.out}: exists and is not a directory`);
  const runs = parsePositiveInt(opts.runs ?? "100", "--runs", 1_000_000);
  const seed = parseSeed(opts.seed);
  const workers = opts.workers === undefined ? defaultWorkers(runs) : parsePositiveInt(opts.workers, "--workers", 256);
  const setup = resolveSetup(opts);
  const bar = progressReporter(opts.progress !== false, `batch ${setup.scenario.id}`);
  let batch: Awaited<ReturnType<typeof runBatch>>;
  try {
    batch = await runBatch({ setup, runs, seed, workers, onProgress: bar.update });
  } finally {
    bar.stop();
  }
  await writeBatch(opts.out, batch, setup);
  const s = batch.summary;
  const quarters = s.quarters.length;
  const lines: string[] = [];
  lines.push(
    `${runs} runs of ${setup.scenario.id} × ${quarters} quarters (seeds ${seed}…${seed + runs - 1}) in ${batch.seconds.toFixed(1)} s on ${batch.workers} worker${batch.workers === 1 ? "" : "s"} (${((runs * quarters) / batch.seconds).toFixed(0)} quarters/s)`,
  );
  lines.push(
    `wrote ${join(opts.out, "summary.json")}, ${join(opts.out, "runs.csv")} (${runs * quarters * batch.ids.length} rows), ${join(opts.out, "scenario.json")}`,
  );
  lines.push("");
  lines.push(`Final quarter ${s.quarters[quarters - 1] ?? ""} · p10 / p50 / p90 / mean`);
  const ids = [...HEADLINE.filter((id) => s.metrics[id]), ...batch.ids.filter((id) => id.startsWith("actor.") && id.endsWith(".revenue"))];
  lines.push(
    table(
      [{ header: "Metric", align: "left" }, { header: "p10" }, { header: "p50" }, { header: "p90" }, { header: "mean" }],
      ids.map((id) => {
        const b = s.metrics[id];
        const u = unitOf(id);
        const at = (xs: (number | null)[] | undefined) => formatValue(xs?.[quarters - 1], u);
        return [id, at(b?.p10), at(b?.p50), at(b?.p90), at(b?.mean)];
      }),
    ),
  );
  process.stdout.write(`${lines.join("\n")}\n`);
}
