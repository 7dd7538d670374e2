/** A lab's orders: token prices, the compute split, contracts and spot bids, efficiency, releases, consumer plans. */
import { z } from "zod";
import { companyIndex, emit, HOURS_PER_QUARTER } from "../engine/context.ts";
import { addRow } from "../engine/declare.ts";
import { cashOf } from "../engine/ledger.ts";
import { CONTRACTS, TIERS } from "../engine/state.ts";
import { debtCapacity } from "../engine/steps/finance.ts";
import { defineOrder, Frac, field, Money, Price, Ref, refuse } from "./define.ts";

const usd = (x: number) =>
  x >= 1e9 ? `$${(x / 1e9).toFixed(2)}B` : x >= 1e6 ? `$${(x / 1e6).toFixed(1)}M` : `$${Math.round(x).toLocaleString("en-US")}`;

export const setPrices = defineOrder({
  type: "lab/setPrices",
  role: "lab",
  label: "Token prices",
  help: "List price per million tokens of one of your models; stands until changed.",
  kind: "policy",
  mergeKey: "tier",
  schema: z.strictObject({
    type: z.literal("lab/setPrices"),
    tier: field(z.enum(TIERS), { label: "Tier" }),
    inputPrice: field(Price, { label: "Input price", unit: "$/MTok", step: 0.01 }),
    outputPrice: field(Price, { label: "Output price", unit: "$/MTok", step: 0.01 }),
  }),
  check: (state, i, o) => {
    const L = state.labs;
    const l = state.companies.roleRow[i]!;
    const has = L.models[l]!.some((id) => state.models.tier[state.models.id.indexOf(id)] === o.tier);
    return has ? null : refuse("unknown_model", `${state.companies.name[i]} serves no ${o.tier} model`);
  },
  cost: () => 0,
  apply: (state, _ctx, i, o) => {
    const M = state.models;
    for (const id of state.labs.models[state.companies.roleRow[i]!]!) {
      const m = M.id.indexOf(id);
      if (M.tier[m] === o.tier) {
        M.inputPrice[m] = o.inputPrice;
        M.outputPrice[m] = o.outputPrice;
      }
    }
  },
  describe: (o) => `Price ${o.tier} tokens at $${o.inputPrice}/MTok in, $${o.outputPrice}/MTok out`,
  // the lab's tiers from the frontier down, whatever its models' ids
  form: (view) =>
    view.models
      .filter((m) => m.lab === view.seat)
      .sort((a, b) => TIERS.indexOf(a.tier) - TIERS.indexOf(b.tier))
      .map((m) => ({
        key: m.tier,
        title: `Prices: ${m.name} (${m.tier})`,
        values: { tier: m.tier, inputPrice: m.inputPrice, outputPrice: m.outputPrice },
      })),
});

export const allocateCompute = defineOrder({
  type: "lab/allocateCompute",
  role: "lab",
  label: "Compute split",
  help: "Share of your GPU-hours for training the next model, serving tokens and internal R&D; the three should add up to 100%.",
  kind: "policy",
  mergeKey: null,
  schema: z.strictObject({
    type: z.literal("lab/allocateCompute"),
    training: field(Frac, { label: "Training", percent: true }),
    serving: field(Frac, { label: "Serving", percent: true }),
    internal: field(Frac, { label: "Internal R&D", percent: true }),
  }),
  checkRules: (rules, o) => {
    const s = o.training + o.serving + o.internal;
    if (Math.abs(s - 1) > rules.splitTolerance)
      // in percent, as the order form shows the shares
      return refuse("bad_split", `training + serving + internal must add up to 100% (got ${(s * 100).toFixed(1)}%)`);
    return null;
  },
  check: () => null,
  cost: () => 0,
  apply: (state, _ctx, i, o) => {
    const l = state.companies.roleRow[i]!;
    const s = o.training + o.serving + o.internal;
    const split = state.labs.split;
    split.training[l] = o.training / s;
    split.serving[l] = o.serving / s;
    split.internal[l] = o.internal / s;
  },
  describe: (o) =>
    `Split compute ${Math.round(o.training * 100)}% training / ${Math.round(o.serving * 100)}% serving / ${Math.round(o.internal * 100)}% internal`,
  form: (view) => {
    const own = view.own;
    if (own?.role !== "lab") return [];
    return [
      {
        key: "",
        title: "Compute split",
        values: { training: own.split.training, serving: own.split.serving, internal: own.split.internal },
      },
    ];
  },
});

/** The quarter a new contract with this provider starts: after the provider's lead time. */
function leadOf(state: Parameters<typeof debtCapacity>[0], provider: number): number {
  const o = state.world.rules.orders;
  return state.clouds.neocloud[state.companies.roleRow[provider]!] ? o.neocloudLeadQuarters : o.contractLeadQuarters;
}

export const signContract = defineOrder({
  type: "lab/signContract",
  role: "lab",
  label: "Sign a compute contract",
  help: "Multi-quarter GPU-hours from a hyperscaler at its contract price, landing after its lead time. Leave at 0 to sign nothing.",
  kind: "action",
  mergeKey: "provider",
  schema: z.strictObject({
    type: z.literal("lab/signContract"),
    provider: field(Ref, { label: "Provider", options: "hyperscalers" }),
    gpuHoursPerQuarter: field(z.number().positive().max(1e12), { label: "GPU-hours per quarter", unit: "GPU-h/q", step: 1000 }),
    quarters: field(z.number().int().min(1).max(20), { label: "Length", unit: "quarters", step: 1 }),
  }),
  check: (state, i, o) => {
    const p = companyIndex(state, o.provider);
    if (p < 0 || state.companies.role[p] !== "hyperscaler") return refuse("unknown_provider", `"${o.provider}" is not a hyperscaler`);
    const name = state.companies.name[p]!;
    if (state.companies.failed[p]) return refuse("provider_failed", `${name} has failed`);
    const h = state.companies.roleRow[p]!;
    const cap = Math.max(state.clouds.gpu.capacity[h]!, 1);
    const maxShare = state.world.rules.orders.contractMaxShare;
    if (o.gpuHoursPerQuarter > cap * maxShare) {
      return refuse(
        "exceeds_capacity",
        `${name} has about ${Math.round(cap / 1e6)}M GPU-hours a quarter; a contract may take at most ${Math.round(maxShare * 100)}% of it`,
      );
    }
    const quarterly = o.gpuHoursPerQuarter * state.clouds.contractPrice[h]!;
    if (quarterly > cashOf(state, i) + debtCapacity(state as never, i)) {
      return refuse("insufficient_funds", `the contract costs $${(quarterly / 1e9).toFixed(2)}B a quarter, more than cash and credit`);
    }
    return null;
  },
  cost: (state, _i, o) => {
    const p = companyIndex(state, o.provider);
    return p < 0 ? 0 : o.gpuHoursPerQuarter * state.clouds.contractPrice[state.companies.roleRow[p]!]!;
  },
  apply: (state, ctx, i, o) => {
    const r = ctx.rules.orders;
    const p = companyIndex(state, o.provider);
    const h = state.companies.roleRow[p]!;
    const H = state.clouds;
    const lead = leadOf(state, p);
    // The provider accepts what it expects to have free when the contract starts: its capacity
    // plus what is being installed, less its own use and contracts already signed.
    const start = ctx.q + lead;
    const K = state.contracts;
    let signed = 0;
    for (let c = 0; c < K.n; c++) {
      if (K.provider[c] === p && K.startQuarter[c]! <= start && K.endQuarter[c]! >= start) signed += K.gpuHoursPerQuarter[c]!;
    }
    let waiting = 0;
    for (let w = 0; w < state.lots.n; w++) if (state.lots.owner[w] === h) waiting += state.lots.units[w]! * state.lots.perfPerUnit[w]!;
    const incoming = waiting * HOURS_PER_QUARTER * r.incomingAvailability;
    const free = Math.max(
      0,
      (H.gpu.capacity[h]! + incoming) * r.contractCapacityHeadroom - H.gpu.ownUse[h]! * r.contractOwnUseReserve - signed,
    );
    const hours = Math.min(o.gpuHoursPerQuarter, free);
    const lab = state.companies.id[i]!;
    if (hours < r.contractMinGpuHours) {
      emit(ctx, { kind: "contract/declined", quarter: ctx.q, seat: lab, lab, provider: o.provider, gpuHoursAsked: o.gpuHoursPerQuarter });
      return;
    }
    addRow(CONTRACTS, K, {
      id: `c${state.nextContractId++}`,
      lab: i,
      provider: p,
      gpuHoursPerQuarter: hours,
      price: H.contractPrice[h]!,
      startQuarter: start,
      endQuarter: start + o.quarters - 1,
    });
    emit(ctx, {
      kind: "contract/signed",
      quarter: ctx.q,
      seat: lab,
      lab,
      provider: o.provider,
      gpuHours: hours,
      asked: o.gpuHoursPerQuarter,
      price: H.contractPrice[h]!,
      startQuarter: start,
      leadQuarters: lead,
    });
  },
  describe: (o, name) => `Sign ${o.gpuHoursPerQuarter.toLocaleString("en-US")} GPU-h/q with ${name(o.provider)} for ${o.quarters} quarters`,
  form: (view) => {
    const first = view.actors.find((a) => a.role === "hyperscaler" && !a.failed);
    return first ? [{ key: "", title: "Sign a compute contract", values: { provider: first.id, gpuHoursPerQuarter: 0, quarters: 4 } }] : [];
  },
});

export const spotBid = defineOrder({
  type: "lab/spotBid",
  role: "lab",
  label: "Spot compute bid",
  help: "GPU-hours you bid for on the spot market each quarter, up to a maximum price.",
  kind: "policy",
  mergeKey: null,
  schema: z.strictObject({
    type: z.literal("lab/spotBid"),
    gpuHours: field(z.number().min(0).max(1e12), { label: "GPU-hours", unit: "GPU-h/q", step: 1000 }),
    maxPrice: field(Price, { label: "Max price", unit: "$/GPU-h", step: 0.01 }),
  }),
  // what the bid may cost each quarter at its most must fit within cash and credit, as a contract's
  // must: a bid for every spot hour at any price left a lab with a bill that failed it in a quarter
  check: (state, i, o) => {
    const can = cashAndCredit(state as never, i);
    if (o.gpuHours * o.maxPrice <= can) return null;
    return refuse(
      "insufficient_funds",
      `at up to $${o.maxPrice}/GPU-h your cash and credit pay for at most ${Math.floor(can / o.maxPrice).toLocaleString("en-US")} GPU-hours a quarter`,
    );
  },
  cost: (_s, _i, o) => o.gpuHours * o.maxPrice,
  apply: (state, _ctx, i, o) => {
    const l = state.companies.roleRow[i]!;
    state.labs.spotBid.gpuHours[l] = o.gpuHours;
    state.labs.spotBid.maxPrice[l] = o.maxPrice;
  },
  describe: (o) => `Bid for ${o.gpuHours.toLocaleString("en-US")} spot GPU-h at up to $${o.maxPrice}/GPU-h`,
  form: (view) => {
    const own = view.own;
    return own?.role === "lab"
      ? [{ key: "", title: "Spot compute bid", values: { gpuHours: own.spotBid.gpuHours, maxPrice: own.spotBid.maxPrice } }]
      : [];
  },
});

/** What company i can pay in a quarter: its cash (if any) and what lenders would still lend it. */
export function cashAndCredit(state: Parameters<typeof debtCapacity>[0], i: number): number {
  return Math.max(0, cashOf(state, i)) + debtCapacity(state, i);
}

/** A standing spend per quarter that must fit within cash (if any) and credit. */
export function fundable(state: Parameters<typeof debtCapacity>[0], i: number, perQuarter: number) {
  return perQuarter > cashAndCredit(state, i)
    ? refuse("insufficient_funds", `$${(perQuarter / 1e9).toFixed(2)}B a quarter is more than cash and credit`)
    : null;
}

export const investEfficiency = defineOrder({
  type: "lab/investEfficiency",
  role: "lab",
  label: "Token efficiency",
  help: "Spend per quarter on fewer tokens per task and more tokens per GPU-hour.",
  kind: "policy",
  mergeKey: null,
  schema: z.strictObject({
    type: z.literal("lab/investEfficiency"),
    perQuarter: field(Money, { label: "Investment", unit: "$/q", step: 1e6 }),
  }),
  check: (state, i, o) => fundable(state as never, i, o.perQuarter),
  cost: (_s, _i, o) => o.perQuarter,
  apply: (state, _ctx, i, o) => {
    state.labs.efficiencyPerQuarter[state.companies.roleRow[i]!] = o.perQuarter;
  },
  describe: (o) => `Invest ${usd(o.perQuarter)}/q in token efficiency`,
  form: (view) =>
    view.own?.role === "lab" ? [{ key: "", title: "Token efficiency", values: { perQuarter: view.own.efficiencyPerQuarter } }] : [],
});

export const releaseModel = defineOrder({
  type: "lab/releaseModel",
  role: "lab",
  label: "Next model release",
  help: "api: everyone; phased: a share first; withhold: keep training.",
  kind: "policy",
  mergeKey: null,
  schema: z.strictObject({
    type: z.literal("lab/releaseModel"),
    mode: field(z.enum(["api", "phased", "withhold"]), {
      label: "Release mode",
      labels: { api: "API (everyone)", phased: "Phased", withhold: "Withhold" },
    }),
  }),
  check: () => null,
  cost: () => 0,
  apply: (state, _ctx, i, o) => {
    state.labs.releaseMode[state.companies.roleRow[i]!] = o.mode;
  },
  describe: (o) => `Release mode: ${o.mode}`,
  form: (view) => (view.own?.role === "lab" ? [{ key: "", title: "Next model release", values: { mode: view.own.releaseMode } }] : []),
});

export const setConsumerPlan = defineOrder({
  type: "lab/setConsumerPlan",
  role: "lab",
  label: "Consumer plan",
  help: "Flat plans invite heavy users; capped plans ration them; usage pricing makes them pay their way.",
  kind: "policy",
  mergeKey: null,
  schema: z.strictObject({
    type: z.literal("lab/setConsumerPlan"),
    plan: field(z.enum(["flat", "capped", "usage"]), { label: "Plan", labels: { flat: "Flat", capped: "Capped", usage: "Usage-based" } }),
  }),
  check: () => null,
  cost: () => 0,
  apply: (state, _ctx, i, o) => {
    state.labs.consumerPlan[state.companies.roleRow[i]!] = o.plan;
  },
  describe: (o) => `Consumer plan: ${o.plan}`,
  form: (view) => (view.own?.role === "lab" ? [{ key: "", title: "Consumer plan", values: { plan: view.own.consumerPlan } }] : []),
});

export const LAB_ORDERS = [setPrices, allocateCompute, signContract, spotBid, investEfficiency, releaseModel, setConsumerPlan] as const;
