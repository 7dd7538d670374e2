/**
 * Headless games: runGame plays a scenario with bots in every seat (or with supplied
 * orders) and returns the game log; replayLog re-simulates a log and verifies each
 * quarter's hash, reporting the first diverging quarter.
 */
import { botOrders } from "../bots/index.ts";
import { createGame, quarterLabel } from "../engine/create-game.ts";
import { sortedIds } from "../engine/math.ts";
import { playerViews } from "../engine/player-view.ts";
import { injectShock, resolveTurn } from "../engine/resolve-turn.ts";
import type { GameEvent, GameState, OrdersBySeat } from "../engine/state.ts";
import { RULES_VERSION, rulesLabel } from "../engine/version.ts";
import { applyOverrides, parseScenario } from "../scenario/load.ts";
import type { Scenario } from "../scenario/schema.ts";

export interface InjectedShock {
  shock: string;
  /** the quarter it fires in (1-based) */
  quarter: number;
  params?: Record<string, number | string | boolean>;
  /** quarters resolved when it was injected (a host's live injection); absent or 0 = before the game */
  after?: number;
}

export interface GameLog {
  format: "compute-cycle-log";
  version: 1;
  /** RULES_VERSION of the engine that played it; absent in logs written before versions were recorded */
  rules?: number;
  scenario: { id: string; version: number };
  /** the full scenario as played (after overrides), so a log replays without the catalogue on disk */
  scenarioInput: unknown;
  seed: number;
  seats: { id: string; role: string; name: string }[];
  injected: InjectedShock[];
  quarters: { quarter: number; label: string; ordersBySeat: OrdersBySeat; hash: string }[];
}

export interface RunOptions {
  scenario: Scenario | unknown;
  seed: number;
  overrides?: { path: string; value: unknown }[];
  injected?: InjectedShock[];
  /** stop after this many quarters (default: the scenario's length) */
  quarters?: number;
  /** orders for a seat instead of its bot's (return undefined to let the bot play) */
  ordersFor?: (seat: string, state: GameState) => unknown[] | undefined;
  onQuarter?: (state: GameState, events: GameEvent[]) => void;
}

/**
 * Bots read a shared, recent view: they never modify it, look back two quarters at most, and
 * read only public figures from history (each seat's own private past figures are left out, so
 * one set of history entries serves every seat).
 */
export const BOT_VIEW = { readOnly: true, historyLimit: 2, ownHistory: false } as const;

/** Orders of every seat's bot for the next quarter, in sorted seat order. */
export function allBotOrders(state: GameState): OrdersBySeat {
  const out: OrdersBySeat = {};
  const seats = sortedIds(state.actors);
  const views = playerViews(state, seats, BOT_VIEW);
  seats.forEach((id, i) => {
    out[id] = botOrders(views[i]!);
  });
  return out;
}

export function runGame(opts: RunOptions): { log: GameLog; state: GameState; events: GameEvent[] } {
  const input = opts.overrides?.length ? applyOverrides(opts.scenario, opts.overrides) : opts.scenario;
  const scenario = parseScenario(input);
  let state = createGame(scenario, opts.seed);
  const injected = [...(opts.injected ?? [])];
  for (const s of injected) state = injectShock(state, s.shock, s.params ?? {}, s.quarter);
  const log: GameLog = {
    format: "compute-cycle-log",
    version: 1,
    rules: RULES_VERSION,
    scenario: { id: scenario.id, version: scenario.version },
    scenarioInput: JSON.parse(JSON.stringify(input)),
    seed: opts.seed,
    seats: sortedIds(state.actors).map((id) => ({ id, role: state.actors[id]!.role, name: state.actors[id]!.name })),
    injected,
    quarters: [],
  };
  const events: GameEvent[] = [];
  const n = Math.min(opts.quarters ?? state.quarters, state.quarters);
  while (state.quarter < n) {
    const orders: OrdersBySeat = {};
    const seats = sortedIds(state.actors);
    const custom = seats.map((id) => opts.ordersFor?.(id, state));
    const views = custom.some((c) => c === undefined) ? playerViews(state, seats, BOT_VIEW) : [];
    seats.forEach((id, i) => {
      orders[id] = custom[i] ?? botOrders(views[i]!);
    });
    const r = resolveTurn(state, orders);
    state = r.state;
    events.push(...r.events);
    log.quarters.push({ quarter: state.quarter, label: quarterLabel(state.start, state.quarter), ordersBySeat: orders, hash: r.hash });
    opts.onQuarter?.(state, r.events);
  }
  return { log, state, events };
}

export interface ReplayResult {
  ok: boolean;
  quarters: number;
  firstDivergence: null | { quarter: number; expected: string; actual: string };
  /** the rules the log was recorded under (null: not recorded) and those of this engine */
  rules: { log: number | null; engine: number };
  state: GameState;
}

/**
 * Why a replay diverged, in one sentence: under other rules a divergence is expected; under the
 * same rules the log was altered (or the engine is not deterministic on this machine).
 */
export function divergenceReason(rules: ReplayResult["rules"]): string {
  if (rules.log !== rules.engine) {
    return `the log was recorded under ${rulesLabel(rules.log)} and this build plays ${rulesLabel(rules.engine)}: the rules changed in between, so its games play out differently here; replay it with the version that recorded it`;
  }
  return `the log was recorded under the same ${rulesLabel(rules.engine)}, so it was altered after it was written (or this machine's engine is not deterministic, a bug worth reporting)`;
}

/**
 * Re-simulates a game log and compares each quarter's state hash with the recorded one.
 * Injected shocks are applied when as many quarters have resolved as when they were injected
 * (`after`), so a host's live injection replays exactly. `onQuarter` sees every state (the
 * replay viewer builds its frames from it).
 */
export function replayLog(
  log: GameLog,
  onQuarter?: (state: GameState, events: GameEvent[], rec: GameLog["quarters"][number]) => void,
): ReplayResult {
  if (log?.format !== "compute-cycle-log" || !Array.isArray(log.quarters)) throw new Error("not a Compute Cycle game log");
  const rules = { log: typeof log.rules === "number" ? log.rules : null, engine: RULES_VERSION };
  const scenario = parseScenario(log.scenarioInput);
  let state = createGame(scenario, log.seed);
  const pending = [...(log.injected ?? [])];
  const injectDue = (): void => {
    for (let i = 0; i < pending.length; ) {
      const s = pending[i]!;
      if ((s.after ?? 0) <= state.quarter) {
        state = injectShock(state, s.shock, s.params ?? {}, s.quarter);
        pending.splice(i, 1);
      } else i++;
    }
  };
  for (const rec of log.quarters) {
    injectDue();
    const r = resolveTurn(state, rec.ordersBySeat);
    state = r.state;
    onQuarter?.(state, r.events, rec);
    if (r.hash !== rec.hash)
      return {
        ok: false,
        quarters: state.quarter,
        firstDivergence: { quarter: rec.quarter, expected: rec.hash, actual: r.hash },
        rules,
        state,
      };
  }
  return { ok: true, quarters: state.quarter, firstDivergence: null, rules, state };
}
