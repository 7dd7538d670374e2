/**
 * The analyst's workbench against small real batches: failed runs recorded, input
 * distributions drawn per run, manifests, sweeps, tornados, forks, and bad input.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { parseParamChoice, plausibleRange } from "../../server/cli/params.ts";
import { listParams, loadScenario, RULES_VERSION } from "../../shared/index.ts";
import { sim, tempDir } from "./helpers.ts";

const dir = tempDir("cc-workbench-");
const json = (...p: string[]) => JSON.parse(readFileSync(join(...p), "utf8"));
const oneLineError = (r: { code: number; stderr: string }, re: RegExp) => {
  expect(r.code).toBe(2);
  const lines = r.stderr.trimEnd().split("\n");
  expect(lines, r.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(/^sim: error: /);
  expect(lines[0]).toMatch(re);
};

describe("batches survive a bad run (issue 22 item 6)", () => {
  // Engine v2's money cannot overflow, so a run fails here the way an analyst's batch can: an
  // unbounded input distribution draws a value the model refuses. catchUp ~ normal(0.5, 0.5)
  // draws inside [0, 1] for seed 7 and outside it for seeds 8 and 9.
  const crash = ["--scenario", "classroom", "--dist", "world.params.catchUp=normal(0.5,0.5)", "--no-progress"];
  it("records the run that throws, writes the others, exits 0", () => {
    const out = join(dir, "crash");
    const r = sim("batch", ...crash, "--seed", "7", "--runs", "2", "--out", out);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/1 of 2 runs failed/);
    const s = json(out, "summary.json");
    expect(s.completed).toBe(1);
    expect(s.failures).toHaveLength(1);
    expect(s.failures[0].seed).toBe(8);
    expect(s.failures[0].message).toMatch(/world\.params\.catchUp/);
    expect(s.quarters).toHaveLength(8);
    const rows = readFileSync(join(out, "wide.csv"), "utf8").trimEnd().split("\n");
    expect(rows).toHaveLength(1 + 8);
    expect(rows[1]!.startsWith("1,7,")).toBe(true);
  });
  it("exits 1 with --strict, or when every run fails", () => {
    expect(sim("batch", ...crash, "--seed", "7", "--runs", "2", "--strict", "--out", join(dir, "crash-strict")).code).toBe(1);
    const all = sim("batch", ...crash, "--seed", "8", "--runs", "2", "--out", join(dir, "crash-all"));
    expect(all.code).toBe(1);
    expect(all.stderr).toMatch(/every run failed/);
    expect(json(dir, "crash-all", "summary.json").failures).toHaveLength(2);
  });
});

describe("input distributions and the manifest", () => {
  const out = join(dir, "inputs");
  const args = ["--scenario", "classroom", "--quarters", "3", "--runs", "6", "--seed", "7", "--no-progress"];
  it("draws each run's inputs from its seed, writes them beside the results, and replays a run from scenario.json", () => {
    const r = sim(
      "batch",
      ...args,
      "--dist",
      "world.params.switchingStickiness=uniform(0.2,0.9)",
      "--dist",
      "world.capital.rate=triangular(0.01,0.04,0.08)",
      "--correlate",
      "world.params.switchingStickiness,world.capital.rate=0.5",
      "--out",
      out,
    );
    expect(r.code, r.stderr).toBe(0);
    const rows = readFileSync(join(out, "inputs.csv"), "utf8").trimEnd().split("\n");
    expect(rows[0]).toBe("run,seed,world.capital.rate,world.params.switchingStickiness");
    expect(rows).toHaveLength(7);
    const vals = rows.slice(1).map((l) => l.split(",").map(Number));
    for (const v of vals) {
      expect(v[2]).toBeGreaterThanOrEqual(0.01);
      expect(v[2]).toBeLessThanOrEqual(0.08);
      expect(v[3]).toBeGreaterThanOrEqual(0.2);
      expect(v[3]).toBeLessThanOrEqual(0.9);
    }
    expect(new Set(vals.map((v) => v[3])).size).toBe(6);
    const sc = json(out, "scenario.json");
    expect(Object.keys(sc.inputs.distributions).sort()).toEqual(["world.capital.rate", "world.params.switchingStickiness"]);
    // the same inputs from the scenario file's own inputs section: the same bytes
    const again = join(dir, "inputs-again");
    expect(sim("batch", "--scenario", join(out, "scenario.json"), ...args.slice(2), "--out", again).code).toBe(0);
    for (const f of ["inputs.csv", "wide.csv", "runs.csv.gz"])
      expect(readFileSync(join(again, f)).equals(readFileSync(join(out, f))), f).toBe(true);
    // run 3 (seed 9) replayed alone by `sim run`, which draws the same inputs from the seed
    const one = sim("run", "--scenario", join(out, "scenario.json"), "--seed", "9", "--quarters", "3", "--json");
    expect(one.code, one.stderr).toBe(0);
    const history = JSON.parse(one.stdout).history;
    const wide = readFileSync(join(out, "wide.csv"), "utf8").trimEnd().split("\n");
    const cols = wide[0]!.split(",");
    const row = wide.find((l) => l.startsWith("3,9,2027Q1,"))!.split(",");
    for (const m of ["totalTokens", "gpuHourPrice", "aiCapex", "shadowOutput"]) expect(Number(row[cols.indexOf(m)]), m).toBe(history[2][m]);
    // the drawn inputs matter: the same seed without them plays another game
    const { inputs: _drop, ...bare } = sc;
    writeFileSync(join(dir, "bare.json"), JSON.stringify(bare));
    const plain = JSON.parse(sim("run", "--scenario", join(dir, "bare.json"), "--seed", "9", "--quarters", "3", "--json").stdout).history;
    expect(plain[2].shadowOutput).not.toBe(history[2].shadowOutput);
  });
  it("writes a manifest that can reproduce the folder", () => {
    const m = json(out, "manifest.json");
    expect(m.format).toBe("compute-cycle-manifest");
    expect(m.rules).toBe(RULES_VERSION);
    expect(m.commit === null || /^[0-9a-f]{40}$/.test(m.commit)).toBe(true);
    expect(m.build).toMatch(/^[0-9a-f]{16}$/);
    expect(m.scenario.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(m.command).toContain("batch");
    expect(m.runs).toBe(6);
    expect(m.parameters["world.params.switchingStickiness"]).toBeTypeOf("number");
    expect(m.parameters["actors.meridian.books.cash"]).toBeTypeOf("number");
    // the rules too, at the values the runs played (their defaults here)
    expect(m.parameters["world.rules.tokens.costDispersion"]).toBeTypeOf("number");
    expect(m.inputs.correlations).toHaveLength(1);
  });
  it("refuses a distribution the scenario cannot take", () => {
    oneLineError(
      sim("batch", ...args, "--dist", "world.params.catchUp=uniform(0.5,1.5)", "--out", join(dir, "x")),
      /world\.params\.catchUp=1\.5/,
    );
    oneLineError(sim("batch", ...args, "--dist", "world.params.nope=uniform(0,1)", "--out", join(dir, "x")), /world\.params\.nope/);
    oneLineError(sim("batch", ...args, "--dist", "world.params.catchUp=uniform(0.5,0.1)", "--out", join(dir, "x")), /must not exceed/);
  });
});

describe("sweep", () => {
  it("its points move the way the parameter moves the model, on paired seeds", () => {
    const out = join(dir, "sweep");
    const r = sim(
      "sweep",
      "--scenario",
      "classroom",
      "--quarters",
      "3",
      "--vary",
      "world.foundry.capacityWafers=5000..50000:3",
      "--runs",
      "3",
      "--metric",
      "aiCapex@2",
      "--metric",
      "actor.meridian.cash",
      "--out",
      out,
      "--no-progress",
    );
    expect(r.code, r.stderr).toBe(0);
    const s = json(out, "sweep.json");
    expect(s.points).toHaveLength(3);
    const capex = s.points.map((p: { metrics: Record<string, { p50: number }> }) => p.metrics["aiCapex@2"]!.p50);
    // more leading-node wafers → more accelerators bought → more AI capex
    expect(capex[1]).toBeGreaterThan(capex[0]);
    expect(capex[2]).toBeGreaterThan(capex[1]);
    for (const p of ["point-001", "point-002", "point-003"]) {
      expect(existsSync(join(out, p, "manifest.json"))).toBe(true);
      expect(json(out, p, "summary.json").seed).toBe(1);
    }
    expect(readFileSync(join(out, "points.csv"), "utf8").split("\n")[0]).toBe(
      "point,world.foundry.capacityWafers,metric,quarter,p10,p50,p90,mean,completed,failures",
    );
    const lhs = sim(
      "sweep",
      "--scenario",
      "classroom",
      "--quarters",
      "2",
      "--vary",
      "world.params.catchUp=0..0.5",
      "--vary",
      "world.capital.rate=0.01..0.08",
      "--design",
      "lhs",
      "--points",
      "4",
      "--runs",
      "1",
      "--out",
      join(dir, "lhs"),
      "--no-progress",
    );
    expect(lhs.code, lhs.stderr).toBe(0);
    expect(json(dir, "lhs", "sweep.json").points).toHaveLength(4);
  });
  it("bad ranges and metrics are one-line errors", () => {
    const base = ["sweep", "--scenario", "classroom", "--runs", "1", "--out", join(dir, "bad")];
    oneLineError(sim(...base, "--vary", "world.params.nope=0..1"), /no scenario field "world\.params\.nope"/);
    oneLineError(sim(...base, "--vary", "world.params.catchUp=0.3..0.3"), /empty range/);
    oneLineError(sim(...base, "--vary", "world.params.catchUp=0..1", "--metric", "totalTokens@99"), /quarter 99 is outside the game/);
    oneLineError(sim(...base, "--vary", "world.params.catchUp=0..1", "--metric", "nonsense"), /unknown metric/);
  });
});

describe("sensitivity", () => {
  it("ranks a parameter the metric does not depend on last", () => {
    const out = join(dir, "tornado");
    const r = sim(
      "sensitivity",
      "--scenario",
      "classroom",
      "--metric",
      "totalTokens@6",
      "--params",
      // debt's term changes no company's tokens by quarter 6: its swing is 0
      "world.capital.debtTermYears=0..10,world.params.economicLifeYears=2..10,world.params.demandGrowthHigh",
      "--runs",
      "4",
      "--out",
      out,
      "--no-progress",
    );
    expect(r.code, r.stderr).toBe(0);
    const t = json(out, "tornado.json");
    expect(t.bars[2].path).toBe("world.capital.debtTermYears");
    expect(t.bars[2].swing).toBe(0);
    for (const b of t.bars.slice(0, 2)) {
      expect(Math.abs(b.swing), b.path).toBeGreaterThan(0);
      expect(b.interval.lo).toBeLessThanOrEqual(b.swing);
      expect(b.interval.hi).toBeGreaterThanOrEqual(b.swing);
    }
    // a path without a range takes its plausible range from the engine's declaration
    const growth = t.bars.find((b: { path: string }) => b.path === "world.params.demandGrowthHigh");
    const declared = listParams().find((p) => p.path === "world.params.demandGrowthHigh")!.plausible!;
    expect([growth.low, growth.high]).toEqual([...declared]);
    expect(readFileSync(join(out, "tornado.csv"), "utf8")).toMatch(/^rank,path,low,high/);
    oneLineError(
      sim(
        "sensitivity",
        "--scenario",
        "classroom",
        "--metric",
        "aiCapex",
        "--params",
        "world.params.catchUp=1..0",
        "--runs",
        "1",
        "--out",
        join(dir, "t2"),
      ),
      /empty range/,
    );
  });
});

describe("sensitivity --params all", () => {
  it("varies every number parameter the engine declares over its plausible range, and says which it leaves out", () => {
    const out = join(dir, "tornado-all");
    const r = sim(
      "sensitivity",
      "--scenario",
      "classroom",
      "--quarters",
      "2",
      "--metric",
      "totalTokens",
      "--runs",
      "1",
      "--out",
      out,
      "--no-progress",
    );
    expect(r.code, r.stderr).toBe(0);
    const t = json(out, "tornado.json");
    const numbers = listParams().filter((p) => p.domain.kind === "number");
    const varied = new Set(t.bars.map((b: { path: string }) => b.path));
    const skipped = new Set(t.skipped.map((x: { path: string }) => x.path));
    // every number parameter is varied or named as left out (a plausible range of no width)
    for (const p of numbers) expect(varied.has(p.path) || skipped.has(p.path), p.path).toBe(true);
    expect(varied.size).toBeGreaterThan(150);
    for (const x of t.skipped) expect(x.why).toMatch(/no width/);
    // the world's required parameters too, each over its declared plausible range
    for (const path of ["world.capital.rate", "world.params.catchUp", "world.rules.tokens.costDispersion"]) {
      const b = t.bars.find((x: { path: string }) => x.path === path);
      const declared = numbers.find((p) => p.path === path)!.plausible!;
      expect([b.low, b.high], path).toEqual([...declared]);
    }
    // whole numbers stay whole
    const lead = t.bars.find((x: { path: string }) => x.path === "world.foundry.leadQuarters");
    expect(Number.isInteger(lead.low) && Number.isInteger(lead.high)).toBe(true);
    expect(t.failures).toBe(0);
    // the left-out list is printed exactly when something was left out
    expect(/Left out \(no plausible range to vary\)/.test(r.stdout)).toBe(t.skipped.length > 0);
  });
  it("takes a group, `world.capital.*`, as every number parameter declared under it", () => {
    const base = loadScenario("base");
    const group = listParams().filter((p) => p.path.startsWith("world.capital.") && p.domain.kind === "number");
    const choice = parseParamChoice("world.capital.*,world.params.catchUp", base);
    expect([...choice.params.map((p) => p.path), ...choice.skipped.map((x) => x.path)].sort()).toEqual(
      [...group.map((p) => p.path), "world.params.catchUp"].sort(),
    );
    expect(choice.params.length).toBeGreaterThan(3);
    expect(() => parseParamChoice("world.nothing.*", base)).toThrow(
      /--params world\.nothing\.\*: no number parameter is declared under world\.nothing/,
    );
  });
  it("leaves out a parameter whose plausible range has no width, and says why", () => {
    const base = loadScenario("base");
    const info = listParams().find((p) => p.path === "world.rules.tokens.costDispersion")!;
    const r = plausibleRange({ ...info, plausible: [0.25, 0.25] }, base);
    expect(r).toEqual({ path: info.path, why: "no width (plausible 0.25..0.25)" });
    expect(plausibleRange(info, base)).toMatchObject({ path: info.path, low: info.plausible![0], high: info.plausible![1] });
  });
});

describe("fork", () => {
  const log = join(dir, "game.json");
  it("from quarter 0 with --redraw equals a batch of the same seeds", () => {
    expect(sim("run", "--scenario", "classroom", "--seed", "5", "--out", log).code).toBe(0);
    const f = join(dir, "fork0");
    const b = join(dir, "batch0");
    const rf = sim("fork", log, "--from", "0", "--runs", "4", "--seed", "11", "--redraw", "--out", f, "--no-progress");
    expect(rf.code, rf.stderr).toBe(0);
    expect(sim("batch", "--scenario", "classroom", "--runs", "4", "--seed", "11", "--out", b, "--no-progress").code).toBe(0);
    for (const file of ["runs.csv.gz", "wide.csv"])
      expect(readFileSync(join(f, file)).equals(readFileSync(join(b, file))), file).toBe(true);
    expect(json(f, "summary.json").metrics).toEqual(json(b, "summary.json").metrics);
    expect(json(f, "summary.json").fork.from).toBe(0);
  });
  it("keeps the game's first quarters and fans out after them", () => {
    const f = join(dir, "fork4");
    const r = sim(
      "fork",
      log,
      "--from",
      "4",
      "--runs",
      "5",
      "--orders",
      "standing",
      "--shock",
      "wafer-shortage@6",
      "--out",
      f,
      "--no-progress",
    );
    expect(r.code, r.stderr).toBe(0);
    const s = json(f, "summary.json");
    expect(s.quarters).toHaveLength(8);
    // the first four quarters are the logged game's, the same in every continuation
    for (let q = 0; q < 4; q++) expect(s.metrics.totalTokens.p10[q]).toBe(s.metrics.totalTokens.p90[q]);
    const played = JSON.parse(sim("run", "--scenario", "classroom", "--seed", "5", "--json", "--quarters", "4").stdout).history;
    expect(s.metrics.totalTokens.p50[3]).toBe(played[3].totalTokens);
    expect(
      gunzipSync(readFileSync(join(f, "runs.csv.gz")))
        .toString()
        .split("\n")[0],
    ).toBe("run,seed,quarter,metric,value");
    // compare and report read a fork folder like a batch
    expect(sim("compare", join(dir, "fork0"), f, "--metric", "totalTokens").code).toBe(0);
  });
  it("--set changes the world from the fork's quarter: from 0 with --redraw it is the batch with --set", () => {
    const set = ["--set", "world.rules.tokens.costDispersion=0.3"];
    const f = join(dir, "fork0-set");
    const b = join(dir, "batch0-set");
    expect(sim("fork", log, "--from", "0", "--runs", "3", "--seed", "11", "--redraw", ...set, "--out", f, "--no-progress").code).toBe(0);
    expect(sim("batch", "--scenario", "classroom", "--runs", "3", "--seed", "11", ...set, "--out", b, "--no-progress").code).toBe(0);
    for (const file of ["runs.csv.gz", "wide.csv"])
      expect(readFileSync(join(f, file)).equals(readFileSync(join(b, file))), file).toBe(true);
    // from quarter 3: the logged quarters kept, the continuations changed after them
    const plain = join(dir, "fork3");
    const changed = join(dir, "fork3-set");
    expect(sim("fork", log, "--from", "3", "--runs", "3", "--out", plain, "--no-progress").code).toBe(0);
    expect(sim("fork", log, "--from", "3", "--runs", "3", ...set, "--out", changed, "--no-progress").code).toBe(0);
    const p = json(plain, "summary.json").metrics.totalTokens;
    const c = json(changed, "summary.json").metrics.totalTokens;
    expect(c.p50.slice(0, 3)).toEqual(p.p50.slice(0, 3));
    expect(c.p50.slice(3)).not.toEqual(p.p50.slice(3));
    expect(json(changed, "manifest.json").parameters["world.rules.tokens.costDispersion"]).toBe(0.3);
  });
  it("bad input is one line and exit 2", () => {
    const f9 = ["--runs", "2", "--out", join(dir, "f9")];
    oneLineError(
      sim("fork", log, "--from", "3", "--set", "world.capital.rate=0.05", ...f9),
      /world\.capital\.rate: read only when a game is created/,
    );
    oneLineError(sim("fork", log, "--from", "3", "--set", "world.params.demandGrowthHigh=0.1", ...f9), /add --redraw/);
    oneLineError(sim("fork", log, "--from", "3", "--set", "quarters=6", ...f9), /a fork changes only the world's parameters/);
    oneLineError(sim("fork", log, "--from", "3", "--set", "world.rules.tokens.nope=1", ...f9), /no such parameter/);
    oneLineError(sim("fork", log, "--from", "9", "--runs", "2", "--out", join(dir, "f9")), /--from 9: outside the game/);
    oneLineError(
      sim("fork", log, "--from", "4", "--runs", "2", "--shock", "wafer-shortage@3", "--out", join(dir, "f9")),
      /not after the fork/,
    );
    const other = join(dir, "other-rules.json");
    writeFileSync(other, JSON.stringify({ ...JSON.parse(readFileSync(log, "utf8")), rules: RULES_VERSION + 1 }));
    oneLineError(
      sim("fork", other, "--from", "2", "--runs", "2", "--out", join(dir, "f9")),
      /played under rules v\d+ and this build plays rules v\d+/,
    );
    oneLineError(sim("fork", join(dir, "missing.json"), "--from", "2", "--runs", "2", "--out", join(dir, "f9")), /no such file/);
  });
});

describe("Ctrl-C", () => {
  it("leaves the runs that finished written, and says so", async () => {
    const { spawn } = await import("node:child_process");
    const { SIM } = await import("./helpers.ts");
    const out = join(dir, "interrupted");
    const child = spawn(process.execPath, [SIM, "batch", "--scenario", "base", "--runs", "2000", "--workers", "1", "--out", out], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let err = "";
    let sent = "";
    child.stderr.on("data", (d) => {
      err += String(d);
      // the first progress line past 0 runs: some have finished
      if (!sent && /batch base: [1-9]\d*\/2000 runs/.test(err) && child.exitCode === null) {
        sent = `sent after: ${JSON.stringify(err)}`;
        child.kill("SIGINT");
      }
    });
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
      child.once("exit", (c, s) => resolve([c, s])),
    );
    expect(code, `${signal} ${sent} / ${err}`).toBe(130);
    expect(err).toMatch(/interrupted: writing the runs that finished/);
    const s = json(out, "summary.json");
    expect(s.interrupted).toBe(true);
    expect(s.completed).toBeGreaterThan(0);
    expect(s.completed).toBeLessThan(2000);
    const rows = readFileSync(join(out, "wide.csv"), "utf8").trimEnd().split("\n");
    expect(rows.length - 1).toBe(s.completed * s.quarters.length);
    const long = gunzipSync(readFileSync(join(out, "runs.csv.gz")))
      .toString()
      .trimEnd()
      .split("\n");
    expect(long.length - 1).toBe(s.completed * s.quarters.length * Object.keys(s.metrics).length);
  }, 120_000);
});
