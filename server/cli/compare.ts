/**
 * `sim compare <dirA> <dirB> [<dirC> …]`: any number of batches (or forks, or a sweep's points)
 * against the first, at the final quarter, every quarter or chosen ones, with percentile-bootstrap
 * intervals on each batch's p10 / p50 / p90 and on the differences from the first. Where two
 * batches played the same seeds (common random numbers) the runs are paired by seed: the
 * difference of medians is resampled run by run together, and the per-run differences' median
 * and mean are given with their intervals too.
 */
import { bootstrapDifference, bootstrapStats, type Differences, type Interval } from "../../shared/analysis/index.ts";
import { CliError } from "./common.ts";
import { formatEstimate, table, unitLabel, unitOf } from "./format.ts";
import { progressReporter } from "./progress.ts";
import { type RunTable, readRuns, readSummary } from "./runs-file.ts";
import type { Summary } from "./writer.ts";

export { readSummary };

export interface BatchStats {
  n: number;
  p10: Interval;
  p50: Interval;
  p90: Interval;
  mean: Interval;
}

export interface PairStats {
  /** against the first batch */
  vs: string;
  paired: boolean;
  /** p50(B) − p50(A), and with pairing the per-run differences' median */
  p50: Differences;
  /** mean(B) − mean(A), and with pairing the per-run differences' mean */
  mean: Differences;
}

export interface Comparison {
  batches: { dir: string; scenario: string; runs: number; completed: number; seed: number; quarters: number; kind: string }[];
  level: number;
  resamples: number;
  quarters: string[];
  /** per batch after the first: did it play the first's seeds (paired by seed) */
  paired: boolean[];
  metrics: Record<string, { unit: string; byQuarter: Record<string, { batches: (BatchStats | null)[]; diffs: (PairStats | null)[] }> }>;
}

export interface CompareOptions {
  json?: boolean;
  perQuarter?: boolean;
  quarter?: string;
  metric?: string[];
  level?: string;
  boot?: string;
  progress?: boolean;
}

function quartersFor(spec: string, first: Summary, all: Summary[]): string[] {
  const union: string[] = [];
  for (const s of all) for (const q of s.quarters) if (!union.includes(q)) union.push(q);
  if (spec === "all") return union;
  if (spec === "final") {
    const last = first.quarters[first.quarters.length - 1];
    if (!last) throw new CliError(`${"the first batch"} has no quarters (did every run fail?)`);
    return [last];
  }
  // a quarter's number (1 = the first batch's first quarter), as metric@quarter counts them elsewhere, or its label
  const labels = spec
    .split(",")
    .map((s) => s.trim())
    .map((s) => {
      if (!/^\d+$/.test(s)) return s;
      const label = first.quarters[Number(s) - 1];
      if (!label) throw new CliError(`--quarter ${s}: the first batch has quarters 1..${first.quarters.length}`);
      return label;
    });
  for (const l of labels)
    if (!union.includes(l))
      throw new CliError(`--quarter ${l}: no batch has that quarter (they have ${union[0]}..${union[union.length - 1]})`);
  return labels;
}

/** B's values reordered to A's runs by seed; null when the seeds differ. */
function pairing(a: RunTable, b: RunTable): Int32Array | null {
  if (a.seeds.length !== b.seeds.length) return null;
  const at = new Map(b.seeds.map((s, i) => [s, i]));
  const map = new Int32Array(a.seeds.length);
  for (let i = 0; i < a.seeds.length; i++) {
    const j = at.get(a.seeds[i] as number);
    if (j === undefined) return null;
    map[i] = j;
  }
  return map;
}

export function compareBatches(dirs: string[], opts: CompareOptions = {}): Comparison {
  if (dirs.length < 2) throw new CliError("compare needs at least two batch directories");
  const level = Number(opts.level ?? "0.9");
  if (!(level > 0 && level < 1)) throw new CliError(`--level ${opts.level}: expected a number between 0 and 1, e.g. 0.9`);
  const resamples = Number(opts.boot ?? "1000");
  if (!Number.isInteger(resamples) || resamples < 10)
    throw new CliError(`--boot ${opts.boot}: expected a whole number of resamples, at least 10`);
  const summaries = dirs.map(readSummary);
  const tables = dirs.map((d, i) => readRuns(d, summaries[i] as Summary));
  tables.forEach((t, i) => {
    if (!t) throw new CliError(`${dirs[i]}: no wide.csv or runs.csv.gz (per-run values are needed for intervals)`);
  });
  const runTables = tables as RunTable[];
  const first = summaries[0] as Summary;
  const quarters = quartersFor(opts.perQuarter ? "all" : (opts.quarter ?? "final"), first, summaries);
  const allIds = [...new Set(summaries.flatMap((s) => Object.keys(s.metrics)))];
  const ids = opts.metric?.length ? opts.metric : allIds;
  for (const m of ids)
    if (!allIds.includes(m)) throw new CliError(`--metric ${m}: no such metric in these batches (see: npm run sim -- list)`);
  const maps = runTables.map((t) => pairing(runTables[0] as RunTable, t));
  const bar = progressReporter(opts.progress !== false && ids.length * quarters.length > 200, "compare", "metric-quarters");
  let done = 0;
  const metrics: Comparison["metrics"] = {};
  for (const id of ids) {
    const byQuarter: Comparison["metrics"][string]["byQuarter"] = {};
    for (const q of quarters) {
      const cols = runTables.map((t) => t.get(id, q));
      const batches = cols.map((c) =>
        c
          ? {
              n: c.filter((x) => !Number.isNaN(x)).length,
              ...bootstrapStats(c, ["p10", "p50", "p90", "mean"] as const, { level, resamples }),
            }
          : null,
      );
      const a = cols[0];
      const diffs = cols.map((b, k): PairStats | null => {
        if (k === 0 || !a || !b) return null;
        const map = maps[k];
        const bAligned = map ? Float64Array.from(map, (j) => b[j] as number) : b;
        const o = { level, resamples, paired: !!map };
        return {
          vs: dirs[0] as string,
          paired: !!map,
          p50: bootstrapDifference(a, bAligned, "p50", o),
          mean: bootstrapDifference(a, bAligned, "mean", o),
        };
      });
      byQuarter[q] = { batches, diffs };
      bar.update(++done, ids.length * quarters.length);
    }
    metrics[id] = { unit: unitLabel(id), byQuarter };
  }
  bar.stop();
  return {
    batches: summaries.map((s, i) => ({
      dir: dirs[i] as string,
      scenario: s.scenario,
      runs: s.runs,
      completed: s.completed,
      seed: s.seed,
      quarters: s.quarters.length,
      kind: s.kind ?? "batch",
    })),
    level,
    resamples,
    quarters,
    paired: maps.slice(1).map((m) => !!m),
    metrics,
  };
}

export function compareCommand(dirs: string[], opts: CompareOptions): void {
  const c = compareBatches(dirs, opts);
  if (opts.json) {
    process.stdout.write(`${JSON.stringify(c, null, 2)}\n`);
    return;
  }
  const lines: string[] = [];
  const letter = (i: number): string => String.fromCharCode(65 + (i % 26)) + (i >= 26 ? String(Math.floor(i / 26)) : "");
  c.batches.forEach((b, i) => {
    lines.push(
      `${letter(i)} = ${b.dir}: ${b.kind} of ${b.scenario}, ${b.completed}/${b.runs} runs from seed ${b.seed}, ${b.quarters} quarters${i > 0 ? (c.paired[i - 1] ? " · same seeds as A: paired" : " · other seeds: unpaired") : ""}`,
    );
  });
  lines.push(
    `Intervals: ${Math.round(c.level * 100)}% percentile bootstrap (${c.resamples} resamples). Δ = X − A; with the same seeds (common random numbers) the runs are paired and "paired Δ" is the median of the per-run differences.`,
  );
  for (const q of c.quarters) {
    lines.push("");
    lines.push(`Quarter ${q} · p50 [interval] per batch, Δ p50 against A`);
    const cols = [{ header: "Metric", align: "left" as const }];
    c.batches.forEach((_, i) => {
      cols.push({ header: `p50 ${letter(i)}`, align: "left" as const });
    });
    c.batches.slice(1).forEach((_, i) => {
      cols.push({ header: `Δ p50 ${letter(i + 1)}`, align: "left" as const });
      if (c.paired[i]) cols.push({ header: `paired Δ ${letter(i + 1)}`, align: "left" as const });
    });
    const rows = Object.entries(c.metrics).map(([id, m]) => {
      const u = unitOf(id);
      const e = m.byQuarter[q];
      const row = [id, ...(e?.batches ?? []).map((b) => formatEstimate(b?.p50, u))];
      (e?.diffs ?? []).slice(1).forEach((d, i) => {
        row.push(formatEstimate(d?.p50.ofStats, u, true));
        if (c.paired[i]) row.push(formatEstimate(d?.p50.ofDifferences, u, true));
      });
      return row;
    });
    lines.push(table(cols, rows));
  }
  process.stdout.write(`${lines.join("\n")}\n`);
}
