/**
 * The double-entry ledger: the only way money moves. Accounts are numbered when a game is
 * created: first the simulated world's counterparties (WORLD), then one cash account per
 * company, in the companies' order. Every transfer debits one account and credits another, so
 * all balances sum to zero.
 *
 * Balances are integer cents held as two numbers, low and high (balance = high × 2^52 + low,
 * |low| < 2^52), so they are exact to about $4 × 10^28: no legal game comes near, where one
 * number of cents stops being exact at $90T. The high part is zero in every game of the
 * shipped scenarios (and the hash then sees one number, as under rules v1). An account that
 * was never used holds NaN (it is absent from the hash, as under rules v1).
 */
import type { GameState } from "./state.ts";

/** The world's accounts, in their numbering order: the counterparties of the companies' flows. */
export const WORLD = {
  investors: 0,
  foundry: 1,
  memory: 2,
  suppliers: 3,
  energy: 4,
  customers: 5,
  labour: 6,
  lenders: 7,
  /** the rest of the world, into which the others are settled each quarter (and the rest of the economy's account as a buyer of tokens) */
  rest: 8,
} as const;
export const WORLD_NAMES = ["investors", "foundry", "memory", "suppliers", "energy", "customers", "labour", "lenders", "rest"] as const;
const NW = WORLD_NAMES.length;

/** An account: a world counterparty (WORLD) or a company's cash (cashAccount). */
export type Account = number;

/** The account names of a game with these companies, in numbering order. */
export function accountNames(companyIds: readonly string[]): string[] {
  return [...WORLD_NAMES.map((n) => `world:${n}`), ...companyIds.map((id) => `cash:${id}`)];
}

/** A company's cash account. */
export function cashAccount(company: number): Account {
  return NW + company;
}

/** The company whose cash account this is, or -1 for a world account. */
export function companyOfAccount(account: Account): number {
  return account < NW ? -1 : account - NW;
}

const TWO52 = 4503599627370496;

/** Moves `cents` (a non-negative integer) from one account to another. */
export function transfer(state: GameState, from: Account, to: Account, cents: number): void {
  if (!(cents >= 0) || !Number.isInteger(cents) || cents >= TWO52 * TWO52) {
    throw new Error(`ledger: bad amount ${cents} (account ${from} → ${to})`);
  }
  if (cents === 0 || from === to) return;
  const l = state.ledger;
  add(l.low, l.high, from, -cents);
  add(l.low, l.high, to, cents);
}

function add(low: number[], high: number[], i: number, cents: number): void {
  let lo = low[i]!;
  if (Number.isNaN(lo)) lo = 0;
  if (cents < TWO52 && cents > -TWO52) {
    lo += cents; // exact: both are under 2^52 in magnitude
  } else {
    // an amount past 2^52 cents: split it into whole multiples of 2^52 and the rest (both exact)
    const h = Math.trunc(cents / TWO52);
    high[i] = high[i]! + h;
    lo += cents - h * TWO52;
  }
  if (lo >= TWO52 || lo <= -TWO52) {
    const h = Math.trunc(lo / TWO52);
    high[i] = high[i]! + h;
    lo -= h * TWO52;
  }
  low[i] = lo;
}

/** Transfers a dollar amount, rounded to cents; a negative amount flows the other way. Returns the cents moved (signed). */
export function pay(state: GameState, from: Account, to: Account, dollars: number): number {
  const cents = Math.round(dollars * 100);
  if (cents >= 0) transfer(state, from, to, cents);
  else transfer(state, to, from, -cents);
  return cents;
}

/** An account's balance in cents (0 for an account never used), as one number (exact below 2^53). */
export function balanceCents(state: Readonly<GameState>, account: Account): number {
  const lo = state.ledger.low[account]!;
  if (Number.isNaN(lo)) return 0;
  const hi = state.ledger.high[account]!;
  return hi === 0 ? lo : hi * TWO52 + lo;
}

/** A company's cash in dollars. */
export function cashOf(state: Readonly<GameState>, company: number): number {
  return balanceCents(state, NW + company) / 100;
}

/**
 * Settles every world account but `rest` into `rest` at the end of a quarter. They are the
 * counterparties of the companies' flows and nothing reads their balances, but each only
 * grows; folded together they hold minus the companies' cash.
 */
export function settleWorldAccounts(state: GameState): void {
  const l = state.ledger;
  const sum = { lo: 0, hi: 0 };
  for (let i = 0; i < NW; i++) {
    if (i === WORLD.rest || Number.isNaN(l.low[i]!)) continue;
    addParts(sum, l.high[i]!, l.low[i]!);
    l.low[i] = 0;
    l.high[i] = 0;
  }
  if (sum.lo === 0 && sum.hi === 0) return;
  add(l.low, l.high, WORLD.rest, sum.lo);
  l.high[WORLD.rest] = l.high[WORLD.rest]! + sum.hi;
}

/**
 * Adds a balance (hi × 2^52 + lo, |lo| < 2^52) to a running sum in the same form. The lows are
 * carried into the high part after each addition: two lows under 2^52 sum exactly (below 2^53),
 * but three may not, since a double holds every integer only up to 2^53.
 */
function addParts(sum: { lo: number; hi: number }, hi: number, lo: number): void {
  sum.lo += lo;
  sum.hi += hi;
  if (sum.lo >= TWO52 || sum.lo <= -TWO52) {
    const h = Math.trunc(sum.lo / TWO52);
    sum.hi += h;
    sum.lo -= h * TWO52;
  }
}

/** The sum of all balances as [high, low] parts (zero unless the ledger has a bug). */
export function ledgerTotal(state: Readonly<GameState>): { high: number; low: number } {
  const sum = { lo: 0, hi: 0 };
  for (let i = 0; i < state.ledger.low.length; i++) {
    const x = state.ledger.low[i]!;
    if (Number.isNaN(x)) continue;
    addParts(sum, state.ledger.high[i]!, x);
  }
  return { high: sum.hi, low: sum.lo };
}

/** The sum of all balances in cents; zero unless the ledger has a bug. */
export function ledgerTotalCents(state: Readonly<GameState>): number {
  const t = ledgerTotal(state);
  return t.high * TWO52 + t.low;
}
