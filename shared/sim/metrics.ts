/**
 * Metric ids and their per-quarter series, for batches, summaries and charts.
 * Units: money in US dollars per quarter, prices in dollars per unit, fractions as 0.33.
 */
import { sortedIds } from "../engine/math.ts";
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
] as const;

const ACTOR_METRICS = ["revenue", "grossMargin", "cash", "fcf", "valuation"] as const;

/** All metric ids of a game: the world's, then `actor.<id>.<metric>` for each actor. */
export function METRIC_IDS(state: GameState): string[] {
  const out: string[] = [...WORLD_METRICS];
  for (const k of state.taskClasses) out.push(`costPerTask.${k.id}`);
  for (const id of sortedIds(state.actors)) {
    for (const m of ACTOR_METRICS) out.push(`actor.${id}.${m}`);
    if (state.actors[id]!.role === "lab") out.push(`actor.${id}.tokensServed`);
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
  for (const h of state.history) {
    for (const m of WORLD_METRICS) {
      const v = h[m];
      out[m]!.push(typeof v === "number" ? v : null);
    }
    for (const k of state.taskClasses) out[`costPerTask.${k.id}`]!.push(h.costPerTask[k.id] ?? 0);
    for (const id of sortedIds(state.actors)) {
      const a = h.actors[id];
      for (const m of ACTOR_METRICS) out[`actor.${id}.${m}`]!.push(a ? a[m] : 0);
      if (state.actors[id]!.role === "lab") out[`actor.${id}.tokensServed`]!.push(a ? a.tokensServed : 0);
    }
  }
  return out;
}
