/**
 * Step 2: wafers and memory → accelerators → hyperscalers.
 * The foundry allocates its leading-node wafers (prepaid orders first, then pro rata);
 * HBM is allocated pro rata; what the foundry and the memory makers turn out varies around
 * plan; chipmakers turn wafers and HBM into accelerators, delivered a quarter later; then they
 * sell inventory to hyperscalers' standing orders (their priority list first, then pro rata).
 * Prices of wafers and HBM move with utilisation.
 */
import { activeRows, capexCapOf, companyIndex, effectsOf, emit, inputPriceLevel, payFlow, type TurnContext } from "../context.ts";
import { addRow } from "../declare.ts";
import { exp } from "../dmath.ts";
import { cashAccount, WORLD } from "../ledger.ts";
import { clamp, doubles, filledDoubles, sortSmall } from "../math.ts";
import { nextLogistic } from "../rng.ts";
import { type GameState, LOTS } from "../state.ts";
import { pastEconomicLife, progressShare } from "./compute.ts";

/**
 * What comes out this quarter against the plan, as yields and advanced packaging vary (median 1).
 * Wafer and HBM output bind from the first quarter, so this is where the chip chain's early
 * uncertainty comes from. No draw without a spread, so a controlled run keeps its random stream.
 */
function execution(state: GameState, spread: number): number {
  return spread > 0 ? exp(spread * nextLogistic(state.rng)) : 1;
}

/**
 * The foundry's wafers and the memory makers' HBM go to the chipmakers, who turn them into
 * accelerators delivered next quarter; then wafer and HBM prices move with utilisation, memory
 * makers build on the price of a while ago and the foundry adds capacity.
 */
export function foundryAndMemory(state: GameState, ctx: TurnContext): void {
  const q = ctx.q;
  const s = ctx.rules.supply;
  const f = state.foundry;
  // Capacity added earlier lands now.
  const later: typeof f.pending = [];
  for (const p of f.pending) {
    if (p.quarter === q) f.capacityWafers += p.wafers;
    if (p.quarter > q) later.push(p);
  }
  let capMult = 1;
  for (const e of effectsOf(state, q, "foundryCapacity")) capMult *= e.multiplier;
  const capacity = f.capacityWafers * capMult * execution(state, s.supplyExecutionSpread);
  const K = state.chips;
  const makers = activeRows(state, K);
  let demand = 0;
  for (const c of makers) demand += K.wafersPerQuarter[c]!;
  f.utilization = capacity > 0 ? clamp(demand / capacity, 0, s.utilizationCap) : 0;
  const wafers = allocateWafers(state, ctx, makers, capacity);
  const memRatio = allocateHbm(state, ctx, makers, wafers);
  for (const c of makers) produce(state, ctx, c, wafers[c]!, memRatio);
  supplyPrices(state, ctx, capacity > 0 ? demand / capacity : 0, later);
  f.pending = later;
}

/**
 * Wafers for each chipmaker (by row; 0 for none). Prepaid, long-term orders are served first,
 * up to a share of capacity (the foundry keeps room for its other customers); then everything
 * left is shared pro rata.
 */
function allocateWafers(state: GameState, ctx: TurnContext, makers: readonly number[], capacity: number): number[] {
  const K = state.chips;
  let prepaidWant = 0;
  for (const c of makers) if (K.prepay[c]) prepaidWant += K.wafersPerQuarter[c]!;
  const alloc = filledDoubles(K.n, 0);
  const first = Math.min(prepaidWant, capacity * ctx.rules.supply.prepaidCapShare);
  for (const c of makers) if (K.prepay[c]) alloc[c] = prepaidWant > 0 ? (K.wafersPerQuarter[c]! * first) / prepaidWant : 0;
  const left = capacity - first;
  const rest: { c: number; want: number }[] = [];
  for (const c of makers) {
    const want = K.wafersPerQuarter[c]! - alloc[c]!;
    if (want > 0) rest.push({ c, want });
  }
  let restWant = 0;
  for (const x of rest) restWant += x.want;
  const ratio = restWant > 0 ? Math.min(1, left / restWant) : 0;
  for (const x of rest) alloc[x.c] = alloc[x.c]! + x.want * ratio;
  return alloc;
}

/**
 * HBM: each wafer's good dies need hbmPerUnit stacks. Returns the share of the dies the memory
 * makers' output lets the chipmakers build, and sets memory's demand and utilisation (what
 * chipmakers want to build, not only what wafers allow, is the price signal).
 */
function allocateHbm(state: GameState, ctx: TurnContext, makers: readonly number[], wafers: readonly number[]): number {
  const K = state.chips;
  const mem = state.memory;
  let memMult = 1;
  for (const e of effectsOf(state, ctx.q, "memoryCapacity")) memMult *= e.multiplier;
  const stacksAvailable = mem.capacityStacks * memMult * execution(state, ctx.rules.supply.supplyExecutionSpread);
  let stackDemand = 0;
  for (const c of makers) stackDemand += wafers[c]! * K.diesPerWafer[c]! * K.hbmPerUnit[c]!;
  mem.demandStacks = stackDemand;
  let stacksWanted = 0;
  for (const c of makers) stacksWanted += K.wafersPerQuarter[c]! * K.diesPerWafer[c]! * K.hbmPerUnit[c]!;
  mem.utilization = stacksAvailable > 0 ? Math.max(stackDemand, stacksWanted) / stacksAvailable : 0;
  return stackDemand > 0 ? Math.min(1, stacksAvailable / stackDemand) : 1;
}

/**
 * Chipmaker c (by row): last quarter's production arrives in inventory; it pays for this
 * quarter's wafers, HBM and packaging and carries the units at average cost; they arrive next
 * quarter.
 */
function produce(state: GameState, ctx: TurnContext, c: number, wafers: number, memRatio: number): void {
  const K = state.chips;
  const i = K.company[c]!;
  if (K.inTransitUnits[c]! > 0) {
    K.inventoryUnits[c] = K.inventoryUnits[c]! + K.inTransitUnits[c]!;
    K.inTransitUnits[c] = 0;
  }
  const units = wafers * K.diesPerWafer[c]! * memRatio;
  const stacks = units * K.hbmPerUnit[c]!;
  const me = cashAccount(i);
  const waferCost = payFlow(state, ctx, me, WORLD.foundry, wafers * state.foundry.pricePerWafer, null, null);
  const memCost = payFlow(state, ctx, me, WORLD.memory, stacks * state.memory.pricePerStack, null, null);
  const packCost = payFlow(state, ctx, me, WORLD.suppliers, units * K.packagingCost[c]! * inputPriceLevel(state, ctx.q), null, null);
  ctx.pnl.workingCapital[i]! += waferCost + memCost + packCost;
  // Inventory at average cost (cents per unit).
  const batchCents = Math.round((waferCost + memCost + packCost) * 100);
  const totalUnits = K.inventoryUnits[c]! + units;
  if (totalUnits > 0) K.unitCostCents[c] = Math.round((K.unitCostCents[c]! * K.inventoryUnits[c]! + batchCents) / totalUnits);
  K.inTransitUnits[c] = units;
  K.produced[c] = units;
  K.wafersReceived[c] = wafers;
  if (wafers < K.wafersPerQuarter[c]! * ctx.rules.news.wafersShort) {
    const id = state.companies.id[i]!;
    emit(ctx, {
      kind: "supply/wafersShort",
      quarter: ctx.q,
      seat: id,
      company: id,
      wafers,
      ordered: K.wafersPerQuarter[c]!,
      prepaid: K.prepay[c]!,
    });
  }
}

/**
 * Prices move with utilisation (`wUtil`, wafers wanted over capacity); the foundry's discipline
 * keeps its price firm. Memory makers add capacity in response to the price of `lag` quarters
 * ago: the glut/shortage cycle. The foundry adds capacity (to `pending`): disciplined, only
 * after sustained high utilisation, with a lead time; without discipline, rivals build on every
 * signal and capacity overshoots.
 */
function supplyPrices(state: GameState, ctx: TurnContext, wUtil: number, pending: GameState["foundry"]["pending"]): void {
  const q = ctx.q;
  const s = ctx.rules.supply;
  const f = state.foundry;
  const mem = state.memory;
  const wMove = f.discipline
    ? clamp(s.waferPriceSpeed * (wUtil - s.waferPriceTarget), -s.waferPriceFall, s.waferPriceRise)
    : clamp(s.openWaferPriceSpeed * (wUtil - 1), -s.openWaferPriceFall, s.openWaferPriceRise);
  f.pricePerWafer = Math.max(s.waferPriceFloor, f.pricePerWafer * (1 + wMove));
  const mUtil = mem.utilization;
  mem.pricePerStack = Math.max(
    s.memoryPriceFloor,
    mem.pricePerStack * (1 + clamp(s.memoryPriceSpeed * (mUtil - s.memoryPriceTarget), -s.memoryPriceFall, s.memoryPriceRise)),
  );
  mem.priceHistory.push(mem.pricePerStack);
  if (mem.priceHistory.length > 12) mem.priceHistory.shift();
  const lag = state.world.memory.lagQuarters;
  const past = mem.priceHistory.length > lag ? mem.priceHistory[mem.priceHistory.length - 1 - lag]! : mem.priceHistory[0]!;
  const base = state.world.memory.pricePerStack;
  mem.capacityStacks *= 1 + clamp(s.memoryBuildBase + s.memoryBuildResponse * (past / base - 1), -s.memoryBuildFall, s.memoryBuildRise);
  if (wUtil >= s.foundryHighUtilization) f.highUtilQuarters += 1;
  else f.highUtilQuarters = 0;
  const g = state.world.foundry.growthPerQuarter;
  if (f.discipline) {
    if (f.highUtilQuarters >= s.foundryHighQuarters) {
      pending.push({ wafers: f.capacityWafers * g, quarter: q + state.world.foundry.leadQuarters });
      f.highUtilQuarters = 0;
    }
  } else {
    pending.push({ wafers: f.capacityWafers * g * s.openFoundryGrowthFactor, quarter: q + s.openFoundryLeadQuarters });
  }
}

/**
 * The price scarcity sets on a chipmaker's list price. The order book covers two quarters: what
 * is in stock now and what is on the line (delivered next quarter) against two quarters of
 * today's orders. A shortfall raises the price convexly, up to a cap; supply beyond the orders
 * gives up part of the margin over unit cost, so prices drift down toward cost in a glut.
 */
export function scarcePrice(list: number, unitCost: number, ordered: number, supply: number, s: TurnContext["rules"]["supply"]): number {
  const shortfall = ordered > 0 ? 1 - supply / (2 * ordered) : -1;
  if (shortfall > 0) {
    const x = Math.min(1, shortfall / s.chipScarcityFull);
    return list * (1 + s.chipScarcityPremiumMax * x * x);
  }
  if (list <= unitCost) return list;
  return list - (list - unitCost) * Math.min(s.chipGlutDiscountMax, -shortfall * s.chipGlutDiscount);
}

/**
 * Hyperscalers buy accelerators from chipmakers' inventory. Orders at or above the list price
 * are served by priority: the chipmaker's allocation list (long-standing customers) first, up to
 * `supply.chipPriorityShare` of the stock, in its order or pro rata to their orders
 * (`supply.chipAllocation`); then the highest bids, the list first among equal bids, pro rata
 * among the rest. Each buyer pays the scarcity price, at most its bid, and at least the bid of
 * another buyer it took chips from in the market. What could not be delivered is the
 * chipmaker's backlog.
 */
export function sellAccelerators(state: GameState, ctx: TurnContext): void {
  const C = state.companies;
  const H = state.clouds;
  const hs = activeRows(state, H);
  const capMults = doubles();
  for (const h of hs) capMults.push(capexCapOf(state, ctx.q, C.id[H.company[h]!]!));
  const booked = doubles();
  for (let x = 0; x < hs.length; x++) booked.push(bookedShare(state, hs[x]!, capMults[x]!));
  for (const c of activeRows(state, state.chips)) sellChips(state, ctx, c, hs, capMults, booked);
}

/**
 * The share of its booked units (the orders placed before the game, until the team places its
 * own) hyperscaler h asks for this quarter. Chips are booked for the data centres built for them
 * [seed-facts §4.6: "booked out three years and beyond"], and paid from operations: a cloud that
 * has not ordered yet goes on taking its pipeline's chips, but none it has no power for and none
 * it would borrow for. The share is at most all of them, and no more than
 * - its power ready for chips holds: what is online and what its builds bring online within two
 *   quarters at its capex cap's pace (chips may arrive a quarter before their hall), less what its
 *   fleet draws after this quarter's retirements and what already waits in its warehouse;
 * - what last quarter's operating cash flow and the cash on hand both pay for once this quarter's
 *   construction is paid (none while it is in distress). The first quarter's booking was sized to
 *   the opening cash and power (startMidStream, create-game.ts) and is taken whole.
 */
function bookedShare(state: GameState, h: number, capMult: number): number {
  const A = state.accelOrders;
  const K = state.chips;
  let bookedKw = 0;
  let bookedCost = 0;
  for (let o = 0; o < A.n; o++) {
    if (A.owner[o] !== h || !A.booked[o]) continue;
    const c = state.companies.roleRow[companyIndex(state, A.chipmaker[o]!)]!;
    bookedKw += A.units[o]! * K.kwPerUnit[c]!;
    bookedCost += A.units[o]! * (A.maxPrice[o]! + state.world.dataCentre.networkingPerUnit);
  }
  if (!(bookedKw > 0)) return 0;
  if (state.history.length === 0) return 1;
  const pace = Math.min(1, capMult);
  let readyKw = state.clouds.powerMw[h]! * 1000;
  let construction = 0;
  const B = state.builds;
  for (let b = 0; b < B.n; b++) {
    if (B.owner[b] !== h) continue;
    if (B.quartersLeft[b]! <= 2 * pace) readyKw += B.mw[b]! * 1000;
    construction += B.costLeft[b]! * progressShare(pace, B.quartersLeft[b]!);
  }
  const F = state.cohorts;
  for (let c = 0; c < F.n; c++)
    if (F.owner[c] === h && !pastEconomicLife(state, F.ageQuarters[c]! + 1)) readyKw -= F.units[c]! * F.kwPerUnit[c]!;
  const W = state.lots;
  for (let w = 0; w < W.n; w++) if (W.owner[w] === h) readyKw -= W.units[w]! * W.kwPerUnit[w]!;
  const i = state.clouds.company[h]!;
  const books = state.companies.books;
  const cash = state.companies.distressQuarters[i]! > 0 ? 0 : Math.min(books.fcf[i]! + books.capex[i]!, books.cash[i]!) - construction;
  return clamp(Math.min(readyKw / bookedKw, cash / bookedCost), 0, 1);
}

/**
 * A buyer's order a chipmaker fills this quarter: a hyperscaler row, units (scaled by the
 * buyer's capex cap), bid, and the buyer's place on the allocation list (the list's length when
 * off it).
 */
interface ChipOrder {
  h: number;
  units: number;
  bid: number;
  place: number;
}

/** Chipmaker c (by row) sells its stock to the hyperscalers `hs` (capex caps `capMults`, booked shares `booked`, by position). */
function sellChips(
  state: GameState,
  ctx: TurnContext,
  c: number,
  hs: readonly number[],
  capMults: readonly number[],
  booked: readonly number[],
): void {
  const K = state.chips;
  K.sold[c] = 0;
  const listed = K.priority[c]!;
  const orders = chipOrders(state, c, hs, capMults, booked);
  let ordered = 0;
  for (const o of orders) ordered += o.units;
  const price = scarcePrice(
    K.unitPrice[c]!,
    K.unitCostCents[c]! / 100,
    ordered,
    K.inventoryUnits[c]! + K.inTransitUnits[c]!,
    ctx.rules.supply,
  );
  /** units filled, by position in `orders` (NaN: not yet) */
  const fills = filledDoubles(orders.length, Number.NaN);
  const proRata = ctx.rules.supply.chipAllocation === "proRata";
  let avail = fillFromList(ctx, K.inventoryUnits[c]!, listed, orders, fills, proRata);
  // What the list could not fill of its orders joins the market at its bid.
  const placed = orders.length;
  /** each order's units as placed (a market remainder `orders[placed + k]` belongs to order `extra[k]`) */
  const asPlaced = doubles();
  for (const o of orders) asPlaced.push(o.units);
  const extra: number[] = [];
  for (let x = 0; x < placed; x++) {
    if (!Number.isNaN(fills[x]!) && fills[x]! < orders[x]!.units) {
      orders.push({ ...orders[x]!, units: orders[x]!.units - fills[x]! });
      extra.push(x);
    }
  }
  for (const x of extra) orders[x]!.units = fills[x]!;
  for (let x = fills.length; x < orders.length; x++) fills.push(Number.NaN);
  // The rest by bid, highest first. At equal bids the list decides, as it does for the
  // reserved part (listed buyers in its order, or together when it shares pro rata), before
  // buyers off it; what is still tied shares pro rata.
  const rank = (x: number): number => (proRata && orders[x]!.place < listed.length ? 0 : orders[x]!.place);
  const rest: number[] = [];
  for (let x = 0; x < orders.length; x++) if (Number.isNaN(fills[x]!)) rest.push(x);
  sortSmall(rest, (a, b) => orders[b]!.bid - orders[a]!.bid || rank(a) - rank(b) || a - b);
  const tied = (a: number, b: number): boolean => orders[a]!.bid === orders[b]!.bid && rank(a) === rank(b);
  for (let i = 0; i < rest.length; ) {
    let j = i;
    let want = 0;
    while (j < rest.length && tied(rest[j]!, rest[i]!)) want += orders[rest[j++]!]!.units;
    const ratio = want > 0 ? Math.min(1, Math.max(0, avail) / want) : 0;
    for (let k = i; k < j; k++) fills[rest[k]!] = orders[rest[k]!]!.units * ratio;
    avail -= Math.min(Math.max(0, avail), want);
    i = j;
  }
  // The lowest bid the market filled: a buyer left short learns what it would have taken.
  let lowestBidServed = Number.POSITIVE_INFINITY;
  for (const x of rest) if (fills[x]! >= 1) lowestBidServed = Math.min(lowestBidServed, orders[x]!.bid);
  // What a unit costs: the scarcity price, at most the buyer's bid. A buyer that took chips in
  // the market another buyer bid for and did not get pays at least that buyer's bid: a buyer
  // without priority pays more for its chips than a listed one [seed-facts §5 fact 7, 000].
  const outbid = filledDoubles(orders.length, 0);
  for (const x of rest) {
    for (const y of rest) {
      if (orders[y]!.h !== orders[x]!.h && fills[y]! < orders[y]!.units) outbid[x] = Math.max(outbid[x]!, orders[y]!.bid);
    }
  }
  const { soldValue, delivered } = deliverChips(state, ctx, c, orders, fills, outbid, price, placed, extra);
  // News of each order delivered short, its list part and market remainder together (a listed
  // buyer short of chips got its list part in full and little or none of the rest).
  const chipId = state.companies.id[K.company[c]!]!;
  for (let x = 0; x < placed; x++) {
    if (delivered[x]! >= asPlaced[x]! * ctx.rules.news.acceleratorsShort) continue;
    const id = state.companies.id[state.clouds.company[orders[x]!.h]!]!;
    emit(ctx, {
      kind: "supply/acceleratorsShort",
      quarter: ctx.q,
      seat: id,
      company: id,
      chipmaker: chipId,
      units: delivered[x]!,
      ordered: asPlaced[x]!,
      bid: orders[x]!.bid,
      lowestBidServed: Number.isFinite(lowestBidServed) ? lowestBidServed : null,
    });
  }
  if (K.inventoryUnits[c]! < 0) K.inventoryUnits[c] = 0;
  K.orderedUnits[c] = ordered;
  K.backlogUnits[c] = Math.max(0, ordered - K.sold[c]!);
  K.asp[c] = K.sold[c]! > 0 ? soldValue / K.sold[c]! : price;
}

/**
 * The standing orders chipmaker c fills this quarter: for its chips, at or above its list price,
 * for a custom ASIC its guarantor's only; a booked order for its share (`booked`, bookedShare).
 */
function chipOrders(
  state: GameState,
  c: number,
  hs: readonly number[],
  capMults: readonly number[],
  booked: readonly number[],
): ChipOrder[] {
  const C = state.companies;
  const K = state.chips;
  const H = state.clouds;
  const A = state.accelOrders;
  const chipId = C.id[K.company[c]!]!;
  const listed = K.priority[c]!;
  const orders: ChipOrder[] = [];
  for (let x = 0; x < hs.length; x++) {
    const h = hs[x]!;
    const capMult = capMults[x]!;
    for (let o = 0; o < A.n; o++) {
      if (A.owner[o] !== h) continue;
      const units = A.units[o]! * capMult * (A.booked[o] ? booked[x]! : 1);
      if (A.chipmaker[o] !== chipId || A.maxPrice[o]! < K.unitPrice[c]! || !(units > 0)) continue;
      if (K.kind[c] === "asic" && K.guarantor[c] !== C.id[H.company[h]!]) continue;
      const at = listed.indexOf(C.id[H.company[h]!]!);
      orders.push({ h, units, bid: A.maxPrice[o]!, place: at < 0 ? listed.length : at });
    }
  }
  return orders;
}

/**
 * Long-standing customers first, up to a share of the stock (`avail` units): the rest goes to
 * the market. They take it in the list's order, or share it pro rata to what they ordered.
 * Fills `fills` for the listed buyers' orders; returns the stock left.
 */
function fillFromList(
  ctx: TurnContext,
  avail: number,
  listed: readonly string[],
  orders: readonly ChipOrder[],
  fills: number[],
  proRata: boolean,
): number {
  let reserved = avail * ctx.rules.supply.chipPriorityShare;
  if (proRata) {
    let wanted = 0;
    for (const o of orders) if (o.place < listed.length) wanted += o.units;
    const ratio = wanted > 0 ? Math.min(1, Math.max(0, reserved) / wanted) : 0;
    for (let x = 0; x < orders.length; x++) {
      if (orders[x]!.place >= listed.length) continue;
      fills[x] = orders[x]!.units * ratio;
      avail -= fills[x]!;
    }
  } else {
    for (let place = 0; place < listed.length; place++) {
      for (let x = 0; x < orders.length; x++) {
        if (orders[x]!.place !== place || !Number.isNaN(fills[x]!)) continue;
        const n = Math.min(orders[x]!.units, Math.max(0, reserved));
        fills[x] = n;
        avail -= n;
        reserved -= n;
      }
    }
  }
  return avail;
}

/**
 * Chipmaker c delivers what each order was filled: the buyer pays per unit the scarcity price
 * (at least what it outbid, at most its bid) and the networking and racks around each unit,
 * and the units wait in its warehouse. Returns the value sold and the units delivered on each
 * order as placed (its list part and its market remainder together).
 */
function deliverChips(
  state: GameState,
  ctx: TurnContext,
  c: number,
  orders: readonly ChipOrder[],
  fills: readonly number[],
  outbid: readonly number[],
  price: number,
  placed: number,
  extra: readonly number[],
): { soldValue: number; delivered: number[] } {
  const K = state.chips;
  const H = state.clouds;
  const ci = K.company[c]!;
  const chipId = state.companies.id[ci]!;
  const networking = state.world.dataCentre.networkingPerUnit;
  let soldValue = 0;
  const delivered = filledDoubles(placed, 0);
  for (let x = 0; x < orders.length; x++) {
    const o = orders[x]!;
    const filled = fills[x]!;
    const n = Math.floor(Number.isNaN(filled) ? 0 : filled);
    if (n <= 0) continue;
    delivered[x < placed ? x : extra[x - placed]!]! += n;
    const hi = H.company[o.h]!;
    const buyer = cashAccount(hi);
    const perUnit = Math.min(o.bid, Math.max(price, outbid[x]!));
    const paid = payFlow(state, ctx, buyer, cashAccount(ci), n * perUnit, "capex", "revenue");
    soldValue += paid;
    const costCents = K.unitCostCents[c]! * n;
    ctx.pnl.costOfRevenue[ci]! += costCents / 100;
    ctx.pnl.workingCapital[ci]! -= costCents / 100;
    K.inventoryUnits[c] = K.inventoryUnits[c]! - n;
    K.sold[c] = K.sold[c]! + n;
    H.capexThisQuarter[o.h] = H.capexThisQuarter[o.h]! + paid;
    addRow(LOTS, state.lots, {
      owner: o.h,
      chipmaker: chipId,
      units: n,
      perfPerUnit: K.perfPerUnit[c]!,
      kwPerUnit: K.kwPerUnit[c]!,
      costCents: Math.round((paid + n * networking) * 100),
      partnerLab: K.kind[c] === "asic" ? K.partnerLab[c]! : null,
    });
    // Networking and racks around each unit.
    const net = payFlow(state, ctx, buyer, WORLD.suppliers, n * networking, "capex", null);
    H.capexThisQuarter[o.h] = H.capexThisQuarter[o.h]! + net;
  }
  return { soldValue, delivered };
}
