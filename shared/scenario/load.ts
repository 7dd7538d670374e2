/**
 * Scenario loading: unknown JSON → parsed, cross-checked Scenario, or a clear error that
 * names the field. Also `--set path=value` overrides and the shock catalogue.
 */
import { z } from "zod";
import { inputsIssues } from "../analysis/inputs.ts";
import catalogueJson from "./data/shocks.json" with { type: "json" };
import { ScenarioError } from "./errors.ts";
import { listParams } from "./params.ts";
import { type Scenario, ScenarioSchema, type ShockSpec, ShockSpecSchema } from "./schema.ts";
import { shockReachIssues, shockTargetIssues, shockWithParams, shockWorldOf } from "./shocks.ts";

export { ScenarioError };

const CatalogueSchema = z.strictObject({ catalogueVersion: z.number().int(), shocks: z.array(ShockSpecSchema) });

/**
 * The shock catalogue shared by every scenario (DESIGN.md §2, seed-facts §3). Parsed once per
 * thread as it loads, without zod's compiled parser: compiling it takes longer than one parse.
 */
export const SHOCK_CATALOGUE: readonly ShockSpec[] = CatalogueSchema.parse(catalogueJson, { jitless: true }).shocks;

/** An element's id, or undefined where it has none. */
function idOf(x: unknown): string | undefined {
  const id = x && typeof x === "object" ? (x as { id?: unknown }).id : undefined;
  return typeof id === "string" && id !== "" ? id : undefined;
}

/**
 * A path into a scenario as `--set` takes it: an element of a list by its id where no other
 * element of the list has it (`actors.helix.models.helix-5.released`; `--set` takes the first
 * with the id), any other by its index.
 */
function issuePath(input: unknown, path: readonly PropertyKey[]): string {
  let node: unknown = input;
  const parts: string[] = [];
  for (const key of path) {
    const next: unknown = node && typeof node === "object" ? (node as Record<PropertyKey, unknown>)[key] : undefined;
    const id = typeof key === "number" && Array.isArray(node) ? idOf(next) : undefined;
    const unique = id !== undefined && (node as unknown[]).filter((x) => idOf(x) === id).length === 1;
    parts.push(unique ? id : String(key));
    node = next;
  }
  return parts.join(".");
}

function formatIssues(error: z.ZodError, input: unknown): string[] {
  return error.issues.map((i) => {
    const path = i.path.length ? issuePath(input, i.path) : "(root)";
    if (i.code === "unrecognized_keys") {
      return `${path}: unknown field${i.keys.length > 1 ? "s" : ""} ${i.keys.map((k) => `"${k}"`).join(", ")}`;
    }
    return `${path}: ${i.message}`;
  });
}

/** The catalogue for a scenario: the shared one, with the scenario's own entries added or replacing. */
export function catalogueFor(scenario: Pick<Scenario, "shocks">): ShockSpec[] {
  const byId = new Map<string, ShockSpec>();
  for (const s of SHOCK_CATALOGUE) byId.set(s.id, s);
  for (const s of scenario.shocks) byId.set(s.id, s);
  return [...byId.keys()].sort().map((k) => byId.get(k) as ShockSpec);
}

/**
 * Refuses a scenario for a new game when a shock it fires, at random or on its schedule, has a
 * symbolic target that names no company in it (an open-labs effect without an open-weights
 * lab): the news would say it happened and nothing would change. A scenario's own shock
 * entries may stand by for the host with such a target. Not part of parseScenario: a game
 * played before this check replays as it was played.
 */
export function checkFiredShocks(sc: Scenario): Scenario {
  const world = shockWorldOf(sc);
  const specs = new Map(catalogueFor(sc).map((s) => [s.id, s]));
  const issues: string[] = [];
  sc.randomShocks.forEach((id, i) => {
    const spec = specs.get(id);
    const own = sc.shocks.findIndex((s) => s.id === id);
    if (spec) issues.push(...shockReachIssues(spec, world, own < 0 ? `randomShocks.${i} (${id})` : issuePath(sc, ["shocks", own])));
  });
  sc.schedule.forEach((s, i) => {
    const spec = specs.get(s.shock);
    if (spec) issues.push(...shockReachIssues(shockWithParams(spec, s.params), world, `schedule.${i} (${s.shock})`));
  });
  if (issues.length) throw new ScenarioError(`invalid scenario "${sc.id}"`, issues);
  return sc;
}

/** Parses and cross-checks a scenario. Throws ScenarioError naming each bad field. */
export function parseScenario(input: unknown): Scenario {
  const parsed = ScenarioSchema.safeParse(input);
  if (!parsed.success) {
    // named as the cross-checks below name it, when the input has an id to go by
    const id = (input as { id?: unknown } | null)?.id;
    throw new ScenarioError(typeof id === "string" ? `invalid scenario "${id}"` : "invalid scenario", formatIssues(parsed.error, input));
  }
  const sc = parsed.data;
  const issues: string[] = [];
  const ids = new Set<string>();
  const modelIds = new Set<string>();
  sc.actors.forEach((a, i) => {
    const at = issuePath(sc, ["actors", i]);
    if (ids.has(a.id)) issues.push(`actors.${i}.id: duplicate actor id "${a.id}"`);
    ids.add(a.id);
    if (a.role === "lab") {
      const tiers = new Set<string>();
      a.models.forEach((m, j) => {
        if (modelIds.has(m.id)) issues.push(`${at}.models.${j}.id: duplicate model id "${m.id}"`);
        modelIds.add(m.id);
        if (tiers.has(m.tier)) issues.push(`${issuePath(sc, ["actors", i, "models", j])}.tier: lab has two "${m.tier}" models`);
        tiers.add(m.tier);
      });
      const s = a.split.training + a.split.serving + a.split.internal;
      if (Math.abs(s - 1) > 1e-6) issues.push(`${at}.split: shares must sum to 1 (got ${s})`);
    }
  });
  const classIds = new Set(sc.taskClasses.map((t) => t.id));
  sc.actors.forEach((a, i) => {
    const at = issuePath(sc, ["actors", i]);
    if (a.role === "lab") {
      a.contracts.forEach((c, j) => {
        const p = sc.actors.find((x) => x.id === c.provider);
        if (p?.role !== "hyperscaler") issues.push(`${at}.contracts.${j}.provider: "${c.provider}" is not a hyperscaler`);
      });
    }
    if (a.role === "chipmaker" && a.kind === "asic") {
      const lab = sc.actors.find((x) => x.id === a.partnerLab);
      const g = sc.actors.find((x) => x.id === a.guarantor);
      if (lab?.role !== "lab") issues.push(`${at}.partnerLab: an ASIC maker needs a partner lab`);
      if (g?.role !== "hyperscaler") issues.push(`${at}.guarantor: an ASIC maker needs a guarantor hyperscaler`);
    }
    // The opening fleet runs in the hyperscaler's data centres: its power must fit them.
    if (a.role === "hyperscaler") {
      const mw = (a.installedUnits * sc.world.rules.start.legacyKwPerUnit) / 1000;
      if (mw > a.powerMw * (1 + 1e-9))
        issues.push(
          `${at}.installedUnits: ${a.installedUnits} units at world.rules.start.legacyKwPerUnit ${sc.world.rules.start.legacyKwPerUnit} kW draw ${mw.toFixed(0)} MW, more than its powerMw ${a.powerMw}`,
        );
    }
    if (a.role === "enterprise") {
      for (const k of Object.keys(a.tasks)) if (!classIds.has(k)) issues.push(`${at}.tasks.${k}: unknown task class`);
      for (const k of Object.keys(a.routing)) {
        if (!classIds.has(k)) issues.push(`${at}.routing.${k}: unknown task class`);
        const r = a.routing[k];
        if (r?.model && !modelIds.has(r.model)) issues.push(`${at}.routing.${k}.model: unknown model "${r.model}"`);
        if (r?.fallback && !modelIds.has(r.fallback)) issues.push(`${at}.routing.${k}.fallback: unknown model "${r.fallback}"`);
        if (r?.policy === "named" && !r.model) issues.push(`${at}.routing.${k}.model: a named policy needs a model`);
      }
    }
  });
  if (!sc.actors.some((a) => a.role === "lab")) issues.push("actors: a scenario needs at least one lab");
  const catalogue = new Set(catalogueFor(sc).map((s) => s.id));
  sc.randomShocks.forEach((id, i) => {
    if (!catalogue.has(id)) issues.push(`randomShocks.${i}: unknown shock "${id}"`);
  });
  sc.schedule.forEach((s, i) => {
    if (!catalogue.has(s.shock)) issues.push(`schedule.${i}.shock: unknown shock "${s.shock}"`);
    if (s.quarter > sc.quarters) issues.push(`schedule.${i}.quarter: ${s.quarter} is after the last quarter (${sc.quarters})`);
  });
  // Every shock the scenario may fire names targets it has: its own entries, its random ones,
  // and its scheduled ones with their parameters.
  const world = shockWorldOf(sc);
  const specs = new Map(catalogueFor(sc).map((s) => [s.id, s]));
  sc.shocks.forEach((s, i) => {
    issues.push(...shockTargetIssues(s, world, issuePath(sc, ["shocks", i])));
  });
  sc.randomShocks.forEach((id, i) => {
    const spec = specs.get(id);
    if (spec && !sc.shocks.some((s) => s.id === id)) issues.push(...shockTargetIssues(spec, world, `randomShocks.${i} (${id})`));
  });
  sc.schedule.forEach((s, i) => {
    const spec = specs.get(s.shock);
    if (!spec) return;
    try {
      issues.push(...shockTargetIssues(shockWithParams(spec, s.params), world, `schedule.${i} (${s.shock})`));
    } catch (e) {
      issues.push(`schedule.${i}.params: ${e instanceof Error ? e.message : String(e)}`);
    }
  });
  if (sc.world.params.demandGrowthLow > sc.world.params.demandGrowthHigh) {
    issues.push("world.params.demandGrowthLow: must not exceed demandGrowthHigh");
  }
  if (sc.inputs) {
    issues.push(...inputsIssues(sc.inputs));
    for (const path of Object.keys(sc.inputs.distributions)) {
      const where = `inputs.distributions.${path}`;
      if (path === "inputs" || path.startsWith("inputs.")) issues.push(`${where}: an input cannot vary the inputs section`);
      else {
        try {
          applyOverrides(input, [{ path, value: null }]);
        } catch (e) {
          issues.push(`${where}: no such scenario field (${(e as Error).message.replace(/^--set [^:]*: /, "")})`);
        }
      }
    }
  }
  if (issues.length) throw new ScenarioError(`invalid scenario "${sc.id}"`, issues);
  return sc;
}

/**
 * Parses a `--set` value: JSON if it parses (numbers, booleans, arrays, quoted strings),
 * otherwise the raw string.
 */
export function parseSetValue(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

/**
 * Applies `path=value` overrides to a scenario input (dotted paths; array indices or
 * `actors.<id>` by id). A path that does not exist is an error: overrides add no fields but
 * those the scenario format declares and the scenario leaves out, optional or with a default,
 * with the groups that hold them (a rule at its default, `world.rules.<step>.<name>`, params.ts;
 * `actors.<id>.books.revenueGrowth`).
 */
export function applyOverrides(input: unknown, sets: readonly { path: string; value: unknown }[]): unknown {
  const root = JSON.parse(JSON.stringify(input)) as Record<string, unknown>;
  for (const { path, value } of sets) {
    const parts = path.split(".");
    if (parts.some((p) => p === "" || p === "__proto__" || p === "constructor" || p === "prototype")) {
      throw new ScenarioError(`--set ${path}: bad path`);
    }
    let node: unknown = root;
    let schema: z.ZodType | null = ScenarioSchema;
    for (let i = 0; i < parts.length - 1; i++) {
      const part = parts[i] as string;
      const field: z.ZodType | null = schema && declaredField(schema, node, part);
      if (node && typeof node === "object" && !Array.isArray(node) && !Object.hasOwn(node, part)) {
        // a declared group the scenario leaves out (e.g. world.rules.tokens) is added
        if (field && unwrapped(field) instanceof z.ZodObject) (node as Record<string, unknown>)[part] = {};
        else if (isParamGroup(parts.slice(0, i + 1).join(".")) || isParamGroup(parts.slice(0, i).join(".")))
          throw new ScenarioError(`--set ${path}: no such parameter (see npm run sim -- list --params)`);
      }
      schema = field;
      node = step(node, part, path);
    }
    const last = parts[parts.length - 1] as string;
    if (Array.isArray(node)) {
      const idx = resolveIndex(node, last, path);
      node[idx] = value;
    } else if (
      node &&
      typeof node === "object" &&
      (Object.hasOwn(node, last) || (schema !== null && declaredField(schema, node, last) !== null))
    ) {
      (node as Record<string, unknown>)[last] = value;
    } else if (isParamGroup(parts.slice(0, -1).join("."))) {
      throw new ScenarioError(`--set ${path}: no such parameter (see npm run sim -- list --params)`);
    } else {
      throw new ScenarioError(`--set ${path}: no field "${last}" there`);
    }
  }
  return root;
}

/**
 * The schema of `key` in `node`, a value `schema` describes, or null where the scenario format
 * declares no such field: an object's field (of the union member whose literal fields, such as
 * an actor's role, `node` has), an array's element (`key` an index or an id).
 */
function declaredField(schema: z.ZodType, node: unknown, key: string): z.ZodType | null {
  const s = unwrapped(schema);
  if (s instanceof z.ZodArray) return s.element as z.ZodType;
  if (s instanceof z.ZodUnion) {
    const member = (s.options as z.ZodType[]).find(
      (o) =>
        o instanceof z.ZodObject &&
        Object.entries(o.shape as Record<string, z.ZodType>).every(
          ([k, f]) =>
            !(f instanceof z.ZodLiteral) || (node !== null && typeof node === "object" && (node as Record<string, unknown>)[k] === f.value),
        ),
    );
    return member ? declaredField(member, node, key) : null;
  }
  if (s instanceof z.ZodObject) return Object.hasOwn(s.shape, key) ? (s.shape as Record<string, z.ZodType>)[key]! : null;
  return null;
}

/** A schema without its optional, nullable, default and prefault wrappers. */
function unwrapped(schema: z.ZodType): z.ZodType {
  let s = schema;
  while (s instanceof z.ZodOptional || s instanceof z.ZodDefault || s instanceof z.ZodPrefault || s instanceof z.ZodNullable)
    s = s.unwrap() as z.ZodType;
  return s;
}

/** A group of declared parameters (e.g. `world.rules.tokens`). */
function isParamGroup(prefix: string): boolean {
  return listParams().some((p) => p.path.startsWith(`${prefix}.`));
}

function resolveIndex(arr: unknown[], part: string, path: string): number {
  if (/^\d+$/.test(part)) {
    const i = Number(part);
    if (i < arr.length) return i;
    throw new ScenarioError(`--set ${path}: index ${i} out of range (length ${arr.length})`);
  }
  const i = arr.findIndex((x) => x && typeof x === "object" && (x as { id?: unknown }).id === part);
  if (i < 0) throw new ScenarioError(`--set ${path}: no element with id "${part}"`);
  return i;
}

function step(node: unknown, part: string, path: string): unknown {
  if (Array.isArray(node)) return node[resolveIndex(node, part, path)];
  if (node && typeof node === "object" && Object.hasOwn(node, part)) return (node as Record<string, unknown>)[part];
  throw new ScenarioError(`--set ${path}: no field "${part}"`);
}
