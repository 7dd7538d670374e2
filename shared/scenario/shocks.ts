/**
 * Shocks as a scenario declares them: parameter overrides of a catalogue entry, and the check
 * that every target a shock names is one the scenario has (a typo is an error naming the
 * field, not a shock that silently hits nobody).
 */
import { z } from "zod";
import { ScenarioError } from "./errors.ts";
import { type Effect, EffectSchema, type Scenario, type ShockSpec, ShockSpecSchema } from "./schema.ts";

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
export function shockParams(spec: Pick<ShockSpec, "duration" | "effects">): Record<string, number | string | boolean> {
  const params: Record<string, number | string | boolean> = { duration: spec.duration };
  spec.effects.forEach((e, i) => {
    for (const [k, v] of Object.entries(e)) {
      if (k === "kind") continue;
      if (typeof v === "number" || typeof v === "string" || typeof v === "boolean") params[`effects.${i}.${k}`] = v;
    }
  });
  return params;
}

/**
 * What a shock's parameter holds, for a host's form and the check of its targets: a company
 * (an id of `role`, null: any role, or a symbolic target), a model (an id, or frontier-of:<lab
 * target>), a task class, one of `choices`, or a plain number, boolean or text.
 */
export type ShockParamKind =
  | { kind: "company"; role: "lab" | "hyperscaler" | null }
  | { kind: "model" }
  | { kind: "taskClass" }
  | { kind: "choice"; choices: readonly string[] }
  | { kind: "number" }
  | { kind: "boolean" }
  | { kind: "text" };

export type ShockParam = { key: string; value: number | string | boolean } & ShockParamKind;

/** The effects' fields that name something in the scenario, by effect kind. */
const NAMED_FIELDS: Partial<Record<Effect["kind"], Record<string, ShockParamKind>>> = {
  modelBan: { model: { kind: "model" } },
  capexCap: { target: { kind: "company", role: "hyperscaler" } },
  efficiencyBreakthrough: { target: { kind: "company", role: "lab" } },
  priceWar: { target: { kind: "company", role: "lab" } },
  capabilitySpike: { target: { kind: "company", role: "lab" } },
  labFailure: { target: { kind: "company", role: null } },
  demand: { taskClass: { kind: "taskClass" } },
};

/** The values a field's schema allows when it is a closed list (an enum, or a union of enums and literals). */
function choicesOf(t: z.ZodType): string[] | null {
  if (t instanceof z.ZodEnum) return t.options.map(String);
  if (t instanceof z.ZodLiteral) return [...t.values].map(String);
  if (t instanceof z.ZodUnion) {
    const all: string[] = [];
    for (const o of t.options as z.ZodType[]) {
      const c = choicesOf(o);
      if (!c) return null;
      all.push(...c);
    }
    return all;
  }
  return null;
}

/** The field `field` of effects of kind `kind`, as EffectSchema declares it. */
function effectField(kind: Effect["kind"], field: string): z.ZodType | undefined {
  const member = EffectSchema.options.find((o) => o.shape.kind.value === kind);
  return (member?.shape as Record<string, z.ZodType> | undefined)?.[field];
}

/** A shock's parameters (shockParams), each with what it holds. */
export function shockParamList(spec: Pick<ShockSpec, "duration" | "effects">): ShockParam[] {
  const kinds = new Map<string, ShockParamKind>();
  spec.effects.forEach((e, i) => {
    for (const field of Object.keys(e)) {
      if (field === "kind") continue;
      const named = NAMED_FIELDS[e.kind]?.[field];
      const choices = named ? null : choicesOf(effectField(e.kind, field) ?? z.never());
      if (named ?? choices) kinds.set(`effects.${i}.${field}`, named ?? { kind: "choice", choices: choices! });
    }
  });
  return Object.entries(shockParams(spec)).map(([key, value]) => ({
    key,
    value,
    ...(kinds.get(key) ?? { kind: typeof value === "number" ? "number" : typeof value === "boolean" ? "boolean" : "text" }),
  }));
}

/** A model ban's target as the frontier model of a lab target: "frontier-of:leader". */
export const FRONTIER_OF = "frontier-of:";

/** The symbolic company targets, and the role of the companies each resolves to (null: any). */
export const COMPANY_TARGETS = {
  leader: "lab",
  "all-labs": "lab",
  "open-labs": "lab",
  "weakest-lab": "lab",
  "largest-hyperscaler": "hyperscaler",
  "all-hyperscalers": "hyperscaler",
} as const;

/** What a symbolic company target needs to name anyone, in words: a company of its role (open-labs: with open weights). */
function targetNeeds(target: keyof typeof COMPANY_TARGETS): string {
  return target === "open-labs" ? "a lab with an open-weights model" : `a ${COMPANY_TARGETS[target]}`;
}

/**
 * Who a scenario's shocks may name: its companies (by id, with their role), models and task
 * classes, and the symbolic targets that name at least one company (`reached`).
 */
export interface ShockWorld {
  roleOf: ReadonlyMap<string, string>;
  models: ReadonlySet<string>;
  classes: ReadonlySet<string>;
  reached: ReadonlySet<string>;
}

export function shockWorldOf(sc: Scenario): ShockWorld {
  const labs = sc.actors.filter((a) => a.role === "lab");
  const hasRole = (role: string) => sc.actors.some((a) => a.role === role);
  const reached = (Object.keys(COMPANY_TARGETS) as (keyof typeof COMPANY_TARGETS)[]).filter((t) =>
    t === "open-labs" ? labs.some((a) => a.models.some((m) => m.openWeights)) : hasRole(COMPANY_TARGETS[t]),
  );
  return {
    roleOf: new Map(sc.actors.map((a) => [a.id, a.role])),
    models: new Set(labs.flatMap((a) => a.models.map((m) => m.id))),
    classes: new Set(sc.taskClasses.map((k) => k.id)),
    reached: new Set(reached),
  };
}

/**
 * The symbolic targets of a shock's effects that name no company in this world (an open-labs
 * effect in a game without an open-weights lab): a shock fired with one would tell the news it
 * happened and change nothing. Each names its field under `where`.
 */
export function shockReachIssues(spec: ShockSpec, world: ShockWorld, where: string): string[] {
  const issues: string[] = [];
  for (const p of shockParamList(spec)) {
    const value = String(p.value);
    const target = p.kind === "model" && value.startsWith(FRONTIER_OF) ? value.slice(FRONTIER_OF.length) : value;
    if ((p.kind === "company" || p.kind === "model") && Object.hasOwn(COMPANY_TARGETS, target) && !world.reached.has(target)) {
      const needs = targetNeeds(target as keyof typeof COMPANY_TARGETS);
      issues.push(`${where}.${p.key}: "${value}" names no company here (it needs ${needs} in business)`);
    }
  }
  return issues;
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
  for (const p of shockParamList(spec)) {
    const path = `${where}.${p.key}`;
    const value = String(p.value);
    if (p.kind === "company") company(value, p.role, path);
    else if (p.kind === "model") {
      if (value.startsWith(FRONTIER_OF)) company(value.slice(FRONTIER_OF.length), "lab", path);
      else if (!world.models.has(value)) issues.push(`${path}: unknown model "${value}" (a model id or frontier-of:<lab target>)`);
    } else if (p.kind === "taskClass" && !world.classes.has(value)) issues.push(`${path}: unknown task class "${value}"`);
  }
  return issues;
}
