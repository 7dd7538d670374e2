/** A hyperscaler's orders: power, accelerators, GPU-hour prices, depreciation life. */
import { z } from "zod";
import { companyIndex, dataCentreCostPerMw, effectsOf, emit } from "../engine/context.ts";
import { addRow, insertRow, keepRows } from "../engine/declare.ts";
import { ACCEL_ORDERS, BUILDS, type GameState, REGIONS } from "../engine/state.ts";
import { defineOrder, type FormInstance, field, PositivePrice, Price, Ref, refuse } from "./define.ts";
import { cashAndCredit, fundable } from "./lab.ts";

/** Extra quarters a build started in quarter q takes in a region (permit delays in force). */
export function buildDelay(state: Readonly<GameState>, q: number, region: string): number {
  let extra = 0;
  for (const e of effectsOf(state as GameState, q, "buildDelay"))
    if (e.region === "all" || e.region === region) extra = Math.max(extra, e.extraQuarters);
  return extra;
}

const regionLabels = { us: "US", europe: "Europe", asia: "Asia" };

export const buildPower = defineOrder({
  type: "hyperscaler/buildPower",
  role: "hyperscaler",
  label: "Build data-centre power",
  help: "New MW come online after the build lead time; the cost is paid as the build progresses. Leave at 0 to build nothing.",
  kind: "action",
  mergeKey: "region",
  schema: z.strictObject({
    type: z.literal("hyperscaler/buildPower"),
    region: field(z.enum(REGIONS), { label: "Region", labels: regionLabels }),
    mw: field(z.number().positive().max(100_000), { label: "Power", unit: "MW", step: 10 }),
  }),
  check: (state, i, o) => {
    const cost = o.mw * dataCentreCostPerMw(state, state.quarter + 1);
    const r = fundable(state as GameState, i, cost / state.world.dataCentre.buildQuarters);
    return r
      ? refuse("insufficient_funds", `${Math.round(o.mw)} MW costs $${(cost / 1e9).toFixed(1)}B, more than cash and credit allow`)
      : null;
  },
  cost: (state, _i, o) => (o.mw * dataCentreCostPerMw(state, state.quarter + 1)) / state.world.dataCentre.buildQuarters,
  apply: (state, ctx, i, o) => {
    const dc = state.world.dataCentre;
    addRow(BUILDS, state.builds, {
      owner: state.companies.roleRow[i]!,
      mw: o.mw,
      quartersLeft: dc.buildQuarters + buildDelay(state, ctx.q, o.region),
      region: o.region,
      costLeft: o.mw * dataCentreCostPerMw(state, ctx.q),
    });
    const id = state.companies.id[i]!;
    emit(ctx, { kind: "power/buildStarted", quarter: ctx.q, seat: id, company: id, mw: o.mw, region: o.region });
  },
  describe: (o) => `Build ${o.mw} MW in ${regionLabels[o.region]}`,
  form: (view) => {
    const own = view.own;
    return own?.role === "hyperscaler"
      ? [{ key: "", title: "Build data-centre power", values: { region: own.region as "us", mw: 0 } }]
      : [];
  },
});

export const orderAccelerators = defineOrder({
  type: "hyperscaler/orderAccelerators",
  role: "hyperscaler",
  label: "Accelerators",
  help: "Standing order per quarter from one chipmaker, up to a maximum unit price; 0 units cancels it. In a shortage the chipmaker's allocation list comes first and the rest goes to the highest bids: outbidding another buyer costs its bid.",
  kind: "policy",
  mergeKey: "chipmaker",
  schema: z.strictObject({
    type: z.literal("hyperscaler/orderAccelerators"),
    chipmaker: field(Ref, { label: "Chipmaker", options: "chipmakers" }),
    units: field(z.number().min(0).max(1e8), { label: "Units per quarter", unit: "units/q", step: 100 }),
    maxPrice: field(Price, { label: "Max price", unit: "$/unit", step: 100 }),
  }),
  check: (state, i, o) => {
    const c = companyIndex(state as GameState, o.chipmaker);
    if (c < 0 || state.companies.role[c] !== "chipmaker") return refuse("unknown_chipmaker", `"${o.chipmaker}" is not a chipmaker`);
    const k = state.companies.roleRow[c]!;
    if (state.chips.kind[k] === "asic" && state.chips.guarantor[k] !== state.companies.id[i]) {
      return refuse("not_guarantor", `${state.companies.name[c]} builds custom chips only for its guarantor`);
    }
    // a quarter of the order at the list price must fit within cash and credit, as a power build's must
    const list = state.chips.unitPrice[k]!;
    const can = cashAndCredit(state as GameState, i);
    if (o.units * list > can) {
      const most = Math.floor(can / list);
      return refuse(
        "insufficient_funds",
        `${o.units.toLocaleString("en-US")} units a quarter at the list price of $${list.toLocaleString("en-US")} cost more than cash and credit: at most ${most.toLocaleString("en-US")}`,
      );
    }
    return null;
  },
  cost: (state, _i, o) => {
    const c = companyIndex(state as GameState, o.chipmaker);
    if (c < 0) return 0;
    const price = state.chips.unitPrice[state.companies.roleRow[c]!]!;
    return price <= o.maxPrice ? o.units * price : 0;
  },
  apply: (state, _ctx, i, o) => {
    // The buyer's standing orders are kept sorted by chipmaker: this one replaces its chipmaker's
    // (and is dropped when for no units).
    const h = state.companies.roleRow[i]!;
    const A = state.accelOrders;
    let at = A.n;
    for (let r = 0; r < A.n; r++) {
      if (A.owner[r] !== h || A.chipmaker[r]! < o.chipmaker) continue;
      if (A.chipmaker[r] === o.chipmaker) {
        if (o.units > 0) {
          A.units[r] = o.units;
          A.maxPrice[r] = o.maxPrice;
          A.booked[r] = false;
        } else keepRows(ACCEL_ORDERS, A, (x) => x !== r);
        return;
      }
      at = r;
      break;
    }
    if (o.units > 0)
      insertRow(ACCEL_ORDERS, A, at, { owner: h, chipmaker: o.chipmaker, units: o.units, maxPrice: o.maxPrice, booked: false });
  },
  describe: (o, name) =>
    `Order ${o.units.toLocaleString("en-US")} accelerators/q from ${name(o.chipmaker)} at up to $${o.maxPrice.toLocaleString("en-US")}`,
  form: (view) => {
    const own = view.own;
    if (own?.role !== "hyperscaler") return [];
    const out: FormInstance<{ type: "hyperscaler/orderAccelerators"; chipmaker: string; units: number; maxPrice: number }>[] = [];
    for (const c of view.actors) {
      if (c.role !== "chipmaker" || c.failed) continue;
      // what stands: a team's order, or the booking placed before the game
      const cur = own.acceleratorOrders.find((o) => o.chipmaker === c.id);
      // a custom-ASIC maker builds only for its guarantor
      if (c.facts.kind === "asic" && c.facts.guarantor !== own.id) continue;
      out.push({
        key: c.id,
        title: `Accelerators from ${c.name}`,
        values: { chipmaker: c.id, units: cur?.units ?? 0, maxPrice: cur?.maxPrice ?? Number(c.facts.unitPrice ?? 0) },
      });
    }
    return out;
  },
});

export const setGpuPrices = defineOrder({
  type: "hyperscaler/setGpuPrices",
  role: "hyperscaler",
  label: "GPU-hour prices",
  help: "Price for new multi-quarter contracts, and the lowest price you sell spot at.",
  kind: "policy",
  mergeKey: null,
  schema: z.strictObject({
    type: z.literal("hyperscaler/setGpuPrices"),
    contractPrice: field(PositivePrice, { label: "Contract price", unit: "$/GPU-h", step: 0.01 }),
    spotFloor: field(PositivePrice, { label: "Spot floor", unit: "$/GPU-h", step: 0.01 }),
  }),
  check: () => null,
  cost: () => 0,
  apply: (state, _ctx, i, o) => {
    const h = state.companies.roleRow[i]!;
    state.clouds.contractPrice[h] = o.contractPrice;
    state.clouds.spotFloor[h] = o.spotFloor;
  },
  describe: (o) => `GPU-hours at $${o.contractPrice} contract, $${o.spotFloor} spot floor`,
  form: (view) =>
    view.own?.role === "hyperscaler"
      ? [{ key: "", title: "GPU-hour prices", values: { contractPrice: view.own.contractPrice, spotFloor: view.own.spotFloor } }]
      : [],
});

export const setUsefulLife = defineOrder({
  type: "hyperscaler/setUsefulLife",
  role: "hyperscaler",
  label: "Depreciation",
  help: "Accounting life new accelerators are depreciated over.",
  kind: "policy",
  mergeKey: null,
  schema: z.strictObject({
    type: z.literal("hyperscaler/setUsefulLife"),
    years: field(z.number().min(1).max(15), { label: "Useful life", unit: "years", step: 0.5 }),
  }),
  check: () => null,
  cost: () => 0,
  apply: (state, _ctx, i, o) => {
    state.clouds.usefulLifeYears[state.companies.roleRow[i]!] = o.years;
  },
  describe: (o) => `Depreciate over ${o.years} years`,
  form: (view) =>
    view.own?.role === "hyperscaler" ? [{ key: "", title: "Depreciation", values: { years: view.own.usefulLifeYears } }] : [],
});

export const HYPERSCALER_ORDERS = [buildPower, orderAccelerators, setGpuPrices, setUsefulLife] as const;
