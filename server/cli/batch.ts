/**
 * `sim batch`: n seeded bot games on worker threads (or queue workers), streamed to
 * runs.csv.gz, wide.csv and inputs.csv, then summary.json, scenario.json and manifest.json.
 */
import { existsSync, mkdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type InputsSpec, inputPaths } from "../../shared/analysis/index.ts";
import { applyOverrides, MAX_QUARTERS, parseScenario } from "../../shared/index.ts";
import {
  CliError,
  collect,
  type GameSetup,
  type InputOptions,
  type Override,
  parsePositiveInt,
  parseSeed,
  resolveInputs,
  resolveSetup,
  type SetupOptions,
  withoutInputs,
} from "./common.ts";
import { type CellRun, type Execution, execute } from "./driver.ts";
import { formatValue, table, unitOf } from "./format.ts";
import { writeManifest } from "./manifest.ts";
import { type CellSpec, headerFor, type Plan } from "./plan.ts";
import { defaultWorkers } from "./pool.ts";
import type { Summary, SummaryMeta } from "./writer.ts";

export { collect };

export interface BatchCliOptions extends SetupOptions, InputOptions {
  runs?: string;
  seed?: string;
  out?: string;
  workers?: string;
  progress?: boolean;
  queue?: string;
  strict?: boolean;
}

/** The plan of a batch-like command: the scenario without inputs, and one cell per overrides set. */
export function planFor(
  setup: GameSetup,
  inputs: InputsSpec | null,
  cells: CellSpec[],
  rows = true,
  quartersCapped = setup.quarters,
): Plan {
  const bare = withoutInputs(setup.effectiveInput);
  const cap = setup.quarters < setup.scenario.quarters ? quartersCapped : MAX_QUARTERS;
  const headers = cells.map((c) => {
    const sc = c.overrides.length ? parseScenario(applyOverrides(bare, c.overrides)) : setup.scenario;
    return headerFor({ ...sc, quarters: Math.max(sc.quarters, Math.min(cap, MAX_QUARTERS)) }, Math.min(cap, MAX_QUARTERS));
  });
  return { scenarioInput: bare, inputs, injected: setup.injected, quarters: cap, cells, headers, fork: null, rows };
}

export function metaFor(setup: GameSetup, seed: number, inputs: InputsSpec | null, extra: Override[] = [], kind = "batch"): SummaryMeta {
  const meta: SummaryMeta = {
    scenario: setup.scenario.id,
    seed,
    actors: setup.scenario.actors.map((a) => ({ id: a.id, role: a.role, name: a.name })),
    scenarioVersion: setup.scenario.version,
    seeds: "run r (1-based) plays seed (seed + r - 1) mod 2^32",
    set: [...setup.overrides, ...extra],
    shocks: setup.injected,
    kind,
  };
  if (inputs) meta.inputs = inputPaths(inputs);
  return meta;
}

/** The scenario as played, with the batch's inputs section (so `sim run --scenario <dir>/scenario.json --seed s` replays run s). */
export function scenarioFileFor(setup: GameSetup, inputs: InputsSpec | null, extra: Override[] = []): unknown {
  const bare = withoutInputs(setup.effectiveInput);
  const played = extra.length ? applyOverrides(bare, extra) : bare;
  return inputs ? { ...(played as object), inputs } : played;
}

export function checkOutDir(out: string | undefined): string {
  if (!out) throw new CliError("missing --out <dir>");
  if (existsSync(out) && !statSync(out).isDirectory()) throw new CliError(`--out ${out}: exists and is not a directory`);
  return out;
}

export function manifestScenario(setup: GameSetup, inputs: InputsSpec | null, extra: Override[] = []) {
  const input = scenarioFileFor(setup, inputs, extra);
  return { id: setup.scenario.id, version: setup.scenario.version, source: setup.source, input, parsed: parseScenario(input) };
}

export interface BatchRunOptions {
  setup: GameSetup;
  inputs: InputsSpec | null;
  runs: number;
  seed: number;
  workers?: number;
  /** output folder; null keeps the runs in memory only */
  out: string | null;
  progress?: boolean;
  queue?: string;
}

/** Plays a batch (one cell) and writes its folder. */
export async function runBatch(o: BatchRunOptions): Promise<Execution & { summary: Summary }> {
  const plan = planFor(o.setup, o.inputs, [{ label: "batch", overrides: [] }]);
  const cell: CellRun = { dir: o.out, runs: o.runs, seed: o.seed, meta: metaFor(o.setup, o.seed, o.inputs) };
  const workers = o.workers ?? defaultWorkers(o.runs, o.setup.quarters);
  const out = o.out;
  if (out) {
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, "scenario.json"), `${JSON.stringify(scenarioFileFor(o.setup, o.inputs), null, 2)}\n`);
  }
  const manifest = async (): Promise<void> => {
    if (!out) return;
    await writeManifest(out, {
      kind: "batch",
      scenario: manifestScenario(o.setup, o.inputs),
      runs: o.runs,
      seed: o.seed,
      seeds: "run r (1-based) plays seed (seed + r - 1) mod 2^32",
      quarters: o.setup.quarters,
      set: o.setup.overrides,
      shocks: o.setup.injected,
      inputs: o.inputs,
      workers: o.queue ? null : workers,
      queue: o.queue ? redactUrl(o.queue) : null,
    });
  };
  const ex = await execute({
    plan,
    cells: [cell],
    workers,
    queue: o.queue,
    label: `batch ${o.setup.scenario.id}`,
    progress: o.progress ?? false,
    whileRunning: manifest,
  });
  return { ...ex, summary: ex.summaries[0] as Summary };
}

export function redactUrl(url: string): string {
  return url.replace(/\/\/([^@/]*)@/, "//***@");
}

/** Failures to stderr; the exit code: 130 interrupted, 1 when every run failed or (--strict) any did. */
export function reportFailures(ex: Execution, strict: boolean | undefined): number {
  const failures = ex.summaries.flatMap((s) => s.failures);
  if (failures.length) {
    const first = failures[0];
    process.stderr.write(
      `sim: ${failures.length} of ${ex.total} runs failed (summary.json "failures"): first: run ${first?.run}, seed ${first?.seed}: ${first?.message}\n`,
    );
  }
  if (ex.interrupted) return 130;
  if (ex.total > 0 && ex.failed === ex.total) {
    process.stderr.write("sim: error: every run failed\n");
    return 1;
  }
  if (strict && ex.failed > 0) return 1;
  return 0;
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

export function finalTable(s: Summary): string {
  const quarters = s.quarters.length;
  const ids = [
    ...HEADLINE.filter((id) => s.metrics[id]),
    ...Object.keys(s.metrics).filter((id) => id.startsWith("actor.") && id.endsWith(".revenue")),
  ];
  return table(
    [{ header: "Metric", align: "left" }, { header: "p10" }, { header: "p50" }, { header: "p90" }, { header: "mean" }],
    ids.map((id) => {
      const b = s.metrics[id];
      const u = unitOf(id);
      const at = (xs: (number | null)[] | undefined) => formatValue(xs?.[quarters - 1], u);
      return [id, at(b?.p10), at(b?.p50), at(b?.p90), at(b?.mean)];
    }),
  );
}

export async function batchCommand(opts: BatchCliOptions): Promise<number> {
  const out = checkOutDir(opts.out);
  const runs = parsePositiveInt(opts.runs ?? "", "--runs", 1_000_000);
  const seed = parseSeed(opts.seed);
  const given = opts.workers === undefined ? undefined : parsePositiveInt(opts.workers, "--workers", 256);
  const setup = resolveSetup(opts);
  const workers = given ?? defaultWorkers(runs, setup.quarters);
  const inputs = resolveInputs(setup, opts);
  const ex = await runBatch({ setup, inputs, runs, seed, workers, out, progress: opts.progress !== false, queue: opts.queue });
  const s = ex.summary;
  const quarters = s.quarters.length;
  const lines: string[] = [];
  lines.push(
    `${s.completed} of ${runs} runs of ${setup.scenario.id} × ${quarters} quarters (seeds ${seed}…${seed + runs - 1}) in ${ex.seconds.toFixed(1)} s ${opts.queue ? "on queue workers" : `on ${ex.workers} worker${ex.workers === 1 ? "" : "s"}`} (${((s.completed * quarters) / ex.seconds).toFixed(0)} quarters/s)${ex.interrupted ? " · INTERRUPTED" : ""}`,
  );
  lines.push(`wrote ${join(out, "summary.json")}, runs.csv.gz, wide.csv${inputs ? ", inputs.csv" : ""}, scenario.json, manifest.json`);
  if (quarters) {
    lines.push("");
    lines.push(`Final quarter ${s.quarters[quarters - 1] ?? ""} · p10 / p50 / p90 / mean`);
    lines.push(finalTable(s));
  }
  process.stdout.write(`${lines.join("\n")}\n`);
  return reportFailures(ex, opts.strict);
}
