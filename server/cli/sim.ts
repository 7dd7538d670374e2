#!/usr/bin/env node
/**
 * The Compute Cycle command line: `npm run sim -- <command>` (docs/cli.md).
 *   run      one bot game, per-quarter tables, --out writes a replayable log
 *   replay   re-simulate a log and verify every quarter's hash
 *   batch    n seeded games on worker threads → summary.json, runs.csv
 *   compare  two batches side by side
 *   list     scenarios, shock catalogue, metric ids
 * Exit codes: 0 ok, 1 replay diverged or a run failed, 2 bad input.
 */
import { Command, CommanderError } from "commander";
import { ScenarioError } from "../../shared/index.ts";
import { batchCommand } from "./batch.ts";
import { CliError, collect, scenarioErrorLine } from "./common.ts";
import { compareCommand } from "./compare.ts";
import { listCommand } from "./list.ts";
import { replayCommand } from "./replay.ts";
import { runCommand } from "./run.ts";

function fail(message: string, code: number): never {
  process.stderr.write(`sim: error: ${message.replace(/\s*\n\s*/g, " ")}\n`);
  process.exit(code);
}

const program = new Command("sim")
  .description("Compute Cycle headless simulation: run, replay, batch, compare and list (docs/cli.md)")
  .showHelpAfterError("(npm run sim -- --help for usage)")
  .exitOverride()
  .configureOutput({ writeErr: (s) => process.stderr.write(s) });

const withScenario = (c: Command): Command =>
  c
    .requiredOption("--scenario <id|file.json>", "built-in scenario id (see list) or a scenario JSON file")
    .option("--set <path=value>", "override a scenario field by dotted path, e.g. world.capital.rate=0.05 (repeatable)", collect, [])
    .option("--shock <id@quarter>", "schedule a catalogue shock in quarter n (from 1), e.g. wafer-shortage@3 (repeatable)", collect, [])
    .option("--quarters <n>", "play only the first n quarters (at most the scenario's length; --set quarters=n changes the length)");

withScenario(program.command("run").description("play one game with bots in every seat and print it quarter by quarter"))
  .option("--seed <n>", "random seed, an integer in [0, 2^32)", "1")
  .option("--out <game.json>", "write the full game log (replay it with: sim replay <file>)")
  .option("--json", "print the indicators and events as JSON instead of tables")
  .action((opts) => runCommand(opts));

program
  .command("replay")
  .description("re-simulate a game log and verify every quarter's state hash (exit 1 on divergence)")
  .argument("<game.json>", "a log written by sim run --out")
  .option("--json", "print { ok, quarters, firstDivergence } as JSON")
  .action((file: string, opts) => {
    process.exitCode = replayCommand(file, opts);
  });

withScenario(program.command("batch").description("play n seeded games on worker threads; write summary.json and runs.csv"))
  .requiredOption("--runs <n>", "number of games")
  .option("--seed <n>", "seed of run 1; run r plays seed + r - 1", "1")
  .requiredOption("--out <dir>", "output directory")
  .option("--workers <k>", "worker threads (default: os.availableParallelism(); 1 = main thread)")
  .option("--no-progress", "no progress output on stderr")
  .action(async (opts) => batchCommand(opts));

program
  .command("compare")
  .description("the metrics of two batches side by side (p50 of A and B, difference)")
  .argument("<dirA>", "batch output directory A")
  .argument("<dirB>", "batch output directory B")
  .option("--json", "print the comparison as JSON")
  .option("--per-quarter", "also print every quarter for each metric")
  .option("--metric <id>", "only this metric (repeatable)", collect, [])
  .action((a: string, b: string, opts) => compareCommand(a, b, opts));

program
  .command("list")
  .description("the scenarios, the shock catalogue and the metric ids")
  .option("--json", "print as JSON")
  .option("--scenario <id|file.json>", "whose shock catalogue and metric ids to list", "base")
  .action((opts) => listCommand(opts));

try {
  await program.parseAsync(process.argv);
} catch (e) {
  if (e instanceof CommanderError) {
    // help and version exit 0; usage errors were already printed by commander
    process.exit(e.exitCode === 0 ? 0 : 2);
  }
  if (e instanceof CliError) fail(e.message, e.exitCode);
  if (e instanceof ScenarioError) fail(scenarioErrorLine(e), 2);
  const err = e as Error;
  process.stderr.write(`sim: internal error: ${err.stack ?? String(err)}\n`);
  process.exit(1);
}
