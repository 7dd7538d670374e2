/**
 * Input distributions (the @RISK / Crystal Ball kind): uniform, triangular, normal, log-normal
 * and discrete, each sampled by its inverse CDF from a uniform in (0, 1), so that stratified
 * designs (Latin hypercube) and rank correlations (normal scores) apply to all of them alike.
 * Only correctly rounded operations and shared/engine/dmath.ts's exp and log are used, so a
 * draw is the same bits on every JavaScript engine (the browser may draw the same inputs).
 */
import { z } from "zod";
import { exp, log } from "../engine/dmath.ts";

const Num = z.number().finite();
const Scalar = z.union([z.number().finite(), z.string().max(200), z.boolean()]);

export const DistributionSchema = z
  .discriminatedUnion("dist", [
    z.strictObject({ dist: z.literal("uniform"), min: Num, max: Num }),
    z.strictObject({ dist: z.literal("triangular"), min: Num, mode: Num, max: Num }),
    /** normal; optional bounds clamp the draw (a truncation of the tails onto the bounds) */
    z.strictObject({ dist: z.literal("normal"), mean: Num, sd: z.number().min(0).finite(), min: Num.optional(), max: Num.optional() }),
    /** log-normal by its median (e^mu) and the sd of its log (sigma); optional bounds clamp */
    z.strictObject({
      dist: z.literal("lognormal"),
      median: z.number().positive().finite(),
      sigma: z.number().min(0).max(10),
      min: Num.optional(),
      max: Num.optional(),
    }),
    /** one of the values, with weights (default equal) */
    z.strictObject({
      dist: z.literal("discrete"),
      values: z.array(Scalar).min(1).max(1000),
      weights: z.array(z.number().min(0).finite()).min(1).max(1000).optional(),
    }),
  ])
  .superRefine((d, ctx) => {
    if ((d.dist === "uniform" || d.dist === "triangular") && !(d.min <= d.max))
      ctx.addIssue({ code: "custom", message: `min ${d.min} must not exceed max ${d.max}` });
    if (d.dist === "triangular" && !(d.min <= d.mode && d.mode <= d.max))
      ctx.addIssue({ code: "custom", message: `mode ${d.mode} must lie in [min, max]` });
    if ((d.dist === "normal" || d.dist === "lognormal") && d.min !== undefined && d.max !== undefined && d.min > d.max)
      ctx.addIssue({ code: "custom", message: `min ${d.min} must not exceed max ${d.max}` });
    if (d.dist === "discrete" && d.weights) {
      if (d.weights.length !== d.values.length)
        ctx.addIssue({ code: "custom", message: `weights: ${d.weights.length} weights for ${d.values.length} values` });
      else if (!(d.weights.reduce((s, w) => s + w, 0) > 0)) ctx.addIssue({ code: "custom", message: "weights must not all be 0" });
    }
  });
export type Distribution = z.infer<typeof DistributionSchema>;

// Acklam's rational approximation of the standard normal quantile (relative error < 1.2e-9).
const A = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
const B = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
const C = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
const D = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
const P_LOW = 0.02425;

/** The standard normal quantile Φ⁻¹(p), p in (0, 1). */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) {
    if (p === 0) return Number.NEGATIVE_INFINITY;
    if (p === 1) return Number.POSITIVE_INFINITY;
    return Number.NaN;
  }
  const [a0, a1, a2, a3, a4, a5] = A as [number, number, number, number, number, number];
  const [b0, b1, b2, b3, b4] = B as [number, number, number, number, number];
  const [c0, c1, c2, c3, c4, c5] = C as [number, number, number, number, number, number];
  const [d0, d1, d2, d3] = D as [number, number, number, number];
  if (p < P_LOW) {
    const q = Math.sqrt(-2 * log(p));
    return (((((c0 * q + c1) * q + c2) * q + c3) * q + c4) * q + c5) / ((((d0 * q + d1) * q + d2) * q + d3) * q + 1);
  }
  if (p > 1 - P_LOW) {
    const q = Math.sqrt(-2 * log(1 - p));
    return -(((((c0 * q + c1) * q + c2) * q + c3) * q + c4) * q + c5) / ((((d0 * q + d1) * q + d2) * q + d3) * q + 1);
  }
  const q = p - 0.5;
  const r = q * q;
  return ((((((a0 * r + a1) * r + a2) * r + a3) * r + a4) * r + a5) * q) / (((((b0 * r + b1) * r + b2) * r + b3) * r + b4) * r + 1);
}

/** The standard normal CDF Φ(x) (Numerical Recipes' erfc, relative error < 1.2e-7). */
export function normalCdf(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.5 * z);
  const erfc =
    t *
    exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? 1 - erfc / 2 : erfc / 2;
}

const clamp = (x: number, min?: number, max?: number): number =>
  Math.min(max ?? Number.POSITIVE_INFINITY, Math.max(min ?? Number.NEGATIVE_INFINITY, x));

/** The value at probability u (in (0, 1)) of a distribution: its inverse CDF. */
export function inverseCdf(d: Distribution, u: number): number | string | boolean {
  switch (d.dist) {
    case "uniform":
      return d.min + (d.max - d.min) * u;
    case "triangular": {
      const { min: a, mode: c, max: b } = d;
      if (b === a) return a;
      const fc = (c - a) / (b - a);
      return u < fc ? a + Math.sqrt(u * (b - a) * (c - a)) : b - Math.sqrt((1 - u) * (b - a) * (b - c));
    }
    case "normal":
      return clamp(d.mean + d.sd * normalQuantile(u), d.min, d.max);
    case "lognormal":
      return clamp(d.median * exp(d.sigma * normalQuantile(u)), d.min, d.max);
    case "discrete": {
      const w = d.weights ?? d.values.map(() => 1);
      const total = w.reduce((s, x) => s + x, 0);
      let acc = 0;
      for (let i = 0; i < d.values.length; i++) {
        acc += (w[i] as number) / total;
        if (u < acc) return d.values[i] as number | string | boolean;
      }
      return d.values[d.values.length - 1] as number | string | boolean;
    }
  }
}

/** "uniform(0.1,0.3)", "triangular(a,mode,b)", "normal(mean,sd)", "lognormal(median,sigma)", "discrete(a|b|c)" → a distribution. */
export function parseDistribution(text: string): Distribution {
  const m = /^\s*([a-z]+)\s*\((.*)\)\s*$/i.exec(text);
  if (!m)
    throw new Error(`"${text}": expected e.g. uniform(0.1,0.3), triangular(0,0.1,0.3), normal(1,0.2), lognormal(1,0.5) or discrete(a|b|c)`);
  const kind = (m[1] as string).toLowerCase();
  const body = (m[2] as string).trim();
  const nums = (n: number[]): number[] => {
    const xs = body.split(",").map((s) => Number(s.trim()));
    if (!n.includes(xs.length) || xs.some((x) => !Number.isFinite(x) || body === ""))
      throw new Error(`"${text}": ${kind} takes ${n.join(" or ")} numbers`);
    return xs;
  };
  let d: unknown;
  switch (kind) {
    case "uniform": {
      const [min, max] = nums([2]);
      d = { dist: "uniform", min, max };
      break;
    }
    case "triangular": {
      const [min, mode, max] = nums([3]);
      d = { dist: "triangular", min, mode, max };
      break;
    }
    case "normal": {
      const [mean, sd, min, max] = nums([2, 4]);
      d = { dist: "normal", mean, sd, ...(min !== undefined ? { min, max } : {}) };
      break;
    }
    case "lognormal": {
      const [median, sigma, min, max] = nums([2, 4]);
      d = { dist: "lognormal", median, sigma, ...(min !== undefined ? { min, max } : {}) };
      break;
    }
    case "discrete": {
      const parts = body.split("|").map((s) => s.trim());
      const values: (number | string | boolean)[] = [];
      const weights: number[] = [];
      for (const p of parts) {
        const [v = "", w] = p.split(":");
        const num = Number(v);
        values.push(v === "true" ? true : v === "false" ? false : v !== "" && Number.isFinite(num) ? num : v);
        if (w !== undefined) weights.push(Number(w));
      }
      d = { dist: "discrete", values, ...(weights.length ? { weights } : {}) };
      break;
    }
    default:
      throw new Error(`"${text}": unknown distribution "${kind}" (uniform, triangular, normal, lognormal, discrete)`);
  }
  const r = DistributionSchema.safeParse(d);
  if (!r.success) throw new Error(`"${text}": ${r.error.issues.map((i) => i.message).join("; ")}`);
  return r.data;
}
