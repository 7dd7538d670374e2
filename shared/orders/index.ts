/**
 * The orders: what a seat may decide in a quarter. Each type is declared once (define.ts,
 * one file per role); this module makes the union, parses orders where they cross a trust
 * boundary (the wire, a log, the command line) into typed `Order[]`, checks them against the
 * state, applies them (the pipeline's first step), and answers dry runs.
 *
 * Policy orders (prices, splits, standing bids, budgets, routing) stand until changed;
 * action orders (sign a contract, build MW, raise equity) happen once.
 */
import { z } from "zod";
import { companyIndex, emit, type TurnContext } from "../engine/context.ts";
import { sortStrings } from "../engine/math.ts";
import type { GameState } from "../engine/state.ts";
import { CHIPMAKER_ORDERS } from "./chipmaker.ts";
import { type DeclaredOrder, type OrderRole, outsideDomain, type Refusal } from "./define.ts";
import { ENTERPRISE_ORDERS } from "./enterprise.ts";
import { FINANCE_ORDERS } from "./finance.ts";
import { HYPERSCALER_ORDERS } from "./hyperscaler.ts";
import { LAB_ORDERS } from "./lab.ts";

export type { DeclaredOrder, FieldMeta, FormInstance, OrderDecl, OrderRole, Refusal } from "./define.ts";
export { metaOf } from "./define.ts";

/** Every order type's declaration. */
export const ORDERS = [...LAB_ORDERS, ...HYPERSCALER_ORDERS, ...CHIPMAKER_ORDERS, ...ENTERPRISE_ORDERS, ...FINANCE_ORDERS] as const;

type Decl = (typeof ORDERS)[number];
export type Order = z.infer<Decl["schema"]>;
export type OrderType = Order["type"];
export type OrderOf<T extends OrderType> = Extract<Order, { type: T }>;
/** Typed orders by seat id, as resolveTurn takes them. */
export type OrdersBySeat = Record<string, Order[]>;

/** The union of every order type's schema (zod's own parse is the one parser). */
export const OrderSchema = z.discriminatedUnion(
  "type",
  ORDERS.map((d) => d.schema) as unknown as [z.ZodObject, ...z.ZodObject[]],
) as unknown as z.ZodType<Order>;

/** At most this many orders per seat per quarter. */
export const ORDERS_MAX = 48;
export const OrderListSchema = z.array(OrderSchema).max(ORDERS_MAX);

/** The declarations by type (read-only, built when the module loads). */
const BY_TYPE: ReadonlyMap<string, DeclaredOrder> = new Map(ORDERS.map((d) => [d.type, d as unknown as DeclaredOrder]));

/** An order type's declaration. */
export function declOf(type: OrderType): DeclaredOrder {
  return BY_TYPE.get(type)!;
}

/** The role that may send an order type (`finance/*` is open to every company). */
export function roleOfOrder(type: OrderType): OrderRole {
  return declOf(type).role;
}

/** What makes two orders of a seat distinct: the type, and the merge key's value where the type has one. */
export function mergeKeyOf(o: Order): string {
  const key = declOf(o.type).mergeKey;
  return key ? `${o.type}:${String((o as Record<string, unknown>)[key])}` : o.type;
}

/** A refused order: its index in the seat's list, its type, a stable code and a sentence. */
export interface Rejection {
  index: number;
  type: string;
  code: string;
  message: string;
}

/** An order's type as a rejection names it (its `type` if it has a string one, else "?"). */
function typeNameOf(raw: unknown): string {
  return raw && typeof raw === "object" && typeof (raw as { type?: unknown }).type === "string"
    ? String((raw as { type: string }).type).slice(0, 40)
    : "?";
}

/**
 * Orders where they cross a trust boundary (the wire, a log file, the command line): each is
 * parsed by its schema; a malformed one is rejected with the first thing wrong with it, and
 * the others are kept. `at[i]`: the place of orders[i] in the list sent.
 */
export function parseOrders(raw: unknown): { orders: Order[]; rejections: Rejection[]; at: number[] } {
  const out: { orders: Order[]; rejections: Rejection[]; at: number[] } = { orders: [], rejections: [], at: [] };
  if (!Array.isArray(raw)) {
    out.rejections.push({ index: 0, type: "?", code: "malformed", message: "orders must be a list" });
    return out;
  }
  if (raw.length > ORDERS_MAX)
    out.rejections.push({ index: ORDERS_MAX, type: "?", code: "too_many", message: `at most ${ORDERS_MAX} orders a quarter` });
  const n = Math.min(raw.length, ORDERS_MAX);
  for (let index = 0; index < n; index++) {
    const parsed = OrderSchema.safeParse(raw[index]);
    if (parsed.success) {
      out.orders.push(parsed.data);
      out.at.push(index);
      continue;
    }
    const first = parsed.error.issues[0];
    const where = first?.path.length ? `${first.path.join(".")}: ` : "";
    out.rejections.push({
      index,
      type: typeNameOf(raw[index]),
      code: "malformed",
      message: `${where}${first?.message ?? "invalid order"}`,
    });
  }
  return out;
}

/** Each seat's orders parsed (parseOrders), for a log's or a command line's orders. */
export function parseOrdersBySeat(raw: unknown): { orders: OrdersBySeat; rejections: Record<string, Rejection[]> } {
  const out: { orders: OrdersBySeat; rejections: Record<string, Rejection[]> } = { orders: {}, rejections: {} };
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) return out;
  for (const seat of Object.keys(raw)) {
    const p = parseOrders((raw as Record<string, unknown>)[seat]);
    out.orders[seat] = p.orders;
    if (p.rejections.length) out.rejections[seat] = p.rejections;
  }
  return out;
}

/**
 * Why a company may not send an order right now, before its own check: it failed, the order is
 * another role's, or a field is outside the order's domain (an order built in code is typed,
 * not bounded). `d`: the order type's declaration (undefined for an unknown type).
 */
function gate(state: Readonly<GameState>, company: number, o: Order, d: DeclaredOrder | undefined): Refusal | null {
  const C = state.companies;
  if (C.failed[company]) return { code: "failed", message: `${C.name[company]} has failed and can no longer act` };
  if (!d) return { code: "malformed", message: `unknown order type "${String(o.type).slice(0, 40)}"` };
  const role = d.role;
  if (role !== "company" && role !== C.role[company]) return { code: "wrong_role", message: `a ${C.role[company]} cannot send ${o.type}` };
  const out = outsideDomain(d.domain, o as unknown as Record<string, unknown>);
  return out ? { code: "malformed", message: out } : null;
}

/** Why an order may not apply now (gate, then its type's checks against the rules and the state), or null. */
function refusalOf(state: Readonly<GameState>, company: number, o: Order, d: DeclaredOrder | undefined): Refusal | null {
  return gate(state, company, o, d) ?? d!.checkRules?.(state.world.rules.orders, o as never) ?? d!.check(state, company, o as never);
}

/** A seat's orders against the state: those that may apply, and why the others may not. */
export function checkOrders(
  state: Readonly<GameState>,
  company: number,
  orders: readonly Order[],
): { valid: Order[]; rejections: Rejection[] } {
  const out: { valid: Order[]; rejections: Rejection[] } = { valid: [], rejections: [] };
  if (orders.length > ORDERS_MAX)
    out.rejections.push({ index: ORDERS_MAX, type: "?", code: "too_many", message: `at most ${ORDERS_MAX} orders a quarter` });
  const n = Math.min(orders.length, ORDERS_MAX);
  for (let index = 0; index < n; index++) {
    const o = orders[index]!;
    const r = refusalOf(state, company, o, BY_TYPE.get(o.type));
    if (r) out.rejections.push({ index, type: o.type, ...r });
    else out.valid.push(o);
  }
  return out;
}

/**
 * A seat's raw orders (the server's submission check): parsed, then checked against the
 * state. `ok` when every order may apply.
 */
export function validateOrders(
  state: Readonly<GameState>,
  seat: string,
  raw: unknown,
): { ok: boolean; orders: Order[]; rejections: Rejection[] } {
  const company = companyIndex(state as GameState, seat);
  const parsed = parseOrders(raw);
  if (company < 0) {
    const n = Array.isArray(raw) ? Math.min(raw.length, ORDERS_MAX) : 1;
    const rejections: Rejection[] = [];
    for (let index = 0; index < n; index++) {
      rejections.push({
        index,
        type: typeNameOf(Array.isArray(raw) ? raw[index] : raw),
        code: "unknown_seat",
        message: `there is no seat "${seat}"`,
      });
    }
    return { ok: false, orders: [], rejections };
  }
  const checked = checkOrders(state, company, parsed.orders);
  // the state's refusals count among the orders that parsed: name each by its place in the list sent
  const refused = checked.rejections.map((r) => ({ ...r, index: parsed.at[r.index] ?? r.index }));
  const rejections = [...parsed.rejections, ...refused].sort((a, b) => a.index - b.index);
  return { ok: rejections.length === 0, orders: checked.valid, rejections };
}

/** A dry run of a seat's orders against the state: whether each may apply, why not, and the cash it commits this quarter. No market clears. */
export function dryRun(
  state: Readonly<GameState>,
  seat: string,
  orders: readonly Order[],
): { order: Order; ok: boolean; refusal: Refusal | null; cost: number }[] {
  const company = companyIndex(state as GameState, seat);
  return orders.map((o) => {
    const d = BY_TYPE.get(o.type);
    const refusal = company < 0 ? { code: "unknown_seat", message: `there is no seat "${seat}"` } : refusalOf(state, company, o, d);
    return { order: o, ok: !refusal, refusal, cost: company < 0 || !d ? 0 : d.cost(state, company, o as never) };
  });
}

/**
 * Step 0 of a quarter: each seat's orders (in seat order) are checked again against the state
 * as earlier seats' orders left it; refused ones become `order/rejected` events for that seat;
 * the rest apply in order.
 */
export function applyOrders(state: GameState, ctx: TurnContext, ordersBySeat: OrdersBySeat): void {
  const seats = sortStrings(Object.keys(ordersBySeat));
  const valid: Order[] = [];
  const decls: DeclaredOrder[] = [];
  for (const seat of seats) {
    const list = ordersBySeat[seat];
    const company = companyIndex(state, seat);
    if (company < 0 || !Array.isArray(list)) continue;
    // every order of the seat is checked before any applies
    if (list.length > ORDERS_MAX)
      reject(ctx, seat, ORDERS_MAX, "?", { code: "too_many", message: `at most ${ORDERS_MAX} orders a quarter` });
    const n = Math.min(list.length, ORDERS_MAX);
    valid.length = 0;
    decls.length = 0;
    for (let index = 0; index < n; index++) {
      const o = list[index]!;
      const d = BY_TYPE.get(o.type);
      const r = refusalOf(state, company, o, d);
      if (r) reject(ctx, seat, index, o.type, r);
      else {
        valid.push(o);
        decls.push(d!);
      }
    }
    for (let x = 0; x < valid.length; x++) decls[x]!.apply(state, ctx, company, valid[x] as never);
  }
}

function reject(ctx: TurnContext, seat: string, index: number, orderType: string, r: Refusal): void {
  emit(ctx, { kind: "order/rejected", quarter: ctx.q, seat, index, code: r.code, orderType, message: r.message });
}

/** One order in plain words. */
export function describeOrder(o: Order, name: (id: string) => string = (id) => id): string {
  return declOf(o.type).describe(o as never, name);
}
