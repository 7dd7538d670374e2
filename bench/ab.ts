/**
 * Two versions of the engine, compared in one process: `node bench/ab.ts <rootA> <rootB>`.
 *
 * On a shared virtual machine the speed of separate runs moves by a third within minutes, so a
 * change of a few percent cannot be seen by running `npm run bench` before and after. Here both
 * checkouts (e.g. `git worktree add /tmp/base main` beside this one) are imported side by side,
 * as separate module graphs, and their `base` games, bots in every seat, the working copy and the
 * state hash read each quarter (what `engine.quartersPerSecondPerCore` times), alternate game by
 * game, in blocks of ten games each; each block gives a ratio of B's quarters per second to A's
 * (by the wall clock: the thread's CPU clock here counts in 4 ms ticks, longer than a game), and
 * the median block ratio is the figure; the overall rates are also given per CPU-second. Both
 * versions see the same moments of the machine, so its swings cancel. The same code from two checkouts gave 1.00 to 1.03 here, the
 * second checkout (B) favoured: run it both ways (A B, then B A) and take the mean of B/A and
 * A/B's inverse.
 *
 * `--isolates`: each checkout plays in its own worker thread, a V8 isolate of its own, still
 * game by game in turn, so neither version's object shapes or inline caches can touch the
 * other's. Its blocks vary about twice as much here (p25–p75 0.66–1.12 where one isolate gives
 * 0.77–0.88); use it to check a ratio that looks odd, e.g. pairs of three versions that do not
 * multiply up.
 *
 * `--batch`: the batch path instead (what `sim batch`, a sweep, a tornado and a fork's runs do):
 * createGame, 18 quarters of bots and `advanceInPlace` (no copy, no hash), then `metricsOf`;
 * the ratio is of runs per second. Both checkouts must have advanceInPlace and metricsOf.
 */
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";
import { Command } from "commander";
import { threadCpu } from "./results.ts";

type Shared = typeof import("../shared/index.ts");
const load = (root: string): Promise<Shared> => import(pathToFileURL(resolve(root, "shared/index.ts")).href) as Promise<Shared>;
/** a batch run's length (a sweep's and the tornado's) */
const BATCH_QUARTERS = 18;

/** One timed game (or batch run) of a version: quarters (or runs), wall ms, thread CPU µs. */
interface Timed {
  n: number;
  wall: number;
  cpu: number;
}

/**
 * Plays one whole game of a version, its quarters timed together, by the wall clock and the
 * thread's CPU clock (not createGame); with `batch`, one batch run, createGame included. Not
 * each quarter: reading the CPU clock is a system call, which on this machine slows the
 * quarter after it (docs/architecture.md, speed habits).
 */
function playGame(m: Shared, scenario: ReturnType<Shared["parseScenario"]>, seed: number, batch: boolean): Timed {
  let s = batch ? null : m.createGame(scenario, seed);
  const c = threadCpu();
  const t = performance.now();
  let n = 0;
  if (s === null) {
    const run = m.createGame(scenario, seed);
    while (run.quarter < BATCH_QUARTERS) m.advanceInPlace(run, m.allBotOrders(run));
    if (!m.metricsOf(run).tokenPriceIndex) throw new Error("no metrics");
    n = 1;
  } else {
    while (!s.finished) {
      const r = m.resolveTurn(s, m.allBotOrders(s));
      if (r.hash.length !== 16) throw new Error("bad hash");
      s = r.state;
      n++;
    }
  }
  return { n, wall: performance.now() - t, cpu: threadCpu() - c };
}

// --isolates: this module also runs as the worker thread that plays one version's games.
if (!isMainThread) {
  const { root, batch } = workerData as { root: string; batch: boolean };
  const m = await load(root);
  const scenario = m.parseScenario(m.scenarioInput("base"));
  parentPort!.on("message", (seed: number) => parentPort!.postMessage(playGame(m, scenario, seed, batch)));
  parentPort!.postMessage("ready");
}

if (isMainThread) await main();

async function main(): Promise<void> {
  const program = new Command()
    .name("ab")
    .description("Compare two checkouts' engine speed in one process (median of alternating blocks of games)")
    .argument("<rootA>", "checkout A (the baseline)")
    .argument("<rootB>", "checkout B (the change)")
    .option("--seconds <n>", "seconds of timed games", "20")
    .option("--warmup <n>", "seconds of warm-up", "3")
    .option("--batch", "time batch runs (createGame, 18 quarters in place, metricsOf) instead of whole games")
    .option("--isolates", "play each checkout in its own worker thread (its own V8 isolate), still alternating game by game")
    .parse();
  const [rootA, rootB] = program.args as [string, string];
  const opts = program.opts<{ seconds: string; warmup: string; batch?: boolean; isolates?: boolean }>();

  /** Plays version v's game on seed `seed`: in this thread, or in its own isolate's worker thread. */
  type Player = (seed: number) => Promise<Timed>;
  async function player(root: string): Promise<Player> {
    if (!opts.isolates) {
      const m = await load(root);
      const scenario = m.parseScenario(m.scenarioInput("base"));
      return async (seed) => playGame(m, scenario, seed, Boolean(opts.batch));
    }
    const w = new Worker(new URL(import.meta.url), { workerData: { root, batch: Boolean(opts.batch) } });
    await new Promise<void>((ok, fail) => {
      w.once("message", () => ok());
      w.once("error", fail);
    });
    w.unref();
    return (seed) =>
      new Promise<Timed>((ok, fail) => {
        w.once("message", ok);
        w.once("error", fail);
        w.postMessage(seed);
      });
  }
  const players = [await player(rootA), await player(rootB)];
  const cpu = [0, 0];
  const wall = [0, 0];
  const quarters = [0, 0];
  let seed = 1;

  async function game(v: number, count: boolean): Promise<void> {
    const r = await players[v]!(seed);
    if (count) {
      wall[v]! += r.wall;
      cpu[v]! += r.cpu;
      quarters[v]! += r.n;
    }
  }

  let end = performance.now() + Number(opts.warmup) * 1000;
  while (performance.now() < end) {
    await game(0, false);
    await game(1, false);
    seed++;
  }
  const ratios: number[] = [];
  end = performance.now() + Number(opts.seconds) * 1000;
  while (performance.now() < end) {
    const w0 = [...wall];
    const q0 = [...quarters];
    // ten pairs of games, each pair on the same seed, the order within a pair alternating
    for (let i = 0; i < 10; i++) {
      const first = (ratios.length + i) % 2;
      await game(first, true);
      await game(1 - first, true);
      seed++;
    }
    const rate = (v: number): number => (quarters[v]! - q0[v]!) / (wall[v]! - w0[v]!);
    ratios.push(rate(1) / rate(0));
  }
  ratios.sort((a, b) => a - b);
  const median = ratios[Math.floor(ratios.length / 2)]!;
  const q = (p: number): string => ratios[Math.floor(p * (ratios.length - 1))]!.toFixed(3);
  const unit = opts.batch ? `runs of ${BATCH_QUARTERS} quarters` : "quarters";
  const perSecond = (v: number): string =>
    `${((quarters[v]! / cpu[v]!) * 1e6).toFixed(0)} ${unit}/s (thread CPU), ${((quarters[v]! / wall[v]!) * 1e3).toFixed(0)} (wall)`;
  console.log(`A ${rootA}: ${perSecond(0)}; B ${rootB}: ${perSecond(1)}`);
  console.log(`B/A: median ${median.toFixed(3)} over ${ratios.length} blocks of 10 game pairs (p25 ${q(0.25)}, p75 ${q(0.75)})`);
}
