/**
 * The scenario's `inputs` section: parameters given as distributions, drawn per run from the
 * run's seed on a stream of their own (never the game's), with rank correlations between them.
 *
 *   "inputs": {
 *     "distributions": { "world.params.catchUp": { "dist": "triangular", "min": 0.05, "mode": 0.1, "max": 0.2 } },
 *     "correlations": [{ "between": ["world.params.catchUp", "world.params.switchingStickiness"], "rank": -0.5 }]
 *   }
 *
 * Correlations are imposed on normal scores, as Iman and Conover do: each input's uniform draw
 * becomes a standard normal score, the scores are mixed by the Cholesky factor of the asked
 * correlation matrix, and each mixed score goes back through Φ and the input's inverse CDF, so
 * every marginal is kept exactly and the rank correlation over many runs comes within about
 * 0.02 of the one asked (a Gaussian copula). Unlike Iman–Conover's reordering of a whole
 * sample, this needs no other run: run r's inputs depend on its seed alone, so any run can be
 * replayed (`sim run --seed`), split over machines, or continued by a fork.
 */
import { z } from "zod";
import { type Distribution, DistributionSchema, inverseCdf, normalCdf, normalQuantile } from "./distributions.ts";
import { hashString, SALT, Stream } from "./random.ts";

const Path = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/, "a dotted scenario path, e.g. world.params.catchUp");

export const InputsSchema = z.strictObject({
  /** dotted scenario path (as `--set` takes it) → its distribution */
  distributions: z.record(Path, DistributionSchema),
  /** rank (Spearman) correlations between pairs of the inputs above; unlisted pairs are independent */
  correlations: z
    .array(z.strictObject({ between: z.tuple([Path, Path]), rank: z.number().min(-1).max(1) }))
    .max(400)
    .default([]),
});
export type InputsSpec = z.infer<typeof InputsSchema>;
export type InputsSpecInput = z.input<typeof InputsSchema>;

/** 2^-53 */
const EPS = 1.1102230246251565e-16;

export interface Draw {
  path: string;
  value: number | string | boolean;
}

/** The inputs' paths in the order they are drawn and written (sorted). */
export function inputPaths(spec: InputsSpec | undefined | null): string[] {
  return spec ? Object.keys(spec.distributions).sort() : [];
}

/** Lower-triangular L with L Lᵀ = m, or null when m is not positive definite. */
export function cholesky(m: number[][]): number[][] | null {
  const n = m.length;
  const l = m.map(() => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = (m[i] as number[])[j] as number;
      for (let k = 0; k < j; k++) s -= ((l[i] as number[])[k] as number) * ((l[j] as number[])[k] as number);
      if (i === j) {
        if (!(s > 1e-12)) return null;
        (l[i] as number[])[i] = Math.sqrt(s);
      } else (l[i] as number[])[j] = s / ((l[j] as number[])[j] as number);
    }
  }
  return l;
}

/** Problems with an inputs section, each "inputs.<where>: <what>" (empty when fine). */
export function inputsIssues(spec: InputsSpec): string[] {
  const issues: string[] = [];
  const paths = inputPaths(spec);
  const index = new Map(paths.map((p, i) => [p, i]));
  const seen = new Set<string>();
  spec.correlations.forEach((c, i) => {
    const [a, b] = c.between;
    for (const p of [a, b]) if (!index.has(p)) issues.push(`inputs.correlations.${i}.between: "${p}" has no distribution`);
    if (a === b) issues.push(`inputs.correlations.${i}.between: a path correlated with itself`);
    const key = [a, b].sort().join("|");
    if (seen.has(key)) issues.push(`inputs.correlations.${i}: the pair ${a}, ${b} is listed twice`);
    seen.add(key);
  });
  if (!issues.length && spec.correlations.length && !factorFor(spec))
    issues.push("inputs.correlations: the correlations are not consistent (the matrix is not positive definite)");
  return issues;
}

function factorFor(spec: InputsSpec): number[][] | null {
  const paths = inputPaths(spec);
  const index = new Map(paths.map((p, i) => [p, i]));
  const m = paths.map((_, i) => paths.map((_, j) => (i === j ? 1 : 0)));
  for (const c of spec.correlations) {
    const i = index.get(c.between[0]);
    const j = index.get(c.between[1]);
    if (i === undefined || j === undefined) continue;
    (m[i] as number[])[j] = c.rank;
    (m[j] as number[])[i] = c.rank;
  }
  return cholesky(m);
}

/**
 * The inputs of the run that plays `seed`: one value per distribution, in inputPaths order.
 * Each input's uniform comes from a stream salted by its path, so adding or removing another
 * input leaves the draws of the rest unchanged (without correlations).
 */
export function drawInputs(spec: InputsSpec | undefined | null, seed: number): Draw[] {
  const paths = inputPaths(spec);
  if (!spec || !paths.length) return [];
  const u = paths.map((p) => new Stream(seed, SALT.inputs ^ hashString(p)).open());
  let v = u;
  if (spec.correlations.length) {
    const l = factorFor(spec);
    if (!l) throw new Error("inputs.correlations: the correlations are not consistent (the matrix is not positive definite)");
    const z = u.map(normalQuantile);
    v = l.map((row) => {
      let s = 0;
      for (let k = 0; k < row.length; k++) s += (row[k] as number) * (z[k] as number);
      // keep u strictly inside (0, 1)
      return Math.min(1 - EPS, Math.max(EPS, normalCdf(s)));
    });
  }
  return paths.map((path, i) => ({ path, value: inverseCdf(spec.distributions[path] as Distribution, v[i] as number) }));
}
