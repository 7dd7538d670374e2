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
import {
  advanceInPlace,
  allBotOrders,
  BOT_VIEW,
  botOrders,
  createGame,
  type GameState,
  type OrdersBySeat,
  parseScenario,
  playerView,
  resolveTurn,
  scenarioInput,
} from "../shared/index.ts";
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

/** Where a quarter's time goes (informational, stderr): views, bots, resolveTurn and its hash. */
function breakdown(games: number): void {
  const scenario = parseScenario(scenarioInput("base"));
  let view = 0;
  let bots = 0;
  let resolve = 0;
  let hash = 0;
  let n = 0;
  for (let g = 0; g < games; g++) {
    let state = createGame(scenario, 5000 + g);
    while (state.quarter < scenario.quarters) {
      const orders: OrdersBySeat = {};
      for (const id of Object.keys(state.actors).sort()) {
        let t = performance.now();
        const v = playerView(state, id, BOT_VIEW);
        view += performance.now() - t;
        t = performance.now();
        orders[id] = botOrders(v);
        bots += performance.now() - t;
      }
      let t = performance.now();
      const r = resolveTurn(state, orders);
      resolve += performance.now() - t;
      t = performance.now();
      if (r.hash.length !== 16) throw new Error("bad hash");
      hash += performance.now() - t;
      state = r.state;
      n++;
    }
  }
  const us = (ms: number): string => `${((ms / n) * 1000).toFixed(0)} µs`;
  process.stderr.write(
    `engine per quarter (base, ${n} quarters): playerView×seats ${us(view)}, botOrders×seats ${us(bots)}, resolveTurn ${us(resolve)}, state hash ${us(hash)}\n`,
  );
}

// The machine's own speed, measured around the engine's: see bench/reference.ts.
const refBefore = referenceRate(quick ? 0.5 : 1.5);
const rate = measureQuarters(quick ? 2 : 8, quick ? 0.5 : 2);
const refAfter = referenceRate(quick ? 0.5 : 1.5);
const ref = (refBefore + refAfter) / 2;
const qps = rate.cpu;
breakdown(quick ? 2 : 6);
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
  });
} else {
  process.stderr.write("(--quick: figures not recorded)\n");
}
