/**
 * Metric ids and their per-quarter series, for batches, summaries and charts. Every value is
 * read from the history of public indicators (indicators.ts), the one source of the figures a
 * user sees. Units: money in US dollars per quarter, prices in dollars per unit, fractions as 0.33.
 */
import { EVENT_KINDS } from "../engine/events.ts";
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
  "rate",
  "frontierTokenShare",
  "frontierRevenueShare",
  "apiSpend",
  "rate",
  "chipSentiment",
  "labSentiment",
] as const;

/** The kinds of event a quarter's history counts: all but a seat's rejected orders. */
const MARKET_EVENT_KINDS = EVENT_KINDS.filter((k) => k !== "order/rejected");

const ACTOR_METRICS = [
  "revenue",
  "grossMargin",
  "cash",
  "fcf",
  "valuation",
  "capex",
  "debt",
  "loanRate",
  "creditLosses",
  "payouts",
  "sharePrice",
  "tsr",
  "distressed",
  "failed",
] as const;

/**
 * All metric ids of a game: the world's, then `costPerTask.<class>`, `model.<id>.price` for each
 * model, `events.<kind>` for each kind of event, then `actor.<id>.<metric>` for each company.
 */
export function METRIC_IDS(state: GameState): string[] {
  const out: string[] = [...WORLD_METRICS];
  for (const k of state.classes.id) out.push(`costPerTask.${k}`);
  for (const m of state.models.id) out.push(`model.${m}.price`);
  for (const kind of MARKET_EVENT_KINDS) out.push(`events.${kind}`);
  const C = state.companies;
  for (let i = 0; i < C.n; i++) {
    for (const m of ACTOR_METRICS) out.push(`actor.${C.id[i]}.${m}`);
    if (C.role[i] === "lab") out.push(`actor.${C.id[i]}.tokensServed`, `actor.${C.id[i]}.tokensUnserved`);
  }
  return out;
}

/**
 * Every metric as one value per resolved quarter; null where the engine has no value that
 * quarter (e.g. fixedCapabilityPrice when no model reaches the reference capability, a model's
 * price before it is available), so a missing value never pulls a percentile band down.
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
    for (const m of state.models.id) out[`model.${m}.price`]!.push(h.modelPrices[m] ?? null);
    for (const kind of MARKET_EVENT_KINDS) out[`events.${kind}`]!.push(h.events[kind] ?? 0);
    for (let i = 0; i < C.n; i++) {
      const id = C.id[i]!;
      const a = h.actors[id];
      for (const m of ACTOR_METRICS) out[`actor.${id}.${m}`]!.push(a ? a[m] : 0);
      if (C.role[i] === "lab") {
        out[`actor.${id}.tokensServed`]!.push(a ? a.tokensServed : 0);
        out[`actor.${id}.tokensUnserved`]!.push(a ? a.tokensUnserved : 0);
      }
    }
  }
  return out;
}
