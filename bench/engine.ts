/**
 * Engine benchmark (issue 2 "Speed"):
 *  - engine.quartersPerSecondPerCore: quarters resolved per second on one thread, `base`
 *    scenario, bots in every seat; the timed loop is exactly what a game does each quarter:
 *    playerView + botOrders for every seat (runGame's allBotOrders), resolveTurn, and the
 *    state hash that runGame records in the log.
 *    Timed after a warm-up, over whole games replayed with fresh seeds, by the thread's CPU
 *    time (per core: on a shared machine the wall clock also counts time stolen by others;
 *    the wall-clock rate is printed on stderr).
 *  - engine.quartersPerThousandReferenceUnits: the same rate divided by the machine's speed on a
 *    fixed reference workload (bench/reference.ts, measured before and after), so that figures
 *    from machines of different speed compare; machine.referenceUnitsPerSecond is that speed.
 *  - engine.batch500x18Seconds: wall time of `sim batch` (the same runner, all cores) for
 *    500 runs × 18 quarters of `base`, including writing summary.json and runs.csv (a batch
 *    keeps no log, so its runs advance the state in place and skip the hash).
 * Usage: node bench/engine.ts [--quick]   (--quick: short timings, nothing recorded)
 */
import { availableParallelism, loadavg } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { runBatch, writeBatch } from "../server/cli/batch-core.ts";
import { resolveSetup } from "../server/cli/common.ts";
import { workingCopy } from "../shared/engine/resolve-turn.ts";
import { advanceInPlace, allBotOrders, createGame, type GameState, parseScenario, resolveTurn, scenarioInput } from "../shared/index.ts";
import { referenceRate } from "./reference.ts";
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

/**
 * Quarters per second on one thread. Returns the rate by the thread's CPU time (what one core
 * delivers; robust on a shared machine where neighbours steal the core) and by wall time.
 */
function measureQuarters(
  seconds: number,
  warmupSeconds: number,
  play: (s: GameState) => GameState = playQuarter,
): { cpu: number; wall: number } {
  const scenario = parseScenario(scenarioInput("base"));
  let seed = 1000;
  let state = createGame(scenario, seed);
  const step = (): void => {
    if (state.finished || state.quarter >= scenario.quarters) state = createGame(scenario, ++seed);
    else state = play(state);
  };
  const warmEnd = performance.now() + warmupSeconds * 1000;
  while (performance.now() < warmEnd) step();
  // time only the quarters, not the createGame calls between games
  let quarters = 0;
  let wall = 0;
  let cpuMicros = 0;
  const end = performance.now() + seconds * 1000;
  while (performance.now() < end) {
    if (state.finished || state.quarter >= scenario.quarters) {
      state = createGame(scenario, ++seed);
      continue;
    }
    const c = threadCpu();
    const t = performance.now();
    state = play(state);
    wall += performance.now() - t;
    cpuMicros += threadCpu() - c;
    quarters++;
  }
  return { cpu: quarters / (cpuMicros / 1e6), wall: quarters / (wall / 1000) };
}

async function measureBatch(runs: number): Promise<number> {
  const base = parseScenario(scenarioInput("base"));
  const set = base.quarters === 18 ? [] : ["quarters=18"];
  const setup = resolveSetup({ scenario: "base", set });
  const t0 = performance.now();
  const batch = await runBatch({ setup, runs, seed: 1, workers: availableParallelism() });
  await writeBatch(join(here, "out", `batch${runs}x18`), batch, setup);
  return (performance.now() - t0) / 1000;
}

/**
 * Where a quarter's time goes (informational): the loop measureQuarters times, cut into its four
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

// The machine's own speed, measured around the engine's: see bench/reference.ts.
const refBefore = referenceRate(quick ? 0.5 : 1.5);
const rate = measureQuarters(quick ? 2 : 8, quick ? 0.5 : 2);
const refAfter = referenceRate(quick ? 0.5 : 1.5);
const ref = (refBefore + refAfter) / 2;
const qps = rate.cpu;
const parts = breakdown(quick ? 4 : 40);
report("engine.quartersPerSecondPerCore", qps, "quarters/s");
report("machine.referenceUnitsPerSecond", ref, "units/s (bench/reference.ts; before and after the engine's run)");
// Comparable across sessions on machines of different speed: quarters per 1,000 reference units.
report("engine.quartersPerThousandReferenceUnits", (qps / ref) * 1000, "quarters");
// The same without the game log's work (a copy of the state and its hash each quarter): what a
// batch does (informational key; the target is the figure above).
const inPlace = measureQuarters(quick ? 2 : 6, quick ? 0.5 : 1, playQuarterInPlace);
report("engine.batchPathQuartersPerSecondPerCore", inPlace.cpu, "quarters/s");
process.stderr.write(
  `(by wall clock: ${rate.wall.toFixed(0)} quarters/s; the figure above is per CPU-second of the main thread, load average ${loadavg()[0]?.toFixed(1)})\n`,
);
const runs = quick ? 50 : 500;
const batchSeconds = await measureBatch(runs);
report(quick ? `engine.batch${runs}x18Seconds` : "engine.batch500x18Seconds", batchSeconds, "s");
if (!quick) {
  recordResults({
    "engine.quartersPerSecondPerCore": Math.round(qps),
    "engine.batch500x18Seconds": Number(batchSeconds.toFixed(2)),
    "engine.quartersPerThousandReferenceUnits": Number(((qps / ref) * 1000).toFixed(1)),
    "machine.referenceUnitsPerSecond": Math.round(ref),
    // informational: where a quarter's time goes, µs (see breakdown)
    "engine.quarterMicros": parts,
  });
} else {
  process.stderr.write("(--quick: figures not recorded)\n");
}
