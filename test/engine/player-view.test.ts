/**
 * playerView: one seat sees the public market and its own books, never another seat's
 * private books or the random state.
 */
import { describe, expect, it } from "vitest";
import { actorsOf, BOT_VIEW, loadScenario, PRIVATE_FIGURES, playerView, playerViews, publicFigures, runGame } from "../../shared/index.ts";

const { state } = runGame({ scenario: loadScenario("base"), seed: 3, quarters: 3 });
const actors = actorsOf(state);

describe("Player view", () => {
  it("contains the seat's own books and no other seat's private fields", () => {
    for (const seat of Object.keys(actors)) {
      const v = playerView(state, seat);
      expect(v.own?.id).toBe(seat);
      const text = JSON.stringify(v);
      expect(text).not.toContain('"rng"');
      expect(text).not.toContain('"ledger"');
      for (const other of Object.keys(actors).filter((x) => x !== seat)) {
        for (const h of v.history) {
          expect(h.actors[other]!.cash).toBe(0);
          expect(h.actors[other]!.fcf).toBe(0);
        }
        const cash = actors[other]!.books.cash;
        // a round figure (a company whose credit line holds its cash at its opening $8B) may
        // coincide with a public one (another's opening revenue): only exact odd figures identify cash
        if (Math.abs(cash) > 1000 && cash % 1e6 !== 0) expect(text).not.toContain(String(cash));
        expect(v.ownContracts.every((c) => c.lab === seat || c.provider === seat)).toBe(true);
      }
    }
  });

  it("leaves lenders' provisions on each company to analysis: 0 in every view, moving in the state", () => {
    const moving = state.history.some((h) => Object.values(h.actors).some((a) => a.creditAllowance > 0 && a.creditLosses !== 0));
    expect(moving).toBe(true);
    for (const seat of [...Object.keys(actors), null]) {
      for (const h of playerView(state, seat).history)
        for (const a of Object.values(h.actors)) expect([a.creditAllowance, a.creditLosses]).toEqual([0, 0]);
    }
    // the world's figures stay
    expect(playerView(state, null).history.map((h) => h.creditAllowance)).toEqual(state.history.map((h) => h.creditAllowance));
  });

  it("publicFigures zeroes exactly the private figures and keeps the others, in the same order", () => {
    for (const a of Object.values(state.history[state.history.length - 1]!.actors)) {
      const p = publicFigures(a);
      expect(Object.keys(p)).toEqual(Object.keys(a));
      for (const [k, x] of Object.entries(a))
        expect(p[k as keyof typeof p]).toBe((PRIVATE_FIGURES as readonly string[]).includes(k) ? 0 : x);
    }
  });

  it("a spectator sees only the public picture", () => {
    const v = playerView(state, null);
    expect(v.own).toBeNull();
    expect(v.ownContracts).toEqual([]);
    expect(v.ownModels).toEqual([]);
    for (const h of v.history) for (const id of Object.keys(h.actors)) expect(h.actors[id]!.cash).toBe(0);
    expect(v.actors.length).toBe(Object.keys(actors).length);
  });

  it("views made together (one pass for every seat) show what views made one at a time show", () => {
    // playerViews shares what never changes in a game (the rules, the catalogue, each history
    // entry as a seat sees it) between seats: every seat's view, built after other seats' views
    // of the same entries, must still equal its own single view, quarter after quarter.
    const seats = [null, ...Object.keys(actors).sort()];
    runGame({
      scenario: loadScenario("base"),
      seed: 5,
      quarters: 5,
      onQuarter: (s) => {
        const shared = playerViews(s, seats);
        const recent = playerViews(s, seats, BOT_VIEW);
        seats.forEach((seat, i) => {
          const full = playerView(s, seat);
          expect(shared[i]).toEqual(full);
          // bots' views: recent history, public figures only (the spectator's entries)
          const publicHistory = playerView(s, null).history.slice(-BOT_VIEW.historyLimit);
          expect(recent[i]).toEqual({ ...full, history: publicHistory });
          expect(playerView(s, seat, BOT_VIEW)).toEqual(recent[i]);
          for (const h of recent[i]!.history) for (const id of Object.keys(h.actors)) expect(h.actors[id]!.cash).toBe(0);
          expect(JSON.stringify(shared[i])).toBe(JSON.stringify(full));
        });
      },
    });
  });
});
