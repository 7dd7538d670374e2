/**
 * Step 6: the token and task market.
 * Cost per resolved task = tokens per task × verbosity × price × attempts, where attempts
 * = 1 / P(success) and P(success) is logistic in the capability margin over the task's
 * quality bar. A class's tasks have log-normal values; the share worth doing at cost c is
 * P(V > c), so cheaper outcomes unlock more tasks (Jevons). Buyers route each class by
 * policy with switching stickiness; labs serve up to their serving compute; unserved
 * demand spills to the next-best model with spare capacity, then is lost.
 */
import type { TaskClass } from "../../scenario/schema.ts";
import { emit, isBanned, payFlow, type TurnContext } from "../context.ts";
import { exp, log, pow } from "../dmath.ts";
import { clamp, logistic, shareAbove, sortedIds, sortedKeys, valueAbove } from "../math.ts";
import type { EnterpriseState, GameState, LabState, ModelState } from "../state.ts";

export interface ModelQuote {
  id: string;
  lab: string;
  capability: number;
  /** $ per resolved task */
  cost: number;
  /** MTok per resolved task */
  mtok: number;
  attempts: number;
  /** blended $ per MTok for this class */
  price: number;
  /** share of the class's potential tasks worth doing at this cost, P(V > cost) */
  worth: number;
  /** mean value of a task worth doing ($), E[V | V > cost] */
  valuePerTask: number;
}

/** Blended $ per MTok for a class with the given output share. */
export function blendedPrice(m: Pick<ModelState, "inputPrice" | "outputPrice">, outputShare: number): number {
  return m.inputPrice * (1 - outputShare) + m.outputPrice * outputShare;
}

/** The cost of resolving one task of class k on model m, or null when m is not viable for it. */
export function quote(state: GameState, m: ModelState, k: TaskClass, capabilityPenalty = 0): ModelQuote | null {
  const p = state.world.params;
  const c = m.capability - capabilityPenalty;
  const success = logistic((c - k.qualityBar) / p.successScale);
  if (success < p.minSuccess) return null;
  const attempts = 1 / success;
  const mtok = (k.tokensPerTask * m.verbosity * attempts) / 1e6;
  const price = blendedPrice(m, k.outputShare);
  const cost = mtok * price;
  const mu = valueMu(k, c);
  const worth = shareAbove(cost, mu, k.valueSigma);
  const valuePerTask = valueAbove(cost, mu, k.valueSigma) / Math.max(1e-12, worth);
  return { id: m.id, lab: m.lab, capability: c, cost, mtok, attempts, price, worth, valuePerTask };
}

/** Models that can take demand this quarter. */
export function availableModels(state: GameState, q: number): ModelState[] {
  return sortedIds(state.models)
    .map((id) => state.models[id]!)
    .filter((m) => {
      const lab = state.actors[m.lab];
      return lab && !lab.failed && m.availability > 0 && !isBanned(state, q, m.id);
    });
}

/** Value parameters of a class for a model: uncapped tasks are worth more from a stronger model. */
function valueMu(k: TaskClass, capability: number): number {
  const mu = log(k.valueMedian);
  return k.uncapped ? mu + 0.08 * Math.max(0, capability - k.qualityBar) : mu;
}

interface Chunk {
  buyer: string; // actor id or "world:rest"
  cls: TaskClass;
  model: string;
  tasks: number;
  quote: ModelQuote;
}

function penaltyOf(state: GameState, lab: string): number {
  const l = state.actors[lab];
  if (l?.role !== "lab" || state.world.params.rationing !== "shorten") return 0;
  // Shortened outputs under rationing lower effective quality [002/A8].
  const short = l.tokens.demanded > 0 ? 1 - l.tokens.served / l.tokens.demanded : 0;
  return 6 * clamp(short, 0, 1);
}

/**
 * Where a policy would send a class this quarter. Buyers differ, so "cheapest" is a logit
 * over log cost (most volume to the cheapest, some to near-equals) and "frontier" a logit
 * over capability; a named model (or its fallback) takes everything.
 */
function targetShares(
  quotes: ModelQuote[],
  weights: ChoiceWeights,
  policy: "cheapest" | "frontier" | "named",
  habit: number,
  named?: string,
  fallback?: string,
): Record<string, number> {
  if (quotes.length === 0) return {};
  if (policy === "named") {
    const hit = quotes.find((x) => x.id === named) ?? quotes.find((x) => x.id === fallback);
    return hit ? { [hit.id]: 1 } : {};
  }
  const out: Record<string, number> = {};
  const h = policy === "frontier" ? 1 : habit;
  for (let i = 0; i < quotes.length; i++) {
    const v = (1 - h) * weights.cheap[i]! + h * weights.best[i]!;
    if (v > 1e-6) out[quotes[i]!.id] = v;
  }
  return out;
}

/** Each model's normalised weight among cost-minimising and among frontier buyers, for one class. */
interface ChoiceWeights {
  cheap: number[];
  best: number[];
}

function choiceWeights(quotes: ModelQuote[]): ChoiceWeights {
  if (quotes.length === 0) return { cheap: [], best: [] };
  const logs = quotes.map((x) => log(x.cost));
  const minLog = Math.min(...logs);
  const maxC = Math.max(...quotes.map((x) => x.capability));
  const cheap = logs.map((l) => exp(-(l - minLog) / COST_DISPERSION));
  const best = quotes.map((x) => exp(-(maxC - x.capability) / CAPABILITY_DISPERSION));
  const sc = cheap.reduce((a, b) => a + b, 0);
  const sb = best.reduce((a, b) => a + b, 0);
  return { cheap: cheap.map((w) => w / sc), best: best.map((w) => w / sb) };
}

/** Spread of buyers' choices: a model 10% dearer per task gets exp(-0.095/0.25) ≈ 68% of the cheapest's weight. */
const COST_DISPERSION = 0.25;
/** A model 1.5 points behind the best gets 37% of its weight among frontier buyers. */
const CAPABILITY_DISPERSION = 1.5;

/** New routing shares: sticky towards the target; a banned model's share moves at once. */
function updateShares(
  state: GameState,
  prev: Record<string, number> | undefined,
  target: Record<string, number>,
  quotes: ModelQuote[],
  stickiness: number,
  onUnavailable: (modelId: string) => Record<string, number>,
): Record<string, number> {
  if (!prev || Object.keys(prev).length === 0) return { ...target };
  const avail = new Set(quotes.map((x) => x.id));
  const kept: Record<string, number> = {};
  for (const id of sortedKeys(prev)) {
    const s = prev[id]!;
    if (s <= 0) continue;
    if (avail.has(id)) kept[id] = (kept[id] ?? 0) + s;
    else {
      const moved = onUnavailable(id);
      for (const to of sortedKeys(moved)) kept[to] = (kept[to] ?? 0) + s * moved[to]!;
    }
  }
  const out: Record<string, number> = {};
  for (const id of sortedKeys(kept)) out[id] = (out[id] ?? 0) + stickiness * kept[id]!;
  const keptTotal = Object.values(kept).reduce((a, b) => a + b, 0);
  for (const id of sortedKeys(target)) out[id] = (out[id] ?? 0) + (1 - stickiness) * keptTotal * target[id]!;
  for (const id of Object.keys(out)) if (out[id]! < 1e-9) delete out[id];
  void state;
  return out;
}

/**
 * New uses: as the cost per resolved task of a class falls below where it started, more of
 * the economy builds it into its workflows (pilots become production), beyond the tasks that
 * were already worth doing. Elasticity 0.35 on the cost ratio, up to 8x [003a; 001: tokens 50x].
 */
function adoptionFromCost(state: GameState, classId: string): number {
  const ref = state.costRef[classId];
  const last = state.history[state.history.length - 1]?.costPerTask[classId];
  if (!ref || !last || last <= 0) return 1;
  return clamp(pow(ref / last, ADOPTION_ELASTICITY), 0.5, 8);
}
const ADOPTION_ELASTICITY = 0.35;

export function tokenMarket(state: GameState, ctx: TurnContext): void {
  const q = ctx.q;
  const p = state.world.params;
  const models = availableModels(state, q);
  const labs = sortedIds(state.actors)
    .map((id) => state.actors[id]!)
    .filter((a): a is LabState => a.role === "lab" && !a.failed);
  const habitNow = (k: TaskClass) => k.frontierHabit * pow(1 - p.habitDecay, q - 1);
  const penalties: Record<string, number> = {};
  for (const l of labs) penalties[l.id] = penaltyOf(state, l.id);
  for (const id of sortedIds(state.models)) {
    state.models[id]!.servedMtok = 0;
    state.models[id]!.revenue = 0;
  }

  const chunks: Chunk[] = [];
  const quotesByClass = new Map<string, ModelQuote[]>();
  const enterprises = sortedIds(state.actors)
    .map((id) => state.actors[id]!)
    .filter((a): a is EnterpriseState => a.role === "enterprise" && !a.failed);

  for (const k of state.taskClasses) {
    const quotes: ModelQuote[] = [];
    for (const m of models) {
      const qu = quote(state, m, k, penalties[m.lab] ?? 0);
      if (qu) quotes.push(qu);
    }
    const byId = new Map(quotes.map((x) => [x.id, x]));
    const weights = choiceWeights(quotes);
    quotesByClass.set(
      k.id,
      [...quotes].sort((a, b) => a.cost - b.cost || (a.id < b.id ? -1 : 1)),
    );
    const scale = state.classScale[k.id] ?? 1;
    // The rest of the economy.
    {
      const target = targetShares(quotes, weights, "cheapest", habitNow(k));
      const prev = state.restShares[k.id];
      const shares = updateShares(state, prev, target, quotes, p.switchingStickiness, (gone) => {
        // The vendor's default model takes most; a share goes to open or sovereign inference.
        const m = state.models[gone]!;
        const sameLab = quotes.filter((x) => x.lab === m.lab).sort((a, b) => b.capability - a.capability)[0];
        const open = quotes.filter((x) => state.models[x.id]!.openWeights).sort((a, b) => a.cost - b.cost)[0];
        const cheapest = [...quotes].sort((a, b) => a.cost - b.cost)[0];
        const out: Record<string, number> = {};
        const alt = open ?? cheapest;
        if (sameLab) out[sameLab.id] = (out[sameLab.id] ?? 0) + (1 - p.sovereignShift);
        if (alt) out[alt.id] = (out[alt.id] ?? 0) + (sameLab ? p.sovereignShift : 1);
        return out;
      });
      state.restShares[k.id] = shares;
      const potential = k.restPotential * scale * state.restAdoption * adoptionFromCost(state, k.id);
      for (const id of sortedKeys(shares)) {
        const qu = byId.get(id);
        if (!qu) continue;
        const tasks = potential * shares[id]! * qu.worth;
        if (tasks > 0) chunks.push({ buyer: "world:rest", cls: k, model: id, tasks, quote: qu });
      }
    }
    // Enterprise seats.
    for (const e of enterprises) {
      const potentialBase = e.tasks[k.id] ?? 0;
      if (potentialBase <= 0) continue;
      const r = e.routing[k.id] ?? { policy: "cheapest" as const };
      const target = targetShares(quotes, weights, r.policy, 0, r.model, r.fallback);
      const prev = e.shares[k.id];
      const shares = updateShares(state, prev, target, quotes, p.switchingStickiness * 0.5, (gone) => {
        if (r.policy === "named") {
          // Single-model users lose the work; a fallback vendor takes it.
          const fb = r.fallback && r.fallback !== gone ? quotes.find((x) => x.id === r.fallback) : undefined;
          return fb ? { [fb.id]: 1 } : {};
        }
        return target;
      });
      e.shares[k.id] = shares;
      const potential = potentialBase * scale * e.adoption;
      for (const id of sortedKeys(shares)) {
        const qu = byId.get(id);
        if (!qu) continue;
        const tasks = potential * shares[id]! * qu.worth;
        if (tasks > 0) chunks.push({ buyer: e.id, cls: k, model: id, tasks, quote: qu });
      }
    }
  }

  // Enterprise budgets cap spend [fact 16]: past the cap, work stops.
  const budgetLeft: Record<string, number> = {};
  const byBuyer = new Map<string, Chunk[]>();
  for (const c of chunks) {
    const list = byBuyer.get(c.buyer);
    if (list) list.push(c);
    else byBuyer.set(c.buyer, [c]);
  }
  const spendOf = (id: string) => (byBuyer.get(id) ?? []).reduce((s, c) => s + c.tasks * c.quote.cost, 0);
  for (const e of enterprises) {
    const mine = byBuyer.get(e.id) ?? [];
    const spend = spendOf(e.id);
    e.budgetExhausted = false;
    if (spend > e.budget && spend > 0) {
      const f = e.budget / spend;
      for (const c of mine) c.tasks *= f;
      e.budgetExhausted = true;
      budgetLeft[e.id] = 0;
      emit(
        ctx,
        "enterprise/budgetExhausted",
        `${e.name} ran through its AI budget: ${(f * 100).toFixed(0)}% of the work it wanted got done`,
        { served: f },
        e.id,
      );
    }
  }

  for (const e of enterprises) {
    if (budgetLeft[e.id] === undefined) budgetLeft[e.id] = Math.max(0, e.budget - spendOf(e.id));
  }

  // Consumer plans.
  const consumer: Record<string, { model: string; mtok: number; revenue: number }> = {};
  for (const l of labs) {
    if (l.subscribersMillions <= 0) continue;
    const lineup = l.models.map((id) => state.models[id]!).filter((m) => models.includes(m) && m.capability >= p.consumerBar);
    if (lineup.length === 0) continue;
    const byTier = (t: string) => lineup.find((m) => m.tier === t);
    // Heavy users use more each quarter, and reasoning models spend more tokens per query.
    const perSub = p.consumerMtokPerSub * pow(1 + p.heavyUseGrowth, q - 1) * state.reasoningScale;
    const subs = l.subscribersMillions * 1e6;
    let m = byTier("mid") ?? lineup[0]!;
    let mtok = subs * perSub;
    let revenue = subs * p.flatPlanPrice * 3;
    if (l.consumerPlan === "capped") {
      // Caps and throttling: a cheaper model and a ceiling on use [002/A4; 002/A8: "lobotomized"].
      m = byTier("small") ?? m;
      mtok = Math.min(mtok, subs * p.consumerMtokPerSub * 1.5);
    } else if (l.consumerPlan === "usage") {
      // Usage billing: a smaller base fee plus tokens at a consumer rate, so heavy use pays its way.
      revenue = subs * p.flatPlanPrice * 3 * 0.3 + mtok * blendedPrice(m, 0.3) * 0.6;
    }
    consumer[l.id] = { model: m.id, mtok, revenue };
  }

  // Serving capacity: GPU-hours needed vs serving GPU-hours.
  const needGpu: Record<string, number> = {};
  for (const c of chunks) {
    const m = state.models[c.model]!;
    needGpu[m.lab] = (needGpu[m.lab] ?? 0) + (c.tasks * c.quote.mtok) / m.mtokPerGpuHour;
  }
  for (const id of sortedKeys(consumer)) {
    const c = consumer[id]!;
    needGpu[id] = (needGpu[id] ?? 0) + c.mtok / state.models[c.model]!.mtokPerGpuHour;
  }
  const ratio: Record<string, number> = {};
  for (const l of labs) {
    const need = needGpu[l.id] ?? 0;
    ratio[l.id] = need > 0 ? Math.min(1, l.compute.serving / need) : 1;
  }
  const shorten = p.rationing === "shorten";
  const spare: Record<string, number> = {};
  for (const l of labs) spare[l.id] = Math.max(0, l.compute.serving - (needGpu[l.id] ?? 0));

  const served: Chunk[] = [];
  const spilled: Chunk[] = [];
  for (const c of chunks) {
    const r = ratio[c.quote.lab] ?? 1;
    if (r >= 1) served.push(c);
    else if (shorten) {
      // Everyone is served, with shorter outputs: fewer tokens per task (quality falls next quarter).
      served.push({ ...c, quote: { ...c.quote, mtok: c.quote.mtok * Math.max(0.3, r), cost: c.quote.cost * Math.max(0.3, r) } });
    } else {
      served.push({ ...c, tasks: c.tasks * r });
      spilled.push({ ...c, tasks: c.tasks * (1 - r) });
    }
  }
  // Spill to the next-best viable model with spare capacity.
  for (const c of spilled) {
    let left = c.tasks;
    for (const alt of quotesByClass.get(c.cls.id) ?? []) {
      if (left <= 0) break;
      if (alt.id === c.model || alt.lab === c.quote.lab || (spare[alt.lab] ?? 0) <= 0) continue;
      const m = state.models[alt.id]!;
      const worth = alt.cost <= c.quote.cost ? 1 : alt.worth / Math.max(1e-12, c.quote.worth);
      const wantTasks = left * clamp(worth, 0, 1);
      const gpuPerTask = alt.mtok / m.mtokPerGpuHour;
      const canTasks = (spare[m.lab] ?? 0) / gpuPerTask;
      const left$ = budgetLeft[c.buyer];
      const n = Math.min(
        wantTasks,
        canTasks,
        left$ === undefined ? Number.POSITIVE_INFINITY : left$ / Math.max(1e-12, alt.cost - c.quote.cost),
      );
      if (n > 0) {
        if (left$ !== undefined) budgetLeft[c.buyer] = Math.max(0, left$ - n * Math.max(0, alt.cost - c.quote.cost));
        served.push({ ...c, model: alt.id, tasks: n, quote: alt });
        spare[m.lab] = (spare[m.lab] ?? 0) - n * gpuPerTask;
        left -= n / Math.max(1e-12, clamp(worth, 1e-12, 1));
      }
    }
  }

  // Settle: buyers pay labs for tokens served; value created is counted.
  for (const l of labs) l.tokens = { demanded: 0, served: 0, consumer: 0 };
  for (const c of chunks) {
    const lab = state.actors[c.quote.lab] as LabState;
    lab.tokens.demanded += c.tasks * c.quote.mtok;
    lab.unconstrainedRevenue = 0;
  }
  const unconstrained: Record<string, number> = {};
  for (const c of chunks) unconstrained[c.quote.lab] = (unconstrained[c.quote.lab] ?? 0) + c.tasks * c.quote.cost;
  for (const e of enterprises) {
    e.spend = 0;
    e.valueCreated = 0;
    e.tasksDone = 0;
  }
  // Bills are summed per buyer and lab, then paid through the ledger once per pair.
  const bills = new Map<string, Map<string, number>>();
  const spendByClass = new Map<string, number>();
  const tasksByClass = new Map<string, number>();
  for (const c of served) {
    const m = state.models[c.model]!;
    const labId = m.lab;
    const mtok = c.tasks * c.quote.mtok;
    const bill = c.tasks * c.quote.cost;
    const value = c.tasks * c.quote.valuePerTask;
    m.servedMtok += mtok;
    m.revenue += bill;
    (state.actors[labId] as LabState).tokens.served += mtok;
    let byLab = bills.get(c.buyer);
    if (!byLab) {
      byLab = new Map();
      bills.set(c.buyer, byLab);
    }
    byLab.set(labId, (byLab.get(labId) ?? 0) + bill);
    ctx.stats.apiMtok += mtok;
    spendByClass.set(c.cls.id, (spendByClass.get(c.cls.id) ?? 0) + bill);
    tasksByClass.set(c.cls.id, (tasksByClass.get(c.cls.id) ?? 0) + c.tasks);
    ctx.stats.valueCreated += value;
    ctx.stats.shadowOutput += value - bill;
    if (c.buyer !== "world:rest") {
      const e = state.actors[c.buyer] as EnterpriseState;
      e.valueCreated += value;
      e.tasksDone += c.tasks;
    }
  }
  for (const k of state.taskClasses) {
    ctx.stats.taskSpend[k.id] = (ctx.stats.taskSpend[k.id] ?? 0) + (spendByClass.get(k.id) ?? 0);
    ctx.stats.taskCount[k.id] = (ctx.stats.taskCount[k.id] ?? 0) + (tasksByClass.get(k.id) ?? 0);
  }
  for (const buyer of [...bills.keys()].sort()) {
    const byLab = bills.get(buyer)!;
    const isWorld = buyer.startsWith("world:");
    for (const labId of [...byLab.keys()].sort()) {
      const paid = payFlow(state, ctx, buyer, labId, byLab.get(labId)!, "tokens", isWorld ? null : "other", "revenue");
      ctx.stats.apiRevenue += paid;
      if (!isWorld) (state.actors[buyer] as EnterpriseState).spend += paid;
    }
  }

  for (const id of sortedKeys(consumer)) {
    const c = consumer[id]!;
    const lab = state.actors[id] as LabState;
    const r = ratio[id] ?? 1;
    const mtok = c.mtok * (shorten ? 1 : r);
    const m = state.models[c.model]!;
    m.servedMtok += mtok;
    lab.tokens.consumer = mtok;
    lab.tokens.served += mtok;
    lab.tokens.demanded += c.mtok;
    ctx.stats.consumerMtok += mtok;
    const paid = payFlow(state, ctx, "world:customers", id, c.revenue * (shorten ? 1 : 0.5 + 0.5 * r), "consumer plans", null, "revenue");
    m.revenue += paid;
    if (lab.consumerPlan === "capped") lab.subscribersMillions *= 0.985;
    else if (lab.consumerPlan === "usage") lab.subscribersMillions *= 0.99;
    else lab.subscribersMillions *= 1.02;
  }
  for (const l of labs) {
    l.unconstrainedRevenue = unconstrained[l.id] ?? 0;
    if ((ratio[l.id] ?? 1) < 0.98) {
      emit(
        ctx,
        "lab/computeConstrained",
        `${l.name} could serve only ${((ratio[l.id] ?? 1) * 100).toFixed(0)}% of the demand for its models; the rest went to rivals or was lost`,
        { ratio: ratio[l.id] ?? 1 },
      );
    }
  }
}
