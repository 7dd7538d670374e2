/**
 * The game state: plain JSON only (no classes, Maps or Dates), so that it hashes
 * canonically, round-trips through JSON and can be persisted as-is.
 * Money is integer cents in the ledger; other quantities are floats.
 * A field added here must be added to its type's hash (and, if it is an object or array, its
 * copy) in state-walk.ts; test/engine/state-walk.test.ts names any field that is missed.
 */
import type { Personality, Region, Role, RoutingPolicy, ScheduledShock, ShockSpec, TaskClass, Tier, World } from "../scenario/schema.ts";
import type { RngState } from "./rng.ts";

export const STATE_VERSION = 1;

/** Per-quarter profit and loss, cash flow and balance items of one company (US dollars). */
export interface Books {
  revenue: number;
  costOfRevenue: number;
  grossProfit: number;
  grossMargin: number;
  rnd: number;
  sga: number;
  depreciation: number;
  interest: number;
  operatingIncome: number;
  netIncome: number;
  capex: number;
  /** operating cash flow minus capex */
  fcf: number;
  cash: number;
  debt: number;
  /** net property, plant and equipment (accelerators and data centres) */
  ppe: number;
  equity: number;
  valuation: number;
  sharePrice: number;
  sharesMillions: number;
}

export interface ActorBase {
  id: string;
  role: Role;
  name: string;
  personality: Personality;
  region: Region;
  /** distress: quarters in a row with negative cash before emergency financing */
  distressQuarters: number;
  failed: boolean;
  debtCents: number;
  sharesMillions: number;
  /** the share price at the start, for total shareholder return */
  startSharePrice: number;
  books: Books;
  /** revenue of the last quarters, newest last (at most 8) */
  revenueHistory: number[];
  /** investors' view of growth and margin (the valuation multiple's fundamental factor), revised gradually */
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
  /** training GPU-hours accumulated towards the next frontier model */
  trainingPool: number;
  /** cumulative internal-use GPU-hours (raise the rate of progress) */
  internalStock: number;
  /** cumulative efficiency investment ($) */
  efficiencyStock: number;
  generation: number;
  /** this quarter's compute, GPU-hours */
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
  /** book value (cents) and straight-line depreciation per quarter (cents) */
  bookCents: number;
  depPerQuarterCents: number;
  ageQuarters: number;
  /** a custom-ASIC fleet serves only its partner lab (null: any customer); always present, so every cohort has one object layout */
  partnerLab: string | null;
}

export interface HyperscalerState extends ActorBase {
  role: "hyperscaler";
  neocloud: boolean;
  powerMw: number;
  /** MW under construction: quarters to go and what is left to pay ($) */
  pipeline: { mw: number; quartersLeft: number; region: Region; costLeft: number }[];
  fleet: FleetCohort[];
  /** accelerators delivered but waiting for power */
  warehouseUnits: {
    chipmaker: string;
    units: number;
    perfPerUnit: number;
    kwPerUnit: number;
    costCents: number;
    partnerLab: string | null;
  }[];
  dcBookCents: number;
  otherRevenue: number;
  otherRevenueGrowth: number;
  otherMargin: number;
  ownUseShare: number;
  /** GPU-hours its own products use per quarter (set from ownUseShare in the first quarter) */
  ownUseHours: number;
  contractPrice: number;
  spotFloor: number;
  usefulLifeYears: number;
  acceleratorOrders: { chipmaker: string; units: number; maxPrice: number }[];
  /** GPU-hours this quarter: capacity, used by own products, contracted, sold spot, idle */
  /** GPU-hours this quarter: capacity, used by own products, contracted, sold spot, idle; and AI revenue ($) */
  gpu: { capacity: number; ownUse: number; contracted: number; spot: number; idle: number; revenue: number };
  /** GPU-hours sold or used (contracts, spot, own products) in the last quarters, newest last (at most 4) */
  soldHistory: number[];
  /** capex this quarter ($) */
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
  /** an ASIC maker's partner lab and balance-sheet guarantor (null for a merchant); always present, so every chipmaker has one object layout */
  partnerLab: string | null;
  guarantor: string | null;
  inventoryUnits: number;
  /** unit cost of the inventory (cents per unit) */
  unitCostCents: number;
  /** produced this quarter, delivered next quarter */
  inTransitUnits: number;
  produced: number;
  sold: number;
  wafersReceived: number;
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
  /** cumulative value created net of AI spend and integration cost ($): its score */
  netValueCumulative: number;
}

export type ActorState = LabState | HyperscalerState | ChipmakerState | EnterpriseState;

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
  /** share of demand it may serve: 1 = general availability, <1 phased release */
  availability: number;
  releasedQuarter: number;
  /** this quarter: tokens served (MTok), revenue ($) */
  servedMtok: number;
  revenue: number;
}

export interface Contract {
  id: string;
  lab: string;
  provider: string;
  gpuHoursPerQuarter: number;
  /** $ per GPU-hour */
  price: number;
  startQuarter: number;
  endQuarter: number;
}

export interface ActiveEffect {
  shock: string;
  title: string;
  effect: ShockSpec["effects"][number];
  fromQuarter: number;
  /** last quarter it applies (inclusive); null = permanent */
  untilQuarter: number | null;
}

/** Public indicators of one resolved quarter. */
export interface QuarterIndicators {
  quarter: number;
  label: string;
  tokenPriceIndex: number;
  fixedCapabilityPrice: number | null;
  gpuHourPrice: number;
  totalTokens: number;
  aiCapex: number;
  waferUtilization: number;
  gpuUtilization: number;
  hbmPrice: number;
  shadowOutput: number;
  /**
   * what AI-done work was worth this quarter relative to the first: falls as AI's output grows
   * relative to the economy (world.params.valueDeflation; seed-facts §2 #38); the next quarter's
   * follows from it (tokens.ts valueOfWork)
   */
  valueScale: number;
  /** what buyers paid for tasks this quarter ($) */
  apiSpend: number;
  /** losses lenders took this quarter on failed companies ($) */
  creditLosses: number;
  costPerTask: Record<string, number>;
  frontierTokenShare: number;
  frontierRevenueShare: number;
  chipSentiment: number;
  labSentiment: number;
  rate: number;
  actors: Record<
    string,
    { revenue: number; grossMargin: number; cash: number; fcf: number; valuation: number; tokensServed: number; share: number }
  >;
}

export interface GameState {
  version: number;
  scenarioId: string;
  scenarioVersion: number;
  title: string;
  seed: number;
  start: { year: number; quarter: number };
  quarters: number;
  /** quarters resolved so far; the next quarter to resolve is quarter + 1 */
  quarter: number;
  finished: boolean;
  rng: RngState;
  world: World;
  /** per-run draw from the demand growth cone */
  demandGrowth: number;
  /** tokens per task relative to the start (reasoning growth and shocks), also applied to consumer use */
  reasoningScale: number;
  taskClasses: TaskClass[];
  /** potential tasks multiplier per class (growth and shocks accumulated) */
  classScale: Record<string, number>;
  restAdoption: number;
  /** cost per resolved task of each class in the first quarter, the reference for adoption */
  costRef: Record<string, number>;
  restShares: Record<string, Record<string, number>>;
  actors: Record<string, ActorState>;
  models: Record<string, ModelState>;
  contracts: Contract[];
  nextContractId: number;
  /** the ledger: account → balance in integer cents; all balances sum to zero */
  ledger: Record<string, number>;
  catalogue: ShockSpec[];
  randomShocks: string[];
  schedule: ScheduledShock[];
  active: ActiveEffect[];
  fired: { shock: string; quarter: number }[];
  foundry: {
    capacityWafers: number;
    pricePerWafer: number;
    discipline: boolean;
    highUtilQuarters: number;
    pending: { wafers: number; quarter: number }[];
    utilization: number;
  };
  memory: { capacityStacks: number; pricePerStack: number; priceHistory: number[]; utilization: number; demandStacks: number };
  capital: { rate: number; sentiment: { labs: number; chips: number; clouds: number } };
  /** spot GPU-hour price last cleared */
  spotPrice: number;
  history: QuarterIndicators[];
  /** hash of the shock catalogue (static for a game) */
  catalogueDigest: string;
  /** hash of the world's rules and parameters (static for a game: no step changes `world`) */
  worldDigest: string;
  /** the capability of the best model in the first quarter (for fixedCapabilityPrice) */
  baseFrontierCapability: number;
}

export type LabOf<T extends Role> = Extract<ActorState, { role: T }>;

/** Public/private visibility of an event. */
export interface GameEvent {
  type: string;
  quarter: number;
  /** undefined = public; otherwise only this seat sees it */
  seat?: string;
  text: string;
  data?: Record<string, string | number | boolean | null>;
}

export type OrdersBySeat = Record<string, unknown[]>;

export interface TurnResult {
  state: GameState;
  events: GameEvent[];
  hash: string;
}
