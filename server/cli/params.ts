/**
 * The parameters a tornado varies, with their low and high: the engine's declaration of every
 * parameter (listParams(), shared/scenario/params.ts) gives each its `plausible` [low, high].
 * `--params all` takes every number parameter (lists, choices and yes/no are left out), the
 * world's required ones too; a range is kept inside the parameter's domain (whole numbers for
 * an integer), and the demand growth cone's ends are kept from crossing the scenario's other end.
 */
import { listParams, type ParamInfo, type Scenario } from "../../shared/index.ts";
import { checkValues, valueAt } from "./cells.ts";
import { CliError, type GameSetup } from "./common.ts";

export interface ParamRange {
  path: string;
  low: number;
  high: number;
  unit?: string;
  /** a whole number (Sobol samples are rounded) */
  int?: boolean;
  /** why the range differs from the declared plausible one */
  note?: string;
}

export interface ParamChoice {
  params: ParamRange[];
  /** number parameters left out, and why (e.g. a plausible range with no width) */
  skipped: { path: string; why: string }[];
}

/** The parameter's plausible range for this scenario, or why it has none. */
export function plausibleRange(p: ParamInfo, scenario: Scenario): ParamRange | { path: string; why: string } {
  const d = p.domain;
  if (d.kind !== "number")
    return { path: p.path, why: d.kind === "numbers" ? "a list of numbers" : d.kind === "enum" ? "a choice" : "yes/no" };
  if (!p.plausible) return { path: p.path, why: "no plausible range declared" };
  let [low, high] = p.plausible;
  const notes: string[] = [];
  if (low < d.min || (d.minOpen && low <= d.min)) {
    low = d.minOpen ? Math.min(high, d.min + Math.abs(high - d.min) * 1e-3) : d.min;
    notes.push("low end raised into the domain");
  }
  if (high > d.max) {
    high = d.max;
    notes.push("high end lowered into the domain");
  }
  if (d.int) {
    low = Math.ceil(low);
    high = Math.floor(high);
  }
  // the cone's ends may not cross (parseScenario refuses demandGrowthLow > demandGrowthHigh)
  if (p.path === "world.params.demandGrowthLow") {
    const other = valueAt(scenario, "world.params.demandGrowthHigh") as number;
    if (high > other) {
      high = other;
      notes.push(`high end held at ${scenario.id}'s demandGrowthHigh`);
    }
  }
  if (p.path === "world.params.demandGrowthHigh") {
    const other = valueAt(scenario, "world.params.demandGrowthLow") as number;
    if (low < other) {
      low = other;
      notes.push(`low end held at ${scenario.id}'s demandGrowthLow`);
    }
  }
  if (!(high > low)) return { path: p.path, why: `no width (plausible ${p.plausible[0]}..${p.plausible[1]})` };
  const out: ParamRange = { path: p.path, low, high, unit: p.unit };
  if (d.int) out.int = true;
  if (notes.length) out.note = notes.join("; ");
  return out;
}

/** Every number parameter of the model with its plausible range (`--params all`). */
export function plausibleParams(scenario: Scenario): ParamChoice {
  const params: ParamRange[] = [];
  const skipped: ParamChoice["skipped"] = [];
  for (const p of listParams()) {
    if (p.domain.kind !== "number") continue;
    const r = plausibleRange(p, scenario);
    if ("why" in r) skipped.push(r);
    else params.push(r);
  }
  return { params, skipped };
}

/**
 * The parameters an option names (`--params`, or `option` in its errors): `all`
 * (plausibleParams), or a comma-separated list of declared paths (each over its plausible
 * range), groups (`world.params.*`: every number parameter declared under it, as `all` takes
 * them) and `<path>=<low>..<high>`.
 */
export function parseParamChoice(text: string, scenario: Scenario, option = "--params"): ParamChoice {
  if (text === "all") return plausibleParams(scenario);
  const declared = new Map(listParams().map((p) => [p.path, p]));
  const params: ParamRange[] = [];
  const skipped: ParamChoice["skipped"] = [];
  for (const p of text
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)) {
    if (p.endsWith(".*")) {
      const prefix = p.slice(0, -1);
      const group = [...declared.values()].filter((x) => x.path.startsWith(prefix) && x.domain.kind === "number");
      if (!group.length)
        throw new CliError(
          `${option} ${p}: no number parameter is declared under ${prefix.slice(0, -1)} (see npm run sim -- list --params)`,
        );
      for (const info of group) {
        const r = plausibleRange(info, scenario);
        if ("why" in r) skipped.push(r);
        else params.push(r);
      }
      continue;
    }
    const m = /^([A-Za-z0-9_.-]+)(?:=(-?[0-9.eE+-]+)\.\.(-?[0-9.eE+-]+))?$/.exec(p);
    if (!m) throw new CliError(`${option} ${p}: expected <path>, <group>.* or <path>=<low>..<high>`);
    const path = m[1] as string;
    if (m[2] === undefined) {
      const info = declared.get(path);
      if (!info)
        throw new CliError(
          `${option} ${p}: not a declared parameter (see npm run sim -- list --params): give its range as ${path}=<low>..<high>`,
        );
      const r = plausibleRange(info, scenario);
      if ("why" in r) throw new CliError(`${option} ${p}: ${option} varies numbers over a range, and ${path} has none (${r.why})`);
      params.push(r);
      continue;
    }
    const low = Number(m[2]);
    const high = Number(m[3]);
    if (!(high > low)) throw new CliError(`${option} ${p}: empty range (${low}..${high}): the high end must exceed the low end`);
    const unit = declared.get(path)?.unit;
    params.push(unit === undefined ? { path, low, high } : { path, low, high, unit });
  }
  return { params, skipped };
}

/**
 * The parameters `--params` names (parseParamChoice), each checked: a number field of the
 * scenario, and both ends of its range accepted by the model (a one-line error naming it if not).
 */
export function paramsToVary(text: string, setup: GameSetup): ParamChoice {
  const choice = parseParamChoice(text, setup.scenario);
  if (!choice.params.length) throw new CliError("--params: no parameters to vary");
  for (const p of choice.params) {
    if (typeof valueAt(setup.scenario, p.path) !== "number")
      throw new CliError(`--params ${p.path}: no number field "${p.path}" in the scenario`);
    checkValues(setup, p.path, [p.low, p.high], "--params");
  }
  return choice;
}
