/**
 * `sim sensitivity --scenario <id> --metric <id>[@<quarter>] [--params all|<paths>] --runs n`:
 * a tornado. The baseline and, for each parameter, its low and its high (the others at the
 * scenario's values) each play the same n seeds (common random numbers); the swing of the
 * metric's statistic from low to high, with a paired bootstrap interval, sorted by its size.
 * `--sobol n` adds first-order and total Sobol indices (Saltelli's and Jansen's estimators)
 * from n base samples of the parameters drawn uniformly (Latin hypercubes) over [low, high]:
 * n × (k + 2) runs, sample j of every matrix playing seed (seed + j − 1).
 *
 * The parameters and their plausible ranges are the engine's declaration (listParams(), read
 * by params.ts): `--params all` varies every number parameter over its plausible range.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { bootstrapDifference, type Interval, latinHypercube, mean, type Statistic, statistic } from "../../shared/analysis/index.ts";
import { type BatchCliOptions, checkOutDir, manifestScenario, metaFor, planFor, redactUrl, reportFailures } from "./batch.ts";
import { column, parseMetricSpec } from "./cells.ts";
import { CliError, parsePositiveInt, parseSeed, resolveInputs, resolveSetup } from "./common.ts";
import { type CellRun, execute } from "./driver.ts";
import { formatDelta, formatValue, table, type Unit, unitOf } from "./format.ts";
import { writeManifest } from "./manifest.ts";
import { type ParamRange, paramsToVary } from "./params.ts";
import type { CellSpec } from "./plan.ts";
import { defaultWorkers } from "./pool.ts";

const PARAMS_SOURCE = "each parameter's plausible range as the engine declares it (listParams(), shared/scenario/params.ts), unless given";

export interface SensitivityCliOptions extends BatchCliOptions {
  metric?: string;
  params?: string;
  stat?: string;
  sobol?: string;
  keepRuns?: boolean;
}

export interface TornadoBar extends ParamRange {
  base: number | null;
  valueLow: number | null;
  valueHigh: number | null;
  /** statistic at high − statistic at low */
  swing: number | null;
  /** paired bootstrap interval of the swing */
  interval: Interval;
  rank: number;
}

/** The tornado's table: its columns and a row per bar, one source for the terminal and the HTML report. */
export const TORNADO_COLUMNS = ["#", "Parameter", "low", "high", "at low", "at high", "swing", "90% interval"] as const;

export function tornadoRows(
  bars: readonly (Pick<TornadoBar, "rank" | "path" | "low" | "high" | "valueLow" | "valueHigh" | "swing"> & {
    interval: Pick<Interval, "lo" | "hi">;
  })[],
  unit: Unit,
): string[][] {
  return bars.map((b) => [
    String(b.rank),
    b.path,
    formatValue(b.low, "plain"),
    formatValue(b.high, "plain"),
    formatValue(b.valueLow, unit),
    formatValue(b.valueHigh, unit),
    formatDelta(b.swing, unit),
    b.interval.lo === null ? "–" : `[${formatDelta(b.interval.lo, unit)}, ${formatDelta(b.interval.hi, unit)}]`,
  ]);
}

export async function sensitivityCommand(opts: SensitivityCliOptions): Promise<number> {
  const out = checkOutDir(opts.out);
  const runs = parsePositiveInt(opts.runs ?? "", "--runs", 1_000_000);
  const seed = parseSeed(opts.seed);
  const setup = resolveSetup(opts);
  const inputs = resolveInputs(setup, opts);
  const stat = (opts.stat ?? "mean") as Statistic;
  if (!["mean", "p10", "p50", "p90"].includes(stat)) throw new CliError(`--stat ${opts.stat}: expected mean, p10, p50 or p90`);
  const { params, skipped } = paramsToVary(opts.params ?? "all", setup);
  const cells: CellSpec[] = [{ label: "baseline", overrides: [] }];
  for (const p of params) {
    cells.push({ label: `${p.path} low`, overrides: [{ path: p.path, value: p.low }] });
    cells.push({ label: `${p.path} high`, overrides: [{ path: p.path, value: p.high }] });
  }
  const sobolN = opts.sobol === undefined ? 0 : parsePositiveInt(opts.sobol, "--sobol", 100_000);
  const k = params.length;
  const ranges = params.map((p) => ({ path: p.path, low: p.low, high: p.high, steps: 2 }));
  const A = sobolN ? latinHypercube(ranges, sobolN, seed) : [];
  const B = sobolN ? latinHypercube(ranges, sobolN, seed + 7919) : [];
  const sobolFirst = cells.length;
  const cellRuns: CellRun[] = [];
  const keep = !!opts.keepRuns;
  const sideDir = (c: CellSpec, i: number): string | null =>
    keep ? join(out, "sides", i === 0 ? "baseline" : `${String(i).padStart(3, "0")}-${c.label.replace(/[^A-Za-z0-9_.-]+/g, "-")}`) : null;
  cells.forEach((c, i) => {
    // a side's bands are written only with --keep-runs; otherwise only its runs are read
    cellRuns.push({ dir: sideDir(c, i), runs, seed, meta: metaFor(setup, seed, inputs, c.overrides, "tornado side"), bands: keep });
  });
  for (let j = 0; j < sobolN; j++) {
    const rows: number[][] = [
      A[j] as number[],
      B[j] as number[],
      ...params.map((_, i) => (A[j] as number[]).map((x, c) => (c === i ? ((B[j] as number[])[c] as number) : x))),
    ];
    rows.forEach((row, r) => {
      const c: CellSpec = {
        label: `sobol ${j + 1} ${r === 0 ? "A" : r === 1 ? "B" : `AB${r - 1}`}`,
        overrides: params.map((p, i) => ({ path: p.path, value: p.int ? Math.round(row[i] as number) : (row[i] as number) })),
      };
      cells.push(c);
      cellRuns.push({
        dir: null,
        runs: 1,
        seed: (seed + j) % 0x100000000,
        meta: metaFor(setup, seed + j, inputs, c.overrides, "sobol sample"),
        bands: false,
      });
    });
  }
  const plan = planFor(setup, inputs, cells, keep);
  // Sobol cells play one run each: only keep their rows off
  const header = plan.headers[0];
  if (!header) throw new CliError("nothing to run");
  const metric = parseMetricSpec(opts.metric ?? "", header, setup.quarters);
  const total = cellRuns.reduce((s, c) => s + c.runs, 0);
  const workers = opts.workers === undefined ? defaultWorkers(total, setup.quarters) : parsePositiveInt(opts.workers, "--workers", 256);
  mkdirSync(out, { recursive: true });
  const manifest = (): Promise<void> =>
    writeManifest(out, {
      kind: "sensitivity",
      scenario: manifestScenario(setup, inputs),
      metric: metric.spec,
      stat,
      params,
      paramsSource: PARAMS_SOURCE,
      skipped,
      runs,
      seed,
      sobol: sobolN || null,
      set: setup.overrides,
      shocks: setup.injected,
      inputs,
      workers: opts.queue ? null : workers,
      queue: opts.queue ? redactUrl(opts.queue) : null,
    });
  const ex = await execute({
    plan,
    cells: cellRuns,
    workers,
    queue: opts.queue,
    label: `sensitivity ${setup.scenario.id} (${k} parameters)`,
    progress: opts.progress !== false,
    whileRunning: manifest,
  });
  const col = (i: number): Float64Array => {
    const w = ex.writers[i];
    return w ? column(w.results, w.header, metric) : new Float64Array(0);
  };
  const baseCol = col(0);
  const base = statistic(baseCol, stat);
  const bars: TornadoBar[] = params.map((p, i) => {
    const lo = col(1 + 2 * i);
    const hi = col(2 + 2 * i);
    const d = bootstrapDifference(lo, hi, stat, { paired: true, resamples: 1000, level: 0.9 });
    return {
      ...p,
      base,
      valueLow: statistic(lo, stat),
      valueHigh: statistic(hi, stat),
      swing: d.ofStats.estimate,
      interval: d.ofStats,
      rank: 0,
    };
  });
  bars.sort((a, b) => Math.abs(b.swing ?? 0) - Math.abs(a.swing ?? 0) || a.path.localeCompare(b.path));
  bars.forEach((b, i) => {
    b.rank = i + 1;
  });
  let sobol: { n: number; variance: number | null; indices: { path: string; first: number | null; total: number | null }[] } | null = null;
  if (sobolN) {
    const y = (cell: number): number => col(cell)[0] as number;
    const fa: number[] = [];
    const fb: number[] = [];
    const fab: number[][] = params.map(() => []);
    for (let j = 0; j < sobolN; j++) {
      const at = sobolFirst + j * (k + 2);
      fa.push(y(at));
      fb.push(y(at + 1));
      params.forEach((_, i) => {
        (fab[i] as number[]).push(y(at + 2 + i));
      });
    }
    const all = [...fa, ...fb].filter((x) => !Number.isNaN(x));
    const mu = mean(all) ?? 0;
    const variance = all.length > 1 ? all.reduce((s, x) => s + (x - mu) * (x - mu), 0) / (all.length - 1) : null;
    sobol = {
      n: sobolN,
      variance,
      indices: params.map((p, i) => {
        const ab = fab[i] as number[];
        let s1 = 0;
        let st = 0;
        let n = 0;
        for (let j = 0; j < sobolN; j++) {
          const a = fa[j] as number;
          const b = fb[j] as number;
          const c = ab[j] as number;
          if (Number.isNaN(a) || Number.isNaN(b) || Number.isNaN(c)) continue;
          s1 += b * (c - a);
          st += (a - c) * (a - c);
          n++;
        }
        const ok = variance && variance > 0 && n > 0;
        return { path: p.path, first: ok ? s1 / n / variance : null, total: ok ? st / (2 * n) / variance : null };
      }),
    };
  }
  const tornado = {
    kind: "sensitivity",
    scenario: setup.scenario.id,
    metric: metric.id,
    quarter: metric.label === "final" ? (header.labels[Math.min(setup.quarters, header.labels.length) - 1] ?? "final") : metric.label,
    stat,
    runs,
    seed,
    seeds: "the baseline and every side play seeds seed..seed+runs-1 (common random numbers)",
    baseline: base,
    paramsSource: PARAMS_SOURCE,
    skipped,
    bars,
    sobol,
    failures: ex.summaries.reduce((s, x) => s + x.failures.length, 0),
    interrupted: ex.interrupted,
  };
  writeFileSync(join(out, "tornado.json"), `${JSON.stringify(tornado, null, 2)}\n`);
  const f = (x: number | null | undefined) => (x === null || x === undefined ? "" : String(x));
  writeFileSync(
    join(out, "tornado.csv"),
    `${["rank,path,low,high,value_low,value_high,swing,swing_lo,swing_hi", ...bars.map((b) => [b.rank, b.path, b.low, b.high, f(b.valueLow), f(b.valueHigh), f(b.swing), f(b.interval.lo), f(b.interval.hi)].join(","))].join("\n")}\n`,
  );
  const u = unitOf(metric.id);
  const lines = [
    `Tornado of ${stat} ${metric.id} at ${tornado.quarter}: ${k} parameters × 2 sides × ${runs} paired runs of ${setup.scenario.id} in ${ex.seconds.toFixed(1)} s; baseline ${formatValue(base, u)}; wrote ${out}/tornado.json, tornado.csv${ex.interrupted ? " · INTERRUPTED" : ""}`,
    ...(skipped.length ? [`Left out (no plausible range to vary): ${skipped.map((x) => `${x.path} (${x.why})`).join(", ")}`] : []),
    "",
    table(
      TORNADO_COLUMNS.map((header) => ({
        header,
        ...(header === "Parameter" || header === "90% interval" ? { align: "left" as const } : {}),
      })),
      tornadoRows(bars, u),
    ),
  ];
  if (sobol) {
    lines.push("", `Sobol indices (${sobolN} base samples, variance ${formatValue(sobol.variance, "plain")})`);
    lines.push(
      table(
        [{ header: "Parameter", align: "left" }, { header: "first order" }, { header: "total" }],
        sobol.indices.map((s) => [s.path, formatValue(s.first, "plain"), formatValue(s.total, "plain")]),
      ),
    );
  }
  process.stdout.write(`${lines.join("\n")}\n`);
  return reportFailures(ex, opts.strict);
}
