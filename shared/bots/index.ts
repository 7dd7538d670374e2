/**
 * Bots: one per role, with two personalities. A bot decides only from its seat's
 * PlayerView (the same view a human gets), so it cannot peek at rivals' books.
 * Cautious bots protect cash and margins; aggressive ones buy capacity and share.
 */

import { HOURS_PER_QUARTER } from "../engine/context.ts";
import { pow } from "../engine/dmath.ts";
import { clamp, mapped, sameStrings, sortedIds, sortSmall } from "../engine/math.ts";
import type { ChipmakerState, EnterpriseState, HyperscalerState, LabState } from "../engine/objects.ts";
import type { PlayerView } from "../engine/player-view.ts";
import { blendedPrice } from "../engine/steps/tokens.ts";
import type { Order } from "../orders/index.ts";
import type { Personality } from "../scenario/schema.ts";

/** The longest payback (quarters of today's spot margin) for which a cloud bot still buys accelerators in earnest. */
const PAYBACK_QUARTERS = 16;

/** The payback under which a cloud bot buys all the capacity it lacks (chipAppetite). */
const PAYBACK_FULL = 10;

/**
 * What a unit of `perf` H100-equivalents drawing `kw` earns a cloud in a quarter at today's
 * spot price, less its power at `energy` $/MWh (90% of its hours sold).
 */
function unitMargin(view: PlayerView, perf: number, kw: number, energy: number): number {
  const powerPerHour = (kw / 1000) * energy;
  return perf * HOURS_PER_QUARTER * 0.9 * Math.max(0.01, view.world.spotGpuHourPrice - powerPerHour / Math.max(0.1, perf));
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

/**
 * The orders a bot sends for its seat this quarter. Spectator views get none. Like anyone's,
 * they are checked against each order's domain when the quarter resolves (a bot may compute a
 * price past the exchange's limit: that order is refused).
 */
export function botOrders(view: PlayerView, personality?: Personality): Order[] {
  const own = view.own;
  if (!own || own.failed || view.finished) return [];
  const p = personality ?? own.personality;
  switch (own.role) {
    case "lab":
      return labBot(view, own, p);
    case "hyperscaler":
      return hyperscalerBot(view, own, p);
    case "chipmaker":
      return chipmakerBot(view, own, p);
    case "enterprise":
      return enterpriseBot(view, own, p);
  }
}

/**
 * What a lab bot reads from its view before deciding: its costs, whether it is short of serving
 * compute or leaves it idle, its cash runway and the compute it has committed.
 */
interface LabSituation {
  view: PlayerView;
  lab: LabState;
  aggressive: boolean;
  /** its average cost per GPU-hour (or the market's, before it holds any) */
  computeCost: number;
  /** it served less than 97% of the tokens demanded of it */
  constrained: boolean;
  /** serving GPU-hours its tokens used */
  usedServing: number;
  /** not constrained, and its tokens used less than 85% of its serving hours */
  slack: boolean;
  /** share of the tokens demanded of it that it did not serve */
  shortfall: number;
  /** cash burnt a quarter (0 when it makes money) */
  quarterlyBurn: number;
  /** quarters its cash lasts at that burn (99 when it makes money) */
  runwayQuarters: number;
  /** the hyperscalers still in business, its possible providers */
  providers: PlayerView["actors"][number][];
  /** GPU-hours a quarter its contracts deliver in quarter t */
  contractedIn: (t: number) => number;
  /** its compute this quarter: contracts, spot and custom ASICs */
  current: number;
  /** serving hours its tokens left idle */
  idle: number;
  /** in retreat: revenue below a year earlier while it burns more than half of it */
  retreat: boolean;
}

function labSituation(view: PlayerView, lab: LabState, p: Personality): LabSituation {
  const b = lab.books;
  const constrained = lab.tokens.demanded > 0 && lab.tokens.served < lab.tokens.demanded * 0.97;
  // Idle serving compute: GPU-hours the tokens served needed vs serving GPU-hours.
  let usedServing = 0;
  for (const m of view.ownModels) usedServing += m.servedMtok / Math.max(1e-9, m.mtokPerGpuHour);
  const quarterlyBurn = Math.max(0, -(b.fcf || b.netIncome));
  const contractedIn = (t: number): number => {
    let hours = 0;
    for (const c of view.ownContracts) if (c.lab === lab.id && c.startQuarter <= t && c.endQuarter >= t) hours += c.gpuHoursPerQuarter;
    return hours;
  };
  // A lab in retreat, its revenue below a year earlier while it burns more than half of it,
  // stops running ahead: it renews its contracts to 85% of the compute it uses and buys no
  // spot beyond its gap, so its commitments shrink with its prospects [seed-facts §5 fact 13
  // (004: "the math doesn't math" when growth slows); §1.12: investors fund the slope].
  const revenues = lab.revenueHistory;
  const yearAgo = revenues.length >= 5 ? revenues[revenues.length - 5]! : 0;
  return {
    view,
    lab,
    aggressive: p === "aggressive",
    computeCost: lab.compute.total > 0 ? lab.compute.cost / lab.compute.total : Math.max(1.5, view.world.spotGpuHourPrice),
    constrained,
    usedServing,
    slack: !constrained && lab.compute.serving > 0 && usedServing < lab.compute.serving * 0.85,
    shortfall: lab.tokens.demanded > 0 ? 1 - lab.tokens.served / lab.tokens.demanded : 0,
    quarterlyBurn,
    runwayQuarters: quarterlyBurn > 0 ? b.cash / quarterlyBurn : 99,
    providers: view.actors.filter((a) => a.role === "hyperscaler" && !a.failed),
    contractedIn,
    // Custom-ASIC capacity counts: a lab whose own chips arrive buys less rented compute [fact 21].
    current: lab.compute.contracted + lab.compute.spot + lab.compute.asic,
    idle: Math.max(0, lab.compute.serving - usedServing),
    retreat: yearAgo > 0 && b.revenue < yearAgo && quarterlyBurn > b.revenue * 0.5,
  };
}

/** A lab's orders: prices, its compute split, contracts and spot, research, plans and finance. */
function labBot(view: PlayerView, lab: LabState, p: Personality): Order[] {
  const s = labSituation(view, lab, p);
  const orders: Order[] = [];
  labPrices(s, orders);
  const serving = labSplit(s, orders);
  labContracts(s, orders);
  labSpotBid(s, serving, orders);
  labResearchAndPlans(s, orders);
  labFinance(s, orders);
  return orders;
}

/**
 * Prices: a cost-plus floor, then scarcity and the competition.
 *
 * Competition caps the margin: the gains of cheaper compute and faster models are competed
 * away to customers [seed-facts §2 #11, #12: "near marginal cost"; fact 14], while a capability
 * lead over the best rival model keeps a premium [002/A8]. The ceiling is the gross margin a
 * leader reports under that competition: OpenAI's ~40% of 2024 for a cautious lab, the 33% of
 * 2025 for an aggressive one that buys share [§3 fact 9, §4.3: A3; 000 "~33%"]. It applies to
 * the margin the lab reports, its own serving cost included: a custom chip's saving shows as a
 * lower price and more volume, as rivals' cheaper compute would [fact 14], not as a margin
 * above what competition allows. Above it, every price comes down by what would bring the
 * margin back, at most by the ~10× a year a fixed capability gets cheaper (10^(−1/4) ≈ 0.56 a
 * quarter) [§3 fact 4, §4.1: a16z, 000, A3].
 */
function labPrices(s: LabSituation, orders: Order[]): void {
  const { view, lab, aggressive } = s;
  const b = lab.books;
  const q = view.quarter;
  let ownBest = Number.NEGATIVE_INFINITY;
  let rivalBest = Number.NEGATIVE_INFINITY;
  for (const x of view.models) {
    if (x.banned) continue;
    if (x.lab === lab.id) ownBest = Math.max(ownBest, x.capability);
    else rivalBest = Math.max(rivalBest, x.capability);
  }
  const lead = clamp(ownBest - rivalBest, 0, 6);
  const marginCeiling = (aggressive ? 0.33 : 0.4) + 0.03 * lead;
  const marginCut = q > 0 && b.revenue > 0 && b.grossMargin > marginCeiling ? Math.max(0.56, (1 - b.grossMargin) / (1 - marginCeiling)) : 1;
  for (const mid of lab.models) {
    const m = modelOf(view, mid);
    if (!m || m.banned) continue;
    const throughput = Math.max(1e-6, ownModelThroughput(view, mid));
    const serveCost = s.computeCost / throughput;
    const floor = serveCost * (aggressive ? 1.15 : 1.4);
    // The cheapest rival of similar capability (by a 3:1 blend of its prices), or none; and
    // whether a rival's model is better.
    let rivalBlend = Number.POSITIVE_INFINITY;
    let rivalAbove = false;
    for (const x of view.models) {
      if (x.lab === lab.id || x.banned) continue;
      if (Math.abs(x.capability - m.capability) < 3) rivalBlend = Math.min(rivalBlend, comparedPrice(x));
      if (x.capability > m.capability) rivalAbove = true;
    }
    const blend = comparedPrice(m);
    // Idle serving hours call for cheaper tokens where buyers weigh price: the small and mid
    // tiers' capped tasks, and a frontier model that trails a rival's or has a near-equal one as
    // cheap (a price war between equals, fact 14). The leading frontier model's buyers buy
    // capability, the cost rounding to zero against the prize [seed-facts §2 #5, 003a], so hours
    // left idle by the cheaper tiers' buyers do not cut its price.
    const priceWon = m.tier !== "frontier" || rivalAbove || rivalBlend <= blend;
    let factor = 1;
    if (q > 0) {
      if (s.constrained) factor = aggressive ? 1.02 : 1.05;
      else if (s.slack && priceWon) factor = aggressive ? 0.93 : 0.96;
      if (blend > rivalBlend * 1.5) factor = Math.min(factor, aggressive ? 0.92 : 0.96);
      // Hardware and efficiency gains are passed on over time.
      factor *= aggressive ? 0.98 : 0.99;
      factor *= marginCut;
    }
    let newBlend = Math.max(floor, blend * factor);
    // Open weights can be served by anyone: third-party hosts hold the price of an open model
    // near serving cost, so its lab cannot keep a scarcity premium on it [seed-facts §1: "Open
    // weights are served by managed or sovereign inference providers" (001); 000: open source
    // "commoditizes the input cost"]. The hosts rent GPUs at the market's price, so that cost is
    // at the dearer of the spot GPU-hour and the lab's own: at its own older, cheaper hours, the
    // lab could never pay the market for the compute its demand needs.
    if (m.openWeights) {
      const hostCost = Math.max(s.computeCost, view.world.spotGpuHourPrice) / throughput;
      newBlend = Math.min(newBlend, Math.max(floor, hostCost * (aggressive ? 1.3 : 1.5)));
    }
    const k = blend > 0 ? newBlend / blend : 1;
    if (Math.abs(k - 1) > 0.005)
      orders.push({
        type: "lab/setPrices",
        tier: m.tier,
        inputPrice: round2Price(m.inputPrice * k),
        outputPrice: round2Price(m.outputPrice * k),
      });
  }
}

/** Compute split: protect a research floor; lean to serving when constrained. Returns the serving share. */
function labSplit(s: LabSituation, orders: Order[]): number {
  const { lab, aggressive } = s;
  let serving = lab.split.serving;
  if (s.constrained) serving += aggressive ? 0.04 : 0.02;
  else if (s.slack) serving -= 0.03;
  serving = clamp(serving, 0.25, aggressive ? 0.7 : 0.6);
  const internal = clamp(lab.split.internal, 0.08, 0.2);
  const training = 1 - serving - internal;
  if (Math.abs(serving - lab.split.serving) > 1e-3)
    orders.push({ type: "lab/allocateCompute", training: round4(training), serving: round4(serving), internal: round4(internal) });
  return serving;
}

/** The most a lab bot signs a contract at, over what an hour costs it now (labContracts). */
const CONTRACT_OVER_HOUR_MAX = 3;

/**
 * Capacity ahead of demand: contracts land after a lead time [002/A10]. Renew what expires,
 * and add capacity when demand goes unserved (aggressive bots also buy ahead of growth).
 *
 * The scaling race: labs buy compute ahead of demand for training, as far as their cash runway
 * allows [002/A10: "aim for the upper end of the cone"; 000: "run compute ahead of demand"]. The
 * target is for the quarter when a contract signed now lands: the compute it uses today (serving
 * hours its tokens left idle do not count: capacity ahead of demand, not of what it holds), plus
 * the unserved demand, plus the growth the lab can fund. It signs for whatever is not yet
 * committed then.
 */
function labContracts(s: LabSituation, orders: Order[]): void {
  const { view, lab, aggressive } = s;
  const b = lab.books;
  const ahead = s.runwayQuarters > 5 ? (aggressive ? 0.1 : 0.05) + Math.max(0, Math.min(0.08, growth(view, lab.id))) : 0;
  const committed = s.contractedIn(view.quarter + 3);
  const target = s.retreat
    ? (s.current - s.idle) * 0.85
    : (s.current - s.idle) * (1 + ahead + Math.max(0, s.shortfall - 0.02) * (aggressive ? 1.2 : 0.8));
  const want = Math.max(0, target - committed - lab.compute.asic);
  if (!(s.providers.length && want > 1e7 && b.cash > s.quarterlyBurn)) return;
  // Cheapest providers first, each up to a quarter of its capacity.
  const byPrice = sortSmall(
    [...s.providers],
    (a, b2) => Number(a.facts.contractPrice) - Number(b2.facts.contractPrice) || (a.id < b2.id ? -1 : 1),
  );
  let left = want;
  let budget = Math.max(0, b.cash) * 0.25 + b.revenue * 0.5;
  // A contract binds for years: none at a price far above what an hour costs the lab now, on
  // the spot market or across its compute (at most 2.2 times it in bot games of every
  // scenario), so a price typed a few zeros long, or a gouge, finds no bot to sign it.
  const hourNow = Math.max(view.world.spotGpuHourPrice, s.computeCost);
  for (const pick of byPrice) {
    if (left < 1e7 || budget <= 0) break;
    const price = Math.max(0.3, Number(pick.facts.contractPrice));
    if (price > hourNow * CONTRACT_OVER_HOUR_MAX) break;
    const hours = Math.floor(Math.min(left, Number(pick.facts.gpuHours) * 0.25, budget / price));
    if (hours > 1e6) {
      orders.push({ type: "lab/signContract", provider: pick.id, gpuHoursPerQuarter: hours, quarters: aggressive ? 12 : 8 });
      left -= hours;
      budget -= hours * price;
    }
  }
}

/**
 * Spot: cover next quarter's gap, and train on cheap spot capacity when there is a glut. Spot
 * hours last a quarter, so the gap is the lab's demand in GPU-hours less what is committed for
 * next quarter: the compute it uses today (spot included; idle serving hours not), plus the
 * hours its unserved tokens needed at the throughput it served with (a shortfall s needs
 * s/(1−s) more serving hours), spread over its split (`serving`, this quarter's new share) as
 * bought hours are; less its contracts delivering then and its custom-ASIC capacity.
 */
function labSpotBid(s: LabSituation, serving: number, orders: Order[]): void {
  const { view, lab, aggressive } = s;
  const b = lab.books;
  const cheapSpot = view.world.spotGpuHourPrice > 0 && view.world.spotGpuHourPrice < lowestContractPrice(s.providers) * 0.7;
  // Hours a token took where it served some, else its models' throughput: a lab that served
  // nothing (its compute lapsed) still needs hours for its demand.
  const hoursPerMtok =
    lab.tokens.served > 0 && s.usedServing > 0 ? s.usedServing / lab.tokens.served : 1 / Math.max(1e-6, avgThroughput(lab, view));
  const unservedHours = s.shortfall > 0.02 ? (lab.tokens.demanded - lab.tokens.served) * hoursPerMtok : 0;
  const need = Math.max(0, s.current - s.idle) + unservedHours / Math.max(0.3, serving);
  const committedNext = lab.compute.asic + s.contractedIn(view.quarter + 1);
  const gapHours =
    Math.max(need - committedNext, s.retreat ? 0 : lab.compute.total * 0.03) +
    (cheapSpot && s.runwayQuarters > 4 ? lab.compute.total * (aggressive ? 0.2 : 0.1) : 0);
  // A GPU-hour is worth at most what serving earns with it: the bid chases the spot price up
  // to a share of revenue per serving hour.
  const worth = lab.compute.serving > 0 && b.revenue > 0 ? (b.revenue / lab.compute.serving) * (aggressive ? 0.8 : 0.6) : 99;
  const maxPrice = round2(Math.max(0.2, Math.min(worth, view.world.spotGpuHourPrice * (aggressive ? 1.8 : 1.25) + 0.2)));
  orders.push({ type: "lab/spotBid", gpuHours: Math.floor(Math.max(0, gapHours)), maxPrice });
}

/** Efficiency research, its release mode, and its consumer plan when heavy users cost more than they pay. */
function labResearchAndPlans(s: LabSituation, orders: Order[]): void {
  const { view, lab, aggressive } = s;
  const b = lab.books;
  // A bot releases its next model: a seat it takes over with its model withheld would fall a
  // generation behind every two quarters while its rivals took its demand (in `classroom`,
  // Meridian withheld from the first quarter: Helix's TSR a median 930 points higher).
  if (lab.releaseMode === "withhold") orders.push({ type: "lab/releaseModel", mode: "api" });
  const eff = round2(Math.max(0, b.revenue * (aggressive ? 0.05 : 0.03)));
  if (Math.abs(eff - lab.efficiencyPerQuarter) > 1e6) orders.push({ type: "lab/investEfficiency", perQuarter: eff });
  // Flat plans: when heavy users cost more than they pay, cap them (cautious) or bill usage (aggressive) [fact 15].
  if (lab.subscribersMillions > 0 && lab.consumerPlan === "flat" && lab.tokens.consumer > 0) {
    const consumerCost = lab.tokens.consumer * (s.computeCost / Math.max(1e-6, avgThroughput(lab, view)));
    const consumerRevenue = lab.subscribersMillions * 1e6 * view.rules.params.flatPlanPrice * 3;
    if (consumerCost > consumerRevenue * 0.9) orders.push({ type: "lab/setConsumerPlan", plan: aggressive ? "usage" : "capped" });
  }
}

/** Finance: keep a runway, with equity while investors are willing, else debt. */
function labFinance(s: LabSituation, orders: Order[]): void {
  const { view, lab, aggressive } = s;
  const b = lab.books;
  if (view.quarter > 0 && s.runwayQuarters < (aggressive ? 8 : 6) && b.valuation > 0) {
    const amount = Math.floor(Math.min(b.valuation * 0.15, s.quarterlyBurn * 8));
    if (amount > 1e8 && view.world.sentiment.labs >= 0.5) orders.push({ type: "finance/raiseEquity", amount });
    else if (amount > 1e8) orders.push({ type: "finance/drawDebt", amount: Math.floor(Math.min(amount, b.revenue * 2)) });
  }
}

/**
 * The chip a cloud plans with: the first merchant's current generation (its list price, H100
 * equivalents and kW a unit), or an H100-like unit where no merchant is in business.
 */
interface LeadChip {
  unitPrice: number;
  perfPerUnit: number;
  kwPerUnit: number;
}

/** The first merchant's chip, as a cloud plans with it. */
function leadChip(merchants: readonly PlayerView["actors"][number][]): LeadChip {
  const m = merchants[0];
  return m
    ? { unitPrice: Number(m.facts.unitPrice), perfPerUnit: Number(m.facts.perfPerUnit), kwPerUnit: Number(m.facts.kwPerUnit) }
    : { unitPrice: 40000, perfPerUnit: 1, kwPerUnit: 1.5 };
}

/** Output's share of the blend a lab bot compares models' prices by: 3:1 input to output. */
const COMPARED_OUTPUT_SHARE = 0.25;

/** A model's price as a lab bot compares them ($/MTok). */
function comparedPrice(m: { inputPrice: number; outputPrice: number }): number {
  return blendedPrice(m.inputPrice, m.outputPrice, COMPARED_OUTPUT_SHARE);
}

/** A model of the public market by id. */
function modelOf(view: PlayerView, id: string): PlayerView["models"][number] | undefined {
  for (const m of view.models) if (m.id === id) return m;
  return undefined;
}

/** The lowest contract price among providers, and at most 99 ($/GPU-hour). */
function lowestContractPrice(providers: readonly PlayerView["actors"][number][]): number {
  let p = 99;
  for (const x of providers) p = Math.min(p, Number(x.facts.contractPrice));
  return p;
}

function round2Price(x: number): number {
  return x >= 1 ? Math.round(x * 100) / 100 : Math.round(x * 10000) / 10000;
}
function round4(x: number): number {
  return Math.round(x * 10000) / 10000;
}

function ownModelThroughput(view: PlayerView, modelId: string): number {
  for (const m of view.ownModels) if (m.id === modelId) return m.mtokPerGpuHour;
  return 1;
}
function avgThroughput(lab: LabState, view: PlayerView): number {
  let s = 0;
  for (const m of lab.models) s += ownModelThroughput(view, m);
  return lab.models.length ? s / lab.models.length : 1;
}

function growth(view: PlayerView, id: string): number {
  const h = view.history;
  if (h.length < 2) return 0;
  const a = h[h.length - 2]!.actors[id]?.revenue ?? 0;
  const b = h[h.length - 1]!.actors[id]?.revenue ?? 0;
  return a > 0 ? b / a - 1 : 0;
}

/** A hyperscaler's orders: GPU-hour prices, chips, power for them, and its debt. */
function hyperscalerBot(view: PlayerView, h: HyperscalerState, p: Personality): Order[] {
  const aggressive = p === "aggressive";
  const orders: Order[] = [];
  const util = h.gpu.capacity > 0 ? 1 - h.gpu.idle / h.gpu.capacity : 1;
  cloudGpuPrices(view, h, aggressive, util, orders);
  const merchants = view.actors.filter((a) => a.role === "chipmaker" && !a.failed && a.facts.kind === "merchant");
  const chip = leadChip(merchants);
  const chipBudget = cloudChips(view, h, aggressive, util, merchants, chip, orders);
  cloudPower(view, h, merchants, chip, chipBudget, orders);
  cloudDebt(h, orders);
  return orders;
}

/** GPU-hour prices: a spot floor above the fleet's cost per hour (depreciation plus power, per H100e hour; its power alone while hours sit idle), contracts at about the spot price. */
function cloudGpuPrices(view: PlayerView, h: HyperscalerState, aggressive: boolean, util: number, orders: Order[]): void {
  const spot = view.world.spotGpuHourPrice;
  const fleetPerf = h.fleet.reduce((s, c) => s + c.units * c.perfPerUnit, 0);
  const dep = h.fleet.reduce((s, c) => s + c.depPerQuarterCents, 0) / 100;
  const hours = Math.max(1, fleetPerf * HOURS_PER_QUARTER * 0.9);
  const energy = view.world.energyPrices[h.region] ?? 80;
  const cost = (dep + h.powerMw * HOURS_PER_QUARTER * energy) / hours;
  // Depreciation is sunk: where a tenth or more of its hours sat idle, it sets its floor at what
  // an hour costs to run (the fleet's power, not its empty halls'), and the uniform price pays it
  // what the market clears at; the market itself holds an ask at the fleet's cost per hour or
  // above (runFleet's gpuCost).
  const fleetKw = h.fleet.reduce((s, c) => s + c.units * c.kwPerUnit, 0);
  const running = ((fleetKw / 1000) * HOURS_PER_QUARTER * energy) / hours;
  const floor = round2(Math.max(0.5, (util < 0.9 ? running : cost) * (aggressive ? 1.05 : 1.2)));
  const contract = round2(Math.max(floor * 1.1, (spot > 0 ? spot : h.contractPrice) * (util > 0.95 ? 1.02 : 0.95)));
  if (Math.abs(contract - h.contractPrice) > 0.01 || Math.abs(floor - h.spotFloor) > 0.01) {
    orders.push({ type: "hyperscaler/setGpuPrices", contractPrice: contract, spotFloor: floor });
  }
}

/**
 * Capex: grow into demand, within financial gravity (capex ≤ share of revenue) [002/A4]: the
 * chips it orders from its custom-ASIC designer and the merchants. Returns its chip budget for
 * the quarter (what the power it builds is sized for).
 */
function cloudChips(
  view: PlayerView,
  h: HyperscalerState,
  aggressive: boolean,
  util: number,
  merchants: readonly PlayerView["actors"][number][],
  chip: LeadChip,
  orders: Order[],
): number {
  const b = h.books;
  const capexShare = aggressive ? 0.8 : 0.65;
  const budget = Math.max(0, b.revenue * capexShare);
  const asic = view.actors.find((a) => a.role === "chipmaker" && !a.failed && a.facts.kind === "asic" && guarantorOf(view, a.id) === h.id);
  // Financial gravity: capex is funded from operating cash flow and a slice of the cash pile.
  const operatingCash = Math.max(0, b.fcf + b.capex);
  const fundable = operatingCash * (aggressive ? 1.1 : 0.95) + Math.max(0, b.cash) * (aggressive ? 0.15 : 0.1);
  let chipBudget = Math.min(budget, fundable) * 0.75;
  if (b.cash < 0) chipBudget *= 0.3;
  // Demand-led capacity: what it sells and uses, grown at its expectation over a year, less
  // what it has and what is on the way; bought over four quarters.
  const sold = h.gpu.contracted + h.gpu.spot + h.gpu.ownUse;
  // Expected demand growth: what it has seen (sold and used GPU-hours, last three quarters),
  // plus an appetite bias, plus a scarcity premium when it is sold out.
  const hist = h.soldHistory;
  const seen = hist.length >= 2 ? pow(hist[hist.length - 1]! / Math.max(1, hist[0]!), 1 / (hist.length - 1)) - 1 : 0.08;
  const expect = clamp(seen, -0.05, 0.2) + (aggressive ? 0.03 : 0.01) + (util > 0.97 ? 0.04 : 0) + (util < 0.85 ? -0.05 : 0);
  const incoming = h.warehouseUnits.reduce((s, w) => s + w.units * w.perfPerUnit, 0) * HOURS_PER_QUARTER * 0.9;
  const gap = Math.max(0, sold * pow(1 + expect, 4) - (h.gpu.capacity + incoming)) / 4;
  const { unitPrice, perfPerUnit: perf, kwPerUnit } = chip;
  // Returns: quarters to pay back a unit at today's spot margin. Cheap chips or dear GPU-hours
  // make a cloud that is sold out (0.9 of its capacity used or more) buy more than its gap (the
  // FOMO of a boom, "GPUs at 100%", seed-facts §4.6, 002/A8); with capacity idle it buys its gap.
  // A poor payback makes it hold back, and one longer than a unit's economic life buys nothing.
  const marginPerUnitQuarter = unitMargin(view, perf, kwPerUnit, view.world.energyPrices[h.region] ?? 80);
  const payback = unitPrice / marginPerUnitQuarter;
  // a unit earns for its economic life, when it retires; the cloud's accounting life only
  // spreads its cost in the books
  const appetite = chipAppetite(payback, util, aggressive, view.rules.params.economicLifeYears * 4);
  const wantUnits = (gap / (perf * HOURS_PER_QUARTER * 0.9)) * appetite;
  const demandLed = wantUnits * unitPrice * 1.05 + (asic ? chipBudget * 0.25 : 0);
  // Capex guidance (a cloud with other businesses behind it, not a neocloud): spending is
  // planned ahead, against its recent AI capex (the average of the quarters a bot sees,
  // BOT_VIEW). While a unit still pays back, a quarter's chip budget is not cut below a share of
  // it: the FOMO trap, none can sit out ("Microsoft flinched on capex in early 2025 and lost
  // position"; seed-facts §5 facts 11 and 34, 002/A4, A8).
  const planned = view.history.reduce((s, x) => s + (x.actors[h.id]?.aiCapex ?? 0), 0) / Math.max(1, view.history.length);
  const guided = !h.neocloud && payback < PAYBACK_QUARTERS ? planned * (aggressive ? 0.9 : 0.8) : 0;
  chipBudget = Math.min(chipBudget, Math.max(demandLed, guided));
  // The booking placed before the game is the first quarter's order; from the second a bot
  // orders its own, which replaces it.
  const placed = view.quarter === 0 && h.acceleratorOrders.length > 0;
  if (placed) return 0;
  if (asic) {
    const asicPrice = Number(asic.facts.unitPrice);
    const n = Math.floor((chipBudget * 0.25) / asicPrice);
    orders.push({ type: "hyperscaler/orderAccelerators", chipmaker: asic.id, units: n, maxPrice: round2(asicPrice * 1.2) });
    // the rest for merchant chips: the ASIC's allowance is inside the demand-led budget, so a
    // guarantor buys some merchant chips even when it wants none (docs/model.md, Smaller gaps)
    chipBudget *= 0.75;
  }
  // Bid: above the list price, and above what scarcity made chips cost last quarter when the
  // chipmaker could not fill its orders, while a unit at that cost still pays back. Scarcity
  // adds at most `chipScarcityPremiumMax` to the list (its ceiling): an average price above that
  // came from rivals' bids, which a buyer that wins pays anyway (sellAccelerators). A cloud on
  // the allocation list bids no higher than that ceiling: tied buyers each pay their bid, so
  // chasing past it would compound ×1.6 a quarter while a queue lasts, and a chipmaker that holds
  // its list price and wafers would earn more than one that sets them. No bid is above what a
  // unit earns in the payback the cloud accepts (PAYBACK_QUARTERS at today's spot margin).
  const worth = marginPerUnitQuarter * PAYBACK_QUARTERS;
  for (const m of merchants) {
    const price = Number(m.facts.unitPrice);
    const ceiling = price * (1 + view.rules.chipScarcityPremiumMax);
    const scarce = Math.min(ceiling, Math.max(price, Number(m.facts.asp ?? price)));
    const queued = Number(m.facts.backlogUnits ?? 0) > 0 && scarce < worth;
    const ref = queued ? scarce : price;
    const n = Math.floor(chipBudget / merchants.length / ref);
    const markup = queued ? (aggressive ? 1.6 : 1.3) : aggressive ? 1.3 : 1.1;
    let bid = ref * markup;
    if (queued) {
      // A neocloud has no allocation priority: in a queue it gets chips only by outbidding the
      // listed clouds, paying their bid, so it bids up to what a unit earns it in eight quarters
      // at today's spot margin [seed-facts §5 fact 7: neoclouds face higher input costs, 000].
      bid = h.neocloud ? Math.max(bid, Math.min(marginPerUnitQuarter * 8, ref * 2.5)) : Math.min(bid, ceiling);
      bid = Math.min(bid, worth);
    }
    orders.push({ type: "hyperscaler/orderAccelerators", chipmaker: m.id, units: n, maxPrice: round2(bid) });
  }
  return chipBudget;
}

/**
 * The share of its capacity gap a cloud buys at a unit's payback (quarters at today's spot
 * margin): more than the gap in a boom while sold out, less as the payback lengthens, none once a
 * unit would not pay for itself within its economic life (`lifeQuarters`).
 */
function chipAppetite(payback: number, util: number, aggressive: boolean, lifeQuarters: number): number {
  if (payback < 6) return util < 0.9 ? 1 : aggressive ? 1.8 : 1.4;
  if (payback < PAYBACK_FULL) return 1;
  if (payback < PAYBACK_QUARTERS) return 0.6;
  return payback < lifeQuarters ? 0.25 : 0;
}

/** Power for what is coming: keep the pipeline about a build-time of installs ahead of the chips `chipBudget` buys. */
function cloudPower(
  view: PlayerView,
  h: HyperscalerState,
  merchants: readonly PlayerView["actors"][number][],
  chip: LeadChip,
  chipBudget: number,
  orders: Order[],
): void {
  // Planned at the first generation's 1.6 kW a unit, not the current chip's draw (2.5–3.9 kW from
  // generation 3): chips waiting for power brake the bots' ordering, and without that brake the
  // leading lab fails far more often (docs/model.md, Known gaps: Capex growth).
  const kwPerUnit = merchants.length ? 1.6 : chip.kwPerUnit;
  const unitsPerQuarter = chipBudget / Math.max(1, chip.unitPrice);
  const mwNeeded = (unitsPerQuarter * kwPerUnit) / 1000;
  const pipelineMw = h.pipeline.reduce((s, x) => s + x.mw, 0);
  const usedKw = h.fleet.reduce((s, c) => s + c.units * c.kwPerUnit, 0) + h.warehouseUnits.reduce((s, w) => s + w.units * w.kwPerUnit, 0);
  const headroom = h.powerMw - usedKw / 1000;
  const target = mwNeeded * (view.rules.buildQuarters + 1);
  if (pipelineMw + headroom < target) {
    const mw = Math.floor(
      Math.min(
        target - pipelineMw - headroom,
        (h.books.revenue * 0.25) / Math.max(1, view.world.dataCentreCostPerMw / view.rules.buildQuarters),
      ),
    );
    if (mw >= 1) orders.push({ type: "hyperscaler/buildPower", region: h.region, mw });
  }
}

/**
 * Debt: drawn when cash runs out. A cloud with other businesses repays debt from cash beyond a
 * quarter's revenue before that cash goes back to shareholders: it does not carry borrowing it
 * could pay off from idle cash. A neocloud runs levered by design (notes and GPU loans,
 * seed-facts §1.4, 000) and rolls them.
 */
function cloudDebt(h: HyperscalerState, orders: Order[]): void {
  const b = h.books;
  if (b.cash < 0 && b.revenue > 0) orders.push({ type: "finance/drawDebt", amount: Math.floor(Math.min(-b.cash * 1.5, b.revenue)) });
  else if (!h.neocloud && b.debt > 0 && b.cash > b.revenue) {
    const repay = Math.floor(Math.min(b.debt, b.cash - b.revenue));
    if (repay >= 1e6) orders.push({ type: "finance/repayDebt", amount: repay });
  }
}

function guarantorOf(view: PlayerView, chipmaker: string): string | undefined {
  const a = view.actors.find((x) => x.id === chipmaker);
  return a ? String(a.facts.guarantor ?? "") : undefined;
}

function chipmakerBot(view: PlayerView, c: ChipmakerState, p: Personality): Order[] {
  const aggressive = p === "aggressive";
  const orders: Order[] = [];
  const power = view.rules.params.chipPricingPower;
  const demandExceeded = c.sold > 0 && c.inventoryUnits < c.sold * 0.1;
  // What buyers ordered last quarter (at or above the list price, delivered or not), in wafers:
  // a standing order of none (a slip a team left) restarts from it, not from zero, which no
  // growth factor would move.
  let wafers = c.wafersPerQuarter > 0 ? c.wafersPerQuarter : c.orderedUnits / Math.max(1, c.diesPerWafer);
  // Spare, cheaper wafers (no foundry discipline): make more and sell on volume [002/A8].
  const waferGlut = view.world.foundryUtilization < 0.85;
  if (view.quarter > 0) {
    if (demandExceeded) wafers *= aggressive ? 1.12 : 1.06;
    else if (c.inventoryUnits > c.sold * 0.8) wafers *= 0.85;
    if (waferGlut && c.inventoryUnits <= c.sold * 0.8) wafers *= aggressive ? 1.12 : 1.06;
  }
  orders.push({ type: "chipmaker/orderWafers", wafers: Math.round(wafers), prepay: c.books.cash > 0 });
  let price = c.unitPrice;
  if (view.quarter > 0) {
    if (demandExceeded && !waferGlut) price *= 1 + 0.01 + 0.06 * power;
    else if (c.inventoryUnits > c.sold * 0.5) price *= 1 - 0.04 - 0.04 * (1 - power);
    // Competition among chipmakers passes cheaper wafers on, less so with pricing power.
    if (waferGlut) price *= 1 - 0.06 * (1 - power);
  }
  // Nothing sold while it held stock: its price is above what every buyer would pay, so it
  // comes down at once, not by a few percent a quarter (from a price typed a few zeros long that
  // would take years, the clouds buying elsewhere or not at all meanwhile): to what a unit earns
  // a cloud in the payback at which clouds buy all they lack, and a merchant to no more than
  // merchant accelerators sold at in the quarters its view shows.
  if (view.quarter > 0 && c.sold === 0 && c.inventoryUnits > 0) {
    const energies = Object.values(view.world.energyPrices);
    const energy = energies.length ? energies.reduce((a, b) => a + b, 0) / energies.length : 80;
    let sells = unitMargin(view, c.perfPerUnit, c.kwPerUnit, energy) * PAYBACK_FULL;
    if (c.kind === "merchant") for (const x of view.history) if (x.chipAsp > 0) sells = Math.min(sells, x.chipAsp);
    price = Math.min(price, sells);
  }
  const unitCost = c.unitCostCents / 100;
  price = Math.max(price, unitCost * 1.2);
  if (Math.abs(price - c.unitPrice) > 1) orders.push({ type: "chipmaker/setPrice", unitPrice: Math.round(price) });
  orders.push({ type: "chipmaker/fundRnd", perQuarter: Math.round(Math.max(2e8, c.books.revenue * (aggressive ? 0.18 : 0.12))) });
  // Allocation: hyperscalers with allocation priority (not neoclouds), largest first.
  const buyers = sortSmall(
    view.actors.filter((a) => a.role === "hyperscaler" && !a.failed && !a.facts.neocloud),
    (a, b) => Number(b.facts.powerMw) - Number(a.facts.powerMw) || (a.id < b.id ? -1 : 1),
  );
  const prio = mapped(buyers, (a) => a.id);
  if (!sameStrings(prio, c.priority)) orders.push({ type: "chipmaker/setAllocation", priority: prio });
  return orders;
}

function enterpriseBot(view: PlayerView, e: EnterpriseState, p: Personality): Order[] {
  const aggressive = p === "aggressive";
  const orders: Order[] = [];
  if (e.budgetExhausted) {
    // Out of budget: raise it a little, and route to the cheapest model that clears the bar [fact 16].
    orders.push({ type: "enterprise/setBudget", perQuarter: Math.round(e.budget * (aggressive ? 1.3 : 1.1)) });
    for (const k of sortedIds(e.routing)) {
      const r = e.routing[k]!;
      if (r.policy !== "cheapest") orders.push({ type: "enterprise/setRouting", taskClass: k, policy: "cheapest" });
    }
  } else if (view.quarter > 0 && e.spend < e.budget * 0.6) {
    orders.push({ type: "enterprise/setBudget", perQuarter: Math.round(Math.max(e.spend * 1.5, e.budget * 0.9)) });
  }
  // Banned named models: add a fallback (orchestration becomes hygiene) [001].
  for (const k of sortedIds(e.routing)) {
    const r = e.routing[k]!;
    if (r.policy === "named" && r.model) {
      const m = modelOf(view, r.model);
      if (m?.banned && !r.fallback) {
        const fb = view.models.filter((x) => !x.banned && x.lab !== m.lab).sort((a, b) => b.capability - a.capability)[0];
        if (fb) orders.push({ type: "enterprise/setRouting", taskClass: k, policy: "named", model: r.model, fallback: fb.id });
      }
    }
  }
  const integration = Math.round(e.baseRevenue * (aggressive ? 0.02 : 0.01));
  if (Math.abs(integration - e.integrationPerQuarter) > 1e5) orders.push({ type: "enterprise/investIntegration", perQuarter: integration });
  const sub = clamp(e.labourSubstitution + (aggressive ? 0.08 : 0.04), 0, aggressive ? 0.7 : 0.4);
  if (sub !== e.labourSubstitution) orders.push({ type: "enterprise/setLabourSubstitution", share: round4(sub) });
  return orders;
}
