/**
 * resolveTurn(state, ordersBySeat) → { state, events, hash }: one quarter along the causal
 * chain of DESIGN.md §2. Pure and seeded: the input state is not modified, the random state
 * lives in the game state, loops run over rows in id order.
 */
import { applyOrders, type OrdersBySeat } from "../orders/index.ts";
import { ScenarioError } from "../scenario/errors.ts";
import { COMPANY_TARGETS, type ShockWorld, shockReachIssues, shockTargetIssues, shockWithParams } from "../scenario/shocks.ts";
import { newContext } from "./context.ts";
import type { GameEvent } from "./events.ts";
import type { Hasher } from "./hash.ts";
import type { GameState } from "./state.ts";
import { copyState, hashState, hashStateWith, historyLink } from "./state-io.ts";
import { billCustomAsics, computeMarket, dataCentres } from "./steps/compute.ts";
import { finance } from "./steps/finance.ts";
import { indicators } from "./steps/indicators.ts";
import { progress } from "./steps/progress.ts";
import { applyShocks, resolveCompanies } from "./steps/shocks.ts";
import { foundryAndMemory, sellAccelerators } from "./steps/supply.ts";
import { tokenMarket } from "./steps/tokens.ts";

export interface TurnResult {
  state: GameState;
  events: GameEvent[];
  /** the state hash (16 hex digits), computed on first read */
  readonly hash: string;
}

export function resolveTurn(state: Readonly<GameState>, ordersBySeat: OrdersBySeat): TurnResult {
  if (state.finished) throw new Error("the game is over");
  return advanceInPlace(copyState(state), ordersBySeat);
}

/**
 * Resolves one quarter by modifying `state` itself: for loops (batches, benches) whose caller
 * owns the state and keeps no other reference to it. resolveTurn is this on a copy.
 */
export function advanceInPlace(state: GameState, ordersBySeat: OrdersBySeat): TurnResult {
  if (state.finished) throw new Error("the game is over");
  const q = state.quarter + 1;
  const ctx = newContext(state, q);
  for (let h = 0; h < state.clouds.n; h++) state.clouds.capexThisQuarter[h] = 0;
  // The pipeline reads top to bottom as the causal chain of a quarter (DESIGN.md §2).
  applyOrders(state, ctx, ordersBySeat);
  applyShocks(state, ctx);
  foundryAndMemory(state, ctx);
  sellAccelerators(state, ctx);
  dataCentres(state, ctx);
  computeMarket(state, ctx);
  tokenMarket(state, ctx);
  billCustomAsics(state, ctx);
  finance(state, ctx);
  progress(state, ctx);
  const entry = indicators(state, ctx);
  state.history = [...state.history, entry];
  state.historyDigest = historyLink(state.historyDigest, entry, ctx.hasher);
  state.quarter = q;
  state.finished = q >= state.quarters;
  return new Resolved(state, ctx.events, ctx.hasher);
}

/** A quarter's result; its hash is computed on first read, so loops that never read it skip it. */
class Resolved implements TurnResult {
  readonly state: GameState;
  readonly events: GameEvent[];
  #hash: string | null = null;
  #hasher: Hasher;
  constructor(state: GameState, events: GameEvent[], hasher: Hasher) {
    this.state = state;
    this.events = events;
    this.#hasher = hasher;
  }
  get hash(): string {
    this.#hash ??= hashStateWith(this.#hasher, this.state);
    return this.#hash;
  }
}

/**
 * Schedules a catalogue shock for a quarter (the host's "inject a shock", the CLI's --shock).
 * Throws ScenarioError for an unknown shock, a bad parameter, a target the game does not have
 * or a past quarter.
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
  const shock = shockWithParams(spec, params); // validates the parameters now
  const issues = shockTargetIssues(shock, worldOf(state), shockId);
  if (issues.length) throw new ScenarioError(`shock ${shockId}: bad target`, issues);
  const next = copyState(state);
  next.schedule = [...state.schedule, { shock: shockId, quarter, params: { ...params } }];
  return next;
}

/**
 * A new injection (the host's, the command line's): injectShock, refused also when the shock
 * would hit nobody (injectionReachIssues). A logged injection replays through injectShock alone,
 * as it was played.
 */
export function injectNewShock(
  state: Readonly<GameState>,
  shockId: string,
  params: Record<string, number | string | boolean>,
  quarter: number,
): GameState {
  const next = injectShock(state, shockId, params, quarter);
  const unreached = injectionReachIssues(state, shockId, params);
  if (unreached.length) throw new ScenarioError(unreached.join("; "));
  return next;
}

/**
 * Why a catalogue shock injected now would hit nobody: a symbolic target that names no company
 * in business (an open-labs effect in a game without an open-weights lab). Asked before a new
 * injection (the host's, the command line's); a logged one replays as it was played.
 */
export function injectionReachIssues(
  state: Readonly<GameState>,
  shockId: string,
  params: Record<string, number | string | boolean>,
): string[] {
  const spec = state.catalogue.find((s) => s.id === shockId);
  return spec ? shockReachIssues(shockWithParams(spec, params), worldOf(state), shockId) : [];
}

/** Who a game's shocks may name (shockWorldOf, from the state rather than the scenario: the companies in business now). */
function worldOf(state: Readonly<GameState>): ShockWorld {
  return {
    roleOf: new Map(state.companies.id.map((id, i) => [id, state.companies.role[i]!])),
    models: new Set(state.models.id),
    classes: new Set(state.classes.id),
    reached: new Set(Object.keys(COMPANY_TARGETS).filter((t) => resolveCompanies(state, t).length > 0)),
  };
}

export { hashState };
