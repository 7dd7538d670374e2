/**
 * The ledger is part of the state (shared/engine/ledger.ts): one balance per account, in
 * integer cents held as two plain arrays (low and high parts), numbered when the game is
 * created. These read the arrays directly, as the hash, the copy, JSON and the database do,
 * and check that they agree with the ledger's functions and with each company's books.
 */
import { describe, expect, it } from "vitest";
import { balanceCents, cashAccount, ledgerTotal, settleWorldAccounts, transfer, WORLD } from "../../shared/engine/ledger.ts";
import { actorsOf, allBotOrders, createGame, type GameState, loadScenario, resolveTurn } from "../../shared/index.ts";

/** The ledger as plain data (JSON writes an account never used, NaN, as null). */
function recordOf(state: GameState): { low: (number | null)[]; high: number[] } {
  return JSON.parse(JSON.stringify(state.ledger)) as { low: (number | null)[]; high: number[] };
}

/** Each account's balance in cents, read from the plain data (not through the ledger's functions). */
function balancesOf(rec: { low: (number | null)[]; high: number[] }): number[] {
  return rec.low.map((lo, i) => (lo === null ? 0 : rec.high[i]! * 4503599627370496 + lo));
}

function sum(xs: number[]): number {
  return xs.reduce((s, v) => s + v, 0);
}

describe("ledger: the balances live in the state", () => {
  it("a new game's ledger holds the opening balances, one cash account per company", () => {
    const state = createGame(loadScenario("base"), 1);
    const rec = recordOf(state);
    expect(rec.low.length).toBe(state.accounts.n);
    expect(rec.high.length).toBe(state.accounts.n);
    const bal = balancesOf(rec);
    expect(sum(bal)).toBe(0);
    for (let i = 0; i < state.companies.n; i++) {
      const id = state.companies.id[i]!;
      expect(state.accounts.id[cashAccount(i)], id).toBe(`cash:${id}`);
      expect(bal[cashAccount(i)], id).toBe(balanceCents(state, cashAccount(i)));
      expect(bal[cashAccount(i)]! > 0, id).toBe(true);
    }
  });

  it("a resolved quarter's ledger holds the quarter's balances, and the input's ledger is unchanged", () => {
    let state = createGame(loadScenario("base"), 2);
    for (let q = 0; q < 4; q++) {
      const before = recordOf(state);
      const r = resolveTurn(state, allBotOrders(state));
      expect(recordOf(state), `input of quarter ${q + 1}`).toEqual(before);
      const rec = recordOf(r.state);
      const bal = balancesOf(rec);
      expect(sum(bal)).toBe(0);
      expect(rec).not.toEqual(before);
      for (let k = 0; k < bal.length; k++) expect(bal[k], r.state.accounts.id[k]).toBe(balanceCents(r.state, k));
      const actors = actorsOf(r.state);
      for (let i = 0; i < r.state.companies.n; i++) {
        const id = r.state.companies.id[i]!;
        expect(actors[id]!.books.cash, id).toBeCloseTo(bal[cashAccount(i)]! / 100, 2);
      }
      state = r.state;
    }
  });

  it("money moved on one state does not leak into another's ledger", () => {
    const a = createGame(loadScenario("classroom"), 3);
    const b = createGame(loadScenario("classroom"), 3);
    const cash = cashAccount(0);
    transfer(a, WORLD.investors, cash, 500);
    // b is a different ledger: its balance is its own
    expect(balanceCents(b, cash) + 500).toBe(balanceCents(a, cash));
    transfer(b, WORLD.investors, cash, 7);
    expect(balancesOf(recordOf(a))[cash]).toBe(balanceCents(b, cash) + 493);
    expect(sum(balancesOf(recordOf(a)))).toBe(0);
    expect(sum(balancesOf(recordOf(b)))).toBe(0);
  });

  it("balances past 2^53 cents (about $90T) stay exact, held in two parts, and still sum to zero", () => {
    const s = createGame(loadScenario("classroom"), 4);
    const cash = cashAccount(1);
    const before = recordOf(s);
    const TWO52 = 4503599627370496;
    // four times 2^52 cents and one cent more: past what one number of cents holds exactly
    for (let k = 0; k < 4; k++) transfer(s, WORLD.investors, cash, TWO52 + 1);
    const after = recordOf(s);
    expect(after.high[cash]! - before.high[cash]!).toBe(4);
    expect(after.low[cash]! - before.low[cash]!).toBe(4);
    expect(Math.abs(after.low[cash]!)).toBeLessThan(TWO52);
    expect(ledgerTotal(s)).toEqual({ high: 0, low: 0 });
    // moved back, every account is exactly where it started
    for (let k = 0; k < 4; k++) transfer(s, cash, WORLD.investors, TWO52 + 1);
    expect(recordOf(s)).toEqual(before);
  });

  it("settling and summing many balances near 2^52 cents stays exact (three such lows pass 2^53)", () => {
    // a quarter's flows of $10^15 leave several world accounts with lows near 2^52 cents; their
    // sum, added up in one number, lost the odd cents past 2^53 and the ledger stopped balancing
    const s = createGame(loadScenario("classroom"), 5);
    const TWO52 = 4503599627370496;
    const world = [WORLD.customers, WORLD.suppliers, WORLD.energy, WORLD.labour];
    // an account's exact balance (never used: NaN, zero)
    const exact = (i: number): bigint =>
      Number.isNaN(s.ledger.low[i]!) ? 0n : BigInt(s.ledger.high[i]!) * BigInt(TWO52) + BigInt(s.ledger.low[i]!);
    const total = (): bigint => s.ledger.low.reduce((t, _, i) => t + exact(i), 0n);
    for (const [k, odd] of [1, 2, 3, 5].entries()) transfer(s, world[k]!, cashAccount(k), TWO52 - odd);
    expect(ledgerTotal(s)).toEqual({ high: 0, low: 0 });
    // the world's accounts, folded into the rest of the world, hold minus the companies' cash
    let worldSum = 0n;
    for (let i = 0; i < cashAccount(0); i++) worldSum += exact(i);
    settleWorldAccounts(s);
    expect(total()).toBe(0n);
    expect(ledgerTotal(s)).toEqual({ high: 0, low: 0 });
    expect(exact(WORLD.rest)).toBe(worldSum);
    for (const w of world) expect(balanceCents(s, w)).toBe(0);
  });
});
