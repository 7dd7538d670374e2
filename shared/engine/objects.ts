/**
 * A row of the state's tables as one object: a company with its books and role's fields, a
 * model, a contract. What a seat's view shows as its own (`own`), what bots read, and what the
 * server, the command line and tests use to look at a company. Built on demand from the
 * tables; changing one changes nothing in the state.
 */
import type { Personality, Region, RoutingPolicy, TaskClass, Tier } from "../scenario/schema.ts";
import type { Books, GameState, Role } from "./state.ts";

export interface ActorBase {
  id: string;
  role: Role;
  name: string;
  personality: Personality;
  region: Region;
  /** distress: quarters counted towards failure */
  distressQuarters: number;
  failed: boolean;
  debtCents: number;
  sharesMillions: number;
  /** the share price at the start, for total shareholder return */
  startSharePrice: number;
  books: Books;
  /** revenue of the last quarters, newest last (at most 8) */
  revenueHistory: number[];
  /** investors' view of growth and margin (the valuation multiple's fundamental factor) */
  expectation: number;
}

export interface LabState extends ActorBase {
  role: "lab";
  models: string[];
  split: { training: number; serving: number; internal: number };
  spotBid: { gpuHours: number; maxPrice: number };
  efficiencyPerQuarter: number;
  releaseMode: "api" | "phased" | "withhold";
  consumerPlan: "flat" | "capped" | "usage";
  payroll: number;
  salesShare: number;
  subscribersMillions: number;
  trainingPool: number;
  internalStock: number;
  efficiencyStock: number;
  generation: number;
  compute: {
    contracted: number;
    spot: number;
    asic: number;
    total: number;
    training: number;
    serving: number;
    internal: number;
    cost: number;
  };
  tokens: { demanded: number; served: number; consumer: number };
  unconstrainedRevenue: number;
}

export interface FleetCohort {
  chipmaker: string;
  units: number;
  perfPerUnit: number;
  kwPerUnit: number;
  bookCents: number;
  depPerQuarterCents: number;
  ageQuarters: number;
  partnerLab: string | null;
}

export interface WarehouseLot {
  chipmaker: string;
  units: number;
  perfPerUnit: number;
  kwPerUnit: number;
  costCents: number;
  partnerLab: string | null;
}

export interface HyperscalerState extends ActorBase {
  role: "hyperscaler";
  neocloud: boolean;
  powerMw: number;
  pipeline: { mw: number; quartersLeft: number; region: Region; costLeft: number }[];
  fleet: FleetCohort[];
  warehouseUnits: WarehouseLot[];
  dcBookCents: number;
  otherRevenue: number;
  otherRevenueGrowth: number;
  otherMargin: number;
  ownUseShare: number;
  ownUseHours: number;
  contractPrice: number;
  spotFloor: number;
  usefulLifeYears: number;
  /**
   * standing orders for accelerators, until replaced or cancelled; `booked`: placed before the
   * game, it asks each quarter, up to its units, for what the power ready for chips holds
   */
  acceleratorOrders: { chipmaker: string; units: number; maxPrice: number; booked: boolean }[];
  gpu: { capacity: number; ownUse: number; contracted: number; spot: number; idle: number; revenue: number };
  soldHistory: number[];
  capexThisQuarter: number;
}

export interface ChipmakerState extends ActorBase {
  role: "chipmaker";
  kind: "merchant" | "asic";
  perfPerUnit: number;
  kwPerUnit: number;
  diesPerWafer: number;
  hbmPerUnit: number;
  packagingCost: number;
  unitPrice: number;
  wafersPerQuarter: number;
  prepay: boolean;
  priority: string[];
  rndPerQuarter: number;
  rndStock: number;
  generation: number;
  quartersSinceGeneration: number;
  partnerLab: string | null;
  guarantor: string | null;
  inventoryUnits: number;
  unitCostCents: number;
  inTransitUnits: number;
  produced: number;
  sold: number;
  wafersReceived: number;
  asp: number;
  orderedUnits: number;
  backlogUnits: number;
}

export interface EnterpriseState extends ActorBase {
  role: "enterprise";
  baseRevenue: number;
  baseMargin: number;
  labourCost: number;
  tasks: Record<string, number>;
  budget: number;
  routing: Record<string, { policy: RoutingPolicy; model?: string; fallback?: string }>;
  adoption: number;
  adoptionCeiling: number;
  integrationPerQuarter: number;
  integrationStock: number;
  labourSubstitution: number;
  /** routing shares by task class then model id */
  shares: Record<string, Record<string, number>>;
  spend: number;
  valueCreated: number;
  tasksDone: number;
  budgetExhausted: boolean;
  /** AI gains passed to its clients in lower prices this quarter (its rivals' competition) */
  aiGainsPassed: number;
  /** what the quarter's AI work showed in its business: value created as far as integration realises it, plus labour saved */
  valueRealised: number;
  netValueCumulative: number;
}

export type ActorState = LabState | HyperscalerState | ChipmakerState | EnterpriseState;
export type LabOf<T extends Role> = Extract<ActorState, { role: T }>;

export interface ModelState {
  id: string;
  lab: string;
  name: string;
  tier: Tier;
  capability: number;
  verbosity: number;
  mtokPerGpuHour: number;
  inputPrice: number;
  outputPrice: number;
  openWeights: boolean;
  availability: number;
  releasedQuarter: number;
  servedMtok: number;
  revenue: number;
}

export interface Contract {
  id: string;
  lab: string;
  provider: string;
  gpuHoursPerQuarter: number;
  price: number;
  startQuarter: number;
  endQuarter: number;
}

function rowsOf<T>(n: number, owner: readonly number[], who: number, make: (r: number) => T): T[] {
  const out: T[] = [];
  for (let r = 0; r < n; r++) if (owner[r] === who) out.push(make(r));
  return out;
}

/** A keyed column's entry as a record keyed by the other table's ids (absent entries left out). */
function recordOf<T>(ids: readonly string[], values: readonly (T | null)[], keep: (v: T) => boolean = () => true): Record<string, T> {
  const out: Record<string, T> = {};
  for (let k = 0; k < ids.length; k++) {
    const v = values[k];
    if (v === null || v === undefined || (typeof v === "number" && Number.isNaN(v)) || !keep(v)) continue;
    out[ids[k]!] = v;
  }
  return out;
}

/**
 * Company i as one object: its company fields (ActorBase) then its role's, each role's written
 * out as one literal (a spread of the company fields and then the role's fields made each object
 * twice as slowly, and views make one per seat every quarter).
 */
export function companyObject(state: Readonly<GameState>, i: number): ActorState {
  const C = state.companies;
  const b = C.books;
  const books: Books = {
    revenue: b.revenue[i]!,
    costOfRevenue: b.costOfRevenue[i]!,
    grossProfit: b.grossProfit[i]!,
    grossMargin: b.grossMargin[i]!,
    rnd: b.rnd[i]!,
    sga: b.sga[i]!,
    depreciation: b.depreciation[i]!,
    interest: b.interest[i]!,
    operatingIncome: b.operatingIncome[i]!,
    netIncome: b.netIncome[i]!,
    capex: b.capex[i]!,
    fcf: b.fcf[i]!,
    cash: b.cash[i]!,
    debt: b.debt[i]!,
    ppe: b.ppe[i]!,
    equity: b.equity[i]!,
    valuation: b.valuation[i]!,
    sharePrice: b.sharePrice[i]!,
    sharesMillions: b.sharesMillions[i]!,
    loanRate: b.loanRate[i]!,
    payouts: b.payouts[i]!,
    dividendPerShare: b.dividendPerShare[i]!,
    creditLosses: b.creditLosses[i]!,
    creditAllowance: b.creditAllowance[i]!,
  };
  const r = C.roleRow[i]!;
  switch (C.role[i]!) {
    case "lab": {
      const L = state.labs;
      return {
        id: C.id[i]!,
        role: "lab",
        name: C.name[i]!,
        personality: C.personality[i]!,
        region: C.region[i]!,
        distressQuarters: C.distressQuarters[i]!,
        failed: C.failed[i]!,
        debtCents: C.debtCents[i]!,
        sharesMillions: C.sharesMillions[i]!,
        startSharePrice: C.startSharePrice[i]!,
        books,
        revenueHistory: C.revenueHistory[i]!.slice(),
        expectation: C.expectation[i]!,
        models: [...L.models[r]!],
        split: { training: L.split.training[r]!, serving: L.split.serving[r]!, internal: L.split.internal[r]! },
        spotBid: { gpuHours: L.spotBid.gpuHours[r]!, maxPrice: L.spotBid.maxPrice[r]! },
        efficiencyPerQuarter: L.efficiencyPerQuarter[r]!,
        releaseMode: L.releaseMode[r]!,
        consumerPlan: L.consumerPlan[r]!,
        payroll: L.payroll[r]!,
        salesShare: L.salesShare[r]!,
        subscribersMillions: L.subscribersMillions[r]!,
        trainingPool: L.trainingPool[r]!,
        internalStock: L.internalStock[r]!,
        efficiencyStock: L.efficiencyStock[r]!,
        generation: L.generation[r]!,
        compute: {
          contracted: L.compute.contracted[r]!,
          spot: L.compute.spot[r]!,
          asic: L.compute.asic[r]!,
          total: L.compute.total[r]!,
          training: L.compute.training[r]!,
          serving: L.compute.serving[r]!,
          internal: L.compute.internal[r]!,
          cost: L.compute.cost[r]!,
        },
        tokens: { demanded: L.tokens.demanded[r]!, served: L.tokens.served[r]!, consumer: L.tokens.consumer[r]! },
        unconstrainedRevenue: L.unconstrainedRevenue[r]!,
      };
    }
    case "hyperscaler": {
      const H = state.clouds;
      const B = state.builds;
      const F = state.cohorts;
      const W = state.lots;
      const A = state.accelOrders;
      return {
        id: C.id[i]!,
        role: "hyperscaler",
        name: C.name[i]!,
        personality: C.personality[i]!,
        region: C.region[i]!,
        distressQuarters: C.distressQuarters[i]!,
        failed: C.failed[i]!,
        debtCents: C.debtCents[i]!,
        sharesMillions: C.sharesMillions[i]!,
        startSharePrice: C.startSharePrice[i]!,
        books,
        revenueHistory: C.revenueHistory[i]!.slice(),
        expectation: C.expectation[i]!,
        neocloud: H.neocloud[r]!,
        powerMw: H.powerMw[r]!,
        pipeline: rowsOf(B.n, B.owner, r, (x) => ({
          mw: B.mw[x]!,
          quartersLeft: B.quartersLeft[x]!,
          region: B.region[x]!,
          costLeft: B.costLeft[x]!,
        })),
        fleet: rowsOf(F.n, F.owner, r, (x) => ({
          chipmaker: F.chipmaker[x]!,
          units: F.units[x]!,
          perfPerUnit: F.perfPerUnit[x]!,
          kwPerUnit: F.kwPerUnit[x]!,
          bookCents: F.bookCents[x]!,
          depPerQuarterCents: F.depPerQuarterCents[x]!,
          ageQuarters: F.ageQuarters[x]!,
          partnerLab: F.partnerLab[x]!,
        })),
        warehouseUnits: rowsOf(W.n, W.owner, r, (x) => ({
          chipmaker: W.chipmaker[x]!,
          units: W.units[x]!,
          perfPerUnit: W.perfPerUnit[x]!,
          kwPerUnit: W.kwPerUnit[x]!,
          costCents: W.costCents[x]!,
          partnerLab: W.partnerLab[x]!,
        })),
        dcBookCents: H.dcBookCents[r]!,
        otherRevenue: H.otherRevenue[r]!,
        otherRevenueGrowth: H.otherRevenueGrowth[r]!,
        otherMargin: H.otherMargin[r]!,
        ownUseShare: H.ownUseShare[r]!,
        ownUseHours: H.ownUseHours[r]!,
        contractPrice: H.contractPrice[r]!,
        spotFloor: H.spotFloor[r]!,
        usefulLifeYears: H.usefulLifeYears[r]!,
        acceleratorOrders: rowsOf(A.n, A.owner, r, (x) => ({
          chipmaker: A.chipmaker[x]!,
          units: A.units[x]!,
          maxPrice: A.maxPrice[x]!,
          booked: A.booked[x]!,
        })),
        gpu: {
          capacity: H.gpu.capacity[r]!,
          ownUse: H.gpu.ownUse[r]!,
          contracted: H.gpu.contracted[r]!,
          spot: H.gpu.spot[r]!,
          idle: H.gpu.idle[r]!,
          revenue: H.gpu.revenue[r]!,
        },
        soldHistory: H.soldHistory[r]!.slice(),
        capexThisQuarter: H.capexThisQuarter[r]!,
      };
    }
    case "chipmaker": {
      const K = state.chips;
      return {
        id: C.id[i]!,
        role: "chipmaker",
        name: C.name[i]!,
        personality: C.personality[i]!,
        region: C.region[i]!,
        distressQuarters: C.distressQuarters[i]!,
        failed: C.failed[i]!,
        debtCents: C.debtCents[i]!,
        sharesMillions: C.sharesMillions[i]!,
        startSharePrice: C.startSharePrice[i]!,
        books,
        revenueHistory: C.revenueHistory[i]!.slice(),
        expectation: C.expectation[i]!,
        kind: K.kind[r]!,
        perfPerUnit: K.perfPerUnit[r]!,
        kwPerUnit: K.kwPerUnit[r]!,
        diesPerWafer: K.diesPerWafer[r]!,
        hbmPerUnit: K.hbmPerUnit[r]!,
        packagingCost: K.packagingCost[r]!,
        unitPrice: K.unitPrice[r]!,
        wafersPerQuarter: K.wafersPerQuarter[r]!,
        prepay: K.prepay[r]!,
        priority: [...K.priority[r]!],
        rndPerQuarter: K.rndPerQuarter[r]!,
        rndStock: K.rndStock[r]!,
        generation: K.generation[r]!,
        quartersSinceGeneration: K.quartersSinceGeneration[r]!,
        partnerLab: K.partnerLab[r]!,
        guarantor: K.guarantor[r]!,
        inventoryUnits: K.inventoryUnits[r]!,
        unitCostCents: K.unitCostCents[r]!,
        inTransitUnits: K.inTransitUnits[r]!,
        produced: K.produced[r]!,
        sold: K.sold[r]!,
        wafersReceived: K.wafersReceived[r]!,
        asp: K.asp[r]!,
        orderedUnits: K.orderedUnits[r]!,
        backlogUnits: K.backlogUnits[r]!,
      };
    }
    case "enterprise": {
      const E = state.firms;
      const classes = state.classes.id;
      const routing: EnterpriseState["routing"] = {};
      for (let k = 0; k < classes.length; k++) {
        const route = E.routing[r]![k];
        if (!route) continue;
        const o: EnterpriseState["routing"][string] = { policy: route.policy };
        if (route.model) o.model = route.model;
        if (route.fallback) o.fallback = route.fallback;
        routing[classes[k]!] = o;
      }
      const shares: EnterpriseState["shares"] = {};
      for (let k = 0; k < classes.length; k++) {
        const s = E.shares[r]![k];
        if (s) shares[classes[k]!] = recordOf(state.models.id, s);
      }
      return {
        id: C.id[i]!,
        role: "enterprise",
        name: C.name[i]!,
        personality: C.personality[i]!,
        region: C.region[i]!,
        distressQuarters: C.distressQuarters[i]!,
        failed: C.failed[i]!,
        debtCents: C.debtCents[i]!,
        sharesMillions: C.sharesMillions[i]!,
        startSharePrice: C.startSharePrice[i]!,
        books,
        revenueHistory: C.revenueHistory[i]!.slice(),
        expectation: C.expectation[i]!,
        baseRevenue: E.baseRevenue[r]!,
        baseMargin: E.baseMargin[r]!,
        labourCost: E.labourCost[r]!,
        tasks: recordOf(classes, E.tasks[r]!),
        budget: E.budget[r]!,
        routing,
        adoption: E.adoption[r]!,
        adoptionCeiling: E.adoptionCeiling[r]!,
        integrationPerQuarter: E.integrationPerQuarter[r]!,
        integrationStock: E.integrationStock[r]!,
        labourSubstitution: E.labourSubstitution[r]!,
        shares,
        spend: E.spend[r]!,
        valueCreated: E.valueCreated[r]!,
        tasksDone: E.tasksDone[r]!,
        budgetExhausted: E.budgetExhausted[r]!,
        aiGainsPassed: E.aiGainsPassed[r]!,
        valueRealised: E.valueRealised[r]!,
        netValueCumulative: E.netValueCumulative[r]!,
      };
    }
  }
}

/** A company by id as one object, or undefined. */
export function actorOf(state: Readonly<GameState>, id: string): ActorState | undefined {
  const i = state.companies.id.indexOf(id);
  return i < 0 ? undefined : companyObject(state, i);
}

/** Every company as an object, by id (in id order). */
export function actorsOf(state: Readonly<GameState>): Record<string, ActorState> {
  const out: Record<string, ActorState> = {};
  for (let i = 0; i < state.companies.n; i++) out[state.companies.id[i]!] = companyObject(state, i);
  return out;
}

/** Model m as one object. */
export function modelObject(state: Readonly<GameState>, m: number): ModelState {
  const M = state.models;
  return {
    id: M.id[m]!,
    lab: state.companies.id[M.lab[m]!]!,
    name: M.name[m]!,
    tier: M.tier[m]!,
    capability: M.capability[m]!,
    verbosity: M.verbosity[m]!,
    mtokPerGpuHour: M.mtokPerGpuHour[m]!,
    inputPrice: M.inputPrice[m]!,
    outputPrice: M.outputPrice[m]!,
    openWeights: M.openWeights[m]!,
    availability: M.availability[m]!,
    releasedQuarter: M.releasedQuarter[m]!,
    servedMtok: M.servedMtok[m]!,
    revenue: M.revenue[m]!,
  };
}

/** Every model as an object, by id. */
export function modelsOf(state: Readonly<GameState>): Record<string, ModelState> {
  const out: Record<string, ModelState> = {};
  for (let m = 0; m < state.models.n; m++) out[state.models.id[m]!] = modelObject(state, m);
  return out;
}

/** Contract c as one object. */
export function contractObject(state: Readonly<GameState>, c: number): Contract {
  const K = state.contracts;
  const ids = state.companies.id;
  return {
    id: K.id[c]!,
    lab: ids[K.lab[c]!]!,
    provider: ids[K.provider[c]!]!,
    gpuHoursPerQuarter: K.gpuHoursPerQuarter[c]!,
    price: K.price[c]!,
    startQuarter: K.startQuarter[c]!,
    endQuarter: K.endQuarter[c]!,
  };
}

/** Task class k as one object (as the scenario declares it, with this quarter's tokens per task). */
export function classObject(state: Readonly<GameState>, k: number): TaskClass {
  const K = state.classes;
  return {
    id: K.id[k]!,
    name: K.name[k]!,
    qualityBar: K.qualityBar[k]!,
    tokensPerTask: K.tokensPerTask[k]!,
    outputShare: K.outputShare[k]!,
    valueMedian: K.valueMedian[k]!,
    valueSigma: K.valueSigma[k]!,
    restPotential: K.restPotential[k]!,
    growth: K.growth[k]!,
    uncapped: K.uncapped[k]!,
    frontierHabit: K.frontierHabit[k]!,
  };
}
