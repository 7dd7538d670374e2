/**
 * The working context of one quarter's resolution: the quarter, the rules, the events being
 * collected, the per-company P&L accumulators the finance step turns into books, and the
 * figures the indicators read. Lives only while resolveTurn runs; never stored in the state.
 */
import type { Rules } from "../scenario/params.ts";
import { pow } from "./dmath.ts";
import type { GameEvent } from "./events.ts";
import { Hasher } from "./hash.ts";
import { type Account, companyOfAccount, pay } from "./ledger.ts";
import { filledDoubles } from "./math.ts";
import type { ActiveEffect, GameState } from "./state.ts";

/** Per-company P&L of the quarter so far (US dollars), by company index. */
export interface Pnl {
  revenue: number[];
  costOfRevenue: number[];
  rnd: number[];
  sga: number[];
  capex: number[];
  interest: number[];
  other: number[];
  depreciation: number[];
  /** the part of `depreciation` that is a cost of revenue (a cloud's accelerators and data centres) */
  depreciationInCost: number[];
  /** equity and debt raised (less repaid): cash flow, not P&L */
  financing: number[];
  /**
   * cash put into inventory less the cost of the units sold from it (a chipmaker pays for
   * wafers, memory and packaging when it makes units and books their cost when it sells them):
   * cash flow, not P&L
   */
  workingCapital: number[];
  /** new equity sold this quarter, by order or in a down-round (liquidity) */
  equityRaised: number[];
  /** what its lenders and counterparties wrote off when it defaulted (realised losses) */
  writeOffs: number[];
}

/** The P&L lines a payment may be booked in. */
export type PnlLine = "revenue" | "costOfRevenue" | "rnd" | "sga" | "capex" | "interest" | "other";

export interface TurnContext {
  /** the quarter being resolved (1-based) */
  q: number;
  rules: Rules;
  events: GameEvent[];
  pnl: Pnl;
  stats: {
    shadowOutput: number;
    /** what AI-done work is worth this quarter relative to the first (set by the token market) */
    valueScale: number;
    valueCreated: number;
    /** by class index */
    taskSpend: number[];
    taskCount: number[];
    apiRevenue: number;
    apiMtok: number;
    consumerMtok: number;
    /** realised losses at default */
    creditWriteOffs: number;
    /** spot demand willing to pay the operators' cost that found no capacity (GPU-hours) */
    gpuUnserved: number;
    /** each cloud's cost of a GPU-hour of its general fleet at full use (depreciation, power, facility), by cloud row */
    gpuCost: number[];
  };
  /** custom-ASIC hours offered to partner labs this quarter, billed once the token market has run */
  asicHours: { lab: number; cloud: number; hours: number; price: number }[];
  /** the hasher of the quarter's history link and state hash (scratch: a hasher's buffer is slow to allocate) */
  hasher: Hasher;
}

export function newContext(state: GameState, q: number): TurnContext {
  const n = state.companies.n;
  return {
    q,
    rules: state.world.rules,
    events: [],
    pnl: {
      revenue: filledDoubles(n, 0),
      costOfRevenue: filledDoubles(n, 0),
      rnd: filledDoubles(n, 0),
      sga: filledDoubles(n, 0),
      capex: filledDoubles(n, 0),
      interest: filledDoubles(n, 0),
      other: filledDoubles(n, 0),
      depreciation: filledDoubles(n, 0),
      depreciationInCost: filledDoubles(n, 0),
      financing: filledDoubles(n, 0),
      workingCapital: filledDoubles(n, 0),
      equityRaised: filledDoubles(n, 0),
      writeOffs: filledDoubles(n, 0),
    },
    stats: newStats(state),
    asicHours: [],
    hasher: new Hasher(),
  };
}

/**
 * The quarter's figures, zeroed. Each number field is made NaN and then set: V8 fixes how it
 * stores a field by the first value it holds, and one that starts as 0 (a small integer) and
 * later holds a fraction (a first company failure's write-offs, a first unserved bid) changes
 * the shape of every later context, deoptimizing each compiled step that has seen the old one.
 */
function newStats(state: GameState): TurnContext["stats"] {
  const s: TurnContext["stats"] = {
    shadowOutput: Number.NaN,
    valueScale: Number.NaN,
    valueCreated: Number.NaN,
    taskSpend: filledDoubles(state.classes.n, 0),
    taskCount: filledDoubles(state.classes.n, 0),
    apiRevenue: Number.NaN,
    apiMtok: Number.NaN,
    consumerMtok: Number.NaN,
    creditWriteOffs: Number.NaN,
    gpuUnserved: Number.NaN,
    gpuCost: filledDoubles(state.clouds.n, 0),
  };
  s.shadowOutput = 0;
  s.valueScale = 1;
  s.valueCreated = 0;
  s.apiRevenue = 0;
  s.apiMtok = 0;
  s.consumerMtok = 0;
  s.creditWriteOffs = 0;
  s.gpuUnserved = 0;
  return s;
}

/**
 * Pays `dollars` from one account to another through the ledger and books it in each side's
 * P&L line (a world account has no P&L; null books nothing). Returns the dollars actually
 * moved (rounded to cents).
 */
export function payFlow(
  state: GameState,
  ctx: TurnContext,
  from: Account,
  to: Account,
  dollars: number,
  fromLine: PnlLine | null,
  toLine: PnlLine | null,
): number {
  if (!(dollars > 0)) return 0;
  const moved = pay(state, from, to, dollars) / 100;
  if (fromLine) {
    const c = companyOfAccount(from);
    if (c >= 0) ctx.pnl[fromLine][c]! += moved;
  }
  if (toLine) {
    const c = companyOfAccount(to);
    if (c >= 0) ctx.pnl[toLine][c]! += moved;
  }
  return moved;
}

export function emit(ctx: TurnContext, e: GameEvent): void {
  ctx.events.push(e);
}

/**
 * The level of input prices in quarter q against the scenario's (1 in quarter 1): power,
 * facilities, data-centre construction and chip packaging drift with the macro regime,
 * up under inflation and down under deflation [seed-facts §5 fact 25: 004 "input costs are
 * higher (commodities, chips, power)"; 001 deployment "pushes prices, wages… down"]. The
 * regime is the scenario's for the whole game, so the level follows from the quarter alone.
 */
export function inputPriceLevel(state: Readonly<GameState>, q: number): number {
  const regime = state.world.capital.macroRegime;
  if (regime === "neutral") return 1;
  const drift = state.world.rules.progress.inputPriceDrift;
  return pow(1 + (regime === "inflation" ? drift : -drift), q - 1);
}

/** What a MW of data centre costs to build when started in quarter q (the input price level applied). */
export function dataCentreCostPerMw(state: Readonly<GameState>, q: number): number {
  return state.world.dataCentre.costPerMw * inputPriceLevel(state, q);
}

/** The effects of a kind active in quarter q. */
export function effectsOf<K extends ActiveEffect["effect"]["kind"]>(
  state: GameState,
  q: number,
  kind: K,
): Extract<ActiveEffect["effect"], { kind: K }>[] {
  const out: Extract<ActiveEffect["effect"], { kind: K }>[] = [];
  for (const e of state.active) {
    if (e.effect.kind === kind && e.fromQuarter <= q && (e.untilQuarter === null || e.untilQuarter >= q)) {
      out.push(e.effect as Extract<ActiveEffect["effect"], { kind: K }>);
    }
  }
  return out;
}

/** The product of the active capex caps on a company (by id), in the list's order. */
export function capexCapOf(state: GameState, q: number, id: string): number {
  let capMult = 1;
  for (const e of effectsOf(state, q, "capexCap")) if (e.target === id) capMult *= e.multiplier;
  return capMult;
}

/** Whether a model (by id) is banned in quarter q. */
export function isBanned(state: GameState, q: number, modelId: string): boolean {
  for (const e of effectsOf(state, q, "modelBan")) if (e.model === modelId) return true;
  return false;
}

/** Hours an accelerator delivers per quarter at full availability (8,760 hours a year / 4). */
export const HOURS_PER_QUARTER = 2190;
/** Months in a quarter (consumer plan prices are monthly). */
export const MONTHS_PER_QUARTER = 3;

/** The rows of a role's table whose companies are still in business, in id order. */
export function activeRows(state: GameState, table: { n: number; company: number[] }): number[] {
  const out: number[] = [];
  const failed = state.companies.failed;
  for (let r = 0; r < table.n; r++) if (!failed[table.company[r]!]) out.push(r);
  return out;
}

/** A company's index by id, or -1. */
export function companyIndex(state: GameState, id: string): number {
  const ids = state.companies.id;
  for (let i = 0; i < ids.length; i++) if (ids[i] === id) return i;
  return -1;
}

/** A model's index by id, or -1. */
export function modelIndex(state: GameState, id: string): number {
  const ids = state.models.id;
  for (let i = 0; i < ids.length; i++) if (ids[i] === id) return i;
  return -1;
}

/** A task class's index by id, or -1. */
export function classIndex(state: GameState, id: string): number {
  const ids = state.classes.id;
  for (let i = 0; i < ids.length; i++) if (ids[i] === id) return i;
  return -1;
}
