/**
 * From paired effects to verdicts: per check and point, the mean effect over seeds with a
 * percentile-bootstrap interval (shared/analysis/stats.ts); a check holds at a point when the
 * interval lies wholly on the predicted side of its threshold (for a predicted sign of 0: when
 * the interval contains it); a fact holds when every check holds at every point of its range.
 */
import { bootstrapInterval } from "../analysis/stats.ts";
import { pointLabel, pointsOf } from "./spec.ts";
import type { Check, Fact } from "./types.ts";

export interface PointVerdict {
  point: string;
  estimate: number | null;
  lo: number | null;
  hi: number | null;
  /** seeds with a value */
  n: number;
  /** seeds without one (a ratio over zero, such as a failed company's revenue in both arms), when any */
  missing?: number;
  holds: boolean;
  /** how far the interval is inside the predicted side (negative: outside) */
  margin: number;
  error?: string;
}

export interface CheckVerdict {
  text: string;
  metric: string;
  effect: "diff" | "rel" | "level";
  sign: 1 | -1 | 0;
  threshold: number;
  versus?: string;
  holds: boolean;
  points: PointVerdict[];
}

/** A fact's verdict: the fact as declared (spec.ts), its range in words, and how it fared. */
export interface FactVerdict extends Pick<Fact, "id" | "number" | "side" | "title" | "claim" | "source"> {
  range: string;
  holds: boolean;
  /** the check and point closest to failing (or failing worst) */
  worst: {
    check: string;
    point: string;
    estimate: number | null;
    lo: number | null;
    hi: number | null;
    effect: CheckVerdict["effect"];
    versus?: string;
    /** seeds with no value at that point, when any (the point fails) */
    missing?: number;
  } | null;
  checks: CheckVerdict[];
  /** points of its range where every check holds, of `points` */
  pointsHeld: number;
  points: number;
  /** points × seeds played */
  runs: number;
}

/** The verdict of one check at one point from its per-seed effects. */
export function judge(c: Check, effects: readonly number[], level: number, point: string, error?: string): PointVerdict {
  const finite = effects.filter((x) => Number.isFinite(x));
  const thr = c.threshold ?? 0;
  const iv = bootstrapInterval(Float64Array.from(finite), "mean", { level, resamples: 1000, seed: 1 });
  const { estimate, lo, hi } = iv;
  let margin = Number.NEGATIVE_INFINITY;
  if (finite.length === effects.length && lo !== null && hi !== null) {
    if (c.sign === 1) margin = lo - thr;
    else if (c.sign === -1) margin = thr - hi;
    else margin = Math.min(hi - thr, thr - lo);
  }
  const holds = c.sign === 0 ? margin >= 0 : margin > 0;
  const out: PointVerdict = { point, estimate, lo, hi, n: finite.length, holds, margin };
  if (finite.length < effects.length) out.missing = effects.length - finite.length;
  if (error) out.error = error;
  return out;
}

/** A fact's verdict from its effects: effects[point][seed][check]. */
export function factVerdict(fact: Fact, effects: number[][][], level: number, errors: (string | undefined)[] = []): FactVerdict {
  const points = pointsOf(fact);
  const checksAt = points.map((p) => fact.checks(p));
  const nChecks = checksAt[0]?.length ?? 0;
  const checks: CheckVerdict[] = [];
  for (let k = 0; k < nChecks; k++) {
    const c0 = checksAt[0]![k]!;
    const pv = points.map((p, i) => {
      const c = checksAt[i]![k]!;
      return judge(
        c,
        (effects[i] ?? []).map((seed) => seed[k] ?? Number.NaN),
        level,
        pointLabel(p),
        errors[i],
      );
    });
    const cv: CheckVerdict = {
      text: c0.text,
      metric: c0.metric,
      effect: c0.effect ?? "diff",
      sign: c0.sign,
      threshold: c0.threshold ?? 0,
      holds: pv.every((x) => x.holds),
      points: pv,
    };
    if (c0.versus) cv.versus = c0.versus;
    checks.push(cv);
  }
  let worst: FactVerdict["worst"] = null;
  const closest = closestPoint(checks);
  if (closest) {
    const { check: c, point: p } = closest;
    worst = { check: c.text, point: p.point, estimate: p.estimate, lo: p.lo, hi: p.hi, effect: c.effect };
    if (c.versus) worst.versus = c.versus;
    if (p.missing) worst.missing = p.missing;
  }
  const out: FactVerdict = {
    id: fact.id,
    number: fact.number,
    title: fact.title,
    claim: fact.claim,
    source: fact.source,
    range: Object.entries(fact.range)
      .map(([k, v]) => `${k} ∈ {${v.join(", ")}}`)
      .join(", "),
    holds: checks.length > 0 && checks.every((c) => c.holds),
    worst,
    checks,
    pointsHeld: checks.length > 0 ? points.filter((_, i) => checks.every((c) => c.points[i]!.holds)).length : 0,
    points: points.length,
    runs: points.length * (effects[0]?.length ?? 0),
  };
  if (fact.side) out.side = fact.side;
  return out;
}

/**
 * The point closest to failing (the smallest margin; a failed point's is negative) of the checks
 * a verdict shows, or null. A held "no effect" check sits at margin 0 by construction: it is shown
 * only when it fails or when there is nothing else to show.
 */
export function closestPoint(checks: readonly CheckVerdict[]): { check: CheckVerdict; point: PointVerdict } | null {
  let out: { check: CheckVerdict; point: PointVerdict } | null = null;
  const shown = checks.filter((c) => c.sign !== 0 || !c.holds);
  for (const c of shown.length ? shown : checks)
    for (const p of c.points) if (out === null || p.margin < out.point.margin) out = { check: c, point: p };
  return out;
}
