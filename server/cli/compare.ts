/**
 * `sim compare <dirA> <dirB>`: two batches' metrics side by side (medians, their difference,
 * and the mean over the game's quarters), as a table or JSON.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { type Band, quantile, type Summary } from "./batch-core.ts";
import { CliError } from "./common.ts";
import { formatDelta, formatPercent, formatValue, table, unitLabel, unitOf } from "./format.ts";

export function readSummary(dir: string): Summary {
  const file = join(dir, "summary.json");
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, "utf8"));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new CliError(
      code === "ENOENT" ? `${dir}: no summary.json (is it a batch output directory?)` : `${file}: ${(e as Error).message}`,
    );
  }
  const s = data as Partial<Summary>;
  if (!s || typeof s !== "object" || !Array.isArray(s.quarters) || !s.metrics || typeof s.metrics !== "object") {
    throw new CliError(`${file}: not a batch summary (needs quarters and metrics)`);
  }
  return s as Summary;
}

export interface MetricComparison {
  /** "$/MTok", "$", "fraction", … */
  unit: string;
  /** per quarter label of A's quarters (B aligned by label) */
  p50A: (number | null)[];
  p50B: (number | null)[];
  diff: (number | null)[];
  final: { a: number | null; b: number | null; diff: number | null; relative: number | null };
  /** mean over quarters of each batch's p50 */
  mean: { a: number | null; b: number | null; diff: number | null; relative: number | null };
  /**
   * with common random numbers (same seeds, same runs): percentiles over runs of the
   * per-run final-quarter difference B − A, from runs.csv; null otherwise
   */
  pairedFinal: { p10: number | null; p50: number | null; p90: number | null } | null;
}

export interface Comparison {
  a: { dir: string; scenario: string; runs: number; seed: number; quarters: number };
  b: { dir: string; scenario: string; runs: number; seed: number; quarters: number };
  /** common random numbers: both batches played the same seeds */
  sameSeeds: boolean;
  quarters: string[];
  metrics: Record<string, MetricComparison>;
}

const sub = (a: number | null | undefined, b: number | null | undefined): number | null =>
  a === null || a === undefined || b === null || b === undefined ? null : b - a;
const rel = (a: number | null | undefined, b: number | null | undefined): number | null =>
  a === null || a === undefined || b === null || b === undefined || a === 0 ? null : (b - a) / Math.abs(a);
function avg(xs: (number | null)[]): number | null {
  const v = xs.filter((x): x is number => typeof x === "number" && Number.isFinite(x));
  return v.length ? v.reduce((s, x) => s + x, 0) / v.length : null;
}

export function compareSummaries(dirA: string, a: Summary, dirB: string, b: Summary): Comparison {
  const quarters = a.quarters.length >= b.quarters.length ? a.quarters : b.quarters;
  const ids = [...Object.keys(a.metrics), ...Object.keys(b.metrics).filter((id) => !(id in a.metrics))];
  const metrics: Record<string, MetricComparison> = {};
  const align = (s: Summary, band: Band | undefined): (number | null)[] =>
    quarters.map((label) => {
      const i = s.quarters.indexOf(label);
      return i < 0 || !band ? null : (band.p50[i] ?? null);
    });
  for (const id of ids) {
    const ba = a.metrics[id];
    const bb = b.metrics[id];
    const p50A = align(a, ba);
    const p50B = align(b, bb);
    const fa = ba?.p50[a.quarters.length - 1] ?? null;
    const fb = bb?.p50[b.quarters.length - 1] ?? null;
    const ma = ba ? avg(ba.p50) : null;
    const mb = bb ? avg(bb.p50) : null;
    metrics[id] = {
      unit: unitLabel(id),
      p50A,
      p50B,
      diff: p50A.map((x, i) => sub(x, p50B[i])),
      final: { a: fa, b: fb, diff: sub(fa, fb), relative: rel(fa, fb) },
      mean: { a: ma, b: mb, diff: sub(ma, mb), relative: rel(ma, mb) },
      pairedFinal: null,
    };
  }
  const info = (dir: string, s: Summary) => ({ dir, scenario: s.scenario, runs: s.runs, seed: s.seed, quarters: s.quarters.length });
  const sameSeeds = a.seed === b.seed && a.runs === b.runs;
  if (sameSeeds) addPaired(metrics, dirA, a, dirB, b);
  return { a: info(dirA, a), b: info(dirB, b), sameSeeds, quarters, metrics };
}

/** Final-quarter value of every run and metric from a batch's runs.csv: metric → per-run values. */
function finalValues(dir: string, s: Summary): Map<string, Float64Array> | null {
  const file = join(dir, "runs.csv");
  if (!existsSync(file)) return null;
  const last = s.quarters[s.quarters.length - 1];
  const out = new Map<string, Float64Array>();
  for (const line of readFileSync(file, "utf8").split("\n")) {
    const parts = line.split(",");
    if (parts.length !== 5 || parts[2] !== last) continue;
    const run = Number(parts[0]);
    const metric = parts[3] as string;
    let arr = out.get(metric);
    if (!arr) {
      arr = new Float64Array(s.runs).fill(Number.NaN);
      out.set(metric, arr);
    }
    if (run >= 1 && run <= s.runs && parts[4] !== "") arr[run - 1] = Number(parts[4]);
  }
  return out;
}

function addPaired(metrics: Record<string, MetricComparison>, dirA: string, a: Summary, dirB: string, b: Summary): void {
  const va = finalValues(dirA, a);
  const vb = finalValues(dirB, b);
  if (!va || !vb) return;
  for (const [id, m] of Object.entries(metrics)) {
    const xa = va.get(id);
    const xb = vb.get(id);
    if (!xa || !xb) continue;
    const d: number[] = [];
    for (let r = 0; r < a.runs; r++) {
      const x = (xb[r] as number) - (xa[r] as number);
      if (!Number.isNaN(x)) d.push(x);
    }
    const sorted = Float64Array.from(d).sort();
    m.pairedFinal = { p10: quantile(sorted, 0.1), p50: quantile(sorted, 0.5), p90: quantile(sorted, 0.9) };
  }
}

export interface CompareOptions {
  json?: boolean;
  perQuarter?: boolean;
  metric?: string[];
}

export function compareCommand(dirA: string, dirB: string, opts: CompareOptions): void {
  const c = compareSummaries(dirA, readSummary(dirA), dirB, readSummary(dirB));
  if (opts.metric?.length) {
    for (const m of opts.metric)
      if (!c.metrics[m]) throw new CliError(`--metric ${m}: no such metric in either batch (see: npm run sim -- list)`);
    c.metrics = Object.fromEntries(opts.metric.map((m) => [m, c.metrics[m] as MetricComparison]));
  }
  if (opts.json) {
    process.stdout.write(`${JSON.stringify(c, null, 2)}\n`);
    return;
  }
  const lines: string[] = [];
  lines.push(`A = ${dirA}: ${c.a.scenario}, ${c.a.runs} runs from seed ${c.a.seed}, ${c.a.quarters} quarters`);
  lines.push(`B = ${dirB}: ${c.b.scenario}, ${c.b.runs} runs from seed ${c.b.seed}, ${c.b.quarters} quarters`);
  lines.push(
    c.sameSeeds
      ? "Both batches played the same seeds (common random numbers): differences reflect the scenarios, not the draws."
      : "The batches played different seeds: part of each difference is sampling noise.",
  );
  lines.push("");
  const finalA = c.quarters[c.a.quarters - 1] ?? "";
  lines.push(`Medians (p50) · final quarter${c.a.quarters === c.b.quarters ? ` ${finalA}` : "s"} and mean over all quarters · Δ = B − A`);
  lines.push(
    table(
      [
        { header: "Metric", align: "left" },
        { header: "final A" },
        { header: "final B" },
        { header: "Δ final" },
        { header: "Δ%" },
        { header: "mean A" },
        { header: "mean B" },
        { header: "Δ mean" },
        { header: "Δ%" },
      ],
      Object.entries(c.metrics).map(([id, m]) => {
        const u = unitOf(id);
        return [
          id,
          formatValue(m.final.a, u),
          formatValue(m.final.b, u),
          formatDelta(m.final.diff, u),
          formatPercent(m.final.relative),
          formatValue(m.mean.a, u),
          formatValue(m.mean.b, u),
          formatDelta(m.mean.diff, u),
          formatPercent(m.mean.relative),
        ];
      }),
    ),
  );
  const paired = Object.entries(c.metrics).filter(([, m]) => m.pairedFinal);
  if (paired.length) {
    lines.push("");
    lines.push("Paired differences B − A per run (same seeds), final quarter · percentiles over runs");
    lines.push(
      table(
        [{ header: "Metric", align: "left" }, { header: "p10 Δ" }, { header: "p50 Δ" }, { header: "p90 Δ" }],
        paired.map(([id, m]) => {
          const u = unitOf(id);
          return [id, formatDelta(m.pairedFinal?.p10, u), formatDelta(m.pairedFinal?.p50, u), formatDelta(m.pairedFinal?.p90, u)];
        }),
      ),
    );
  }
  if (opts.perQuarter) {
    for (const [id, m] of Object.entries(c.metrics)) {
      const u = unitOf(id);
      lines.push("");
      lines.push(`${id} · p50 per quarter`);
      lines.push(
        table(
          [{ header: "Quarter", align: "left" }, { header: "A" }, { header: "B" }, { header: "Δ" }],
          c.quarters.map((q, i) => [q, formatValue(m.p50A[i], u), formatValue(m.p50B[i], u), formatDelta(m.diff[i], u)]),
        ),
      );
    }
  }
  process.stdout.write(`${lines.join("\n")}\n`);
}
