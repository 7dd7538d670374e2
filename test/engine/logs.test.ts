/**
 * Saved data is versioned (issue 20, item 6): a game log has a schema (GameLogSchema) and
 * migrations between formats (a log of today turned back into format 1 reads and replays). The
 * golden logs (test/golden/) are this build's and replay with every quarter's hash; the logs
 * v1-baseline wrote under rules v1 (fixtures/rules-v1/) are refused with one line naming both
 * rules versions, as is any log played under other rules. A log records the parameters it resolved, so a changed default
 * cannot change its replay.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  GameLogSchema,
  LOG_VERSION,
  LogError,
  loadScenario,
  RULES_VERSION,
  readLog,
  replayLog,
  runGame,
  scenarioInput,
  scenarioOfLog,
} from "../../shared/index.ts";

const GOLDEN = join(import.meta.dirname, "..", "golden");
const goldens = readdirSync(GOLDEN)
  .filter((f) => f.endsWith(".json"))
  .sort();
const raw = (name: string) => JSON.parse(readFileSync(join(GOLDEN, name), "utf8")) as Record<string, unknown>;
/** Logs written by v1-baseline under rules v1, kept to check that other rules are refused. */
const V1_DIR = join(import.meta.dirname, "fixtures", "rules-v1");
const v1Logs = readdirSync(V1_DIR).filter((f) => f.endsWith(".json"));
const rawV1 = (name: string) => JSON.parse(readFileSync(join(V1_DIR, name), "utf8")) as Record<string, unknown>;

/** The one-line error readLog throws for a log. */
function refusal(log: unknown): string {
  try {
    readLog(log);
  } catch (e) {
    expect(e).toBeInstanceOf(LogError);
    const message = (e as Error).message;
    expect(message.split("\n"), message).toHaveLength(1);
    return message;
  }
  throw new Error("the log was read");
}

/** A fresh log (format LOG_VERSION) as JSON data, as a file holds it. */
const fresh = () =>
  JSON.parse(JSON.stringify(runGame({ scenario: loadScenario("classroom"), seed: 9, quarters: 3 }).log)) as Record<string, unknown>;

describe("game logs: format 1 migrates; logs of rules v1 are refused", () => {
  it("the rules-v1 logs (format 1, as v1-baseline wrote them) are refused with one line naming both versions", () => {
    expect(v1Logs.length).toBeGreaterThanOrEqual(2);
    for (const name of v1Logs) {
      const log = rawV1(name);
      expect(log.version, name).toBe(1);
      expect(log.rules, name).toBe(1);
      expect(refusal(log)).toBe(
        `the log was played under rules v1 and this build plays rules v${RULES_VERSION}: replay it with the build that recorded it`,
      );
    }
  });

  it("the golden logs are this build's: current format and rules, and they replay with every quarter's hash", () => {
    expect(goldens.length).toBeGreaterThanOrEqual(2);
    for (const name of goldens) {
      const before = JSON.stringify(raw(name));
      const log = readLog(raw(name));
      expect(log.version, name).toBe(LOG_VERSION);
      expect(log.rules, name).toBe(RULES_VERSION);
      const seen: string[] = [];
      const r = replayLog(log, (_s, _e, rec) => seen.push(rec.hash));
      expect(r.firstDivergence, `${name}: first diverging quarter`).toBeNull();
      expect(r.ok).toBe(true);
      expect(seen).toEqual((raw(name).quarters as { hash: string }[]).map((q) => q.hash));
      // reading does not change the data it was given
      expect(JSON.stringify(raw(name))).toBe(before);
    }
  });

  it("a log written today, turned back into format 1, reads and replays the same", () => {
    const { resolved: _r, ...rest } = fresh();
    const old = { ...rest, version: 1 };
    const r = replayLog(readLog(old));
    expect(r.ok).toBe(true);
    expect(r.quarters).toBe(3);
  });
});

describe("game logs: format 2", () => {
  it("a fresh log is format 2, matches GameLogSchema and records the world it resolved, every rule included", () => {
    const log = fresh();
    expect(log.version).toBe(LOG_VERSION);
    expect(LOG_VERSION).toBe(2);
    expect(GameLogSchema.safeParse(log).success).toBe(true);
    const world = (log.resolved as { world: Record<string, unknown> }).world;
    expect(world).toEqual(JSON.parse(JSON.stringify(loadScenario("classroom").world)));
    expect(Object.keys(world.rules as object).length).toBeGreaterThan(5);
    expect(replayLog(readLog(log)).ok).toBe(true);
  });

  it("a log replays with the world it resolved, not with today's defaults", () => {
    // played with one rule away from its default (spelled out in the scenario)
    const input = JSON.parse(JSON.stringify(scenarioInput("classroom"))) as { world: Record<string, unknown> };
    input.world.rules = { orders: { contractLeadQuarters: 4 } };
    const { log } = runGame({ scenario: input, seed: 2, quarters: 6 });
    expect(scenarioOfLog(log).world.rules.orders.contractLeadQuarters).toBe(4);
    // the scenario as played is left without it: the resolved world still replays the game
    const data = JSON.parse(JSON.stringify(log)) as { scenarioInput: { world: Record<string, unknown> } };
    delete data.scenarioInput.world.rules;
    const read = readLog(data);
    expect(scenarioOfLog(read).world.rules.orders.contractLeadQuarters).toBe(4);
    expect(replayLog(read).ok).toBe(true);
    // while the same orders under the default rule diverge
    const defaults = readLog({ ...data, resolved: { world: JSON.parse(JSON.stringify(loadScenario("classroom").world)) } });
    expect(replayLog(defaults).ok).toBe(false);
  });

  it("a malformed log is a one-line error naming the field", () => {
    const bad = fresh();
    (bad.quarters as { hash: string }[])[1]!.hash = "not-a-hash";
    expect(refusal(bad)).toMatch(/^bad game log: quarters\.1\.hash: /);
    expect(refusal({ ...fresh(), seed: -1 })).toMatch(/^bad game log: seed: /);
    expect(refusal({ ...fresh(), extra: 1 })).toMatch(/^bad game log: \(root\): .*extra/);
    expect(refusal({ format: "something-else" })).toBe("not a Compute Cycle game log");
    expect(refusal({ ...fresh(), version: LOG_VERSION + 1 })).toBe(
      `the log is format ${LOG_VERSION + 1}; this build reads formats up to ${LOG_VERSION}`,
    );
  });
});

describe("game logs: other rules are refused, naming both versions", () => {
  it("a log of format 2 or format 1 claiming other rules", () => {
    const other = RULES_VERSION + 1;
    for (const log of [
      { ...fresh(), rules: other },
      { ...rawV1(v1Logs[0]!), rules: other },
    ]) {
      const m = refusal(log);
      expect(m).toContain(`rules v${other}`);
      expect(m).toContain(`rules v${RULES_VERSION}`);
      expect(m).toBe(
        `the log was played under rules v${other} and this build plays rules v${RULES_VERSION}: replay it with the build that recorded it`,
      );
    }
  });

  it("a log that records no rules version predates recorded versions, and says so", () => {
    const { rules: _none, ...unversioned } = rawV1(v1Logs[0]!);
    expect(refusal(unversioned)).toMatch(new RegExp(`records no version.*this build plays rules v${RULES_VERSION}`));
  });
});
