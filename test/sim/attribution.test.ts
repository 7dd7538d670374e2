/**
 * "Why did my P&L move" (issue 21): the change in a seat's profit is split among its own orders,
 * every other seat's orders, the quarter's shocks and the world's drift by re-running the quarter.
 * The parts must add up to the change, the re-run with every group as played must be the quarter
 * as played, and a group that did not change (same orders as last quarter, no shock) gets nothing.
 */
import { describe, expect, it } from "vitest";
import type { Attribution, GameState, OrdersBySeat } from "../../shared/index.ts";
import {
  allBotOrders,
  attributeLog,
  attributeQuarter,
  createGame,
  loadScenario,
  MAX_GROUPS,
  readLog,
  runGame,
} from "../../shared/index.ts";

const total = (a: Attribution) => a.drift + a.parts.reduce((s, p) => s + p.value, 0);

function expectSums(a: Attribution) {
  const change = a.after - a.before;
  const scale = Math.max(1, Math.abs(a.before), Math.abs(a.after), ...a.parts.map((p) => Math.abs(p.value)));
  expect(Math.abs(total(a) - change) / scale, `${a.seat} q${a.quarter}`).toBeLessThan(1e-12);
}

describe("attribution of a quarter's profit", () => {
  // A game with a scheduled shock in quarter 3 and a seat (the first) that repeats its orders.
  const scenario = loadScenario("base");
  const { log, state } = runGame({ scenario, seed: 11, quarters: 6, injected: [{ shock: "wafer-shortage", quarter: 3 }] });
  const attributions = attributeLog(readLog(JSON.parse(JSON.stringify(log))));
  const seats = state.companies.id;

  it("splits every seat's change in every quarter, parts adding up to the change", () => {
    expect(attributions).toHaveLength(6 * seats.length);
    for (const a of attributions) {
      expectSums(a);
      expect(a.parts.map((p) => p.id)).toEqual(["own", "others", "shocks"]);
    }
  });

  it("measures the first quarter's profit from that quarter held back, its revenue from the opening books", () => {
    const opening = createGame(scenario, 11);
    const q1 = attributions.filter((a) => a.quarter === 1);
    expect(q1).toHaveLength(seats.length);
    for (const a of q1) {
      // the opening books hold no profit: no change from a zero, and no drift
      expect(a.from).toBe("heldBack");
      expect(a.drift).toBe(0);
    }
    expect(q1.some((a) => a.before !== 0)).toBe(true);
    for (const a of attributions.filter((x) => x.quarter > 1)) expect(a.from).toBe("lastQuarter");
    const first = readLog(JSON.parse(JSON.stringify(log))).quarters[0]!.ordersBySeat;
    const revenue = attributeQuarter(opening, first, {}, seats[0]!, { measure: "revenue" });
    expect(revenue.from).toBe("lastQuarter");
    expect(revenue.before).toBe(opening.companies.books.revenue[0]);
    expectSums(revenue);
  });

  it("ends at the quarter as played", () => {
    const q6 = attributions.filter((a) => a.quarter === 6);
    for (const a of q6) {
      const i = state.companies.id.indexOf(a.seat);
      expect(a.after).toBe(state.companies.books.netIncome[i]);
    }
  });

  it("gives shocks nothing in a quarter without a new shock, and something when one fires", () => {
    const fired = new Set(state.fired.map((f) => f.quarter));
    for (const a of attributions) {
      const shocks = a.parts.find((p) => p.id === "shocks")!.value;
      if (!fired.has(a.quarter)) expect(shocks, `q${a.quarter} ${a.seat}`).toBe(0);
    }
    expect(fired.has(3)).toBe(true);
    const hit = attributions.filter((a) => a.quarter === 3 && a.parts.find((p) => p.id === "shocks")!.value !== 0);
    expect(hit.length).toBeGreaterThan(0);
  });

  it("gives a seat's own orders nothing when it repeats last quarter's orders", () => {
    const seat = seats[0]!;
    let first: unknown[] | undefined;
    const repeat = runGame({
      scenario,
      seed: 5,
      quarters: 4,
      ordersFor: (s, st) => {
        if (s !== seat) return undefined;
        first ??= allBotOrders(st)[seat]!;
        return first;
      },
    });
    const parts = attributeLog(repeat.log).filter((a) => a.seat === seat && a.quarter >= 2);
    expect(parts).toHaveLength(3);
    expect(first!.length).toBeGreaterThan(0);
    for (const a of parts) {
      expect(a.parts[0]!.value).toBe(0);
      expectSums(a);
    }
  });

  it("takes custom groups, at most five, and shares re-runs between seats of a quarter", () => {
    const st0 = scenarioState();
    const played: OrdersBySeat = log.quarters[1]!.ordersBySeat;
    const previous: OrdersBySeat = log.quarters[0]!.ordersBySeat;
    const groups = seats.map((s) => ({ id: s, label: s, seats: [s] })).slice(0, 4);
    const a = attributeQuarter(st0, played, previous, seats[0]!, { groups: [...groups, { id: "shocks", label: "shocks", shocks: true }] });
    expect(a.reruns).toBe(32);
    expectSums(a);
    const six = [...groups, { id: "x", label: "x", seats: [seats[4]!] }, { id: "shocks", label: "shocks", shocks: true }];
    expect(() => attributeQuarter(st0, played, previous, seats[0]!, { groups: six })).toThrow(`1 to ${MAX_GROUPS} groups`);
    const cache = new Map<string, GameState>();
    const runs = seats.map((s) => attributeQuarter(st0, played, previous, s, { cache }).reruns);
    expect(runs[0]).toBe(8);
    expect(runs.slice(1).every((r) => r < 8)).toBe(true);
  });

  function scenarioState(): GameState {
    // the state before quarter 2 of the logged game: replay quarter 1
    let st: GameState | null = null;
    runGame({ scenario, seed: 11, quarters: 1, injected: [{ shock: "wafer-shortage", quarter: 3 }], onQuarter: (s) => (st = s) });
    return st!;
  }
});
