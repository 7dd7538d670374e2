/**
 * Engine benchmark (issue 2 "Speed"):
 *  - engine.quartersPerSecondPerCore: quarters resolved per second on one thread, `base`
 *    scenario, bots in every seat; the timed loop is exactly what a game does each quarter:
 *    playerView + botOrders for every seat (runGame's allBotOrders), resolveTurn, and the
 *    state hash that runGame records in the log.
 *    Timed after a warm-up of 8 s (V8's steady state: in a fresh process the first second runs
 *    at about a quarter of it, the third at one half to three quarters, and the rate settles
 *    after about five), over whole games replayed with fresh seeds, by the thread's CPU
 *    time (per core: on a shared machine the wall clock also counts time stolen by others;
 *    the wall-clock rate is printed on stderr), each game's quarters as one interval (see Player.window).
 *  - engine.quartersPerThousandReferenceUnits: the same rate divided by the machine's speed on a
 *    fixed reference workload (bench/reference.ts, in windows alternating with the engine's, so
 *    that both see the same moments of the machine), so that figures from machines of different
 *    speed compare; machine.referenceUnitsPerSecond is that speed.
 *  - engine.batch500x18Seconds: wall time of `sim batch` (the same runner, all cores) for
 *    500 runs × 18 quarters of `base`, including writing its folder (summary.json, runs.csv.gz, wide.csv; a batch
 *    keeps no log, so its runs advance the state in place and skip the hash).
 *  - engine.firstSecondShare: how fast a fresh process warms up (short runs, batch workers, forks
 *    and the browser's replay live in their first second). Each sample is a child process
 *    (`node <scripts/node-flags.json> bench/engine.ts --first-second`, the flags the CLI and the
 *    server run with) that plays `base` games as the Player does, timed by the wall clock from the
 *    start of its first quarter (after the modules load and the first game is created; later
 *    games' createGame is counted): the quarters of its first second, over its own steady rate
 *    (its quarters per second from second 6 to second 8, once V8 has settled). The median of 5
 *    samples, run one after another.
 * Usage: node bench/engine.ts [--quick]   (--quick: short timings, nothing recorded)
 */
import { spawnSync } from "node:child_process";
import { availableParallelism, loadavg } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import nodeFlags from "../scripts/node-flags.json" with { type: "json" };
import { runBatch } from "../server/cli/batch.ts";
import { resolveSetup } from "../server/cli/common.ts";
import { copyState as workingCopy } from "../shared/engine/state-io.ts";
import { advanceInPlace, allBotOrders, createGame, type GameState, parseScenario, resolveTurn, scenarioInput } from "../shared/index.ts";
import { referenceWindow } from "./reference.ts";
import { recordResults, report, threadCpu } from "./results.ts";

const quick = process.argv.includes("--quick");
const here = dirname(fileURLToPath(import.meta.url));

/** The batch path: bots decide, the quarter is resolved in place, no log and so no hash. */
function playQuarterInPlace(state: GameState): GameState {
  advanceInPlace(state, allBotOrders(state));
  return state;
}

function playQuarter(state: GameState): GameState {
  // what runGame (and the server) does each quarter: every seat's bot decides from its view,
  // resolveTurn resolves the quarter on a copy, and the state hash is read for the log
  const r = resolveTurn(state, allBotOrders(state));
  if (r.hash.length !== 16) throw new Error("bad hash");
  return r.state;
}

/** CPU time, wall time and quarters resolved, summed over the windows a Player has played. */
interface Tally {
  quarters: number;
  cpuMicros: number;
  wallMs: number;
}

/**
 * Plays `base` games with bots in every seat on one thread, in windows: each call to `window`
 * plays on for about that many seconds (a new seed for each game) and adds to the tally. Only the
 * quarters are timed, by the thread's CPU clock (what one core delivers; robust on a shared
 * machine where neighbours steal the core) and by the wall clock; not the createGame calls. A
 * game's quarters are timed together, not one by one (see `window`).
 */
class Player {
  readonly tally: Tally = { quarters: 0, cpuMicros: 0, wallMs: 0 };
  readonly #scenario = parseScenario(scenarioInput("base"));
  #seed = 1000;
  #state = createGame(this.#scenario, this.#seed);
  readonly play: (s: GameState) => GameState;
  constructor(play: (s: GameState) => GameState = playQuarter) {
    this.play = play;
  }

  window(seconds: number, timed = true): void {
    const end = performance.now() + seconds * 1000;
    while (performance.now() < end) {
      if (this.#state.finished || this.#state.quarter >= this.#scenario.quarters) {
        this.#state = createGame(this.#scenario, ++this.#seed);
        continue;
      }
      // The game's quarters, to its end or the window's, timed as one interval. Not each
      // quarter: reading the thread's CPU clock is a system call (getrusage), and on this machine
      // every system call flushes the TLB, which cost the engine 12 to 15% of its speed when the
      // clock was read around each quarter (docs/architecture.md, speed habits).
      const c = threadCpu();
      const t = performance.now();
      let n = 0;
      do {
        this.#state = this.play(this.#state);
        n++;
      } while (!this.#state.finished && this.#state.quarter < this.#scenario.quarters && performance.now() < end);
      if (!timed) continue;
      this.tally.wallMs += performance.now() - t;
      this.tally.cpuMicros += threadCpu() - c;
      this.tally.quarters += n;
    }
  }

  /** Quarters per CPU-second and per wall-clock second so far. */
  rates(): { cpu: number; wall: number } {
    const { quarters, cpuMicros, wallMs } = this.tally;
    return { cpu: quarters / (cpuMicros / 1e6), wall: quarters / (wallMs / 1000) };
  }
}

async function measureBatch(runs: number): Promise<number> {
  const base = parseScenario(scenarioInput("base"));
  const set = base.quarters === 18 ? [] : ["quarters=18"];
  const setup = resolveSetup({ scenario: "base", set });
  const t0 = performance.now();
  await runBatch({ setup, inputs: null, runs, seed: 1, workers: availableParallelism(), out: join(here, "out", `batch${runs}x18`) });
  return (performance.now() - t0) / 1000;
}

/**
 * Where a quarter's time goes (informational): the loop a Player times, cut into its four
 * parts — every seat's view and bot (allBotOrders, which builds the views once for all seats),
 * the working copy resolveTurn makes, the steps on that copy (advanceInPlace), and the state
 * hash — each summed by the wall clock over whole games. Returns whole microseconds per quarter.
 */
function breakdown(games: number): Record<"bots" | "copy" | "steps" | "hash", number> {
  const scenario = parseScenario(scenarioInput("base"));
  const t = { bots: 0, copy: 0, steps: 0, hash: 0 };
  let n = 0;
  for (let g = 0; g < games; g++) {
    let state = createGame(scenario, 5000 + g);
    while (state.quarter < scenario.quarters) {
      let t0 = performance.now();
      const orders = allBotOrders(state);
      let t1 = performance.now();
      t.bots += t1 - t0;
      const next = workingCopy(state);
      t0 = performance.now();
      t.copy += t0 - t1;
      const r = advanceInPlace(next, orders);
      t1 = performance.now();
      t.steps += t1 - t0;
      if (r.hash.length !== 16) throw new Error("bad hash");
      t.hash += performance.now() - t1;
      state = r.state;
      n++;
    }
  }
  const us = { ...t };
  for (const k of Object.keys(t) as (keyof typeof t)[]) us[k] = Math.round((t[k] / n) * 1000);
  process.stderr.write(
    `engine per quarter (base, ${n} quarters): bots and their views ${us.bots} µs, working copy ${us.copy} µs, steps ${us.steps} µs, state hash ${us.hash} µs\n`,
  );
  return us;
}

/**
 * One sample of engine.firstSecondShare, in this (fresh) process: quarters played in the first
 * wall-clock second from the first quarter, and the steady rate (quarters per second from second
 * 6 to second 8). Prints them as JSON on stdout.
 */
function firstSecondSample(): void {
  const scenario = parseScenario(scenarioInput("base"));
  let seed = 1;
  let state = createGame(scenario, seed);
  const t0 = performance.now();
  let quarters = 0;
  let first = -1;
  let at6 = -1;
  for (;;) {
    if (state.finished) state = createGame(scenario, ++seed);
    state = playQuarter(state);
    quarters++;
    const t = performance.now() - t0;
    if (first < 0 && t >= 1000) first = quarters;
    if (at6 < 0 && t >= 6000) at6 = quarters;
    if (t >= 8000) {
      process.stdout.write(`${JSON.stringify({ first, steady: (quarters - at6) / ((t - 6000) / 1000) })}\n`);
      return;
    }
  }
}

/** engine.firstSecondShare: the median over `samples` fresh child processes (see the header). */
function firstSecondShare(samples: number): number {
  const shares: number[] = [];
  for (let i = 0; i < samples; i++) {
    const r = spawnSync(process.execPath, [...nodeFlags, fileURLToPath(import.meta.url), "--first-second"], { encoding: "utf8" });
    if (r.status !== 0) throw new Error(`first-second sample failed: ${r.stderr}`);
    const { first, steady } = JSON.parse(r.stdout.trim().split("\n").pop()!) as { first: number; steady: number };
    shares.push(first / steady);
    process.stderr.write(`first second: ${first} quarters, steady ${steady.toFixed(0)} quarters/s, share ${(first / steady).toFixed(2)}\n`);
  }
  shares.sort((a, b) => a - b);
  return shares[Math.floor(shares.length / 2)]!;
}

if (process.argv.includes("--first-second")) {
  firstSecondSample();
  process.exit(0);
}

// The engine and the machine's own speed (bench/reference.ts) in alternating windows, so that both
// see the same moments of a machine whose speed swings within minutes, and their ratio holds.
const player = new Player();
player.window(quick ? 0.5 : 8, false); // warm-up to the steady state (see the header)
const ref = { units: 0, cpuMicros: 0 };
const windows = quick ? 2 : 8;
for (let i = 0; i < windows; i++) {
  const r = referenceWindow(quick ? 0.25 : 0.4);
  ref.units += r.units;
  ref.cpuMicros += r.cpuMicros;
  player.window(1);
}
const rate = player.rates();
const refRate = ref.units / (ref.cpuMicros / 1e6);
const qps = rate.cpu;
const parts = breakdown(quick ? 4 : 40);
report("engine.quartersPerSecondPerCore", qps, "quarters/s");
report("machine.referenceUnitsPerSecond", refRate, `units/s (bench/reference.ts, in ${windows} windows alternating with the engine's)`);
// Comparable across sessions on machines of different speed: quarters per 1,000 reference units.
report("engine.quartersPerThousandReferenceUnits", (qps / refRate) * 1000, "quarters");
// The same without the game log's work (a copy of the state and its hash each quarter): what a
// batch does (informational key; the target is the figure above).
const inPlace = new Player(playQuarterInPlace);
inPlace.window(quick ? 0.5 : 1, false);
inPlace.window(quick ? 2 : 6);
report("engine.batchPathQuartersPerSecondPerCore", inPlace.rates().cpu, "quarters/s");
process.stderr.write(
  `(by wall clock: ${rate.wall.toFixed(0)} quarters/s; the figure above is per CPU-second of the main thread, load average ${loadavg()[0]?.toFixed(1)})\n`,
);
const runs = quick ? 50 : 500;
const batchSeconds = await measureBatch(runs);
report(quick ? `engine.batch${runs}x18Seconds` : "engine.batch500x18Seconds", batchSeconds, "s");
const share = firstSecondShare(quick ? 1 : 5);
report("engine.firstSecondShare", share, `(quarters in a fresh process's first second over its steady rate, median of ${quick ? 1 : 5})`);
if (!quick) {
  recordResults({
    "engine.quartersPerSecondPerCore": Math.round(qps),
    "engine.batch500x18Seconds": Number(batchSeconds.toFixed(2)),
    "engine.firstSecondShare": Number(share.toFixed(2)),
    "engine.quartersPerThousandReferenceUnits": Number(((qps / refRate) * 1000).toFixed(1)),
    "machine.referenceUnitsPerSecond": Math.round(refRate),
    // informational: where a quarter's time goes, µs (see breakdown)
    "engine.quarterMicros": parts,
  });
} else {
  process.stderr.write("(--quick: figures not recorded)\n");
}
