import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { beforeAll, describe, expect, it } from "vitest";
import { quantileOfSorted as quantile } from "../../shared/analysis/index.ts";
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

  it("writes runs.csv.gz with one row per run, quarter and metric", () => {
    const s = JSON.parse(readFileSync(join(one, "summary.json"), "utf8"));
    const lines = gunzipSync(readFileSync(join(one, "runs.csv.gz")))
      .toString("utf8")
      .trimEnd()
      .split("\n");
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

  it("the p50 in summary.json is the median of runs.csv.gz", () => {
    const s = JSON.parse(readFileSync(join(one, "summary.json"), "utf8"));
    const vals = gunzipSync(readFileSync(join(one, "runs.csv.gz")))
      .toString("utf8")
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
    for (const f of ["summary.json", "runs.csv.gz", "wide.csv", "scenario.json"]) {
      expect(readFileSync(join(two, f)).equals(readFileSync(join(one, f))), f).toBe(true);
    }
  });

  it("compare prints the batches side by side with intervals, paired by seed", () => {
    const r = sim("compare", one, hot);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/p50 A\s+p50 B\s+Δ p50 B\s+paired Δ B/);
    expect(r.stdout).toMatch(/^tokenPriceIndex /m);
    expect(r.stdout).toContain("same seeds as A: paired");
    expect(r.stdout).toContain("Quarter 2027Q1");
    const pq = sim("compare", one, hot, "--per-quarter", "--metric", "gpuHourPrice");
    expect(pq.code).toBe(0);
    expect(pq.stdout).toContain("Quarter 2026Q4");
    expect(pq.stdout).toMatch(/^gpuHourPrice /m);
    // quarters by number as metric@quarter counts them, or by label; a number past the game is one line
    const byNumber = sim("compare", one, hot, "--quarter", "2,3", "--json", "--metric", "gpuHourPrice");
    const byLabel = sim("compare", one, hot, "--quarter", "2026Q4,2027Q1", "--json", "--metric", "gpuHourPrice");
    expect(byNumber.code, byNumber.stderr).toBe(0);
    expect(JSON.parse(byNumber.stdout).quarters).toEqual(["2026Q4", "2027Q1"]);
    expect(JSON.parse(byNumber.stdout).metrics).toEqual(JSON.parse(byLabel.stdout).metrics);
    const past = sim("compare", one, hot, "--quarter", "99");
    expect(past.code).toBe(2);
    expect(past.stderr.trim()).toMatch(/^sim: error: --quarter 99: the first batch has quarters 1\.\.\d+$/);
  });

  it("compare --json: every batch's bands with intervals and the differences from the first", () => {
    const r = sim("compare", one, hot, two, "--json", "--quarter", "all", "--metric", "totalTokens", "--metric", "gpuHourPrice");
    expect(r.code).toBe(0);
    const c = JSON.parse(r.stdout);
    expect(c.batches).toHaveLength(3);
    expect(c.paired).toEqual([true, true]);
    expect(c.quarters).toHaveLength(QUARTERS);
    const s = JSON.parse(readFileSync(join(one, "summary.json"), "utf8"));
    for (let q = 0; q < QUARTERS; q++) {
      const e = c.metrics.totalTokens.byQuarter[c.quarters[q]];
      expect(e.batches[0].p50.estimate).toBe(s.metrics.totalTokens.p50[q]);
      for (const b of e.batches) {
        expect(b.n).toBe(RUNS);
        expect(b.p50.lo).toBeLessThanOrEqual(b.p50.estimate);
        expect(b.p50.hi).toBeGreaterThanOrEqual(b.p50.estimate);
      }
      expect(e.diffs[0]).toBeNull();
      expect(e.diffs[1].paired).toBe(true);
      expect(e.diffs[1].p50.ofStats.estimate).toBeCloseTo(e.batches[1].p50.estimate - e.batches[0].p50.estimate, 3);
      // a batch against itself: every difference and interval is zero
      expect(e.diffs[2].p50.ofStats).toEqual({ estimate: 0, lo: 0, hi: 0 });
      expect(e.diffs[2].mean.ofDifferences).toEqual({ estimate: 0, lo: 0, hi: 0 });
    }
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
