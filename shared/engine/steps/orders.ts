/**
 * Step 0: apply each seat's validated orders. Policy orders change standing policies;
 * action orders (contracts, builds, financing) happen now. Rejected orders become
 * `order/rejected` events for that seat; the rest of the seat's orders still apply.
 */
import { emit, payFlow, type TurnContext } from "../context.ts";
import { cashOf } from "../ledger.ts";
import { assertNever, fixed, fmtG, sortedIds, sortSmall } from "../math.ts";
import type { GameState, HyperscalerState } from "../state.ts";
import { validateOrders } from "../validate-orders.ts";
import { sharePrice } from "./finance.ts";

export function applyOrders(state: GameState, ctx: TurnContext, ordersBySeat: Record<string, unknown[]>): void {
  for (const seat of sortedIds(ordersBySeat)) {
    const raw = ordersBySeat[seat];
    const actor = state.actors[seat];
    if (!actor || !Array.isArray(raw)) continue;
    const { orders, rejections } = validateOrders(state, seat, raw);
    for (const r of rejections) {
      emit(
        ctx,
        "order/rejected",
        `Order ${r.index + 1} (${r.type}) rejected: ${r.message}`,
        { index: r.index, code: r.code, orderType: r.type },
        seat,
      );
    }
    // A plain loop, not forEach with a closure made per seat (this runs for every order of every seat each quarter).
    for (const o of orders) {
      switch (o.type) {
        case "lab/setPrices": {
          if (actor.role !== "lab") break;
          for (const id of actor.models) {
            const m = state.models[id];
            if (m && m.tier === o.tier) {
              m.inputPrice = o.inputPrice;
              m.outputPrice = o.outputPrice;
            }
          }
          break;
        }
        case "lab/allocateCompute":
          if (actor.role === "lab") {
            const s = o.training + o.serving + o.internal;
            actor.split = { training: o.training / s, serving: o.serving / s, internal: o.internal / s };
          }
          break;
        case "lab/signContract": {
          if (actor.role !== "lab") break;
          const provider = state.actors[o.provider] as HyperscalerState;
          const lead = provider.neocloud ? 1 : 2;
          // The provider accepts what it expects to have free when the contract starts: its
          // capacity plus what is being installed, less its own use and contracts already signed.
          const start = ctx.q + lead;
          let signed = 0;
          for (const c of state.contracts) {
            if (c.provider === o.provider && c.startQuarter <= start && c.endQuarter >= start) signed += c.gpuHoursPerQuarter;
          }
          const incoming = provider.warehouseUnits.reduce((s, w) => s + w.units * w.perfPerUnit, 0) * 2190 * 0.9;
          const free = Math.max(0, (provider.gpu.capacity + incoming) * 1.05 - provider.gpu.ownUse * 1.1 - signed);
          const hours = Math.min(o.gpuHoursPerQuarter, free);
          if (hours < 1e6) {
            emit(
              ctx,
              "contract/declined",
              `${provider.name} has no capacity free to contract when it would start`,
              { provider: o.provider },
              seat,
            );
            break;
          }
          const c = {
            id: `c${state.nextContractId++}`,
            lab: seat,
            provider: o.provider,
            gpuHoursPerQuarter: hours,
            price: provider.contractPrice,
            startQuarter: ctx.q + lead,
            endQuarter: ctx.q + lead + o.quarters - 1,
          };
          state.contracts.push(c);
          emit(
            ctx,
            "contract/signed",
            `${actor.name} signed ${fmtG(hours)} GPU-hours a quarter with ${provider.name} at $${fixed(provider.contractPrice, 2)}/GPU-hour, landing in ${lead} quarter(s)`,
            {
              lab: seat,
              provider: o.provider,
              gpuHours: hours,
              asked: o.gpuHoursPerQuarter,
              price: provider.contractPrice,
              start: c.startQuarter,
            },
            seat,
          );
          break;
        }
        case "lab/spotBid":
          if (actor.role === "lab") actor.spotBid = { gpuHours: o.gpuHours, maxPrice: o.maxPrice };
          break;
        case "lab/investEfficiency":
          if (actor.role === "lab") actor.efficiencyPerQuarter = o.perQuarter;
          break;
        case "lab/releaseModel":
          if (actor.role === "lab") actor.releaseMode = o.mode;
          break;
        case "lab/setConsumerPlan":
          if (actor.role === "lab") actor.consumerPlan = o.plan;
          break;
        case "hyperscaler/buildPower":
          if (actor.role === "hyperscaler") {
            actor.pipeline.push({
              mw: o.mw,
              quartersLeft: state.world.dataCentre.buildQuarters + buildDelay(state, ctx.q, o.region),
              region: o.region,
              costLeft: o.mw * state.world.dataCentre.costPerMw,
            });
            emit(
              ctx,
              "power/buildStarted",
              `${actor.name} started building ${Math.round(o.mw)} MW in ${o.region}`,
              { mw: o.mw, region: o.region },
              seat,
            );
          }
          break;
        case "hyperscaler/orderAccelerators":
          if (actor.role === "hyperscaler") {
            // A new list: the standing orders of the other chipmakers, and this one's unless it is
            // for no units, sorted by chipmaker (sortSmall: the list is kept sorted, so the new order
            // only moves down to its place, with no splice or work area).
            const list: HyperscalerState["acceleratorOrders"] = [];
            for (const x of actor.acceleratorOrders) if (x.chipmaker !== o.chipmaker) list.push(x);
            if (o.units > 0) list.push({ chipmaker: o.chipmaker, units: o.units, maxPrice: o.maxPrice });
            actor.acceleratorOrders = sortSmall(list, byChipmaker);
          }
          break;
        case "hyperscaler/setGpuPrices":
          if (actor.role === "hyperscaler") {
            actor.contractPrice = o.contractPrice;
            actor.spotFloor = o.spotFloor;
          }
          break;
        case "hyperscaler/setUsefulLife":
          if (actor.role === "hyperscaler") actor.usefulLifeYears = o.years;
          break;
        case "chipmaker/orderWafers":
          if (actor.role === "chipmaker") {
            actor.wafersPerQuarter = o.wafers;
            actor.prepay = o.prepay;
          }
          break;
        case "chipmaker/setPrice":
          if (actor.role === "chipmaker") actor.unitPrice = o.unitPrice;
          break;
        case "chipmaker/setAllocation":
          if (actor.role === "chipmaker") actor.priority = [...o.priority];
          break;
        case "chipmaker/fundRnd":
          if (actor.role === "chipmaker") actor.rndPerQuarter = o.perQuarter;
          break;
        case "enterprise/setBudget":
          if (actor.role === "enterprise") actor.budget = o.perQuarter;
          break;
        case "enterprise/setRouting":
          if (actor.role === "enterprise") {
            const r: { policy: typeof o.policy; model?: string; fallback?: string } = { policy: o.policy };
            if (o.model) r.model = o.model;
            if (o.fallback) r.fallback = o.fallback;
            actor.routing[o.taskClass] = r;
          }
          break;
        case "enterprise/investIntegration":
          if (actor.role === "enterprise") actor.integrationPerQuarter = o.perQuarter;
          break;
        case "enterprise/setLabourSubstitution":
          if (actor.role === "enterprise") actor.labourSubstitution = o.share;
          break;
        case "finance/raiseEquity": {
          const price = sharePrice(state, actor);
          const raised = payFlow(state, ctx, "world:investors", seat, o.amount, "equity raised", null, null);
          const newShares = price > 0 ? raised / 1e6 / price : 0;
          actor.sharesMillions += newShares;
          ctx.pnl[seat]!.financing += raised;
          emit(
            ctx,
            "finance/equityRaised",
            `${actor.name} raised $${fmtG(raised)} of equity at $${fixed(price, 2)} a share`,
            { amount: raised },
            seat,
          );
          break;
        }
        case "finance/drawDebt": {
          const drawn = payFlow(state, ctx, "world:lenders", seat, o.amount, "debt drawn", null, null);
          actor.debtCents += Math.round(drawn * 100);
          ctx.pnl[seat]!.financing += drawn;
          emit(ctx, "finance/debtDrawn", `${actor.name} drew $${fmtG(drawn)} of debt`, { amount: drawn }, seat);
          break;
        }
        case "finance/repayDebt": {
          const amount = Math.min(o.amount, actor.debtCents / 100, Math.max(0, cashOf(state, seat)));
          const repaid = payFlow(state, ctx, seat, "world:lenders", amount, "debt repaid", null, null);
          actor.debtCents -= Math.round(repaid * 100);
          ctx.pnl[seat]!.financing -= repaid;
          break;
        }
        default:
          assertNever(o);
      }
    }
  }
}

export function buildDelay(state: GameState, q: number, region: string): number {
  let extra = 0;
  for (const e of state.active) {
    if (e.effect.kind !== "buildDelay") continue;
    if (e.fromQuarter > q || (e.untilQuarter !== null && e.untilQuarter < q)) continue;
    if (e.effect.region === "all" || e.effect.region === region) extra = Math.max(extra, e.effect.extraQuarters);
  }
  return extra;
}

function byChipmaker(a: { chipmaker: string }, b: { chipmaker: string }): number {
  return a.chipmaker < b.chipmaker ? -1 : a.chipmaker > b.chipmaker ? 1 : 0;
}
