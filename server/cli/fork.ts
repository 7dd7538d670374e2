/**
 * `sim fork <game.json> --from k --runs n`: n seeded continuations of a saved game from the
 * state after quarter k (shared/sim/fork.ts), with bots or standing orders in every seat,
 * written as a batch folder (summary.json, runs.csv.gz, wide.csv, manifest.json), so compare
 * and report read it like any batch. Continuation i plays seed (seed + i − 1), as batch run i.
 * `--set` changes the world's parameters from the fork's quarter on (what only a game's start
 * reads is refused: shared/sim/fork.ts).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ForkError, forkScenarioInput, forkStart, MAX_QUARTERS, ScenarioError } from "../../shared/index.ts";
import { checkOutDir, finalTable, redactUrl, reportFailures } from "./batch.ts";
import { CliError, type Injection, parsePositiveInt, parseSeed, parseSet, parseShock, scenarioErrorLine } from "./common.ts";
import { execute } from "./driver.ts";
import { writeManifest } from "./manifest.ts";
import { headerFor, type Plan } from "./plan.ts";
import { defaultWorkers } from "./pool.ts";
import { readLog } from "./replay.ts";
import type { SummaryMeta } from "./writer.ts";

export interface ForkCliOptions {
  from?: string;
  runs?: string;
  seed?: string;
  orders?: string;
  redraw?: boolean;
  set?: string[];
  shock?: string[];
  out?: string;
  workers?: string;
  queue?: string;
  strict?: boolean;
  progress?: boolean;
}

export async function forkCommand(file: string, opts: ForkCliOptions): Promise<number> {
  const out = checkOutDir(opts.out);
  // read as the engine reads logs: schema, migration, orders parsed; other rules refused
  const log = readLog(file);
  if (!/^\d+$/.test((opts.from ?? "").trim()))
    throw new CliError(`--from ${opts.from}: expected a whole number of quarters (0 = the start)`);
  const from = Number(opts.from);
  const runs = parsePositiveInt(opts.runs ?? "", "--runs", 1_000_000);
  const seed = parseSeed(opts.seed);
  const orders = opts.orders ?? "bots";
  if (orders !== "bots" && orders !== "standing") throw new CliError(`--orders ${orders}: expected standing or bots`);
  const given = opts.workers === undefined ? undefined : parsePositiveInt(opts.workers, "--workers", 256);
  const overrides = (opts.set ?? []).map(parseSet);
  const redraw = !!opts.redraw;
  try {
    const start = forkStart(log, from, overrides, { redraw });
    const scenarioInput = forkScenarioInput(log, overrides);
    const injected: Injection[] = (opts.shock ?? []).map((s) => {
      const inj = parseShock(s, start.scenario, start.scenario.quarters);
      if (inj.quarter <= from)
        throw new CliError(
          `--shock ${s}: quarter ${inj.quarter} is not after the fork (--from ${from}): it must fire in ${from + 1}..${start.scenario.quarters}`,
        );
      return inj;
    });
    const scenario = start.scenario;
    const workers = given ?? defaultWorkers(runs, scenario.quarters - from);
    const plan: Plan = {
      scenarioInput,
      inputs: null,
      injected,
      quarters: MAX_QUARTERS,
      cells: [{ label: "fork", overrides: [] }],
      headers: [headerFor(scenario, scenario.quarters)],
      fork: { log, from, orders, redraw, overrides, start },
      rows: true,
    };
    const meta: SummaryMeta = {
      scenario: scenario.id,
      seed,
      actors: log.seats.map((s) => ({ id: s.id, role: s.role, name: s.name })),
      scenarioVersion: scenario.version,
      seeds: "continuation r (1-based) plays seed (seed + r - 1) mod 2^32, as batch run r does",
      set: overrides,
      shocks: injected,
      kind: "fork",
      fork: { log: file, from, orders, redraw: !!opts.redraw, logSeed: log.seed },
    };
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, "scenario.json"), `${JSON.stringify(scenarioInput, null, 2)}\n`);
    const manifest = (): Promise<void> =>
      writeManifest(out, {
        kind: "fork",
        scenario: { id: scenario.id, version: scenario.version, source: file, input: scenarioInput, parsed: scenario },
        log: {
          file,
          seed: log.seed,
          rules: log.rules,
          quarters: log.quarters.length,
          lastHash: log.quarters[from - 1]?.hash ?? null,
        },
        from,
        runs,
        seed,
        orders,
        redraw: !!opts.redraw,
        set: overrides,
        shocks: injected,
        workers: opts.queue ? null : workers,
        queue: opts.queue ? redactUrl(opts.queue) : null,
      });
    const ex = await execute({
      plan,
      cells: [{ dir: out, runs, seed, meta }],
      workers,
      queue: opts.queue,
      label: `fork ${scenario.id}@${from}`,
      progress: opts.progress !== false,
      whileRunning: manifest,
    });
    const s = ex.summaries[0];
    if (s) {
      process.stdout.write(
        `${s.completed} of ${runs} continuations of ${file} from quarter ${from} (${orders}${opts.redraw ? ", demand growth redrawn" : ""}) in ${ex.seconds.toFixed(1)} s; wrote ${out}/summary.json, runs.csv.gz, wide.csv, manifest.json\n`,
      );
      if (s.quarters.length)
        process.stdout.write(`\nFinal quarter ${s.quarters[s.quarters.length - 1]} · p10 / p50 / p90 / mean\n${finalTable(s)}\n`);
    }
    return reportFailures(ex, opts.strict);
  } catch (e) {
    if (e instanceof ForkError) throw new CliError(e.message.startsWith("--") ? e.message : `${file}: ${e.message}`);
    if (e instanceof ScenarioError) throw new CliError(scenarioErrorLine(e, e.message.startsWith("--") ? "" : `${file}: `));
    throw e;
  }
}
