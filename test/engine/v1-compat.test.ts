/**
 * Rules v1, bit for bit: every game of fixtures/v1-games.ts gives, every quarter, the state
 * hash the `v1-baseline` tag recorded (fixtures/v1-hashes.json). Pinned to rules v1: the commit
 * that bumps RULES_VERSION retires it.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { applyOverrides, parseScenario, RULES_VERSION, runGame, scenarioInput } from "../../shared/index.ts";
import { type OrderWorld, randomOrders, V1_GAMES } from "./fixtures/v1-games.ts";

const recorded = JSON.parse(readFileSync(join(import.meta.dirname, "fixtures", "v1-hashes.json"), "utf8")) as {
  rules: number;
  games: Record<string, string[]>;
};

describe("Rules v1: the same hashes as v1-baseline", () => {
  it("is pinned to rules v1", () => {
    expect(recorded.rules).toBe(1);
    expect(RULES_VERSION).toBe(1);
    expect(Object.keys(recorded.games)).toEqual(V1_GAMES.map((g) => g.name));
  });

  for (const g of V1_GAMES) {
    it(g.name, () => {
      const input = applyOverrides(scenarioInput(g.scenario), g.overrides);
      const sc = parseScenario(input);
      const world: OrderWorld = {
        roleOf: Object.fromEntries(sc.actors.map((a) => [a.id, a.role])),
        models: sc.actors.flatMap((a) => (a.role === "lab" ? a.models.map((m) => m.id) : [])).sort(),
        classes: sc.taskClasses.map((k) => k.id),
      };
      const random = new Set(g.randomSeats);
      const { log } = runGame({
        scenario: input,
        seed: g.seed,
        injected: g.shocks.map((s) => ({ shock: s.shock, quarter: s.quarter, params: s.params ?? {} })),
        ordersFor: (seat, state) => (random.has(seat) ? randomOrders(g.seed, state.quarter + 1, seat, world) : undefined),
      });
      const hashes = log.quarters.map((q) => q.hash);
      const expected = recorded.games[g.name]!;
      const first = expected.findIndex((h, i) => hashes[i] !== h);
      expect(first, `first quarter whose hash differs: ${first + 1}`).toBe(-1);
      expect(hashes.length).toBe(expected.length);
    });
  }
});
