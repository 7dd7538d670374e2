/**
 * Orders: what a seat may decide in a quarter. One discriminated union on `type`
 * (`role/verbNoun`, an intent, not a setter of state). Money is in US dollars, prices in
 * dollars per unit ($ per million tokens, $ per GPU-hour, $ per accelerator).
 *
 * Policy orders (prices, splits, standing bids, budgets, routing) stand until changed;
 * action orders (sign a contract, build MW, raise equity) happen once.
 */
import { z } from "zod";
import { RegionSchema, RoutingPolicySchema, TierSchema } from "../scenario/schema.ts";

const Ref = z.string().min(1).max(40);
const Frac = z.number().min(0).max(1);
const Money = z.number().min(0).max(1e13);
const Price = z.number().min(0).max(1e7);

export const LabSetPricesSchema = z.strictObject({
  type: z.literal("lab/setPrices"),
  tier: TierSchema,
  /** $ per million input tokens */
  inputPrice: Price,
  /** $ per million output tokens */
  outputPrice: Price,
});
export const LabAllocateComputeSchema = z.strictObject({
  type: z.literal("lab/allocateCompute"),
  training: Frac,
  serving: Frac,
  internal: Frac,
});
export const LabSignContractSchema = z.strictObject({
  type: z.literal("lab/signContract"),
  provider: Ref,
  /** H100-equivalent GPU-hours per quarter */
  gpuHoursPerQuarter: z.number().positive().max(1e12),
  quarters: z.number().int().min(1).max(20),
});
export const LabSpotBidSchema = z.strictObject({
  type: z.literal("lab/spotBid"),
  gpuHours: z.number().min(0).max(1e12),
  maxPrice: Price,
});
export const LabInvestEfficiencySchema = z.strictObject({
  type: z.literal("lab/investEfficiency"),
  /** $ per quarter */
  perQuarter: Money,
});
export const LabReleaseModelSchema = z.strictObject({
  type: z.literal("lab/releaseModel"),
  /** api: everyone; phased: a defence-first share first; withhold: keep training */
  mode: z.enum(["api", "phased", "withhold"]),
});
export const LabSetConsumerPlanSchema = z.strictObject({
  type: z.literal("lab/setConsumerPlan"),
  plan: z.enum(["flat", "capped", "usage"]),
});

export const HyperscalerBuildPowerSchema = z.strictObject({
  type: z.literal("hyperscaler/buildPower"),
  region: RegionSchema,
  mw: z.number().positive().max(100_000),
});
export const HyperscalerOrderAcceleratorsSchema = z.strictObject({
  type: z.literal("hyperscaler/orderAccelerators"),
  chipmaker: Ref,
  /** units per quarter (standing) */
  units: z.number().min(0).max(1e8),
  maxPrice: Price,
});
export const HyperscalerSetGpuPricesSchema = z.strictObject({
  type: z.literal("hyperscaler/setGpuPrices"),
  /** $ per GPU-hour for new multi-quarter contracts */
  contractPrice: Price.refine((x) => x > 0, "must be positive"),
  /** $ per GPU-hour: the lowest price it sells spot at */
  spotFloor: Price.refine((x) => x > 0, "must be positive"),
});
export const HyperscalerSetUsefulLifeSchema = z.strictObject({
  type: z.literal("hyperscaler/setUsefulLife"),
  years: z.number().min(1).max(15),
});

export const ChipmakerOrderWafersSchema = z.strictObject({
  type: z.literal("chipmaker/orderWafers"),
  /** wafers per quarter (standing) */
  wafers: z.number().min(0).max(1e7),
  /** prepaid, long-term orders are served first by the foundry */
  prepay: z.boolean(),
});
export const ChipmakerSetPriceSchema = z.strictObject({
  type: z.literal("chipmaker/setPrice"),
  /** $ per accelerator */
  unitPrice: Price.refine((x) => x > 0, "must be positive"),
});
export const ChipmakerSetAllocationSchema = z.strictObject({
  type: z.literal("chipmaker/setAllocation"),
  /** buyers served first, in order; the rest pro rata */
  priority: z.array(Ref).max(16),
});
export const ChipmakerFundRndSchema = z.strictObject({
  type: z.literal("chipmaker/fundRnd"),
  perQuarter: Money,
});

export const EnterpriseSetBudgetSchema = z.strictObject({
  type: z.literal("enterprise/setBudget"),
  /** AI spend cap, $ per quarter */
  perQuarter: Money,
});
export const EnterpriseSetRoutingSchema = z.strictObject({
  type: z.literal("enterprise/setRouting"),
  taskClass: Ref,
  policy: RoutingPolicySchema,
  model: Ref.optional(),
  fallback: Ref.optional(),
});
export const EnterpriseInvestIntegrationSchema = z.strictObject({
  type: z.literal("enterprise/investIntegration"),
  perQuarter: Money,
});
export const EnterpriseSetLabourSubstitutionSchema = z.strictObject({
  type: z.literal("enterprise/setLabourSubstitution"),
  /** share of AI-replaceable labour actually reduced (0..1) */
  share: Frac,
});

export const FinanceRaiseEquitySchema = z.strictObject({
  type: z.literal("finance/raiseEquity"),
  amount: Money.refine((x) => x > 0, "must be positive"),
});
export const FinanceDrawDebtSchema = z.strictObject({
  type: z.literal("finance/drawDebt"),
  amount: Money.refine((x) => x > 0, "must be positive"),
});
export const FinanceRepayDebtSchema = z.strictObject({
  type: z.literal("finance/repayDebt"),
  amount: Money.refine((x) => x > 0, "must be positive"),
});

export const OrderSchema = z.discriminatedUnion("type", [
  LabSetPricesSchema,
  LabAllocateComputeSchema,
  LabSignContractSchema,
  LabSpotBidSchema,
  LabInvestEfficiencySchema,
  LabReleaseModelSchema,
  LabSetConsumerPlanSchema,
  HyperscalerBuildPowerSchema,
  HyperscalerOrderAcceleratorsSchema,
  HyperscalerSetGpuPricesSchema,
  HyperscalerSetUsefulLifeSchema,
  ChipmakerOrderWafersSchema,
  ChipmakerSetPriceSchema,
  ChipmakerSetAllocationSchema,
  ChipmakerFundRndSchema,
  EnterpriseSetBudgetSchema,
  EnterpriseSetRoutingSchema,
  EnterpriseInvestIntegrationSchema,
  EnterpriseSetLabourSubstitutionSchema,
  FinanceRaiseEquitySchema,
  FinanceDrawDebtSchema,
  FinanceRepayDebtSchema,
]);
export type Order = z.infer<typeof OrderSchema>;
export type OrderType = Order["type"];

/** At most this many orders per seat per quarter. */
export const ORDERS_MAX = 48;
export const OrderListSchema = z.array(OrderSchema).max(ORDERS_MAX);

/** The role that may send each order type (`finance/*` is open to every company). */
export function roleOfOrder(type: OrderType): OrderRole {
  let role = ROLE_OF.get(type);
  if (role === undefined) {
    const prefix = type.slice(0, type.indexOf("/"));
    role = prefix === "finance" ? "company" : (prefix as OrderRole);
    ROLE_OF.set(type, role);
  }
  return role;
}
type OrderRole = "lab" | "hyperscaler" | "chipmaker" | "enterprise" | "company";
/** roleOfOrder's answers, by order type (a parsed order's type is one of the schema's few). */
const ROLE_OF = new Map<string, OrderRole>();

/** A structured rejection: the order's index in the seat's list, a stable code and a sentence. */
export interface Rejection {
  index: number;
  type: string;
  code: string;
  message: string;
}

/**
 * The field that makes two orders of a type distinct, or null when a seat has one order of
 * that type per quarter. A team seat's submissions merge by it: a mate's order with the same
 * key replaces the earlier one (the last to submit wins), orders with other keys stand.
 */
export const ORDER_MERGE_KEY: Record<OrderType, string | null> = {
  "lab/setPrices": "tier",
  "lab/allocateCompute": null,
  "lab/signContract": "provider",
  "lab/spotBid": null,
  "lab/investEfficiency": null,
  "lab/releaseModel": null,
  "lab/setConsumerPlan": null,
  "hyperscaler/buildPower": null,
  "hyperscaler/orderAccelerators": "chipmaker",
  "hyperscaler/setGpuPrices": null,
  "hyperscaler/setUsefulLife": null,
  "chipmaker/orderWafers": null,
  "chipmaker/setPrice": null,
  "chipmaker/setAllocation": null,
  "chipmaker/fundRnd": null,
  "enterprise/setBudget": null,
  "enterprise/setRouting": "taskClass",
  "enterprise/investIntegration": null,
  "enterprise/setLabourSubstitution": null,
  "finance/raiseEquity": null,
  "finance/drawDebt": null,
  "finance/repayDebt": null,
};

/** An order's merge key: its type, and the value of its type's merge field (`lab/setPrices:frontier`). */
export function mergeKeyOf(order: { type: string } & Record<string, unknown>): string {
  const field = ORDER_MERGE_KEY[order.type as OrderType];
  return field ? `${order.type}:${String(order[field])}` : order.type;
}
