/**
 * `sim report <dir>… --out report.html`: one self-contained HTML page, readable offline: for each
 * batch or fork a fan chart (p10 / p50 / p90 over quarters) per metric; for several batches a
 * comparison (p50 with bootstrap intervals, differences against the first, paired where the
 * seeds match) and the medians overlaid; for a sweep the metrics against the varied parameter;
 * for a sensitivity run the tornado's bars. Every chart is followed by its table (the same
 * numbers), and every folder's files are linked. The charts are uPlot (the client's chart
 * library), inlined with its stylesheet; the tornado is inline SVG.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative, resolve } from "node:path";
import { metricInfo } from "../../shared/sim/metrics.ts";
import { CliError } from "./common.ts";
import { compareBatches } from "./compare.ts";
import { formatEstimate, formatValue, unitLabel, unitOf } from "./format.ts";
import { readSummary } from "./runs-file.ts";
import { TORNADO_COLUMNS, tornadoRows } from "./sensitivity.ts";
import type { Summary } from "./writer.ts";

const require = createRequire(import.meta.url);
const DEFAULT_METRICS = [
  "tokenPriceIndex",
  "fixedCapabilityPrice",
  "gpuHourPrice",
  "totalTokens",
  "aiCapex",
  "shadowOutput",
  "gpuUtilization",
];

export interface ReportOptions {
  out?: string;
  metric?: string[];
  title?: string;
}

interface ChartSpec {
  id: string;
  title: string;
  unit: string;
  /** what the metric is, in words (its declaration's doc), shown under the title */
  doc?: string;
  /** what the x axis counts (the legend's first entry): "quarter", or a sweep's parameter */
  x: string;
  labels: string[];
  series: { label: string; values: (number | null)[]; color: string; dash?: boolean }[];
  /** pairs of series indices (1-based into series + x) filled between */
  bands: [number, number][];
  /** a logarithmic y axis: every value positive and spanning at least LOG_SPAN (a price falling by orders of magnitude) */
  log: boolean;
}

/** The ratio of largest to smallest value from which a chart's y axis is logarithmic. */
const LOG_SPAN = 20;

function logScaled(series: ChartSpec["series"]): boolean {
  const values = series.flatMap((x) => x.values).filter((v): v is number => v !== null && Number.isFinite(v));
  if (!values.length || values.some((v) => v <= 0)) return false;
  return Math.max(...values) / Math.min(...values) >= LOG_SPAN;
}

const esc = (s: unknown): string =>
  String(s).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] as string);
const COLORS = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b", "#e377c2"];

function tableHtml(head: string[], rows: string[][], caption?: string): string {
  return `<div class="wide"><table>${caption ? `<caption>${esc(caption)}</caption>` : ""}<thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join("")}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.map((c, i) => (i === 0 ? `<th scope="row">${esc(c)}</th>` : `<td>${esc(c)}</td>`)).join("")}</tr>`)
    .join("")}</tbody></table></div>`;
}

export function reportCommand(dirs: string[], opts: ReportOptions): void {
  if (!opts.out) throw new CliError("missing --out <report.html>");
  if (!dirs.length) throw new CliError("report needs at least one output directory");
  const outDir = dirname(resolve(opts.out));
  const link = (dir: string, file: string): string => {
    const p = join(dir, file);
    return existsSync(p) ? `<a href="${esc(relative(outDir, resolve(p)).split("\\").join("/"))}">${esc(file)}</a>` : "";
  };
  const charts: ChartSpec[] = [];
  const sections: string[] = [];
  const batchDirs: { dir: string; s: Summary }[] = [];
  let chartNo = 0;
  const chart = (spec: Omit<ChartSpec, "id" | "log">, head: string[], rows: string[][]): string => {
    const id = `chart-${++chartNo}`;
    const log = logScaled(spec.series);
    charts.push({ id, ...spec, log });
    return `<figure class="chart" id="${id}-figure"><figcaption>${esc(spec.title)} <span class="unit">(${esc(spec.unit)}${log ? ", log scale" : ""})</span>${spec.doc ? `<span class="doc">${esc(spec.doc)}</span>` : ""}</figcaption><div class="plot" id="${id}" role="img" aria-label="${esc(spec.title)}"></div>${tableHtml(head, rows)}</figure>`;
  };
  for (const dir of dirs) {
    if (!existsSync(dir)) throw new CliError(`${dir}: no such directory`);
    if (existsSync(join(dir, "tornado.json"))) sections.push(tornadoSection(dir, link));
    else if (existsSync(join(dir, "sweep.json"))) sections.push(sweepSection(dir, link, chart));
    else if (existsSync(join(dir, "summary.json"))) {
      const s = readSummary(dir);
      batchDirs.push({ dir, s });
    } else throw new CliError(`${dir}: not a batch, fork, sweep or sensitivity folder (no summary.json, sweep.json or tornado.json)`);
  }
  const allIds = new Set(batchDirs.flatMap((b) => Object.keys(b.s.metrics)));
  for (const m of opts.metric ?? [])
    if (batchDirs.length && !allIds.has(m)) throw new CliError(`--metric ${m}: no such metric in these batches`);
  const metrics = (opts.metric?.length ? opts.metric : DEFAULT_METRICS).filter((m) => allIds.has(m));
  batchDirs.forEach(({ dir, s }, i) => {
    const parts: string[] = [];
    const fork = s.fork ? ` · fork of ${s.fork.log} from quarter ${s.fork.from} (${s.fork.orders}${s.fork.redraw ? ", redrawn" : ""})` : "";
    parts.push(
      `<h2>${esc(String.fromCharCode(65 + (i % 26)))} · ${esc(dir)}</h2><p>${esc(s.kind ?? "batch")} of <b>${esc(s.scenario)}</b>: ${s.completed ?? s.runs} of ${s.runs} runs from seed ${s.seed}, ${s.quarters.length} quarters${esc(fork)}${s.failures?.length ? ` · <span class="warn">${s.failures.length} failed runs</span>` : ""}${s.interrupted ? ' · <span class="warn">interrupted</span>' : ""}</p>`,
    );
    parts.push(
      `<p class="files">Files: ${["summary.json", "wide.csv", "runs.csv.gz", "inputs.csv", "scenario.json", "manifest.json"]
        .map((f) => link(dir, f))
        .filter(Boolean)
        .join(" · ")}</p>`,
    );
    if (s.set?.length)
      parts.push(`<p>Overrides: ${s.set.map((o) => `<code>${esc(o.path)}=${esc(JSON.stringify(o.value))}</code>`).join(" ")}</p>`);
    if (s.failures?.length)
      parts.push(
        tableHtml(
          ["run", "seed", "message"],
          s.failures.slice(0, 20).map((f) => [String(f.run), String(f.seed), f.message]),
          "Failed runs (first 20)",
        ),
      );
    for (const id of metrics) {
      const band = s.metrics[id];
      if (!band) continue;
      const u = unitOf(id);
      parts.push(
        chart(
          {
            title: `${id} · p10 / p50 / p90`,
            doc: metricInfo(id)?.doc,
            x: "quarter",
            unit: unitLabel(id),
            labels: s.quarters,
            series: [
              { label: "p10", values: band.p10, color: "#7fa7d1" },
              { label: "p50", values: band.p50, color: "#1f4e8c" },
              { label: "p90", values: band.p90, color: "#7fa7d1" },
            ],
            bands: [[3, 1]],
          },
          ["quarter", "p10", "p50", "p90", "mean"],
          s.quarters.map((q, k) => [
            q,
            formatValue(band.p10[k], u),
            formatValue(band.p50[k], u),
            formatValue(band.p90[k], u),
            formatValue(band.mean[k], u),
          ]),
        ),
      );
    }
    sections.push(`<section class="batch">${parts.join("\n")}</section>`);
  });
  if (batchDirs.length >= 2) {
    const dirsOnly = batchDirs.map((b) => b.dir);
    const c = compareBatches(dirsOnly, { quarter: "all", metric: metrics, boot: "500", progress: false });
    const letter = (i: number) => String.fromCharCode(65 + (i % 26));
    const parts: string[] = [
      `<h2>Comparison</h2><p>${esc(`${Math.round(c.level * 100)}% percentile-bootstrap intervals (${c.resamples} resamples); Δ against A; paired by seed where the batches played the same seeds (${c.paired.map((p, i) => `${letter(i + 1)}: ${p ? "paired" : "unpaired"}`).join(", ")}).`)}</p>`,
    ];
    for (const id of metrics) {
      const m = c.metrics[id];
      if (!m) continue;
      const u = unitOf(id);
      const q = c.quarters;
      const series = batchDirs.map((_b, i) => ({
        label: `${letter(i)} p50`,
        values: q.map((label) => m.byQuarter[label]?.batches[i]?.p50.estimate ?? null),
        color: COLORS[i % COLORS.length] as string,
      }));
      const head = [
        "quarter",
        ...batchDirs.map((_, i) => `p50 ${letter(i)}`),
        ...batchDirs.slice(1).map((_, i) => `Δ p50 ${letter(i + 1)}`),
      ];
      const rows = q.map((label) => {
        const e = m.byQuarter[label];
        return [
          label,
          ...batchDirs.map((_, i) => formatEstimate(e?.batches[i]?.p50, u)),
          ...batchDirs.slice(1).map((_, i) => formatEstimate(e?.diffs[i + 1]?.p50.ofStats, u, true)),
        ];
      });
      parts.push(
        chart(
          { title: `${id} · p50 by batch`, doc: metricInfo(id)?.doc, unit: unitLabel(id), x: "quarter", labels: q, series, bands: [] },
          head,
          rows,
        ),
      );
    }
    sections.push(`<section class="comparison">${parts.join("\n")}</section>`);
  }
  const title = opts.title ?? `Compute Cycle report: ${dirs.join(", ")}`;
  const html = page(title, sections.join("\n"), charts);
  try {
    mkdirSync(outDir, { recursive: true });
    writeFileSync(opts.out, html);
  } catch (e) {
    throw new CliError(`cannot write ${opts.out}: ${(e as Error).message}`);
  }
  process.stdout.write(`wrote ${opts.out} (${charts.length} charts, ${(html.length / 1024).toFixed(0)} KB, self-contained)\n`);
}

function tornadoSection(dir: string, link: (d: string, f: string) => string): string {
  const t = JSON.parse(readFileSync(join(dir, "tornado.json"), "utf8")) as {
    scenario: string;
    metric: string;
    quarter: string;
    stat: string;
    runs: number;
    baseline: number | null;
    bars: {
      rank: number;
      path: string;
      low: number;
      high: number;
      valueLow: number | null;
      valueHigh: number | null;
      swing: number | null;
      interval: { lo: number | null; hi: number | null };
    }[];
    sobol: { indices: { path: string; first: number | null; total: number | null }[] } | null;
  };
  const u = unitOf(t.metric);
  const base = t.baseline ?? 0;
  const vals = t.bars.flatMap((b) => [b.valueLow ?? base, b.valueHigh ?? base, base]);
  const lo = Math.min(...vals);
  const hi = Math.max(...vals);
  const span = hi - lo || 1;
  const W = 760;
  const L = 300;
  const rowH = 22;
  const x = (v: number) => L + ((v - lo) / span) * (W - L - 20);
  const bars = t.bars
    .map((b, i) => {
      const y = 10 + i * rowH;
      const seg = (v: number | null, color: string, side: string) => {
        const a = x(base);
        const c = x(v ?? base);
        return `<rect x="${Math.min(a, c).toFixed(1)}" y="${y}" width="${Math.max(1, Math.abs(c - a)).toFixed(1)}" height="${rowH - 6}" fill="${color}"><title>${esc(`${b.path} at ${side}: ${formatValue(v, u)}`)}</title></rect>`;
      };
      return `<text x="${L - 6}" y="${y + rowH / 2}" text-anchor="end" font-size="12">${esc(b.path)}</text>${seg(b.valueLow, "#7fa7d1", "low")}${seg(b.valueHigh, "#d98b6a", "high")}`;
    })
    .join("");
  const h = 20 + t.bars.length * rowH;
  const svg = `<div class="wide"><svg class="tornado" width="${W}" height="${h}" viewBox="0 0 ${W} ${h}" role="img" aria-label="tornado of ${esc(t.metric)}"><line x1="${x(base)}" y1="0" x2="${x(base)}" y2="${h}" stroke="#333"/>${bars}</svg></div>`;
  const rows = tornadoRows(t.bars, u);
  let sobol = "";
  if (t.sobol)
    sobol = tableHtml(
      ["parameter", "first-order index", "total index"],
      t.sobol.indices.map((s) => [s.path, formatValue(s.first, "plain"), formatValue(s.total, "plain")]),
      "Sobol indices",
    );
  return `<section class="tornado"><h2>Sensitivity · ${esc(dir)}</h2><p>${esc(`${t.stat} of ${t.metric} at ${t.quarter} in ${t.scenario}, ${t.runs} paired runs per side; baseline ${formatValue(t.baseline, u)}. Blue: the parameter at its low; orange: at its high.`)}</p><p class="files">Files: ${[link(dir, "tornado.json"), link(dir, "tornado.csv"), link(dir, "manifest.json")].filter(Boolean).join(" · ")}</p><figure class="chart"><figcaption>Tornado: ${esc(t.metric)} (${esc(unitLabel(t.metric))})</figcaption>${svg}${tableHtml([...TORNADO_COLUMNS], rows)}</figure>${sobol}</section>`;
}

function sweepSection(
  dir: string,
  link: (d: string, f: string) => string,
  chart: (spec: Omit<ChartSpec, "id" | "log">, head: string[], rows: string[][]) => string,
): string {
  const s = JSON.parse(readFileSync(join(dir, "sweep.json"), "utf8")) as {
    scenario: string;
    design: string;
    runs: number;
    ranges: { path: string }[];
    metrics: { spec: string; id: string; quarter: string }[];
    points: {
      point: number;
      values: Record<string, number>;
      metrics: Record<string, { p10: number | null; p50: number | null; p90: number | null }>;
    }[];
  };
  const parts = [
    `<h2>Sweep · ${esc(dir)}</h2><p>${esc(`${s.points.length} points (${s.design}) of ${s.scenario}, ${s.runs} paired runs per point.`)}</p><p class="files">Files: ${[link(dir, "sweep.json"), link(dir, "points.csv"), link(dir, "manifest.json")].filter(Boolean).join(" · ")}</p>`,
  ];
  const first = s.ranges[0]?.path ?? "";
  const sorted = [...s.points].sort((a, b) => (a.values[first] ?? 0) - (b.values[first] ?? 0));
  for (const m of s.metrics) {
    const u = unitOf(m.id);
    const head = ["point", ...s.ranges.map((r) => r.path), "p10", "p50", "p90"];
    const rows = sorted.map((p) => [
      String(p.point),
      ...s.ranges.map((r) => formatValue(p.values[r.path], "plain")),
      formatValue(p.metrics[m.spec]?.p10, u),
      formatValue(p.metrics[m.spec]?.p50, u),
      formatValue(p.metrics[m.spec]?.p90, u),
    ]);
    if (s.ranges.length === 1) {
      parts.push(
        chart(
          {
            title: `${m.id} at ${m.quarter} against ${first}`,
            doc: metricInfo(m.id)?.doc,
            x: first,
            unit: unitLabel(m.id),
            labels: sorted.map((p) => formatValue(p.values[first], "plain")),
            series: [
              { label: "p10", values: sorted.map((p) => p.metrics[m.spec]?.p10 ?? null), color: "#7fa7d1" },
              { label: "p50", values: sorted.map((p) => p.metrics[m.spec]?.p50 ?? null), color: "#1f4e8c" },
              { label: "p90", values: sorted.map((p) => p.metrics[m.spec]?.p90 ?? null), color: "#7fa7d1" },
            ],
            bands: [[3, 1]],
          },
          head,
          rows,
        ),
      );
    } else parts.push(`<h3>${esc(m.id)} at ${esc(m.quarter)}</h3>${tableHtml(head, rows)}`);
  }
  return `<section class="sweep">${parts.join("\n")}</section>`;
}

function page(title: string, body: string, charts: ChartSpec[]): string {
  const uplotJs = readFileSync(require.resolve("uplot/dist/uPlot.iife.min.js"), "utf8");
  const uplotCss = readFileSync(require.resolve("uplot/dist/uPlot.min.css"), "utf8");
  const data = JSON.stringify(charts).replace(/</g, "\\u003c");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title><link rel="icon" href="data:,">
<style>${uplotCss}
body{font:14px/1.4 system-ui,sans-serif;margin:1.5rem auto;max-width:1100px;padding:0 1rem;color:#222}
h1{font-size:1.4rem}h2{font-size:1.15rem;margin-top:2rem;border-bottom:1px solid #ccc}
figure.chart{margin:1rem 0 2rem;padding:0}figcaption{font-weight:600;margin-bottom:.3rem}.unit{font-weight:400;color:#666}.doc{display:block;font-weight:400;color:#555;font-size:.9em}
table{border-collapse:collapse;margin:.5rem 0;font-size:12px}th,td{border:1px solid #ddd;padding:2px 6px;text-align:right}thead th{background:#f3f3f3}
tbody th{text-align:left;font-weight:400}caption{text-align:left;font-weight:600}.warn{color:#a40}.files a{margin-right:.3rem}
details{margin:.3rem 0}
.wide{overflow-x:auto;max-width:100%}
</style></head><body>
<h1>${esc(title)}</h1>
<p>Made by <code>npm run sim -- report</code> on ${esc(new Date().toISOString())}. Units: money in US dollars, flows per quarter; fractions as 0.33. Each chart's numbers are in the table below it; a chart whose values span ${LOG_SPAN}-fold or more has a logarithmic axis.</p>
${body}
<script>${uplotJs}</script>
<script type="application/json" id="chart-data">${data}</script>
<script>
(function () {
  var specs = JSON.parse(document.getElementById("chart-data").textContent);
  var fmt = function (v) {
    if (v === null || v === undefined || !isFinite(v)) return "–";
    var a = Math.abs(v), s = [[1e12, "T"], [1e9, "B"], [1e6, "M"], [1e3, "K"]];
    if (a >= 1e15 * 0.9995) return v.toExponential(2).replace("e+", "e");
    for (var i = 0; i < s.length; i++) if (a >= s[i][0]) return (v / s[i][0]).toPrecision(3) + s[i][1];
    return a >= 1 || a === 0 ? v.toPrecision(3) : v.toPrecision(2);
  };
  var HEIGHT = 260;
  var width = function (el) { return Math.min(960, el.parentElement.clientWidth || 900); };
  var plots = [];
  specs.forEach(function (c) {
    var el = document.getElementById(c.id);
    if (!el) return;
    var xs = c.labels.map(function (_, i) { return i; });
    var data = [xs].concat(c.series.map(function (s) { return s.values; }));
    var opts = {
      width: width(el),
      height: HEIGHT,
      scales: { x: { time: false }, y: c.log ? { distr: 3 } : {} },
      axes: [
        { values: function (u, ticks) { return ticks.map(function (t) { return c.labels[Math.round(t)] !== undefined && Math.abs(t - Math.round(t)) < 1e-9 ? c.labels[Math.round(t)] : ""; }); } },
        { size: 70, values: function (u, ticks) { return ticks.map(function (t) { return t === null ? "" : fmt(t); }); } }
      ],
      series: [{ label: c.x, value: function (u, v) { return v === null ? "" : c.labels[v]; } }].concat(c.series.map(function (s) {
        return { label: s.label, stroke: s.color, width: s.label === "p50" || / p50$/.test(s.label) ? 2 : 1, value: function (u, v) { return fmt(v); }, spanGaps: false };
      })),
      bands: c.bands.map(function (b) { return { series: b, fill: "rgba(31,78,140,0.15)" }; })
    };
    plots.push({ plot: new uPlot(opts, data, el), el: el });
  });
  // charts follow the window's width (a phone turned, a window resized)
  var pending = 0;
  window.addEventListener("resize", function () {
    cancelAnimationFrame(pending);
    pending = requestAnimationFrame(function () {
      plots.forEach(function (p) { p.plot.setSize({ width: width(p.el), height: HEIGHT }); });
    });
  });
  document.body.setAttribute("data-charts-ready", String(specs.length));
})();
</script>
</body></html>
`;
}
