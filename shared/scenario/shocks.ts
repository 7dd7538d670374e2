/**
 * Shocks as a scenario declares them: parameter overrides of a catalogue entry, and the check
 * that every target a shock names is one the scenario has (a typo is an error naming the
 * field, not a shock that silently hits nobody).
 */
import { ScenarioError } from "./errors.ts";
import { type Effect, type Scenario, type ShockSpec, ShockSpecSchema } from "./schema.ts";

export type { Effect, ShockSpec };

/** Applies `{ "duration": 2, "effects.0.multiplier": 0.6 }`-style overrides to a catalogue shock. */
export function shockWithParams(spec: ShockSpec, params: Record<string, number | string | boolean>): ShockSpec {
  const copy = JSON.parse(JSON.stringify(spec)) as Record<string, unknown>;
  const tunable = shockParams(spec);
  for (const key of Object.keys(params).sort()) {
    // what a shock is (its id, an effect's kind) is not a parameter: its magnitudes, targets and duration are
    if (!Object.hasOwn(tunable, key))
      throw new ScenarioError(`shock ${spec.id}: no parameter "${key}" (its parameters: ${Object.keys(tunable).join(", ")})`);
    const parts = key.split(".");
    if (parts.some((p) => p === "__proto__" || p === "constructor" || p === "prototype" || p === "")) {
      throw new ScenarioError(`shock ${spec.id}: bad parameter "${key}"`);
    }
    let node: unknown = copy;
    for (let i = 0; i < parts.length - 1; i++) {
      const p = parts[i] as string;
      if (node && typeof node === "object" && Object.hasOwn(node, p)) node = (node as Record<string, unknown>)[p];
      else throw new ScenarioError(`shock ${spec.id}: no parameter "${key}"`);
    }
    const last = parts[parts.length - 1] as string;
    if (!(node && typeof node === "object" && Object.hasOwn(node, last)))
      throw new ScenarioError(`shock ${spec.id}: no parameter "${key}"`);
    (node as Record<string, unknown>)[last] = params[key];
  }
  const parsed = ShockSpecSchema.safeParse(copy);
  if (!parsed.success) {
    throw new ScenarioError(
      `shock ${spec.id}: bad parameters`,
      parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`),
    );
  }
  return parsed.data;
}

/** A shock's parameters with their catalogue values: its duration and each effect's fields but its kind. */
export function shockParams(spec: ShockSpec): Record<string, number | string | boolean> {
  const params: Record<string, number | string | boolean> = { duration: spec.duration };
  spec.effects.forEach((e, i) => {
    for (const [k, v] of Object.entries(e)) {
      if (k === "kind") continue;
      if (typeof v === "number" || typeof v === "string" || typeof v === "boolean") params[`effects.${i}.${k}`] = v;
    }
  });
  return params;
}

/** The symbolic company targets, and the role of the companies each resolves to (null: any). */
export const COMPANY_TARGETS = {
  leader: "lab",
  "all-labs": "lab",
  "open-labs": "lab",
  "weakest-lab": "lab",
  "largest-hyperscaler": "hyperscaler",
  "all-hyperscalers": "hyperscaler",
} as const;

/** Who a scenario's shocks may name: its companies (by id, with their role), models and task classes. */
export interface ShockWorld {
  roleOf: ReadonlyMap<string, string>;
  models: ReadonlySet<string>;
  classes: ReadonlySet<string>;
}

export function shockWorldOf(sc: Scenario): ShockWorld {
  return {
    roleOf: new Map(sc.actors.map((a) => [a.id, a.role])),
    models: new Set(sc.actors.flatMap((a) => (a.role === "lab" ? a.models.map((m) => m.id) : []))),
    classes: new Set(sc.taskClasses.map((k) => k.id)),
  };
}

/** Problems with the targets of a shock's effects, each naming its field under `where`. */
export function shockTargetIssues(spec: ShockSpec, world: ShockWorld, where: string): string[] {
  const issues: string[] = [];
  const company = (target: string, role: "lab" | "hyperscaler" | null, path: string) => {
    const symbolic = (COMPANY_TARGETS as Record<string, string>)[target];
    const actual = symbolic ?? world.roleOf.get(target);
    if (!actual) {
      issues.push(`${path}: unknown target "${target}" (a company id or one of ${Object.keys(COMPANY_TARGETS).join(", ")})`);
    } else if (role && actual !== role) {
      issues.push(
        `${path}: "${target}" is ${symbolic ? "a target of" : actual === "enterprise" ? "an" : "a"} ${actual}${symbolic ? "s" : ""}; this effect needs a ${role}`,
      );
    }
  };
  spec.effects.forEach((e: Effect, j) => {
    const path = `${where}.effects.${j}`;
    switch (e.kind) {
      case "modelBan":
        if (e.model.startsWith("frontier-of:")) company(e.model.slice("frontier-of:".length), "lab", `${path}.model`);
        else if (!world.models.has(e.model))
          issues.push(`${path}.model: unknown model "${e.model}" (a model id or frontier-of:<lab target>)`);
        break;
      case "capexCap":
        company(e.target, "hyperscaler", `${path}.target`);
        break;
      case "efficiencyBreakthrough":
      case "priceWar":
      case "capabilitySpike":
        company(e.target, "lab", `${path}.target`);
        break;
      case "labFailure":
        company(e.target, null, `${path}.target`);
        break;
      case "demand":
        if (!world.classes.has(e.taskClass)) issues.push(`${path}.taskClass: unknown task class "${e.taskClass}"`);
        break;
      default:
        break;
    }
  });
  return issues;
}
