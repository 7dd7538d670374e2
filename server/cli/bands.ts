/**
 * `sim bands`: the seeds' bands over a long game (shared/sim/bands.ts, issue 22 item 1). Plays
 * seeds 1..n of a scenario with bots in every seat on the worker pool, reads each band's
 * statistic per quarter, and prints for each band whether the batch's p10–p90 stays inside its
 * source range in every quarter of its window, and where it leaves it. With `--sets k` it plays
 * k consecutive sets of n seeds and checks each set on its own: a band that holds on one set of
 * seeds and not on the next sits on its edge.
 */

import { latinHypercube } from "../../shared/analysis/index.ts";
import {
  BANDS,
  type Band,
  type BandJob,
  type BandJobResult,
  type BandPlan,
  type BandResult,
  checkBandValues,
  playBandJob,
} from "../../shared/sim/bands.ts";
import { CliError, type GameSetup, parsePositiveInt, parseSeed, resolveSetup, type SetupOptions } from "./common.ts";
import { compact, signed, table } from "./format.ts";
import { type ParamRange, paramsToVary } from "./params.ts";
import { defaultWorkers, runPool } from "./pool.ts";
import { progressReporter } from "./progress.ts";

export interface BandsCliOptions extends SetupOptions {
  runs?: string;
  seed?: string;
  sets?: string;
  workers?: string;
  json?: boolean;
  strict?: boolean;
  progress?: boolean;
  /** scan: every declared parameter (`all`) or the ones named, at each end of its plausible range */
  params?: string;
  /** with params: n points of a Latin hypercube over all their ranges at once */
  points?: string;
}

export async function bandsCommand(opts: BandsCliOptions): Promise<number> {
  const setup = resolveSetup(opts);
  const runs = parsePositiveInt(opts.runs ?? "200", "--runs", 100_000);
  const seed = parseSeed(opts.seed);
  const sets = parsePositiveInt(opts.sets ?? "1", "--sets", 1000);
  if (seed + runs * sets - 1 > 0xffffffff) throw new CliError(`--seed ${seed} with ${runs * sets} runs passes the last seed (2^32 - 1)`);
  const total = runs * sets;
  const plan: BandPlan = { scenario: setup.effectiveInput, injected: setup.injected, quarters: setup.quarters };
  if (opts.points !== undefined && opts.params === undefined)
    throw new CliError("--points draws over the parameters --params names: give --params");
  if (opts.params !== undefined) {
    if (sets > 1) throw new CliError("--params checks one set of seeds: leave out --sets");
    if (opts.strict) throw new CliError("--params reports how each setting moves the bands and misses none: leave out --strict");
    return bandsScan(opts, setup, plan, { runs, seed, workers: opts.workers });
  }
  const workers = opts.workers === undefined ? defaultWorkers(total, setup.quarters) : parsePositiveInt(opts.workers, "--workers", 256);
  const jobs: BandJob[] = Array.from({ length: total }, (_, i) => ({ seed: seed + i }));
  const { ordered, seconds } = await playBands(jobs, plan, workers, opts.progress !== false);
  const failures = ordered.filter((r) => r.error).map((r) => ({ seed: r.seed, error: r.error as string }));
  if (failures.length === total) throw new CliError(`every run failed (seed ${failures[0]?.seed}: ${failures[0]?.error})`);
  const perSet = Array.from({ length: sets }, (_, k) =>
    checkBandValues(
      ordered
        .slice(k * runs, (k + 1) * runs)
        .filter((r) => !r.error)
        .map((r) => r.values),
      BANDS,
    ),
  );
  const done = playedLine({ runs: total, quarters: setup.quarters, seconds, workers, failures });
  const missed = perSet.some((checked) => checked.some((r) => !r.holds));
  if (sets > 1) {
    printSets(perSet, { runs, seed, quarters: setup.quarters, failures, json: opts.json === true, done });
    return opts.strict && missed ? 1 : 0;
  }
  const checked = perSet[0]!;
  if (opts.json) {
    const out = checked.map((r) => ({ ...bandInfo(r.band), ...verdictOf(r) }));
    process.stdout.write(`${JSON.stringify({ runs, seed, quarters: setup.quarters, failures, bands: out }, null, 2)}\n`);
  } else {
    const rows = checked.map((r) => {
      const worst = worstOf(r);
      return [
        r.band.id,
        r.holds ? "holds" : r.quarters.length ? "misses" : "no data",
        rangeOf(r.band),
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
      )}\n\n${held} of ${checked.length} bands hold; ${done}\n`,
    );
  }
  return opts.strict && missed ? 1 : 0;
}

/** "n runs of q quarters (what) in s on k workers; f failed (seed: error)": what a check played. */
function playedLine(o: {
  runs: number;
  quarters: number;
  seconds: number;
  workers: number;
  failures: { seed: number; error: string }[];
  what?: string;
}): string {
  const { failures: f } = o;
  const failed = f.length ? `; ${f.length} failed (seed ${f[0]!.seed}: ${f[0]!.error})` : "";
  return `${o.runs - f.length} runs of ${o.quarters} quarters${o.what ? ` (${o.what})` : ""} in ${o.seconds.toFixed(1)}s on ${o.workers} worker${o.workers === 1 ? "" : "s"}${failed}`;
}

/** Plays the band jobs on the worker pool; their results in the jobs' order, and the seconds it took. */
async function playBands(
  jobs: BandJob[],
  plan: BandPlan,
  workers: number,
  showProgress: boolean,
): Promise<{ ordered: BandJobResult[]; seconds: number }> {
  const key = (x: { seed: number; cell?: number }) => `${x.cell ?? 0}:${x.seed}`;
  const results = new Map<string, BandJobResult>();
  const progress = progressReporter(showProgress, "bands");
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
      key,
      failed: (job, why) => ({ seed: job.seed, cell: job.cell, values: [], error: why }),
      onResult: (r) => {
        results.set(key(r), r);
        progress.update(results.size, jobs.length);
      },
    });
    if (interrupted) throw new CliError("interrupted", 130);
  } finally {
    progress.stop();
    process.removeListener("SIGINT", onSigint);
  }
  return { ordered: jobs.map((j) => results.get(key(j)) as BandJobResult), seconds: (performance.now() - t0) / 1000 };
}

/** A quarter outside a band, with how far outside it is as a share of the band's range. */
type Miss = { quarter: number; p10: number; p90: number; by: number };

/** A band's quarter furthest outside its range (by the share of the range), or null. */
function worstOf(r: BandResult): Miss | null {
  return r.outside.reduce<Miss | null>((w, o) => {
    const by = Math.max(r.band.lo - o.p10, o.p90 - r.band.hi) / Math.max(1e-12, r.band.hi - r.band.lo);
    return !w || by > w.by ? { ...o, by } : w;
  }, null);
}

/** What the JSON report says of a band, and of its verdict over one set of seeds. */
function bandInfo(band: Band) {
  return { id: band.id, what: band.what, source: band.source, lo: band.lo, hi: band.hi };
}
function verdictOf(r: BandResult) {
  return { holds: r.holds, quarters: r.quarters, outside: r.outside.map((o) => o.quarter) };
}

function rangeOf(band: Band): string {
  return `${compact(band.lo)}..${compact(band.hi)}`;
}

/**
 * The report of several sets of seeds: per band, on how many sets it holds and its worst miss
 * (the set's seeds, the quarter and its p10..p90); with `json`, every set's verdict and quarters.
 */
function printSets(
  perSet: BandResult[][],
  o: { runs: number; seed: number; quarters: number; failures: { seed: number; error: string }[]; json: boolean; done: string },
): void {
  const firstSeed = (k: number) => o.seed + k * o.runs;
  const seedsOf = (k: number) => `${firstSeed(k)}–${firstSeed(k) + o.runs - 1}`;
  if (o.json) {
    const bands = BANDS.map((band, b) => ({
      ...bandInfo(band),
      heldOn: perSet.filter((checked) => checked[b]!.holds).length,
      sets: perSet.map((checked, k) => ({ seed: firstSeed(k), ...verdictOf(checked[b]!) })),
    }));
    process.stdout.write(
      `${JSON.stringify({ runs: o.runs, seed: o.seed, sets: perSet.length, quarters: o.quarters, failures: o.failures, bands }, null, 2)}\n`,
    );
    return;
  }
  const rows = BANDS.map((band, b) => {
    let w: (Miss & { k: number }) | null = null;
    for (let k = 0; k < perSet.length; k++) {
      const x = worstOf(perSet[k]![b]!);
      if (x && (!w || x.by > w.by)) w = { ...x, k };
    }
    const held = perSet.filter((checked) => checked[b]!.holds).length;
    return [
      band.id,
      `${held} of ${perSet.length}`,
      rangeOf(band),
      w ? `seeds ${seedsOf(w.k)}, q${w.quarter}: ${compact(w.p10)}..${compact(w.p90)}` : "–",
    ];
  });
  const everywhere = BANDS.filter((_, b) => perSet.every((checked) => checked[b]!.holds)).length;
  process.stdout.write(
    `${table(
      [
        { header: "band", align: "left" },
        { header: "sets held", align: "left" },
        { header: "range", align: "left" },
        { header: "worst miss (seeds, quarter: p10..p90)", align: "left" },
      ],
      rows,
    )}\n\n${everywhere} of ${BANDS.length} bands hold on every one of ${perSet.length} sets of ${o.runs} seeds (seeds ${o.seed}–${firstSeed(perSet.length - 1) + o.runs - 1}); ${o.done}\n`,
  );
}

/** What a scan reports of one band under one set-up. */
interface ScanBand {
  id: string;
  /** whether the band has a quarter in its window that most runs give a value for (a short game may have none) */
  data: boolean;
  holds: boolean;
  /** quarters whose p10–p90 leaves the band */
  outside: number[];
  /** how far the worst quarter leaves it, as a share of the band's range (0 when it holds) */
  worst: number;
}

type Overrides = { path: string; value: number }[];

/**
 * Plays every set-up (the scenario's values with each list of overrides on top) on the same
 * seeds, common random numbers, and checks the bands of each; the first list is the baseline,
 * and an error when none of its runs could be played.
 */
async function scanCells(
  cells: Overrides[],
  plan: BandPlan,
  o: { runs: number; seed: number; quarters: number; workers: string | undefined; progress: boolean },
): Promise<{
  results: ScanBand[][];
  failed: (string | null)[];
  failures: { cell: number; seed: number; error: string }[];
  done: string;
}> {
  const jobs: BandJob[] = [];
  cells.forEach((overrides, cell) => {
    for (let i = 0; i < o.runs; i++) jobs.push({ seed: o.seed + i, cell, overrides });
  });
  const workers = o.workers === undefined ? defaultWorkers(jobs.length, o.quarters) : parsePositiveInt(o.workers, "--workers", 256);
  const { ordered, seconds } = await playBands(jobs, plan, workers, o.progress);
  // each set-up's played runs and failures, in one pass over the runs
  const played = cells.map((): (number | null)[][][] => []);
  const failedRuns = cells.map((): { seed: number; error: string }[] => []);
  for (const r of ordered) {
    const cell = r.cell ?? 0;
    if (r.error) failedRuns[cell]!.push({ seed: r.seed, error: r.error });
    else played[cell]!.push(r.values);
  }
  const failures = failedRuns.flatMap((f, cell) => f.map((x) => ({ cell, ...x })));
  if (failures.length === jobs.length) throw new CliError(`every run failed (seed ${failures[0]?.seed}: ${failures[0]?.error})`);
  // a set-up none of whose runs could be played: its first error
  const failed = failedRuns.map((f) => (f.length === o.runs ? f[0]!.error : null));
  if (failed[0]) throw new CliError(`every run with the scenario's values failed (${failed[0]})`);
  const results = played.map((values) =>
    checkBandValues(values, BANDS).map((r) => ({
      id: r.band.id,
      data: r.quarters.length > 0,
      holds: r.holds,
      outside: r.outside.map((x) => x.quarter),
      worst: worstOf(r)?.by ?? 0,
    })),
  );
  const what = `${cells.length} set-ups × ${o.runs} seeds from ${o.seed}`;
  const done = playedLine({ runs: jobs.length, quarters: o.quarters, seconds, workers, failures, what });
  return { results, failed, failures, done };
}

const heldOf = (bands: ScanBand[]) => bands.filter((b) => b.holds).length;
const quartersOutOf = (bands: ScanBand[]) => bands.reduce((n, b) => n + b.outside.length, 0);
const missedOf = (bands: ScanBand[]) => bands.filter((b) => b.data && !b.holds).map((b) => `${b.id} (${b.outside.length} q)`);

function baselineLine(base: ScanBand[]): string {
  const missed = missedOf(base);
  const none = base.filter((b) => !b.data).length;
  return `With the scenario's values ${heldOf(base)} of ${base.length} bands hold${missed.length ? `; missed: ${missed.join(", ")}` : ""}${none ? `; ${none} with no quarter of their window in the game` : ""}.`;
}

/**
 * `bands --params`: the bands under each parameter at the low and at the high end of its
 * plausible range (the others at the scenario's values), every set-up playing the same seeds
 * (common random numbers), against the scenario's own values. Says which parameters bring a
 * missed band in or closer, and which break a band that holds, at a plausible setting. With
 * `--points n`, n points of a Latin hypercube over all the parameters' ranges at once instead:
 * whether any plausible combination holds more bands than the scenario's values.
 */
async function bandsScan(
  opts: BandsCliOptions,
  setup: GameSetup,
  plan: BandPlan,
  o: { runs: number; seed: number; workers: string | undefined },
): Promise<number> {
  const { params, skipped } = paramsToVary(opts.params ?? "all", setup);
  const run = { ...o, quarters: setup.quarters, progress: opts.progress !== false };
  if (opts.points !== undefined) {
    const n = parsePositiveInt(opts.points, "--points", 100_000);
    const ranges = params.map((p) => ({ path: p.path, low: p.low, high: p.high, steps: 2, integer: p.int }));
    const design = latinHypercube(ranges, n, o.seed);
    const cells: Overrides[] = [[], ...design.map((x) => params.map((p, k) => ({ path: p.path, value: x[k]! })))];
    const { results, failed, failures, done } = await scanCells(cells, plan, run);
    reportPoints(opts.json === true, setup, o, params, cells, results, failed, failures, done);
    return 0;
  }
  const sides: { param: ParamRange; side: "low" | "high"; value: number }[] = params.flatMap((p) => [
    { param: p, side: "low" as const, value: p.low },
    { param: p, side: "high" as const, value: p.high },
  ]);
  const cells: Overrides[] = [[], ...sides.map((x) => [{ path: x.param.path, value: x.value }])];
  const { results, failed, failures, done } = await scanCells(cells, plan, run);
  const base = results[0]!;
  if (opts.json) {
    const out = sides.map((x, k) => ({ path: x.param.path, side: x.side, value: x.value, failed: failed[k + 1], bands: results[k + 1] }));
    const report = {
      runs: o.runs,
      seed: o.seed,
      quarters: setup.quarters,
      bands: BANDS.map(bandInfo),
      baseline: base,
      sides: out,
      skipped,
      failures,
    };
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    return 0;
  }
  // Each side that changes a band's verdict or its quarters outside, most bands held first.
  const rows: { held: number; out: number; cells: string[] }[] = [];
  sides.forEach((x, k) => {
    const bands = results[k + 1]!;
    const error = failed[k + 1];
    if (error) {
      rows.push({ held: -1, out: 0, cells: [x.param.path, `${x.side} ${compact(x.value)}`, "–", "–", `every run failed: ${error}`, "–"] });
      return;
    }
    const now: string[] = [];
    const lost: string[] = [];
    const moved: string[] = [];
    bands.forEach((b, i) => {
      const was = base[i]!;
      if (b.holds && !was.holds) now.push(b.id);
      else if (!b.holds && was.holds) lost.push(`${b.id} (${b.outside.length} q)`);
      else if (b.outside.length !== was.outside.length) moved.push(`${b.id} ${signed(b.outside.length - was.outside.length)}`);
    });
    if (!now.length && !lost.length && !moved.length) return;
    const h = heldOf(bands);
    rows.push({
      held: h,
      out: quartersOutOf(bands),
      cells: [
        x.param.path,
        `${x.side} ${compact(x.value)}`,
        `${h} (${signed(h - heldOf(base))})`,
        now.join(", ") || "–",
        lost.join(", ") || "–",
        moved.join(", ") || "–",
      ],
    });
  });
  rows.sort((a, b) => b.held - a.held || a.out - b.out);
  const unchanged = sides.length - rows.length;
  process.stdout.write(
    `${baselineLine(base)}\n\n${table(
      [
        { header: "parameter", align: "left" },
        { header: "at", align: "left" },
        { header: "held", align: "left" },
        { header: "brought in", align: "left" },
        { header: "broken (quarters outside)", align: "left" },
        { header: "quarters outside, change", align: "left" },
      ],
      rows.map((r) => r.cells),
    )}\n\n${unchanged} of ${sides.length} settings leave every band's quarters outside as they are${skipped.length ? `; ${skipped.length} parameters have no plausible range to vary` : ""}; ${done}\n`,
  );
  return 0;
}

/**
 * The report of a joint scan (`--points`): how often each band holds over the points, and the
 * points that hold the most bands (fewest quarters outside first) with their settings.
 */
function reportPoints(
  json: boolean,
  setup: GameSetup,
  o: { runs: number; seed: number },
  params: ParamRange[],
  cells: Overrides[],
  results: ScanBand[][],
  failed: (string | null)[],
  failures: { cell: number; seed: number; error: string }[],
  done: string,
): void {
  const base = results[0]!;
  const all = cells.slice(1).map((overrides, k) => ({ point: k + 1, overrides, failed: failed[k + 1] ?? null, bands: results[k + 1]! }));
  const points = all.filter((p) => p.failed === null);
  if (json) {
    const out = all.map((p) => ({
      point: p.point,
      values: Object.fromEntries(p.overrides.map((x) => [x.path, x.value])),
      failed: p.failed,
      bands: p.bands,
    }));
    const ranges = params.map((p) => ({ path: p.path, low: p.low, high: p.high }));
    const report = {
      runs: o.runs,
      seed: o.seed,
      quarters: setup.quarters,
      bands: BANDS.map(bandInfo),
      ranges,
      baseline: base,
      points: out,
      failures,
    };
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    return;
  }
  const perBand = BANDS.map((band, i) => [
    band.id,
    !base[i]!.data ? "no data" : base[i]!.holds ? "holds" : `misses (${base[i]!.outside.length} q)`,
    `${points.filter((p) => p.bands[i]!.holds).length} of ${points.length}`,
  ]);
  const best = [...points].sort((a, b) => heldOf(b.bands) - heldOf(a.bands) || quartersOutOf(a.bands) - quartersOutOf(b.bands)).slice(0, 5);
  const lines = best.map((p) => {
    const missed = missedOf(p.bands);
    const values = p.overrides.map((x) => `  ${x.path} = ${compact(x.value)}`).join("\n");
    return `point ${p.point}: ${heldOf(p.bands)} of ${p.bands.length} bands hold${missed.length ? `; missed: ${missed.join(", ")}` : ""}\n${values}`;
  });
  const most = Math.max(0, ...points.map((p) => heldOf(p.bands)));
  const lost = all.filter((p) => p.failed !== null);
  const unplayed = lost.length ? ` ${lost.length} points could not be played (point ${lost[0]!.point}: ${lost[0]!.failed}).` : "";
  process.stdout.write(
    `${baselineLine(base)}\n\n${points.length} points of a Latin hypercube over ${params.length} parameters' ranges at once:\n\n${table(
      [
        { header: "band", align: "left" },
        { header: "scenario's values", align: "left" },
        { header: "held at", align: "left" },
      ],
      perBand,
    )}\n\nThe most bands any point holds: ${most} of ${BANDS.length}.${unplayed} The best points:\n\n${lines.join("\n\n")}\n\n${done}\n`,
  );
}
