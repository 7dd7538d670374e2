/**
 * What every sim command shares: resolving `--scenario`, `--set` and `--shock` into a parsed
 * scenario plus the run inputs, and turning every bad input into one clear line on stderr.
 */
import { existsSync, readFileSync } from "node:fs";
import {
  type Distribution,
  type Draw,
  drawInputs,
  InputsSchema,
  type InputsSpec,
  inputsIssues,
  parseDistribution,
} from "../../shared/analysis/index.ts";
import {
  applyOverrides,
  catalogueFor,
  checkFiredShocks,
  createGame,
  errorLine,
  injectNewShock,
  parseScenario,
  parseSetValue,
  SCENARIO_IDS,
  type Scenario,
  ScenarioError,
  scenarioInput,
} from "../../shared/index.ts";

/** An error the user can fix: printed as one line, exit code 2 (1 is kept for a failed replay). */
export class CliError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode = 2) {
    super(message);
    this.name = "CliError";
    this.exitCode = exitCode;
  }
}

export interface Override {
  path: string;
  value: unknown;
}

export interface Injection {
  shock: string;
  quarter: number;
  params?: Record<string, number | string | boolean>;
}

/** Everything needed to play a game or a batch, resolved and validated. */
export interface GameSetup {
  /** the scenario id, or the file it came from */
  source: string;
  /** the raw scenario JSON before overrides */
  input: unknown;
  overrides: Override[];
  /** the raw scenario JSON after overrides */
  effectiveInput: unknown;
  scenario: Scenario;
  injected: Injection[];
  /** quarters to play (--quarters; at most the scenario's length, which --set quarters=n changes) */
  quarters: number;
}

/** Collects a repeatable option into an array (commander). */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** One line from a ScenarioError: "invalid scenario: a.b: msg; c: msg". */
export function scenarioErrorLine(err: ScenarioError, prefix = ""): string {
  return `${prefix}${errorLine(err)}`;
}

/** Reads a scenario given as a built-in id or as a path to a JSON file. */
export function readScenarioInput(ref: string): unknown {
  if (SCENARIO_IDS.includes(ref)) return scenarioInput(ref);
  if (existsSync(ref)) {
    let text: string;
    try {
      text = readFileSync(ref, "utf8");
    } catch (e) {
      throw new CliError(`cannot read scenario file ${ref}: ${(e as Error).message}`);
    }
    try {
      return JSON.parse(text);
    } catch (e) {
      throw new CliError(`scenario file ${ref} is not valid JSON: ${(e as Error).message}`);
    }
  }
  if (ref.endsWith(".json") || ref.includes("/")) throw new CliError(`scenario file not found: ${ref}`);
  throw new CliError(`unknown scenario "${ref}" (built-in: ${SCENARIO_IDS.join(", ")}; or give a path to a .json file)`);
}

/** "a.b.c=1.5" → { path: "a.b.c", value: 1.5 } (JSON if it parses, else the raw string). */
export function parseSet(raw: string): Override {
  const eq = raw.indexOf("=");
  if (eq <= 0) throw new CliError(`--set ${raw}: expected <path>=<value>, e.g. --set world.capital.rate=0.05`);
  const path = raw.slice(0, eq).trim();
  if (!/^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/.test(path))
    throw new CliError(`--set ${raw}: bad path "${path}" (dotted field names or indices)`);
  return { path, value: parseSetValue(raw.slice(eq + 1)) };
}

/**
 * "wafer-shortage@3" or "wafer-shortage@3:duration=2,effects.0.multiplier=0.6"
 * → an injection; checked against the scenario's catalogue and length.
 */
export function parseShock(raw: string, scenario: Scenario, quarters = scenario.quarters): Injection {
  const m = /^([^@\s]+)@([^:]*)(?::(.*))?$/.exec(raw.trim());
  if (!m) throw new CliError(`--shock ${raw}: expected <id>@<quarter>, e.g. --shock wafer-shortage@3`);
  const [, id = "", q = "", paramText] = m;
  const catalogue = catalogueFor(scenario);
  const spec = catalogue.find((s) => s.id === id);
  if (!spec) throw new CliError(`--shock ${raw}: unknown shock "${id}" (known: ${catalogue.map((s) => s.id).join(", ")})`);
  if (!/^\d+$/.test(q)) throw new CliError(`--shock ${raw}: quarter "${q}" is not a whole number (quarters count from 1)`);
  const quarter = Number(q);
  if (quarter < 1 || quarter > quarters) {
    throw new CliError(`--shock ${raw}: quarter ${quarter} is outside the game (1..${quarters})`);
  }
  const injection: Injection = { shock: id, quarter };
  if (paramText !== undefined && paramText !== "") {
    const params: Record<string, number | string | boolean> = {};
    for (const part of paramText.split(",")) {
      const eq = part.indexOf("=");
      if (eq <= 0) throw new CliError(`--shock ${raw}: parameter "${part}" should be <name>=<value>`);
      const key = part.slice(0, eq).trim();
      const value = parseSetValue(part.slice(eq + 1));
      if (typeof value !== "number" && typeof value !== "string" && typeof value !== "boolean") {
        throw new CliError(`--shock ${raw}: parameter ${key} must be a number, string or boolean`);
      }
      const current = lookup(spec, key);
      if (current === undefined) throw new CliError(`--shock ${raw}: shock "${id}" has no parameter "${key}"`);
      if (typeof current !== typeof value) {
        throw new CliError(`--shock ${raw}: parameter ${key} must be a ${typeof current} (got ${JSON.stringify(value)})`);
      }
      params[key] = value;
    }
    injection.params = params;
  }
  return injection;
}

function lookup(root: unknown, path: string): unknown {
  let node: unknown = root;
  for (const part of path.split(".")) {
    if (node === null || typeof node !== "object" || !Object.hasOwn(node, part)) return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}

export interface SetupOptions {
  scenario?: string;
  set?: string[];
  shock?: string[];
  quarters?: string;
}

/** Resolves --scenario, --quarters, --set and --shock; throws CliError naming the problem. */
export function resolveSetup(opts: SetupOptions): GameSetup {
  if (!opts.scenario) throw new CliError("missing --scenario <id|path.json>");
  const input = readScenarioInput(opts.scenario);
  const overrides = (opts.set ?? []).map(parseSet);
  let effectiveInput: unknown;
  let scenario: Scenario;
  try {
    effectiveInput = applyOverrides(input, overrides);
    scenario = checkFiredShocks(parseScenario(effectiveInput));
  } catch (e) {
    if (e instanceof ScenarioError) {
      const from = SCENARIO_IDS.includes(opts.scenario) ? "" : `${opts.scenario}: `;
      throw new CliError(scenarioErrorLine(e, from));
    }
    throw e;
  }
  let quarters = scenario.quarters;
  if (opts.quarters !== undefined) {
    quarters = parsePositiveInt(opts.quarters, "--quarters", scenario.quarters);
  }
  const injected = (opts.shock ?? []).map((s) => parseShock(s, scenario, quarters));
  // let the engine check each injection (parameter ranges) now, before anything runs or is written
  if (injected.length) {
    const state = createGame(scenario, 0);
    injected.forEach((inj, i) => {
      try {
        injectNewShock(state, inj.shock, inj.params ?? {}, inj.quarter);
      } catch (e) {
        if (e instanceof ScenarioError) throw new CliError(scenarioErrorLine(e, `--shock ${opts.shock?.[i]}: `));
        throw e;
      }
    });
  }
  return { source: opts.scenario, input, overrides, effectiveInput, scenario, injected, quarters };
}

export function parsePositiveInt(raw: string, name: string, max = Number.MAX_SAFE_INTEGER): number {
  if (!/^\d+$/.test(raw.trim())) throw new CliError(`${name} ${raw}: expected a whole number`);
  const n = Number(raw);
  if (n < 1 || n > max)
    throw new CliError(
      `${name} ${raw}: must be between 1 and ${max}${name === "--quarters" ? " (the scenario's length; --set quarters=<n> changes it)" : ""}`,
    );
  return n;
}

export function parseSeed(raw: string | undefined): number {
  if (raw === undefined) return 1;
  if (!/^\d+$/.test(raw.trim())) throw new CliError(`--seed ${raw}: expected a whole number in [0, 4294967295]`);
  const n = Number(raw);
  if (n > 0xffffffff) throw new CliError(`--seed ${raw}: must be at most 4294967295`);
  return n;
}

/** The scenario JSON without its `inputs` section: what a run plays once its inputs are drawn. */
export function withoutInputs(input: unknown): unknown {
  if (!input || typeof input !== "object" || !("inputs" in input)) return input;
  const { inputs: _drop, ...rest } = input as Record<string, unknown>;
  return rest;
}

export interface InputOptions {
  dist?: string[];
  correlate?: string[];
}

/**
 * The input distributions of a batch: the scenario's `inputs` section, with `--dist <path>=<dist>`
 * added or replacing and `--correlate <a>,<b>=<rank>` added. Each path is checked at the ends of
 * its distribution (or its centre, when unbounded): a value the scenario refuses is an error now,
 * not a batch of failed runs.
 */
export function resolveInputs(setup: GameSetup, opts: InputOptions): InputsSpec | null {
  const base = setup.scenario.inputs;
  const distributions: Record<string, Distribution> = { ...(base?.distributions ?? {}) };
  const correlations = [...(base?.correlations ?? [])];
  for (const raw of opts.dist ?? []) {
    const eq = raw.indexOf("=");
    if (eq <= 0) throw new CliError(`--dist ${raw}: expected <path>=<distribution>, e.g. --dist world.params.catchUp=uniform(0.05,0.3)`);
    const path = raw.slice(0, eq).trim();
    try {
      distributions[path] = parseDistribution(raw.slice(eq + 1));
    } catch (e) {
      throw new CliError(`--dist ${path}: ${(e as Error).message}`);
    }
  }
  for (const raw of opts.correlate ?? []) {
    const m = /^([^,=]+),([^,=]+)=(-?[0-9.]+)$/.exec(raw.trim());
    if (!m) throw new CliError(`--correlate ${raw}: expected <pathA>,<pathB>=<rank correlation>, e.g. --correlate a.b,c.d=0.5`);
    const rank = Number(m[3]);
    if (!(rank >= -1 && rank <= 1)) throw new CliError(`--correlate ${raw}: the rank correlation must lie in [-1, 1]`);
    correlations.push({ between: [m[1] as string, m[2] as string], rank });
  }
  if (!Object.keys(distributions).length) {
    if (correlations.length) throw new CliError("--correlate: there are no input distributions to correlate (--dist)");
    return null;
  }
  const parsed = InputsSchema.safeParse({ distributions, correlations });
  if (!parsed.success) throw new CliError(`inputs: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  const spec = parsed.data;
  const issues = inputsIssues(spec);
  if (issues.length) throw new CliError(issues.join("; "));
  const bare = withoutInputs(setup.effectiveInput);
  for (const [path, d] of Object.entries(spec.distributions)) {
    const probes: unknown[] =
      d.dist === "uniform" || d.dist === "triangular"
        ? [d.min, d.max]
        : d.dist === "discrete"
          ? d.values
          : [d.min ?? (d.dist === "normal" ? d.mean : d.median), d.max ?? (d.dist === "normal" ? d.mean : d.median)];
    for (const value of probes) {
      try {
        parseScenario(applyOverrides(bare, [{ path, value }]));
      } catch (e) {
        if (e instanceof ScenarioError) {
          const msg = e.message.startsWith("--set") ? e.message.replace(/^--set [^:]*: /, "") : scenarioErrorLine(e);
          throw new CliError(`input ${path}=${JSON.stringify(value)}: ${msg}`);
        }
        throw e;
      }
    }
  }
  return spec;
}

/** The scenario a single game with this seed plays: its inputs drawn from the seed, as run `seed` of a batch draws them. */
export function scenarioForSeed(setup: GameSetup, inputs: InputsSpec | null, seed: number): { scenario: Scenario; draws: Draw[] } {
  if (!inputs) return { scenario: setup.scenario, draws: [] };
  const draws = drawInputs(inputs, seed);
  return { scenario: parseScenario(applyOverrides(withoutInputs(setup.effectiveInput), draws)), draws };
}
