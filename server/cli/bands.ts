/**
 * `sim bands`: the seeds' bands over a long game (shared/sim/bands.ts, issue 22 item 1). Plays
 * seeds 1..n of a scenario with bots in every seat on the worker pool, reads each band's
 * statistic per quarter, and prints for each band whether the batch's p10–p90 stays inside its
 * source range in every quarter of its window, and where it leaves it.
 */
import { BANDS, type BandJob, type BandJobResult, type BandPlan, checkBandValues, playBandJob } from "../../shared/sim/bands.ts";
import { CliError, parsePositiveInt, parseSeed, resolveSetup, type SetupOptions } from "./common.ts";
import { compact, table } from "./format.ts";
import { defaultWorkers, runPool } from "./pool.ts";
import { progressReporter } from "./progress.ts";

export interface BandsCliOptions extends SetupOptions {
  runs?: string;
  seed?: string;
  workers?: string;
  json?: boolean;
  strict?: boolean;
  progress?: boolean;
}

export async function bandsCommand(opts: BandsCliOptions): Promise<number> {
  const setup = resolveSetup(opts);
  const runs = parsePositiveInt(opts.runs ?? "200", "--runs", 100_000);
  const seed = parseSeed(opts.seed);
  const workers = opts.workers === undefined ? defaultWorkers(runs, setup.quarters) : parsePositiveInt(opts.workers, "--workers", 256);
  const plan: BandPlan = { scenario: setup.effectiveInput, injected: setup.injected, quarters: setup.quarters };
  const jobs: BandJob[] = Array.from({ length: runs }, (_, i) => ({ seed: seed + i }));
  const results = new Map<number, BandJobResult>();
  const progress = progressReporter(opts.progress !== false, "bands");
  const abort = new AbortController();
  const onSigint = () => abort.abort();
  process.once("SIGINT", onSigint);
  const t0 = performance.now();
  try {
    const { interrupted } = await runPool<BandJob, BandJobResult>({
      jobs,
      workers,
      signal: abort.signal,
      script: new URL("./bands-worker.ts", import.meta.url),
      workerData: plan,
      player: () => ({ play: (job: BandJob) => playBandJob(plan, job) }),
      key: (x) => String(x.seed),
      failed: (job, why) => ({ seed: job.seed, values: [], error: why }),
      onResult: (r) => {
        results.set(r.seed, r);
        progress.update(results.size, runs);
      },
    });
    if (interrupted) throw new CliError("interrupted", 130);
  } finally {
    progress.stop();
    process.removeListener("SIGINT", onSigint);
  }
  const seconds = (performance.now() - t0) / 1000;
  const ordered = jobs.map((j) => results.get(j.seed) as BandJobResult);
  const failures = ordered.filter((r) => r.error).map((r) => ({ seed: r.seed, error: r.error as string }));
  if (failures.length === runs) throw new CliError(`every run failed (seed ${failures[0]?.seed}: ${failures[0]?.error})`);
  const checked = checkBandValues(
    ordered.filter((r) => !r.error).map((r) => r.values),
    BANDS,
  );
  if (opts.json) {
    const out = checked.map((r) => ({
      id: r.band.id,
      what: r.band.what,
      source: r.band.source,
      lo: r.band.lo,
      hi: r.band.hi,
      holds: r.holds,
      quarters: r.quarters,
      outside: r.outside.map((o) => o.quarter),
    }));
    process.stdout.write(`${JSON.stringify({ runs, seed, quarters: setup.quarters, failures, bands: out }, null, 2)}\n`);
  } else {
    const rows = checked.map((r) => {
      const worst = r.outside.reduce<{ quarter: number; p10: number; p90: number; by: number } | null>((w, o) => {
        const by = Math.max(r.band.lo - o.p10, o.p90 - r.band.hi) / Math.max(1e-12, r.band.hi - r.band.lo);
        return !w || by > w.by ? { ...o, by } : w;
      }, null);
      return [
        r.band.id,
        r.holds ? "holds" : r.quarters.length ? "misses" : "no data",
        `${compact(r.band.lo)}..${compact(r.band.hi)}`,
        r.outside.length ? r.outside.map((o) => o.quarter).join(",") : "–",
        worst ? `q${worst.quarter}: ${compact(worst.p10)}..${compact(worst.p90)}` : "–",
      ];
    });
    const held = checked.filter((r) => r.holds).length;
    process.stdout.write(
      `${table(
        [
          { header: "band", align: "left" },
          { header: "verdict", align: "left" },
          { header: "range", align: "left" },
          { header: "quarters outside", align: "left" },
          { header: "worst p10..p90", align: "left" },
        ],
        rows,
      )}\n\n${held} of ${checked.length} bands hold; ${runs - failures.length} runs of ${setup.quarters} quarters in ${seconds.toFixed(1)}s on ${workers} worker${workers === 1 ? "" : "s"}${failures.length ? `; ${failures.length} failed (seed ${failures[0]?.seed}: ${failures[0]?.error})` : ""}\n`,
    );
  }
  return opts.strict && checked.some((r) => !r.holds) ? 1 : 0;
}
