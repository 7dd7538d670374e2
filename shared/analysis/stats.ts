/**
 * The statistics of batches: quantiles (d3-array's quantileSorted, Hyndman–Fan type 7, numpy's
 * default), bootstrap resampling (simple-statistics' sampleWithReplacement on a seeded stream),
 * rank correlation (simple-statistics). Pure, so the browser can reuse them.
 */
import { quantileSorted } from "d3-array";
import { sampleRankCorrelation, sampleWithReplacement } from "simple-statistics";
import { SALT, Stream } from "./random.ts";

/** Type-7 quantile of values already sorted ascending; null when there are none. */
export function quantileOfSorted(sorted: ArrayLike<number>, p: number): number | null {
  if (sorted.length === 0) return null;
  return quantileSorted(sorted as unknown as number[], p) ?? null;
}

/** Type-7 quantile of unsorted values (NaN left out); null when none is a number. */
export function quantile(values: ArrayLike<number>, p: number): number | null {
  return quantileOfSorted(sortedFinite(values), p);
}

export function sortedFinite(values: ArrayLike<number>): Float64Array {
  const out = new Float64Array(values.length);
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (!Number.isNaN(v)) out[n++] = v;
  }
  return out.subarray(0, n).sort();
}

export function mean(values: ArrayLike<number>): number | null {
  let s = 0;
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (Number.isNaN(v)) continue;
    s += v;
    n++;
  }
  return n ? s / n : null;
}

export type Statistic = "mean" | "p10" | "p50" | "p90" | `q${number}`;

/** A statistic of a sample (NaN values left out). */
export function statistic(values: ArrayLike<number>, stat: Statistic): number | null {
  if (stat === "mean") return mean(values);
  const p = stat === "p10" ? 0.1 : stat === "p50" ? 0.5 : stat === "p90" ? 0.9 : Number(stat.slice(1));
  return quantile(values, p);
}

export interface Interval {
  estimate: number | null;
  lo: number | null;
  hi: number | null;
}

const probOf = (stat: Statistic): number => (stat === "p10" ? 0.1 : stat === "p50" ? 0.5 : stat === "p90" ? 0.9 : Number(stat.slice(1)));

/**
 * How many times each of n runs is drawn in one bootstrap resample (n draws with replacement,
 * simple-statistics' sampleWithReplacement on a seeded stream).
 */
function resampleCounts(index: number[], rng: Stream, counts: Uint32Array): void {
  counts.fill(0);
  for (const i of sampleWithReplacement(index, index.length, rng.next)) counts[i] = (counts[i] as number) + 1;
}

/**
 * A statistic of a resample given as counts over runs, from the runs' order by value (`order`,
 * indices into `values` sorted ascending): type-7 quantiles read the two order statistics they
 * need off the cumulative counts, so no resample is sorted.
 */
export function statFromCounts(values: ArrayLike<number>, order: Int32Array, counts: Uint32Array, total: number, stat: Statistic): number {
  if (stat === "mean") {
    let s = 0;
    for (let k = 0; k < order.length; k++) {
      const i = order[k] as number;
      s += (values[i] as number) * (counts[i] as number);
    }
    return s / total;
  }
  const h = (total - 1) * probOf(stat);
  const lo = Math.floor(h);
  let seen = 0;
  let a = Number.NaN;
  for (let k = 0; k < order.length; k++) {
    const i = order[k] as number;
    const c = counts[i] as number;
    if (!c) continue;
    if (Number.isNaN(a) && seen + c > lo) {
      a = values[i] as number;
      if (seen + c > lo + 1 || h === lo) return a;
      // the next order statistic is the next drawn run
      for (let m = k + 1; m < order.length; m++) {
        const j = order[m] as number;
        if (counts[j]) return a + (h - lo) * ((values[j] as number) - a);
      }
      return a;
    }
    seen += c;
  }
  return a;
}

function orderOf(values: ArrayLike<number>, index: number[]): Int32Array {
  return Int32Array.from(index).sort((x, y) => (values[x] as number) - (values[y] as number));
}

function ends(reps: Float64Array, estimate: number | null, level: number): Interval {
  const sorted = sortedFinite(reps);
  const tail = (1 - level) / 2;
  return { estimate, lo: quantileOfSorted(sorted, tail), hi: quantileOfSorted(sorted, 1 - tail) };
}

export interface BootstrapOptions {
  /** confidence level (default 0.9) */
  level?: number;
  /** resamples (default 1000) */
  resamples?: number;
  /** the stream's seed: the same inputs give the same intervals */
  seed?: number;
}

/** Percentile-bootstrap intervals of statistics of one sample (NaN values left out), from the same resamples. */
export function bootstrapStats<S extends Statistic>(
  values: ArrayLike<number>,
  stats: readonly S[],
  opts: BootstrapOptions = {},
): Record<S, Interval> {
  const index: number[] = [];
  for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i] as number)) index.push(i);
  const out = {} as Record<S, Interval>;
  const finite = index.map((i) => values[i] as number);
  if (index.length < 2) {
    for (const s of stats) out[s] = { estimate: statistic(finite, s), lo: null, hi: null };
    return out;
  }
  const order = orderOf(values, index);
  const b = opts.resamples ?? 1000;
  const reps = stats.map(() => new Float64Array(b));
  const rng = new Stream(opts.seed ?? 1, SALT.bootstrap);
  const counts = new Uint32Array(values.length);
  for (let r = 0; r < b; r++) {
    resampleCounts(index, rng, counts);
    stats.forEach((s, k) => {
      (reps[k] as Float64Array)[r] = statFromCounts(values, order, counts, index.length, s);
    });
  }
  stats.forEach((s, k) => {
    out[s] = ends(reps[k] as Float64Array, statistic(finite, s), opts.level ?? 0.9);
  });
  return out;
}

/** Percentile-bootstrap interval of a statistic of one sample. */
export function bootstrapInterval(values: ArrayLike<number>, stat: Statistic, opts: BootstrapOptions = {}): Interval {
  return bootstrapStats(values, [stat], opts)[stat] as Interval;
}

export interface DifferenceOptions extends BootstrapOptions {
  /** the runs of A and B played the same seeds (index i of each is the same seed) */
  paired?: boolean;
}

export interface Differences {
  /** stat(B) − stat(A) */
  ofStats: Interval;
  /** paired only: stat of the per-run differences B − A */
  ofDifferences: Interval | null;
  paired: boolean;
}

/**
 * Interval of stat(B) − stat(A). Paired: runs are resampled together, so common random numbers
 * cancel, and the statistic of the per-run differences B − A is given too. Unpaired: A and B are
 * resampled independently.
 */
export function bootstrapDifference(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  stat: Statistic,
  opts: DifferenceOptions = {},
): Differences {
  const level = opts.level ?? 0.9;
  const nb = opts.resamples ?? 1000;
  const rng = new Stream(opts.seed ?? 1, SALT.bootstrap);
  if (opts.paired) {
    const index: number[] = [];
    for (let i = 0; i < Math.min(a.length, b.length); i++)
      if (!Number.isNaN(a[i] as number) && !Number.isNaN(b[i] as number)) index.push(i);
    const d = new Float64Array(Math.min(a.length, b.length)).fill(Number.NaN);
    for (const i of index) d[i] = (b[i] as number) - (a[i] as number);
    const pick = (xs: ArrayLike<number>): number[] => index.map((i) => xs[i] as number);
    const sa = statistic(pick(a), stat);
    const sb = statistic(pick(b), stat);
    const estimate = sa === null || sb === null ? null : sb - sa;
    const estD = statistic(pick(d), stat);
    if (index.length < 2)
      return { ofStats: { estimate, lo: null, hi: null }, ofDifferences: { estimate: estD, lo: null, hi: null }, paired: true };
    const [oa, ob, od] = [orderOf(a, index), orderOf(b, index), orderOf(d, index)];
    const repS = new Float64Array(nb);
    const repD = new Float64Array(nb);
    const counts = new Uint32Array(d.length);
    for (let r = 0; r < nb; r++) {
      resampleCounts(index, rng, counts);
      repS[r] = statFromCounts(b, ob, counts, index.length, stat) - statFromCounts(a, oa, counts, index.length, stat);
      repD[r] = statFromCounts(d, od, counts, index.length, stat);
    }
    return { ofStats: ends(repS, estimate, level), ofDifferences: ends(repD, estD, level), paired: true };
  }
  const ia: number[] = [];
  const ib: number[] = [];
  for (let i = 0; i < a.length; i++) if (!Number.isNaN(a[i] as number)) ia.push(i);
  for (let i = 0; i < b.length; i++) if (!Number.isNaN(b[i] as number)) ib.push(i);
  const sa = statistic(
    ia.map((i) => a[i] as number),
    stat,
  );
  const sb = statistic(
    ib.map((i) => b[i] as number),
    stat,
  );
  const estimate = sa === null || sb === null ? null : sb - sa;
  if (ia.length < 2 || ib.length < 2) return { ofStats: { estimate, lo: null, hi: null }, ofDifferences: null, paired: false };
  const [oa, ob] = [orderOf(a, ia), orderOf(b, ib)];
  const ca = new Uint32Array(a.length);
  const cb = new Uint32Array(b.length);
  const rep = new Float64Array(nb);
  for (let r = 0; r < nb; r++) {
    resampleCounts(ia, rng, ca);
    resampleCounts(ib, rng, cb);
    rep[r] = statFromCounts(b, ob, cb, ib.length, stat) - statFromCounts(a, oa, ca, ia.length, stat);
  }
  return { ofStats: ends(rep, estimate, level), ofDifferences: null, paired: false };
}

/** Spearman's rank correlation of two samples (simple-statistics). */
export function rankCorrelation(x: number[], y: number[]): number {
  return sampleRankCorrelation(x, y);
}
