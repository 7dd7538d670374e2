/**
 * Engine benchmark (issue 2 "Speed"):
 *  - engine.quartersPerSecondPerCore: quarters resolved per second on one thread, `base`
 *    scenario, bots in every seat; the timed loop is exactly what a game does each quarter:
 *    playerView + botOrders for every seat, then resolveTurn (which also hashes the state).
 *    Timed after a warm-up, over whole games replayed with fresh seeds.
 *  - engine.batch500x18Seconds: wall time of `sim batch` (the same runner, all cores) for
 *    500 runs × 18 quarters of `base`, including writing summary.json and runs.csv.
 * Usage: node bench/engine.ts [--quick]   (--quick: short timings, nothing recorded)
 */
import { availableParallelism } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { runBatch, writeBatch } from "../server/cli/batch-core.ts";
import { resolveSetup } from "../server/cli/common.ts";
import {
  botOrders,
  createGame,
  type GameState,
  type OrdersBySeat,
  parseScenario,
  playerView,
  resolveTurn,
  scenarioInput,
} from "../shared/index.ts";
import { recordResults, report } from "./results.ts";

const quick = process.argv.includes("--quick");
const here = dirname(fileURLToPath(import.meta.url));

function playQuarter(state: GameState): GameState {
  // exactly what runGame does each quarter: every seat's bot, in sorted seat order
  const orders: OrdersBySeat = {};
  for (const id of Object.keys(state.actors).sort()) orders[id] = botOrders(playerView(state, id));
  return resolveTurn(state, orders).state;
}

function measureQuarters(seconds: number, warmupSeconds: number): number {
  const scenario = parseScenario(scenarioInput("base"));
  let seed = 1000;
  let state = createGame(scenario, seed);
  const step = (): void => {
    if (state.finished || state.quarter >= scenario.quarters) state = createGame(scenario, ++seed);
    else state = playQuarter(state);
  };
  const warmEnd = performance.now() + warmupSeconds * 1000;
  while (performance.now() < warmEnd) step();
  // time only the quarters, not the createGame calls between games
  let quarters = 0;
  let busy = 0;
  const end = performance.now() + seconds * 1000;
  while (performance.now() < end) {
    if (state.finished || state.quarter >= scenario.quarters) {
      state = createGame(scenario, ++seed);
      continue;
    }
    const t = performance.now();
    state = playQuarter(state);
    busy += performance.now() - t;
    quarters++;
  }
  return quarters / (busy / 1000);
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

const qps = measureQuarters(quick ? 2 : 8, quick ? 0.5 : 2);
report("engine.quartersPerSecondPerCore", qps, "quarters/s");
const runs = quick ? 50 : 500;
const batchSeconds = await measureBatch(runs);
report(quick ? `engine.batch${runs}x18Seconds` : "engine.batch500x18Seconds", batchSeconds, "s");
if (!quick) {
  recordResults({ "engine.quartersPerSecondPerCore": Math.round(qps), "engine.batch500x18Seconds": Number(batchSeconds.toFixed(2)) });
} else {
  process.stderr.write("(--quick: figures not recorded)\n");
}
