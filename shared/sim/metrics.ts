/**
 * Metric ids and their per-quarter series, for batches, summaries and charts. Every value is
 * read from the history of public indicators (indicators.ts), the one source of the figures a
 * user sees. Units: money in US dollars per quarter, prices in dollars per unit, fractions as 0.33.
 */
import type { GameState } from "../engine/state.ts";

export const WORLD_METRICS = [
  "tokenPriceIndex",
  "fixedCapabilityPrice",
  "gpuHourPrice",
  "totalTokens",
  "aiCapex",
  "waferUtilization",
  "gpuUtilization",
  "hbmPrice",
  "shadowOutput",
  "valueScale",
  "creditLosses",
  "frontierTokenShare",
  "frontierRevenueShare",
  "chipAsp",
  "chipBacklog",
  "gpuUnserved",
] as const;

const ACTOR_METRICS = ["revenue", "grossMargin", "cash", "fcf", "valuation"] as const;

/** All metric ids of a game: the world's, then `costPerTask.<class>`, then `actor.<id>.<metric>` for each company. */
export function METRIC_IDS(state: GameState): string[] {
  const out: string[] = [...WORLD_METRICS];
  for (const k of state.classes.id) out.push(`costPerTask.${k}`);
  const C = state.companies;
  for (let i = 0; i < C.n; i++) {
    for (const m of ACTOR_METRICS) out.push(`actor.${C.id[i]}.${m}`);
    if (C.role[i] === "lab") out.push(`actor.${C.id[i]}.tokensServed`);
    if (C.role[i] === "hyperscaler") out.push(`actor.${C.id[i]}.aiCapex`);
  }
  return out;
}

/**
 * Every metric as one value per resolved quarter; null where the engine has no value that
 * quarter (e.g. fixedCapabilityPrice when no model reaches the reference capability), so a
 * missing value never pulls a percentile band down.
 */
export function metricsOf(state: GameState): Record<string, (number | null)[]> {
  const out: Record<string, (number | null)[]> = {};
  for (const id of METRIC_IDS(state)) out[id] = [];
  const C = state.companies;
  for (const h of state.history) {
    for (const m of WORLD_METRICS) {
      const v = h[m];
      out[m]!.push(typeof v === "number" ? v : null);
    }
    for (const k of state.classes.id) out[`costPerTask.${k}`]!.push(h.costPerTask[k] ?? 0);
    for (let i = 0; i < C.n; i++) {
      const id = C.id[i]!;
      const a = h.actors[id];
      for (const m of ACTOR_METRICS) out[`actor.${id}.${m}`]!.push(a ? a[m] : 0);
      if (C.role[i] === "lab") out[`actor.${id}.tokensServed`]!.push(a ? a.tokensServed : 0);
      if (C.role[i] === "hyperscaler") out[`actor.${id}.aiCapex`]!.push(a ? a.aiCapex : 0);
    }
  }
  return out;
}
