/**
 * `sim sweep --scenario <id> --vary <path>=<a>..<b>[:<n>] … [--design grid|lhs] --runs n`:
 * a batch at each point of a grid (every combination of each range's n points) or a Latin
 * hypercube (--points points), all points playing the same seeds (common random numbers), so
 * the difference between two points is the parameters', not the draws'. Each point is a batch
 * folder (point-001/ …); sweep.json and points.csv give the quantiles of the chosen metrics per
 * point.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gridDesign, latinHypercube, mean, parseRange, quantile, type Range } from "../../shared/analysis/index.ts";
import { listParams } from "../../shared/index.ts";
import {
  type BatchCliOptions,
  checkOutDir,
  manifestScenario,
  metaFor,
  planFor,
  redactUrl,
  reportFailures,
  scenarioFileFor,
} from "./batch.ts";
import { checkValues, column, type MetricSpec, pad, parseMetricSpec, valueAt } from "./cells.ts";
import { CliError, parsePositiveInt, parseSeed, resolveInputs, resolveSetup } from "./common.ts";
import { type CellRun, execute } from "./driver.ts";
import { formatValue, table, unitOf } from "./format.ts";
import { writeManifest } from "./manifest.ts";
import type { CellSpec } from "./plan.ts";
import { defaultWorkers } from "./pool.ts";

export interface SweepCliOptions extends BatchCliOptions {
  vary?: string[];
  design?: string;
  points?: string;
  metric?: string[];
}

export const HEADLINE_METRICS = ["tokenPriceIndex", "gpuHourPrice", "totalTokens", "aiCapex", "shadowOutput"];

export async function sweepCommand(opts: SweepCliOptions): Promise<number> {
  const out = checkOutDir(opts.out);
  const runs = parsePositiveInt(opts.runs ?? "", "--runs", 1_000_000);
  const seed = parseSeed(opts.seed);
  const setup = resolveSetup(opts);
  const inputs = resolveInputs(setup, opts);
  if (!opts.vary?.length) throw new CliError("missing --vary <path>=<low>..<high>[:<points>]");
  const ranges: Range[] = opts.vary.map((v) => {
    let r: Range;
    try {
      r = parseRange(v);
    } catch (e) {
      throw new CliError(`--vary ${(e as Error).message}`);
    }
    // the parsed scenario: the rules' defaults filled in
    const current = valueAt(setup.scenario, r.path);
    if (current === undefined) throw new CliError(`--vary ${v}: no scenario field "${r.path}"`);
    if (typeof current !== "number") throw new CliError(`--vary ${v}: ${r.path} is not a number (it is ${JSON.stringify(current)})`);
    const domain = listParams().find((p) => p.path === r.path)?.domain;
    r.integer =
      (domain?.kind === "number" && !!domain.int) || (Number.isInteger(current) && Number.isInteger(r.low) && Number.isInteger(r.high));
    checkValues(setup, r.path, [r.low, r.high], "--vary");
    return r;
  });
  const design = opts.design ?? "grid";
  if (design !== "grid" && design !== "lhs") throw new CliError(`--design ${design}: expected grid or lhs`);
  const points =
    design === "grid" ? gridDesign(ranges) : latinHypercube(ranges, parsePositiveInt(opts.points ?? "10", "--points", 100_000), seed);
  if (points.length > 10_000)
    throw new CliError(`the design has ${points.length} points: at most 10,000 (fewer --vary points, or --design lhs)`);
  const width = String(points.length).length < 3 ? 3 : String(points.length).length;
  const cells: CellSpec[] = points.map((p, i) => ({
    label: `point ${i + 1}`,
    overrides: ranges.map((r, k) => ({ path: r.path, value: p[k] as number })),
  }));
  const plan = planFor(setup, inputs, cells);
  const header = plan.headers[0];
  if (!header) throw new CliError("the design is empty");
  const specs: MetricSpec[] = (opts.metric?.length ? opts.metric : HEADLINE_METRICS.filter((m) => header.ids.includes(m))).map((m) =>
    parseMetricSpec(m, header, setup.quarters),
  );
  const dirs = cells.map((_, i) => join(out, `point-${pad(i + 1, width)}`));
  const workers =
    opts.workers === undefined ? defaultWorkers(runs * cells.length, setup.quarters) : parsePositiveInt(opts.workers, "--workers", 256);
  mkdirSync(out, { recursive: true });
  const manifestCommon = {
    runs,
    seed,
    quarters: setup.quarters,
    shocks: setup.injected,
    inputs,
    workers: opts.queue ? null : workers,
    queue: opts.queue ? redactUrl(opts.queue) : null,
  };
  cells.forEach((c, i) => {
    const dir = dirs[i] as string;
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "scenario.json"), `${JSON.stringify(scenarioFileFor(setup, inputs, c.overrides), null, 2)}\n`);
  });
  const manifests = async (): Promise<void> => {
    await writeManifest(out, {
      kind: "sweep",
      scenario: manifestScenario(setup, inputs),
      design,
      ranges,
      points: points.length,
      set: setup.overrides,
      ...manifestCommon,
    });
    await Promise.all(
      cells.map((c, i) =>
        writeManifest(dirs[i] as string, {
          kind: "sweep point",
          point: i + 1,
          scenario: manifestScenario(setup, inputs, c.overrides),
          set: [...setup.overrides, ...c.overrides],
          ...manifestCommon,
        }),
      ),
    );
  };
  const cellRuns: CellRun[] = cells.map((c, i) => ({
    dir: dirs[i] as string,
    runs,
    seed,
    meta: metaFor(setup, seed, inputs, c.overrides, "sweep point"),
  }));
  const ex = await execute({
    plan,
    cells: cellRuns,
    workers,
    queue: opts.queue,
    label: `sweep ${setup.scenario.id} (${points.length} points)`,
    progress: opts.progress !== false,
    whileRunning: manifests,
  });
  const rows = points.map((p, i) => {
    const w = ex.writers[i];
    const metrics: Record<string, { p10: number | null; p50: number | null; p90: number | null; mean: number | null }> = {};
    for (const m of specs) {
      const col = w ? column(w.results, w.header, m) : new Float64Array(0);
      metrics[m.spec] = { p10: quantile(col, 0.1), p50: quantile(col, 0.5), p90: quantile(col, 0.9), mean: mean(col) };
    }
    return {
      point: i + 1,
      dir: dirs[i] as string,
      values: Object.fromEntries(ranges.map((r, k) => [r.path, p[k] as number])),
      completed: w?.completed ?? 0,
      failures: ex.summaries[i]?.failures.length ?? 0,
      metrics,
    };
  });
  const sweep = {
    kind: "sweep",
    scenario: setup.scenario.id,
    design,
    ranges,
    runs,
    seed,
    seeds: "every point plays seeds seed..seed+runs-1 (common random numbers)",
    metrics: specs.map((m) => ({ spec: m.spec, id: m.id, quarter: m.label })),
    interrupted: ex.interrupted,
    points: rows,
  };
  writeFileSync(join(out, "sweep.json"), `${JSON.stringify(sweep, null, 2)}\n`);
  const csv = [`point,${ranges.map((r) => r.path).join(",")},metric,quarter,p10,p50,p90,mean,completed,failures`];
  for (const r of rows)
    for (const m of specs) {
      const s = r.metrics[m.spec];
      const f = (x: number | null | undefined) => (x === null || x === undefined ? "" : String(x));
      csv.push(
        `${r.point},${ranges.map((g) => r.values[g.path]).join(",")},${m.id},${m.label},${f(s?.p10)},${f(s?.p50)},${f(s?.p90)},${f(s?.mean)},${r.completed},${r.failures}`,
      );
    }
  writeFileSync(join(out, "points.csv"), `${csv.join("\n")}\n`);
  const lines = [
    `${points.length} points (${design}) × ${runs} runs of ${setup.scenario.id} in ${ex.seconds.toFixed(1)} s; wrote ${out}/sweep.json, points.csv and a batch folder per point${ex.interrupted ? " · INTERRUPTED" : ""}`,
    "",
    `p50 per point (p10–p90 in sweep.json, points.csv)`,
    table(
      [...ranges.map((r) => ({ header: r.path, align: "right" as const })), ...specs.map((m) => ({ header: m.spec }))],
      rows.map((r) => [
        ...ranges.map((g) => formatValue(r.values[g.path], "plain")),
        ...specs.map((m) => formatValue(r.metrics[m.spec]?.p50, unitOf(m.id))),
      ]),
    ),
  ];
  process.stdout.write(`${lines.join("\n")}\n`);
  return reportFailures(ex, opts.strict);
}
