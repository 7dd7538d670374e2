/**
 * What-if fans (the `fork` request): which figures a member may fan, and a fan as a chart
 * model (p10 / p50 / p90 lines, and the same with a shock for the impact preview) with its
 * table twin and CSV. Pure: no DOM.
 */
import type { ForkFanData, PlayerView } from "../../shared/index.ts";
import type { ChartModel } from "./charts.ts";
import { fmt, toCsv, type Unit } from "./format.ts";

export interface FanFigure {
  /** the metric id the server fans */
  id: string;
  label: string;
  unit: Unit;
  group: string;
}

const WORLD: [string, string, Unit][] = [
  ["tokenPriceIndex", "Token price index", "$/Mtok"],
  ["gpuHourPrice", "GPU-hour price", "$/GPU-h"],
  ["aiCapex", "Hyperscalers' AI capex", "$"],
  ["totalTokens", "Tokens served", ""],
  ["apiSpend", "What buyers paid for AI work", "$"],
  ["shadowOutput", "Value AI creates beyond its price", "$"],
  ["chipAsp", "Accelerator price", "$/unit"],
  ["gpuUtilization", "GPU utilisation", "%"],
  ["frontierTokenShare", "Frontier models' share of tokens", "%"],
  ["rate", "Interest rate", "%"],
];
const PUBLIC: [string, string, Unit][] = [
  ["revenue", "revenue", "$"],
  ["valuation", "valuation", "$"],
  ["sharePrice", "share price", "$"],
  ["tsr", "shareholder return", "%"],
  ["capex", "capex", "$"],
];
const OWN: [string, string, Unit][] = [
  ["cash", "cash", "$"],
  ["grossMargin", "gross margin", "%"],
  ["fcf", "free cash flow", "$"],
  ["debt", "debt", "$"],
];

/** The figures a member may fan: the world's, every company's public ones, and its own seat's books. */
export function fanFigures(view: PlayerView, seat: string | null): FanFigure[] {
  const out: FanFigure[] = WORLD.map(([id, label, unit]) => ({ id, label, unit, group: "The market" }));
  const mine = seat ? view.actors.find((a) => a.id === seat) : undefined;
  if (mine)
    for (const [leaf, label, unit] of [...PUBLIC, ...OWN])
      out.push({ id: `actor.${mine.id}.${leaf}`, label: `${mine.name}: ${label}`, unit, group: "Your company" });
  for (const a of view.actors) {
    if (a.id === mine?.id) continue;
    for (const [leaf, label, unit] of PUBLIC)
      out.push({ id: `actor.${a.id}.${leaf}`, label: `${a.name}: ${label}`, unit, group: "Companies" });
  }
  return out;
}

/** A fan as a chart: p10 / p50 / p90 over every quarter, the shocked fan beside it when there is one. */
export function fanChartModel(data: ForkFanData, figure: FanFigure, scenarioId: string, shockTitle?: string): ChartModel {
  const unit = figure.unit;
  const bands = [
    { name: "", band: data.fan },
    ...(data.shocked ? [{ name: ` with ${shockTitle ?? data.shock}`, band: data.shocked }] : []),
  ];
  const series = bands.flatMap(({ name, band }) => [
    { label: `p90${name}`, values: band.p90 },
    { label: `median${name}`, values: band.p50 },
    { label: `p10${name}`, values: band.p10 },
  ]);
  const quarters = data.quarters.map((_, i) => i + 1);
  const header = ["Quarter", ...series.map((s) => `${s.label} (${unit || "value"})`)];
  const rows = data.quarters.map((l, i) => [`${l}${i + 1 <= data.from ? " (played)" : ""}`, ...series.map((s) => fmt(s.values[i], unit))]);
  const csv = toCsv(
    ["quarter", "label", "played", ...series.map((s) => `${s.label} [${unit || "value"}]`)],
    data.quarters.map((l, i) => [i + 1, l, i + 1 <= data.from ? 1 : 0, ...series.map((s) => s.values[i] ?? null)]),
  );
  const played = data.from > 0 ? `${data.quarters[data.from - 1]} and before as played; ` : "";
  return {
    id: `fan-${figure.id}`,
    title: `${figure.label}: ${data.runs} futures`,
    unit,
    log: false,
    labels: data.quarters,
    quarters,
    series,
    table: { header, rows },
    csv,
    filename: `${scenarioId}-fan-${figure.id}.csv`,
    note: `${played}then ${data.runs} seeded continuations with bots in every seat: the middle 80% lies between p10 and p90.`,
  };
}
