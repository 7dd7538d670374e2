import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { quantile } from "../../server/cli/batch-core.ts";
import { sim, tempDir } from "./helpers.ts";

const RUNS = 5;
const QUARTERS = 3;

describe("sim batch", () => {
  const dir = tempDir();
  const one = join(dir, "w1");
  const two = join(dir, "w2");
  const hot = join(dir, "hot");

  beforeAll(() => {
    const common = ["--scenario", "base", "--runs", String(RUNS), "--seed", "40", "--quarters", String(QUARTERS)];
    const a = sim("batch", ...common, "--out", one, "--workers", "1");
    expect(a.stderr).toMatch(/batch base: 5\/5 runs/);
    expect(a.code).toBe(0);
    const b = sim("batch", ...common, "--out", two, "--workers", "2");
    expect(b.code).toBe(0);
    const c = sim("batch", ...common, "--out", hot, "--workers", "2", "--shock", "wafer-shortage@1", "--no-progress");
    expect(c.code).toBe(0);
    expect(c.stderr).toBe("");
  });

  it("writes summary.json in the documented shape", () => {
    const s = JSON.parse(readFileSync(join(one, "summary.json"), "utf8"));
    for (const k of ["scenario", "runs", "seed", "quarters", "actors", "metrics"]) expect(s).toHaveProperty(k);
    expect(s.scenario).toBe("base");
    expect(s.runs).toBe(RUNS);
    expect(s.seed).toBe(40);
    expect(s.quarters).toEqual(["2026Q3", "2026Q4", "2027Q1"]);
    expect(s.actors.length).toBeGreaterThan(0);
    for (const a of s.actors) expect(Object.keys(a).sort()).toEqual(["id", "name", "role"]);
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
      expect(s.metrics).toHaveProperty(id);
    }
    const lab = s.actors.find((a: { role: string }) => a.role === "lab");
    for (const leaf of ["revenue", "grossMargin", "cash", "fcf", "valuation", "tokensServed"])
      expect(s.metrics).toHaveProperty(`actor.${lab.id}.${leaf}`);
    for (const [id, band] of Object.entries<Record<string, unknown[]>>(s.metrics)) {
      expect(Object.keys(band).sort(), id).toEqual(["mean", "p10", "p50", "p90"]);
      for (const xs of Object.values(band)) expect(xs).toHaveLength(QUARTERS);
    }
    const t = s.metrics.tokenPriceIndex;
    for (let q = 0; q < QUARTERS; q++) {
      expect(t.p10[q]).toBeLessThanOrEqual(t.p50[q]);
      expect(t.p50[q]).toBeLessThanOrEqual(t.p90[q]);
    }
    const ext = s.finalExtremes.totalTokens;
    expect(ext.min.value).toBeLessThanOrEqual(s.metrics.totalTokens.p10[QUARTERS - 1]);
    expect(ext.max.value).toBeGreaterThanOrEqual(s.metrics.totalTokens.p90[QUARTERS - 1]);
    expect(ext.max.seed).toBe(40 + ext.max.run - 1);
    const u = s.metrics.gpuUtilization.p50;
    for (const x of u) expect(x === null || (x >= 0 && x <= 1)).toBe(true);
  });

  it("writes runs.csv with one row per run, quarter and metric", () => {
    const s = JSON.parse(readFileSync(join(one, "summary.json"), "utf8"));
    const lines = readFileSync(join(one, "runs.csv"), "utf8").trimEnd().split("\n");
    expect(lines[0]).toBe("run,seed,quarter,metric,value");
    const metrics = Object.keys(s.metrics).length;
    expect(lines.length - 1).toBe(RUNS * QUARTERS * metrics);
    const first = lines[1]?.split(",") ?? [];
    expect(first[0]).toBe("1");
    expect(first[1]).toBe("40");
    expect(first[2]).toBe("2026Q3");
    const last = lines[lines.length - 1]?.split(",") ?? [];
    expect(last[0]).toBe(String(RUNS));
    expect(last[1]).toBe(String(40 + RUNS - 1));
  });

  it("the p50 in summary.json is the median of runs.csv", () => {
    const s = JSON.parse(readFileSync(join(one, "summary.json"), "utf8"));
    const vals = readFileSync(join(one, "runs.csv"), "utf8")
      .trimEnd()
      .split("\n")
      .slice(1)
      .map((l) => l.split(","))
      .filter((r) => r[2] === "2027Q1" && r[3] === "totalTokens")
      .map((r) => Number(r[4]))
      .sort((a, b) => a - b);
    expect(vals).toHaveLength(RUNS);
    expect(s.metrics.totalTokens.p50[2]).toBe(vals[2]);
  });

  it("does not depend on the number of workers", () => {
    for (const f of ["summary.json", "runs.csv", "scenario.json"]) {
      expect(readFileSync(join(two, f), "utf8"), f).toBe(readFileSync(join(one, f), "utf8"));
    }
  });

  it("compare prints both batches side by side", () => {
    const r = sim("compare", one, hot);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/final A\s+final B\s+Δ final/);
    expect(r.stdout).toMatch(/^tokenPriceIndex /m);
    expect(r.stdout).toContain("common random numbers");
    expect(r.stdout).toContain("Paired differences B − A per run");
    const pq = sim("compare", one, hot, "--per-quarter", "--metric", "gpuHourPrice");
    expect(pq.code).toBe(0);
    expect(pq.stdout).toContain("gpuHourPrice · p50 per quarter");
    expect(pq.stdout).toContain("2026Q4");
  });

  it("compare --json gives p50 A, p50 B and their difference", () => {
    const r = sim("compare", one, hot, "--json");
    expect(r.code).toBe(0);
    const c = JSON.parse(r.stdout);
    expect(c.sameSeeds).toBe(true);
    expect(c.quarters).toHaveLength(QUARTERS);
    const m = c.metrics.totalTokens;
    expect(m.p50A).toHaveLength(QUARTERS);
    expect(m.p50B).toHaveLength(QUARTERS);
    for (let q = 0; q < QUARTERS; q++) expect(m.diff[q]).toBeCloseTo(m.p50B[q] - m.p50A[q], 6);
    expect(m.final.diff).toBeCloseTo(m.final.b - m.final.a, 6);
    // same seeds: per-run paired differences from runs.csv
    expect(m.pairedFinal).not.toBeNull();
    expect(m.pairedFinal.p10).toBeLessThanOrEqual(m.pairedFinal.p90);
    // a batch against itself: every difference is zero
    const same = JSON.parse(sim("compare", one, two, "--json").stdout);
    for (const x of Object.values<{ final: { diff: number | null } }>(same.metrics))
      expect(x.final.diff === null || x.final.diff === 0).toBe(true);
  });

  it("compare rejects a directory without summary.json", () => {
    const r = sim("compare", one, join(dir, "nope"));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no summary.json/);
  });
});

describe("quantile", () => {
  it("interpolates linearly (type 7)", () => {
    const xs = Float64Array.from([1, 2, 3, 4, 5]);
    expect(quantile(xs, 0.5)).toBe(3);
    expect(quantile(xs, 0.1)).toBeCloseTo(1.4);
    expect(quantile(xs, 0.9)).toBeCloseTo(4.6);
    expect(quantile(Float64Array.from([7]), 0.9)).toBe(7);
    expect(quantile(new Float64Array(0), 0.5)).toBeNull();
  });
});
