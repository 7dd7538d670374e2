/**
 * Step 6: the token and task market.
 * Cost per resolved task = tokens per task × verbosity × price × attempts, where attempts
 * = 1 / P(success) and P(success) is logistic in the capability margin over the task's
 * quality bar. A class's tasks have log-normal values; the share worth doing at cost c is
 * P(V > c), so cheaper outcomes unlock more tasks (Jevons). Buyers route each class by
 * policy with switching stickiness; labs serve up to their serving compute; unserved
 * demand spills to the next-best model with spare capacity, then is lost.
 *
 * The quarter runs in phases, each a function below: quote every class on every available
 * model, route each buyer's demand (the rest of the economy, then each enterprise), cap
 * enterprises at their budgets, add consumer plans, serve what serving compute allows, spill
 * the rest, and settle (bills, value created, the labs' token figures).
 */
import type { Rules } from "../../scenario/params.ts";
import { activeRows, effectsOf, MONTHS_PER_QUARTER, payFlow, type TurnContext } from "../context.ts";
import { exp, log, pow } from "../dmath.ts";
import { cashAccount, WORLD } from "../ledger.ts";
import { boundFactor, clamp, doubles, filledDoubles, logistic, mapped, mappedDoubles, shareAbove, sortSmall, valueAbove } from "../math.ts";
import { nextLogistic } from "../rng.ts";
import type { GameState, Route } from "../state.ts";

/** A model's quote for one task class. */
interface Quote {
  /** the model's row */
  model: number;
  /** the position of the model's lab among the quarter's active labs */
  lab: number;
  /** the model's capability for this quote (less its lab's rationing penalty) */
  capability: number;
  /** $ per resolved task */
  cost: number;
  /** ln(cost) */
  logCost: number;
  /** MTok per resolved task */
  mtok: number;
  /** share of the class's potential tasks worth doing at this cost, P(V > cost) */
  worth: number;
  /** mean value of a task worth doing ($), E[V | V > cost] */
  valuePerTask: number;
}

/** Blended $ per MTok for a class with the given output share. */
export function blendedPrice(inputPrice: number, outputPrice: number, outputShare: number): number {
  return inputPrice * (1 - outputShare) + outputPrice * outputShare;
}

/**
 * Rows of the models that could take demand this quarter (their lab in business, available), in
 * model order: those that can, and those a ban keeps from it.
 */
export function modelsThisQuarter(state: GameState, q: number): { available: number[]; banned: number[] } {
  const M = state.models;
  const bans = effectsOf(state, q, "modelBan");
  const available: number[] = [];
  const banned: number[] = [];
  for (let m = 0; m < M.n; m++) {
    if (state.companies.failed[M.lab[m]!] || !(M.availability[m]! > 0)) continue;
    if (bans.some((e) => e.model === M.id[m])) banned.push(m);
    else available.push(m);
  }
  return { available, banned };
}

/** Rows of the models that can take demand this quarter: their lab in business, available, not banned. */
export function availableModels(state: GameState, q: number): number[] {
  return modelsThisQuarter(state, q).available;
}

/** Routing shares: positions in a class's quotes and their shares. */
interface Shares {
  idx: number[];
  val: number[];
}
const noShares = (): Shares => ({ idx: [], val: doubles() });
/** The whole share on one quote. */
const oneShare = (i: number): Shares => ({ idx: [i], val: doubles([1]) });

/**
 * Deployment is deflationary [seed-facts §2 #38; 001 "Shadow Output Gap"]: the more work AI
 * does relative to the economy, the less each task is worth, as the gains are competed away to
 * clients [§2 #11; 002/A4]. The value of work moves part of the way each quarter (prices and
 * wages adjust slowly) towards 1 / (1 + valueDeflation × AI's real output / the economy's
 * output), where the real output is last quarter's shadow output at the first quarter's value
 * of work. Returns this quarter's value of work (1 in the first quarter).
 */
function valueOfWork(state: GameState, rules: Rules): number {
  const last = state.history[state.history.length - 1];
  if (!last) return 1;
  const p = state.world.params;
  const real = Math.max(0, last.shadowOutput) / last.valueScale;
  const target = 1 / (1 + (p.valueDeflation * real) / p.economyOutput);
  return last.valueScale + rules.tokens.valueAdjustment * (target - last.valueScale);
}

/**
 * New uses: as the cost per resolved task of a class falls below where it started, more of
 * the economy builds it into its workflows (pilots become production), beyond the tasks that
 * were already worth doing [003a; 001: tokens 50x]. A workflow once built stays built: adoption
 * follows the lowest cost per task the class has reached, so a dearer task (reasoning, a price
 * rise) makes fewer tasks worth doing but does not tear out the workflows [000: "workflow-native
 * AI compounds"]. Building takes time: the new uses a lower cost brings arrive over
 * `adoptionLagQuarters` (the mean of the adoption each of the last quarters' lowest cost calls
 * for, none before the game) [002/A4: adoption arrives "one at a time", as point solutions].
 */
function adoptionFromCost(state: GameState, rules: Rules, k: number): number {
  const ref = state.costRef[k]!;
  if (!ref) return 1;
  const t = rules.tokens;
  const id = state.classes.id[k]!;
  const H = state.history;
  const lag = Math.max(1, t.adoptionLagQuarters);
  let low = Number.POSITIVE_INFINITY;
  let sum = 0;
  for (let j = 0; j < H.length; j++) {
    const c = H[j]!.costPerTask[id];
    if (c !== undefined && c > 0 && c < low) low = c;
    if (j >= H.length - lag)
      sum += low < Number.POSITIVE_INFINITY ? clamp(pow(ref / low, t.adoptionElasticity), t.adoptionMin, t.adoptionMax) : 1;
  }
  return (sum + Math.max(0, lag - H.length)) / lag;
}

/** A lab's (row) capability penalty for shortened answers last quarter under `shorten` rationing [002/A8]. */
function rationingPenalty(state: GameState, rules: Rules, l: number): number {
  if (state.world.params.rationing !== "shorten") return 0;
  const t = state.labs.tokens;
  const short = t.demanded[l]! > 0 ? 1 - t.served[l]! / t.demanded[l]! : 0;
  return rules.tokens.rationingPenalty * clamp(short, 0, 1);
}

/**
 * The quality bar of class k's marginal tasks this quarter. Task complexity goes up as
 * capability rises [seed-facts §2 #15 (001); fact 3 (002/A10): "some mid-tier workloads move
 * up"]: the work a capped class puts on AI gets harder as the frontier advances, its bar rising
 * by `lift` (barLift: rules.tokens.qualityBarDrift times the frontier's recent gain).
 * An uncapped class's bar stays: its tasks already pay for capability above it.
 */
function barOf(state: GameState, k: number, lift: number): number {
  const K = state.classes;
  return K.uncapped[k] ? K.qualityBar[k]! : K.qualityBar[k]! + lift;
}

/**
 * The rise of the capped classes' quality bars this quarter (barOf): the drift times the gain of
 * the frontier the economy has built its work on, the mean best capability of the last
 * `adoptionLagQuarters` quarters (the first quarter's before the game) over the first quarter's:
 * harder work, like new uses, takes time to build [002/A4: "one at a time"; 003a].
 */
function barLift(state: GameState, rules: Rules): number {
  const drift = rules.tokens.qualityBarDrift;
  if (!(drift > 0)) return 0;
  const H = state.history;
  const lag = Math.max(1, rules.tokens.adoptionLagQuarters);
  const base = state.baseFrontierCapability;
  let sum = 0;
  for (let j = H.length - lag; j < H.length; j++) sum += j >= 0 ? Math.max(base, H[j]!.frontierCapability) : base;
  return drift * (sum / lag - base);
}

/** P(success) of one attempt at a task of class k by a model of this capability: logistic in its margin over the class's quality bar (barOf). */
function successOf(state: GameState, capability: number, k: number, lift: number): number {
  return logistic((capability - barOf(state, k, lift)) / state.world.params.successScale);
}

/**
 * The log-value an uncapped task gains from a model `margin` capability points above its bar:
 * `capabilityValuePremium` a point, bent smoothly (boundFactor) towards the log of
 * `tokens.capabilityValueMax` (002/A10: research sped "10x or 100x"), so that research done by
 * ever stronger models cannot alone meet the ceiling on AI's value and crowd out other work.
 */
function premiumOf(state: GameState, margin: number): number {
  const t = state.world.rules.tokens;
  const x = state.world.params.capabilityValuePremium * Math.max(0, margin);
  return x > 0 ? x * boundFactor(x, log(t.capabilityValueMax), t.capabilityValueSharpness) : 0;
}

/** The quotes of one class on the available models (in model order), or none where a model is not viable. */
function quoteClass(
  state: GameState,
  k: number,
  models: readonly number[],
  labOf: readonly number[],
  penalties: readonly number[],
  logMedian: number,
  lift: number,
): Quote[] {
  const p = state.world.params;
  const M = state.models;
  const K = state.classes;
  const quotes: Quote[] = [];
  for (let x = 0; x < models.length; x++) {
    const m = models[x]!;
    const lab = labOf[x]!;
    const capability = M.capability[m]! - penalties[lab]!;
    const success = successOf(state, capability, k, lift);
    if (success < p.minSuccess) continue;
    const attempts = 1 / success;
    const mtok = (K.tokensPerTask[k]! * M.verbosity[m]! * attempts) / 1e6;
    const cost = mtok * blendedPrice(M.inputPrice[m]!, M.outputPrice[m]!, K.outputShare[k]!);
    // Value parameters of a class for a model: uncapped tasks are worth more from a stronger model.
    const mu = K.uncapped[k] ? logMedian + premiumOf(state, capability - K.qualityBar[k]!) : logMedian;
    const sigma = K.valueSigma[k]!;
    const logCost = log(cost);
    const worth = shareAbove(cost, logCost, mu, sigma);
    const valuePerTask = valueAbove(cost, logCost, mu, sigma) / Math.max(1e-12, worth);
    quotes.push({ model: m, lab, capability, cost, logCost, mtok, worth, valuePerTask });
  }
  return quotes;
}

/**
 * How far apart frontier buyers tell models: `capabilityDispersion` points, or, once the
 * frontier moves faster, `capabilityDispersionYears` of its progress (its gain over the last
 * four quarters, the start's frontier standing for quarter 0). Buyers judge a model by how long
 * ago the frontier was where it is [seed-facts §5 fact 4, 002/A8: "mindblowing" to
 * "intolerable" in nine months], so a model a release behind keeps the same share of their
 * weight when releases gain ten points as when they gain four.
 */
function capabilityDispersionOf(state: GameState, rules: Rules): number {
  const t = rules.tokens;
  const H = state.history;
  const n = H.length;
  if (n < 4) return t.capabilityDispersion;
  const then = n >= 5 ? H[n - 5]!.frontierCapability : state.baseFrontierCapability;
  return Math.max(t.capabilityDispersion, t.capabilityDispersionYears * (H[n - 1]!.frontierCapability - then));
}

/** Each quote's normalised weight among cost-minimising and among frontier buyers. */
function choiceWeights(quotes: readonly Quote[], rules: Rules, dispersion: number): { cheap: number[]; best: number[] } {
  const n = quotes.length;
  if (n === 0) return { cheap: [], best: [] };
  let minLog = Number.POSITIVE_INFINITY;
  let maxC = Number.NEGATIVE_INFINITY;
  for (const q of quotes) {
    minLog = Math.min(minLog, q.logCost);
    maxC = Math.max(maxC, q.capability);
  }
  const cheap: number[] = [];
  const best: number[] = [];
  let sc = 0;
  let sb = 0;
  for (const q of quotes) {
    const w = exp(-(q.logCost - minLog) / rules.tokens.costDispersion);
    cheap.push(w);
    sc += w;
  }
  for (const q of quotes) {
    const w = exp(-(maxC - q.capability) / dispersion);
    best.push(w);
    sb += w;
  }
  for (let i = 0; i < n; i++) {
    cheap[i] = cheap[i]! / sc;
    best[i] = best[i]! / sb;
  }
  return { cheap, best };
}

/**
 * Where a policy would send a class this quarter. Buyers differ, so "cheapest" is a logit
 * over log cost (most volume to the cheapest, some to near-equals) and "frontier" a logit
 * over capability (habit 1); a named model (or its fallback) takes everything (namedShares).
 */
function targetShares(weights: { cheap: number[]; best: number[] }, habit: number): Shares {
  const out = noShares();
  for (let i = 0; i < weights.cheap.length; i++) {
    const v = (1 - habit) * weights.cheap[i]! + habit * weights.best[i]!;
    if (v > 1e-6) {
      out.idx.push(i);
      out.val.push(v);
    }
  }
  return out;
}

/**
 * The rest of the economy's target while models are banned: the target the buyers would have
 * had with the banned models quoted, the share each banned model would have taken moved as
 * banned demand is (movedShares), not spread over the other models in proportion to their
 * shares. So the whole of the demand a banned model would have had this quarter, kept or newly
 * chosen, follows the ban's substitution path (`sovereignShift`).
 */
function targetPastBans(
  state: GameState,
  quotes: readonly Quote[],
  quoteOf: readonly number[],
  bannedQuotes: readonly Quote[],
  rules: Rules,
  habit: number,
  plain: Shares,
  stickiness: number,
  dispersion: number,
): Shares {
  const nq = quotes.length;
  if (bannedQuotes.length === 0) return plain;
  const all = targetShares(choiceWeights([...quotes, ...bannedQuotes], rules, dispersion), habit);
  const byQuote = filledDoubles(nq, 0);
  for (let j = 0; j < all.idx.length; j++) {
    const i = all.idx[j]!;
    if (i < nq) byQuote[i] = byQuote[i]! + all.val[j]!;
    else {
      const moved = movedShares(state, quotes, quoteOf, bannedQuotes[i - nq]!.model, null, plain, stickiness);
      for (let x = 0; x < moved.idx.length; x++) byQuote[moved.idx[x]!] = byQuote[moved.idx[x]!]! + all.val[j]! * moved.val[x]!;
    }
  }
  const out = noShares();
  for (let i = 0; i < nq; i++) {
    if (byQuote[i]! > 1e-6) {
      out.idx.push(i);
      out.val.push(byQuote[i]!);
    }
  }
  return out;
}

function namedShares(state: GameState, quotes: readonly Quote[], named: string | null, fallback: string | null): Shares {
  const ids = state.models.id;
  let hit = quotes.findIndex((q) => ids[q.model] === named);
  if (hit < 0) hit = quotes.findIndex((q) => ids[q.model] === fallback);
  return hit < 0 ? noShares() : oneShare(hit);
}

/**
 * Where the share of a model that is not quoted any more goes. An enterprise: a single-model
 * (named) user loses the work unless a fallback vendor takes it; others move it to their
 * policy's target. The rest of the economy (`route` null) splits it three ways [seed-facts §5
 * fact 9; 001]: `sovereignShift` of it to open or sovereign inference (the cheapest open model
 * quoted for the class); of the rest, the buyers who stick (`stickiness`) stay with the vendor
 * (its best model quoted: "new sessions go to the default model") and the others choose again
 * among the closed models (`target`, the buyers' target, over its closed models) — the
 * hyperscaler/compliance layer of 001's reply. A part with nowhere to go joins the others: no
 * open model quoted keeps the whole share with closed models, no closed one sends it all to
 * open inference, and a share with none of these goes to the cheapest model. Quotes are in model
 * order, and so are the moved shares (the order the shares are kept in).
 */
function movedShares(
  state: GameState,
  quotes: readonly Quote[],
  quoteOf: readonly number[],
  gone: number,
  route: Route | null,
  target: Shares,
  stickiness: number,
): Shares {
  const M = state.models;
  if (route) {
    if (route.policy === "named") {
      const fb = route.fallback && route.fallback !== M.id[gone] ? quotePositionOf(state, quoteOf, route.fallback) : -1;
      return fb >= 0 ? oneShare(fb) : noShares();
    }
    return target;
  }
  const n = quotes.length;
  let sameLab = -1;
  let open = -1;
  let cheapest = -1;
  for (let i = 0; i < n; i++) {
    const q = quotes[i]!;
    if (M.lab[q.model] === M.lab[gone] && (sameLab < 0 || q.capability > quotes[sameLab]!.capability)) sameLab = i;
    if (M.openWeights[q.model] && (open < 0 || q.cost < quotes[open]!.cost)) open = i;
    if (cheapest < 0 || q.cost < quotes[cheapest]!.cost) cheapest = i;
  }
  let closedTotal = 0;
  for (let j = 0; j < target.idx.length; j++) if (!M.openWeights[quotes[target.idx[j]!]!.model]) closedTotal += target.val[j]!;
  const hasClosed = sameLab >= 0 || closedTotal > 0;
  const toOpen = open < 0 ? 0 : hasClosed ? state.world.params.sovereignShift : 1;
  const toVendor = sameLab < 0 ? 0 : closedTotal > 0 ? (1 - toOpen) * stickiness : 1 - toOpen;
  const toClosed = closedTotal > 0 ? 1 - toOpen - toVendor : 0;
  const by = filledDoubles(n, 0);
  if (open >= 0) by[open] = by[open]! + toOpen;
  if (sameLab >= 0) by[sameLab] = by[sameLab]! + toVendor;
  if (toClosed > 0)
    for (let j = 0; j < target.idx.length; j++) {
      const i = target.idx[j]!;
      if (!M.openWeights[quotes[i]!.model]) by[i] = by[i]! + (toClosed * target.val[j]!) / closedTotal;
    }
  if (open < 0 && !hasClosed && cheapest >= 0) by[cheapest] = 1;
  const moved = noShares();
  for (let i = 0; i < n; i++) {
    if (by[i]! > 0) {
      moved.idx.push(i);
      moved.val.push(by[i]!);
    }
  }
  return moved;
}

function quotePositionOf(state: GameState, quoteOf: readonly number[], modelId: string): number {
  const ids = state.models.id;
  for (let m = 0; m < ids.length; m++) if (ids[m] === modelId) return quoteOf[m]!;
  return -1;
}

/** Scratch of updateShares, by quote position, reused by every call of a quarter (sized to the models). */
interface ShareScratch {
  /** each quote's new share (NaN: none): updateShares's second result */
  byQuote: number[];
  /** shares kept, by quote, and whether a quote has one */
  kept: number[];
  has: boolean[];
  /** the quotes with a kept share, in the order first met (their sum follows it) */
  order: number[];
  out: number[];
}

function shareScratch(models: number): ShareScratch {
  const sc: ShareScratch = {
    byQuote: filledDoubles(models, Number.NaN),
    kept: filledDoubles(models, 0),
    has: [],
    order: [],
    out: filledDoubles(models, 0),
  };
  for (let i = 0; i < models; i++) sc.has.push(false);
  return sc;
}

/**
 * New routing shares (by model row, NaN where none): sticky towards the target; a share on a
 * model no longer quoted moves at once (movedShares). `quoteOf` is each model's position in the
 * class's quotes (-1: not quoted). Each quote's share (NaN: none) is left in `sc.byQuote`.
 */
function updateShares(
  state: GameState,
  sc: ShareScratch,
  prev: readonly number[] | null,
  target: Shares,
  quotes: readonly Quote[],
  quoteOf: readonly number[],
  stickiness: number,
  route: Route | null,
  moveTo: Shares = target,
): number[] {
  const nm = state.models.n;
  const n = quotes.length;
  const shares = filledDoubles(nm, Number.NaN);
  const byQuote = sc.byQuote;
  for (let i = 0; i < n; i++) byQuote[i] = Number.NaN;
  let empty = true;
  if (prev) for (let m = 0; m < nm; m++) if (!Number.isNaN(prev[m]!)) empty = false;
  if (empty) {
    for (let j = 0; j < target.idx.length; j++) {
      const i = target.idx[j]!;
      shares[quotes[i]!.model] = target.val[j]!;
      byQuote[i] = target.val[j]!;
    }
    return shares;
  }
  // Kept shares, by quote; `order` is the order they were first met (their sum follows it).
  const { kept, has, order, out } = sc;
  for (let i = 0; i < n; i++) {
    kept[i] = 0;
    has[i] = false;
  }
  order.length = 0;
  for (let m = 0; m < nm; m++) {
    const s = prev![m]!;
    if (Number.isNaN(s) || s <= 0) continue;
    const i = quoteOf[m]!;
    if (i >= 0) keep(sc, i, s);
    else {
      const moved = movedShares(state, quotes, quoteOf, m, route, moveTo, stickiness);
      for (let j = 0; j < moved.idx.length; j++) keep(sc, moved.idx[j]!, s * moved.val[j]!);
    }
  }
  for (let i = 0; i < n; i++) out[i] = has[i] ? 0 + stickiness * kept[i]! : 0;
  let keptTotal = 0;
  for (let x = 0; x < order.length; x++) keptTotal += kept[order[x]!]!;
  for (let j = 0; j < target.idx.length; j++) {
    const i = target.idx[j]!;
    const add = (1 - stickiness) * keptTotal * target.val[j]!;
    if (has[i]) out[i] = out[i]! + add;
    else {
      has[i] = true;
      out[i] = 0 + add;
    }
  }
  // tiny shares drop out
  for (let i = 0; i < n; i++) {
    if (has[i] && !(out[i]! < 1e-9)) {
      shares[quotes[i]!.model] = out[i]!;
      byQuote[i] = out[i]!;
    }
  }
  return shares;
}

/** Adds v to quote i's kept share (updateShares). */
function keep(sc: ShareScratch, i: number, v: number): void {
  if (sc.has[i]) sc.kept[i] = sc.kept[i]! + v;
  else {
    sc.has[i] = true;
    sc.kept[i] = 0 + v;
    sc.order.push(i);
  }
}

/**
 * The quarter's work in parts: `tasks` of one class for one buyer (0: the rest of the economy,
 * else 1 + the enterprise's position), on one quote (its class and position), whose lab is
 * `lab` (its position among active labs).
 */
class Parts {
  n = 0;
  tasks: number[] = doubles();
  cls: number[] = [];
  quote: number[] = [];
  buyer: number[] = [];
  lab: number[] = [];
  add(tasks: number, cls: number, quote: number, buyer: number, lab: number): void {
    this.tasks.push(tasks);
    this.cls.push(cls);
    this.quote.push(quote);
    this.buyer.push(buyer);
    this.lab.push(lab);
    this.n++;
  }
}

/** What every buyer wants of every class, routed, before budgets and capacity. */
interface Demand {
  /** every class's quotes */
  quotes: Quote[][];
  parts: Parts;
  /** what each enterprise (by position) would spend */
  spend: number[];
  /** the rise of the capped classes' quality bars (barLift) */
  lift: number;
}

/** What routing reads for every class in a quarter, and the demand it builds. */
interface Routing {
  /** how much of the frontier-for-everything habit is left this quarter (habitDecay) */
  habitDecayed: number;
  /** each lab's rationing penalty (by position) */
  penalties: number[];
  /** each quotable model's lab (by position), and each banned model's */
  labOf: number[];
  labOfBanned: number[];
  /** the banned models, quoted as if they were not (targetPastBans) */
  banned: number[];
  /** the rise of the capped classes' quality bars (barLift) */
  lift: number;
  /** how far apart frontier buyers tell models (capabilityDispersionOf) */
  dispersion: number;
  sc: ShareScratch;
  demand: Demand;
}

/** One class's quotes this quarter, where each model's quote is (-1: none), and the buyers' weights over them. */
interface ClassQuotes {
  k: number;
  logMedian: number;
  quotes: Quote[];
  quoteOf: number[];
  weights: { cheap: number[]; best: number[] };
}

/**
 * What every buyer wants of every class this quarter: each class's quotes, then the rest of the
 * economy's demand (routeRest) and the enterprise seats' (routeFirms), all scaled together to
 * the ceiling on AI's value (saturate).
 */
function routeDemand(
  state: GameState,
  ctx: TurnContext,
  valueScale: number,
  models: number[],
  banned: number[],
  labRows: number[],
  firmRows: number[],
): Demand {
  const rules = ctx.rules;
  const K = state.classes;
  const lift = barLift(state, rules);
  const r: Routing = {
    habitDecayed: pow(1 - state.world.params.habitDecay, ctx.q - 1),
    penalties: mappedDoubles(labRows, (l) => rationingPenalty(state, rules, l)),
    labOf: mappedDoubles(models, (m) => labRows.indexOf(state.companies.roleRow[state.models.lab[m]!]!)),
    labOfBanned: mappedDoubles(banned, (m) => labRows.indexOf(state.companies.roleRow[state.models.lab[m]!]!)),
    banned,
    lift,
    dispersion: capabilityDispersionOf(state, rules),
    sc: shareScratch(state.models.n),
    demand: { quotes: [], parts: new Parts(), spend: filledDoubles(firmRows.length, 0), lift },
  };
  /** value of every buyer's routed tasks, before saturation */
  let routedValue = 0;
  for (let k = 0; k < K.n; k++) {
    const logMedian = log(K.valueMedian[k]! * valueScale);
    const quotes = quoteClass(state, k, models, r.labOf, r.penalties, logMedian, r.lift);
    r.demand.quotes.push(quotes);
    const quoteOf: number[] = [];
    for (let m = 0; m < state.models.n; m++) quoteOf.push(-1);
    quotes.forEach((qu, i) => {
      quoteOf[qu.model] = i;
    });
    const cls: ClassQuotes = { k, logMedian, quotes, quoteOf, weights: choiceWeights(quotes, rules, r.dispersion) };
    routedValue = routeRest(state, ctx, r, cls, routedValue);
    routedValue = routeFirms(state, ctx, r, cls, firmRows, routedValue);
  }
  const t = rules.tokens;
  saturate(r.demand, routedValue, state.world.params.economyOutput * t.aiValueCeiling, t.aiValueSharpness);
  return r.demand;
}

/**
 * The rest of the economy's demand for one class: its shares move towards its target (a logit
 * over cost, with the frontier habit decaying; past any bans), and its potential tasks, those
 * worth their cost, go to each quote. Returns `routed`, the value of the tasks routed so far, with
 * theirs added.
 */
function routeRest(state: GameState, ctx: TurnContext, r: Routing, cls: ClassQuotes, routed: number): number {
  const p = state.world.params;
  const rules = ctx.rules;
  const K = state.classes;
  const { k, quotes, quoteOf, weights } = cls;
  const nq = quotes.length;
  const habit = K.frontierHabit[k]! * r.habitDecayed;
  const plain = nq === 0 ? noShares() : targetShares(weights, habit);
  const bannedQuotes = nq > 0 && r.banned.length ? quoteClass(state, k, r.banned, r.labOfBanned, r.penalties, cls.logMedian, r.lift) : [];
  const target = targetPastBans(state, quotes, quoteOf, bannedQuotes, rules, habit, plain, p.switchingStickiness, r.dispersion);
  state.restShares[k] = updateShares(state, r.sc, state.restShares[k]!, target, quotes, quoteOf, p.switchingStickiness, null, plain);
  const byQuote = r.sc.byQuote;
  const potential =
    K.restPotential[k]! * state.classScale[k]! * state.restAdoption * adoptionFromCost(state, rules, k) * state.demandSurprise;
  let value = routed;
  for (let i = 0; i < nq; i++) {
    const share = byQuote[i]!;
    if (Number.isNaN(share)) continue;
    const tasks = potential * share * quotes[i]!.worth;
    if (tasks > 0) {
      r.demand.parts.add(tasks, k, i, 0, quotes[i]!.lab);
      value += tasks * quotes[i]!.valuePerTask;
    }
  }
  return value;
}

/**
 * Each enterprise seat's demand for one class, by its routing policy (a named model, the
 * frontier, or the cheapest: the targets of the last two are the same for every seat), with its
 * own stickiness; what it would spend is summed per seat. Returns `routed`, the value of the tasks
 * routed so far, with theirs added.
 */
function routeFirms(state: GameState, ctx: TurnContext, r: Routing, cls: ClassQuotes, firmRows: number[], routed: number): number {
  const E = state.firms;
  const { k, quotes, quoteOf, weights } = cls;
  const nq = quotes.length;
  const stickiness = state.world.params.switchingStickiness * ctx.rules.tokens.enterpriseStickinessShare;
  const scale = state.classScale[k]!;
  let cheapestTarget: Shares | null = null;
  let frontierTarget: Shares | null = null;
  let value = routed;
  for (let x = 0; x < firmRows.length; x++) {
    const e = firmRows[x]!;
    const potentialBase = E.tasks[e]![k]!;
    if (!(potentialBase > 0)) continue;
    const route: Route = E.routing[e]![k] ?? { policy: "cheapest", model: null, fallback: null };
    let target: Shares;
    if (nq === 0) target = noShares();
    else if (route.policy === "named") target = namedShares(state, quotes, route.model, route.fallback);
    else if (route.policy === "frontier") target = frontierTarget ??= targetShares(weights, 1);
    else target = cheapestTarget ??= targetShares(weights, 0);
    E.shares[e]![k] = updateShares(state, r.sc, E.shares[e]![k]!, target, quotes, quoteOf, stickiness, route);
    const byQuote = r.sc.byQuote;
    const potential = potentialBase * scale * E.adoption[e]!;
    let spend = r.demand.spend[x]!;
    for (let i = 0; i < nq; i++) {
      const share = byQuote[i]!;
      if (Number.isNaN(share)) continue;
      const tasks = potential * share * quotes[i]!.worth;
      if (tasks > 0) {
        r.demand.parts.add(tasks, k, i, x + 1, quotes[i]!.lab);
        spend += tasks * quotes[i]!.cost;
        value += tasks * quotes[i]!.valuePerTask;
      }
    }
    r.demand.spend[x] = spend;
  }
  return value;
}

/**
 * The economy cannot put more work on AI than its output holds [seed-facts §3 (001; 002/A4:
 * "there isn't $10 trillion a year")]: every buyer's tasks are scaled so that the value V they
 * would create meets the cap smoothly (boundFactor), so what AI does for the economy follows an
 * S-curve towards the cap, never past it, however fast demand grows.
 */
function saturate(demand: Demand, value: number, cap: number, n: number): void {
  if (!(value > 0)) return;
  const f = boundFactor(value, cap, n);
  const parts = demand.parts;
  for (let j = 0; j < parts.n; j++) parts.tasks[j] = parts.tasks[j]! * f;
  for (let x = 0; x < demand.spend.length; x++) demand.spend[x] = demand.spend[x]! * f;
}

/**
 * Enterprise budgets cap spend [fact 16]: past the cap, work stops. Returns each buyer's budget
 * left (by buyer: undefined for the rest of the economy, which has none).
 */
function applyBudgets(state: GameState, ctx: TurnContext, demand: Demand, firmRows: number[]): (number | undefined)[] {
  const E = state.firms;
  const parts = demand.parts;
  const left: (number | undefined)[] = [undefined];
  for (let x = 0; x < firmRows.length; x++) {
    const e = firmRows[x]!;
    const spend = demand.spend[x]!;
    E.budgetExhausted[e] = false;
    left.push(undefined);
    if (spend > E.budget[e]! && spend > 0) {
      const f = E.budget[e]! / spend;
      for (let j = 0; j < parts.n; j++) if (parts.buyer[j] === x + 1) parts.tasks[j] = parts.tasks[j]! * f;
      E.budgetExhausted[e] = true;
      left[x + 1] = 0;
      const id = state.companies.id[E.company[e]!]!;
      ctx.events.push({ kind: "enterprise/budgetExhausted", quarter: ctx.q, seat: id, company: id, servedShare: f });
    }
  }
  // The others' parts are unchanged, so what is left is the budget less the same spend.
  for (let x = 0; x < firmRows.length; x++)
    if (left[x + 1] === undefined) left[x + 1] = Math.max(0, E.budget[firmRows[x]!]! - demand.spend[x]!);
  return left;
}

/** A lab's consumer plan this quarter: the model it runs on, the tokens it needs and its revenue. */
interface Consumer {
  model: number;
  mtok: number;
  revenue: number;
}

/**
 * A subscriber's use above `limit` (MTok a quarter), averaged over subscribers, E[(X − limit)+],
 * where X, a subscriber's use, is log-normal with the given mean and log-sd `spread`: a few heavy
 * users take most of it [002/A4: "twenty dollars a month can buy ten thousand dollars of tokens"].
 */
export function useAbove(mean: number, spread: number, limit: number): number {
  if (!(mean > 0)) return 0;
  if (!(limit > 0)) return mean;
  if (!(spread > 0)) return Math.max(0, mean - limit);
  const mu = log(mean) - (spread * spread) / 2;
  const lnLimit = log(limit);
  return Math.max(0, valueAbove(limit, lnLimit, mu, spread) - limit * shareAbove(limit, lnLimit, mu, spread));
}

/** Consumer plans, by lab position (undefined: none). */
function consumerPlans(state: GameState, ctx: TurnContext, models: number[], labRows: number[]): (Consumer | undefined)[] {
  const p = state.world.params;
  const c = ctx.rules.consumer;
  const L = state.labs;
  const M = state.models;
  // Heavy users use more each quarter, and reasoning models spend more tokens per query.
  const heavyUse = pow(1 + p.heavyUseGrowth, ctx.q - 1);
  return mapped(labRows, (l) => {
    if (L.subscribersMillions[l]! <= 0) return undefined;
    const lineup: number[] = [];
    for (const id of L.models[l]!) {
      const m = M.id.indexOf(id);
      if (models.includes(m) && M.capability[m]! >= p.consumerBar) lineup.push(m);
    }
    if (lineup.length === 0) return undefined;
    const byTier = (tier: string) => lineup.find((m) => M.tier[m] === tier);
    const perSub = p.consumerMtokPerSub * heavyUse * state.reasoningScale;
    const subs = L.subscribersMillions[l]! * 1e6;
    let model = byTier("mid") ?? lineup[0]!;
    let mtok = subs * perSub;
    let revenue = subs * p.flatPlanPrice * MONTHS_PER_QUARTER;
    if (L.consumerPlan[l] === "capped") {
      // Caps and throttling: a cheaper model and a ceiling on each subscriber's use, which only
      // the heavy users reach [002/A4; 002/A8: "lobotomized"].
      model = byTier("small") ?? model;
      mtok = subs * (perSub - useAbove(perSub, c.useSpread, p.consumerMtokPerSub * c.cappedUseLimit));
    } else if (L.consumerPlan[l] === "usage") {
      // Usage billing: the base fee includes the tokens it buys at the consumer rate; use beyond
      // that is billed at the rate, so heavy use pays its way [002/A8; 002/A4: tiers, as mobile data].
      const fee = p.flatPlanPrice * MONTHS_PER_QUARTER * c.usageBaseFeeShare;
      const rate = blendedPrice(M.inputPrice[model]!, M.outputPrice[model]!, c.usageOutputShare) * c.usageRateShare;
      revenue = subs * (fee + (rate > 0 ? rate * useAbove(perSub, c.useSpread, fee / rate) : 0));
    }
    return { model, mtok, revenue };
  });
}

/**
 * Serving capacity caps what each lab serves: each lab's ratio of its demand it can serve (by lab
 * position). Under `shorten` rationing everyone is served with shorter outputs (settle applies
 * it); otherwise what a throttled lab cannot serve spills to rivals with spare capacity, and the
 * parts they take are returned (served at their own quotes).
 */
function serve(
  state: GameState,
  demand: Demand,
  consumer: (Consumer | undefined)[],
  labRows: number[],
  budgetLeft: (number | undefined)[],
): { ratio: number[]; taken: Parts } {
  const L = state.labs;
  const M = state.models;
  const parts = demand.parts;
  // Serving capacity: GPU-hours needed vs serving GPU-hours (by lab position).
  const needGpu = filledDoubles(labRows.length, 0);
  for (let j = 0; j < parts.n; j++) {
    const qu = demand.quotes[parts.cls[j]!]![parts.quote[j]!]!;
    const li = parts.lab[j]!;
    needGpu[li] = needGpu[li]! + (parts.tasks[j]! * qu.mtok) / M.mtokPerGpuHour[qu.model]!;
  }
  for (let li = 0; li < labRows.length; li++) {
    const c = consumer[li];
    if (c) needGpu[li] = needGpu[li]! + c.mtok / M.mtokPerGpuHour[c.model]!;
  }
  const ratio = doubles();
  for (let li = 0; li < labRows.length; li++) {
    ratio.push(needGpu[li]! > 0 ? Math.min(1, L.compute.serving[labRows[li]!]! / needGpu[li]!) : 1);
  }
  const taken = new Parts();
  if (state.world.params.rationing === "shorten") return { ratio, taken };
  const spare = doubles();
  for (let li = 0; li < labRows.length; li++) spare.push(Math.max(0, L.compute.serving[labRows[li]!]! - needGpu[li]!));
  // Spill to the next-best viable model with spare capacity: the cheapest first.
  const byCost: (number[] | undefined)[] = [];
  for (let j = 0; j < parts.n; j++) {
    const r = ratio[parts.lab[j]!]!;
    if (r >= 1) continue;
    const k = parts.cls[j]!;
    const b = parts.buyer[j]!;
    const quotes = demand.quotes[k]!;
    const from = quotes[parts.quote[j]!]!;
    let left = parts.tasks[j]! * (1 - r);
    let alts = byCost[k];
    if (!alts) {
      alts = sortSmall(
        mappedDoubles(quotes, (_, i) => i),
        (x, y) => quotes[x]!.cost - quotes[y]!.cost || (M.id[quotes[x]!.model]! < M.id[quotes[y]!.model]! ? -1 : 1),
      );
      byCost[k] = alts;
    }
    for (const a of alts) {
      if (left <= 0) break;
      const alt = quotes[a]!;
      const li = alt.lab;
      // another lab's model (which is never the model that spilled)
      if (M.lab[alt.model] === M.lab[from.model] || spare[li]! <= 0) continue;
      const worth = alt.cost <= from.cost ? 1 : alt.worth / Math.max(1e-12, from.worth);
      const wantTasks = left * clamp(worth, 0, 1);
      const gpuPerTask = alt.mtok / M.mtokPerGpuHour[alt.model]!;
      const canTasks = spare[li]! / gpuPerTask;
      const money = budgetLeft[b];
      const n = Math.min(
        wantTasks,
        canTasks,
        money === undefined ? Number.POSITIVE_INFINITY : money / Math.max(1e-12, alt.cost - from.cost),
      );
      if (n > 0) {
        if (money !== undefined) budgetLeft[b] = Math.max(0, money - n * Math.max(0, alt.cost - from.cost));
        taken.add(n, k, a, b, li);
        spare[li] = spare[li]! - n * gpuPerTask;
        left -= n / Math.max(1e-12, clamp(worth, 1e-12, 1));
      }
    }
  }
  return { ratio, taken };
}

/**
 * Buyers pay labs for tokens served; value created is counted; the labs' token figures are set:
 * the API sales are booked (bookApiSales) and paid (payApiBills), then the consumer plans served
 * (serveConsumers).
 */
function settle(
  state: GameState,
  ctx: TurnContext,
  demand: Demand,
  taken: Parts,
  ratio: number[],
  consumer: (Consumer | undefined)[],
  labRows: number[],
  firmRows: number[],
): void {
  const L = state.labs;
  const E = state.firms;
  const nl = labRows.length;
  const parts = demand.parts;
  for (const l of labRows) {
    L.tokens.demanded[l] = 0;
    L.tokens.served[l] = 0;
    L.tokens.consumer[l] = 0;
  }
  /** what each lab (by position) would have billed had it served all its demand */
  const unconstrained = filledDoubles(nl, 0);
  for (let j = 0; j < parts.n; j++) {
    const qu = demand.quotes[parts.cls[j]!]![parts.quote[j]!]!;
    const li = parts.lab[j]!;
    const l = labRows[li]!;
    L.tokens.demanded[l] = L.tokens.demanded[l]! + parts.tasks[j]! * qu.mtok;
    unconstrained[li] = unconstrained[li]! + parts.tasks[j]! * qu.cost;
  }
  for (const e of firmRows) {
    E.spend[e] = 0;
    E.valueCreated[e] = 0;
    E.tasksDone[e] = 0;
  }
  const bills = bookApiSales(state, ctx, demand, taken, ratio, labRows, firmRows);
  payApiBills(state, ctx, bills, labRows, firmRows);
  serveConsumers(state, ctx, consumer, ratio, labRows);
  for (let li = 0; li < nl; li++) {
    const l = labRows[li]!;
    L.unconstrainedRevenue[l] = unconstrained[li]!;
    const r = ratio[li]!;
    if (r < ctx.rules.news.computeConstrained) {
      ctx.events.push({ kind: "lab/computeConstrained", quarter: ctx.q, lab: state.companies.id[L.company[l]!]!, servedShare: r });
    }
  }
}

/** The quarter's API bills, summed per buyer and lab (buyer × labs + lab; NaN where none was billed). */
type Bills = number[];

/**
 * Books every part of demand as its lab's ratio allows (all of it, shortened, under `shorten`
 * rationing), then the spilled parts rivals took: the tokens each model and lab served, the value
 * created, the buyers' tasks done and the per-class statistics. Returns the bills, paid after.
 */
function bookApiSales(
  state: GameState,
  ctx: TurnContext,
  demand: Demand,
  taken: Parts,
  ratio: number[],
  labRows: number[],
  firmRows: number[],
): Bills {
  const L = state.labs;
  const M = state.models;
  const E = state.firms;
  const stats = ctx.stats;
  const nl = labRows.length;
  const parts = demand.parts;
  const bills = filledDoubles((firmRows.length + 1) * nl, Number.NaN);
  const spendByClass = filledDoubles(state.classes.n, 0);
  const tasksByClass = filledDoubles(state.classes.n, 0);
  /** `tasks` of class k served to buyer b by quote qu (of lab li) at mtokPer and costPer per task, each creating `quality` of its value */
  const book = (qu: Quote, tasks: number, k: number, b: number, li: number, mtokPer: number, costPer: number, quality = 1): void => {
    const m = qu.model;
    const mtok = tasks * mtokPer;
    const bill = tasks * costPer;
    const value = tasks * qu.valuePerTask * quality;
    M.servedMtok[m] = M.servedMtok[m]! + mtok;
    M.revenue[m] = M.revenue[m]! + bill;
    const l = labRows[li]!;
    L.tokens.served[l] = L.tokens.served[l]! + mtok;
    const cell = b * nl + li;
    bills[cell] = (Number.isNaN(bills[cell]!) ? 0 : bills[cell]!) + bill;
    stats.apiMtok += mtok;
    spendByClass[k] = spendByClass[k]! + bill;
    tasksByClass[k] = tasksByClass[k]! + tasks;
    stats.valueCreated += value;
    stats.shadowOutput += value - bill;
    if (b > 0) {
      const e = firmRows[b - 1]!;
      E.valueCreated[e] = E.valueCreated[e]! + value;
      E.tasksDone[e] = E.tasksDone[e]! + tasks;
    }
  };
  const shorten = state.world.params.rationing === "shorten";
  const shortenFloor = ctx.rules.tokens.shortenFloor;
  for (let j = 0; j < parts.n; j++) {
    const k = parts.cls[j]!;
    const qu = demand.quotes[k]![parts.quote[j]!]!;
    const li = parts.lab[j]!;
    const r = ratio[li]!;
    const tasks = parts.tasks[j]!;
    if (r >= 1) book(qu, tasks, k, parts.buyer[j]!, li, qu.mtok, qu.cost);
    else if (shorten) {
      // Everyone is served, with shorter outputs: fewer tokens per task, and a shorter answer is
      // a worse one [002/A8: "token quantity correlates with answer quality"]: it has the
      // capability the rationing penalty leaves, so fewer of the tasks are resolved than the
      // quote (which prices in last quarter's shortening) expected, and the rest create no value.
      const short = Math.max(shortenFloor, r);
      const real = M.capability[qu.model]! - ctx.rules.tokens.rationingPenalty * (1 - short);
      const quality = Math.min(1, successOf(state, real, k, demand.lift) / successOf(state, qu.capability, k, demand.lift));
      book(qu, tasks, k, parts.buyer[j]!, li, qu.mtok * short, qu.cost * short, quality);
    } else book(qu, tasks * r, k, parts.buyer[j]!, li, qu.mtok, qu.cost);
  }
  for (let j = 0; j < taken.n; j++) {
    const k = taken.cls[j]!;
    const qu = demand.quotes[k]![taken.quote[j]!]!;
    book(qu, taken.tasks[j]!, k, taken.buyer[j]!, taken.lab[j]!, qu.mtok, qu.cost);
  }
  for (let k = 0; k < spendByClass.length; k++) {
    stats.taskSpend[k] = stats.taskSpend[k]! + spendByClass[k]!;
    stats.taskCount[k] = stats.taskCount[k]! + tasksByClass[k]!;
  }
  return bills;
}

/**
 * Buyers pay their bills through the ledger, one payment per buyer and lab: buyers in the order
 * of their accounts' names (the rest of the economy's, world:rest, among the enterprises' ids),
 * labs in id order.
 */
function payApiBills(state: GameState, ctx: TurnContext, bills: Bills, labRows: number[], firmRows: number[]): void {
  const C = state.companies;
  const L = state.labs;
  const E = state.firms;
  const nl = labRows.length;
  const buyerOrder: number[] = [];
  let restPlaced = false;
  for (let x = 0; x < firmRows.length; x++) {
    if (!restPlaced && C.id[E.company[firmRows[x]!]!]! > "world:rest") {
      buyerOrder.push(0);
      restPlaced = true;
    }
    buyerOrder.push(x + 1);
  }
  if (!restPlaced) buyerOrder.push(0);
  for (const b of buyerOrder) {
    const rest = b === 0;
    const e = rest ? -1 : firmRows[b - 1]!;
    const buyer = rest ? WORLD.rest : cashAccount(E.company[e]!);
    for (let li = 0; li < nl; li++) {
      const bill = bills[b * nl + li]!;
      if (Number.isNaN(bill)) continue;
      const paid = payFlow(state, ctx, buyer, cashAccount(L.company[labRows[li]!]!), bill, rest ? null : "other", "revenue");
      ctx.stats.apiRevenue += paid;
      if (!rest) E.spend[e] = E.spend[e]! + paid;
    }
  }
}

/**
 * Consumer plans: each lab serves its subscribers' tokens as its ratio allows (all of them,
 * shortened, under `shorten` rationing), keeps their fees but for the share refunded for what it
 * did not serve, and its subscribers grow or churn with its plan.
 */
function serveConsumers(state: GameState, ctx: TurnContext, consumer: (Consumer | undefined)[], ratio: number[], labRows: number[]): void {
  const L = state.labs;
  const M = state.models;
  const rc = ctx.rules.consumer;
  const shorten = state.world.params.rationing === "shorten";
  for (let li = 0; li < labRows.length; li++) {
    const c = consumer[li];
    if (!c) continue;
    const l = labRows[li]!;
    const r = ratio[li]!;
    const mtok = c.mtok * (shorten ? 1 : r);
    M.servedMtok[c.model] = M.servedMtok[c.model]! + mtok;
    L.tokens.consumer[l] = mtok;
    L.tokens.served[l] = L.tokens.served[l]! + mtok;
    L.tokens.demanded[l] = L.tokens.demanded[l]! + c.mtok;
    ctx.stats.consumerMtok += mtok;
    const kept = shorten ? 1 : rc.unservedRevenueShare + (1 - rc.unservedRevenueShare) * r;
    const paid = payFlow(state, ctx, WORLD.customers, cashAccount(L.company[l]!), c.revenue * kept, null, "revenue");
    M.revenue[c.model] = M.revenue[c.model]! + paid;
    const plan = L.consumerPlan[l];
    const factor = plan === "capped" ? rc.cappedChurn : plan === "usage" ? rc.usageChurn : rc.flatGrowth;
    const subscribers = L.subscribersMillions[l]! * factor;
    // growth stops at the ceiling: subscribers come from the people who use the product
    L.subscribersMillions[l] = factor > 1 ? Math.min(subscribers, Math.max(L.subscribersMillions[l]!, rc.subscriberCeiling)) : subscribers;
  }
}

/**
 * Demand is not known in advance [seed-facts §1.1: 002/A10, a cone of uncertainty]:
 * the rest of the economy's demand carries a surprise, log-AR(1) with the given persistence and
 * a logistic innovation of the given spread (unit-variance scaled), drawn every quarter from the
 * first, so a batch's bands are wide from the start and narrow nothing later. It is drawn as
 * the compute market opens: the rest of the market's demand for GPU-hours carries it too.
 */
export function drawDemandSurprise(state: GameState, rules: Rules): void {
  const t = rules.tokens;
  const z = nextLogistic(state.rng);
  state.demandSurprise = exp(t.demandSurprisePersistence * log(state.demandSurprise) + t.demandSurpriseSigma * z);
}

export function tokenMarket(state: GameState, ctx: TurnContext): void {
  const valueScale = valueOfWork(state, ctx.rules);
  ctx.stats.valueScale = valueScale;
  const { available: models, banned } = modelsThisQuarter(state, ctx.q);
  const labRows = activeRows(state, state.labs);
  const firmRows = activeRows(state, state.firms);
  const M = state.models;
  for (let m = 0; m < M.n; m++) {
    M.servedMtok[m] = 0;
    M.revenue[m] = 0;
  }
  const demand = routeDemand(state, ctx, valueScale, models, banned, labRows, firmRows);
  const budgetLeft = applyBudgets(state, ctx, demand, firmRows);
  const consumer = consumerPlans(state, ctx, models, labRows);
  const { ratio, taken } = serve(state, demand, consumer, labRows, budgetLeft);
  settle(state, ctx, demand, taken, ratio, consumer, labRows, firmRows);
}
