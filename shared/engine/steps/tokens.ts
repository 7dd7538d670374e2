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
import { activeActors, effectsOf, emit, modelList, payFlow, type TurnContext } from "../context.ts";
import { exp, log, pow } from "../dmath.ts";
import { WORLD_ACCOUNT } from "../ledger.ts";
import { clamp, fixed, logistic, shareAbove, sortSmall, sortStrings, valueAbove } from "../math.ts";
import type { EnterpriseState, GameState, ModelState } from "../state.ts";

export interface ModelQuote {
  /** the model quoted (its id and lab are the quote's) */
  mod: ModelState;
  /** the model's capability for this quote (less its lab's rationing penalty) */
  capability: number;
  /** $ per resolved task */
  cost: number;
  /** MTok per resolved task */
  mtok: number;
  /** share of the class's potential tasks worth doing at this cost, P(V > cost) */
  worth: number;
  /** mean value of a task worth doing ($), E[V | V > cost] */
  valuePerTask: number;
  /** the quote's index among all of the quarter's quotes (every class's, in order) */
  ordinal: number;
  /** the index of the model's lab among the labs */
  li: number;
}

/** Blended $ per MTok for a class with the given output share. */
export function blendedPrice(m: Pick<ModelState, "inputPrice" | "outputPrice">, outputShare: number): number {
  return m.inputPrice * (1 - outputShare) + m.outputPrice * outputShare;
}

/**
 * The cost of resolving one task of class k on model m, or null when m is not viable for it.
 * `logMedian` is the class's log median value (at this quarter's value of work); when `logs` is
 * given, ln(cost) is stored at `logs[at]` (choiceWeights reads it, so it is taken once per quote).
 */
function quote(
  p: GameState["world"]["params"],
  m: ModelState,
  k: TaskClass,
  capabilityPenalty: number,
  logMedian: number,
  logs: number[] | null,
  at: number,
  ordinal: number,
  li: number,
): ModelQuote | null {
  const c = m.capability - capabilityPenalty;
  const success = logistic((c - k.qualityBar) / p.successScale);
  if (success < p.minSuccess) return null;
  const attempts = 1 / success;
  const mtok = (k.tokensPerTask * m.verbosity * attempts) / 1e6;
  const price = blendedPrice(m, k.outputShare);
  const cost = mtok * price;
  // Value parameters of a class for a model: uncapped tasks are worth more from a stronger model.
  const mu = k.uncapped ? logMedian + p.capabilityValuePremium * Math.max(0, c - k.qualityBar) : logMedian;
  const sigma = k.valueSigma;
  const logCost = log(cost);
  if (logs) logs[at] = logCost;
  const worth = shareAbove(cost, logCost, mu, sigma);
  const valuePerTask = valueAbove(cost, logCost, mu, sigma) / Math.max(1e-12, worth);
  return { mod: m, capability: c, cost, mtok, worth, valuePerTask, ordinal, li };
}

/** Ids of the models banned in quarter q, or null when none is. */
function bannedIn(state: GameState, q: number): Set<string> | null {
  const bans = effectsOf(state, q, "modelBan");
  return bans.length ? new Set(bans.map((e) => e.model)) : null;
}

/** Models that can take demand this quarter. */
export function availableModels(state: GameState, q: number): ModelState[] {
  const banned = bannedIn(state, q);
  const out: ModelState[] = [];
  for (const m of modelList(state)) {
    const lab = state.actors[m.lab];
    if (lab && !lab.failed && m.availability > 0 && !banned?.has(m.id)) out.push(m);
  }
  return out;
}

/*
 * The quarter's work, in parts: `tasks` of one class (ci) for one buyer (bi: 0 for the rest of
 * the economy, WORLD_ACCOUNT, else 1 + its index among the enterprises), served by one quote's
 * model (whose lab is li among the labs). Held as columns in scratch arrays reused from quarter
 * to quarter, not as an object per part: a quarter has a hundred or more parts, some split in
 * two (served and spilled), and those objects were a fifth of the engine's allocation, whose
 * cost in a game is about twice the allocation's own (it pushes the state and code out of the
 * caches and brings the next scavenge nearer). One call at a time (tokenMarket is synchronous).
 *
 * DEMAND: each part as routed, before capacity. SERVED: what labs serve,
 * with the tokens and dollars per task it was served at (shortened under rationing) and the value
 * per task (the mtok, cost and value columns, which only it fills). SPILL: demand a lab could
 * not serve, looking for another lab.
 */
class Columns {
  n = 0;
  /** the columns' length (a field: a typed array's own length is a slower read) */
  capacity = 64;
  tasks: Float64Array = new Float64Array(64);
  /** index of the quote among the quarter's quotes */
  quote: Int32Array = new Int32Array(64);
  bi: Int32Array = new Int32Array(64);
  ci: Int32Array = new Int32Array(64);
  li: Int32Array = new Int32Array(64);
  /** served parts only: MTok and $ per task served, value per task */
  mtok: Float64Array = new Float64Array(64);
  cost: Float64Array = new Float64Array(64);
  value: Float64Array = new Float64Array(64);

  /** Appends a part; returns its index. */
  add(tasks: number, quote: number, bi: number, ci: number, li: number): number {
    if (this.n === this.capacity) this.grow();
    const j = this.n++;
    this.tasks[j] = tasks;
    this.quote[j] = quote;
    this.bi[j] = bi;
    this.ci[j] = ci;
    this.li[j] = li;
    return j;
  }

  /** Appends a served part, at `mtok` and `cost` per task. */
  serve(tasks: number, q: ModelQuote, bi: number, ci: number, li: number, mtok: number, cost: number): void {
    const j = this.add(tasks, q.ordinal, bi, ci, li);
    this.mtok[j] = mtok;
    this.cost[j] = cost;
    this.value[j] = q.valuePerTask;
  }

  private grow(): void {
    const size = this.capacity * 2;
    this.capacity = size;
    const f = (a: Float64Array): Float64Array => {
      const b = new Float64Array(size);
      b.set(a);
      return b;
    };
    const i = (a: Int32Array): Int32Array => {
      const b = new Int32Array(size);
      b.set(a);
      return b;
    };
    this.tasks = f(this.tasks);
    this.quote = i(this.quote);
    this.bi = i(this.bi);
    this.ci = i(this.ci);
    this.li = i(this.li);
    this.mtok = f(this.mtok);
    this.cost = f(this.cost);
    this.value = f(this.value);
  }
}
const DEMAND = new Columns();
const SERVED = new Columns();
const SPILL = new Columns();

function penaltyOf(state: GameState, lab: string): number {
  const l = state.actors[lab];
  if (l?.role !== "lab" || state.world.params.rationing !== "shorten") return 0;
  // Shortened outputs under rationing lower effective quality [002/A8].
  const short = l.tokens.demanded > 0 ? 1 - l.tokens.served / l.tokens.demanded : 0;
  return 6 * clamp(short, 0, 1);
}

/**
 * Routing shares over a class's quotes: `idx` are indices into the quotes (ascending, which
 * is ascending model id, as the quotes follow the sorted model ids) and `val` their shares.
 */
interface Shares {
  idx: number[];
  val: number[];
}

const NO_SHARES: Shares = { idx: [], val: [] };

/**
 * Where a policy would send a class this quarter. Buyers differ, so "cheapest" is a logit
 * over log cost (most volume to the cheapest, some to near-equals) and "frontier" a logit
 * over capability (habit 1); a named model (or its fallback) takes everything (namedShares).
 */
function targetShares(weights: ChoiceWeights, h: number): Shares {
  const { cheap, best } = weights;
  const out: Shares = { idx: [], val: [] };
  for (let i = 0; i < cheap.length; i++) {
    const v = (1 - h) * cheap[i]! + h * best[i]!;
    if (v > 1e-6) {
      out.idx.push(i);
      out.val.push(v);
    }
  }
  return out;
}

function namedShares(quotes: ModelQuote[], named?: string, fallback?: string): Shares {
  let hit = -1;
  for (let i = 0; i < quotes.length; i++) {
    if (quotes[i]!.mod.id === named) {
      hit = i;
      break;
    }
  }
  if (hit < 0) {
    for (let i = 0; i < quotes.length; i++) {
      if (quotes[i]!.mod.id === fallback) {
        hit = i;
        break;
      }
    }
  }
  return hit < 0 ? NO_SHARES : { idx: [hit], val: [1] };
}

/** Each model's normalised weight among cost-minimising and among frontier buyers, for one class. */
interface ChoiceWeights {
  cheap: number[];
  best: number[];
}

/** `logs[i]` is ln(quotes[i].cost). */
function choiceWeights(quotes: ModelQuote[], logs: number[]): ChoiceWeights {
  const n = quotes.length;
  if (n === 0) return { cheap: [], best: [] };
  let minLog = Number.POSITIVE_INFINITY;
  let maxC = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    minLog = Math.min(minLog, logs[i]!);
    maxC = Math.max(maxC, quotes[i]!.capability);
  }
  const cheap: number[] = new Array(n);
  const best: number[] = new Array(n);
  let sc = 0;
  let sb = 0;
  for (let i = 0; i < n; i++) {
    const w = exp(-(logs[i]! - minLog) / COST_DISPERSION);
    cheap[i] = w;
    sc += w;
  }
  for (let i = 0; i < n; i++) {
    const w = exp(-(maxC - quotes[i]!.capability) / CAPABILITY_DISPERSION);
    best[i] = w;
    sb += w;
  }
  for (let i = 0; i < n; i++) {
    cheap[i] = cheap[i]! / sc;
    best[i] = best[i]! / sb;
  }
  return { cheap, best };
}

/** Spread of buyers' choices: a model 10% dearer per task gets exp(-0.095/0.25) ≈ 68% of the cheapest's weight. */
const COST_DISPERSION = 0.25;
/** A model 1.5 points behind the best gets 37% of its weight among frontier buyers. */
const CAPABILITY_DISPERSION = 1.5;

/**
 * Where a class's quotes are: `quote[i]` is the index in them of the available model `ids[i]`,
 * or -1. A scan of the few available models (under a dozen) costs less than a Map lookup.
 */
interface QuoteIndex {
  ids: string[];
  quote: number[];
}

function quoteIndex(index: QuoteIndex, id: string): number {
  const ids = index.ids;
  for (let i = 0; i < ids.length; i++) if (ids[i] === id) return index.quote[i]!;
  return -1;
}

function isEmpty(rec: Record<string, number>): boolean {
  for (const _ in rec) return false;
  return true;
}

/** Object.keys(rec) in sorted order, sorting only when they are not already. */
function keysSorted(rec: Record<string, number>): string[] {
  const keys = Object.keys(rec);
  for (let i = 1; i < keys.length; i++) if (keys[i - 1]! > keys[i]!) return sortStrings(keys);
  return keys;
}

/** Scratch for updateShares, by quote index (one call at a time). */
const keptV: number[] = [];
const keptHas: number[] = [];
const keptOrder: number[] = [];
const outV: number[] = [];
const outHas: number[] = [];
let keptCount = 0;
/**
 * updateShares' result by quote index, for the caller to read before the next call: the share
 * of quote i, or NaN when the record has none (a dense read instead of a keyed one by model id).
 */
const shareByQuote: number[] = [];

/** Adds share v to model i's kept share (updateShares' scratch). */
function keep(i: number, v: number): void {
  if (keptHas[i]) keptV[i] = keptV[i]! + v;
  else {
    keptHas[i] = 1;
    keptV[i] = 0 + v;
    keptOrder[keptCount++] = i;
  }
}

type Route = EnterpriseState["routing"][string];

/**
 * Where the share of a model that is not quoted any more goes. The rest of the economy
 * (`route` null): the vendor's default model takes most, a share goes to open or sovereign
 * inference. An enterprise: a single-model (named) user loses the work unless a fallback vendor
 * takes it; others move it to their policy's target.
 */
function movedShares(state: GameState, quotes: ModelQuote[], index: QuoteIndex, gone: string, route: Route | null, target: Shares): Shares {
  if (route) {
    if (route.policy === "named") {
      const fb = route.fallback && route.fallback !== gone ? quoteIndex(index, route.fallback) : -1;
      return fb >= 0 ? { idx: [fb], val: [1] } : NO_SHARES;
    }
    return target;
  }
  const p = state.world.params;
  const m = state.models[gone]!;
  const sameLab = quotes.filter((x) => x.mod.lab === m.lab).sort((a, b) => b.capability - a.capability)[0];
  const open = quotes.filter((x) => x.mod.openWeights).sort((a, b) => a.cost - b.cost)[0];
  const cheapest = [...quotes].sort((a, b) => a.cost - b.cost)[0];
  const out: Record<string, number> = {};
  const alt = open ?? cheapest;
  if (sameLab) out[sameLab.mod.id] = (out[sameLab.mod.id] ?? 0) + (1 - p.sovereignShift);
  if (alt) out[alt.mod.id] = (out[alt.mod.id] ?? 0) + (sameLab ? p.sovereignShift : 1);
  const moved: Shares = { idx: [], val: [] };
  for (const id of Object.keys(out).sort()) {
    moved.idx.push(quoteIndex(index, id));
    moved.val.push(out[id]!);
  }
  return moved;
}

/**
 * New routing shares: sticky towards the target; a banned model's share moves at once.
 * `index` finds a model's index in the quotes; the share of a model that is not quoted any
 * more goes where movedShares says (for the rest of the economy when `route` is null, else for
 * an enterprise with that route). Plain arguments, not a callback: a closure made for each
 * class and buyer cost an allocation and moved the loop's variables into heap contexts.
 */
function updateShares(
  prev: Record<string, number> | undefined,
  target: Shares,
  quotes: ModelQuote[],
  index: QuoteIndex,
  stickiness: number,
  state: GameState,
  route: Route | null,
): Record<string, number> {
  const n = quotes.length;
  const out: Record<string, number> = {};
  while (shareByQuote.length < n) shareByQuote.push(Number.NaN);
  for (let i = 0; i < n; i++) shareByQuote[i] = Number.NaN;
  if (!prev || isEmpty(prev)) {
    for (let j = 0; j < target.idx.length; j++) {
      const i = target.idx[j]!;
      out[quotes[i]!.mod.id] = target.val[j]!;
      shareByQuote[i] = target.val[j]!;
    }
    return out;
  }
  while (keptV.length < n) {
    keptV.push(0);
    keptHas.push(0);
    keptOrder.push(0);
    outV.push(0);
    outHas.push(0);
  }
  for (let i = 0; i < n; i++) {
    keptHas[i] = 0;
    outHas[i] = 0;
  }
  // Kept shares, by model; `keptOrder` is the order they were first met (their sum follows it).
  keptCount = 0;
  for (const id of keysSorted(prev)) {
    const s = prev[id]!;
    if (s <= 0) continue;
    const i = quoteIndex(index, id);
    if (i >= 0) keep(i, s);
    else {
      const moved = movedShares(state, quotes, index, id, route, target);
      for (let j = 0; j < moved.idx.length; j++) keep(moved.idx[j]!, s * moved.val[j]!);
    }
  }
  const nk = keptCount;
  for (let i = 0; i < n; i++) {
    if (keptHas[i]) {
      outV[i] = 0 + stickiness * keptV[i]!;
      outHas[i] = 1;
    }
  }
  let keptTotal = 0;
  for (let j = 0; j < nk; j++) keptTotal += keptV[keptOrder[j]!]!;
  for (let j = 0; j < target.idx.length; j++) {
    const i = target.idx[j]!;
    const add = (1 - stickiness) * keptTotal * target.val[j]!;
    if (outHas[i]) outV[i] = outV[i]! + add;
    else {
      outHas[i] = 2;
      outV[i] = 0 + add;
    }
  }
  // Keys in the order they were first set: the kept models, then the target's new ones; tiny shares drop out.
  for (let i = 0; i < n; i++) {
    if (outHas[i] === 1 && !(outV[i]! < 1e-9)) {
      out[quotes[i]!.mod.id] = outV[i]!;
      shareByQuote[i] = outV[i]!;
    }
  }
  for (let i = 0; i < n; i++) {
    if (outHas[i] === 2 && !(outV[i]! < 1e-9)) {
      out[quotes[i]!.mod.id] = outV[i]!;
      shareByQuote[i] = outV[i]!;
    }
  }
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

/**
 * Deployment is deflationary [seed-facts §2 #38; 001 "Shadow Output Gap"]: the more work AI
 * does relative to the economy, the less each task is worth, as the gains are competed away to
 * clients [§2 #11; 002/A4: "you do fifty of them and charge the client the same"]. The value of
 * work moves a quarter of the way each quarter (prices and wages adjust slowly) towards
 * 1 / (1 + valueDeflation × AI's real output / the economy's output), where the real output is
 * last quarter's shadow output at the first quarter's value of work. Once the value has caught
 * up, the shadow output stays below economyOutput / valueDeflation however much work AI does.
 * Returns this quarter's value of work (1 in the first quarter); last quarter's is in history.
 */
function valueOfWork(state: GameState): number {
  const last = state.history[state.history.length - 1];
  if (!last) return 1;
  const p = state.world.params;
  const real = Math.max(0, last.shadowOutput) / last.valueScale;
  const target = 1 / (1 + (p.valueDeflation * real) / p.economyOutput);
  return last.valueScale + 0.25 * (target - last.valueScale);
}

export function tokenMarket(state: GameState, ctx: TurnContext): void {
  const q = ctx.q;
  const p = state.world.params;
  const valueScale = valueOfWork(state);
  ctx.stats.valueScale = valueScale;
  const models = availableModels(state, q);
  const labs = activeActors(state, "lab");
  const enterprises = activeActors(state, "enterprise");
  // Labs by index (in id order): every available model's lab is one of them.
  const nl = labs.length;
  const habitDecayed = pow(1 - p.habitDecay, q - 1);
  /** by lab index */
  const penalties: number[] = [];
  for (const l of labs) penalties.push(penaltyOf(state, l.id));
  for (const m of modelList(state)) {
    m.servedMtok = 0;
    m.revenue = 0;
  }

  DEMAND.n = 0;
  SERVED.n = 0;
  SPILL.n = 0;
  /** every class's quotes, in order (a part's quote is its index here) */
  const allQuotes: ModelQuote[] = [];
  // Each available model's id, and (for the class at hand) its quote's index or -1.
  const modelIds: string[] = [];
  const quotePos: number[] = [];
  /** each available model's lab index */
  const modelLab: number[] = [];
  for (let i = 0; i < models.length; i++) {
    modelIds.push(models[i]!.id);
    quotePos.push(-1);
    modelLab.push(labIndexOf(labs, models[i]!.lab));
  }
  /** each class's quotes (by class index), in model-id order (sorted by cost only if demand spills) */
  const quotesByClass: ModelQuote[][] = [];
  // What each enterprise would spend, in the order its parts are made.
  const spendOf: number[] = enterprises.map(() => 0);
  const logs: number[] = [];

  const classes = state.taskClasses;
  for (let ci = 0; ci < classes.length; ci++) {
    const k = classes[ci]!;
    const quotes: ModelQuote[] = [];
    const logMedian = log(k.valueMedian * valueScale);
    for (let mi = 0; mi < models.length; mi++) {
      const m = models[mi]!;
      const at = quotes.length;
      const li = modelLab[mi]!;
      const qu = quote(p, m, k, penalties[li]!, logMedian, logs, at, allQuotes.length, li);
      if (qu) {
        quotes.push(qu);
        allQuotes.push(qu);
      }
    }
    const nq = quotes.length;
    const index: QuoteIndex = { ids: modelIds, quote: quotePos };
    // quotes follow the available models in order, so each model's quote is found in one pass
    for (let i = 0, j = 0; i < models.length; i++) quotePos[i] = j < nq && quotes[j]!.mod.id === modelIds[i] ? j++ : -1;
    const weights = choiceWeights(quotes, logs);
    quotesByClass.push(quotes);
    const scale = state.classScale[k.id] ?? 1;
    // The rest of the economy.
    {
      const target = nq === 0 ? NO_SHARES : targetShares(weights, k.frontierHabit * habitDecayed);
      const prev = state.restShares[k.id];
      const shares = updateShares(prev, target, quotes, index, p.switchingStickiness, state, null);
      state.restShares[k.id] = shares;
      const potential = k.restPotential * scale * state.restAdoption * adoptionFromCost(state, k.id);
      for (let i = 0; i < nq; i++) {
        const qu = quotes[i]!;
        const share = shareByQuote[i]!;
        if (Number.isNaN(share)) continue;
        const tasks = potential * share * qu.worth;
        if (tasks > 0) DEMAND.add(tasks, qu.ordinal, 0, ci, qu.li);
      }
    }
    // Enterprise seats. Targets of the cheapest and frontier policies are the same for every seat.
    let cheapestTarget: Shares | null = null;
    let frontierTarget: Shares | null = null;
    for (let ei = 0; ei < enterprises.length; ei++) {
      const e = enterprises[ei]!;
      const potentialBase = e.tasks[k.id] ?? 0;
      if (potentialBase <= 0) continue;
      const r = e.routing[k.id] ?? { policy: "cheapest" as const };
      let target: Shares;
      if (nq === 0) target = NO_SHARES;
      else if (r.policy === "named") target = namedShares(quotes, r.model, r.fallback);
      else if (r.policy === "frontier") target = frontierTarget ??= targetShares(weights, 1);
      else target = cheapestTarget ??= targetShares(weights, 0);
      const prev = e.shares[k.id];
      const shares = updateShares(prev, target, quotes, index, p.switchingStickiness * 0.5, state, r);
      e.shares[k.id] = shares;
      const potential = potentialBase * scale * e.adoption;
      let spend = spendOf[ei]!;
      for (let i = 0; i < nq; i++) {
        const qu = quotes[i]!;
        const share = shareByQuote[i]!;
        if (Number.isNaN(share)) continue;
        const tasks = potential * share * qu.worth;
        if (tasks > 0) {
          DEMAND.add(tasks, qu.ordinal, ei + 1, ci, qu.li);
          spend += tasks * qu.cost;
        }
      }
      spendOf[ei] = spend;
    }
  }

  // Enterprise budgets cap spend [fact 16]: past the cap, work stops.
  /** by buyer index; undefined for the rest of the economy, which has no budget */
  const budgetLeft: (number | undefined)[] = [undefined];
  for (let ei = 0; ei < enterprises.length; ei++) {
    const e = enterprises[ei]!;
    const spend = spendOf[ei]!;
    e.budgetExhausted = false;
    if (spend > e.budget && spend > 0) {
      const f = e.budget / spend;
      for (let j = 0; j < DEMAND.n; j++) if (DEMAND.bi[j] === ei + 1) DEMAND.tasks[j]! *= f;
      e.budgetExhausted = true;
      budgetLeft[ei + 1] = 0;
      emit(
        ctx,
        "enterprise/budgetExhausted",
        `${e.name} ran through its AI budget: ${fixed(f * 100, 0)}% of the work it wanted got done`,
        { served: f },
        e.id,
      );
    }
  }

  // The others' chunks are unchanged, so what is left is the budget less the same spend.
  for (let ei = 0; ei < enterprises.length; ei++) {
    const e = enterprises[ei]!;
    if (budgetLeft[ei + 1] === undefined) budgetLeft[ei + 1] = Math.max(0, e.budget - spendOf[ei]!);
  }

  // Consumer plans, by lab index.
  const consumer: ({ model: string; mtok: number; revenue: number } | undefined)[] = [];
  // Heavy users use more each quarter, and reasoning models spend more tokens per query.
  const heavyUse = pow(1 + p.heavyUseGrowth, q - 1);
  for (let li = 0; li < nl; li++) {
    const l = labs[li]!;
    consumer.push(undefined);
    if (l.subscribersMillions <= 0) continue;
    const lineup: ModelState[] = [];
    for (const id of l.models) {
      const m = state.models[id]!;
      if (models.includes(m) && m.capability >= p.consumerBar) lineup.push(m);
    }
    if (lineup.length === 0) continue;
    const perSub = p.consumerMtokPerSub * heavyUse * state.reasoningScale;
    const subs = l.subscribersMillions * 1e6;
    let m = byTier(lineup, "mid") ?? lineup[0]!;
    let mtok = subs * perSub;
    let revenue = subs * p.flatPlanPrice * 3;
    if (l.consumerPlan === "capped") {
      // Caps and throttling: a cheaper model and a ceiling on use [002/A4; 002/A8: "lobotomized"].
      m = byTier(lineup, "small") ?? m;
      mtok = Math.min(mtok, subs * p.consumerMtokPerSub * 1.5);
    } else if (l.consumerPlan === "usage") {
      // Usage billing: a smaller base fee plus tokens at a consumer rate, so heavy use pays its way.
      revenue = subs * p.flatPlanPrice * 3 * 0.3 + mtok * blendedPrice(m, 0.3) * 0.6;
    }
    consumer[li] = { model: m.id, mtok, revenue };
  }

  // Serving capacity: GPU-hours needed vs serving GPU-hours (by lab index).
  const needGpu = zeros(nl);
  const D = DEMAND;
  for (let j = 0; j < D.n; j++) {
    const qu = allQuotes[D.quote[j]!]!;
    const li = D.li[j]!;
    needGpu[li] = needGpu[li]! + (D.tasks[j]! * qu.mtok) / qu.mod.mtokPerGpuHour;
  }
  for (let li = 0; li < nl; li++) {
    const c = consumer[li];
    if (c) needGpu[li] = needGpu[li]! + c.mtok / state.models[c.model]!.mtokPerGpuHour;
  }
  const ratio = zeros(nl);
  const spare = zeros(nl);
  for (let li = 0; li < nl; li++) {
    const l = labs[li]!;
    const need = needGpu[li]!;
    ratio[li] = need > 0 ? Math.min(1, l.compute.serving / need) : 1;
  }
  const shorten = p.rationing === "shorten";
  for (let li = 0; li < nl; li++) spare[li] = Math.max(0, labs[li]!.compute.serving - needGpu[li]!);

  for (let j = 0; j < D.n; j++) {
    const li = D.li[j]!;
    const r = ratio[li]!;
    const qu = allQuotes[D.quote[j]!]!;
    const tasks = D.tasks[j]!;
    const bi = D.bi[j]!;
    const ci = D.ci[j]!;
    if (r >= 1) SERVED.serve(tasks, qu, bi, ci, li, qu.mtok, qu.cost);
    else if (shorten) {
      // Everyone is served, with shorter outputs: fewer tokens per task (quality falls next quarter).
      const short = Math.max(0.3, r);
      SERVED.serve(tasks, qu, bi, ci, li, qu.mtok * short, qu.cost * short);
    } else {
      SERVED.serve(tasks * r, qu, bi, ci, li, qu.mtok, qu.cost);
      SPILL.add(tasks * (1 - r), qu.ordinal, bi, ci, li);
    }
  }
  // Spill to the next-best viable model with spare capacity: the cheapest first.
  const byCost: (ModelQuote[] | undefined)[] = [];
  for (let j = 0; j < SPILL.n; j++) {
    const ci = SPILL.ci[j]!;
    const bi = SPILL.bi[j]!;
    const from = allQuotes[SPILL.quote[j]!]!;
    let left = SPILL.tasks[j]!;
    let alts = byCost[ci];
    if (!alts) {
      alts = sortSmall(quotesByClass[ci]!.slice(), byCostThenId);
      byCost[ci] = alts;
    }
    for (const alt of alts) {
      if (left <= 0) break;
      const ai = alt.li;
      // another lab's model (which is never the model that spilled)
      if (alt.mod.lab === from.mod.lab || spare[ai]! <= 0) continue;
      const m = alt.mod;
      const worth = alt.cost <= from.cost ? 1 : alt.worth / Math.max(1e-12, from.worth);
      const wantTasks = left * clamp(worth, 0, 1);
      const gpuPerTask = alt.mtok / m.mtokPerGpuHour;
      const canTasks = spare[ai]! / gpuPerTask;
      const left$ = budgetLeft[bi];
      const n = Math.min(
        wantTasks,
        canTasks,
        left$ === undefined ? Number.POSITIVE_INFINITY : left$ / Math.max(1e-12, alt.cost - from.cost),
      );
      if (n > 0) {
        if (left$ !== undefined) budgetLeft[bi] = Math.max(0, left$ - n * Math.max(0, alt.cost - from.cost));
        SERVED.serve(n, alt, bi, ci, ai, alt.mtok, alt.cost);
        spare[ai] = spare[ai]! - n * gpuPerTask;
        left -= n / Math.max(1e-12, clamp(worth, 1e-12, 1));
      }
    }
  }

  // Settle: buyers pay labs for tokens served; value created is counted.
  for (const l of labs) l.tokens = { demanded: 0, served: 0, consumer: 0 };
  for (let j = 0; j < D.n; j++) {
    const lab = labs[D.li[j]!]!;
    lab.tokens.demanded += D.tasks[j]! * allQuotes[D.quote[j]!]!.mtok;
    lab.unconstrainedRevenue = 0;
  }
  const unconstrained = zeros(nl);
  for (let j = 0; j < D.n; j++) {
    const li = D.li[j]!;
    unconstrained[li] = unconstrained[li]! + D.tasks[j]! * allQuotes[D.quote[j]!]!.cost;
  }
  for (const e of enterprises) {
    e.spend = 0;
    e.valueCreated = 0;
    e.tasksDone = 0;
  }
  // Bills are summed per buyer and lab (index buyer × labs + lab), then paid through the ledger once per pair.
  const nb = enterprises.length + 1;
  const bills = zeros(nb * nl);
  const billed: boolean[] = [];
  for (let i = 0; i < nb * nl; i++) billed.push(false);
  const spendByClass = zeros(classes.length);
  const tasksByClass = zeros(classes.length);
  const S = SERVED;
  for (let j = 0; j < S.n; j++) {
    const m = allQuotes[S.quote[j]!]!.mod;
    const tasks = S.tasks[j]!;
    const li = S.li[j]!;
    const bi = S.bi[j]!;
    const ci = S.ci[j]!;
    const mtok = tasks * S.mtok[j]!;
    const bill = tasks * S.cost[j]!;
    const value = tasks * S.value[j]!;
    m.servedMtok += mtok;
    m.revenue += bill;
    labs[li]!.tokens.served += mtok;
    const cell = bi * nl + li;
    bills[cell] = bills[cell]! + bill;
    billed[cell] = true;
    ctx.stats.apiMtok += mtok;
    spendByClass[ci] = spendByClass[ci]! + bill;
    tasksByClass[ci] = tasksByClass[ci]! + tasks;
    ctx.stats.valueCreated += value;
    ctx.stats.shadowOutput += value - bill;
    if (bi > 0) {
      const e = enterprises[bi - 1]!;
      e.valueCreated += value;
      e.tasksDone += tasks;
    }
  }
  for (let ci = 0; ci < classes.length; ci++) {
    const k = classes[ci]!;
    ctx.stats.taskSpend[k.id] = (ctx.stats.taskSpend[k.id] ?? 0) + spendByClass[ci]!;
    ctx.stats.taskCount[k.id] = (ctx.stats.taskCount[k.id] ?? 0) + tasksByClass[ci]!;
  }
  // Buyers in id order (WORLD_ACCOUNT among the enterprises' ids, which are in order), labs in id order.
  const buyerOrder: number[] = [];
  let restPlaced = false;
  for (let ei = 0; ei < enterprises.length; ei++) {
    if (!restPlaced && enterprises[ei]!.id > WORLD_ACCOUNT) {
      buyerOrder.push(0);
      restPlaced = true;
    }
    buyerOrder.push(ei + 1);
  }
  if (!restPlaced) buyerOrder.push(0);
  for (const bi of buyerOrder) {
    const isWorld = bi === 0;
    const buyer = isWorld ? WORLD_ACCOUNT : enterprises[bi - 1]!.id;
    for (let li = 0; li < nl; li++) {
      const cell = bi * nl + li;
      if (!billed[cell]) continue;
      const paid = payFlow(state, ctx, buyer, labs[li]!.id, bills[cell]!, "tokens", isWorld ? null : "other", "revenue");
      ctx.stats.apiRevenue += paid;
      if (!isWorld) enterprises[bi - 1]!.spend += paid;
    }
  }

  for (let li = 0; li < nl; li++) {
    const c = consumer[li];
    if (!c) continue;
    const lab = labs[li]!;
    const r = ratio[li]!;
    const mtok = c.mtok * (shorten ? 1 : r);
    const m = state.models[c.model]!;
    m.servedMtok += mtok;
    lab.tokens.consumer = mtok;
    lab.tokens.served += mtok;
    lab.tokens.demanded += c.mtok;
    ctx.stats.consumerMtok += mtok;
    const paid = payFlow(
      state,
      ctx,
      "world:customers",
      lab.id,
      c.revenue * (shorten ? 1 : 0.5 + 0.5 * r),
      "consumer plans",
      null,
      "revenue",
    );
    m.revenue += paid;
    if (lab.consumerPlan === "capped") lab.subscribersMillions *= 0.985;
    else if (lab.consumerPlan === "usage") lab.subscribersMillions *= 0.99;
    else lab.subscribersMillions *= 1.02;
  }
  for (let li = 0; li < nl; li++) {
    const l = labs[li]!;
    l.unconstrainedRevenue = unconstrained[li]!;
    const r = ratio[li]!;
    if (r < 0.98) {
      emit(
        ctx,
        "lab/computeConstrained",
        `${l.name} could serve only ${fixed(r * 100, 0)}% of the demand for its models; the rest went to rivals or was lost`,
        { ratio: r },
      );
    }
  }
}

/** The index of a lab among the labs (every available model's lab is one of them). */
function labIndexOf(labs: readonly { id: string }[], id: string): number {
  for (let i = 0; i < labs.length; i++) if (labs[i]!.id === id) return i;
  throw new Error(`no lab ${id}`);
}

function byCostThenId(a: ModelQuote, b: ModelQuote): number {
  return a.cost - b.cost || (a.mod.id < b.mod.id ? -1 : 1);
}

/** An array of n zeros (a plain array: small typed arrays cost more to allocate). */
function zeros(n: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(0);
  return out;
}

/** The first model of a tier in a lineup. */
function byTier(lineup: ModelState[], tier: string): ModelState | undefined {
  for (const m of lineup) if (m.tier === tier) return m;
  return undefined;
}
