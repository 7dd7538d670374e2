/**
 * `sim list`: the built-in scenarios, the shock catalogue and the metric ids; `sim list --params`:
 * every parameter of the model (listParams()) with its path, unit, default, domain, plausible
 * range and source.
 */
import {
  catalogueFor,
  createGame,
  listParams,
  METRIC_IDS,
  metricInfo,
  parseScenario,
  quarterLabel,
  SCENARIO_IDS,
  type Scenario,
  ScenarioError,
  type ShockSpec,
  scenarioInput,
  shockParams,
} from "../../shared/index.ts";
import { valueAt } from "./cells.ts";
import { CliError, readScenarioInput, scenarioErrorLine } from "./common.ts";
import { table, unitLabel } from "./format.ts";

export interface ListOptions {
  json?: boolean;
  scenario?: string;
  /** every parameter of the model instead */
  params?: boolean;
}

/** A parameter value as --set takes it: exact, with an exponent for the very large and very small. */
function plainNumber(v: number): string {
  const a = Math.abs(v);
  if (a !== 0 && (a >= 1e6 || a < 1e-3))
    return v
      .toExponential()
      .replace(/\.?0+e/, "e")
      .replace("e+", "e");
  return String(v);
}

function plainValue(v: unknown): string {
  if (typeof v === "number") return plainNumber(v);
  if (typeof v === "boolean") return v ? "yes" : "no";
  if (Array.isArray(v)) return `[${v.map(plainValue).join(", ")}]`;
  return String(v);
}

function domainText(d: ReturnType<typeof listParams>[number]["domain"]): string {
  switch (d.kind) {
    case "number":
      return `${d.minOpen ? "(" : "["}${plainNumber(d.min)}, ${plainNumber(d.max)}]${d.int ? " whole" : ""}`;
    case "numbers":
      return `${d.length} numbers in ${d.minOpen ? "(" : "["}${plainNumber(d.min)}, ${plainNumber(d.max)}]${d.descending ? ", highest first" : ""}`;
    case "enum":
      return d.values.join(" | ");
    case "boolean":
      return "yes | no";
  }
}

/** Every parameter of the model (listParams()), with its value in `scenario`. */
export function paramsData(scenario: Scenario) {
  return {
    scenario: scenario.id,
    params: listParams().map((p) => ({
      path: p.path,
      unit: p.unit,
      /** null: every scenario sets its own (see value) */
      default: p.default,
      /** the value in the listed scenario (--scenario, default base) */
      value: valueAt(scenario, p.path) ?? null,
      domain: p.domain,
      plausible: p.plausible,
      source: p.source,
      doc: p.doc,
    })),
  };
}

function paramsTable(data: ReturnType<typeof paramsData>): string {
  const out: string[] = [];
  out.push(
    `Parameters of the model (--set <path>=<value>; sensitivity varies each number over its plausible range; "per scenario": no default, ${data.scenario}'s value shown)`,
  );
  out.push(
    table(
      [
        { header: "Path", align: "left" },
        { header: "Unit", align: "left" },
        { header: "Default", align: "left" },
        { header: "Domain", align: "left" },
        { header: "Plausible", align: "left" },
        { header: "Source", align: "left" },
        { header: "Meaning", align: "left" },
      ],
      data.params.map((p) => [
        p.path,
        p.unit,
        p.default === null ? `per scenario (${data.scenario}: ${plainValue(p.value)})` : plainValue(p.default),
        domainText(p.domain),
        p.plausible ? `${plainNumber(p.plausible[0])} – ${plainNumber(p.plausible[1])}` : "–",
        p.source,
        p.doc,
      ]),
    ),
  );
  return `${out.join("\n")}\n`;
}

function describeEffect(e: ShockSpec["effects"][number]): string {
  const rest = Object.entries(e)
    .filter(([k]) => k !== "kind")
    .map(([k, v]) => `${k}=${v}`)
    .join(" ");
  return rest ? `${e.kind}(${rest})` : e.kind;
}

function countRoles(actors: readonly { role: string }[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const a of actors) out[a.role] = (out[a.role] ?? 0) + 1;
  return out;
}

export function listData(metricScenario: Scenario) {
  const scenarios = SCENARIO_IDS.map((id) => {
    let sc: Scenario;
    try {
      sc = parseScenario(scenarioInput(id));
    } catch (e) {
      if (e instanceof ScenarioError) throw new CliError(scenarioErrorLine(e, `built-in scenario ${id}: `));
      throw e;
    }
    return {
      id: sc.id,
      title: sc.title,
      version: sc.version,
      start: quarterLabel(sc.start, 1),
      quarters: sc.quarters,
      seats: sc.actors.length,
      roles: countRoles(sc.actors),
      actors: sc.actors.map((a) => ({ id: a.id, role: a.role, name: a.name })),
    };
  });
  const shocks = catalogueFor(metricScenario).map((s) => ({
    id: s.id,
    title: s.title,
    duration: s.duration,
    probability: s.probability,
    fromQuarter: s.fromQuarter,
    effects: s.effects,
    params: shockParams(s),
    news: s.news,
    sources: s.sources,
  }));
  const state = createGame(metricScenario, 1);
  const metrics = METRIC_IDS(state).map((id) => ({ id, unit: unitLabel(id), description: metricInfo(id)?.doc ?? "" }));
  return { scenarios, shocks, metricsScenario: metricScenario.id, metrics };
}

export function listCommand(opts: ListOptions): void {
  const ref = opts.scenario ?? "base";
  let sc: Scenario;
  try {
    sc = parseScenario(readScenarioInput(ref));
  } catch (e) {
    if (e instanceof ScenarioError) throw new CliError(scenarioErrorLine(e, `${ref}: `));
    throw e;
  }
  if (opts.params) {
    const params = paramsData(sc);
    process.stdout.write(opts.json ? `${JSON.stringify(params, null, 2)}\n` : paramsTable(params));
    return;
  }
  const data = listData(sc);
  if (opts.json) {
    process.stdout.write(`${JSON.stringify(data, null, 2)}\n`);
    return;
  }
  const out: string[] = [];
  out.push("Scenarios (npm run sim -- run --scenario <id>)");
  out.push(
    table(
      [
        { header: "Id", align: "left" },
        { header: "Title", align: "left" },
        { header: "Start" },
        { header: "Quarters" },
        { header: "Seats" },
        { header: "Roles", align: "left" },
      ],
      data.scenarios.map((s) => [
        s.id,
        s.title,
        s.start,
        String(s.quarters),
        String(s.seats),
        Object.entries(s.roles)
          .map(([r, n]) => `${n} ${r}${n > 1 ? "s" : ""}`)
          .join(", "),
      ]),
    ),
  );
  out.push("");
  out.push(
    "Shock catalogue (--shock <id>@<quarter>[:<param>=<value>,…]; duration in quarters, 0 = permanent; p = chance per quarter when random)",
  );
  out.push(
    table(
      [
        { header: "Id", align: "left" },
        { header: "Title", align: "left" },
        { header: "Dur" },
        { header: "p" },
        { header: "Effects (parameters: duration, effects.<i>.<field>)", align: "left" },
      ],
      data.shocks.map((s) => [s.id, s.title, String(s.duration), s.probability.toFixed(2), s.effects.map(describeEffect).join("; ")]),
    ),
  );
  out.push("");
  out.push(`Metrics (summary.json, runs.csv.gz, wide.csv; ids for scenario ${data.metricsScenario}; --scenario <id> for another)`);
  out.push(
    table(
      [
        { header: "Metric id", align: "left" },
        { header: "Unit", align: "left" },
        { header: "Meaning", align: "left" },
      ],
      data.metrics.map((m) => [m.id, m.unit, m.description]),
    ),
  );
  process.stdout.write(`${out.join("\n")}\n`);
}
