/**
 * Determinism: the same scenario, seed and orders give the same state hash; a saved game is
 * a replay, and a replay reports the first quarter whose hash diverges.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type GameLog, loadScenario, replayLog, runGame } from "../../shared/index.ts";

describe("Determinism", () => {
  it("same scenario, seed and bots give the same hash every quarter", () => {
    const a = runGame({ scenario: loadScenario("base"), seed: 42, quarters: 6 });
    const b = runGame({ scenario: loadScenario("base"), seed: 42, quarters: 6 });
    expect(a.log.quarters.map((q) => q.hash)).toEqual(b.log.quarters.map((q) => q.hash));
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
    tampered.quarters[4]!.ordersBySeat.meridian = [{ type: "lab/setPrices", tier: "frontier", inputPrice: 1, outputPrice: 2 }];
    const r = replayLog(tampered);
    expect(r.ok).toBe(false);
    expect(r.firstDivergence?.quarter).toBe(5);
  });

  it("golden replays still give their recorded hashes (first diverging quarter is reported)", () => {
    for (const name of ["base-seed7.json", "classroom-seed3.json"]) {
      const log = JSON.parse(readFileSync(join(import.meta.dirname, "..", "golden", name), "utf8")) as GameLog;
      const r = replayLog(log);
      expect(r.firstDivergence, `${name}: first diverging quarter`).toBeNull();
      expect(r.quarters).toBe(log.quarters.length);
    }
  });
});
