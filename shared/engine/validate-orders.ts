/**
 * validateOrders(state, seat, orders): shape (zod) and meaning (does the seat own that
 * model, does the provider exist, is there cash for it…). Never throws on bad input:
 * each bad order becomes a structured Rejection and the valid ones are returned.
 * The server answers submissions with it; resolveTurn runs it again (paired checks).
 */
import { parseOrderFast } from "../protocol/order-parse.ts";
import { ORDERS_MAX, type Order, OrderSchema, type Rejection, roleOfOrder } from "../protocol/orders.ts";
import { cashOf } from "./ledger.ts";
import type { ActorState, GameState } from "./state.ts";
import { debtCapacity } from "./steps/finance.ts";

export interface ValidationResult {
  ok: boolean;
  orders: Order[];
  rejections: Rejection[];
}

function reject(index: number, type: string, code: string, message: string): Rejection {
  return { index, type, code, message };
}

function semantic(state: GameState, actor: ActorState, o: Order, index: number): Rejection | null {
  // cash is looked up by the few cases that need it (a ledger lookup per order was a good part of this step)
  switch (o.type) {
    case "lab/setPrices": {
      if (actor.role !== "lab") return null;
      let has = false;
      for (const id of actor.models) {
        if (state.models[id]?.tier === o.tier) {
          has = true;
          break;
        }
      }
      if (!has) return reject(index, o.type, "unknown_model", `${actor.name} serves no ${o.tier} model`);
      return null;
    }
    case "lab/allocateCompute": {
      const s = o.training + o.serving + o.internal;
      if (Math.abs(s - 1) > 0.005)
        return reject(index, o.type, "bad_split", `training + serving + internal must add up to 1 (got ${s.toFixed(3)})`);
      return null;
    }
    case "lab/signContract": {
      const p = state.actors[o.provider];
      if (p?.role !== "hyperscaler") return reject(index, o.type, "unknown_provider", `"${o.provider}" is not a hyperscaler`);
      if (p.failed) return reject(index, o.type, "provider_failed", `${p.name} has failed`);
      const cap = Math.max(p.gpu.capacity, 1);
      if (o.gpuHoursPerQuarter > cap * 0.6) {
        return reject(
          index,
          o.type,
          "exceeds_capacity",
          `${p.name} has about ${Math.round(cap / 1e6)}M GPU-hours a quarter; a contract may take at most 60% of it`,
        );
      }
      const quarterly = o.gpuHoursPerQuarter * p.contractPrice;
      if (quarterly > cashOf(state, actor.id) + debtCapacity(state, actor)) {
        return reject(
          index,
          o.type,
          "insufficient_funds",
          `the contract costs $${(quarterly / 1e9).toFixed(2)}B a quarter, more than cash and credit`,
        );
      }
      return null;
    }
    case "lab/spotBid":
    case "lab/releaseModel":
    case "lab/setConsumerPlan":
    case "hyperscaler/setGpuPrices":
    case "hyperscaler/setUsefulLife":
    case "enterprise/setLabourSubstitution":
      return null;
    case "lab/investEfficiency":
    case "chipmaker/fundRnd":
    case "enterprise/investIntegration":
      if (o.perQuarter > Math.max(0, cashOf(state, actor.id)) + debtCapacity(state, actor)) {
        return reject(index, o.type, "insufficient_funds", `$${(o.perQuarter / 1e9).toFixed(2)}B a quarter is more than cash and credit`);
      }
      return null;
    case "hyperscaler/buildPower": {
      const cost = o.mw * state.world.dataCentre.costPerMw;
      if (cost / state.world.dataCentre.buildQuarters > Math.max(0, cashOf(state, actor.id)) + debtCapacity(state, actor)) {
        return reject(
          index,
          o.type,
          "insufficient_funds",
          `${Math.round(o.mw)} MW costs $${(cost / 1e9).toFixed(1)}B, more than cash and credit allow`,
        );
      }
      return null;
    }
    case "hyperscaler/orderAccelerators": {
      const c = state.actors[o.chipmaker];
      if (c?.role !== "chipmaker") return reject(index, o.type, "unknown_chipmaker", `"${o.chipmaker}" is not a chipmaker`);
      if (c.kind === "asic" && c.guarantor !== actor.id) {
        return reject(index, o.type, "not_guarantor", `${c.name} builds custom chips only for its guarantor`);
      }
      return null;
    }
    case "chipmaker/orderWafers":
      if (o.wafers > state.foundry.capacityWafers * 3) {
        return reject(
          index,
          o.type,
          "exceeds_capacity",
          `the foundry makes about ${Math.round(state.foundry.capacityWafers)} wafers a quarter`,
        );
      }
      return null;
    case "chipmaker/setPrice":
      return null;
    case "chipmaker/setAllocation": {
      for (const id of o.priority) {
        const h = state.actors[id];
        if (h?.role !== "hyperscaler") return reject(index, o.type, "unknown_buyer", `"${id}" is not a hyperscaler`);
      }
      return null;
    }
    case "enterprise/setBudget":
      return null;
    case "enterprise/setRouting": {
      if (actor.role !== "enterprise") return null;
      if (!state.taskClasses.some((t) => t.id === o.taskClass))
        return reject(index, o.type, "unknown_task_class", `unknown task class "${o.taskClass}"`);
      if (o.policy === "named" && !o.model) return reject(index, o.type, "missing_model", "a named routing policy needs a model");
      if (o.model && !state.models[o.model]) return reject(index, o.type, "unknown_model", `unknown model "${o.model}"`);
      if (o.fallback && !state.models[o.fallback]) return reject(index, o.type, "unknown_model", `unknown fallback model "${o.fallback}"`);
      return null;
    }
    case "finance/raiseEquity": {
      const limit = Math.max(0, actor.books.valuation) * 0.3;
      if (o.amount > limit)
        return reject(index, o.type, "too_large", `at most 30% of the valuation ($${(limit / 1e9).toFixed(1)}B) a quarter`);
      if (state.capital.sentiment.labs < 0.45 && actor.role === "lab")
        return reject(index, o.type, "window_shut", "the equity window is shut");
      return null;
    }
    case "finance/drawDebt": {
      const room = debtCapacity(state, actor) - actor.debtCents / 100;
      if (o.amount > room)
        return reject(index, o.type, "over_leverage", `lenders will lend at most $${(Math.max(0, room) / 1e9).toFixed(2)}B more`);
      return null;
    }
    case "finance/repayDebt":
      if (o.amount > actor.debtCents / 100 + 0.01) return reject(index, o.type, "too_large", "more than the debt outstanding");
      if (o.amount > cashOf(state, actor.id)) return reject(index, o.type, "insufficient_cash", "not enough cash to repay that much");
      return null;
  }
}

/** An order's type as a rejection names it (its `type` if it has a string one, else "?"). */
function typeNameOf(raw: unknown): string {
  return raw && typeof raw === "object" && typeof (raw as { type?: unknown }).type === "string"
    ? String((raw as { type: string }).type).slice(0, 40)
    : "?";
}

export function validateOrders(state: GameState, seat: string, orders: unknown): ValidationResult {
  const out: ValidationResult = { ok: true, orders: [], rejections: [] };
  const actor = Object.hasOwn(state.actors, seat) ? state.actors[seat] : undefined;
  if (!Array.isArray(orders)) {
    out.rejections.push(reject(0, "?", "malformed", "orders must be a list"));
    out.ok = false;
    return out;
  }
  if (orders.length > ORDERS_MAX) {
    out.rejections.push(reject(ORDERS_MAX, "?", "too_many", `at most ${ORDERS_MAX} orders a quarter`));
  }
  // A plain loop (this runs for every order of every seat each quarter, and again on submission).
  const n = Math.min(orders.length, ORDERS_MAX);
  for (let index = 0; index < n; index++) {
    const raw: unknown = orders[index];
    if (!actor) {
      out.rejections.push(reject(index, typeNameOf(raw), "unknown_seat", `there is no seat "${seat}"`));
      continue;
    }
    if (actor.failed) {
      out.rejections.push(reject(index, typeNameOf(raw), "failed", `${actor.name} has failed and can no longer act`));
      continue;
    }
    // the fast path's order (no result wrapper to allocate), else zod's verdict and message
    let o = parseOrderFast(raw);
    if (!o) {
      const parsed = OrderSchema.safeParse(raw);
      if (!parsed.success) {
        const first = parsed.error.issues[0];
        const where = first?.path.length ? `${first.path.join(".")}: ` : "";
        out.rejections.push(reject(index, typeNameOf(raw), "malformed", `${where}${first?.message ?? "invalid order"}`));
        continue;
      }
      o = parsed.data;
    }
    const role = roleOfOrder(o.type);
    if (role !== "company" && role !== actor.role) {
      out.rejections.push(reject(index, o.type, "wrong_role", `a ${actor.role} cannot send ${o.type}`));
      continue;
    }
    const r = semantic(state, actor, o, index);
    if (r) {
      out.rejections.push(r);
      continue;
    }
    out.orders.push(o);
  }
  out.ok = out.rejections.length === 0;
  return out;
}
