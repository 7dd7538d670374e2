/**
 * resolveTurn(state, ordersBySeat) → { state, events, hash }: one quarter along the causal
 * chain of DESIGN.md §2. Pure and seeded: the input state is not modified, the random state
 * lives in the game state, loops run over sorted ids.
 */
import { ScenarioError } from "../scenario/load.ts";
import { newContext } from "./context.ts";
import { hashBegin, hashEnd, mixText } from "./hash.ts";
import { closeLedger } from "./ledger.ts";
import { cloneJson } from "./math.ts";
import type { GameState, OrdersBySeat, TurnResult } from "./state.ts";
import { copyState, mixHistoryEntry, mixState } from "./state-walk.ts";
import { computeMarket, dataCentres } from "./steps/compute.ts";
import { finance } from "./steps/finance.ts";
import { indicators } from "./steps/indicators.ts";
import { applyOrders } from "./steps/orders.ts";
import { progress } from "./steps/progress.ts";
import { applyShocks, shockWithParams } from "./steps/shocks.ts";
import { foundryAndMemory, sellAccelerators } from "./steps/supply.ts";
import { tokenMarket } from "./steps/tokens.ts";

/**
 * The state hash. The shock catalogue and the world's rules never change in a game, so
 * `catalogueDigest` and `worldDigest` stand for them. History entries never change once
 * appended, so history is hashed as a chain (each entry's digest covers the one before) and
 * each entry's link is remembered: a quarter's hash walks only the entries added since the
 * last one, and a loop that never reads the hash never pays for it.
 */
export function hashState(state: Readonly<GameState>): string {
  const chain = historyChain(state.history);
  hashBegin();
  mixState(state);
  mixText(chain);
  return hashEnd();
}

/** entry → its chain digest, valid when it follows `prev` (entries are shared by copies of a state). */
const CHAIN = new WeakMap<object, { prev: object | null; digest: string }>();

function historyChain(history: readonly GameState["history"][number][]): string {
  let i = history.length - 1;
  // the newest entry whose link is known and still follows the same entry
  while (i >= 0 && CHAIN.get(history[i]!)?.prev !== (i > 0 ? history[i - 1]! : null)) i--;
  let digest = i >= 0 ? CHAIN.get(history[i]!)!.digest : "";
  for (let j = i + 1; j < history.length; j++) {
    hashBegin();
    mixText(digest);
    mixHistoryEntry(history[j]!);
    digest = hashEnd();
    CHAIN.set(history[j]!, { prev: j > 0 ? history[j - 1]! : null, digest });
  }
  return digest;
}

/**
 * The working copy for a quarter: everything a step may change is copied; the parts no step
 * changes (the shock catalogue, the world's rules, past history entries) are shared with the
 * input, which is never modified (state-walk.ts). Exported for the engine bench's breakdown.
 */
export function workingCopy(state: Readonly<GameState>): GameState {
  return copyState(state);
}

export function resolveTurn(state: Readonly<GameState>, ordersBySeat: OrdersBySeat): TurnResult {
  if (state.finished) throw new Error("the game is over");
  return advanceInPlace(workingCopy(state), ordersBySeat);
}

/**
 * Resolves one quarter by modifying `state` itself: for hot loops (batches, benches) whose
 * caller owns the state and keeps no other reference to it. resolveTurn is this on a copy.
 * The hash is computed on first read of `result.hash`, so loops that never read it skip it.
 */
export function advanceInPlace(next: GameState, ordersBySeat: OrdersBySeat): TurnResult {
  if (next.finished) throw new Error("the game is over");
  const q = next.quarter + 1;
  const ctx = newContext(next, q);
  for (const id of Object.keys(next.actors)) {
    const a = next.actors[id]!;
    if (a.role === "hyperscaler") a.capexThisQuarter = 0;
  }
  // The pipeline reads top to bottom as the causal chain of a quarter (DESIGN.md §2). The
  // ledger is held open while money moves, and closed (written back) before the state leaves.
  let entry: GameState["history"][number];
  try {
    applyOrders(next, ctx, ordersBySeat ?? {});
    applyShocks(next, ctx);
    foundryAndMemory(next, ctx);
    sellAccelerators(next, ctx);
    dataCentres(next, ctx);
    computeMarket(next, ctx);
    tokenMarket(next, ctx);
    finance(next, ctx);
    progress(next, ctx);
    entry = indicators(next, ctx);
  } finally {
    closeLedger();
  }
  next.history.push(entry);
  next.quarter = q;
  next.finished = q >= next.quarters;
  return new Resolved(next, ctx.events);
}

/**
 * A quarter's result; its hash is computed on first read. A class, not an object literal with
 * a `get hash()` closure: V8 keeps a literal's accessor pair in the old generation, and that
 * pair's closure (holding the whole new state) then survived every young-generation
 * collection until the next full one, so a game loop promoted and copied about one state per
 * quarter (13% of young objects survived instead of under 1%).
 */
class Resolved implements TurnResult {
  readonly state: GameState;
  readonly events: TurnResult["events"];
  #hash: string | null = null;
  constructor(state: GameState, events: TurnResult["events"]) {
    this.state = state;
    this.events = events;
  }
  get hash(): string {
    this.#hash ??= hashState(this.state);
    return this.#hash;
  }
}

/**
 * Schedules a catalogue shock for a quarter (the host's "inject a shock", the CLI's
 * --shock). Throws ScenarioError for an unknown shock, a bad parameter or a past quarter.
 */
export function injectShock(
  state: Readonly<GameState>,
  shockId: string,
  params: Record<string, number | string | boolean>,
  quarter: number,
): GameState {
  const spec = state.catalogue.find((s) => s.id === shockId);
  if (!spec) throw new ScenarioError(`unknown shock "${shockId}" (see \`npm run sim -- list\`)`);
  if (!Number.isInteger(quarter) || quarter <= state.quarter || quarter > state.quarters) {
    throw new ScenarioError(
      `shock ${shockId}: quarter ${quarter} is not a future quarter of this game (1..${state.quarters}, after ${state.quarter})`,
    );
  }
  shockWithParams(spec, params); // validates the parameters now
  const next = cloneJson(state) as GameState;
  next.schedule.push({ shock: shockId, quarter, params: { ...params } });
  return next;
}
