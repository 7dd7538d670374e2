/**
 * playerView: one seat sees the public market and its own books, never another seat's
 * private books or the random state.
 */
import { describe, expect, it } from "vitest";
import { loadScenario, playerView, runGame } from "../../shared/index.ts";

const { state } = runGame({ scenario: loadScenario("base"), seed: 3, quarters: 3 });

describe("Player view", () => {
  it("contains the seat's own books and no other seat's private fields", () => {
    for (const seat of Object.keys(state.actors)) {
      const v = playerView(state, seat);
      expect(v.own?.id).toBe(seat);
      const text = JSON.stringify(v);
      expect(text).not.toContain('"rng"');
      expect(text).not.toContain('"ledger"');
      for (const other of Object.keys(state.actors).filter((x) => x !== seat)) {
        for (const h of v.history) {
          expect(h.actors[other]!.cash).toBe(0);
          expect(h.actors[other]!.fcf).toBe(0);
        }
        const cash = state.actors[other]!.books.cash;
        if (Math.abs(cash) > 1000) expect(text).not.toContain(String(cash));
        expect(v.ownContracts.every((c) => c.lab === seat || c.provider === seat)).toBe(true);
      }
    }
  });

  it("a spectator sees only the public picture", () => {
    const v = playerView(state, null);
    expect(v.own).toBeNull();
    expect(v.ownContracts).toEqual([]);
    expect(v.ownModels).toEqual([]);
    for (const h of v.history) for (const id of Object.keys(h.actors)) expect(h.actors[id]!.cash).toBe(0);
    expect(v.actors.length).toBe(Object.keys(state.actors).length);
  });
});
