/**
 * `sim bands` as a real child process: its JSON agrees with checkBands over the same seeds
 * played in-process, with more than one worker, and bad input is a one-line error.
 */
import { describe, expect, it } from "vitest";
import { listParams, loadScenario, runGame } from "../../shared/index.ts";
import { BANDS, bandContextOf, checkBands } from "../../shared/sim/bands.ts";
import { sim } from "./helpers.ts";

/** checkBands over seeds first..first + n − 1 of base, played in-process (with overrides on top). */
function localBands(first: number, n: number, quarters: number, overrides: { path: string; value: unknown }[] = []) {
  const base = loadScenario("base");
  return checkBands(
    Array.from({ length: n }, (_, i) => bandContextOf(runGame({ scenario: { ...base, quarters }, seed: first + i, overrides }).state)),
  );
}

/** Each band's verdict and quarters outside, as a scan reports them. */
type Verdict = { id: string; holds: boolean; outside: number[] };
const verdicts = (checked: ReturnType<typeof localBands>): Verdict[] =>
  checked.map((b) => ({ id: b.band.id, holds: b.holds, outside: b.outside.map((o) => o.quarter) }));
const pick = (bands: Verdict[]): Verdict[] => bands.map(({ id, holds, outside }) => ({ id, holds, outside }));

/** `sim bands` on 9 quarters of base, seeds seed..seed + runs − 1, scanning `paths`. */
const scanArgs = (runs: number, seed: number, paths: string[], ...extra: string[]): string[] => [
  "bands",
  "--scenario",
  "base",
  "--set",
  "quarters=9",
  "--runs",
  String(runs),
  "--seed",
  String(seed),
  "--params",
  paths.join(","),
  ...extra,
];

describe("sim bands", () => {
  it("reports every band with the p10–p90 that checkBands gives for the same seeds", () => {
    const r = sim(
      "bands",
      "--scenario",
      "base",
      "--set",
      "quarters=10",
      "--runs",
      "6",
      "--seed",
      "5",
      "--workers",
      "2",
      "--json",
      "--no-progress",
    );
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.bands.map((b: { id: string }) => b.id)).toEqual(BANDS.map((b) => b.id));
    const local = localBands(5, 6, 10);
    for (const [i, b] of out.bands.entries()) {
      expect(b.holds).toBe(local[i]!.holds);
      expect(b.quarters).toEqual(local[i]!.quarters);
    }
  });

  it("--sets k checks k consecutive sets of seeds each on its own", () => {
    const r = sim(
      "bands",
      "--scenario",
      "base",
      "--set",
      "quarters=8",
      "--runs",
      "3",
      "--seed",
      "7",
      "--sets",
      "2",
      "--json",
      "--no-progress",
    );
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.sets).toBe(2);
    const local = [localBands(7, 3, 8), localBands(10, 3, 8)];
    for (const [i, b] of out.bands.entries()) {
      expect(b.sets.map((x: { seed: number }) => x.seed)).toEqual([7, 10]);
      for (const k of [0, 1]) {
        expect(b.sets[k].holds).toBe(local[k]![i]!.holds);
        expect(b.sets[k].quarters).toEqual(local[k]![i]!.quarters);
      }
      expect(b.heldOn).toBe(local.filter((set) => set[i]!.holds).length);
    }
    // the two sets differ somewhere, or the check would not tell them apart
    expect(
      out.bands.some((b: { sets: { quarters: unknown }[] }) => JSON.stringify(b.sets[0]!.quarters) !== JSON.stringify(b.sets[1]!.quarters)),
    ).toBe(true);
    const text = sim("bands", "--scenario", "base", "--set", "quarters=8", "--runs", "3", "--seed", "7", "--sets", "2", "--no-progress");
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/bands hold on every one of 2 sets of 3 seeds \(seeds 7–12\)/);
  });

  it("--params scans each parameter at both ends of its plausible range on the same seeds", () => {
    const paths = ["world.foundry.capacityWafers", "world.params.reasoningGrowth"];
    const args = scanArgs(5, 3, paths, "--no-progress");
    const r = sim(...args, "--workers", "2", "--json");
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(pick(out.baseline)).toEqual(verdicts(localBands(3, 5, 9)));
    const declared = new Map(listParams().map((p) => [p.path, p.plausible]));
    expect(out.sides.map((s: { path: string; side: string }) => `${s.path} ${s.side}`)).toEqual(
      paths.flatMap((p) => [`${p} low`, `${p} high`]),
    );
    for (const side of out.sides) {
      const [low, high] = declared.get(side.path)!;
      expect(side.value).toBe(side.side === "low" ? low : high);
      expect(pick(side.bands)).toEqual(verdicts(localBands(3, 5, 9, [{ path: side.path, value: side.value }])));
    }
    // a plausible end moves some band, or the scan would show nothing
    expect(out.sides.some((s: { bands: Verdict[] }) => JSON.stringify(pick(s.bands)) !== JSON.stringify(pick(out.baseline)))).toBe(true);
    const text = sim(...args);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/With the scenario's values \d+ of 12 bands hold/);
    expect(text.stdout).toMatch(/\d+ of 4 settings leave every band's quarters outside as they are/);
  });

  it("--params with --points draws a Latin hypercube over all the ranges at once", () => {
    const paths = ["world.foundry.capacityWafers", "world.params.reasoningGrowth"];
    const args = scanArgs(4, 11, paths, "--points", "3");
    const r = sim(...args, "--json", "--no-progress");
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    const declared = new Map(listParams().map((p) => [p.path, p.plausible]));
    expect(out.points).toHaveLength(3);
    for (const path of paths) {
      const [low, high] = declared.get(path)!;
      const xs = out.points.map((p: { values: Record<string, number> }) => p.values[path]);
      // one point in each third of the range (a Latin hypercube's strata)
      const strata = xs.map((x: number) => Math.floor(((x - low) / (high - low)) * 3)).sort();
      expect(strata).toEqual([0, 1, 2]);
    }
    for (const p of out.points) {
      const overrides = Object.entries(p.values as Record<string, number>).map(([path, value]) => ({ path, value }));
      expect(pick(p.bands)).toEqual(verdicts(localBands(11, 4, 9, overrides)));
    }
    const text = sim(...args, "--no-progress");
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/3 points of a Latin hypercube over 2 parameters' ranges at once/);
    expect(text.stdout).toMatch(/The most bands any point holds: \d+ of 12/);
    const alone = sim("bands", "--scenario", "base", "--runs", "2", "--points", "3");
    expect(alone.code).toBe(2);
    expect(alone.stderr).toMatch(/--params/);
  });

  it("--params refuses an unknown parameter, a value outside the domain and --sets", () => {
    const unknown = sim("bands", "--scenario", "base", "--runs", "2", "--params", "world.params.noSuchThing");
    expect(unknown.code).toBe(2);
    expect(unknown.stderr.trim().split("\n")).toHaveLength(1);
    expect(unknown.stderr).toMatch(/noSuchThing/);
    const outside = sim("bands", "--scenario", "base", "--runs", "2", "--params", "world.params.reasoningGrowth=-5..0.1");
    expect(outside.code).toBe(2);
    expect(outside.stderr).toMatch(/reasoningGrowth/);
    const sets = sim("bands", "--scenario", "base", "--runs", "2", "--sets", "2", "--params", "all");
    expect(sets.code).toBe(2);
    expect(sets.stderr).toMatch(/--sets/);
    const strict = sim("bands", "--scenario", "base", "--runs", "2", "--strict", "--params", "all");
    expect(strict.code).toBe(2);
    expect(strict.stderr).toMatch(/--strict/);
  });

  it("--strict exits 1 when a band is missed; bad input is a one-line error", () => {
    const strict = sim("bands", "--scenario", "base", "--quarters", "6", "--runs", "3", "--strict", "--no-progress");
    const anyMissed = /misses|no data/.test(strict.stdout);
    expect(strict.code).toBe(anyMissed ? 1 : 0);
    const bad = sim("bands", "--scenario", "base", "--runs", "0");
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim().split("\n")).toHaveLength(1);
    const sets = sim("bands", "--scenario", "base", "--runs", "2", "--sets", "0");
    expect(sets.code).toBe(2);
    expect(sets.stderr).toMatch(/--sets/);
    const path = sim("bands", "--scenario", "base", "--set", "world.params.noSuchThing=1", "--runs", "2");
    expect(path.code).toBe(2);
    expect(path.stderr).toMatch(/noSuchThing/);
  });
});
