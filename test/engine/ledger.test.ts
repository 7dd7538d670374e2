/**
 * The ledger is held open, dense, while a quarter or a new game moves money (shared/engine/
 * ledger.ts), and written back into the state's ledger record before the state leaves. These
 * read the record directly, as the hash, the copy, JSON and the database do: a ledger left open
 * would show the balances of before the quarter there, and the ledger functions other ones.
 */
import { describe, expect, it } from "vitest";
import { balanceCents, cashAccount, transfer } from "../../shared/engine/ledger.ts";
import { allBotOrders, createGame, type GameState, loadScenario, resolveTurn } from "../../shared/index.ts";

/** The record as plain data: every balance read by key, not through the ledger functions. */
function recordOf(state: GameState): Record<string, number> {
  return JSON.parse(JSON.stringify(state.ledger)) as Record<string, number>;
}

function sum(rec: Record<string, number>): number {
  return Object.values(rec).reduce((s, v) => s + v, 0);
}

describe("ledger: the open ledger is written back before a state leaves the engine", () => {
  it("a new game's record holds the opening balances", () => {
    const state = createGame(loadScenario("base"), 1);
    const rec = recordOf(state);
    expect(sum(rec)).toBe(0);
    for (const id of Object.keys(state.actors)) {
      expect(rec[cashAccount(id)], id).toBe(balanceCents(state, cashAccount(id)));
      expect(rec[cashAccount(id)]! > 0, id).toBe(true);
    }
  });

  it("a resolved quarter's record holds the quarter's balances, and the input's record is unchanged", () => {
    let state = createGame(loadScenario("base"), 2);
    for (let q = 0; q < 4; q++) {
      const before = recordOf(state);
      const r = resolveTurn(state, allBotOrders(state));
      expect(recordOf(state), `input of quarter ${q + 1}`).toEqual(before);
      const rec = recordOf(r.state);
      expect(sum(rec)).toBe(0);
      expect(rec).not.toEqual(before);
      for (const k of Object.keys(rec)) expect(rec[k], k).toBe(balanceCents(r.state, k));
      for (const id of Object.keys(r.state.actors)) {
        expect(r.state.actors[id]!.books.cash, id).toBeCloseTo((rec[cashAccount(id)] ?? 0) / 100, 2);
      }
      state = r.state;
    }
  });

  it("money moved on one state does not leak into another's record", () => {
    const a = createGame(loadScenario("classroom"), 3);
    const b = createGame(loadScenario("classroom"), 3);
    const id = Object.keys(a.actors)[0]!;
    transfer(a, "world:investors", cashAccount(id), 500, "test");
    // b is a different record: its balance is its own, and reading it closes nothing of a's
    expect(balanceCents(b, cashAccount(id)) + 500).toBe(balanceCents(a, cashAccount(id)));
    transfer(b, "world:investors", cashAccount(id), 7, "test");
    // opening b wrote a's balances back into a's record
    expect(a.ledger[cashAccount(id)]).toBe(balanceCents(b, cashAccount(id)) + 493);
  });
});
