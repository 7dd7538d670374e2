/**
 * The working context of one quarter's resolution: the quarter number, the events being
 * collected and the per-actor P&L accumulators that the finance step turns into books.
 * Lives only while resolveTurn runs; never stored in the state.
 */
import { cashAccount, isWorldAccount, pay } from "./ledger.ts";
import { RecentCache, sortedIds } from "./math.ts";
import type { ActiveEffect, ActorState, GameEvent, GameState, ModelState } from "./state.ts";

export type PnlCategory = "revenue" | "costOfRevenue" | "rnd" | "sga" | "capex" | "interest" | "other";

export interface Pnl {
  revenue: number;
  costOfRevenue: number;
  rnd: number;
  sga: number;
  capex: number;
  interest: number;
  other: number;
  depreciation: number;
  financing: number;
}

export interface TurnContext {
  q: number;
  events: GameEvent[];
  pnl: Record<string, Pnl>;
  /** per-quarter figures that indicators read */
  stats: {
    shadowOutput: number;
    /** what AI-done work is worth this quarter relative to the first (set by the token market) */
    valueScale: number;
    valueCreated: number;
    taskSpend: Record<string, number>;
    taskCount: Record<string, number>;
    apiRevenue: number;
    apiMtok: number;
    consumerMtok: number;
    creditLosses: number;
  };
}

export function newContext(state: GameState, q: number): TurnContext {
  const pnl: Record<string, Pnl> = {};
  for (const a of actorList(state)) {
    pnl[a.id] = { revenue: 0, costOfRevenue: 0, rnd: 0, sga: 0, capex: 0, interest: 0, other: 0, depreciation: 0, financing: 0 };
  }
  return {
    q,
    events: [],
    pnl,
    stats: {
      shadowOutput: 0,
      valueScale: 1,
      valueCreated: 0,
      taskSpend: {},
      taskCount: {},
      apiRevenue: 0,
      apiMtok: 0,
      consumerMtok: 0,
      creditLosses: 0,
    },
  };
}

/** An account id: actor ids map to their cash account (interned by the ledger), `world:*` stays as is. */
function account(id: string): string {
  return isWorldAccount(id) ? id : cashAccount(id);
}

/**
 * Pays `dollars` from one party to another through the ledger and books it in each side's
 * P&L category (a world party has no P&L). Returns the amount actually moved (cents rounded).
 */
export function payFlow(
  state: GameState,
  ctx: TurnContext,
  from: string,
  to: string,
  dollars: number,
  reason: string,
  fromCat: PnlCategory | null,
  toCat: PnlCategory | null,
): number {
  if (!(dollars > 0)) return 0;
  const cents = pay(state, account(from), account(to), dollars, reason);
  const moved = cents / 100;
  // A party's P&L is looked up only when the flow is booked on its side (a world party has none).
  if (fromCat) {
    const fp = ctx.pnl[from];
    if (fp) book(fp, fromCat, moved);
  }
  if (toCat) {
    const tp = ctx.pnl[to];
    if (tp) book(tp, toCat, moved);
  }
  return moved;
}

/**
 * Adds to one P&L category. A switch of named fields, not `pnl[category] += x`: about 110 flows a
 * quarter are booked, and a keyed read and write whose key varies takes V8's slow generic path.
 */
function book(pnl: Pnl, category: PnlCategory, dollars: number): void {
  switch (category) {
    case "revenue":
      pnl.revenue += dollars;
      return;
    case "costOfRevenue":
      pnl.costOfRevenue += dollars;
      return;
    case "rnd":
      pnl.rnd += dollars;
      return;
    case "sga":
      pnl.sga += dollars;
      return;
    case "capex":
      pnl.capex += dollars;
      return;
    case "interest":
      pnl.interest += dollars;
      return;
    case "other":
      pnl.other += dollars;
      return;
  }
}

export function emit(ctx: TurnContext, type: string, text: string, data?: GameEvent["data"], seat?: string): void {
  const e: GameEvent = { type, quarter: ctx.q, text };
  if (data) e.data = data;
  if (seat) e.seat = seat;
  ctx.events.push(e);
}

/** The effects of a kind active in quarter q. */
export function effectsOf<K extends ActiveEffect["effect"]["kind"]>(
  state: GameState,
  q: number,
  kind: K,
): readonly Extract<ActiveEffect["effect"], { kind: K }>[] {
  let out: Extract<ActiveEffect["effect"], { kind: K }>[] | null = null;
  for (const e of state.active) {
    if (e.effect.kind === kind && e.fromQuarter <= q && (e.untilQuarter === null || e.untilQuarter >= q)) {
      out ??= [];
      out.push(e.effect as Extract<ActiveEffect["effect"], { kind: K }>);
    }
  }
  // Usually none is active: then a shared empty list, read-only by its type. Not frozen: V8
  // iterates a frozen array by its slow generic path (an allocation per step), and every
  // `for…of` site that saw one took that path for all arrays.
  return out ?? NO_EFFECTS;
}
const NO_EFFECTS: readonly never[] = [];

/** The product of the active capex caps on a hyperscaler, in the list's order. */
export function capexCapOf(state: GameState, q: number, id: string): number {
  let capMult = 1;
  for (const e of effectsOf(state, q, "capexCap")) if (e.target === id) capMult *= e.multiplier;
  return capMult;
}

/*
 * The companies of a state in id order, kept for the few actors records last asked for. A
 * state's actors record never changes once made: copyState makes a new one each quarter, and
 * steps change the actors, never the record (the state-walk test plays every scenario on
 * deep-frozen states). Steps walk the companies about twenty times a quarter; the list saves
 * each walk sorting the ids again and looking each company up by id.
 */
const ACTOR_LISTS = new RecentCache<GameState["actors"], readonly ActorState[]>(4);
/** The same for the models: a state's models record never changes once made either. */
const MODEL_LISTS = new RecentCache<GameState["models"], readonly ModelState[]>(4);

/** A record's values in the sorted order of their ids. */
function inIdOrder<T>(rec: Readonly<Record<string, T>>): readonly T[] {
  const out: T[] = [];
  for (const id of sortedIds(rec)) out.push(rec[id]!);
  return out;
}

/** Every company of the state (failed ones too), in id order. */
export function actorList(state: GameState): readonly ActorState[] {
  return ACTOR_LISTS.get(state.actors, inIdOrder);
}

/** Every model of the state, in id order. */
export function modelList(state: GameState): readonly ModelState[] {
  return MODEL_LISTS.get(state.models, inIdOrder);
}

/** The companies of a role still in business, in id order. */
export function activeActors<R extends ActorState["role"]>(state: GameState, role: R): Extract<ActorState, { role: R }>[] {
  const out: Extract<ActorState, { role: R }>[] = [];
  for (const a of actorList(state)) if (a.role === role && !a.failed) out.push(a as Extract<ActorState, { role: R }>);
  return out;
}

export function isBanned(state: GameState, q: number, modelId: string): boolean {
  return effectsOf(state, q, "modelBan").some((e) => e.model === modelId);
}

/** Hours an accelerator delivers per quarter at full availability. */
export const HOURS_PER_QUARTER = 2190;
