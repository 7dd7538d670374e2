/** Charts over time with uPlot (loaded lazily); every chart has a table twin and a CSV download. */

import type uPlot from "uplot";
import type { PlayerView } from "../../shared/index.ts";
import { type ChartModel, chartsModel } from "../presenters/charts.ts";
import { fmt, logTickLabels, tickLabels } from "../presenters/format.ts";
import { SERIES_COLOURS } from "../presenters/roles.ts";
import { clear, download, h } from "./dom.ts";

type UPlotCtor = typeof uPlot;
let uplotP: Promise<UPlotCtor> | null = null;
function loadUPlot(): Promise<UPlotCtor> {
  if (!uplotP) {
    uplotP = Promise.all([import("uplot"), import("uplot/dist/uPlot.min.css")]).then(([m]) => m.default);
  }
  return uplotP;
}

const DASHES: number[][] = [[], [6, 4], [2, 3], [10, 3, 2, 3], [1, 6], [8, 8]];
const live = new Map<string, { destroy(): void }>();

export function destroyCharts(): void {
  for (const p of live.values()) p.destroy();
  live.clear();
}

export async function renderCharts(el: HTMLElement, view: PlayerView, only?: string[]): Promise<void> {
  destroyCharts();
  clear(el);
  const models = chartsModel(view).filter((c) => !only || only.includes(c.id));
  el.append(h("h2", { id: "charts-h" }, "Charts over time"));
  if (view.history.length === 0) {
    el.append(h("p.hint", {}, "Charts fill in once the first quarter resolves."));
    return;
  }
  const grid = h("div.charts");
  el.append(grid);
  const U = await loadUPlot();
  for (const m of models) grid.append(chartCard(U, m));
}

/**
 * One chart card (a what-if fan's), outside the charts panel: `destroyCharts` leaves it alone;
 * the returned function destroys its plot.
 */
export async function renderChart(el: HTMLElement, m: ChartModel): Promise<() => void> {
  const U = await loadUPlot();
  const own = new Map<string, { destroy(): void }>();
  el.append(chartCard(U, m, own));
  return () => {
    for (const p of own.values()) p.destroy();
    own.clear();
  };
}

function chartCard(U: UPlotCtor, m: ChartModel, registry: Map<string, { destroy(): void }> = live): HTMLElement {
  const plot = h("div.plot", { role: "img", "aria-label": `${m.title} chart; the table below has the same figures` });
  const card = h(
    "figure.chart",
    { "data-chart": m.id, style: "margin:0" },
    h("figcaption", {}, h("h3", {}, m.title, h("span.hint", {}, ` (${m.unit || "value"})`)), m.note ? h("div.hint", {}, m.note) : null),
    plot,
    h(
      "details",
      {},
      h("summary", {}, "Table"),
      h(
        "div.tablewrap",
        {},
        h(
          "table",
          {},
          h(
            "thead",
            {},
            h(
              "tr",
              {},
              m.table.header.map((x, i) => h(i ? "th.fig" : "th", { scope: "col" }, x)),
            ),
          ),
          h(
            "tbody",
            {},
            m.table.rows.map((r) =>
              h(
                "tr",
                {},
                r.map((c, i) => (i ? h("td.fig", {}, c) : h("th", { scope: "row" }, c))),
              ),
            ),
          ),
        ),
      ),
    ),
    h("button", { type: "button", onclick: () => download(m.filename, m.csv), "aria-label": `Download ${m.title} as CSV` }, "⬇ CSV"),
  );
  requestAnimationFrame(() => {
    const width = Math.max(260, plot.clientWidth || 400);
    const logOk = m.log && m.series.every((s) => s.values.every((v) => v === null || v > 0));
    const data = [m.quarters, ...m.series.map((s) => s.values)] as unknown as uPlot.AlignedData;
    const u = new U(
      {
        width,
        height: 200,
        scales: { x: { time: false }, y: logOk ? { distr: 3 } : {} },
        axes: [
          {
            stroke: "#97a3b6",
            grid: { stroke: "#222c3b" },
            ticks: { stroke: "#2a3547" },
            values: (_u: uPlot, ticks: number[]) => ticks.map((t) => m.labels[m.quarters.indexOf(t)] ?? ""),
          },
          {
            stroke: "#97a3b6",
            grid: { stroke: "#222c3b" },
            ticks: { stroke: "#2a3547" },
            size: 60,
            values: (_u: uPlot, ticks: number[]) => (logOk ? logTickLabels : tickLabels)(ticks, m.unit === "%" ? "%" : ""),
            // a log axis draws grid lines at its labelled ticks only (1-9 × 10^k would hatch the plot)
            ...(logOk
              ? {
                  filter: (_u: uPlot, splits: number[]) => {
                    const labels = logTickLabels(splits, m.unit === "%" ? "%" : "");
                    return splits.map((v, i) => (labels[i] ? v : null));
                  },
                }
              : {}),
          },
        ],
        series: [
          { label: "Quarter", value: (_u: uPlot, v: number | null) => (v === null ? "–" : (m.labels[m.quarters.indexOf(v)] ?? String(v))) },
          ...m.series.map((s, i) => ({
            label: s.label,
            stroke: SERIES_COLOURS[i % SERIES_COLOURS.length],
            width: 2,
            dash: DASHES[i % DASHES.length],
            points: { show: true, size: 5 },
            value: (_u: uPlot, v: number | null) => fmt(v, m.unit),
          })),
        ],
        legend: { show: true },
        cursor: { drag: { x: false, y: false } },
      },
      data,
      plot,
    );
    registry.get(m.id)?.destroy();
    registry.set(m.id, u);
  });
  return card;
}
