/**
 * Charts over time from the public history (and the seat's own figures): each chart has a
 * series set for uPlot, a table twin and a CSV download.
 */
import type { PlayerView, QuarterIndicators } from "../../shared/index.ts";
import { fmt, toCsv, type Unit } from "./format.ts";

export interface ChartSeries {
  label: string;
  values: (number | null)[];
}

export interface ChartModel {
  id: string;
  title: string;
  unit: Unit;
  /** y axis in log scale (prices that fall 10x a year) */
  log: boolean;
  labels: string[];
  quarters: number[];
  series: ChartSeries[];
  table: { header: string[]; rows: string[][] };
  csv: string;
  filename: string;
  note?: string;
}

type Pick = (h: QuarterIndicators) => number | null;

function make(
  view: PlayerView,
  id: string,
  title: string,
  unit: Unit,
  series: { label: string; pick: Pick }[],
  log = false,
  note?: string,
): ChartModel {
  const h = view.history;
  const labels = h.map((x) => x.label);
  const quarters = h.map((x) => x.quarter);
  const ser = series.map((s) => ({
    label: s.label,
    values: h.map((x) => {
      const v = s.pick(x);
      return v === null || v === undefined || !Number.isFinite(v) ? null : v;
    }),
  }));
  const header = ["Quarter", ...ser.map((s) => `${s.label} (${unit || "value"})`)];
  const rows = labels.map((l, i) => [l, ...ser.map((s) => fmt(s.values[i], unit))]);
  const csv = toCsv(
    ["quarter", "label", ...ser.map((s) => `${s.label} [${unit || "value"}]`)],
    labels.map((l, i) => [quarters[i]!, l, ...ser.map((s) => s.values[i] ?? null)]),
  );
  return {
    id,
    title,
    unit,
    log,
    labels,
    quarters,
    series: ser,
    table: { header, rows },
    csv,
    filename: `${view.scenarioId}-${id}.csv`,
    ...(note ? { note } : {}),
  };
}

export function chartsModel(view: PlayerView): ChartModel[] {
  const name = (id: string) => view.actors.find((a) => a.id === id)?.name ?? id;
  const companies = view.actors.filter((a) => a.role !== "enterprise");
  const labs = view.actors.filter((a) => a.role === "lab");
  const charts: ChartModel[] = [
    make(
      view,
      "token-price",
      "Token price",
      "$/Mtok",
      [{ label: "Token price", pick: (h) => h.tokenPriceIndex }],
      false,
      "$ per million tokens, volume-weighted over every model sold",
    ),
    make(
      view,
      "fixed-capability",
      "Price of a fixed capability",
      "$/Mtok",
      [{ label: "Fixed-capability price", pick: (h) => h.fixedCapabilityPrice }],
      true,
    ),
    make(
      view,
      "cost-per-task",
      "Cost per resolved task, by task class",
      "$",
      view.taskClasses.map((tc) => ({ label: tc.name, pick: (h: QuarterIndicators) => h.costPerTask[tc.id] ?? null })),
      true,
    ),
    make(view, "gpu-hour", "GPU-hour price", "$/GPU-h", [{ label: "GPU-hour price", pick: (h) => h.gpuHourPrice }]),
    make(view, "capex", "AI capex", "$", [{ label: "AI capex", pick: (h) => h.aiCapex }]),
    make(view, "utilisation", "Utilisation", "%", [
      { label: "Wafer utilisation", pick: (h) => h.waferUtilization },
      { label: "GPU utilisation", pick: (h) => h.gpuUtilization },
    ]),
    make(
      view,
      "revenue",
      "Revenue by company",
      "$",
      companies.map((a) => ({ label: a.name, pick: (h: QuarterIndicators) => h.actors[a.id]?.revenue ?? null })),
    ),
    make(
      view,
      "shares",
      "Share of tokens served (labs)",
      "%",
      labs.map((a) => ({ label: a.name, pick: (h: QuarterIndicators) => h.actors[a.id]?.share ?? null })),
    ),
    make(view, "value-created", "Value created by AI (shadow output)", "$", [{ label: "Shadow output", pick: (h) => h.shadowOutput }]),
    make(
      view,
      "value-of-work",
      "What AI-done work is worth",
      "idx",
      [{ label: "Value of a task", pick: (h) => h.valueScale }],
      false,
      "1.00 = the first quarter; falls as AI's output grows relative to the economy (deployment is deflationary)",
    ),
    make(view, "frontier-share", "Frontier share of tokens and revenue", "%", [
      { label: "Frontier token share", pick: (h) => h.frontierTokenShare },
      { label: "Frontier revenue share", pick: (h) => h.frontierRevenueShare },
    ]),
  ];
  if (view.seat && view.own) {
    const seat = view.seat;
    charts.splice(
      6,
      0,
      make(
        view,
        "margins",
        `Your gross margin (${name(seat)})`,
        "%",
        [{ label: "Gross margin", pick: (h) => h.actors[seat]?.grossMargin ?? null }],
        false,
        "Other companies' margins are private.",
      ),
    );
  }
  return charts;
}
