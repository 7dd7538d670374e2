/**
 * Determinism: the same scenario, seed and orders give the same state hash; a saved game is
 * a replay, and a replay reports the first quarter whose hash diverges.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  allBotOrders,
  createGame,
  divergenceReason,
  type GameLog,
  LogError,
  loadScenario,
  parseOrders,
  RULES_VERSION,
  readLog,
  replayLog,
  resolveTurn,
  runGame,
  scenarioInput,
  scenarioOfLog,
} from "../../shared/index.ts";

describe("Determinism", () => {
  it("same scenario, seed and bots give the same hash every quarter", () => {
    const a = runGame({ scenario: loadScenario("base"), seed: 42, quarters: 6 });
    const b = runGame({ scenario: loadScenario("base"), seed: 42, quarters: 6 });
    expect(a.log.quarters.map((q) => q.hash)).toEqual(b.log.quarters.map((q) => q.hash));
  });

  it("a scenario's key order does not matter (PostgreSQL's JSONB, where a server keeps the scenario as played, reorders keys)", () => {
    /** the value with every object's keys put in the order `order` gives */
    const reorder = (v: unknown, order: (keys: string[]) => string[]): unknown =>
      Array.isArray(v)
        ? v.map((x) => reorder(x, order))
        : v && typeof v === "object"
          ? Object.fromEntries(order(Object.keys(v)).map((k) => [k, reorder((v as Record<string, unknown>)[k], order)]))
          : v;
    // JSONB's order: shorter keys first, then by bytes; and the reverse of the file's order
    const jsonb = (v: unknown) => reorder(v, (keys) => keys.sort((x, y) => x.length - y.length || (x < y ? -1 : x > y ? 1 : 0)));
    const reversed = (v: unknown) => reorder(v, (keys) => keys.reverse());
    for (const id of ["base", "bubble"]) {
      const input = scenarioInput(id);
      const hashes = (x: unknown) => runGame({ scenario: x, seed: 5, quarters: 8 }).log.quarters.map((q) => q.hash);
      const expected = hashes(input);
      expect(hashes(jsonb(input)), `${id}, JSONB order`).toEqual(expected);
      expect(hashes(reversed(input)), `${id}, reversed order`).toEqual(expected);
    }
  });

  it("a different seed gives a different game", () => {
    const a = runGame({ scenario: loadScenario("base"), seed: 1, quarters: 3 });
    const b = runGame({ scenario: loadScenario("base"), seed: 2, quarters: 3 });
    expect(a.log.quarters[2]!.hash).not.toBe(b.log.quarters[2]!.hash);
  });

  it("replaying a log reproduces every hash; a tampered order is caught at its quarter", () => {
    const { log } = runGame({ scenario: loadScenario("classroom"), seed: 9 });
    expect(replayLog(log).ok).toBe(true);
    const tampered = JSON.parse(JSON.stringify(log)) as GameLog;
    tampered.quarters[4]!.ordersBySeat.meridian = parseOrders([
      { type: "lab/setPrices", tier: "frontier", inputPrice: 1, outputPrice: 2 },
    ]).orders;
    expect(tampered.quarters[4]!.ordersBySeat.meridian).toHaveLength(1);
    const r = replayLog(tampered);
    expect(r.ok).toBe(false);
    expect(r.firstDivergence?.quarter).toBe(5);
  });

  it("golden replays still give their recorded hashes (first diverging quarter is reported)", () => {
    for (const name of ["base-seed7.json", "classroom-seed3.json"]) {
      const log = readLog(JSON.parse(readFileSync(join(import.meta.dirname, "..", "golden", name), "utf8")));
      const r = replayLog(log);
      expect(r.firstDivergence, `${name}: first diverging quarter`).toBeNull();
      expect(r.quarters).toBe(log.quarters.length);
      // goldens are rewritten (npm run golden:update) whenever RULES_VERSION is bumped
      expect(log.rules, `${name}: recorded under RULES_VERSION (run npm run golden:update)`).toBe(RULES_VERSION);
    }
  });

  it("the goldens were played by bots in every seat, and the bots still choose the orders recorded", () => {
    // A bot changed on purpose re-records them (npm run golden:update); one that changes by
    // accident (a refactor of a bot) is caught at its first quarter here, which a replay of
    // recorded orders cannot catch.
    for (const name of ["base-seed7.json", "classroom-seed3.json"]) {
      const log = readLog(JSON.parse(readFileSync(join(import.meta.dirname, "..", "golden", name), "utf8")));
      let state = createGame(scenarioOfLog(log), log.seed);
      for (const q of log.quarters) {
        const json = (x: unknown) => JSON.parse(JSON.stringify(x)) as unknown;
        expect(json(allBotOrders(state)), `${name}, quarter ${q.quarter}`).toEqual(json(q.ordersBySeat));
        state = resolveTurn(state, q.ordersBySeat).state;
      }
    }
  });

  it("a log says which rules played it; a divergence under the same rules means it was altered, and other rules are refused", () => {
    const { log } = runGame({ scenario: loadScenario("classroom"), seed: 9, quarters: 3 });
    expect(log.rules).toBe(RULES_VERSION);
    expect(replayLog(log).ok).toBe(true);
    // the same divergence under the same rules: the log was altered
    const altered = JSON.parse(JSON.stringify(log)) as Record<string, unknown> & { quarters: { hash: string }[] };
    altered.quarters[1]!.hash = "0123456789abcdef";
    const r = replayLog(readLog(altered));
    expect(r.firstDivergence?.quarter).toBe(2);
    expect(divergenceReason()).toMatch(/altered/);
    // a log from other rules is not replayed: one line naming both rules versions
    const other = { ...altered, rules: RULES_VERSION + 1 };
    expect(() => readLog(other)).toThrow(LogError);
    expect(() => readLog(other)).toThrow(new RegExp(`^[^\\n]*rules v${RULES_VERSION + 1}[^\\n]*rules v${RULES_VERSION}[^\\n]*$`));
    // a log without a version predates recorded versions: refused too, saying so
    const { rules: _drop, ...unversioned } = altered;
    expect(() => readLog(unversioned)).toThrow(new RegExp(`records no version.*rules v${RULES_VERSION}`));
  });
});

describe("Determinism: a host's live injection replays exactly", () => {
  it("replayLog applies a shock injected after quarter 2 only then, and reports every quarter", async () => {
    const { createGame, injectShock, resolveTurn, allBotOrders } = await import("../../shared/index.ts");
    let state = createGame(loadScenario("classroom"), 4);
    const quarters: GameLog["quarters"] = [];
    for (let q = 1; q <= 5; q++) {
      if (q === 3) state = injectShock(state, "wafer-shortage", { duration: 2 }, 3);
      const orders = allBotOrders(state);
      const r = resolveTurn(state, orders);
      state = r.state;
      quarters.push({ quarter: q, label: "", ordersBySeat: orders, hash: r.hash });
    }
    const { log } = runGame({ scenario: loadScenario("classroom"), seed: 4, quarters: 0 });
    const live: GameLog = { ...log, injected: [{ shock: "wafer-shortage", quarter: 3, params: { duration: 2 }, after: 2 }], quarters };
    const seen: number[] = [];
    const r = replayLog(live, (s) => seen.push(s.quarter));
    expect(r.firstDivergence).toBeNull();
    expect(seen).toEqual([1, 2, 3, 4, 5]);
    // Applied up front instead, the schedule differs from the first quarter.
    const upfront = replayLog({ ...live, injected: [{ shock: "wafer-shortage", quarter: 3, params: { duration: 2 } }] });
    expect(upfront.firstDivergence?.quarter).toBe(1);
  });
});
