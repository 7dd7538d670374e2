/**
 * What one run of a batch, sweep, tornado or fork is, and how it is played: the same code on
 * the main thread, on a batch worker thread (run-worker.ts) and on a queue worker on another
 * machine (queue.ts), so a run gives the same bytes wherever it plays.
 *
 * A plan is a scenario (after `--set`, without its `inputs` section), the input distributions,
 * the injected shocks and a list of cells: a cell is a set of overrides played over a range of
 * seeds (a batch is one cell; a sweep's points, a tornado's sides are cells). A job is one run:
 * (cell, run, seed). Its inputs are drawn from its seed (shared/analysis/inputs.ts), then the
 * cell's overrides are applied on top, then the scenario is parsed and the game played; the
 * worker formats the run's rows of runs.csv.gz (a gzip member of its own) and wide.csv, so the
 * main thread only writes bytes in run order. The main thread's own runs leave their long rows
 * uncompressed: the writer compresses them on libuv's threads (writer.ts), off the thread that
 * plays.
 */
import { type Draw, drawInputs, type InputsSpec } from "../../shared/analysis/index.ts";
import {
  advanceInPlace,
  allBotOrders,
  applyOverrides,
  createGame,
  errorLine,
  type ForkStart,
  forkStart,
  type GameLog,
  type GameState,
  injectShock,
  METRIC_IDS,
  metricsOf,
  parseScenario,
  playContinuation,
  quarterLabel,
  type Scenario,
} from "../../shared/index.ts";
import type { Injection, Override } from "./common.ts";
import { RowFormatter } from "./rows.ts";

export interface CellSpec {
  /** e.g. "point 3: world.params.catchUp=0.2" */
  label: string;
  overrides: Override[];
}

export interface ForkPlan {
  log: GameLog;
  from: number;
  orders: "bots" | "standing";
  redraw: boolean;
  /** --set: the world's parameters changed from the fork's quarter on (shared/sim/fork.ts) */
  overrides: Override[];
  /**
   * forkStart of the above, made by the command line and handed to its worker threads (a copy),
   * so that none replays the log again; absent from a queue's plan (JSON), whose workers do
   */
  start?: ForkStart;
}

export interface Plan {
  /** the scenario JSON after --set, without its inputs section (for a fork: the log's) */
  scenarioInput: unknown;
  inputs: InputsSpec | null;
  injected: Injection[];
  quarters: number;
  cells: CellSpec[];
  /** per cell: the metric ids (the columns of wide.csv) and quarter labels */
  headers: CellHeader[];
  fork: ForkPlan | null;
  /** format the CSV rows (false: metrics only, e.g. a tornado without --keep-runs) */
  rows: boolean;
}

export interface CellHeader {
  ids: string[];
  labels: string[];
}

export interface Job {
  cell: number;
  /** 1-based within the cell */
  run: number;
  seed: number;
}

export interface RunOutput {
  cell: number;
  run: number;
  seed: number;
  ok: boolean;
  /** the error's message when !ok (one line) */
  error?: string;
  /** quarters played */
  quarters: number;
  /** values[m * quarters + q]: metric headers[cell].ids[m] in quarter q + 1; NaN when none */
  values: Float64Array;
  /** the run's drawn inputs */
  inputs: Draw[];
  /** this run's rows of runs.csv, as one gzip member (none: the writer formats them) */
  long?: Uint8Array;
  /** this run's rows of wide.csv */
  wide?: Uint8Array;
}

/** The metric ids and quarter labels of a cell's scenario (createGame with seed 0, no quarter played). */
export function headerFor(scenario: Scenario, quarters: number): CellHeader {
  const state = createGame(scenario, 0);
  const n = Math.min(quarters, scenario.quarters);
  return { ids: METRIC_IDS(state), labels: Array.from({ length: n }, (_, q) => quarterLabel(scenario.start, q + 1)) };
}

/** Plays plans' jobs; caches what runs of a cell share (the parsed scenario, a fork's start). */
export class JobPlayer {
  readonly plan: Plan;
  /** format each run's rows here (worker threads); false leaves them to the writer (writer.ts) */
  readonly formatRows: boolean;
  #scenarios = new Map<number, Scenario>();
  #forkStart: ForkStart | null = null;
  #rows = new RowFormatter();
  constructor(plan: Plan, opts: { formatRows?: boolean } = {}) {
    this.plan = plan;
    this.formatRows = opts.formatRows ?? true;
  }

  #scenarioFor(job: Job, draws: Draw[]): Scenario {
    const cell = this.plan.cells[job.cell] as CellSpec;
    if (!draws.length) {
      const hit = this.#scenarios.get(job.cell);
      if (hit) return hit;
    }
    const overrides = [...draws, ...cell.overrides];
    const sc = parseScenario(overrides.length ? applyOverrides(this.plan.scenarioInput, overrides) : this.plan.scenarioInput);
    if (!draws.length) this.#scenarios.set(job.cell, sc);
    return sc;
  }

  #playState(job: Job, draws: Draw[]): GameState {
    const { plan } = this;
    if (plan.fork) {
      const f = plan.fork;
      this.#forkStart ??= f.start ?? forkStart(f.log, f.from, f.overrides, { redraw: f.redraw });
      return playContinuation(this.#forkStart, job.seed, {
        orders: f.orders,
        redraw: f.redraw,
        injected: plan.injected,
        quarters: plan.quarters,
      });
    }
    const scenario = this.#scenarioFor(job, draws);
    let state = createGame(scenario, job.seed);
    for (const s of plan.injected) state = injectShock(state, s.shock, s.params ?? {}, s.quarter);
    const n = Math.min(plan.quarters, state.quarters);
    while (state.quarter < n) advanceInPlace(state, allBotOrders(state));
    return state;
  }

  play(job: Job): RunOutput {
    const header = this.plan.headers[job.cell] as CellHeader;
    let draws: Draw[] = [];
    try {
      draws = this.plan.fork ? [] : drawInputs(this.plan.inputs, job.seed);
      const state = this.#playState(job, draws);
      const metrics = metricsOf(state);
      const quarters = Math.min(state.quarter, header.labels.length);
      const ids = header.ids;
      const values = new Float64Array(ids.length * quarters).fill(Number.NaN);
      ids.forEach((id, m) => {
        const series = metrics[id];
        if (!series) return;
        for (let q = 0; q < quarters; q++) {
          const v = series[q];
          if (typeof v === "number" && Number.isFinite(v)) values[m * quarters + q] = v;
        }
      });
      const out: RunOutput = { cell: job.cell, run: job.run, seed: job.seed, ok: true, quarters, values, inputs: draws };
      if (this.plan.rows && this.formatRows) Object.assign(out, this.#rows.format(job, header, quarters, values));
      return out;
    } catch (e) {
      const message = errorLine(e);
      return {
        cell: job.cell,
        run: job.run,
        seed: job.seed,
        ok: false,
        error: message,
        quarters: 0,
        values: new Float64Array(0),
        inputs: draws,
      };
    }
  }
}
