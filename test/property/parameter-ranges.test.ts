/**
 * Games from set-ups nobody tuned (issue 22: "we will check the model with set-ups of our own,
 * drawn from the declared domains and plausible ranges"): every built-in scenario, with bots in
 * every seat over six years, and parameters drawn from what `sim list --params` declares. A draw
 * inside the plausible ranges, or a few parameters anywhere in their domains, must play every
 * quarter with every invariant holding (money balanced and finite, no negative stock, capacity
 * respected); a scenario the draw makes inconsistent must be refused with a ScenarioError naming
 * the fields, never played into a crash.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { applyOverrides, type InjectedShock, listParams, parseScenario, SCENARIO_IDS, scenarioInput } from "../../shared/index.ts";
import type { NumberDomain } from "../../shared/scenario/params.ts";
import { playSetUp } from "./play.ts";

interface Numeric {
  path: string;
  domain: NumberDomain;
  plausible: readonly [number, number];
}

const NUMERIC: Numeric[] = listParams().flatMap((p) =>
  p.domain.kind === "number" && p.plausible && p.plausible[0] < p.plausible[1]
    ? [{ path: p.path, domain: p.domain, plausible: p.plausible }]
    : [],
);

/** A value of a parameter from u in [0, 1]: inside its plausible range, or anywhere in its domain. */
function drawnValue(p: Numeric, u: number, where: "plausible" | "domain"): number {
  let v: number;
  if (where === "plausible") v = p.plausible[0] + u * (p.plausible[1] - p.plausible[0]);
  else {
    const { min, max } = p.domain;
    // both ends, and between them evenly in the logarithm where the domain is positive
    v =
      u < 0.15
        ? min
        : u > 0.85
          ? max
          : min > 0
            ? Math.exp(Math.log(min) + ((u - 0.15) / 0.7) * (Math.log(max) - Math.log(min)))
            : min + ((u - 0.15) / 0.7) * (max - min);
    if (p.domain.minOpen && v <= min) v = min + (max - min) * 1e-6;
  }
  return p.domain.int ? Math.round(v) : v;
}

/** The overrides of a draw. */
function setsOf(draws: [number, number][], where: "plausible" | "domain"): { path: string; value: number }[] {
  return draws.map(([i, u]) => ({ path: NUMERIC[i]!.path, value: drawnValue(NUMERIC[i]!, u, where) }));
}

/**
 * Draws per case: the suite's few by default; `PARAMETER_DRAWS=n` plays n set-ups in each case,
 * a longer soak of the same property, from fresh random draws each time.
 */
const SOAK = Number(process.env.PARAMETER_DRAWS ?? 0);

const draw = (maxDraws: number) =>
  fc.record({
    scenario: fc.constantFrom(...SCENARIO_IDS),
    seed: fc.integer({ min: 1, max: 1_000_000 }),
    draws: fc.array(fc.tuple(fc.nat(NUMERIC.length - 1), fc.double({ min: 0, max: 1, noNaN: true })), {
      minLength: 1,
      maxLength: maxDraws,
    }),
  });

describe("games from parameters drawn from their declarations (every scenario, bots, 24 quarters)", () => {
  it("there are parameters to draw", () => {
    expect(NUMERIC.length).toBeGreaterThan(100);
  });

  const cases = [
    {
      where: "plausible",
      maxDraws: 60,
      numRuns: 25,
      what: "up to 60 parameters drawn inside their plausible ranges play with every invariant holding",
    },
    {
      where: "domain",
      maxDraws: 6,
      numRuns: 40,
      what: "a few parameters anywhere in their domains, ends included, play or are refused with the fields named",
    },
  ] as const;
  for (const c of cases) {
    it(
      c.what,
      () => {
        fc.assert(
          fc.property(draw(c.maxDraws), ({ scenario, seed, draws }) => {
            const sets = setsOf(draws, c.where);
            expect(playSetUp(scenario, seed, sets), `${scenario} seed ${seed}: ${JSON.stringify(sets)}`).toBeNull();
          }),
          SOAK > 0 ? { numRuns: SOAK } : { numRuns: c.numRuns, seed: 22 },
        );
      },
      SOAK * 1_000 || undefined,
    );
  }

  // the set-ups the draws found broken, each a defect once (the engine's or the declaration's)
  const FOUND: { what: string; sets: Record<string, number>; injected?: InjectedShock[] }[] = [
    {
      what: "the open lab failing with self-hosting less than elastic (weights outlive their lab)",
      sets: { "world.rules.compute.selfHostElasticity": 0.8 },
      injected: [{ shock: "lab-insolvency", quarter: 2, params: { "effects.0.target": "tessera" } }],
    },
    { what: "flat-plan subscribers doubling every quarter (the subscriber ceiling)", sets: { "world.rules.consumer.flatGrowth": 2 } },
    { what: "catch-up faster than the gap (it never overtakes)", sets: { "world.rules.progress.catchUpScale": 10 } },
  ];
  for (const f of FOUND) {
    it(`plays: ${f.what}`, () => {
      for (const scenario of ["base", "jevons-boom"]) {
        for (const seed of [3, 139]) {
          const sets = Object.entries(f.sets).map(([path, value]) => ({ path, value }));
          expect(playSetUp(scenario, seed, sets, f.injected), `${scenario} seed ${seed}`).toBeNull();
        }
      }
    });
  }

  it("a scenario whose opening fleet draws more power than its data centres have is refused, naming the fields", () => {
    expect(() => parseScenario(applyOverrides(scenarioInput("base"), [{ path: "world.rules.start.legacyKwPerUnit", value: 2 }]))).toThrow(
      /actors\.(stratus|nimbus|coreforge)\.installedUnits: .*legacyKwPerUnit 2 kW draw \d+ MW, more than its powerMw/,
    );
  });
});
