/**
 * The double-entry ledger: the only way money moves. Balances are integer cents;
 * every transfer debits one account and credits another, so all balances sum to zero.
 * Accounts: `cash:<actorId>` for companies, `world:<name>` for the simulated world.
 */
import { stringSlot } from "./math.ts";
import type { GameState } from "./state.ts";

const CASH_ACCOUNTS = new Map<string, string>();

/*
 * Money moves about 110 times a quarter, each time naming a company's account: in front of the
 * Map, a direct-mapped cache indexed by stringSlot and checked by identity answers in a few
 * nanoseconds (a Map lookup costs about twenty). Every slot starts
 * out holding "" and its account, as the state hash's string cache does (an array of strings
 * only, so the check compares by identity).
 */
const SLOTS = 256;
const SLOT_ID: string[] = new Array<string>(SLOTS).fill("");
const SLOT_ACCOUNT: string[] = new Array<string>(SLOTS).fill("cash:");

/** The cash account of a company (the same string object each time, so ledger lookups stay cheap). */
export function cashAccount(actorId: string): string {
  const i = stringSlot(actorId, SLOTS);
  if (SLOT_ID[i] === actorId) return SLOT_ACCOUNT[i]!;
  let a = CASH_ACCOUNTS.get(actorId);
  if (a === undefined) {
    a = `cash:${actorId}`;
    if (CASH_ACCOUNTS.size < 10_000) CASH_ACCOUNTS.set(actorId, a);
  }
  SLOT_ID[i] = actorId;
  SLOT_ACCOUNT[i] = a;
  return a;
}

/*
 * The open ledger. Money moves about 110 times a quarter, each time reading and writing two
 * balances of the state's ledger record by an account name that varies, which V8 answers by its
 * slow generic path. So while a quarter (or a new game) moves money, one ledger record's balances
 * are held here, dense, by account index: the first transfer opens the record (its accounts in
 * its own order), later ones update BALANCES, and closeLedger writes them back (new accounts after
 * the old, in the order they were first paid, as direct writes would have added them). Reads of
 * the open record read here; reads of any other record read it directly. advanceInPlace and
 * createGame close the ledger before they return, so a state that leaves them is plain data.
 */
let open: Record<string, number> | null = null;
const NAMES: string[] = [];
const BALANCES: number[] = [];
let accounts = 0;
/** generation of the open record: a slot filled for an earlier record is stale */
let generation = 1;
const INDEX_SLOTS = 256;
const SLOT_NAME: string[] = new Array<string>(INDEX_SLOTS).fill("");
const SLOT_INDEX = new Int32Array(INDEX_SLOTS);
const SLOT_GENERATION = new Int32Array(INDEX_SLOTS);

function openLedger(rec: Record<string, number>): void {
  if (open === rec) return;
  closeLedger();
  open = rec;
  generation++;
  accounts = 0;
  for (const k in rec) {
    NAMES[accounts] = k;
    BALANCES[accounts] = rec[k]!;
    accounts++;
  }
}

/** Writes the open ledger's balances back into its record (see `open`). */
export function closeLedger(): void {
  const rec = open;
  if (!rec) return;
  open = null;
  for (let i = 0; i < accounts; i++) rec[NAMES[i]!] = BALANCES[i]!;
}

/** The open ledger's index of an account, or -1 if it has none. */
function indexOf(name: string): number {
  const s = stringSlot(name, INDEX_SLOTS);
  if (SLOT_NAME[s] === name && SLOT_GENERATION[s] === generation) return SLOT_INDEX[s]!;
  for (let i = 0; i < accounts; i++) {
    if (NAMES[i] === name) {
      SLOT_NAME[s] = name;
      SLOT_INDEX[s] = i;
      SLOT_GENERATION[s] = generation;
      return i;
    }
  }
  return -1;
}

/** The open ledger's index of an account, added with a zero balance if it has none. */
function accountIndex(name: string): number {
  const i = indexOf(name);
  if (i >= 0) return i;
  NAMES[accounts] = name;
  BALANCES[accounts] = 0;
  return accounts++;
}

/** Moves `cents` (a non-negative safe integer) from one account to another, with a reason. */
export function transfer(state: GameState, from: string, to: string, cents: number, reason: string): void {
  if (!Number.isSafeInteger(cents) || cents < 0) {
    throw new Error(`ledger: bad amount ${cents} for ${reason} (${from} → ${to})`);
  }
  if (cents === 0 || from === to) return;
  openLedger(state.ledger);
  const f = accountIndex(from);
  BALANCES[f] = BALANCES[f]! - cents;
  const t = accountIndex(to);
  BALANCES[t] = BALANCES[t]! + cents;
  void reason; // the reason names the flow for readers; P&L categories are booked by payFlow
}

/** Transfers a dollar amount, rounded to cents; negative amounts flow the other way. */
export function pay(state: GameState, from: string, to: string, dollars: number, reason: string): number {
  const cents = Math.round(dollars * 100);
  if (cents >= 0) transfer(state, from, to, cents, reason);
  else transfer(state, to, from, -cents, reason);
  return cents;
}

/** The rest of the world's account, into which the world's other accounts are settled. */
export const WORLD_ACCOUNT = "world:rest";

/**
 * Whether an account (or party) id is the simulated world's, `world:*`. The first character is
 * tested first: most ids name a company, and a character test is cheaper than startsWith.
 */
export function isWorldAccount(id: string): boolean {
  return id.charCodeAt(0) === 119 /* "w" */ && id.startsWith("world:");
}

/**
 * Settles every `world:` account into the rest of the world's at the end of a quarter. They are
 * the counterparties of the companies' flows (customers, suppliers, labour, lenders…) and nothing
 * reads their balances, but each only grows: over a long game their cents passed 2^53 and
 * stopped being exact (a 60-quarter `base` broke the ledger near quarter 42). Folded together
 * they hold minus the companies' cash, which stays in range.
 */
export function settleWorldAccounts(state: GameState): void {
  openLedger(state.ledger);
  let sum = 0;
  for (let i = 0; i < accounts; i++) {
    const k = NAMES[i]!;
    if (k === WORLD_ACCOUNT || !isWorldAccount(k)) continue;
    sum += BALANCES[i]!;
    BALANCES[i] = 0;
  }
  if (sum !== 0) {
    const w = accountIndex(WORLD_ACCOUNT);
    BALANCES[w] = BALANCES[w]! + sum;
  }
}

export function balanceCents(state: GameState, account: string): number {
  if (open === state.ledger) {
    const i = indexOf(account);
    return i < 0 ? 0 : BALANCES[i]!;
  }
  return state.ledger[account] ?? 0;
}

export function cashOf(state: GameState, actorId: string): number {
  return balanceCents(state, cashAccount(actorId)) / 100;
}

/** The sum of all balances; zero unless the ledger has a bug. */
export function ledgerTotalCents(state: GameState): number {
  if (open === state.ledger) closeLedger();
  let s = 0;
  for (const k of Object.keys(state.ledger)) s += state.ledger[k] ?? 0;
  return s;
}
