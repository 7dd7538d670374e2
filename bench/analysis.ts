/**
 * Analysis benchmarks (issue 23 "Speed"), each through the real command line in child processes
 * with the V8 flags `npm run sim` uses:
 *  - engine.batchScaling: a 1,000-run × 18-quarter `base` batch on one worker over the same
 *    batch on every core (os.availableParallelism()): the speed-up of all cores over one. Also
 *    printed and recorded: both wall times, and two single-worker processes splitting the runs
 *    (500 each, at once), the yardstick the issue sets the 2-worker batch against.
 *  - analysis.fork200x12Seconds: `sim fork` of a saved 18-quarter `base` game from quarter 6:
 *    200 continuations × 12 quarters, every core, writing the batch folder.
 *  - analysis.tornado20x2x100x18Seconds: `sim sensitivity` over 20 declared parameters (the
 *    first 20 number parameters of listParams(), at their plausible ranges) × 2 sides × 100
 *    paired runs × 18 quarters (plus the baseline), every core.
 * Usage: node bench/analysis.ts [--quick]   (--quick: small sizes, nothing recorded)
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import { availableParallelism } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import nodeFlags from "../scripts/node-flags.json" with { type: "json" };
import { listParams } from "../shared/index.ts";
import { recordResults, report } from "./results.ts";

const quick = process.argv.includes("--quick");
const here = dirname(fileURLToPath(import.meta.url));
const SIM = join(here, "..", "server", "cli", "sim.mjs");
const OUT = join(here, "out", "analysis");
const cores = availableParallelism();
rmSync(OUT, { recursive: true, force: true });
mkdirSync(OUT, { recursive: true });

function sim(args: string[]): void {
  const r = spawnSync(process.execPath, [...nodeFlags, SIM, ...args, ...(args[0] === "run" ? [] : ["--no-progress"])], {
    encoding: "utf8",
  });
  if (r.status !== 0) throw new Error(`sim ${args.join(" ")} failed (${r.status}): ${r.stderr}`);
}
function timed(args: string[]): number {
  const t0 = performance.now();
  sim(args);
  return (performance.now() - t0) / 1000;
}
/** Several sims at once; the wall time until the last ends. */
async function timedTogether(list: string[][]): Promise<number> {
  const { spawn } = await import("node:child_process");
  const t0 = performance.now();
  await Promise.all(
    list.map(
      (args) =>
        new Promise<void>((resolve, reject) => {
          const c = spawn(process.execPath, [...nodeFlags, SIM, ...args, "--no-progress"], { stdio: "ignore" });
          c.once("exit", (code) => (code === 0 ? resolve() : reject(new Error(`sim ${args.join(" ")} exited ${code}`))));
        }),
    ),
  );
  return (performance.now() - t0) / 1000;
}

const runs = quick ? 100 : 1000;
const batch = (n: number, seed: number, workers: number, out: string) => [
  "batch",
  "--scenario",
  "base",
  "--runs",
  String(n),
  "--seed",
  String(seed),
  "--workers",
  String(workers),
  "--out",
  join(OUT, out),
];
// alternate the configurations, twice, and keep each one's best (this machine's speed swings)
const one: number[] = [];
const all: number[] = [];
const split: number[] = [];
for (let rep = 0; rep < (quick ? 1 : 2); rep++) {
  one.push(timed(batch(runs, 1, 1, "w1")));
  all.push(timed(batch(runs, 1, cores, "wall")));
  split.push(await timedTogether([batch(runs / 2, 1, 1, "p1"), batch(runs / 2, 1 + runs / 2, 1, "p2")]));
}
const t1 = Math.min(...one);
const tAll = Math.min(...all);
const tSplit = Math.min(...split);
report(`engine.batch${runs}x18Seconds.workers1`, t1, "s");
report(`engine.batch${runs}x18Seconds.workers${cores}`, tAll, "s");
report(`engine.batch${runs}x18Seconds.twoProcessesSplitting`, tSplit, "s (two single-worker processes, half the runs each, at once)");
report("engine.batchScaling", t1 / tAll, `× (${cores} workers over 1)`);

// a saved 18-quarter base game, forked from quarter 6: 12 quarters left
const log = join(OUT, "base-seed7.json");
sim(["run", "--scenario", "base", "--seed", "7", "--out", log]);
const forkRuns = quick ? 50 : 200;
const fork = Math.min(
  ...[0, 1].map((i) => timed(["fork", log, "--from", "6", "--runs", String(forkRuns), "--out", join(OUT, `fork${i}`)])),
);
report(`analysis.fork${forkRuns}x12Seconds`, fork, "s (including the process start)");

// 20 parameters: the first 20 number parameters the engine declares (the world's), each over its plausible range
const tornadoParams = listParams()
  .filter((p) => p.domain.kind === "number" && p.plausible)
  .slice(0, 20)
  .map((p) => p.path);
const tornadoRuns = quick ? 10 : 100;
const tornado = timed([
  "sensitivity",
  "--scenario",
  "base",
  "--metric",
  "totalTokens",
  "--params",
  tornadoParams.join(","),
  "--runs",
  String(tornadoRuns),
  "--out",
  join(OUT, "tornado"),
]);
report(`analysis.tornado20x2x${tornadoRuns}x18Seconds`, tornado, "s (20 declared parameters of base at their plausible ranges)");

if (!quick) {
  recordResults({
    "engine.batchScaling": Number((t1 / tAll).toFixed(2)),
    "engine.batch1000x18Seconds.workers1": Number(t1.toFixed(2)),
    "engine.batch1000x18Seconds.workersAll": Number(tAll.toFixed(2)),
    "engine.batch1000x18Seconds.twoProcessesSplitting": Number(tSplit.toFixed(2)),
    "analysis.fork200x12Seconds": Number(fork.toFixed(2)),
    "analysis.tornado20x2x100x18Seconds": Number(tornado.toFixed(2)),
  });
} else process.stderr.write("(--quick: figures not recorded)\n");
