/**
 * Experimental designs over parameters: a full grid, or a Latin hypercube (each parameter's
 * range cut into n equal strata, one point in each, the strata paired at random by a seeded
 * stream), and the ranges `--vary <path>=<a>..<b>[:<n>]` gives.
 */
import { SALT, Stream } from "./random.ts";

export interface Range {
  path: string;
  low: number;
  high: number;
  /** points along this range in a grid */
  steps: number;
  /** whole numbers only (e.g. a count of quarters) */
  integer?: boolean;
}

/** "world.params.catchUp=0.05..0.3:5" → a range (steps default 5). */
export function parseRange(text: string, defaultSteps = 5): Range {
  const m = /^([A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*)=(-?[0-9.eE+-]+)\.\.(-?[0-9.eE+-]+)(?::(\d+))?$/.exec(text.trim());
  if (!m) throw new Error(`"${text}": expected <path>=<low>..<high>[:<points>], e.g. world.params.catchUp=0.05..0.3:5`);
  const low = Number(m[2]);
  const high = Number(m[3]);
  const steps = m[4] === undefined ? defaultSteps : Number(m[4]);
  if (!Number.isFinite(low) || !Number.isFinite(high)) throw new Error(`"${text}": the ends must be numbers`);
  if (!(high > low)) throw new Error(`"${text}": empty range (${low}..${high}): the high end must exceed the low end`);
  if (!(steps >= 2)) throw new Error(`"${text}": a range needs at least 2 points`);
  return { path: m[1] as string, low, high, steps };
}

const at = (r: Range, t: number): number => {
  const v = r.low + (r.high - r.low) * t;
  return r.integer ? Math.round(v) : v;
};

/** Every combination of each range's evenly spaced points (the first range varies slowest). */
export function gridDesign(ranges: Range[]): number[][] {
  let points: number[][] = [[]];
  for (const r of ranges) {
    const values = Array.from({ length: r.steps }, (_, i) => at(r, i / (r.steps - 1)));
    points = points.flatMap((p) => values.map((v) => [...p, v]));
  }
  return points;
}

/** n points of a Latin hypercube over the ranges (each at the middle of its stratum), seeded. */
export function latinHypercube(ranges: Range[], n: number, seed: number): number[][] {
  const rng = new Stream(seed, SALT.design);
  const columns = ranges.map((r) => {
    const order = Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      [order[i], order[j]] = [order[j] as number, order[i] as number];
    }
    return order.map((k) => at(r, (k + 0.5) / n));
  });
  return Array.from({ length: n }, (_, i) => columns.map((c) => c[i] as number));
}
