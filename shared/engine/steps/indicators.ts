/**
 * Step 9: the quarter's public indicators, appended to the history. Every figure the game
 * shows of a quarter (charts, rankings, exports, metrics) is read from here.
 */
import type { TurnContext } from "../context.ts";
import { quarterLabel } from "../create-game.ts";
import { MARKET_EVENT_KINDS } from "../events.ts";
import { mappedDoubles } from "../math.ts";
import type { GameState, QuarterIndicators } from "../state.ts";
import { tsrOf } from "./finance.ts";
import { availableModels, blendedPrice } from "./tokens.ts";

/**
 * A company's figures of the quarter (INDICATORS' actors), in the declared order: a plain record
 * of numbers (own fields only), made by a constructor rather than an object literal. The figures
 * live as long as the game, and V8 may then make a literal's objects straight in the old
 * generation (allocation-site pretenuring), several times slower than a constructor's (the
 * figures are in bench/README.md).
 */
class ActorFigures implements Figures {
  declare revenue: number;
  declare grossMargin: number;
  declare cash: number;
  declare fcf: number;
  declare valuation: number;
  declare tokensServed: number;
  declare tokensUnserved: number;
  declare share: number;
  declare capex: number;
  declare debt: number;
  declare loanRate: number;
  declare creditLosses: number;
  declare creditAllowance: number;
  declare payouts: number;
  declare sharePrice: number;
  declare dividendPerShare: number;
  declare tsr: number;
  declare distressed: number;
  declare failed: number;
  declare aiCapex: number;

  /** company i's figures; `share`: its market share within its role */
  constructor(state: GameState, i: number, share: number) {
    const C = state.companies;
    const b = C.books;
    const r = C.roleRow[i]!;
    const tokens = state.labs.tokens;
    this.revenue = b.revenue[i]!;
    this.grossMargin = b.grossMargin[i]!;
    this.cash = b.cash[i]!;
    this.fcf = b.fcf[i]!;
    this.valuation = b.valuation[i]!;
    this.tokensServed = C.role[i] === "lab" ? tokens.served[r]! * 1e6 : 0;
    this.tokensUnserved = C.role[i] === "lab" ? Math.max(0, tokens.demanded[r]! - tokens.served[r]!) * 1e6 : 0;
    this.share = share;
    this.capex = b.capex[i]!;
    this.debt = b.debt[i]!;
    this.loanRate = b.loanRate[i]!;
    this.creditLosses = b.creditLosses[i]!;
    this.creditAllowance = b.creditAllowance[i]!;
    this.payouts = b.payouts[i]!;
    this.sharePrice = b.sharePrice[i]!;
    this.dividendPerShare = b.dividendPerShare[i]!;
    this.tsr = tsrOf(state, i, { sharePrice: b.sharePrice[i]!, dividendPerShare: b.dividendPerShare[i]! });
    this.distressed = C.distressQuarters[i]! > 0 ? 1 : 0;
    this.failed = C.failed[i] ? 1 : 0;
    this.aiCapex = C.role[i] === "hyperscaler" && !C.failed[i] ? state.clouds.capexThisQuarter[r]! : 0;
  }
}

type Figures = QuarterIndicators["actors"][string];

export function indicators(state: GameState, ctx: TurnContext): QuarterIndicators {
  const q = ctx.q;
  const s = ctx.stats;
  const C = state.companies;
  const M = state.models;
  const H = state.clouds;
  const { fixed, best, bestPrice, yearOldCapabilityPrice, modelPrices } = capabilityPrices(state, q, ctx.rules.indicators.indexOutputShare);
  // The market's events counted by kind (a rejected order is its seat's business, not the market's).
  const events = mappedDoubles(MARKET_EVENT_KINDS, () => 0);
  for (const e of ctx.events) {
    const k = MARKET_EVENT_KINDS.indexOf(e.kind);
    if (k >= 0) events[k]!++;
  }
  let frontierMtok = 0;
  let frontierRev = 0;
  let allMtok = 0;
  let allRev = 0;
  for (let m = 0; m < M.n; m++) {
    allMtok += M.servedMtok[m]!;
    allRev += M.revenue[m]!;
    if (M.tier[m] === "frontier") {
      frontierMtok += M.servedMtok[m]!;
      frontierRev += M.revenue[m]!;
    }
  }
  // Market share: of revenue within the role; for hyperscalers, of AI (GPU-hour) revenue.
  const shareBase = (i: number): number =>
    C.failed[i] ? 0 : C.role[i] === "hyperscaler" ? H.gpu.revenue[C.roleRow[i]!]! : C.books.revenue[i]!;
  const roleRevenue = { lab: 0, hyperscaler: 0, chipmaker: 0, enterprise: 0 };
  let capex = 0;
  let capacity = 0;
  let used = 0;
  for (let i = 0; i < C.n; i++) {
    const role = C.role[i]!;
    roleRevenue[role] += shareBase(i);
    if (role === "hyperscaler" && !C.failed[i]) {
      const h = C.roleRow[i]!;
      capex += H.capexThisQuarter[h]!;
      capacity += H.gpu.capacity[h]!;
      used += H.gpu.capacity[h]! - H.gpu.idle[h]!;
    }
  }
  const costPerTask: Record<string, number> = {};
  const K = state.classes;
  for (let k = 0; k < K.n; k++) {
    const n = s.taskCount[k]!;
    const cost = n > 0 ? s.taskSpend[k]! / n : 0;
    costPerTask[K.id[k]!] = cost;
    if (Number.isNaN(state.costRef[k]!) && cost > 0) state.costRef[k] = cost;
  }
  const chips = chipFigures(state);
  const apiSpendByBuyer: Record<string, number> = {};
  for (let r = 0; r < state.firms.n; r++) apiSpendByBuyer[C.id[state.firms.company[r]!]!] = state.firms.spend[r]!;
  const actors: QuarterIndicators["actors"] = {};
  const b = C.books;
  // lenders' credit loss expense and allowance, over every company (the world's figures)
  let creditLosses = 0;
  let creditAllowance = 0;
  for (let i = 0; i < C.n; i++) {
    creditLosses += b.creditLosses[i]!;
    creditAllowance += b.creditAllowance[i]!;
    const rr = roleRevenue[C.role[i]!];
    actors[C.id[i]!] = new ActorFigures(state, i, rr > 0 ? shareBase(i) / rr : 0);
  }
  return {
    quarter: q,
    label: quarterLabel(state.start, q),
    tokenPriceIndex: s.apiMtok > 0 ? s.apiRevenue / s.apiMtok : 0,
    fixedCapabilityPrice: fixed,
    frontierCapability: bestPrice === null ? 0 : best,
    frontierPrice: bestPrice,
    yearOldCapabilityPrice,
    gpuHourPrice: state.spotPrice,
    totalTokens: allMtok * 1e6,
    aiCapex: capex,
    waferUtilization: Math.min(1, state.foundry.utilization),
    gpuUtilization: capacity > 0 ? used / capacity : 0,
    hbmPrice: state.memory.pricePerStack,
    shadowOutput: s.shadowOutput,
    valueScale: s.valueScale,
    apiSpend: s.apiRevenue,
    creditLosses,
    creditAllowance,
    creditWriteOffs: s.creditWriteOffs,
    costPerTask,
    frontierTokenShare: allMtok > 0 ? frontierMtok / allMtok : 0,
    frontierRevenueShare: allRev > 0 ? frontierRev / allRev : 0,
    chipSentiment: state.capital.sentiment.chips,
    labSentiment: state.capital.sentiment.labs,
    cloudSentiment: state.capital.sentiment.clouds,
    rate: state.capital.rate,
    modelPrices,
    apiSpendByBuyer,
    events,
    chipAsp: chips.asp,
    chipBacklog: chips.backlog,
    gpuUnserved: s.gpuUnserved,
    actors,
  };
}

/**
 * The price of a capability: of the first quarter's frontier (fixed), of this quarter's
 * frontier, and of the frontier of a year ago now (over its price then), measured as the seeds'
 * "cost decline for equal performance" is: from the quarter a capability was the frontier
 * [seed-facts §4.2: a16z ~10x a year, Epoch 9x to 900x]. Each is the cheapest model's that
 * reaches it, at the index's blend of input and output prices; null where no model does.
 */
function capabilityPrices(
  state: GameState,
  q: number,
  outputShare: number,
): {
  fixed: number | null;
  best: number;
  bestPrice: number | null;
  yearOldCapabilityPrice: number | null;
  modelPrices: Record<string, number>;
} {
  const M = state.models;
  const yearAgo = state.history.length >= 4 ? state.history[state.history.length - 4]! : null;
  const yearAgoBest = yearAgo?.frontierPrice != null ? yearAgo.frontierCapability : Number.POSITIVE_INFINITY;
  let fixed: number | null = null;
  let best = Number.NEGATIVE_INFINITY;
  let bestPrice: number | null = null;
  let yearAgoBestPrice: number | null = null;
  const modelPrices: Record<string, number> = {};
  for (const m of availableModels(state, q)) {
    const p = blendedPrice(M.inputPrice[m]!, M.outputPrice[m]!, outputShare);
    const cap = M.capability[m]!;
    modelPrices[M.id[m]!] = p;
    if (cap + 1e-9 >= state.baseFrontierCapability && (fixed === null || p < fixed)) fixed = p;
    if (cap > best + 1e-9 || (cap + 1e-9 >= best && (bestPrice === null || p < bestPrice))) {
      if (cap > best + 1e-9) best = cap;
      bestPrice = p;
    }
    if (cap + 1e-9 >= yearAgoBest && (yearAgoBestPrice === null || p < yearAgoBestPrice)) yearAgoBestPrice = p;
  }
  const yearOldCapabilityPrice =
    yearAgo?.frontierPrice != null && yearAgo.frontierPrice > 0 && yearAgoBestPrice !== null
      ? yearAgoBestPrice / yearAgo.frontierPrice
      : null;
  return { fixed, best, bestPrice, yearOldCapabilityPrice, modelPrices };
}

/**
 * Chips: merchant accelerators' average selling price, weighted by units sold (the first
 * merchant's when none sold), and every chipmaker's backlog.
 */
function chipFigures(state: GameState): { asp: number; backlog: number } {
  const C = state.companies;
  const Ch = state.chips;
  let chipUnits = 0;
  let chipValue = 0;
  let chipList = 0;
  let chipBacklog = 0;
  for (let c = 0; c < Ch.n; c++) {
    if (C.failed[Ch.company[c]!]) continue;
    chipBacklog += Ch.backlogUnits[c]!;
    if (Ch.kind[c] !== "merchant") continue;
    chipUnits += Ch.sold[c]!;
    chipValue += Ch.sold[c]! * Ch.asp[c]!;
    if (chipList === 0) chipList = Ch.asp[c]!;
  }
  return { asp: chipUnits > 0 ? chipValue / chipUnits : chipList, backlog: chipBacklog };
}
