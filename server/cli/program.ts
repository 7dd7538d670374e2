/**
 * The commands and options of the `sim` command line, and its exit codes (server/cli/sim.mjs
 * loads this module once the compile cache is on).
 */
import { Command, CommanderError } from "commander";
import { ScenarioError } from "../../shared/index.ts";
import { bandsCommand } from "./bands.ts";
import { batchCommand } from "./batch.ts";
import { CliError, collect, scenarioErrorLine } from "./common.ts";
import { compareCommand } from "./compare.ts";
import { factsCommand } from "./facts.ts";
import { forkCommand } from "./fork.ts";
import { listCommand } from "./list.ts";
import { replayCommand } from "./replay.ts";
import { reportCommand } from "./report.ts";
import { runCommand } from "./run.ts";
import { sensitivityCommand } from "./sensitivity.ts";
import { sweepCommand } from "./sweep.ts";
import { workerCommand } from "./worker.ts";

// a reader that stops early (`| head`) closes the pipe: stop quietly, as other command-line tools do
process.stdout.on("error", (e: NodeJS.ErrnoException) => {
  if (e.code === "EPIPE") process.exit(0);
  throw e;
});

function fail(message: string, code: number): never {
  process.stderr.write(`sim: error: ${message.replace(/\s*\n\s*/g, " ")}\n`);
  process.exit(code);
}

const program = new Command("sim")
  .description(
    "Compute Cycle headless simulation: run, replay, batch, sweep, sensitivity, fork, compare, report, worker, list, facts and bands (docs/cli.md)",
  )
  .showHelpAfterError("(npm run sim -- --help for usage)")
  .exitOverride()
  .configureOutput({ writeErr: (s) => process.stderr.write(s) });

const withScenario = (c: Command): Command =>
  c
    .requiredOption("--scenario <id|file.json>", "built-in scenario id (see list) or a scenario JSON file")
    .option("--set <path=value>", "override a scenario field by dotted path, e.g. world.capital.rate=0.05 (repeatable)", collect, [])
    .option("--shock <id@quarter>", "schedule a catalogue shock in quarter n (from 1), e.g. wafer-shortage@3 (repeatable)", collect, [])
    .option("--quarters <n>", "play only the first n quarters (at most the scenario's length; --set quarters=n changes the length)");

const withInputs = (c: Command): Command =>
  c
    .option(
      "--dist <path=dist>",
      "draw a parameter per run: uniform(a,b), triangular(a,mode,b), normal(mean,sd), lognormal(median,sigma), discrete(x|y|z) (repeatable)",
      collect,
      [],
    )
    .option(
      "--correlate <a,b=rank>",
      "rank correlation between two --dist inputs, e.g. world.params.catchUp,world.params.switchingStickiness=-0.5 (repeatable)",
      collect,
      [],
    );

const withRuns = (c: Command): Command =>
  c
    .option("--seed <n>", "seed of run 1; run r plays seed + r - 1", "1")
    .option("--workers <k>", "worker threads (default: every core, fewer for a small job; 1 = main thread)")
    .option("--queue <redis-url>", "play the runs on queue workers (sim worker --queue <redis-url>) instead of local threads")
    .option("--strict", "exit 1 when any run fails (default: only when every run fails)")
    .option("--no-progress", "no progress output on stderr");

const setCode = (code: number): void => {
  process.exitCode = code;
};

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

withRuns(
  withInputs(
    withScenario(program.command("batch").description("play n seeded games; write summary.json, runs.csv.gz, wide.csv, manifest.json")),
  ),
)
  .requiredOption("--runs <n>", "number of games")
  .requiredOption("--out <dir>", "output directory")
  .action(async (opts) => setCode(await batchCommand(opts)));

withRuns(
  withInputs(
    withScenario(program.command("sweep").description("a grid or Latin hypercube over parameters; a batch of paired seeds at each point")),
  ),
)
  .requiredOption("--vary <path=a..b[:n]>", "a parameter and its range, n points in a grid (default 5) (repeatable)", collect, [])
  .option("--design <grid|lhs>", "a full grid of the ranges' points, or a Latin hypercube of --points points", "grid")
  .option("--points <n>", "points of a Latin hypercube (default 10)")
  .requiredOption("--runs <n>", "runs (seeds) per point")
  .option(
    "--metric <id[@quarter]>",
    "metrics to summarise per point (default: the headline metrics, final quarter) (repeatable)",
    collect,
    [],
  )
  .requiredOption("--out <dir>", "output directory (one batch folder per point)")
  .action(async (opts) => setCode(await sweepCommand(opts)));

withRuns(
  withInputs(
    withScenario(
      program.command("sensitivity").description("a tornado: the metric at each parameter's low and high, paired seeds, swings sorted"),
    ),
  ),
)
  .requiredOption("--metric <id[@quarter]>", "the metric (default quarter: the last)")
  .option(
    "--params <all|paths>",
    "all (every number parameter over its plausible range, see list --params), or a comma-separated list of paths, groups (world.params.*) or path=low..high",
    "all",
  )
  .option("--stat <mean|p10|p50|p90>", "the statistic over runs", "mean")
  .requiredOption("--runs <n>", "paired runs per side")
  .option("--sobol <n>", "also estimate first-order Sobol indices from n base samples (n × (k + 2) runs)")
  .option("--keep-runs", "write every side's runs (a batch folder per side)")
  .requiredOption("--out <dir>", "output directory")
  .action(async (opts) => setCode(await sensitivityCommand(opts)));

withRuns(
  program.command("fork").description("n seeded continuations of a saved game from the state after a quarter; writes a batch folder"),
)
  .argument("<game.json>", "a game log (sim run --out, the server's download, test/golden/*.json)")
  .requiredOption("--from <quarter>", "continue from the state after this quarter (0 = the start)")
  .requiredOption("--runs <n>", "number of continuations")
  .option("--orders <standing|bots>", "bots decide every seat, or every seat keeps its standing orders", "bots")
  .option("--redraw", "also redraw the demand growth from each continuation's seed (from quarter 0: exactly a batch)")
  .option(
    "--set <path=value>",
    "change a world parameter (world.…) from the fork's quarter on; the quarters before play as logged (repeatable)",
    collect,
    [],
  )
  .option("--shock <id@quarter>", "inject a catalogue shock in a quarter after --from (repeatable)", collect, [])
  .requiredOption("--out <dir>", "output directory")
  .action(async (file: string, opts) => setCode(await forkCommand(file, opts)));

program
  .command("compare")
  .description("any number of batches side by side, every quarter or chosen ones, with bootstrap intervals")
  .argument("<dirs...>", "batch output directories (the first is the baseline)")
  .option("--json", "print the comparison as JSON")
  .option(
    "--quarter <quarters|final|all>",
    "quarters to compare: final (default), all, or labels or numbers like 2027Q4,2028Q4 or 6,10",
    "final",
  )
  .option("--per-quarter", "every quarter (same as --quarter all)")
  .option("--metric <id>", "only this metric (repeatable)", collect, [])
  .option("--level <x>", "confidence level of the intervals", "0.9")
  .option("--boot <n>", "bootstrap resamples", "1000")
  .action((dirs: string[], opts) => compareCommand(dirs, opts));

program
  .command("report")
  .description("one self-contained HTML page: fans, tornado bars, comparison tables, links to the CSVs")
  .argument("<dirs...>", "batch, fork, sweep or sensitivity output directories")
  .requiredOption("--out <report.html>", "the HTML file to write")
  .option("--metric <id>", "metrics to chart (default: the headline metrics) (repeatable)", collect, [])
  .option("--title <text>", "the page's title")
  .action((dirs: string[], opts) => reportCommand(dirs, opts));

program
  .command("worker")
  .description("play the runs that batch, sweep, sensitivity or fork --queue enqueue on Redis, until Ctrl-C")
  .requiredOption("--queue <redis-url>", "the Redis the coordinators enqueue on, e.g. redis://127.0.0.1:6379")
  .option("--lock-ms <ms>", "how long a job's lock lasts unrenewed: how soon a dead worker's run is retried", "30000")
  .action(async (opts) => workerCommand(opts));

program
  .command("list")
  .description("the scenarios, the shock catalogue and the metric ids; with --params, every parameter of the model")
  .option("--json", "print as JSON")
  .option("--params", "every parameter: its path (for --set), unit, default, domain, plausible range and source")
  .option("--scenario <id|file.json>", "whose shock catalogue and metric ids to list", "base")
  .action((opts) => listCommand(opts));

program
  .command("facts")
  .description("the stylized facts of seed-facts.md §5 as A/B experiments over declared ranges of set-ups: holds/fails, effect, source")
  .option("--only <ids>", "only these facts: ids (f07, f09-threadA) or fact numbers (9), comma-separated (repeatable)", collect, [])
  .option("--seeds <n>", "seeds per point of each range (default: the card's)")
  .option("--seed <n>", "first seed: each point plays seeds n..n+seeds-1 (default 1, the card's)")
  .option("--sets <k>", "play k consecutive sets of seeds and judge each on its own (default 1)")
  .option(
    "--set <path=value>",
    "override a field of every scenario the facts play, before each fact's own set-up, e.g. world.params.reasoningGrowth=0.08 (repeatable)",
    collect,
    [],
  )
  .option(
    "--params <all|paths>",
    "scan: the card with each parameter at the low and the high end of its plausible range (all, or paths, groups such as world.params.*, or path=low..high, comma-separated), against the scenarios' values",
  )
  .option(
    "--points <n>",
    "with --params: the card in n worlds of a Latin hypercube over all the parameters' ranges at once, instead of each end",
  )
  .option("--workers <k>", "worker threads (default: every core, fewer for a small job; 1 = main thread)")
  .option("--json", "print the card as JSON (every check at every point)")
  .option("--write-docs", "rewrite the generated card in docs/model.md")
  .option("--strict", "exit 1 when any fact fails")
  .option("--no-progress", "no progress output on stderr")
  .action(async (opts) => setCode(await factsCommand(opts)));

withScenario(
  program
    .command("bands")
    .description("the seeds' bands over a long game: does the p10–p90 of n seeds stay inside each source range in every quarter"),
)
  .option("--runs <n>", "seeds to play", "200")
  .option("--seed <n>", "seed of run 1; run r plays seed + r - 1", "1")
  .option("--sets <k>", "play k consecutive sets of n seeds and check each on its own", "1")
  .option("--workers <k>", "worker threads (default: every core, fewer for a small job; 1 = main thread)")
  .option("--json", "print every band's p10 and p90 per quarter as JSON")
  .option("--strict", "exit 1 when any band is missed (on any set)")
  .option(
    "--params <all|paths>",
    "scan: the bands with each parameter at the low and the high end of its plausible range (all, or paths, groups such as world.params.*, or path=low..high, comma-separated), against the scenario's values",
  )
  .option("--points <n>", "with --params: n points of a Latin hypercube over all the parameters' ranges at once, instead of each end")
  .option("--no-progress", "no progress output on stderr")
  .action(async (opts) => setCode(await bandsCommand(opts)));

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
