/**
 * The seat's orders for this quarter as a form: current values, units and ranges, and the
 * orders the form's values stand for, validated with the same zod schema as the server
 * (OrderSchema). No game rules here: only the shared schema.
 */
import {
  type ActorState,
  mergeKeyOf,
  ORDER_MERGE_KEY,
  type Order,
  OrderSchema,
  type OrderType,
  type PlayerView,
} from "../../shared/index.ts";
import { fmt } from "./format.ts";

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
}

export interface GroupModel {
  id: string;
  title: string;
  help: string;
  /** policy orders stand until changed; actions happen once (left at zero = not sent) */
  kind: "policy" | "action";
  fields: FieldModel[];
}

interface GroupSpec extends GroupModel {
  /** raw orders (not yet validated) and, per order, which field each order key came from */
  build: (get: (id: string) => FieldValue) => { order: Record<string, unknown>; fieldOf: Record<string, string> }[];
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

const MONEY_MAX = 1e13;
const PRICE_MAX = 1e7;

function num(id: string, label: string, unit: string, value: number, min: number, max: number, step: number, help?: string): FieldModel {
  return { id, label, unit, kind: "number", value: round(value, step), min, max, step, ...(help ? { help } : {}) };
}

function percent(id: string, label: string, frac: number, help?: string): FieldModel {
  return {
    id,
    label,
    unit: "%",
    kind: "number",
    value: round(frac * 100, 0.1),
    min: 0,
    max: 100,
    step: 0.1,
    percent: true,
    ...(help ? { help } : {}),
  };
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

function specsFor(view: PlayerView, own: ActorState): GroupSpec[] {
  const specs: GroupSpec[] = [];
  const actorsOf = (role: string) => view.actors.filter((a) => a.role === role);
  const nameOf = (id: string) => view.actors.find((a) => a.id === id)?.name ?? id;
  if (own.role === "lab") {
    for (const m of view.models.filter((x) => x.lab === own.id)) {
      specs.push({
        id: `prices-${m.tier}`,
        title: `Prices: ${m.name} (${m.tier})`,
        help: "List price per million tokens; stands until changed.",
        kind: "policy",
        fields: [
          num(`prices-${m.tier}.input`, "Input price", "$/Mtok", m.inputPrice, 0, PRICE_MAX, 0.01),
          num(`prices-${m.tier}.output`, "Output price", "$/Mtok", m.outputPrice, 0, PRICE_MAX, 0.01),
        ],
        build: (g) => [
          {
            order: {
              type: "lab/setPrices",
              tier: m.tier,
              inputPrice: toNum(g(`prices-${m.tier}.input`)),
              outputPrice: toNum(g(`prices-${m.tier}.output`)),
            },
            fieldOf: { inputPrice: `prices-${m.tier}.input`, outputPrice: `prices-${m.tier}.output` },
          },
        ],
      });
    }
    specs.push({
      id: "split",
      title: "Compute split",
      help: "Share of your GPU-hours for training the next model, serving tokens and internal R&D; the three should add up to 100%.",
      kind: "policy",
      fields: [
        percent("split.training", "Training", own.split.training),
        percent("split.serving", "Serving", own.split.serving),
        percent("split.internal", "Internal R&D", own.split.internal),
      ],
      build: (g) => [
        {
          order: {
            type: "lab/allocateCompute",
            training: toNum(g("split.training")) / 100,
            serving: toNum(g("split.serving")) / 100,
            internal: toNum(g("split.internal")) / 100,
          },
          fieldOf: { training: "split.training", serving: "split.serving", internal: "split.internal" },
        },
      ],
    });
    specs.push({
      id: "spot",
      title: "Spot compute bid",
      help: "GPU-hours you bid for on the spot market each quarter, up to a maximum price.",
      kind: "policy",
      fields: [
        num("spot.gpuHours", "GPU-hours", "GPU-h/q", own.spotBid.gpuHours, 0, 1e12, 1000),
        num("spot.maxPrice", "Max price", "$/GPU-h", own.spotBid.maxPrice, 0, PRICE_MAX, 0.01),
      ],
      build: (g) => [
        {
          order: { type: "lab/spotBid", gpuHours: toNum(g("spot.gpuHours")), maxPrice: toNum(g("spot.maxPrice")) },
          fieldOf: { gpuHours: "spot.gpuHours", maxPrice: "spot.maxPrice" },
        },
      ],
    });
    specs.push({
      id: "efficiency",
      title: "Token efficiency",
      help: "Spend per quarter on fewer tokens per task.",
      kind: "policy",
      fields: [num("efficiency.perQuarter", "Investment", "$/q", own.efficiencyPerQuarter, 0, MONEY_MAX, 1e6)],
      build: (g) => [
        {
          order: { type: "lab/investEfficiency", perQuarter: toNum(g("efficiency.perQuarter")) },
          fieldOf: { perQuarter: "efficiency.perQuarter" },
        },
      ],
    });
    specs.push({
      id: "release",
      title: "Next model release",
      help: "api: everyone; phased: a share first; withhold: keep training.",
      kind: "policy",
      fields: [
        {
          id: "release.mode",
          label: "Release mode",
          unit: "",
          kind: "select",
          value: own.releaseMode,
          options: [
            { value: "api", label: "API (everyone)" },
            { value: "phased", label: "Phased" },
            { value: "withhold", label: "Withhold" },
          ],
        },
      ],
      build: (g) => [{ order: { type: "lab/releaseModel", mode: g("release.mode") }, fieldOf: { mode: "release.mode" } }],
    });
    specs.push({
      id: "consumer",
      title: "Consumer plan",
      help: "Flat plans invite heavy users; usage pricing caps their tokens.",
      kind: "policy",
      fields: [
        {
          id: "consumer.plan",
          label: "Plan",
          unit: "",
          kind: "select",
          value: own.consumerPlan,
          options: [
            { value: "flat", label: "Flat" },
            { value: "capped", label: "Capped" },
            { value: "usage", label: "Usage-based" },
          ],
        },
      ],
      build: (g) => [{ order: { type: "lab/setConsumerPlan", plan: g("consumer.plan") }, fieldOf: { plan: "consumer.plan" } }],
    });
    const hs = actorsOf("hyperscaler");
    if (hs.length > 0) {
      specs.push({
        id: "contract",
        title: "Sign a compute contract",
        help: "Multi-quarter GPU-hours from a hyperscaler at its contract price. Leave at 0 to sign nothing.",
        kind: "action",
        fields: [
          {
            id: "contract.provider",
            label: "Provider",
            unit: "",
            kind: "select",
            value: hs[0]!.id,
            options: hs.map((h) => ({ value: h.id, label: h.name })),
          },
          num("contract.gpuHours", "GPU-hours per quarter", "GPU-h/q", 0, 0, 1e12, 1000),
          num("contract.quarters", "Length", "quarters", 4, 1, 20, 1),
        ],
        build: (g) =>
          toNum(g("contract.gpuHours")) === 0
            ? []
            : [
                {
                  order: {
                    type: "lab/signContract",
                    provider: g("contract.provider"),
                    gpuHoursPerQuarter: toNum(g("contract.gpuHours")),
                    quarters: toNum(g("contract.quarters")),
                  },
                  fieldOf: { provider: "contract.provider", gpuHoursPerQuarter: "contract.gpuHours", quarters: "contract.quarters" },
                },
              ],
      });
    }
  }
  if (own.role === "hyperscaler") {
    specs.push({
      id: "gpuPrices",
      title: "GPU-hour prices",
      help: "Price for new multi-quarter contracts, and the lowest price you sell spot at.",
      kind: "policy",
      fields: [
        num("gpuPrices.contract", "Contract price", "$/GPU-h", own.contractPrice, 0.01, PRICE_MAX, 0.01),
        num("gpuPrices.spotFloor", "Spot floor", "$/GPU-h", own.spotFloor, 0.01, PRICE_MAX, 0.01),
      ],
      build: (g) => [
        {
          order: {
            type: "hyperscaler/setGpuPrices",
            contractPrice: toNum(g("gpuPrices.contract")),
            spotFloor: toNum(g("gpuPrices.spotFloor")),
          },
          fieldOf: { contractPrice: "gpuPrices.contract", spotFloor: "gpuPrices.spotFloor" },
        },
      ],
    });
    for (const c of actorsOf("chipmaker")) {
      const cur = own.acceleratorOrders.find((o) => o.chipmaker === c.id);
      // a custom-ASIC maker builds only for its guarantor: offer it only to a buyer it already supplies
      const supplies =
        cur !== undefined || own.fleet.some((f) => f.chipmaker === c.id) || own.warehouseUnits.some((w) => w.chipmaker === c.id);
      if (c.facts.kind === "asic" && !supplies) continue;
      specs.push({
        id: `accel-${c.id}`,
        title: `Accelerators from ${c.name}`,
        help: "Standing order per quarter, up to a maximum unit price.",
        kind: "policy",
        fields: [
          num(`accel-${c.id}.units`, "Units per quarter", "units/q", cur?.units ?? 0, 0, 1e8, 100),
          num(`accel-${c.id}.maxPrice`, "Max price", "$/unit", cur?.maxPrice ?? Number(c.facts.unitPrice ?? 0), 0, PRICE_MAX, 100),
        ],
        build: (g) => [
          {
            order: {
              type: "hyperscaler/orderAccelerators",
              chipmaker: c.id,
              units: toNum(g(`accel-${c.id}.units`)),
              maxPrice: toNum(g(`accel-${c.id}.maxPrice`)),
            },
            fieldOf: { units: `accel-${c.id}.units`, maxPrice: `accel-${c.id}.maxPrice` },
          },
        ],
      });
    }
    specs.push({
      id: "life",
      title: "Depreciation",
      help: "Useful life the accelerators are depreciated over.",
      kind: "policy",
      fields: [num("life.years", "Useful life", "years", own.usefulLifeYears, 1, 15, 0.5)],
      build: (g) => [{ order: { type: "hyperscaler/setUsefulLife", years: toNum(g("life.years")) }, fieldOf: { years: "life.years" } }],
    });
    specs.push({
      id: "build",
      title: "Build data-centre power",
      help: "New MW come online after the build lead time. Leave at 0 to build nothing.",
      kind: "action",
      fields: [
        {
          id: "build.region",
          label: "Region",
          unit: "",
          kind: "select",
          value: own.region,
          options: [
            { value: "us", label: "US" },
            { value: "europe", label: "Europe" },
            { value: "asia", label: "Asia" },
          ],
        },
        num("build.mw", "Power", "MW", 0, 0, 100_000, 10),
      ],
      build: (g) =>
        toNum(g("build.mw")) === 0
          ? []
          : [
              {
                order: { type: "hyperscaler/buildPower", region: g("build.region"), mw: toNum(g("build.mw")) },
                fieldOf: { region: "build.region", mw: "build.mw" },
              },
            ],
    });
  }
  if (own.role === "chipmaker") {
    specs.push({
      id: "wafers",
      title: "Wafer order",
      help: "Standing order at the foundry; prepaid orders are served first.",
      kind: "policy",
      fields: [
        num("wafers.count", "Wafers per quarter", "wafers/q", own.wafersPerQuarter, 0, 1e7, 100),
        { id: "wafers.prepay", label: "Prepay (served first)", unit: "", kind: "checkbox", value: own.prepay },
      ],
      build: (g) => [
        {
          order: { type: "chipmaker/orderWafers", wafers: toNum(g("wafers.count")), prepay: g("wafers.prepay") === true },
          fieldOf: { wafers: "wafers.count", prepay: "wafers.prepay" },
        },
      ],
    });
    specs.push({
      id: "price",
      title: "Accelerator price",
      help: "List price per accelerator.",
      kind: "policy",
      fields: [num("price.unit", "Unit price", "$/unit", own.unitPrice, 1, PRICE_MAX, 100)],
      build: (g) => [{ order: { type: "chipmaker/setPrice", unitPrice: toNum(g("price.unit")) }, fieldOf: { unitPrice: "price.unit" } }],
    });
    specs.push({
      id: "rnd",
      title: "Next-generation R&D",
      help: "Spend per quarter on better performance per watt.",
      kind: "policy",
      fields: [num("rnd.perQuarter", "R&D", "$/q", own.rndPerQuarter, 0, MONEY_MAX, 1e6)],
      build: (g) => [
        { order: { type: "chipmaker/fundRnd", perQuarter: toNum(g("rnd.perQuarter")) }, fieldOf: { perQuarter: "rnd.perQuarter" } },
      ],
    });
    specs.push({
      id: "allocation",
      title: "Allocation priority",
      help: `Buyers served first when output is scarce, comma-separated ids (${actorsOf("hyperscaler")
        .map((h) => h.id)
        .join(", ")}).`,
      kind: "policy",
      fields: [{ id: "allocation.priority", label: "Priority", unit: "", kind: "text", value: own.priority.join(", ") }],
      build: (g) => [
        {
          order: {
            type: "chipmaker/setAllocation",
            priority: String(g("allocation.priority"))
              .split(",")
              .map((s) => s.trim())
              .filter((s) => s.length > 0),
          },
          fieldOf: { priority: "allocation.priority" },
        },
      ],
    });
  }
  if (own.role === "enterprise") {
    specs.push({
      id: "budget",
      title: "AI budget",
      help: "The most you spend on AI per quarter.",
      kind: "policy",
      fields: [num("budget.perQuarter", "Budget", "$/q", own.budget, 0, MONEY_MAX, 1e5)],
      build: (g) => [
        {
          order: { type: "enterprise/setBudget", perQuarter: toNum(g("budget.perQuarter")) },
          fieldOf: { perQuarter: "budget.perQuarter" },
        },
      ],
    });
    const modelOpts = [
      { value: "", label: "—" },
      ...view.models.map((m) => ({ value: m.id, label: `${m.name} (${nameOf(m.lab)})${m.banned ? " — banned" : ""}` })),
    ];
    for (const tc of view.taskClasses) {
      const r = own.routing[tc.id] ?? { policy: "cheapest" as const };
      specs.push({
        id: `route-${tc.id}`,
        title: `Routing: ${tc.name}`,
        help: `Which model does ${tc.name.toLowerCase()} tasks (quality bar ${tc.qualityBar}).`,
        kind: "policy",
        fields: [
          {
            id: `route-${tc.id}.policy`,
            label: "Policy",
            unit: "",
            kind: "select",
            value: r.policy,
            options: [
              { value: "cheapest", label: "Cheapest that clears the bar" },
              { value: "frontier", label: "Frontier for everything" },
              { value: "named", label: "A named model" },
            ],
          },
          { id: `route-${tc.id}.model`, label: "Model", unit: "", kind: "select", value: r.model ?? "", options: modelOpts },
          { id: `route-${tc.id}.fallback`, label: "Fallback", unit: "", kind: "select", value: r.fallback ?? "", options: modelOpts },
        ],
        build: (g) => {
          const order: Record<string, unknown> = { type: "enterprise/setRouting", taskClass: tc.id, policy: g(`route-${tc.id}.policy`) };
          const model = String(g(`route-${tc.id}.model`));
          const fallback = String(g(`route-${tc.id}.fallback`));
          if (model) order.model = model;
          if (fallback) order.fallback = fallback;
          return [
            { order, fieldOf: { policy: `route-${tc.id}.policy`, model: `route-${tc.id}.model`, fallback: `route-${tc.id}.fallback` } },
          ];
        },
      });
    }
    specs.push({
      id: "integration",
      title: "Workflow integration",
      help: "Spend per quarter that turns pilots into realised value.",
      kind: "policy",
      fields: [num("integration.perQuarter", "Integration", "$/q", own.integrationPerQuarter, 0, MONEY_MAX, 1e5)],
      build: (g) => [
        {
          order: { type: "enterprise/investIntegration", perQuarter: toNum(g("integration.perQuarter")) },
          fieldOf: { perQuarter: "integration.perQuarter" },
        },
      ],
    });
    specs.push({
      id: "labour",
      title: "Labour substitution",
      help: "Share of AI-replaceable labour actually reduced.",
      kind: "policy",
      fields: [percent("labour.share", "Share reduced", own.labourSubstitution)],
      build: (g) => [
        { order: { type: "enterprise/setLabourSubstitution", share: toNum(g("labour.share")) / 100 }, fieldOf: { share: "labour.share" } },
      ],
    });
  }
  specs.push({
    id: "finance",
    title: "Financing",
    help: "Raise equity, draw or repay debt this quarter. Leave at 0 for none.",
    kind: "action",
    fields: [
      num("finance.equity", "Raise equity", "$", 0, 0, MONEY_MAX, 1e6),
      num("finance.drawDebt", "Draw debt", "$", 0, 0, MONEY_MAX, 1e6),
      num("finance.repayDebt", "Repay debt", "$", 0, 0, MONEY_MAX, 1e6),
    ],
    build: (g) => {
      const out: { order: Record<string, unknown>; fieldOf: Record<string, string> }[] = [];
      const pairs: [string, string][] = [
        ["finance.equity", "finance/raiseEquity"],
        ["finance.drawDebt", "finance/drawDebt"],
        ["finance.repayDebt", "finance/repayDebt"],
      ];
      for (const [id, type] of pairs) {
        const v = toNum(g(id));
        if (v !== 0) out.push({ order: { type, amount: v }, fieldOf: { amount: id } });
      }
      return out;
    },
  });
  return specs;
}

export function orderForm(view: PlayerView): OrderFormModel | null {
  if (!view.own || !view.seat || view.finished) return null;
  const groups = specsFor(view, view.own).map(({ build: _b, ...g }) => g);
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

/** A group's getter over the form's values, falling back to the field's standing value. */
function getter(spec: GroupSpec, values: Record<string, FieldValue>): (id: string) => FieldValue {
  return (id) => (id in values ? values[id]! : (spec.fields.find((f) => f.id === id)?.value ?? ""));
}

/**
 * The orders a group would send with non-zero amounts: its merge keys and which field each
 * order field comes from (an action group left at zero sends nothing, so zeros become 1).
 */
function probe(spec: GroupSpec, values: Record<string, FieldValue>) {
  const get = getter(spec, values);
  const probeGet = (id: string): FieldValue => {
    const v = get(id);
    const f = spec.fields.find((x) => x.id === id);
    return f?.kind === "number" && Number(v) === 0 ? 1 : v;
  };
  return spec.build(probeGet).map(({ order, fieldOf }) => {
    const type = String(order.type) as OrderType;
    const keyField = ORDER_MERGE_KEY[type] ?? null;
    return { type, key: mergeKeyOf(order as Order), fieldOf, keyIsField: keyField !== null && keyField in fieldOf };
  });
}

/** The merge keys each group of the form sends orders under (with the form's current values). */
export function groupKeys(view: PlayerView, values: Record<string, FieldValue> = {}): Map<string, string[]> {
  const out = new Map<string, string[]>();
  if (!view.own) return out;
  for (const spec of specsFor(view, view.own)) out.set(spec.id, [...new Set(probe(spec, values).map((p) => p.key))]);
  return out;
}

/**
 * Where an order sits in the form: its group and the field values that show it (a team
 * mate's pending order shown in the fields it would have filled). Null when no group has it.
 */
export function placeOrder(view: PlayerView, order: Order): { groupId: string; values: Record<string, FieldValue> } | null {
  if (!view.own) return null;
  const key = mergeKeyOf(order);
  for (const spec of specsFor(view, view.own)) {
    for (const p of probe(spec, {})) {
      if (p.type !== order.type || (p.key !== key && !p.keyIsField)) continue;
      const values: Record<string, FieldValue> = {};
      for (const [orderField, fid] of Object.entries(p.fieldOf)) {
        const f = spec.fields.find((x) => x.id === fid);
        const v = (order as Record<string, unknown>)[orderField];
        if (Array.isArray(v)) values[fid] = v.join(", ");
        else if (typeof v === "number") values[fid] = f?.percent ? round(v * 100, 0.1) : v;
        else if (typeof v === "string" || typeof v === "boolean") values[fid] = v;
        else values[fid] = f?.kind === "number" ? 0 : "";
      }
      return { groupId: spec.id, values };
    }
  }
  return null;
}

/**
 * The orders the form's values stand for, each checked against OrderSchema; errors are keyed
 * by field id. Without a scope: changed policy groups and non-zero actions. With a scope: the
 * groups this member edited (see BuildScope).
 */
export function buildOrders(view: PlayerView, values: Record<string, FieldValue>, scope?: BuildScope): BuiltOrders {
  const result: BuiltOrders = { orders: [], remove: [], errors: {}, summary: [] };
  if (!view.own) return result;
  const specs = specsFor(view, view.own);
  for (const spec of specs) {
    const get = getter(spec, values);
    if (scope && !scope.dirty.has(spec.id)) continue;
    const unchanged = spec.fields.every((f) => sameValue(get(f.id), f.value));
    if (spec.kind === "policy" && unchanged && (!scope || !probe(spec, values).some((p) => scope.pending.has(p.key)))) continue;
    const built = spec.build(get);
    for (const { order, fieldOf } of built) {
      const parsed = OrderSchema.safeParse(order);
      if (parsed.success) {
        result.orders.push(parsed.data);
        result.summary.push(describeOrder(parsed.data));
      } else {
        for (const issue of parsed.error.issues) {
          const key = String(issue.path[0] ?? "");
          const fid = fieldOf[key] ?? spec.fields[0]!.id;
          const field = spec.fields.find((f) => f.id === fid);
          if (!result.errors[fid]) result.errors[fid] = friendly(field, issue);
        }
      }
    }
    if (scope && spec.kind === "action") {
      const sent = new Set(built.map((b) => mergeKeyOf(b.order as Order)));
      for (const p of probe(spec, values))
        if (!sent.has(p.key) && scope.pending.has(p.key) && !result.remove.includes(p.key)) {
          result.remove.push(p.key);
          result.summary.push(`Remove the pending ${spec.title.toLowerCase()}`);
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
  return `${fmt(x, "$")}${f.unit === "$/q" ? " per quarter" : ""}`;
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

const money = (x: number) =>
  `$${x >= 1e9 ? `${(x / 1e9).toFixed(2)}B` : x >= 1e6 ? `${(x / 1e6).toFixed(1)}M` : x.toLocaleString("en-US")}`;

/** One order in plain words. */
export function describeOrder(o: Order): string {
  switch (o.type) {
    case "lab/setPrices":
      return `Price ${o.tier} tokens at $${o.inputPrice}/Mtok in, $${o.outputPrice}/Mtok out`;
    case "lab/allocateCompute":
      return `Split compute ${Math.round(o.training * 100)}% training / ${Math.round(o.serving * 100)}% serving / ${Math.round(o.internal * 100)}% internal`;
    case "lab/signContract":
      return `Sign ${o.gpuHoursPerQuarter.toLocaleString("en-US")} GPU-h/q with ${o.provider} for ${o.quarters} quarters`;
    case "lab/spotBid":
      return `Bid for ${o.gpuHours.toLocaleString("en-US")} spot GPU-h at up to $${o.maxPrice}/GPU-h`;
    case "lab/investEfficiency":
      return `Invest ${money(o.perQuarter)}/q in token efficiency`;
    case "lab/releaseModel":
      return `Release mode: ${o.mode}`;
    case "lab/setConsumerPlan":
      return `Consumer plan: ${o.plan}`;
    case "hyperscaler/buildPower":
      return `Build ${o.mw} MW in ${o.region.toUpperCase()}`;
    case "hyperscaler/orderAccelerators":
      return `Order ${o.units.toLocaleString("en-US")} accelerators/q from ${o.chipmaker} at up to $${o.maxPrice.toLocaleString("en-US")}`;
    case "hyperscaler/setGpuPrices":
      return `GPU-hours at $${o.contractPrice} contract, $${o.spotFloor} spot floor`;
    case "hyperscaler/setUsefulLife":
      return `Depreciate over ${o.years} years`;
    case "chipmaker/orderWafers":
      return `Order ${o.wafers.toLocaleString("en-US")} wafers/q${o.prepay ? ", prepaid" : ""}`;
    case "chipmaker/setPrice":
      return `Price accelerators at $${o.unitPrice.toLocaleString("en-US")}`;
    case "chipmaker/setAllocation":
      return `Serve first: ${o.priority.join(", ") || "pro rata"}`;
    case "chipmaker/fundRnd":
      return `Fund R&D at ${money(o.perQuarter)}/q`;
    case "enterprise/setBudget":
      return `AI budget ${money(o.perQuarter)}/q`;
    case "enterprise/setRouting":
      return `Route ${o.taskClass}: ${o.policy}${o.model ? ` → ${o.model}` : ""}${o.fallback ? ` (fallback ${o.fallback})` : ""}`;
    case "enterprise/investIntegration":
      return `Integration ${money(o.perQuarter)}/q`;
    case "enterprise/setLabourSubstitution":
      return `Reduce ${Math.round(o.share * 100)}% of replaceable labour`;
    case "finance/raiseEquity":
      return `Raise ${money(o.amount)} equity`;
    case "finance/drawDebt":
      return `Draw ${money(o.amount)} debt`;
    case "finance/repayDebt":
      return `Repay ${money(o.amount)} debt`;
  }
}
