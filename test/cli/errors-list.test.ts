import { spawnSync } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { listParams, parseScenario, SCENARIO_IDS, SHOCK_CATALOGUE, scenarioInput } from "../../shared/index.ts";
import { ROOT, SIM, sim, tempDir } from "./helpers.ts";

describe("sim list", () => {
  it("--json lists the scenarios, the shock catalogue and the metric ids", () => {
    const r = sim("list", "--json");
    expect(r.code).toBe(0);
    const data = JSON.parse(r.stdout);
    expect(data.scenarios.map((s: { id: string }) => s.id)).toEqual([...SCENARIO_IDS]);
    for (const id of ["base", "wafer-crunch", "model-ban", "capex-winter", "jevons-boom", "bubble", "classroom"]) {
      expect(SCENARIO_IDS).toContain(id);
    }
    for (const s of data.scenarios) {
      expect(typeof s.title).toBe("string");
      expect(s.quarters).toBeGreaterThan(0);
      expect(s.seats).toBeGreaterThan(0);
    }
    for (const s of data.scenarios) expect(s.quarters).toBe(parseScenario(scenarioInput(s.id)).quarters);
    const shockIds = data.shocks.map((s: { id: string }) => s.id);
    for (const s of SHOCK_CATALOGUE) expect(shockIds).toContain(s.id);
    for (const s of data.shocks) {
      expect(typeof s.title).toBe("string");
      expect(s.params).toHaveProperty("duration");
      expect(s.effects.length).toBeGreaterThan(0);
    }
    const metricIds = data.metrics.map((m: { id: string }) => m.id);
    for (const id of [
      "tokenPriceIndex",
      "fixedCapabilityPrice",
      "gpuHourPrice",
      "totalTokens",
      "aiCapex",
      "waferUtilization",
      "gpuUtilization",
      "shadowOutput",
    ]) {
      expect(metricIds).toContain(id);
    }
    expect(metricIds.some((id: string) => /^actor\.[a-z0-9-]+\.tokensServed$/.test(id))).toBe(true);
    expect(data.metrics.find((m: { id: string }) => m.id === "gpuUtilization").unit).toBe("fraction");
    expect(data.metrics.find((m: { id: string }) => m.id === "tokenPriceIndex").unit).toBe("$/MTok");
  });

  it("--params lists every parameter with its path, unit, default, domain, plausible range and source", () => {
    const r = sim("list", "--params", "--json");
    expect(r.code, r.stderr).toBe(0);
    const data = JSON.parse(r.stdout);
    expect(data.scenario).toBe("base");
    expect(data.params.map((p: { path: string }) => p.path)).toEqual(listParams().map((p) => p.path));
    const rate = data.params.find((p: { path: string }) => p.path === "world.capital.rate");
    expect(rate.default).toBeNull(); // every scenario sets it
    expect(rate.value).toBe(parseScenario(scenarioInput("base")).world.capital.rate);
    const rule = data.params.find((p: { path: string }) => p.path === "world.rules.tokens.costDispersion");
    expect(rule.default).toBeTypeOf("number");
    expect(rule.value).toBe(rule.default);
    for (const p of data.params) {
      expect(p.unit, p.path).toBeTypeOf("string");
      expect(p.source, p.path).toBeTruthy();
      expect(["number", "numbers", "enum", "boolean"]).toContain(p.domain.kind);
      if (p.domain.kind === "number") expect(p.plausible, p.path).toHaveLength(2);
    }
    const text = sim("list", "--params", "--scenario", "classroom");
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^world\.capital\.rate\s+fraction\/year\s+per scenario \(classroom: [0-9.]+\)/m);
    expect(text.stdout).toMatch(/^world\.rules\.tokens\.costDispersion\s/m);
    // every listed path is one --set takes
    expect(sim("run", "--scenario", "classroom", "--quarters", "1", "--set", "world.rules.tokens.costDispersion=0.3").code).toBe(0);
  });

  it("stops quietly when its reader closes the pipe early (| head)", () => {
    // a shell pipe into `head -1`: head exits after one line, and sim's next write hits EPIPE
    const r = spawnSync("bash", ["-c", `"${process.execPath}" "${SIM}" list --params | head -1 > /dev/null; echo "\${PIPESTATUS[0]}"`], {
      cwd: ROOT,
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(r.stderr).toBe("");
    expect(r.stdout.trim()).toBe("0");
  });

  it("prints readable tables", () => {
    const r = sim("list");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Scenarios/);
    expect(r.stdout).toMatch(/^base\s/m);
    expect(r.stdout).toMatch(/^Shock catalogue/m);
    expect(r.stdout).toMatch(/^wafer-shortage\s/m);
    expect(r.stdout).toMatch(/^tokenPriceIndex\s/m);
  });
});

describe("bad input: a clear one-line error naming the problem, a non-zero exit, nothing written", () => {
  const dir = tempDir();
  const cases: [string, string[], RegExp][] = [
    ["unknown --set path", ["--set", "world.nosuchField=1"], /nosuchField/],
    ["unknown --set path root", ["--set", "nosuch.path=1"], /nosuch/],
    ["--set index out of range", ["--set", "actors.99.name=x"], /actors\.99|index 99/],
    ["--set without =", ["--set", "world.capital.rate"], /world\.capital\.rate.*<path>=<value>/],
    ["--set value failing the schema", ["--set", "world.capital.rate=-5"], /world\.capital\.rate/],
    ["--set value of the wrong type", ["--set", "world.foundry.discipline=maybe"], /world\.foundry\.discipline/],
    ["--set quarters beyond the schema", ["--set", "quarters=1000"], /quarters/],
    // a field in a list is named as --set takes it: by the element's id
    [
      "--set a model's field outside its domain",
      ["--set", "actors.helix.models.helix-5.released=1"],
      /invalid scenario "base": actors\.helix\.models\.helix-5\.released: /,
    ],
    // so is a field the cross-checks refuse
    [
      "--set a lab's split not summing to 1",
      ["--set", "actors.meridian.split.serving=0.9"],
      /actors\.meridian\.split: shares must sum to 1/,
    ],
    // an id two elements share names neither: the element goes by its index
    [
      "--set a lab's id to another's",
      ["--set", "actors.1.id=meridian", "--set", "actors.1.split.serving=0.9"],
      /actors\.1\.id: duplicate actor id "meridian"; actors\.1\.split: shares must sum to 1/,
    ],
    [
      "a field out of its domain in a lab whose id another has",
      ["--set", "actors.1.id=meridian", "--set", "actors.1.split.serving=5"],
      /invalid scenario "base": actors\.1\.split\.serving: Too big/,
    ],
    [
      "--set a route to a model nobody has",
      ["--set", 'actors.ledgerline.routing.routine={"policy":"named","model":"nope"}'],
      /actors\.ledgerline\.routing\.routine\.model: unknown model "nope"/,
    ],
    ["unknown shock id", ["--shock", "no-such-shock@2"], /unknown shock "no-such-shock"/],
    ["shock quarter 0", ["--shock", "wafer-shortage@0"], /quarter 0 is outside/],
    ["shock quarter after the end", ["--shock", "wafer-shortage@99"], /quarter 99 is outside/],
    ["shock quarter not a number", ["--shock", "wafer-shortage@soon"], /"soon" is not a whole number/],
    ["shock without @", ["--shock", "wafer-shortage"], /expected <id>@<quarter>/],
    ["shock with an unknown parameter", ["--shock", "wafer-shortage@2:bogus=1"], /no parameter "bogus"/],
    [
      "shock parameter that changes what the shock is",
      ["--shock", "wafer-shortage@2:effects.0.kind=memoryCapacity"],
      /no parameter "effects\.0\.kind"/,
    ],
    ["shock parameter out of range", ["--shock", "wafer-shortage@2:effects.0.multiplier=99"], /wafer-shortage@2.*effects\.0\.multiplier/],
    [
      "a random shock that would hit nobody (no lab left with open weights)",
      ["--set", "actors.tessera.models.tessera-v4.openWeights=false", "--set", "actors.tessera.models.tessera-lite.openWeights=false"],
      /randomShocks\.\d+ \(efficiency-shock\)\.effects\.0\.target: "open-labs" names no company here \(it needs a lab with an open-weights model in business\)/,
    ],
    [
      "an injected shock that would hit nobody",
      [
        "--set",
        "randomShocks=[]",
        "--set",
        "actors.tessera.models.tessera-v4.openWeights=false",
        "--set",
        "actors.tessera.models.tessera-lite.openWeights=false",
        "--shock",
        "efficiency-shock@2",
      ],
      /--shock efficiency-shock@2: efficiency-shock\.effects\.0\.target: "open-labs" names no company here/,
    ],
    ["--quarters too many", ["--quarters", "500"], /--quarters 500/],
    ["--quarters not a number", ["--quarters", "abc"], /--quarters abc/],
  ];

  for (const [name, extra, pattern] of cases) {
    it(`run: ${name}`, () => {
      const out = join(dir, `${name.replace(/\W+/g, "-")}.json`);
      const r = sim("run", "--scenario", "base", "--seed", "1", "--out", out, ...extra);
      expect(r.code).not.toBe(0);
      expect(r.stdout).toBe("");
      expect(r.stderr).toMatch(/^sim: error: /);
      expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
      expect(r.stderr).toMatch(pattern);
      expect(existsSync(out)).toBe(false);
    });
  }

  it("batch: a bad --set writes nothing", () => {
    const out = join(dir, "batch-bad");
    const r = sim("batch", "--scenario", "base", "--runs", "2", "--out", out, "--set", "world.capital.rate=oops");
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/world\.capital\.rate/);
    expect(existsSync(out)).toBe(false);
  });

  it("batch: a bad shock writes nothing", () => {
    const out = join(dir, "batch-bad-shock");
    const r = sim("batch", "--scenario", "base", "--runs", "2", "--out", out, "--shock", "nope@1");
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/unknown shock "nope"/);
    expect(existsSync(out)).toBe(false);
  });

  it("an unknown scenario id lists the built-in ones", () => {
    const r = sim("run", "--scenario", "bsae");
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown scenario "bsae".*base/);
  });

  it("a typo'd field in a scenario file is named", () => {
    const input = structuredClone(scenarioInput("base")) as Record<string, unknown>;
    const world = input.world as Record<string, Record<string, unknown>>;
    const foundry = world.foundry as Record<string, unknown>;
    foundry.capacityWafer = foundry.capacityWafers;
    delete foundry.capacityWafers;
    const file = join(dir, "typo.json");
    writeFileSync(file, JSON.stringify(input));
    const r = sim("run", "--scenario", file, "--seed", "1");
    expect(r.code).toBe(2);
    expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(/world\.foundry.*capacityWafer/);
    expect(r.stderr).toContain(file);
  });

  it("a scenario file that is not JSON is named", () => {
    const file = join(dir, "broken.json");
    writeFileSync(file, "{ nope");
    const r = sim("run", "--scenario", file);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/broken\.json is not valid JSON/);
  });

  it("an edited scenario file runs", () => {
    const input = structuredClone(scenarioInput("base")) as Record<string, unknown>;
    input.quarters = 2;
    const file = join(dir, "short.json");
    writeFileSync(file, JSON.stringify(input));
    const r = sim("run", "--scenario", file, "--seed", "3");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("2026Q4");
    expect(r.stdout).not.toContain("2027Q1");
  });
});
