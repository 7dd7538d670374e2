/**
 * `sim list`: the built-in scenarios, the shock catalogue and the metric ids.
 */
import {
  catalogueFor,
  createGame,
  METRIC_IDS,
  parseScenario,
  quarterLabel,
  SCENARIO_IDS,
  type Scenario,
  ScenarioError,
  type ShockSpec,
  scenarioInput,
} from "../../shared/index.ts";
import { CliError, readScenarioInput, scenarioErrorLine } from "./common.ts";
import { table, unitLabel } from "./format.ts";

export interface ListOptions {
  json?: boolean;
  scenario?: string;
}

const METRIC_NOTES: Record<string, string> = {
  tokenPriceIndex: "volume-weighted price of tokens served, $ per million tokens",
  fixedCapabilityPrice: "cheapest model at or above quarter 1's frontier capability, $ per million tokens",
  gpuHourPrice: "GPU-hour price (H100-equivalent), $ per hour",
  totalTokens: "tokens served in the quarter",
  hbmPrice: "HBM price, $ per stack",
  frontierTokenShare: "share of tokens served by frontier-tier models, fraction",
  frontierRevenueShare: "share of model revenue earned by frontier-tier models, fraction",
  aiCapex: "AI capital spending in the quarter, $",
  waferUtilization: "share of leading-node wafer capacity used, fraction",
  gpuUtilization: "share of installed GPU-hours used, fraction",
  shadowOutput: "value created by AI in the quarter, $",
  revenue: "revenue in the quarter, $",
  grossMargin: "gross profit / revenue, fraction",
  cash: "cash at the end of the quarter, $",
  fcf: "free cash flow in the quarter (operating cash flow − capex), $",
  valuation: "market value of equity at the end of the quarter, $",
  tokensServed: "tokens the lab served in the quarter",
};

function noteOf(id: string): string {
  if (id.startsWith("costPerTask.")) return `cost per resolved task of class ${id.slice(12)} (tokens × price × attempts), $ per task`;
  return METRIC_NOTES[id.slice(id.lastIndexOf(".") + 1)] ?? "";
}

/** Tunable numbers of a shock, as `--shock id@q:<param>=<value>` accepts them. */
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
  const metrics = METRIC_IDS(state).map((id) => ({ id, unit: unitLabel(id), description: noteOf(id) }));
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
