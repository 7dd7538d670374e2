/**
 * Metric ids and their per-quarter series, for batches, summaries and charts. Every value is
 * read from the history of public indicators (indicators.ts), the one source of the figures a
 * user sees. Units: money in US dollars per quarter, prices in dollars per unit, fractions as 0.33.
 */
import { MONTHS_PER_QUARTER } from "../engine/context.ts";
import type { Field, Fields } from "../engine/declare.ts";
import { MARKET_EVENT_KINDS } from "../engine/events.ts";
import { type ActorState, actorsOf, type LabState, type ModelState, modelsOf } from "../engine/objects.ts";
import { type Books, type GameState, INDICATORS } from "../engine/state.ts";
import { blendedPrice } from "../engine/steps/tokens.ts";

export const WORLD_METRICS = [
  "tokenPriceIndex",
  "fixedCapabilityPrice",
  "frontierCapability",
  "frontierPrice",
  "yearOldCapabilityPrice",
  "gpuHourPrice",
  "totalTokens",
  "aiCapex",
  "waferUtilization",
  "gpuUtilization",
  "hbmPrice",
  "shadowOutput",
  "valueScale",
  "creditLosses",
  "creditAllowance",
  "creditWriteOffs",
  "rate",
  "frontierTokenShare",
  "frontierRevenueShare",
  "apiSpend",
  "chipSentiment",
  "labSentiment",
  "cloudSentiment",
  "chipAsp",
  "chipBacklog",
  "gpuUnserved",
] as const;

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
  "creditAllowance",
  "payouts",
  "sharePrice",
  "tsr",
  "distressed",
  "failed",
] as const;

/**
 * A metric's unit and meaning as the history entry's declaration gives them (INDICATORS in
 * state.ts), the one place they are written: `list` shows them, compare and report label their
 * figures with the unit. Null for an id that is not a metric.
 */
export function metricInfo(id: string): { unit: string; doc: string } | null {
  const F = INDICATORS.fields;
  const dot = id.indexOf(".");
  const head = dot < 0 ? id : id.slice(0, dot);
  const rest = id.slice(dot + 1);
  const info = (f: Field | undefined, doc?: string) => (f && "unit" in f ? { unit: f.unit, doc: doc ?? f.doc } : null);
  if (dot < 0) return (WORLD_METRICS as readonly string[]).includes(id) ? info((F as Fields)[id]) : null;
  switch (head) {
    case "costPerTask":
      return info(F.costPerTask.value, `${F.costPerTask.value.doc} of class ${rest}`);
    case "events":
      return info(F.events, `events of kind ${rest} in the quarter`);
    case "model":
      return rest.endsWith(".price") ? info(F.modelPrices.value, `the model's ${F.modelPrices.value.doc}`) : null;
    case "actor": {
      const leaf = rest.slice(rest.lastIndexOf(".") + 1);
      if (leaf === "apiSpend") return info(F.apiSpendByBuyer.value, "what it paid labs for API tokens in the quarter (enterprises)");
      return info((F.actors.value.fields as Fields)[leaf]);
    }
    default:
      return null;
  }
}

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
    if (C.role[i] === "hyperscaler") out.push(`actor.${C.id[i]}.aiCapex`);
    if (C.role[i] === "enterprise") out.push(`actor.${C.id[i]}.apiSpend`);
  }
  return out;
}

/**
 * Every metric as one value per resolved quarter; null where the engine has no value that
 * quarter (e.g. fixedCapabilityPrice when no model reaches the reference capability, a model's
 * price before it is available), so a missing value never pulls a percentile band down.
 *
 * Built series by series in METRIC_IDS's order, each an array of the history's length filled by
 * quarter, and keyed once at the end: batches call this once per run, and building each id's
 * key again every quarter, or growing each series by push, would cost more than the rest.
 */
export function metricsOf(state: GameState): Record<string, (number | null)[]> {
  const history = state.history;
  const n = history.length;
  const series: (number | null)[][] = [];
  const column = (): (number | null)[] => {
    const out = new Array<number | null>(n);
    series.push(out);
    return out;
  };
  for (const m of WORLD_METRICS) {
    const out = column();
    for (let q = 0; q < n; q++) {
      const v = history[q]![m];
      out[q] = typeof v === "number" ? v : null;
    }
  }
  for (const k of state.classes.id) {
    const out = column();
    for (let q = 0; q < n; q++) out[q] = history[q]!.costPerTask[k] ?? 0;
  }
  for (const m of state.models.id) {
    const out = column();
    for (let q = 0; q < n; q++) out[q] = history[q]!.modelPrices[m] ?? null;
  }
  for (let k = 0; k < MARKET_EVENT_KINDS.length; k++) {
    const out = column();
    for (let q = 0; q < n; q++) out[q] = history[q]!.events[k] ?? 0;
  }
  const C = state.companies;
  for (let i = 0; i < C.n; i++) {
    const id = C.id[i]!;
    const role = C.role[i]!;
    const first = series.length;
    for (let j = 0; j < ACTOR_METRICS.length; j++) column();
    const served = role === "lab" ? column() : null;
    const unserved = role === "lab" ? column() : null;
    const aiCapex = role === "hyperscaler" ? column() : null;
    const apiSpend = role === "enterprise" ? column() : null;
    for (let q = 0; q < n; q++) {
      const a = history[q]!.actors[id];
      for (let j = 0; j < ACTOR_METRICS.length; j++) series[first + j]![q] = a ? a[ACTOR_METRICS[j]!] : 0;
      if (served && unserved) {
        served[q] = a ? a.tokensServed : 0;
        unserved[q] = a ? a.tokensUnserved : 0;
      }
      if (aiCapex) aiCapex[q] = a ? a.aiCapex : 0;
      if (apiSpend) apiSpend[q] = history[q]!.apiSpendByBuyer[id] ?? 0;
    }
  }
  const ids = METRIC_IDS(state);
  const out: Record<string, (number | null)[]> = {};
  for (let s = 0; s < ids.length; s++) out[ids[s]!] = series[s]!;
  return out;
}

/**
 * The metrics a stylized-fact check may observe (shared/facts/spec.ts), each read from the state
 * after a quarter (and so one value per quarter when read after each): every id of METRIC_IDS,
 * the other public indicators, and figures of one company, model or market the public history
 * does not carry. Patterns (`<id>` a company or model id, `<class>` a task class):
 *   labEquityHeadroom                                 lab sentiment less the level below which labs cannot raise equity
 *   world.capacity                                    installed GPU-hours a quarter of every cloud in business
 *   world.hbmDemand                                   HBM stacks demanded
 *   world.hyperscalerFcf                              free cash flow of the hyperscalers that are not neoclouds
 *   world.fallbackRoutes                              enterprise routes with a fallback vendor
 *   world.waferPrice                                  the leading-node wafer price
 *   actor.<id>.<books field>                          any line of its books (capex, debt, interest, costOfRevenue, …)
 *   actor.<id>.share | operatingMargin | loanRate | failed
 *                                                     market share (indicators), operating income / revenue,
 *                                                     annualised interest / debt, 1 when failed
 *   lab.<id>.unconstrainedRevenue | revenueCapture | tokensDemanded | tokensServed | consumerTokens
 *          | servingHours | computeCostPerHour | consumerCostPerSub | flatPlanRevenuePerSub | frontierGap | revenue
 *                                                     revenueCapture = revenue / unconstrained revenue; consumerCostPerSub:
 *                                                     the compute cost of a subscriber's tokens on the plan's mid-tier model
 *                                                     ($ a quarter); frontierGap: its best model's capability less the best
 *                                                     rival's
 *   model.<id>.<model field> | blendedPrice | revenueShare
 *   enterprise.<id>.spend | tasksDone | valueCreated | aiGainsPassed | budgetExhausted | costPerTask | valuePerTask
 *          | fallbacks | share.<class>.<model>     aiGainsPassed: AI gains passed to its clients in lower prices
 *   hyperscaler.<id>.capacity | gpuRevenue | depPerGpuHour | powerMw
 *   chip.<id>.unitPrice
 * A value the state has no number for (an unknown id, a ratio over zero) is null.
 */
export function factMetrics(state: GameState, ids: readonly string[]): (number | null)[] {
  let actors: Record<string, ActorState> | null = null;
  let models: Record<string, ModelState> | null = null;
  const views = {
    actors: () => {
      actors ??= actorsOf(state);
      return actors;
    },
    models: () => {
      models ??= modelsOf(state);
      return models;
    },
  };
  return ids.map((id) => {
    const v = factMetric(state, id, views);
    return v === null || !Number.isFinite(v) ? null : v;
  });
}

interface Views {
  actors: () => Record<string, ActorState>;
  models: () => Record<string, ModelState>;
}

const ratio = (a: number, b: number): number | null => (b !== 0 ? a / b : null);

function factMetric(state: GameState, id: string, v: Views): number | null {
  const h = state.history[state.history.length - 1];
  if (!h) return null;
  if ((WORLD_METRICS as readonly string[]).includes(id)) {
    const x = h[id as keyof typeof h];
    return typeof x === "number" ? x : null;
  }
  if (id === "labEquityHeadroom") return h.labSentiment - state.world.rules.orders.labEquityWindowSentiment;
  const parts = id.split(".");
  const [kind, who, field, ...rest] = parts;
  if (kind === "costPerTask" && who) return h.costPerTask[who] ?? null;
  if (kind === "world") return worldMetric(state, who ?? "", v);
  if (!who || !field) return null;
  if (kind === "model") {
    const m = v.models()[who];
    if (!m) return null;
    if (field === "blendedPrice") return blendedPrice(m.inputPrice, m.outputPrice, state.world.rules.indicators.indexOutputShare);
    if (field === "revenueShare") return ratio(m.revenue, sumOf(Object.values(v.models()).map((x) => x.revenue)));
    const x = m[field as keyof ModelState];
    return typeof x === "number" ? x : typeof x === "boolean" ? Number(x) : null;
  }
  const a = v.actors()[who];
  if (!a) return null;
  if (kind === "actor") {
    const hx = h.actors[who];
    if (field === "share") return hx ? hx.share : null;
    if (field === "failed") return a.failed ? 1 : 0;
    if (field === "operatingMargin") return ratio(a.books.operatingIncome, a.books.revenue);
    if (field === "loanRate") return ratio(a.books.interest * 4, a.books.debt);
    const x = a.books[field as keyof Books];
    return typeof x === "number" ? x : null;
  }
  if (kind === "lab" && a.role === "lab") return labMetric(state, a, field, v);
  if (kind === "enterprise" && a.role === "enterprise") {
    switch (field) {
      case "spend":
      case "tasksDone":
      case "valueCreated":
      case "aiGainsPassed":
        return a[field];
      case "budgetExhausted":
        return a.budgetExhausted ? 1 : 0;
      case "costPerTask":
        return ratio(a.spend, a.tasksDone);
      case "valuePerTask":
        return ratio(a.valueCreated, a.tasksDone);
      case "fallbacks":
        return Object.values(a.routing).filter((r) => r.fallback).length;
      case "share": {
        const [cls, model] = rest;
        return cls && model ? (a.shares[cls]?.[model] ?? 0) : null;
      }
    }
    return null;
  }
  if (kind === "hyperscaler" && a.role === "hyperscaler") {
    switch (field) {
      case "capacity":
        return a.gpu.capacity;
      case "gpuRevenue":
        return a.gpu.revenue;
      case "depPerGpuHour":
        return ratio(a.books.depreciation, a.gpu.capacity);
      case "powerMw":
        return a.powerMw;
    }
    return null;
  }
  if (kind === "chip" && a.role === "chipmaker" && field === "unitPrice") return a.unitPrice;
  return null;
}

function labMetric(state: GameState, l: LabState, field: string, v: Views): number | null {
  switch (field) {
    case "revenue":
      return l.books.revenue;
    case "unconstrainedRevenue":
      return l.unconstrainedRevenue;
    case "revenueCapture":
      return ratio(l.books.revenue, l.unconstrainedRevenue);
    case "tokensDemanded":
      return l.tokens.demanded;
    case "tokensServed":
      return l.tokens.served;
    case "consumerTokens":
      return l.tokens.consumer;
    case "servingHours":
      return l.compute.serving;
    case "computeCostPerHour":
      return ratio(l.compute.cost, l.compute.total);
    case "consumerCostPerSub": {
      const models = v.models();
      const mid = l.models.map((id) => models[id]!).find((m) => m.tier === "mid");
      const perHour = ratio(l.compute.cost, l.compute.total);
      if (!mid || perHour === null || l.subscribersMillions <= 0) return null;
      return ((l.tokens.consumer / mid.mtokPerGpuHour) * perHour) / (l.subscribersMillions * 1e6);
    }
    case "flatPlanRevenuePerSub":
      return state.world.params.flatPlanPrice * MONTHS_PER_QUARTER;
    case "frontierGap": {
      let own = Number.NEGATIVE_INFINITY;
      let rival = Number.NEGATIVE_INFINITY;
      for (const m of Object.values(v.models())) {
        if (m.lab === l.id) own = Math.max(own, m.capability);
        else rival = Math.max(rival, m.capability);
      }
      return own - rival;
    }
  }
  return null;
}

function worldMetric(state: GameState, what: string, v: Views): number | null {
  switch (what) {
    case "hbmDemand":
      return state.memory.demandStacks;
    case "waferPrice":
      return state.foundry.pricePerWafer;
  }
  const actors = Object.values(v.actors()).filter((a) => !a.failed);
  switch (what) {
    case "capacity":
      return sumOf(actors.map((a) => (a.role === "hyperscaler" ? a.gpu.capacity : 0)));
    case "hyperscalerFcf":
      return sumOf(actors.map((a) => (a.role === "hyperscaler" && !a.neocloud ? a.books.fcf : 0)));
    case "fallbackRoutes":
      return sumOf(actors.map((a) => (a.role === "enterprise" ? Object.values(a.routing).filter((r) => r.fallback).length : 0)));
  }
  return null;
}

const sumOf = (xs: number[]): number => xs.reduce((t, x) => t + x, 0);

/**
 * The metric ids closest to a mistyped one, for "did you mean" hints: those containing it,
 * then those within a few edits of it (case-insensitive), at most `n`.
 */
export function nearMetricIds(ids: readonly string[], wanted: string, n = 4): string[] {
  const w = wanted.toLowerCase();
  const containing = ids.filter((id) => id.toLowerCase().includes(w));
  if (containing.length) return containing.slice(0, n);
  const limit = Math.max(2, Math.floor(w.length / 4));
  return ids
    .map((id) => ({ id, d: editDistance(id.toLowerCase(), w) }))
    .filter((x) => x.d <= limit)
    .sort((a, b) => a.d - b.d || (a.id < b.id ? -1 : 1))
    .slice(0, n)
    .map((x) => x.id);
}

/** Levenshtein distance (insertions, deletions and substitutions each count one). */
function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row.push(Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1)));
    prev = row;
  }
  return prev[b.length]!;
}
