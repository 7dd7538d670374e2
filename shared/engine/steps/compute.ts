/**
 * Steps 3–5: power and data centres, the compute market, and labs' compute allocation.
 * MW come online after their lead time; accelerators are installed only where there is
 * power; GPU-hours = units × perf × hours × availability. Contracts are delivered first,
 * the rest clears in a uniform-price auction against labs' spot bids and the rest of the
 * market's demand. Labs split what they get between training, serving and internal use.
 */
import {
  activeRows,
  capexCapOf,
  effectsOf,
  emit,
  HOURS_PER_QUARTER,
  inputPriceLevel,
  modelIndex,
  payFlow,
  type TurnContext,
} from "../context.ts";
import { addRow, keepRows } from "../declare.ts";
import { exp, pow } from "../dmath.ts";
import { cashAccount, WORLD } from "../ledger.ts";
import { boundFactor, clamp, filledDoubles, mergeSorted, sortSmall } from "../math.ts";
import { nextLogistic } from "../rng.ts";
import { BUILDS, COHORTS, CONTRACTS, type GameState, LOTS } from "../state.ts";
import { drawDemandSurprise } from "./tokens.ts";

export function energyPrice(state: GameState, q: number, region: string): number {
  let p = state.world.energy[region as "us"]?.pricePerMwh ?? state.world.rules.dataCentres.defaultEnergyPrice;
  for (const e of effectsOf(state, q, "energyPrice")) if (e.region === region) p *= e.multiplier;
  return p * inputPriceLevel(state, q);
}

/** Share of an accelerator's hours it delivers. */
function availability(state: GameState): number {
  const d = state.world.rules.dataCentres;
  return d.availabilityBase + d.availabilitySpan * state.world.params.availability;
}

/** GPU-hours a quarter of a hyperscaler's (by row) general, non-ASIC fleet. */
export function generalCapacity(state: GameState, h: number): number {
  const avail = availability(state);
  const F = state.cohorts;
  let general = 0;
  for (let c = 0; c < F.n; c++) {
    if (F.owner[c] === h && !F.partnerLab[c]) general += F.units[c]! * F.perfPerUnit[c]! * HOURS_PER_QUARTER * avail;
  }
  return general;
}

/**
 * Power, installation, depreciation, retirement and capacity of every hyperscaler. Rows that
 * go (builds online, cohorts retired, lots emptied) are flagged as each hyperscaler is
 * resolved and removed from their tables once at the end: a hyperscaler's rows are only ever
 * read while it is resolved, in row order, so the order of every sum is the same.
 */
export function dataCentres(state: GameState, ctx: TurnContext): void {
  const H = state.clouds;
  // Execution: how far each operator's construction gets this quarter against its plan
  // (permits, grid hook-ups, equipment), one draw per operator every quarter, failed ones
  // included, so the draws line up across runs of the same seed [seed-facts §2 #26 (002/A8:
  // zoning and approval gate power), §4 shocks #11 (capacity delayed)]. Median 1; progress
  // and the spending that pays for it move together.
  const execution: number[] = [];
  for (let h = 0; h < H.n; h++) execution.push(exp(ctx.rules.dataCentres.buildExecutionSpread * nextLogistic(state.rng)));
  const gone: RowsGone = { online: [], retired: [], emptied: [] };
  for (const h of activeRows(state, H)) {
    build(state, ctx, h, execution[h]!, gone.online);
    let usedKw = retireFleet(state, ctx, h, gone.retired);
    usedKw = install(state, ctx, h, usedKw, gone.emptied);
    runFleet(state, ctx, h, usedKw, gone.retired);
  }
  keepRows(BUILDS, state.builds, (b) => !gone.online[b]);
  keepRows(COHORTS, state.cohorts, (c) => !gone.retired[c]);
  keepRows(LOTS, state.lots, (w) => !gone.emptied[w]);
}

/** Rows to remove at the end of the step (true), by row; rows added during it are kept. */
interface RowsGone {
  /** builds that came online */
  online: boolean[];
  /** cohorts retired */
  retired: boolean[];
  /** warehouse lots emptied */
  emptied: boolean[];
}

/**
 * Construction: hyperscaler h pays for each quarter's progress on its builds until a build is
 * online; a capex cap slows progress (and spending), a permit delay stretches the same cost over
 * more quarters.
 */
/** The share of a build's remaining cost paid in a quarter that progresses `step` of its `quartersLeft`. */
export function progressShare(step: number, quartersLeft: number): number {
  return Math.min(1, step / Math.max(step, quartersLeft));
}

/** Whether an accelerator `ageQuarters` old is past its economic life, when it retires (retireFleet). */
export function pastEconomicLife(state: Readonly<GameState>, ageQuarters: number): boolean {
  return ageQuarters > state.world.params.economicLifeYears * 4;
}

function build(state: GameState, ctx: TurnContext, h: number, execution: number, online: boolean[]): void {
  const q = ctx.q;
  const H = state.clouds;
  const B = state.builds;
  const i = H.company[h]!;
  const id = state.companies.id[i]!;
  const progressStep = Math.min(capexCapOf(state, q, id), 1) * execution;
  for (let b = 0; b < B.n; b++) {
    if (B.owner[b] !== h) continue;
    const share = progressShare(progressStep, B.quartersLeft[b]!);
    const spend = payFlow(state, ctx, cashAccount(i), WORLD.suppliers, B.costLeft[b]! * share, "capex", null);
    B.costLeft[b] = Math.max(0, B.costLeft[b]! - spend);
    H.capexThisQuarter[h] = H.capexThisQuarter[h]! + spend;
    H.dcBookCents[h] = H.dcBookCents[h]! + Math.round(spend * 100);
    B.quartersLeft[b] = B.quartersLeft[b]! - progressStep;
    if (B.quartersLeft[b]! <= 0) {
      H.powerMw[h] = H.powerMw[h]! + B.mw[b]!;
      online[b] = true;
      emit(ctx, { kind: "power/online", quarter: q, seat: id, company: id, mw: B.mw[b]!, region: B.region[b]! });
    }
  }
}

/**
 * Hyperscaler h's accelerators age a quarter; those past their economic life retire (the book
 * value left is written off). Returns the kW the rest draw.
 */
function retireFleet(state: GameState, ctx: TurnContext, h: number, retired: boolean[]): number {
  const F = state.cohorts;
  const i = state.clouds.company[h]!;
  const id = state.companies.id[i]!;
  let usedKw = 0;
  for (let c = 0; c < F.n; c++) {
    if (F.owner[c] !== h) continue;
    F.ageQuarters[c] = F.ageQuarters[c]! + 1;
    if (pastEconomicLife(state, F.ageQuarters[c]!)) {
      ctx.pnl.depreciation[i]! += F.bookCents[c]! / 100;
      retired[c] = true;
      emit(ctx, { kind: "fleet/retired", quarter: ctx.q, seat: id, company: id, units: F.units[c]! });
    } else usedKw += F.units[c]! * F.kwPerUnit[c]!;
  }
  return usedKw;
}

/** Hyperscaler h's cohort of these chips installed this quarter (age 0), or -1. */
function cohortInstalledNow(
  F: GameState["cohorts"],
  h: number,
  chipmaker: string,
  perfPerUnit: number,
  kwPerUnit: number,
  partnerLab: string | null,
): number {
  for (let c = 0; c < F.n; c++) {
    if (F.owner[c] !== h || F.ageQuarters[c] !== 0 || F.chipmaker[c] !== chipmaker) continue;
    if (F.perfPerUnit[c] === perfPerUnit && F.kwPerUnit[c] === kwPerUnit && F.partnerLab[c] === partnerLab) return c;
  }
  return -1;
}

/**
 * Installs hyperscaler h's warehouse lots where there is power (`usedKw` of it already drawn),
 * into the quarter's cohort of their kind of chip, depreciated over h's useful life. Returns the
 * kW drawn after.
 */
function install(state: GameState, ctx: TurnContext, h: number, usedKw: number, emptied: boolean[]): number {
  const H = state.clouds;
  const F = state.cohorts;
  const W = state.lots;
  const lifeQ = H.usefulLifeYears[h]! * 4;
  let waiting = 0;
  let stay = 0;
  for (let w = 0; w < W.n; w++) {
    if (W.owner[w] !== h) continue;
    const freeKw = H.powerMw[h]! * 1000 - usedKw;
    const units = W.units[w]!;
    const n = Math.min(units, Math.max(0, Math.floor(freeKw / W.kwPerUnit[w]!)));
    const cost = Math.round((W.costCents[w]! * n) / units);
    if (n > 0) {
      // chips of one kind installed in one quarter are one cohort: they age, depreciate and retire together
      const same = cohortInstalledNow(F, h, W.chipmaker[w]!, W.perfPerUnit[w]!, W.kwPerUnit[w]!, W.partnerLab[w]!);
      if (same >= 0) {
        F.units[same] = F.units[same]! + n;
        F.bookCents[same] = F.bookCents[same]! + cost;
        F.depPerQuarterCents[same] = Math.round(F.bookCents[same]! / lifeQ);
      } else
        addRow(COHORTS, F, {
          owner: h,
          chipmaker: W.chipmaker[w]!,
          units: n,
          perfPerUnit: W.perfPerUnit[w]!,
          kwPerUnit: W.kwPerUnit[w]!,
          bookCents: cost,
          depPerQuarterCents: Math.round(cost / lifeQ),
          ageQuarters: 0,
          partnerLab: W.partnerLab[w]!,
        });
      usedKw += n * W.kwPerUnit[w]!;
    }
    if (units - n > 0) {
      W.units[w] = units - n;
      W.costCents[w] = W.costCents[w]! - cost;
      waiting += W.units[w]!;
      stay++;
    } else emptied[w] = true;
  }
  if (stay > 0 && waiting > 0) {
    const id = state.companies.id[H.company[h]!]!;
    emit(ctx, { kind: "power/constrained", quarter: ctx.q, seat: id, company: id, unitsWaiting: waiting });
  }
  return usedKw;
}

/**
 * What hyperscaler h's fleet costs and delivers this quarter: depreciation (non-cash, straight
 * line over the chosen useful life) of the accelerators and the buildings, a cost of revenue
 * since they are what the GPU-hours cost; the power bill for what is installed (`usedKw`) and
 * the facilities' running costs (leases, staff, maintenance, taxes) for the power online
 * [seed-facts §1.4: triple-net]; then the general (non-ASIC) fleet's GPU-hours, what one costs
 * (h's floor on the spot market) and h's own AI products' share of them.
 */
function runFleet(state: GameState, ctx: TurnContext, h: number, usedKw: number, retired: readonly boolean[]): void {
  const q = ctx.q;
  const d = ctx.rules.dataCentres;
  const H = state.clouds;
  const F = state.cohorts;
  const i = H.company[h]!;
  const avail = availability(state);
  let general = 0;
  let generalDep = 0;
  let generalKw = 0;
  for (let c = 0; c < F.n; c++) {
    if (F.owner[c] !== h || retired[c]) continue;
    const dep = Math.min(F.bookCents[c]!, F.depPerQuarterCents[c]!);
    F.bookCents[c] = F.bookCents[c]! - dep;
    ctx.pnl.depreciation[i]! += dep / 100;
    ctx.pnl.depreciationInCost[i]! += dep / 100;
    if (!F.partnerLab[c]) {
      general += F.units[c]! * F.perfPerUnit[c]! * HOURS_PER_QUARTER * avail;
      generalDep += dep / 100;
      generalKw += F.units[c]! * F.kwPerUnit[c]!;
    }
  }
  const dcDep = Math.round(H.dcBookCents[h]! / d.dcLifeQuarters);
  H.dcBookCents[h] = H.dcBookCents[h]! - dcDep;
  ctx.pnl.depreciation[i]! += dcDep / 100;
  ctx.pnl.depreciationInCost[i]! += dcDep / 100;
  const me = cashAccount(i);
  const mwUsed = Math.min(H.powerMw[h]!, usedKw / 1000);
  const energy = energyPrice(state, q, state.companies.region[i]!);
  payFlow(state, ctx, me, WORLD.energy, mwUsed * HOURS_PER_QUARTER * energy, "costOfRevenue", null);
  const facility = payFlow(
    state,
    ctx,
    me,
    WORLD.suppliers,
    H.powerMw[h]! * d.facilityCostPerMw * inputPriceLevel(state, q),
    "costOfRevenue",
    null,
  );
  // What a GPU-hour of the general fleet costs its operator: the operator's floor on the spot market.
  const generalShare = usedKw > 0 ? Math.min(1, generalKw / usedKw) : 0;
  ctx.stats.gpuCost[h] =
    general > 0 ? (generalDep + (generalKw * HOURS_PER_QUARTER * energy) / 1000 + (facility + dcDep / 100) * generalShare) / general : 0;
  // Its own AI products (copilots, assistants, ads ranking) grow on their own curve.
  if (H.ownUseHours[h] === 0 && H.ownUseShare[h]! > 0) H.ownUseHours[h] = general * H.ownUseShare[h]!;
  else H.ownUseHours[h] = H.ownUseHours[h]! * (1 + d.ownUseGrowth);
  const g = H.gpu;
  g.capacity[h] = general;
  g.ownUse[h] = Math.min(general, H.ownUseHours[h]!);
  g.contracted[h] = 0;
  g.spot[h] = 0;
  g.idle[h] = 0;
  g.revenue[h] = 0;
}

/**
 * A bid or ask of the spot auction: who makes it, how much, at what price. Offers tied in price
 * go in the order of their names (`<lab id>`, `<hyperscaler id>:<tranche>`,
 * `world:<step>:<sub-step>`, `world:queue`), which is the order of their makers' names, `who`
 * (the name up to its tranche or sub-step: ids have no colon): one maker's offers at one price
 * are alike (the same quantity from the same row), so their order among themselves is moot.
 */
interface Bid {
  /** its name without the tranche or sub-step: `<lab id>`, `<hyperscaler id>:`, `world:<step>:` (`world:<step>` without sub-steps) or `world:queue` */
  who: string;
  /** a hyperscaler's or lab's row, or -1 for the rest of the market */
  row: number;
  qty: number;
  price: number;
}

/**
 * What the rest of the market bids for a GPU-hour, relative to its curve's prices: the value of
 * work of last quarter (what AI-done work is worth against the first quarter) to the power
 * `worldBidValueElasticity`. As AI does more of the economy's work each task is worth less
 * [seed-facts §2 #38, §2 #11], and so is an hour of compute that does it: the same work bids
 * less, and a GPU-hour's price falls toward its cost where capacity outruns demand [fact 8].
 * Quantities follow the real value of the work (worldBids), prices what it is worth now.
 */
function worldBidLevel(state: GameState): number {
  const last = state.history[state.history.length - 1];
  if (!last || !(last.valueScale > 0)) return 1;
  return pow(last.valueScale, state.world.rules.compute.worldBidValueElasticity);
}

/**
 * The rest of the market's demand for GPU-hours (AI start-ups, enterprises' own models, other
 * clouds' customers): a stepped curve that grows with the value AI creates (the value of tasks
 * done, at the first quarter's value of work, relative to the first quarter), so cheaper
 * outcomes that unlock more work raise compute demand [fact 17: GPU rental prices rose after an
 * efficiency shock], times the quarter's demand surprise; its prices follow what that work is
 * worth now (`level`, worldBidLevel).
 */
function worldBids(state: GameState, q: number, level: number, out: Bid[]): void {
  const c = state.world.rules.compute;
  const h0 = state.history[0];
  const h1 = state.history[state.history.length - 1];
  // in real terms: the value deflator (seed-facts §2 #38) lowers what the work is worth, not
  // how much of it there is
  const first = h0 ? (h0.shadowOutput + h0.apiSpend) / h0.valueScale : 0;
  const last = h1 ? (h1.shadowOutput + h1.apiSpend) / h1.valueScale : 0;
  const usage = first > 0 && last > 0 ? pow(last / first, c.worldUsageElasticity) : pow(1 + state.demandGrowth + c.worldGrowthDrift, q - 1);
  // Part of that demand runs open-weight models on rented GPUs: when open models do more work
  // per GPU-hour, more work pays and, with an elasticity above one, more GPU-hours are rented
  // [fact 17: after DeepSeek "AWS Asia GPU prices had already doubled"; §2 #10 Jevons].
  const base = c.worldDemandBase * usage * state.demandSurprise * (1 - c.selfHostShare + c.selfHostShare * selfHostGrowth(state));
  // Each step's quantity may be spread over sub-steps priced from its price down towards the
  // next step's (geometrically), so the curve is smooth and the clearing price moves with
  // demand instead of snapping to a few steps.
  const p = c.worldBidPrices;
  const n = c.worldBidSubsteps;
  for (let i = 0; i < p.length; i++) {
    const next = i + 1 < p.length ? p[i + 1]! : i > 0 ? (p[i]! * p[i]!) / p[i - 1]! : p[i]!;
    const qty = (base * (c.worldBidQtyStart + i * c.worldBidQtyStep)) / n;
    const who = n > 1 ? `world:${i}:` : `world:${i}`;
    const ratio = pow(next / p[i]!, 1 / n);
    let price = level * p[i]!;
    for (let k = 0; k < n; k++) {
      out.push({ who, row: -1, qty, price });
      price *= ratio;
    }
  }
}

/**
 * How many times its first GPU-hours the self-hosted share of the rest of the market rents:
 * the best open model's work per GPU-hour over the start's, to the elasticity less one.
 * Self-hosters adopt a better open model a quarter after it appears. Like the new uses cheaper
 * tasks bring (tokens.adoptionMax), the growth approaches a bound (`selfHostMax`) and never
 * passes it: a run of efficiency shocks can multiply the open models' work per GPU-hour a
 * thousandfold, which the elasticity alone would turn into thirty times the self-hosters' GPU
 * demand. A larger gain still rents more GPU-hours, never fewer (fact 17).
 */
export function selfHostGrowth(state: GameState): number {
  const c = state.world.rules.compute;
  const ref = state.openProductivityRef;
  const jevons = ref > 0 ? pow(state.openProductivityLast / ref, c.selfHostElasticity - 1) : 1;
  return jevons * boundFactor(jevons, c.selfHostMax, c.selfHostSharpness);
}

/**
 * The best open-weight model's tasks per GPU-hour (throughput over verbosity), or 0 without one.
 * Weights once published outlive their lab: a self-hoster keeps running them when the lab that
 * made them fails [seed-facts §1: open weights "served by managed or sovereign inference
 * providers" (001)].
 */
export function openProductivity(state: GameState): number {
  const M = state.models;
  let best = 0;
  for (let m = 0; m < M.n; m++) {
    if (M.openWeights[m]) best = Math.max(best, M.mtokPerGpuHour[m]! / Math.max(1e-9, M.verbosity[m]!));
  }
  return best;
}

// The orders answer -1, 0 or 1 rather than a difference of prices: a fraction returned to the
// sort is a number allocated on the heap, hundreds of them a quarter.
function asksOrder(a: Bid, b: Bid): number {
  return a.price < b.price ? -1 : a.price > b.price ? 1 : byMaker(a, b);
}
function bidsOrder(a: Bid, b: Bid): number {
  return a.price > b.price ? -1 : a.price < b.price ? 1 : byMaker(a, b);
}
function byMaker(a: Bid, b: Bid): number {
  return a.who === b.who ? 0 : a.who < b.who ? -1 : 1;
}

/**
 * The compute market: contracts are served first (take-or-pay), then the clouds' own products;
 * custom-ASIC fleets serve their partner labs; the capacity left is sold in a spot auction; and
 * each lab splits the compute it got by its policy.
 */
export function computeMarket(state: GameState, ctx: TurnContext): void {
  drawDemandSurprise(state, ctx.rules);
  const hs = activeRows(state, state.clouds);
  const ls = activeRows(state, state.labs);
  const lc = state.labs.compute;
  for (const l of ls) {
    lc.contracted[l] = 0;
    lc.spot[l] = 0;
    lc.asic[l] = 0;
    lc.total[l] = 0;
    lc.training[l] = 0;
    lc.serving[l] = 0;
    lc.internal[l] = 0;
    lc.cost[l] = 0;
  }
  const remaining = serveContracts(state, ctx, hs);
  serveCustomAsics(state, ctx, hs);
  spotMarket(state, ctx, hs, ls, remaining);
  splitLabCompute(state, ctx, ls);
}

/**
 * Serves the contracts (take-or-pay on what is delivered; those that have run out are dropped),
 * then each cloud's own products. Returns the hours each cloud has left, by its position in hs.
 */
function serveContracts(state: GameState, ctx: TurnContext, hs: readonly number[]): number[] {
  const q = ctx.q;
  const C = state.companies;
  const H = state.clouds;
  const lc = state.labs.compute;
  const remaining: number[] = [];
  for (const h of hs) remaining.push(H.gpu.capacity[h]!);
  const K = state.contracts;
  keepRows(CONTRACTS, K, (c) => K.endQuarter[c]! >= q);
  const active: number[] = [];
  for (let c = 0; c < K.n; c++) if (K.startQuarter[c]! <= q) active.push(c);
  sortSmall(active, (a, b) => (K.id[a]! < K.id[b]! ? -1 : 1));
  for (let x = 0; x < hs.length; x++) {
    const h = hs[x]!;
    const hi = H.company[h]!;
    const mine: number[] = [];
    let want = 0;
    for (const c of active) {
      if (K.provider[c] === hi && !C.failed[K.lab[c]!]) {
        mine.push(c);
        want += K.gpuHoursPerQuarter[c]!;
      }
    }
    const ratio = want > 0 ? Math.min(1, Math.max(0, remaining[x]!) / want) : 0;
    for (const c of mine) {
      const hours = K.gpuHoursPerQuarter[c]! * ratio;
      const li = K.lab[c]!;
      const l = C.roleRow[li]!;
      const paid = payFlow(state, ctx, cashAccount(li), cashAccount(hi), hours * K.price[c]!, null, "revenue");
      H.gpu.revenue[h] = H.gpu.revenue[h]! + paid;
      lc.contracted[l] = lc.contracted[l]! + hours;
      lc.cost[l] = lc.cost[l]! + paid;
      H.gpu.contracted[h] = H.gpu.contracted[h]! + hours;
      if (ratio < ctx.rules.news.contractShortfall) {
        emit(ctx, { kind: "compute/shortfall", quarter: q, seat: C.id[li]!, lab: C.id[li]!, provider: C.id[hi]!, share: ratio });
      }
    }
    remaining[x] = Math.max(0, remaining[x]! - want * ratio);
    H.gpu.ownUse[h] = Math.min(H.gpu.ownUse[h]!, remaining[x]!);
    remaining[x] = remaining[x]! - H.gpu.ownUse[h]!;
  }
  return remaining;
}

/**
 * Custom-ASIC fleets serve their partner lab, which pays for the hours it serves with once the
 * token market has run (billCustomAsics); the guarantor carries the idle ones [002/A1].
 */
function serveCustomAsics(state: GameState, ctx: TurnContext, hs: readonly number[]): void {
  const q = ctx.q;
  const rc = ctx.rules.compute;
  const C = state.companies;
  const H = state.clouds;
  const lc = state.labs.compute;
  const avail = availability(state);
  const F = state.cohorts;
  for (const h of hs) {
    const hi = H.company[h]!;
    let energy = Number.NaN; // energyPrice for h's region, taken when first needed
    for (let c = 0; c < F.n; c++) {
      if (F.owner[c] !== h) continue;
      const partner = F.partnerLab[c];
      if (!partner) continue;
      const li = companyOf(state, partner);
      if (li < 0 || C.role[li] !== "lab" || C.failed[li]) continue;
      if (Number.isNaN(energy)) energy = energyPrice(state, q, C.region[hi]!);
      const hours = F.units[c]! * F.perfPerUnit[c]! * HOURS_PER_QUARTER * avail;
      const costPerHour =
        (F.depPerQuarterCents[c]! / 100 + (F.units[c]! * F.kwPerUnit[c]! * HOURS_PER_QUARTER * energy) / 1000) / Math.max(1, hours);
      // The guarantor carries the risk and charges for it: cost plus a margin, and at least a
      // share of its contract price — cheaper than renting GPUs, not free [002/A1].
      const price = Math.max(costPerHour * rc.asicMarkup, H.contractPrice[h]! * rc.asicPriceShare);
      const l = C.roleRow[li]!;
      lc.asic[l] = lc.asic[l]! + hours;
      ctx.asicHours.push({ lab: l, cloud: h, hours, price });
    }
  }
}

/**
 * Spot: uniform-price auction. Each operator offers its spare capacity in tranches whose ask rises
 * convexly with the utilisation the tranche would take it to: at its floor (its own, at least its
 * cost) when slack, up to `spotScarcityMarkup` times above it at full use. The labs' bids, the
 * rest of the market's demand curve and last quarter's queue bid for them.
 */
function spotMarket(state: GameState, ctx: TurnContext, hs: readonly number[], ls: readonly number[], remaining: readonly number[]): void {
  const { asks, lowestAsk } = spotAsks(state, ctx, hs, remaining);
  const level = worldBidLevel(state);
  const bids = spotBids(state, ctx, ls, level);
  const c = clear(state, hs, ls, asks, bids);
  const rc = ctx.rules.compute;
  // Uniform price: when buyers are left unserved, the best excluded bid sets it; when
  // sellers are left with capacity, the marginal seller's ask does.
  let price: number;
  if (!c.matched) price = asks[0]?.price ?? state.spotPrice;
  else if (c.bi < bids.length && c.ai >= asks.length) price = Math.max(c.lastAsk, bids[c.bi]!.price);
  else if (c.ai < asks.length && c.bi < bids.length) price = Math.max(c.lastAsk, Math.min(c.lastBid, asks[c.ai]!.price, bids[c.bi]!.price));
  else price = c.lastAsk;
  price = clamp(price, rc.spotPriceMin, rc.spotPriceMax);
  state.spotPrice = price;
  queueUnserved(state, ctx, hs, asks, bids, lowestAsk, level, c);
  // the open models' work per GPU-hour as self-hosters will see it next quarter (selfHostGrowth)
  state.openProductivityLast = openProductivity(state);
  settleSpot(state, ctx, hs, ls, c.sold, price);
}

/** The operators' ask tranches in ascending order, and the lowest ask (their cheapest hour). */
function spotAsks(
  state: GameState,
  ctx: TurnContext,
  hs: readonly number[],
  remaining: readonly number[],
): { asks: Bid[]; lowestAsk: number } {
  const rc = ctx.rules.compute;
  const H = state.clouds;
  const byOperator: Bid[][] = [];
  const steps = rc.spotAskSteps;
  let lowestAsk = Number.POSITIVE_INFINITY;
  // Buyers left queueing last quarter (every GPU-hour was sold) let operators ask more near full use.
  let spare = 0;
  for (let x = 0; x < hs.length; x++) spare += Math.max(0, remaining[x]!);
  const queued = spare > 0 ? Math.min(1, state.gpuQueueHours / spare) : 0;
  const markup = rc.spotScarcityMarkup * (1 + rc.spotQueueMarkup * queued);
  for (let x = 0; x < hs.length; x++) {
    const h = hs[x]!;
    const qty = remaining[x]!;
    const cap = H.gpu.capacity[h]!;
    if (!(qty > 0) || !(cap > 0)) continue;
    const floor = Math.max(H.spotFloor[h]!, ctx.stats.gpuCost[h]!);
    const used = cap - qty;
    const who = `${state.companies.id[H.company[h]!]!}:`;
    // in ascending order: the ask rises with utilisation (a markup ≥ 0, an exponent ≥ 1)
    const tranches: Bid[] = [];
    for (let k = 1; k <= steps; k++) {
      const u = clamp((used + (qty * k) / steps) / cap, 0, 1);
      const price = floor * (1 + markup * pow(u, rc.spotScarcityExponent));
      lowestAsk = Math.min(lowestAsk, price);
      tranches.push({ who, row: h, qty: qty / steps, price });
    }
    byOperator.push(tranches);
  }
  return { asks: mergeSorted(byOperator, asksOrder), lowestAsk };
}

/** Every bid in descending order: the labs', the rest of the market's curve at `level`, and last quarter's queue. */
function spotBids(state: GameState, ctx: TurnContext, ls: readonly number[], level: number): Bid[] {
  const L = state.labs;
  const labBids: Bid[] = [];
  for (const l of ls) {
    if (L.spotBid.gpuHours[l]! > 0)
      labBids.push({ who: state.companies.id[L.company[l]!]!, row: l, qty: L.spotBid.gpuHours[l]!, price: L.spotBid.maxPrice[l]! });
  }
  // in descending order: the curve's prices descend (the parameter's domain), and so do its sub-steps
  const world: Bid[] = [];
  worldBids(state, ctx.q, level, world);
  // Work that found no capacity last quarter waits and bids again, higher.
  const queue: Bid[] =
    state.gpuQueueHours > 0 ? [{ who: "world:queue", row: -1, qty: state.gpuQueueHours, price: state.gpuQueuePrice }] : [];
  return mergeSorted([sortSmall(labBids, bidsOrder), world, queue], bidsOrder);
}

/** Where the matching of asks and bids stopped, and what it sold. */
interface Clearing {
  /**
   * hours each operator sells to each buyer, paid for once at the clearing price: by the
   * operator's position in hs, then the buyer's (the rest of the market first, then each lab by
   * its position in ls)
   */
  sold: number[];
  matched: boolean;
  filledQty: number;
  /** hours the rest of the market bought */
  filledWorld: number;
  /** the first ask and bid not wholly matched, and what is left of the ask */
  ai: number;
  bi: number;
  askLeft: number;
  /** the prices of the last ask and bid matched */
  lastAsk: number;
  lastBid: number;
}

/** Matches the highest bids with the lowest asks while a bid covers the ask. */
function clear(state: GameState, hs: readonly number[], ls: readonly number[], asks: readonly Bid[], bids: readonly Bid[]): Clearing {
  const buyers = ls.length + 1;
  const sold = filledDoubles(hs.length * buyers, 0);
  // by row: an operator's position in hs, a lab's in ls plus one (a failed company's row: unused)
  const seller = filledDoubles(state.clouds.n, -1);
  for (let x = 0; x < hs.length; x++) seller[hs[x]!] = x;
  const buyer = filledDoubles(state.labs.n, -1);
  for (let y = 0; y < ls.length; y++) buyer[ls[y]!] = y + 1;
  let matched = false;
  let filledQty = 0;
  let filledWorld = 0;
  let ai = 0;
  let bi = 0;
  let askLeft = asks.length > 0 ? asks[0]!.qty : 0;
  let bidLeft = bids.length > 0 ? bids[0]!.qty : 0;
  let lastAsk = asks[0]?.price ?? 0;
  let lastBid = bids[0]?.price ?? 0;
  while (ai < asks.length && bi < bids.length && bids[bi]!.price >= asks[ai]!.price) {
    const n = Math.min(askLeft, bidLeft);
    const bid = bids[bi]!;
    const j = seller[asks[ai]!.row]! * buyers + (bid.row < 0 ? 0 : buyer[bid.row]!);
    sold[j] = sold[j]! + n;
    matched = true;
    filledQty += n;
    if (bid.row < 0) filledWorld += n;
    lastAsk = asks[ai]!.price;
    lastBid = bid.price;
    askLeft -= n;
    bidLeft -= n;
    if (askLeft <= 1e-6) {
      ai++;
      askLeft = ai < asks.length ? asks[ai]!.qty : 0;
    }
    if (bidLeft <= 1e-6) {
      bi++;
      bidLeft = bi < bids.length ? bids[bi]!.qty : 0;
    }
  }
  return { sold, matched, filledQty, filledWorld, ai, bi, askLeft, lastAsk, lastBid };
}

/**
 * Unserved: what buyers would have paid the cheapest ask (the operators' cost) for and did
 * not get. When every GPU-hour on offer was sold, the rest of the market's share of it
 * queues: part of it waits and bids again next quarter, above this quarter's price, and
 * operators ask more for their last hours, so a shortage that lasts bids the price up.
 */
function queueUnserved(
  state: GameState,
  ctx: TurnContext,
  hs: readonly number[],
  asks: readonly Bid[],
  bids: readonly Bid[],
  lowestAsk: number,
  level: number,
  c: Clearing,
): void {
  const rc = ctx.rules.compute;
  let willing = 0;
  let willingWorld = 0;
  for (const b of bids) {
    if (b.price < lowestAsk && asks.length > 0) continue;
    willing += b.qty;
    if (b.row < 0) willingWorld += b.qty;
  }
  ctx.stats.gpuUnserved = Math.max(0, willing - c.filledQty);
  // Sold out: every tranche sold, or all but a sliver of the capacity (its top asks, above every
  // bid) while more demand than that went unserved; otherwise the queue, and with it the price,
  // would collapse whenever the last lumpy tranche went unsold.
  let unsold = c.ai < asks.length ? c.askLeft : 0;
  for (let k = c.ai + 1; k < asks.length; k++) unsold += asks[k]!.qty;
  let capacity = 0;
  for (const h of hs) capacity += state.clouds.gpu.capacity[h]!;
  const soldOut = c.ai >= asks.length || (unsold <= rc.soldOutSliver * capacity && unsold < ctx.stats.gpuUnserved);
  state.gpuQueueHours = soldOut ? Math.max(0, willingWorld - c.filledWorld) * rc.gpuQueueKeep : 0;
  // (never above what the most valuable of that work is worth: the top of its demand curve)
  let top = 0;
  for (const p of rc.worldBidPrices) top = Math.max(top, p);
  top *= level;
  state.gpuQueuePrice = state.gpuQueueHours > 0 ? Math.min(top, state.spotPrice * (1 + rc.gpuQueueBidUp)) : 0;
}

/** Buyers pay for the hours they bought at the clearing price; each operator's idle hours and its sales history. */
function settleSpot(
  state: GameState,
  ctx: TurnContext,
  hs: readonly number[],
  ls: readonly number[],
  sold: readonly number[],
  price: number,
): void {
  const H = state.clouds;
  const L = state.labs;
  const lc = L.compute;
  const buyers = ls.length + 1;
  for (let x = 0; x < hs.length; x++) {
    const h = hs[x]!;
    const hi = H.company[h]!;
    for (let y = 0; y < buyers; y++) {
      const hours = sold[x * buyers + y]!;
      if (!(hours > 0)) continue;
      H.gpu.spot[h] = H.gpu.spot[h]! + hours;
      if (y === 0) {
        H.gpu.revenue[h] = H.gpu.revenue[h]! + payFlow(state, ctx, WORLD.customers, cashAccount(hi), hours * price, null, "revenue");
      } else {
        const l = ls[y - 1]!;
        const paid = payFlow(state, ctx, cashAccount(L.company[l]!), cashAccount(hi), hours * price, null, "revenue");
        H.gpu.revenue[h] = H.gpu.revenue[h]! + paid;
        lc.spot[l] = lc.spot[l]! + hours;
        lc.cost[l] = lc.cost[l]! + paid;
      }
    }
  }
  for (const h of hs) {
    const g = H.gpu;
    g.idle[h] = Math.max(0, g.capacity[h]! - g.ownUse[h]! - g.contracted[h]! - g.spot[h]!);
    const history = H.soldHistory[h]!;
    history.push(g.ownUse[h]! + g.contracted[h]! + g.spot[h]!);
    if (history.length > 4) history.shift();
  }
}

/**
 * Labs split their compute by their policy. Custom inference ASICs only serve [002/A1: Jalapeño is
 * an inference chip], so they fill the serving share first; the rented hours they free go to
 * training.
 */
function splitLabCompute(state: GameState, ctx: TurnContext, ls: readonly number[]): void {
  const L = state.labs;
  const lc = L.compute;
  for (let x = 0; x < ls.length; x++) {
    const l = ls[x]!;
    const i = L.company[l]!;
    const rented = lc.contracted[l]! + lc.spot[l]!;
    lc.total[l] = rented + lc.asic[l]!;
    const servingTarget = lc.total[l]! * L.split.serving[l]!;
    const rentedServing = Math.min(rented, Math.max(0, servingTarget - lc.asic[l]!));
    lc.serving[l] = lc.asic[l]! + rentedServing;
    lc.internal[l] = rented * L.split.internal[l]!;
    lc.training[l] = Math.max(0, rented - rentedServing - lc.internal[l]!);
    const rentedCost = lc.cost[l]!;
    const servingShare = rented > 0 ? rentedServing / rented : 0;
    // Serving compute is cost of revenue; training and internal use are R&D.
    ctx.pnl.costOfRevenue[i]! += rentedCost * servingShare;
    ctx.pnl.rnd[i]! += rentedCost * (1 - servingShare);
  }
}

/**
 * Each partner lab pays for the custom-ASIC hours it served with this quarter: its serving
 * compute the tokens it served needed, ASIC hours first (they are its cheapest and can only
 * serve). The hours it left idle are the guarantor's: the designer's balance-sheet guarantee
 * puts the fleet's utilisation risk on it, not on the lab [seed-facts §5 fact 21; 002/A1, 002/A8].
 */
export function billCustomAsics(state: GameState, ctx: TurnContext): void {
  const bills = ctx.asicHours;
  if (bills.length === 0) return;
  const H = state.clouds;
  const L = state.labs;
  const M = state.models;
  const lc = L.compute;
  for (const l of activeRows(state, L)) {
    if (!(lc.asic[l]! > 0)) continue;
    let used = 0;
    for (const id of L.models[l]!) {
      const m = modelIndex(state, id);
      used += M.servedMtok[m]! / Math.max(1e-9, M.mtokPerGpuHour[m]!);
    }
    const share = Math.min(1, used / lc.asic[l]!);
    const li = L.company[l]!;
    for (const b of bills) {
      if (b.lab !== l) continue;
      const hi = H.company[b.cloud]!;
      const paid = payFlow(state, ctx, cashAccount(li), cashAccount(hi), b.hours * share * b.price, null, "revenue");
      H.gpu.revenue[b.cloud] = H.gpu.revenue[b.cloud]! + paid;
      lc.cost[l] = lc.cost[l]! + paid;
      ctx.pnl.costOfRevenue[li]! += paid;
    }
  }
}

/** A company's index by id (ids in the state are few), or -1. */
function companyOf(state: GameState, id: string): number {
  const ids = state.companies.id;
  for (let i = 0; i < ids.length; i++) if (ids[i] === id) return i;
  return -1;
}
