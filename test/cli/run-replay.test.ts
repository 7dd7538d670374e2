import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { LOG_VERSION, RULES_VERSION } from "../../shared/index.ts";
import { sim, tempDir } from "./helpers.ts";

describe("sim run + replay", () => {
  const dir = tempDir();
  const logFile = join(dir, "game.json");
  let runOut = "";

  beforeAll(() => {
    const r = sim("run", "--scenario", "base", "--seed", "7", "--quarters", "4", "--out", logFile);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    runOut = r.stdout;
  });

  it("prints a per-quarter table with labels and units", () => {
    expect(runOut).toMatch(/Quarter\s+Tokens \$\/MTok/);
    expect(runOut).toContain("2026Q3");
    expect(runOut).toMatch(/Labs · revenue/);
    expect(runOut).toMatch(/Companies · /);
    expect(runOut).toMatch(/\$\d/);
  });

  it("writes a complete game log", () => {
    const log = JSON.parse(readFileSync(logFile, "utf8"));
    expect(log.format).toBe("compute-cycle-log");
    expect(log.version).toBe(LOG_VERSION);
    // the resolved parameters it ran with, the rules' defaults included
    expect(log.resolved.world.rules).toBeDefined();
    expect(log.seed).toBe(7);
    expect(log.scenario.id).toBe("base");
    expect(log.quarters).toHaveLength(4);
    expect(log.seats.length).toBeGreaterThan(0);
    for (const q of log.quarters) expect(q.hash).toMatch(/^[0-9a-f]+$/);
  });

  it("replay verifies every quarter's hash", () => {
    const r = sim("replay", logFile);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^OK: .*4 quarters/);
  });

  it("a tampered hash is reported at the first diverging quarter", () => {
    const log = JSON.parse(readFileSync(logFile, "utf8"));
    log.quarters[2].hash = "0000000000000000";
    const bad = join(dir, "tampered-hash.json");
    writeFileSync(bad, JSON.stringify(log));
    const r = sim("replay", bad);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/DIVERGED: .*quarter 3 \(2027Q1\)/);
    const j = sim("replay", bad, "--json");
    expect(j.code).toBe(1);
    expect(JSON.parse(j.stdout).firstDivergence.quarter).toBe(3);
  });

  it("the log records its rules version; a divergence under the same rules means an altered log, and other rules are refused", () => {
    const log = JSON.parse(readFileSync(logFile, "utf8"));
    expect(log.rules).toBe(RULES_VERSION);
    log.quarters[2].hash = "0000000000000000";
    const altered = join(dir, "altered.json");
    writeFileSync(altered, JSON.stringify(log));
    const r = sim("replay", altered);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/Why: the log was recorded under the same rules v\d+, so it was altered/);
    /** refused before replaying: exit 2, one line on stderr, nothing on stdout */
    const refused = (file: string, ...more: string[]) => {
      const x = sim("replay", file, ...more);
      expect(x.code).toBe(2);
      expect(x.stdout).toBe("");
      expect(x.stderr.trim().split("\n")).toHaveLength(1);
      return x.stderr;
    };
    log.rules = RULES_VERSION + 1; // a log from a newer build
    const newer = join(dir, "newer-rules.json");
    writeFileSync(newer, JSON.stringify(log));
    expect(refused(newer)).toContain(`the log was played under rules v${RULES_VERSION + 1} and this build plays rules v${RULES_VERSION}`);
    expect(refused(newer, "--json")).toContain(`rules v${RULES_VERSION + 1}`);
    // a log without a version predates recorded versions: refused too, saying so
    const same = JSON.parse(readFileSync(logFile, "utf8"));
    same.rules = undefined;
    const unversioned = join(dir, "unversioned.json");
    writeFileSync(unversioned, JSON.stringify(same));
    expect(refused(unversioned)).toMatch(new RegExp(`records no version.*this build plays rules v${RULES_VERSION}`));
    // a rules field that is not a version is refused as well
    writeFileSync(unversioned, JSON.stringify({ ...same, rules: "new" }));
    expect(refused(unversioned)).toContain(`this build plays rules v${RULES_VERSION}`);
  });

  it("a tampered seed diverges at quarter 1", () => {
    const log = JSON.parse(readFileSync(logFile, "utf8"));
    log.seed = 8;
    const bad = join(dir, "tampered-seed.json");
    writeFileSync(bad, JSON.stringify(log));
    const r = sim("replay", bad, "--json");
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).firstDivergence.quarter).toBe(1);
  });

  it("tampered orders diverge at their quarter", () => {
    const log = JSON.parse(readFileSync(logFile, "utf8"));
    // drop every order of quarter 2: the bots' decisions no longer apply
    for (const seat of Object.keys(log.quarters[1].ordersBySeat)) log.quarters[1].ordersBySeat[seat] = [];
    const bad = join(dir, "tampered-orders.json");
    writeFileSync(bad, JSON.stringify(log));
    const r = sim("replay", bad, "--json");
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).firstDivergence.quarter).toBe(2);
  });

  it("a malformed file is a clear error with a non-zero exit", () => {
    const notJson = join(dir, "broken.json");
    writeFileSync(notJson, "{ not json");
    let r = sim("replay", notJson);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/not valid JSON/);
    const wrong = join(dir, "wrong.json");
    writeFileSync(wrong, JSON.stringify({ format: "something-else" }));
    r = sim("replay", wrong);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/not a Compute Cycle game log/);
    r = sim("replay", join(dir, "missing.json"));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no such file/);
  });

  it("the same seed gives the same log; --shock is recorded and replays", () => {
    const a = join(dir, "a.json");
    const b = join(dir, "b.json");
    expect(sim("run", "--scenario", "base", "--seed", "7", "--quarters", "4", "--out", a, "--shock", "wafer-shortage@2").code).toBe(0);
    expect(sim("run", "--scenario", "base", "--seed", "7", "--quarters", "4", "--out", b, "--shock", "wafer-shortage@2").code).toBe(0);
    expect(readFileSync(a, "utf8")).toBe(readFileSync(b, "utf8"));
    const log = JSON.parse(readFileSync(a, "utf8"));
    expect(log.injected).toEqual([expect.objectContaining({ shock: "wafer-shortage", quarter: 2 })]);
    expect(sim("replay", a).code).toBe(0);
  });
});
