/**
 * Headless games and their logs. runGame plays a scenario with bots in every seat (or with
 * supplied orders) and returns the game log; replayLog re-simulates a log and verifies each
 * quarter's hash, reporting the first diverging quarter.
 *
 * A game log is versioned data with a schema (GameLogSchema): reading one checks it, brings an
 * older format up to date (migrations), parses its orders (a log is a trust boundary) and
 * refuses a log played under other rules.
 */
import { z } from "zod";
import { botOrders } from "../bots/index.ts";
import { createGame, quarterLabel } from "../engine/create-game.ts";
import type { GameEvent } from "../engine/events.ts";
import { playerViews } from "../engine/player-view.ts";
import { injectShock, resolveTurn } from "../engine/resolve-turn.ts";
import type { GameState } from "../engine/state.ts";
import { RULES_VERSION, rulesLabel } from "../engine/version.ts";
import { type Order, type OrdersBySeat, parseOrders, parseOrdersBySeat } from "../orders/index.ts";
import { applyOverrides, parseScenario, type ScenarioError } from "../scenario/load.ts";
import { type Scenario, WorldSchema } from "../scenario/schema.ts";
import { ForecastRecordSchema } from "./forecasts.ts";

export interface InjectedShock {
  shock: string;
  /** the quarter it fires in (1-based) */
  quarter: number;
  params?: Record<string, number | string | boolean>;
  /** quarters resolved when it was injected (a host's live injection); absent or 0 = before the game */
  after?: number;
}

/** The log format this build writes. */
export const LOG_VERSION = 2;

const InjectedSchema = z.strictObject({
  shock: z.string().min(1).max(40),
  quarter: z.number().int().min(1),
  params: z.record(z.string(), z.union([z.number(), z.string(), z.boolean()])).optional(),
  after: z.number().int().min(0).optional(),
});

const QuarterRecordSchema = z.strictObject({
  quarter: z.number().int().min(1),
  label: z.string(),
  /** each seat's orders as they were sent (parsed when the log is read) */
  ordersBySeat: z.record(z.string(), z.array(z.unknown())),
  hash: z.string().regex(/^[0-9a-f]{16}$/),
});

/** A game log (format 2): what a game needs to be replayed, and each quarter's hash. */
export const GameLogSchema = z.strictObject({
  format: z.literal("compute-cycle-log"),
  version: z.literal(LOG_VERSION),
  /** RULES_VERSION of the engine that played it */
  rules: z.number().int().min(1),
  scenario: z.strictObject({ id: z.string(), version: z.number() }),
  /** the full scenario as played (after overrides), so a log replays without the catalogue on disk */
  scenarioInput: z.unknown(),
  /** the world's parameters as the game resolved them (the rules' defaults included), so a changed default cannot change its replay */
  resolved: z.strictObject({ world: z.unknown() }),
  seed: z.number().int().min(0).max(0xffffffff),
  seats: z.array(z.strictObject({ id: z.string(), role: z.string(), name: z.string() })),
  injected: z.array(InjectedSchema),
  quarters: z.array(QuarterRecordSchema),
  /** players' forecasts (a classroom game's), scored in the debrief; they change nothing in the game */
  forecasts: z.array(ForecastRecordSchema).optional(),
});

export type GameLog = Omit<z.infer<typeof GameLogSchema>, "quarters"> & {
  quarters: { quarter: number; label: string; ordersBySeat: OrdersBySeat; hash: string }[];
};

/**
 * Brings a log of an older format up to this one. Format 1 (logs written before the rules'
 * parameters were recorded) played every rule at rules v1's value: its resolved world is its
 * scenario's, parsed today. A server's format-1 download also carried its own bookkeeping
 * (`gameId`, `createdAt`, `overrides`, the last already applied to `scenarioInput`): dropped.
 */
function migrate(raw: Record<string, unknown>): Record<string, unknown> {
  let log = raw;
  if (log.version === 1) {
    const { rules, gameId: _gameId, createdAt: _createdAt, overrides: _overrides, ...rest } = log;
    let world: unknown = null;
    try {
      world = parseScenario(rest.scenarioInput).world;
    } catch {
      // a bad scenario is reported by readLog with its field
    }
    log = { ...rest, rules: typeof rules === "number" ? rules : 0, version: 2, resolved: { world } };
  }
  return log;
}

/** Why a log cannot be read: one line. */
export class LogError extends Error {
  override name = "LogError";
}

/**
 * Reads a game log (a parsed JSON value): checks it against its schema, migrates an older
 * format, refuses a log played under other rules (one line naming both versions) and parses
 * every order. Rejected orders (malformed ones) are dropped: they changed nothing when played.
 */
export function readLog(raw: unknown): GameLog {
  if (!raw || typeof raw !== "object" || (raw as { format?: unknown }).format !== "compute-cycle-log") {
    throw new LogError("not a Compute Cycle game log");
  }
  const r = raw as Record<string, unknown>;
  if (typeof r.version === "number" && r.version > LOG_VERSION) {
    throw new LogError(`the log is format ${r.version}; this build reads formats up to ${LOG_VERSION}`);
  }
  const migrated = migrate(r);
  const rules = typeof migrated.rules === "number" ? migrated.rules : 0;
  if (rules !== RULES_VERSION) {
    throw new LogError(
      `the log was played under ${rules >= 1 ? rulesLabel(rules) : rulesLabel(null)} and this build plays ${rulesLabel(RULES_VERSION)}: replay it with the build that recorded it`,
    );
  }
  const parsed = GameLogSchema.safeParse(migrated);
  if (!parsed.success) {
    const i = parsed.error.issues[0]!;
    throw new LogError(`bad game log: ${i.path.join(".") || "(root)"}: ${i.message}`);
  }
  return { ...parsed.data, quarters: parsed.data.quarters.map((q) => ({ ...q, ordersBySeat: parseOrdersBySeat(q.ordersBySeat).orders })) };
}

/** The scenario a log plays: its scenario as played, with the world it resolved. */
export function scenarioOfLog(log: GameLog): Scenario {
  const scenario = parseScenario(log.scenarioInput);
  const world = WorldSchema.safeParse(log.resolved.world);
  if (!world.success) throw new LogError(`bad game log: resolved.world: ${world.error.issues[0]?.message}`);
  return { ...scenario, world: world.data };
}

export interface RunOptions {
  scenario: Scenario | unknown;
  seed: number;
  overrides?: { path: string; value: unknown }[];
  injected?: InjectedShock[];
  /** stop after this many quarters (default: the scenario's length) */
  quarters?: number;
  /** raw orders for a seat instead of its bot's (undefined lets the bot play); parsed like a log's */
  ordersFor?: (seat: string, state: GameState) => unknown[] | undefined;
  onQuarter?: (state: GameState, events: GameEvent[]) => void;
}

/**
 * Bots read a recent view: the last two quarters of history, and only public figures from it
 * (each seat's own private past figures are left out, so one set of entries serves every seat).
 */
export const BOT_VIEW = { historyLimit: 2, ownHistory: false } as const;

/** Orders of every seat's bot for the next quarter, in seat order. */
export function allBotOrders(state: GameState): OrdersBySeat {
  const out: OrdersBySeat = {};
  const seats = state.companies.id;
  const views = playerViews(state, seats, BOT_VIEW);
  for (let i = 0; i < seats.length; i++) out[seats[i]!] = botOrders(views[i]!);
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
    version: LOG_VERSION,
    rules: RULES_VERSION,
    scenario: { id: scenario.id, version: scenario.version },
    scenarioInput: JSON.parse(JSON.stringify(input)),
    resolved: { world: JSON.parse(JSON.stringify(scenario.world)) },
    seed: opts.seed,
    seats: state.companies.id.map((id, i) => ({ id, role: state.companies.role[i]!, name: state.companies.name[i]! })),
    injected,
    quarters: [],
  };
  const events: GameEvent[] = [];
  const n = Math.min(opts.quarters ?? state.quarters, state.quarters);
  while (state.quarter < n) {
    const orders: OrdersBySeat = {};
    const seats = state.companies.id;
    const custom = seats.map((id) => opts.ordersFor?.(id, state));
    const views = custom.some((c) => c === undefined) ? playerViews(state, seats, BOT_VIEW) : [];
    seats.forEach((id, i) => {
      const raw = custom[i];
      orders[id] = raw === undefined ? botOrders(views[i]!) : parseOrders(raw).orders;
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
  state: GameState;
}

/**
 * Re-simulates a game log (read with readLog) and compares each quarter's state hash with the
 * recorded one. Injected shocks are applied when as many quarters have resolved as when they
 * were injected (`after`), so a host's live injection replays exactly. `onQuarter` sees every
 * state (the replay viewer builds its frames from it) and the state the quarter was resolved from.
 */
export function replayLog(
  log: GameLog,
  onQuarter?: (state: GameState, events: GameEvent[], rec: GameLog["quarters"][number], before: GameState) => void,
): ReplayResult {
  let state = createGame(scenarioOfLog(log), log.seed);
  const pending = [...log.injected];
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
    const before = state;
    const r = resolveTurn(state, rec.ordersBySeat);
    state = r.state;
    onQuarter?.(state, r.events, rec, before);
    if (r.hash !== rec.hash)
      return { ok: false, quarters: state.quarter, firstDivergence: { quarter: rec.quarter, expected: rec.hash, actual: r.hash }, state };
  }
  return { ok: true, quarters: state.quarter, firstDivergence: null, state };
}

/** Why a replay under the same rules diverged, in one sentence. */
export function divergenceReason(): string {
  return `the log was recorded under the same ${rulesLabel(RULES_VERSION)}, so it was altered after it was written (or this machine's engine is not deterministic, a bug worth reporting)`;
}

export type { Order, ScenarioError };
