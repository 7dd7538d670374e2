/**
 * Steps 3–5: power and data centres, the compute market, and labs' compute allocation.
 * MW come online after their lead time; accelerators are installed only where there is
 * power; GPU-hours = units × perf × hours × availability. Contracts are delivered first,
 * the rest clears in a uniform-price auction against labs' spot bids and the rest of the
 * market's demand. Labs split what they get between training, serving and internal use.
 */
import { activeActors, capexCapOf, effectsOf, emit, HOURS_PER_QUARTER, payFlow, type TurnContext } from "../context.ts";
import { pow } from "../dmath.ts";
import { isWorldAccount } from "../ledger.ts";
import { clamp, fixed, fmtG, sortSmall } from "../math.ts";
import type { GameState, HyperscalerState, LabState } from "../state.ts";

export function energyPrice(state: GameState, q: number, region: string): number {
  let p = state.world.energy[region as "us"]?.pricePerMwh ?? 80;
  for (const e of effectsOf(state, q, "energyPrice")) if (e.region === region) p *= e.multiplier;
  return p;
}

function availability(state: GameState): number {
  return 0.85 + 0.1 * state.world.params.availability;
}

/** GPU-hours a quarter of a hyperscaler's general (non-ASIC) fleet. */
export function generalCapacity(state: GameState, h: HyperscalerState): number {
  const avail = availability(state);
  let general = 0;
  for (const c of h.fleet) if (!c.partnerLab) general += c.units * c.perfPerUnit * HOURS_PER_QUARTER * avail;
  return general;
}

/** Power, installation, depreciation, retirement and capacity of every hyperscaler. */
export function dataCentres(state: GameState, ctx: TurnContext): void {
  const q = ctx.q;
  const econLifeQ = state.world.params.economicLifeYears * 4;
  for (const h of activeActors(state, "hyperscaler")) {
    // Construction: pay for each quarter's progress until the build is online; a capex cap
    // slows progress (and spending), a permit delay stretches the same cost over more quarters.
    const capMult = capexCapOf(state, q, h.id);
    const progressStep = Math.min(capMult, 1);
    const still: HyperscalerState["pipeline"] = [];
    for (const p of h.pipeline) {
      const share = Math.min(1, progressStep / Math.max(progressStep, p.quartersLeft));
      const spend = payFlow(state, ctx, h.id, "world:suppliers", p.costLeft * share, "data-centre construction", "capex", null);
      p.costLeft = Math.max(0, p.costLeft - spend);
      h.capexThisQuarter += spend;
      h.dcBookCents += Math.round(spend * 100);
      p.quartersLeft -= progressStep;
      if (p.quartersLeft <= 0) {
        h.powerMw += p.mw;
        emit(ctx, "power/online", `${h.name}: ${Math.round(p.mw)} MW came online in ${p.region}`, { mw: p.mw }, h.id);
      } else still.push(p);
    }
    h.pipeline = still;
    const pnl = ctx.pnl[h.id]!;
    // Retire accelerators past their economic life (the book value left is written off).
    const kept: HyperscalerState["fleet"] = [];
    for (const c of h.fleet) {
      c.ageQuarters += 1;
      if (c.ageQuarters > econLifeQ) {
        pnl.depreciation += c.bookCents / 100;
        emit(ctx, "fleet/retired", `${h.name} retired ${fmtG(c.units)} obsolete accelerators`, { units: c.units }, h.id);
      } else kept.push(c);
    }
    h.fleet = kept;
    // Install from the warehouse where there is power.
    let usedKw = 0;
    for (const c of h.fleet) usedKw += c.units * c.kwPerUnit;
    const stay: HyperscalerState["warehouseUnits"] = [];
    const lifeQ = h.usefulLifeYears * 4;
    for (const w of h.warehouseUnits) {
      const freeKw = h.powerMw * 1000 - usedKw;
      const n = Math.min(w.units, Math.max(0, Math.floor(freeKw / w.kwPerUnit)));
      if (n > 0) {
        const cost = Math.round((w.costCents * n) / w.units);
        const cohort: HyperscalerState["fleet"][number] = {
          chipmaker: w.chipmaker,
          units: n,
          perfPerUnit: w.perfPerUnit,
          kwPerUnit: w.kwPerUnit,
          bookCents: cost,
          depPerQuarterCents: Math.round(cost / lifeQ),
          ageQuarters: 0,
          partnerLab: w.partnerLab,
        };
        h.fleet.push(cohort);
        usedKw += n * w.kwPerUnit;
      }
      if (w.units - n > 0) stay.push({ ...w, units: w.units - n, costCents: w.costCents - Math.round((w.costCents * n) / w.units) });
    }
    let waiting = 0;
    for (const w of stay) waiting += w.units;
    if (stay.length && waiting > 0 && h.warehouseUnits.length) {
      emit(ctx, "power/constrained", `${h.name} has ${fmtG(waiting)} accelerators waiting for power`, {}, h.id);
    }
    h.warehouseUnits = stay;
    // Depreciation (non-cash), straight line over the chosen useful life.
    for (const c of h.fleet) {
      const d = Math.min(c.bookCents, c.depPerQuarterCents);
      c.bookCents -= d;
      pnl.depreciation += d / 100;
    }
    const dcDep = Math.round(h.dcBookCents / 80); // data centres: 20 years
    h.dcBookCents -= dcDep;
    pnl.depreciation += dcDep / 100;
    // Power bill for what is installed.
    const mwUsed = Math.min(h.powerMw, usedKw / 1000);
    payFlow(state, ctx, h.id, "world:energy", mwUsed * HOURS_PER_QUARTER * energyPrice(state, q, h.region), "power", "costOfRevenue", null);
    const general = generalCapacity(state, h);
    // Its own AI products (copilots, assistants, ads ranking) grow on their own curve.
    if (h.ownUseHours === 0 && h.ownUseShare > 0) h.ownUseHours = general * h.ownUseShare;
    else h.ownUseHours *= 1 + OWN_USE_GROWTH;
    h.gpu = { capacity: general, ownUse: Math.min(general, h.ownUseHours), contracted: 0, spot: 0, idle: 0, revenue: 0 };
  }
}

/** A partner lab pays at least this share of its guarantor's contract price for ASIC hours. */
const ASIC_PRICE_SHARE = 0.6;

/** Growth per quarter of hyperscalers' own AI workloads. */
const OWN_USE_GROWTH = 0.1;

interface Bid {
  who: string;
  qty: number;
  price: number;
}

/**
 * The rest of the market's demand for GPU-hours (AI start-ups, enterprises' own models, other
 * clouds' customers): a stepped curve that grows with the value AI creates (the value of tasks
 * done, at the first quarter's value of work, relative to the first quarter), so cheaper
 * outcomes that unlock more work raise compute demand [fact 17: GPU rental prices rose after an
 * efficiency shock].
 */
function worldBids(state: GameState, q: number): Bid[] {
  const h0 = state.history[0];
  const h1 = state.history[state.history.length - 1];
  // in real terms: the value deflator (seed-facts §2 #38) lowers what the work is worth, not
  // how much of it there is
  const first = h0 ? (h0.shadowOutput + h0.apiSpend) / h0.valueScale : 0;
  const last = h1 ? (h1.shadowOutput + h1.apiSpend) / h1.valueScale : 0;
  const usage = first > 0 && last > 0 ? pow(last / first, 0.6) : pow(1 + state.demandGrowth + 0.04, q - 1);
  const base = 0.8e9 * usage;
  const out: Bid[] = [];
  for (let i = 0; i < WORLD_STEPS.length; i++) out.push({ who: WORLD_BIDDERS[i]!, qty: base * (0.6 + i * 0.15), price: WORLD_STEPS[i]! });
  return out;
}
/** Prices of the steps of the rest of the market's demand curve, and their bidders' names. */
const WORLD_STEPS = [9, 6, 4.5, 3.6, 3, 2.5, 2.1, 1.8, 1.5, 1.2];
const WORLD_BIDDERS = WORLD_STEPS.map((_, i) => `world:${i}`);

function byId(a: { id: string }, b: { id: string }): number {
  return a.id < b.id ? -1 : 1;
}
function asksOrder(a: Bid, b: Bid): number {
  return a.price - b.price || (a.who < b.who ? -1 : 1);
}
function bidsOrder(a: Bid, b: Bid): number {
  return b.price - a.price || (a.who < b.who ? -1 : 1);
}

export function computeMarket(state: GameState, ctx: TurnContext): void {
  const q = ctx.q;
  const hs = activeActors(state, "hyperscaler");
  const ls = activeActors(state, "lab");
  // Contracts are served first (take-or-pay), then the hyperscaler's own products, then spot.
  // What each hyperscaler has left, by its index in hs (an array: a record keyed by ids is
  // read by V8's slow keyed path).
  const remaining: number[] = [];
  for (const h of hs) remaining.push(h.gpu.capacity);
  for (const l of ls) l.compute = { contracted: 0, spot: 0, asic: 0, total: 0, training: 0, serving: 0, internal: 0, cost: 0 };

  // 1. Contracts (take-or-pay on what is delivered). Contracts that have run out are dropped.
  const current: GameState["contracts"] = [];
  const active: GameState["contracts"] = [];
  for (const c of state.contracts) {
    if (c.endQuarter < q) continue;
    current.push(c);
    if (c.startQuarter <= q) active.push(c);
  }
  state.contracts = current;
  sortSmall(active, byId);
  const mine: GameState["contracts"] = [];
  for (let hi = 0; hi < hs.length; hi++) {
    const h = hs[hi]!;
    mine.length = 0;
    let want = 0;
    for (const c of active) {
      if (c.provider === h.id && state.actors[c.lab] && !state.actors[c.lab]!.failed) {
        mine.push(c);
        want += c.gpuHoursPerQuarter;
      }
    }
    const ratio = want > 0 ? Math.min(1, Math.max(0, remaining[hi]!) / want) : 0;
    for (const c of mine) {
      const hours = c.gpuHoursPerQuarter * ratio;
      const lab = state.actors[c.lab] as LabState;
      const paid = payFlow(state, ctx, lab.id, h.id, hours * c.price, "compute contract", null, "revenue");
      h.gpu.revenue += paid;
      lab.compute.contracted += hours;
      lab.compute.cost += paid;
      h.gpu.contracted += hours;
      if (ratio < 0.999) {
        emit(ctx, "compute/shortfall", `${h.name} delivered ${fixed(ratio * 100, 0)}% of ${lab.name}'s contract`, { ratio }, lab.id);
      }
    }
    remaining[hi] = Math.max(0, remaining[hi]! - want * ratio);
    h.gpu.ownUse = Math.min(h.gpu.ownUse, remaining[hi]!);
    remaining[hi] = remaining[hi]! - h.gpu.ownUse;
  }

  // 2. Custom-ASIC fleets serve their partner lab at cost plus a thin margin.
  /** what each lab (by its index in ls) pays for custom-ASIC hours */
  const asicCost: number[] = [];
  for (let li = 0; li < ls.length; li++) asicCost.push(0);
  const avail = availability(state);
  for (const h of hs) {
    let energy = -1; // energyPrice for h's region, taken when first needed
    for (const c of h.fleet) {
      if (!c.partnerLab) continue;
      const lab = state.actors[c.partnerLab];
      if (lab?.role !== "lab" || lab.failed) continue;
      if (energy < 0) energy = energyPrice(state, q, h.region);
      const hours = c.units * c.perfPerUnit * HOURS_PER_QUARTER * avail;
      const costPerHour = (c.depPerQuarterCents / 100 + (c.units * c.kwPerUnit * HOURS_PER_QUARTER * energy) / 1000) / Math.max(1, hours);
      // The guarantor carries the risk and charges for it: cost plus a margin, and at least 60%
      // of its contract price — cheaper than renting GPUs, not free [002/A1].
      const price = Math.max(costPerHour * 1.25, h.contractPrice * ASIC_PRICE_SHARE);
      const paid = payFlow(state, ctx, lab.id, h.id, hours * price, "custom-ASIC compute", null, "revenue");
      h.gpu.revenue += paid;
      lab.compute.asic += hours;
      lab.compute.cost += paid;
      const li = ls.indexOf(lab);
      asicCost[li] = asicCost[li]! + paid;
    }
  }

  // 3. Spot: uniform-price auction.
  const asks: Bid[] = [];
  for (let hi = 0; hi < hs.length; hi++) {
    const h = hs[hi]!;
    const qty = remaining[hi]!;
    if (qty > 0) asks.push({ who: h.id, qty, price: h.spotFloor });
  }
  sortSmall(asks, asksOrder);
  const bids: Bid[] = [];
  for (const l of ls) if (l.spotBid.gpuHours > 0) bids.push({ who: l.id, qty: l.spotBid.gpuHours, price: l.spotBid.maxPrice });
  for (const b of worldBids(state, q)) bids.push(b);
  sortSmall(bids, bidsOrder);
  const fills: { bid: string; ask: string; qty: number }[] = [];
  let ai = 0;
  let bi = 0;
  let askLeft = asks[0]?.qty ?? 0;
  let bidLeft = bids[0]?.qty ?? 0;
  let lastAsk = asks[0]?.price ?? 0;
  let lastBid = bids[0]?.price ?? 0;
  while (ai < asks.length && bi < bids.length && bids[bi]!.price >= asks[ai]!.price) {
    const n = Math.min(askLeft, bidLeft);
    fills.push({ bid: bids[bi]!.who, ask: asks[ai]!.who, qty: n });
    lastAsk = asks[ai]!.price;
    lastBid = bids[bi]!.price;
    askLeft -= n;
    bidLeft -= n;
    if (askLeft <= 1e-6) {
      ai++;
      askLeft = asks[ai]?.qty ?? 0;
    }
    if (bidLeft <= 1e-6) {
      bi++;
      bidLeft = bids[bi]?.qty ?? 0;
    }
  }
  // Uniform price: when buyers are left unserved, the best excluded bid sets it; when
  // sellers are left with capacity, the marginal seller's ask does.
  let price: number;
  if (fills.length === 0) price = asks[0]?.price ?? state.spotPrice;
  else if (bi < bids.length && ai >= asks.length) price = Math.max(lastAsk, bids[bi]!.price);
  else if (ai < asks.length && bi < bids.length) price = Math.max(lastAsk, Math.min(lastBid, asks[ai]!.price, bids[bi]!.price));
  else price = lastAsk;
  price = clamp(price, 0.2, 100);
  state.spotPrice = price;
  for (const f of fills) {
    const h = state.actors[f.ask] as HyperscalerState;
    h.gpu.spot += f.qty;
    if (isWorldAccount(f.bid)) {
      h.gpu.revenue += payFlow(state, ctx, "world:customers", h.id, f.qty * price, "spot GPU-hours", null, "revenue");
    } else {
      const lab = state.actors[f.bid] as LabState;
      const paid = payFlow(state, ctx, lab.id, h.id, f.qty * price, "spot GPU-hours", null, "revenue");
      h.gpu.revenue += paid;
      lab.compute.spot += f.qty;
      lab.compute.cost += paid;
    }
  }
  for (const h of hs) {
    h.gpu.idle = Math.max(0, h.gpu.capacity - h.gpu.ownUse - h.gpu.contracted - h.gpu.spot);
    h.soldHistory.push(h.gpu.ownUse + h.gpu.contracted + h.gpu.spot);
    if (h.soldHistory.length > 4) h.soldHistory.shift();
  }

  // 4. Labs split their compute by their policy. Custom inference ASICs only serve [002/A1:
  // Jalapeño is an inference chip], so they fill the serving share first; the rented hours
  // they free go to training.
  for (let li = 0; li < ls.length; li++) {
    const l = ls[li]!;
    const rented = l.compute.contracted + l.compute.spot;
    l.compute.total = rented + l.compute.asic;
    const servingTarget = l.compute.total * l.split.serving;
    const rentedServing = Math.min(rented, Math.max(0, servingTarget - l.compute.asic));
    l.compute.serving = l.compute.asic + rentedServing;
    l.compute.internal = rented * l.split.internal;
    l.compute.training = Math.max(0, rented - rentedServing - l.compute.internal);
    const rentedCost = l.compute.cost - asicCost[li]!;
    const servingShare = rented > 0 ? rentedServing / rented : 0;
    // Serving compute is cost of revenue; training and internal use are R&D.
    const pnl = ctx.pnl[l.id]!;
    pnl.costOfRevenue += asicCost[li]! + rentedCost * servingShare;
    pnl.rnd += rentedCost * (1 - servingShare);
  }
}
