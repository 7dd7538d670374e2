/**
 * Step 2: wafers and memory → accelerators → hyperscalers.
 * The foundry allocates its leading-node wafers (prepaid orders first, then pro rata);
 * HBM is allocated pro rata; chipmakers turn wafers and HBM into accelerators, delivered a
 * quarter later; then they sell inventory to hyperscalers' standing orders (their priority
 * list first, then pro rata). Prices of wafers and HBM move with utilisation.
 */
import { activeActors, capexCapOf, effectsOf, emit, payFlow, type TurnContext } from "../context.ts";
import { clamp, fmtG } from "../math.ts";
import type { ChipmakerState, GameState, HyperscalerState } from "../state.ts";

export function foundryAndMemory(state: GameState, ctx: TurnContext): void {
  const q = ctx.q;
  const f = state.foundry;
  // Capacity added earlier lands now.
  const later: typeof f.pending = [];
  for (const p of f.pending) {
    if (p.quarter === q) f.capacityWafers += p.wafers;
    if (p.quarter > q) later.push(p);
  }
  f.pending = later;
  let capMult = 1;
  for (const e of effectsOf(state, q, "foundryCapacity")) capMult *= e.multiplier;
  const capacity = f.capacityWafers * capMult;

  const makers = activeActors(state, "chipmaker");
  const prepaid: ChipmakerState[] = [];
  let demand = 0;
  let prepaidWant = 0;
  for (const c of makers) {
    demand += c.wafersPerQuarter;
    if (c.prepay) {
      prepaid.push(c);
      prepaidWant += c.wafersPerQuarter;
    }
  }
  // Prepaid, long-term orders are served first, up to 85% of capacity (the foundry keeps
  // room for its other customers); then everything left is shared pro rata.
  const alloc: Record<string, number> = {};
  let left = capacity;
  const first = Math.min(prepaidWant, capacity * 0.85);
  for (const c of prepaid) alloc[c.id] = prepaidWant > 0 ? (c.wafersPerQuarter * first) / prepaidWant : 0;
  left -= first;
  const rest = makers.map((c) => ({ c, want: c.wafersPerQuarter - (alloc[c.id] ?? 0) })).filter((x) => x.want > 0);
  const restWant = rest.reduce((s, x) => s + x.want, 0);
  const ratio = restWant > 0 ? Math.min(1, left / restWant) : 0;
  for (const x of rest) alloc[x.c.id] = (alloc[x.c.id] ?? 0) + x.want * ratio;
  left -= Math.min(left, restWant);
  f.utilization = capacity > 0 ? clamp(demand / capacity, 0, 1.5) : 0;

  // HBM: each wafer's good dies need hbmPerUnit stacks.
  const mem = state.memory;
  let memMult = 1;
  for (const e of effectsOf(state, q, "memoryCapacity")) memMult *= e.multiplier;
  const stacksAvailable = mem.capacityStacks * memMult;
  let stackDemand = 0;
  for (const c of makers) stackDemand += (alloc[c.id] ?? 0) * c.diesPerWafer * c.hbmPerUnit;
  mem.demandStacks = stackDemand;
  const memRatio = stackDemand > 0 ? Math.min(1, stacksAvailable / stackDemand) : 1;
  // The price signal is what chipmakers want to build, not only what wafers allow.
  let stacksWanted = 0;
  for (const c of makers) stacksWanted += c.wafersPerQuarter * c.diesPerWafer * c.hbmPerUnit;
  mem.utilization = stacksAvailable > 0 ? Math.max(stackDemand, stacksWanted) / stacksAvailable : 0;

  for (const c of makers) {
    // Delivered: last quarter's production arrives in inventory.
    if (c.inTransitUnits > 0) {
      c.inventoryUnits += c.inTransitUnits;
      c.inTransitUnits = 0;
    }
    const wafers = alloc[c.id] ?? 0;
    const units = wafers * c.diesPerWafer * memRatio;
    const stacks = units * c.hbmPerUnit;
    const waferCost = payFlow(state, ctx, c.id, "world:foundry", wafers * f.pricePerWafer, "wafers", null, null);
    const memCost = payFlow(state, ctx, c.id, "world:memory", stacks * mem.pricePerStack, "HBM", null, null);
    const packCost = payFlow(state, ctx, c.id, "world:suppliers", units * c.packagingCost, "packaging", null, null);
    // Inventory at average cost (cents per unit).
    const batchCents = Math.round((waferCost + memCost + packCost) * 100);
    const totalUnits = c.inventoryUnits + units;
    if (totalUnits > 0) c.unitCostCents = Math.round((c.unitCostCents * c.inventoryUnits + batchCents) / totalUnits);
    c.inTransitUnits = units;
    c.produced = units;
    c.wafersReceived = wafers;
    if (wafers < c.wafersPerQuarter * 0.95) {
      emit(
        ctx,
        "supply/wafersShort",
        `${c.name} received ${fmtG(wafers)} of ${fmtG(c.wafersPerQuarter)} wafers ordered`,
        { wafers, ordered: c.wafersPerQuarter },
        c.id,
      );
    }
  }

  // Prices move with utilisation; the foundry's discipline keeps its price firm.
  const wUtil = capacity > 0 ? demand / capacity : 0;
  const wMove = f.discipline ? clamp(0.06 * (wUtil - 0.9), -0.03, 0.08) : clamp(0.08 * (wUtil - 1), -0.1, 0.05);
  f.pricePerWafer = Math.max(3000, f.pricePerWafer * (1 + wMove));
  const mUtil = mem.utilization;
  mem.pricePerStack = Math.max(40, mem.pricePerStack * (1 + clamp(0.35 * (mUtil - 0.92), -0.25, 0.3)));
  mem.priceHistory.push(mem.pricePerStack);
  if (mem.priceHistory.length > 12) mem.priceHistory.shift();
  // Memory makers add capacity in response to the price of `lag` quarters ago: the glut/shortage cycle.
  const lag = state.world.memory.lagQuarters;
  const past = mem.priceHistory.length > lag ? mem.priceHistory[mem.priceHistory.length - 1 - lag]! : mem.priceHistory[0]!;
  const base = state.world.memory.pricePerStack;
  mem.capacityStacks *= 1 + clamp(0.02 + 0.12 * (past / base - 1), -0.06, 0.2);

  // The foundry adds capacity: disciplined, only after sustained high utilisation, with a lead time.
  if (wUtil >= 0.95) f.highUtilQuarters += 1;
  else f.highUtilQuarters = 0;
  const g = state.world.foundry.growthPerQuarter;
  if (f.discipline) {
    if (f.highUtilQuarters >= 3) {
      f.pending.push({ wafers: f.capacityWafers * g, quarter: q + state.world.foundry.leadQuarters });
      f.highUtilQuarters = 0;
    }
  } else {
    // Without discipline, rivals build on every signal and capacity overshoots.
    f.pending.push({ wafers: f.capacityWafers * g * 2, quarter: q + 2 });
  }
}

/** Hyperscalers buy accelerators from chipmakers' inventory. */
export function sellAccelerators(state: GameState, ctx: TurnContext): void {
  const q = ctx.q;
  const hs = activeActors(state, "hyperscaler");
  const capMults = hs.map((h) => capexCapOf(state, q, h.id));
  for (const c of activeActors(state, "chipmaker")) {
    c.sold = 0;
    const orders: { h: HyperscalerState; units: number }[] = [];
    for (let hi = 0; hi < hs.length; hi++) {
      const h = hs[hi]!;
      const capMult = capMults[hi]!;
      for (const o of h.acceleratorOrders) {
        if (o.chipmaker !== c.id || o.maxPrice < c.unitPrice || o.units <= 0) continue;
        if (c.kind === "asic" && c.guarantor !== h.id) continue;
        orders.push({ h, units: o.units * capMult });
      }
    }
    let avail = c.inventoryUnits;
    const fills: Record<string, number> = {};
    for (const pid of c.priority) {
      const o = orders.find((x) => x.h.id === pid);
      if (!o || avail <= 0) continue;
      const n = Math.min(o.units, avail);
      fills[pid] = n;
      avail -= n;
    }
    const rest = orders.filter((o) => fills[o.h.id] === undefined);
    const want = rest.reduce((s, o) => s + o.units, 0);
    const ratio = want > 0 ? Math.min(1, avail / want) : 0;
    for (const o of rest) fills[o.h.id] = o.units * ratio;
    for (const o of orders) {
      const n = Math.floor(fills[o.h.id] ?? 0);
      if (n <= 0) continue;
      const paid = payFlow(state, ctx, o.h.id, c.id, n * c.unitPrice, "accelerators", "capex", "revenue");
      const costCents = c.unitCostCents * n;
      ctx.pnl[c.id]!.costOfRevenue += costCents / 100;
      c.inventoryUnits -= n;
      c.sold += n;
      o.h.capexThisQuarter += paid;
      const unit: HyperscalerState["warehouseUnits"][number] = {
        chipmaker: c.id,
        units: n,
        perfPerUnit: c.perfPerUnit,
        kwPerUnit: c.kwPerUnit,
        costCents: Math.round((paid + n * state.world.dataCentre.networkingPerUnit) * 100),
        partnerLab: c.kind === "asic" ? c.partnerLab : null,
      };
      o.h.warehouseUnits.push(unit);
      // Networking and racks around each unit.
      const net = payFlow(state, ctx, o.h.id, "world:suppliers", n * state.world.dataCentre.networkingPerUnit, "networking", "capex", null);
      o.h.capexThisQuarter += net;
      if (n < o.units * 0.9) {
        emit(
          ctx,
          "supply/acceleratorsShort",
          `${o.h.name} got ${fmtG(n)} of ${fmtG(o.units)} ${c.name} accelerators ordered`,
          { units: n, ordered: o.units },
          o.h.id,
        );
      }
    }
    if (c.inventoryUnits < 0) c.inventoryUnits = 0;
  }
}
