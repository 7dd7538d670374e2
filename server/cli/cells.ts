/** What sweep and sensitivity share: metric specs (`id@quarter`), per-run columns of a cell, range checks. */
import { applyOverrides, nearMetricIds, parseScenario, ScenarioError } from "../../shared/index.ts";
import { CliError, type GameSetup, scenarioErrorLine, withoutInputs } from "./common.ts";
import type { CellHeader, RunOutput } from "./plan.ts";

export interface MetricSpec {
  /** as given */
  spec: string;
  id: string;
  /** 0-based quarter index; -1 = each run's last */
  q: number;
  label: string;
}

/** "totalTokens", "totalTokens@8", "totalTokens@2028Q2" → a metric at a quarter (default: the last). */
export function parseMetricSpec(spec: string, header: CellHeader, quarters: number): MetricSpec {
  const [id = "", at] = spec.split("@");
  if (!header.ids.includes(id)) {
    const near = nearMetricIds(header.ids, id, 5);
    throw new CliError(
      `--metric ${spec}: unknown metric "${id}"${near.length ? ` (did you mean ${near.join(", ")}?)` : " (see: npm run sim -- list)"}`,
    );
  }
  const labels = header.labels.slice(0, quarters);
  if (at === undefined || at === "") return { spec, id, q: -1, label: labels[labels.length - 1] ?? "final" };
  const byLabel = labels.indexOf(at);
  const q = byLabel >= 0 ? byLabel : /^\d+$/.test(at) ? Number(at) - 1 : -2;
  if (q < 0 || q >= labels.length)
    throw new CliError(
      `--metric ${spec}: quarter ${at} is outside the game (1..${labels.length}, or ${labels[0]}..${labels[labels.length - 1]})`,
    );
  return { spec, id, q, label: labels[q] as string };
}

/** The metric's value in every run of a cell (NaN for failed runs or no value), by run. */
export function column(results: (RunOutput | undefined)[], header: CellHeader, m: MetricSpec): Float64Array {
  const mi = header.ids.indexOf(m.id);
  return Float64Array.from(results, (r) => {
    if (!r?.ok || mi < 0 || !r.quarters) return Number.NaN;
    const q = m.q < 0 ? r.quarters - 1 : m.q;
    if (q >= r.quarters) return Number.NaN;
    return r.values[mi * r.quarters + q] as number;
  });
}

/** Checks that the scenario accepts `path` at each value; a one-line error otherwise. */
export function checkValues(setup: GameSetup, path: string, values: unknown[], option: string): void {
  const bare = withoutInputs(setup.effectiveInput);
  for (const value of values) {
    try {
      parseScenario(applyOverrides(bare, [{ path, value }]));
    } catch (e) {
      if (e instanceof ScenarioError) {
        const msg = e.message.startsWith("--set") ? e.message.replace(/^--set [^:]*: /, "") : scenarioErrorLine(e);
        throw new CliError(`${option} ${path}=${JSON.stringify(value)}: ${msg}`);
      }
      throw e;
    }
  }
}

/** The scenario's current value at a dotted path (ids for arrays of objects), or undefined. */
export function valueAt(input: unknown, path: string): unknown {
  let node: unknown = input;
  for (const part of path.split(".")) {
    if (Array.isArray(node))
      node = /^\d+$/.test(part) ? node[Number(part)] : node.find((x) => x && typeof x === "object" && (x as { id?: unknown }).id === part);
    else if (node && typeof node === "object" && Object.hasOwn(node, part)) node = (node as Record<string, unknown>)[part];
    else return undefined;
  }
  return node;
}

export function pad(n: number, width: number): string {
  return String(n).padStart(width, "0");
}
