/**
 * Set-ups nobody tuned, drawn from the scenario file's own fields (shared/scenario/schema.ts):
 * the companies' books, fleets, models, contracts and tasks, the task classes and the energy
 * prices of every built-in scenario, each drawn from its declared bounds (ends included, evenly
 * in the logarithm between), with catalogue shocks injected at random quarters with magnitudes
 * drawn from theirs. Each draw must play every quarter with every invariant holding, or be
 * refused with a ScenarioError naming the fields; it must never play into a crash.
 * (The rule and world parameters are drawn in parameter-ranges.test.ts, orders in engine.test.ts.)
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  applyOverrides,
  type InjectedShock,
  parseScenario,
  runGame,
  SCENARIO_IDS,
  ScenarioError,
  SHOCK_CATALOGUE,
  scenarioInput,
} from "../../shared/index.ts";
import { EffectSchema, ScenarioSchema } from "../../shared/scenario/schema.ts";
import { playSetUp } from "./play.ts";

// zod's internals, read to find each field's declared bounds
type Def = {
  type: string;
  innerType?: Schema;
  shape?: Record<string, Schema>;
  element?: Schema;
  valueType?: Schema;
  options?: Schema[];
  values?: unknown[];
};
type Schema = { _zod: { def: Def }; minValue?: number | null; maxValue?: number | null; isInt?: boolean };

function unwrap(s: Schema): Schema {
  let x = s;
  while ((x._zod.def.type === "default" || x._zod.def.type === "optional") && x._zod.def.innerType) x = x._zod.def.innerType;
  return x;
}

/** The schema of the field at `path` of a scenario input (actors picked by their role), or null. */
function fieldSchema(path: readonly string[], input: unknown): Schema | null {
  let s: Schema = ScenarioSchema as unknown as Schema;
  let node = input as Record<string, unknown> | undefined;
  for (const part of path) {
    s = unwrap(s);
    if (s._zod.def.type === "union") {
      const role = (node as { role?: unknown } | undefined)?.role;
      const o = s._zod.def.options?.find((x) => unwrap(x)._zod.def.shape?.role?._zod.def.values?.includes(role));
      if (!o) return null;
      s = unwrap(o);
    }
    const d = s._zod.def;
    const next = d.type === "object" ? d.shape?.[part] : d.type === "array" ? d.element : d.type === "record" ? d.valueType : undefined;
    if (!next) return null;
    s = next;
    node = (node as Record<string, unknown> | undefined)?.[part] as Record<string, unknown> | undefined;
  }
  s = unwrap(s);
  return s._zod.def.type === "number" ? s : null;
}

interface Field {
  path: string;
  min: number;
  max: number;
  int: boolean;
}

/** Every number the scenario's companies, task classes and energy prices hold, with its declared bounds. */
function fieldsOf(id: string): Field[] {
  const input = scenarioInput(id) as { actors: unknown[]; taskClasses: unknown[]; world: { energy: unknown } };
  const out: Field[] = [];
  const walk = (o: unknown, path: string[]): void => {
    if (typeof o === "number") {
      const s = fieldSchema(path, input);
      if (s) out.push({ path: path.join("."), min: s.minValue ?? -Infinity, max: s.maxValue ?? Infinity, int: !!s.isInt });
    } else if (o && typeof o === "object") for (const [k, v] of Object.entries(o)) walk(v, [...path, k]);
  };
  walk(input.actors, ["actors"]);
  walk(input.taskClasses, ["taskClasses"]);
  walk(input.world.energy, ["world", "energy"]);
  return out;
}

const FIELDS = new Map(SCENARIO_IDS.map((id) => [id, fieldsOf(id)]));

/** A value in [min, max] from u in [0, 1]: either end, or between them evenly in the logarithm. */
function drawn(min: number, max: number, int: boolean, u: number): number {
  const lo = min > 0 ? min : 1e-6;
  let v = u < 0.15 ? min : u > 0.85 ? max : Math.exp(Math.log(lo) + ((u - 0.15) / 0.7) * (Math.log(max) - Math.log(lo)));
  if (min < 0 && u >= 0.15 && u <= 0.85) v = min + ((u - 0.15) / 0.7) * (max - min);
  return int ? Math.round(v) : v;
}

/** A catalogue shock's magnitudes drawn from the bounds its effects declare. */
function shockParams(shock: (typeof SHOCK_CATALOGUE)[number], us: number[]): Record<string, number> {
  const out: Record<string, number> = { duration: Math.round((us[0] ?? 0) * 40) };
  let k = 1;
  shock.effects.forEach((e, i) => {
    const o = (EffectSchema as unknown as Schema)._zod.def.options?.find((x) => x._zod.def.shape?.kind?._zod.def.values?.includes(e.kind));
    for (const [name, value] of Object.entries(e)) {
      const s = o?._zod.def.shape?.[name];
      if (typeof value !== "number" || !s) continue;
      out[`effects.${i}.${name}`] = drawn(s.minValue ?? 0, s.maxValue ?? 1, !!s.isInt, us[k++ % us.length] ?? 0.5);
    }
  });
  return out;
}

describe("games from scenario fields drawn from their declarations (every scenario, bots, 24 quarters)", () => {
  it("every number a scenario's companies and task classes hold has finite declared bounds", () => {
    for (const [id, fields] of FIELDS) {
      expect(fields.length, id).toBeGreaterThan(100);
      const open = fields.filter((f) => !Number.isFinite(f.min) || !Number.isFinite(f.max)).map((f) => f.path);
      expect(open, id).toEqual([]);
    }
  });

  it("a figure past any meaning is refused, naming the field (it played into a crash: NaN or a bad ledger amount)", () => {
    for (const path of [
      "actors.meridian.books.cash",
      "actors.meridian.payroll",
      "actors.meridian.subscribersMillions",
      "actors.stratus.powerMw",
      "actors.vector.perfPerUnit",
    ]) {
      const input = applyOverrides(scenarioInput("base"), [{ path, value: 1e300 }]);
      expect(() => parseScenario(input), path).toThrow(ScenarioError);
      try {
        parseScenario(input);
      } catch (e) {
        // named as it was set: the actor by its id
        expect((e as ScenarioError).issues.join("; "), path).toContain(`${path}: Too big`);
      }
    }
  });

  it("plays: a hyperscaler's other business at the money ceiling ($10^15 a quarter; the ledger's sums lost cents)", () => {
    expect(playSetUp("classroom", 1, [{ path: "actors.coreforge.otherRevenue", value: 1e15 }], [])).toBeNull();
  });

  it("every catalogue shock at once, at either end of its magnitudes and for good, plays", () => {
    const at = (shock: (typeof SHOCK_CATALOGUE)[number], u: number) => ({ ...shockParams(shock, [u]), duration: 0 });
    for (const scenario of ["base", "classroom"]) {
      for (const [first, then] of [
        [1, 0],
        [0, 1],
      ] as const) {
        const injected = [
          ...SHOCK_CATALOGUE.map((shock) => ({ shock: shock.id, quarter: 1, params: at(shock, first) })),
          ...SHOCK_CATALOGUE.map((shock) => ({ shock: shock.id, quarter: 12, params: at(shock, then) })),
        ];
        expect(playSetUp(scenario, 1, [], injected), `${scenario} ${first}→${then}`).toBeNull();
      }
    }
  });

  it("a shock aimed at a company of the wrong role is refused, naming the field and the role", () => {
    expect(() =>
      runGame({
        scenario: scenarioInput("base"),
        seed: 1,
        quarters: 1,
        injected: [{ shock: "price-war", quarter: 1, params: { "effects.0.target": "genomix" } }],
      }),
    ).toThrow(/price-war\.effects\.0\.target: "genomix" is an enterprise; this effect needs a lab/);
  });

  it("up to 6 fields drawn anywhere in their bounds, ends included, with up to 3 shocks drawn from theirs, play or are refused naming the fields", () => {
    fc.assert(
      fc.property(
        fc.record({
          scenario: fc.constantFrom(...SCENARIO_IDS),
          seed: fc.integer({ min: 1, max: 1_000_000 }),
          draws: fc.array(fc.tuple(fc.nat(10_000), fc.double({ min: 0, max: 1, noNaN: true })), { minLength: 1, maxLength: 6 }),
          shocks: fc.array(
            fc.tuple(
              fc.nat(SHOCK_CATALOGUE.length - 1),
              fc.integer({ min: 1, max: 24 }),
              fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 4, maxLength: 4 }),
            ),
            { maxLength: 3 },
          ),
        }),
        ({ scenario, seed, draws, shocks }) => {
          const fields = FIELDS.get(scenario)!;
          const sets = draws.map(([i, u]) => {
            const f = fields[i % fields.length]!;
            return { path: f.path, value: drawn(f.min, f.max, f.int, u) };
          });
          const injected: InjectedShock[] = shocks.map(([i, quarter, us]) => {
            const shock = SHOCK_CATALOGUE[i]!;
            return { shock: shock.id, quarter, params: shockParams(shock, us) };
          });
          expect(playSetUp(scenario, seed, sets, injected), `${scenario} seed ${seed}: ${JSON.stringify({ sets, injected })}`).toBeNull();
        },
      ),
      { numRuns: 60, seed: 23 },
    );
  });
});
