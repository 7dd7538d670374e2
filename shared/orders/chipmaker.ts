/** A chipmaker's orders: wafers, price, allocation priority, R&D. */
import { z } from "zod";
import { companyIndex } from "../engine/context.ts";
import type { GameState } from "../engine/state.ts";
import { defineOrder, field, Money, PositivePrice, Ref, refuse } from "./define.ts";
import { fundable } from "./lab.ts";

const usd = (x: number) =>
  x >= 1e9 ? `$${(x / 1e9).toFixed(2)}B` : x >= 1e6 ? `$${(x / 1e6).toFixed(1)}M` : `$${Math.round(x).toLocaleString("en-US")}`;

export const orderWafers = defineOrder({
  type: "chipmaker/orderWafers",
  role: "chipmaker",
  label: "Wafer order",
  help: "Standing order at the foundry; prepaid orders are served first.",
  kind: "policy",
  mergeKey: null,
  schema: z.strictObject({
    type: z.literal("chipmaker/orderWafers"),
    wafers: field(z.number().min(0).max(1e7), { label: "Wafers per quarter", unit: "wafers/q", step: 100 }),
    prepay: field(z.boolean(), { label: "Prepay (served first)" }),
  }),
  check: (state, _i, o) => {
    const f = state.foundry;
    return o.wafers > f.capacityWafers * state.world.rules.orders.waferOrderMaxCapacity
      ? refuse("exceeds_capacity", `the foundry makes about ${Math.round(f.capacityWafers)} wafers a quarter`)
      : null;
  },
  cost: (state, _i, o) => o.wafers * state.foundry.pricePerWafer,
  apply: (state, _ctx, i, o) => {
    const k = state.companies.roleRow[i]!;
    state.chips.wafersPerQuarter[k] = o.wafers;
    state.chips.prepay[k] = o.prepay;
  },
  describe: (o) => `Order ${o.wafers.toLocaleString("en-US")} wafers/q${o.prepay ? ", prepaid" : ""}`,
  form: (view) =>
    view.own?.role === "chipmaker"
      ? [{ key: "", title: "Wafer order", values: { wafers: view.own.wafersPerQuarter, prepay: view.own.prepay } }]
      : [],
});

export const setPrice = defineOrder({
  type: "chipmaker/setPrice",
  role: "chipmaker",
  label: "Accelerator price",
  help: "List price per accelerator.",
  kind: "policy",
  mergeKey: null,
  schema: z.strictObject({
    type: z.literal("chipmaker/setPrice"),
    unitPrice: field(PositivePrice, { label: "Unit price", unit: "$/unit", step: 100 }),
  }),
  check: () => null,
  cost: () => 0,
  apply: (state, _ctx, i, o) => {
    state.chips.unitPrice[state.companies.roleRow[i]!] = o.unitPrice;
  },
  describe: (o) => `Price accelerators at $${o.unitPrice.toLocaleString("en-US")}`,
  form: (view) =>
    view.own?.role === "chipmaker" ? [{ key: "", title: "Accelerator price", values: { unitPrice: view.own.unitPrice } }] : [],
});

export const setAllocation = defineOrder({
  type: "chipmaker/setAllocation",
  role: "chipmaker",
  label: "Allocation priority",
  help: "Buyers served first when output is scarce, in order; the rest share pro rata.",
  kind: "policy",
  mergeKey: null,
  schema: z.strictObject({
    type: z.literal("chipmaker/setAllocation"),
    priority: field(z.array(Ref).max(16), { label: "Priority", options: "hyperscalers" }),
  }),
  check: (state, _i, o) => {
    for (const id of o.priority) {
      const h = companyIndex(state as GameState, id);
      if (h < 0 || state.companies.role[h] !== "hyperscaler") return refuse("unknown_buyer", `"${id}" is not a hyperscaler`);
    }
    return null;
  },
  cost: () => 0,
  apply: (state, _ctx, i, o) => {
    state.chips.priority[state.companies.roleRow[i]!] = [...o.priority];
  },
  describe: (o, name) => `Serve first: ${o.priority.map(name).join(", ") || "pro rata"}`,
  form: (view) =>
    view.own?.role === "chipmaker" ? [{ key: "", title: "Allocation priority", values: { priority: [...view.own.priority] } }] : [],
});

export const fundRnd = defineOrder({
  type: "chipmaker/fundRnd",
  role: "chipmaker",
  label: "Next-generation R&D",
  help: "Spend per quarter towards the next generation: more performance per unit and per watt.",
  kind: "policy",
  mergeKey: null,
  schema: z.strictObject({ type: z.literal("chipmaker/fundRnd"), perQuarter: field(Money, { label: "R&D", unit: "$/q", step: 1e6 }) }),
  check: (state, i, o) => fundable(state as GameState, i, o.perQuarter),
  cost: (_s, _i, o) => o.perQuarter,
  apply: (state, _ctx, i, o) => {
    state.chips.rndPerQuarter[state.companies.roleRow[i]!] = o.perQuarter;
  },
  describe: (o) => `Fund R&D at ${usd(o.perQuarter)}/q`,
  form: (view) =>
    view.own?.role === "chipmaker" ? [{ key: "", title: "Next-generation R&D", values: { perQuarter: view.own.rndPerQuarter } }] : [],
});

export const CHIPMAKER_ORDERS = [orderWafers, setPrice, setAllocation, fundRnd] as const;
