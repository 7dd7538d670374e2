/**
 * The seat's orders for this quarter as a form, made from the orders' declarations
 * (shared/orders/): each order type's form groups (one per merge key value: a tier, a
 * chipmaker, a task class…) with their current values, each field's label, unit, bounds and
 * help from the order's schema, and the orders the form's values stand for, checked by the
 * same schema the server parses with. No game rules and no copies of bounds here.
 *
 * A team seat's submissions merge on the server by merge key (mergeKeyOf): a group's id is the
 * merge key of the order it sends, except where the key is one of the group's fields (a
 * contract's provider, a build's region), and `buildOrders` with a scope sends only the groups
 * a member edited, and removals of pending actions they emptied.
 */
import {
  type ActorState,
  declOf,
  describeOrder as describe,
  mergeKeyOf,
  metaOf,
  ORDERS,
  type Order,
  type OrderType,
  type PlayerView,
} from "../../shared/index.ts";
import type { FieldMeta } from "../../shared/orders/define.ts";
import { compact, fmt } from "./format.ts";

export type FieldValue = number | string | boolean;

export interface FieldModel {
  id: string;
  label: string;
  unit: string;
  kind: "number" | "select" | "checkbox" | "text";
  value: FieldValue;
  min?: number;
  max?: number;
  step?: number;
  options?: { value: string; label: string }[];
  help?: string;
  /** percent fields show 0–100 and send 0–1 */
  percent?: boolean;
  /** a text field holding a comma-separated list (sent as a list) */
  list?: boolean;
}

export interface GroupModel {
  id: string;
  title: string;
  help: string;
  /** policy orders stand until changed; actions happen once (left at zero = not sent) */
  kind: "policy" | "action";
  fields: FieldModel[];
}

export interface OrderFormModel {
  role: string;
  seat: string;
  quarter: number;
  label: string;
  groups: GroupModel[];
}

export interface BuiltOrders {
  orders: Order[];
  /** merge keys of the seat's pending orders this member takes out (an emptied action) */
  remove: string[];
  /** field id → message */
  errors: Record<string, string>;
  /** plain words for each order that will be sent */
  summary: string[];
  /** field id → why its figure wants a second look before it is sent (see farFromStanding) */
  checks: Record<string, string>;
}

/**
 * How far from its standing value a changed figure must be (that many times more, or less) to
 * be asked about before it is sent: a few zeros typed too many or too few. A class's typical
 * slips, played out, wreck more than the seat that made them: a contract price of $0.01 for
 * one quarter lets a lab sign twelve quarters of hours at it, and its rival lab's game suffers.
 */
export const FAR_FACTOR = 10;

/** A figure in a field's unit, e.g. "$2.80/GPU-h", "$500M per quarter", "25k wafers/q". */
function amountText(f: FieldModel, x: number): string {
  if (f.unit === "$" || f.unit === "$/q") return `${fmt(x, "$")}${f.unit === "$/q" ? " per quarter" : ""}`;
  if (f.unit.startsWith("$")) return `$${compact(x)}${f.unit.slice(1)}`;
  return f.unit ? `${compact(x)} ${f.unit}` : compact(x);
}

/**
 * Why a changed number of a standing policy wants a second look: it is FAR_FACTOR times its
 * standing value or more, a tenth of it or less, or zero where something stands (for a
 * percentage, only that). Null for a figure near what stands, or one with nothing standing to
 * compare with.
 */
export function farFromStanding(f: FieldModel, v: FieldValue): string | null {
  if (f.kind !== "number") return null;
  const was = Number(f.value);
  const now = toNum(v);
  if (!(was > 0) || !Number.isFinite(now) || now < 0) return null;
  // a share (0–100%) cannot be a few zeros off, but none of it where some stands can be a slip:
  // a compute split with nothing on serving serves no tokens
  if (f.percent) return now === 0 ? `0% where ${was}% stands: is that what you mean?` : null;
  const standing = amountText(f, was);
  if (now === 0) return `0 stops what stands (${standing}): is that what you mean?`;
  const ratio = now / was;
  if (ratio < FAR_FACTOR && ratio > 1 / FAR_FACTOR) return null;
  const times = ratio >= 1 ? ratio : 1 / ratio;
  return `${amountText(f, now)} is ${Math.round(times).toLocaleString("en-US")}× ${ratio >= 1 ? "more" : "less"} than what stands (${standing}): is that what you mean?`;
}

/**
 * Which groups a member's submission covers: the groups they edited. A policy group they
 * edited back to the standing value is still sent when the team has a pending order under its
 * key (they mean to override it); an action group they emptied removes the pending one.
 */
export interface BuildScope {
  dirty: ReadonlySet<string>;
  /** merge keys the seat has pending */
  pending: ReadonlySet<string>;
}

/** A group as the form builds it: the order type, the merge key's fixed value, and its fields' names. */
interface GroupSpec extends GroupModel {
  type: OrderType;
  /** fields the form does not show (the merge key of a group made for one value of it) */
  fixed: Record<string, unknown>;
  /** field id → the order field it sets */
  fieldOf: Record<string, string>;
}

function round(x: number, step: number): number {
  if (!Number.isFinite(x)) return 0;
  const d = step >= 1 ? 0 : Math.min(6, Math.ceil(-Math.log10(step)));
  return Number(x.toFixed(d));
}

function toNum(v: FieldValue): number {
  if (typeof v === "number") return v;
  if (typeof v === "boolean") return v ? 1 : 0;
  if (v.trim() === "") return Number.NaN;
  return Number(v);
}

/** The options a select of the view's companies or models offers. */
function optionsOf(view: PlayerView, which: NonNullable<FieldMeta["options"]>): { value: string; label: string }[] {
  const nameOf = (id: string) => view.actors.find((a) => a.id === id)?.name ?? id;
  switch (which) {
    case "hyperscalers":
      return view.actors.filter((a) => a.role === "hyperscaler" && !a.failed).map((a) => ({ value: a.id, label: a.name }));
    case "chipmakers":
      return view.actors.filter((a) => a.role === "chipmaker" && !a.failed).map((a) => ({ value: a.id, label: a.name }));
    case "models":
    case "modelsOrNone": {
      const models = view.models.map((m) => ({ value: m.id, label: `${m.name} (${nameOf(m.lab)})${m.banned ? " — banned" : ""}` }));
      return which === "models" ? models : [{ value: "", label: "—" }, ...models];
    }
  }
}

/** One field of an order's schema as a form field, with the instance's value. */
function fieldModel(view: PlayerView, type: OrderType, id: string, name: string, value: unknown): FieldModel {
  const decl = declOf(type);
  const domain = decl.domain.find((d) => d.name === name)!;
  const schema = (decl.schema.shape as Record<string, Parameters<typeof metaOf>[0]>)[name]!;
  const meta = metaOf(schema) ?? { label: name };
  const base = { id, label: meta.label, unit: meta.unit ?? "", ...(meta.help ? { help: meta.help } : {}) };
  if (meta.options) {
    const options = optionsOf(view, meta.options);
    if (domain.type === "array") {
      // a list of companies (allocation priority): comma-separated ids
      return {
        ...base,
        kind: "text",
        list: true,
        value: (value as string[] | undefined)?.join(", ") ?? "",
        help: `comma-separated, of ${options.map((o) => o.value).join(", ")}`,
      };
    }
    return { ...base, kind: "select", value: String(value ?? ""), options };
  }
  if (domain.type === "boolean") return { ...base, kind: "checkbox", value: value === true };
  if (domain.type === "string") {
    const values = (domain.values ?? []) as string[];
    if (values.length)
      return {
        ...base,
        kind: "select",
        value: String(value ?? values[0]),
        options: values.map((v) => ({ value: v, label: meta.labels?.[v] ?? v })),
      };
    return { ...base, kind: "text", value: String(value ?? "") };
  }
  const step = meta.step ?? (domain.type === "integer" ? 1 : 0.01);
  if (meta.percent) {
    return { ...base, unit: "%", kind: "number", value: round(Number(value ?? 0) * 100, 0.1), min: 0, max: 100, step: 0.1, percent: true };
  }
  const out: FieldModel = { ...base, kind: "number", value: round(Number(value ?? 0), step), step };
  if (domain.min !== undefined) out.min = domain.minOpen ? (domain.type === "integer" ? domain.min + 1 : domain.min) : domain.min;
  if (domain.max !== undefined) out.max = domain.max;
  return out;
}

function specsFor(view: PlayerView, own: ActorState): GroupSpec[] {
  const specs: GroupSpec[] = [];
  for (const decl of ORDERS) {
    if (decl.role !== own.role && decl.role !== "company") continue;
    const instances = decl.form(view);
    // orders with no current state to show (financing) start at zero: an action left at zero is not sent
    const list = instances.length ? instances : [{ key: "", title: decl.label, values: {} as Record<string, unknown> }];
    for (const inst of list) {
      const gid = inst.key ? `${decl.type}:${inst.key}` : decl.type;
      const fixed: Record<string, unknown> = {};
      if (inst.key && decl.mergeKey) fixed[decl.mergeKey] = (inst.values as Record<string, unknown>)[decl.mergeKey];
      const fieldOf: Record<string, string> = {};
      const fields: FieldModel[] = [];
      for (const name of Object.keys(decl.schema.shape)) {
        if (name === "type" || name in fixed) continue;
        const id = `${gid}.${name}`;
        fieldOf[id] = name;
        fields.push(fieldModel(view, decl.type as OrderType, id, name, (inst.values as Record<string, unknown>)[name]));
      }
      specs.push({ id: gid, title: inst.title, help: decl.help, kind: decl.kind, fields, type: decl.type as OrderType, fixed, fieldOf });
    }
  }
  return specs;
}

export function orderForm(view: PlayerView): OrderFormModel | null {
  if (!view.own || !view.seat || view.finished) return null;
  const groups = specsFor(view, view.own).map(({ type: _t, fixed: _x, fieldOf: _f, ...g }) => g);
  return { role: view.own.role, seat: view.seat, quarter: view.quarter + 1, label: view.label, groups };
}

/** The initial values of every field, keyed by field id. */
export function initialValues(form: OrderFormModel): Record<string, FieldValue> {
  const out: Record<string, FieldValue> = {};
  for (const g of form.groups) for (const f of g.fields) out[f.id] = f.value;
  return out;
}

function sameValue(a: FieldValue | undefined, b: FieldValue | undefined): boolean {
  if (typeof a === "number" || typeof b === "number") return Number(a) === Number(b);
  return a === b;
}

function friendly(field: FieldModel | undefined, issue: { code: string; message: string }): string {
  if (!field) return issue.message;
  if (issue.code === "invalid_type" && field.kind === "number") return "Enter a number";
  if (issue.code === "too_small") return `At least ${field.min ?? 0} ${field.unit}`.trim();
  if (issue.code === "too_big") return `At most ${field.max ?? ""} ${field.unit}`.trim();
  if (issue.code === "invalid_value") return "Pick one of the options";
  return issue.message;
}

/** The raw order a group's values stand for. */
function orderOf(spec: GroupSpec, get: (id: string) => FieldValue): Record<string, unknown> {
  const order: Record<string, unknown> = { type: spec.type, ...spec.fixed };
  for (const f of spec.fields) {
    const name = spec.fieldOf[f.id]!;
    const v = get(f.id);
    if (f.kind === "number") order[name] = f.percent ? toNum(v) / 100 : toNum(v);
    else if (f.kind === "checkbox") order[name] = v === true;
    else if (f.list) {
      order[name] = String(v)
        .split(",")
        .map((x) => x.trim())
        .filter((x) => x.length > 0);
    } else if (String(v) !== "") order[name] = String(v);
  }
  return order;
}

/** A group's getter over the form's values, falling back to the field's standing value. */
function getter(spec: GroupSpec, values: Record<string, FieldValue>): (id: string) => FieldValue {
  return (id) => (id in values ? values[id]! : (spec.fields.find((f) => f.id === id)?.value ?? ""));
}

/** The merge key of the order a group sends with these values (the key field's value where the key is a field). */
function keyOfGroup(spec: GroupSpec, get: (id: string) => FieldValue): string {
  const field = declOf(spec.type).mergeKey;
  if (!field) return spec.type;
  if (field in spec.fixed) return `${spec.type}:${String(spec.fixed[field])}`;
  const fid = Object.keys(spec.fieldOf).find((id) => spec.fieldOf[id] === field);
  return `${spec.type}:${fid ? String(get(fid)) : ""}`;
}

/** The merge keys each group of the form sends orders under (with the form's current values). */
export function groupKeys(view: PlayerView, values: Record<string, FieldValue> = {}): Map<string, string[]> {
  const out = new Map<string, string[]>();
  if (!view.own) return out;
  for (const spec of specsFor(view, view.own)) out.set(spec.id, [keyOfGroup(spec, getter(spec, values))]);
  return out;
}

/**
 * Where an order sits in the form: its group and the field values that show it (a team
 * mate's pending order shown in the fields it would have filled). Null when no group has it.
 */
export function placeOrder(view: PlayerView, order: Order): { groupId: string; values: Record<string, FieldValue> } | null {
  if (!view.own || !ORDERS.some((d) => d.type === order.type)) return null;
  const key = mergeKeyOf(order);
  const field = declOf(order.type).mergeKey;
  for (const spec of specsFor(view, view.own)) {
    if (spec.type !== order.type) continue;
    // a group made for one value of the key (a tier, a chipmaker) shows only that value's order
    if (field && field in spec.fixed && keyOfGroup(spec, () => "") !== key) continue;
    const values: Record<string, FieldValue> = {};
    for (const f of spec.fields) {
      const v = (order as Record<string, unknown>)[spec.fieldOf[f.id]!];
      if (Array.isArray(v)) values[f.id] = v.join(", ");
      else if (typeof v === "number") values[f.id] = f.percent ? round(v * 100, 0.1) : v;
      else if (typeof v === "string" || typeof v === "boolean") values[f.id] = v;
      else values[f.id] = f.kind === "number" ? 0 : f.kind === "checkbox" ? false : "";
    }
    return { groupId: spec.id, values };
  }
  return null;
}

/**
 * The orders the form's values stand for, each checked against its order's schema; errors are
 * keyed by field id. Without a scope: changed policy groups and actions with a number set. With
 * a scope: the groups this member edited (see BuildScope).
 */
export function buildOrders(view: PlayerView, values: Record<string, FieldValue>, scope?: BuildScope): BuiltOrders {
  const result: BuiltOrders = { orders: [], remove: [], errors: {}, summary: [], checks: {} };
  if (!view.own) return result;
  const names = new Map<string, string>([
    ...view.actors.map((a) => [a.id, a.name] as const),
    ...view.models.map((m) => [m.id, m.name] as const),
  ]);
  for (const spec of specsFor(view, view.own)) {
    if (scope && !scope.dirty.has(spec.id)) continue;
    const get = getter(spec, values);
    const key = keyOfGroup(spec, get);
    const unchanged = spec.fields.every((f) => sameValue(get(f.id), f.value));
    if (spec.kind === "policy" && unchanged && !scope?.pending.has(key)) continue;
    // an action whose first number (the amount, the MW, the GPU-hours) is left at zero is not
    // sent; with a scope, one the team has pending is taken out
    const amount = spec.fields.find((f) => f.kind === "number");
    if (spec.kind === "action" && amount && toNum(get(amount.id)) === 0) {
      if (scope?.pending.has(key) && !result.remove.includes(key)) {
        result.remove.push(key);
        result.summary.push(`Remove the pending ${spec.title.toLowerCase()}`);
      }
      continue;
    }
    const decl = declOf(spec.type);
    const parsed = decl.schema.safeParse(orderOf(spec, get));
    // what the orders' rules refuse (the server checks the same), shown on the group's last field
    const refused = parsed.success ? decl.checkRules?.(view.rules.orders, parsed.data as never) : null;
    if (refused) {
      const fid = spec.fields.at(-1)?.id ?? spec.id;
      if (!result.errors[fid]) result.errors[fid] = refused.message;
    } else if (parsed.success) {
      const o = parsed.data as Order;
      result.orders.push(o);
      result.summary.push(describe(o, (id) => names.get(id) ?? id));
      if (spec.kind === "policy")
        for (const f of spec.fields) {
          const check = farFromStanding(f, get(f.id));
          if (check) result.checks[f.id] = check;
        }
    } else {
      for (const issue of parsed.error.issues) {
        const key = String(issue.path[0] ?? "");
        const fid = Object.keys(spec.fieldOf).find((id) => spec.fieldOf[id] === key) ?? spec.fields[0]?.id ?? spec.id;
        const field = spec.fields.find((f) => f.id === fid);
        if (!result.errors[fid]) result.errors[fid] = friendly(field, issue);
      }
    }
  }
  return result;
}

/** A money field's value in words, e.g. "$500M per quarter" (null: not a money field, or no number). */
export function moneyEcho(f: FieldModel, v: FieldValue): string | null {
  if (f.kind !== "number" || (f.unit !== "$" && f.unit !== "$/q")) return null;
  const x = typeof v === "number" ? v : Number(v);
  if (!Number.isFinite(x) || String(v).trim() === "") return null;
  return amountText(f, x);
}

/** A number field's accepted range in words ("0 to 100 %", "at least $0 per quarter"). */
export function rangeText(f: FieldModel): string {
  if (f.kind !== "number") return "";
  const money = f.unit === "$" || f.unit === "$/q";
  const one = (x: number) => (money ? fmt(x, "$") : x.toLocaleString("en-US"));
  const unit = money ? (f.unit === "$/q" ? " per quarter" : "") : f.unit ? ` ${f.unit}` : "";
  const min = f.min ?? 0;
  if (f.max === undefined || f.max >= 1e6) return `at least ${one(min)}${unit}`;
  return `${one(min)} to ${one(f.max)}${unit}`;
}

/** One order in plain words (ids as they are, unless `name` gives a company's or model's name). */
export function describeOrder(o: Order, name?: (id: string) => string): string {
  return describe(o, name);
}
