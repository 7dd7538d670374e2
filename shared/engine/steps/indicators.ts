/**
 * Step 9: indicators of the quarter, appended to the public history.
 */

import { actorList, modelList, type TurnContext } from "../context.ts";
import { quarterLabel } from "../create-game.ts";
import type { GameState, QuarterIndicators } from "../state.ts";
import { availableModels, blendedPrice } from "./tokens.ts";

/** Output share used for blended list prices in indicators (a typical 3:1 input:output mix). */
export const INDEX_OUTPUT_SHARE = 0.25;

export function indicators(state: GameState, ctx: TurnContext): QuarterIndicators {
  const q = ctx.q;
  const s = ctx.stats;
  let fixed: number | null = null;
  for (const m of availableModels(state, q)) {
    if (m.capability + 1e-9 >= state.baseFrontierCapability) {
      const p = blendedPrice(m, INDEX_OUTPUT_SHARE);
      if (fixed === null || p < fixed) fixed = p;
    }
  }
  let capex = 0;
  let capacity = 0;
  let used = 0;
  let frontierMtok = 0;
  let frontierRev = 0;
  let allMtok = 0;
  let allRev = 0;
  for (const m of modelList(state)) {
    allMtok += m.servedMtok;
    allRev += m.revenue;
    if (m.tier === "frontier") {
      frontierMtok += m.servedMtok;
      frontierRev += m.revenue;
    }
  }
  // Market share: of revenue within the role; for hyperscalers, of AI (GPU-hour) revenue.
  const shareBase = (a: GameState["actors"][string]) => (a.failed ? 0 : a.role === "hyperscaler" ? a.gpu.revenue : a.books.revenue);
  const roleRevenue: Record<string, number> = {};
  for (const a of actorList(state)) {
    roleRevenue[a.role] = (roleRevenue[a.role] ?? 0) + shareBase(a);
    if (a.role === "hyperscaler" && !a.failed) {
      capex += a.capexThisQuarter;
      capacity += a.gpu.capacity;
      used += a.gpu.capacity - a.gpu.idle;
    }
  }
  const costPerTask: Record<string, number> = {};
  for (const k of state.taskClasses) {
    const n = s.taskCount[k.id] ?? 0;
    costPerTask[k.id] = n > 0 ? (s.taskSpend[k.id] ?? 0) / n : 0;
    if (state.costRef[k.id] === undefined && costPerTask[k.id]! > 0) state.costRef[k.id] = costPerTask[k.id]!;
  }
  const actors: QuarterIndicators["actors"] = {};
  for (const a of actorList(state)) {
    const id = a.id;
    const rr = roleRevenue[a.role] ?? 0;
    actors[id] = {
      revenue: a.books.revenue,
      grossMargin: a.books.grossMargin,
      cash: a.books.cash,
      fcf: a.books.fcf,
      valuation: a.books.valuation,
      tokensServed: a.role === "lab" ? a.tokens.served * 1e6 : 0,
      share: rr > 0 ? shareBase(a) / rr : 0,
    };
  }
  return {
    quarter: q,
    label: quarterLabel(state.start, q),
    tokenPriceIndex: s.apiMtok > 0 ? s.apiRevenue / s.apiMtok : 0,
    fixedCapabilityPrice: fixed,
    gpuHourPrice: state.spotPrice,
    totalTokens: allMtok * 1e6,
    aiCapex: capex,
    waferUtilization: Math.min(1, state.foundry.utilization),
    gpuUtilization: capacity > 0 ? used / capacity : 0,
    hbmPrice: state.memory.pricePerStack,
    shadowOutput: s.shadowOutput,
    valueScale: s.valueScale,
    creditLosses: s.creditLosses,
    apiSpend: s.apiRevenue,
    costPerTask,
    frontierTokenShare: allMtok > 0 ? frontierMtok / allMtok : 0,
    frontierRevenueShare: allRev > 0 ? frontierRev / allRev : 0,
    chipSentiment: state.capital.sentiment.chips,
    labSentiment: state.capital.sentiment.labs,
    rate: state.capital.rate,
    actors,
  };
}
