/**
 * The game state, declared once (declare.ts says how a declaration reads). The types, the
 * working copy, the state hash, the JSON form and its validation all follow from STATE.
 *
 * The order of the fields is the hash's canonical order (rules v1's): do not reorder them. A
 * new field is one line here (and its value in create-game.ts); give it `hash: false` only if
 * it is structure implied by where a row is hashed.
 *
 * Money is integer cents in the ledger and in the fields named `…Cents`; other money fields
 * are US dollars (floats) per quarter unless their unit says otherwise.
 */

import type { ScheduledShock, ShockSpec, World } from "../scenario/schema.ts";
import {
  bool,
  type ColumnsOf,
  children,
  dict,
  group,
  json,
  keyed,
  ledger,
  num,
  nums,
  oneOf,
  optNum,
  optText,
  ref,
  type StructOf,
  type TableOf,
  table,
  text,
  texts,
} from "./declare.ts";
import { MARKET_EVENT_KINDS } from "./events.ts";

export const STATE_VERSION = 1;

export const ROLES = ["lab", "hyperscaler", "chipmaker", "enterprise"] as const;
export const REGIONS = ["us", "europe", "asia"] as const;
export const TIERS = ["frontier", "mid", "small"] as const;
export const PERSONALITIES = ["cautious", "aggressive"] as const;
export const POLICIES = ["cheapest", "frontier", "named"] as const;
const RELEASE_MODES = ["api", "phased", "withhold"] as const;
const CONSUMER_PLANS = ["flat", "capped", "usage"] as const;

/** An effect in force: a shock's typed effect and the quarters it applies in. */
export interface ActiveEffect {
  shock: string;
  title: string;
  effect: ShockSpec["effects"][number];
  fromQuarter: number;
  /** last quarter it applies (inclusive); null = permanent */
  untilQuarter: number | null;
}

// ---------------------------------------------------------------------------------------------
// Companies: one row per company (in id order), continued by a row of its role's table.

export const BOOKS = group(
  {
    revenue: num("$", "revenue this quarter"),
    costOfRevenue: num("$", "cost of revenue"),
    grossProfit: num("$", "revenue less cost of revenue"),
    grossMargin: num("fraction", "gross profit over revenue (0 without revenue)"),
    rnd: num("$", "research and development"),
    sga: num("$", "sales, general and administrative, and other costs"),
    depreciation: num("$", "depreciation and write-offs"),
    interest: num("$", "interest paid"),
    operatingIncome: num("$", "gross profit less R&D, SG&A and depreciation"),
    netIncome: num("$", "operating income less interest"),
    capex: num("$", "capital expenditure"),
    fcf: num(
      "$",
      "free cash flow: net income plus depreciation, less the cash put into working capital (a chipmaker's unsold units) and capex",
    ),
    cash: num("$", "cash at the quarter's end"),
    debt: num("$", "debt outstanding"),
    ppe: num("$", "net property, plant and equipment (accelerators, data centres, chip inventory)"),
    equity: num("$", "cash plus PP&E less debt"),
    valuation: num("$", "market value"),
    sharePrice: num("$", "valuation per share"),
    sharesMillions: num("million shares", "shares outstanding"),
    loanRate: num("fraction/yr", "interest rate on its debt this quarter: the policy rate plus its risk spread"),
    payouts: num("$", "cash returned to shareholders this quarter (dividends and buybacks)"),
    dividendPerShare: num("$", "dividends paid this quarter per share"),
    creditLosses: num(
      "$",
      "its lenders' and counterparties' credit loss expense on it this quarter: the change in the allowance for expected credit losses on its debt plus what they wrote off at its default beyond that allowance (negative: a release)",
    ),
    creditAllowance: num(
      "$",
      "its lenders' allowance for expected credit losses on its debt at the quarter's end (debt × loss given default × the chance of default its risk spread implies over the horizon; 0 once failed)",
    ),
  },
  "per-quarter profit and loss, cash flow and balance items",
  { shape: [1, 24] },
);

export const COMPANIES = table(
  {
    id: text("the company's id (its seat)", { fixed: true }),
    role: oneOf(ROLES, "its role", { fixed: true }),
    name: text("display name", { fixed: true }),
    personality: oneOf(PERSONALITIES, "how its bot plays", { fixed: true }),
    region: oneOf(REGIONS, "home region", { fixed: true }),
    distressQuarters: num("quarters", "quarters of distress (negative cash) counted towards failure"),
    failed: bool("failed: no longer acts; its assets were auctioned"),
    debtCents: num("cents", "debt outstanding"),
    sharesMillions: num("million shares", "shares outstanding"),
    startSharePrice: num("$", "share price at the start, for total shareholder return", { fixed: true }),
    books: BOOKS,
    revenueHistory: nums("$", 8, "revenue of the last quarters, newest last"),
    expectation: num("factor", "investors' view of growth and margin (the valuation multiple's fundamental factor), revised gradually"),
    roleRow: num("row", "the company's row in its role's table", { fixed: true, hash: false }),
    startValuation: num("$", "valuation at the start, beside startSharePrice", { fixed: true }),
    startRevenue: num("$", "revenue in the quarter before the game, what the ranking measures revenue from", { fixed: true }),
  },
  "companies, in id order",
  {
    as: "record",
    variants: {
      field: "role",
      row: "roleRow",
      tables: {
        lab: { table: "labs", shape: [2, 30] },
        hyperscaler: { table: "clouds", shape: [3, 32] },
        chipmaker: { table: "chips", shape: [4, 35] },
        enterprise: { table: "firms", shape: [5, 29] },
      },
    },
  },
);

export const LABS = table(
  {
    company: ref("companies", "the company", { fixed: true, hash: false }),
    models: texts("ids of its models, sorted", { fixed: true }),
    split: group(
      {
        training: num("fraction", "share of compute for training"),
        serving: num("fraction", "share of compute for serving"),
        internal: num("fraction", "share of compute for internal use"),
      },
      "compute split",
    ),
    spotBid: group(
      { gpuHours: num("GPU-hours", "hours bid for on the spot market"), maxPrice: num("$/GPU-hour", "the most it pays") },
      "standing spot bid",
    ),
    efficiencyPerQuarter: num("$", "efficiency research per quarter"),
    releaseMode: oneOf(RELEASE_MODES, "how its next model is released"),
    consumerPlan: oneOf(CONSUMER_PLANS, "its consumer plan"),
    payroll: num("$", "research payroll and G&A per quarter", { fixed: true }),
    salesShare: num("fraction", "sales and marketing as a share of revenue", { fixed: true }),
    subscribersMillions: num("million", "consumer subscribers"),
    trainingPool: num("GPU-hours", "training compute accumulated towards the next model"),
    internalStock: num("GPU-hours", "internal-use compute accumulated"),
    efficiencyStock: num("$", "efficiency research accumulated"),
    generation: num("count", "model generation"),
    compute: group(
      {
        contracted: num("GPU-hours", "contracted hours delivered"),
        spot: num("GPU-hours", "spot hours bought"),
        asic: num("GPU-hours", "custom-ASIC hours"),
        total: num("GPU-hours", "all hours"),
        training: num("GPU-hours", "hours for training"),
        serving: num("GPU-hours", "hours for serving"),
        internal: num("GPU-hours", "hours for internal use"),
        cost: num("$", "what the hours cost"),
      },
      "this quarter's compute",
    ),
    tokens: group(
      {
        demanded: num("MTok", "tokens demanded"),
        served: num("MTok", "tokens served"),
        consumer: num("MTok", "consumer tokens served"),
      },
      "this quarter's tokens",
    ),
    unconstrainedRevenue: num("$", "revenue had it served all demand"),
  },
  "labs",
  { as: "elsewhere" },
);

export const CLOUDS = table(
  {
    company: ref("companies", "the company", { fixed: true, hash: false }),
    neocloud: bool("a neocloud: no allocation priority, dearer credit", { fixed: true }),
    powerMw: num("MW", "data-centre power online"),
    pipeline: children("builds", "power under construction"),
    fleet: children("cohorts", "installed accelerators"),
    warehouseUnits: children("lots", "accelerators delivered but waiting for power"),
    dcBookCents: num("cents", "net book value of its data centres"),
    otherRevenue: num("$", "revenue of the rest of its business per quarter"),
    otherRevenueGrowth: num("fraction", "growth of the rest of its business per quarter", { fixed: true }),
    otherMargin: num("fraction", "operating margin of the rest of its business", { fixed: true }),
    ownUseShare: num("fraction", "share of its first quarter's GPU-hours its own products use", { fixed: true }),
    ownUseHours: num("GPU-hours", "what its own AI products use per quarter"),
    contractPrice: num("$/GPU-hour", "price of new contracts"),
    spotFloor: num("$/GPU-hour", "the lowest price it sells spot at"),
    usefulLifeYears: num("years", "accounting life of new accelerators"),
    acceleratorOrders: children("accelOrders", "standing accelerator orders, by chipmaker"),
    gpu: group(
      {
        capacity: num("GPU-hours", "capacity"),
        ownUse: num("GPU-hours", "used by its own products"),
        contracted: num("GPU-hours", "delivered on contracts"),
        spot: num("GPU-hours", "sold spot"),
        idle: num("GPU-hours", "idle"),
        revenue: num("$", "AI (GPU-hour) revenue"),
      },
      "this quarter's GPU-hours",
    ),
    soldHistory: nums("GPU-hours", 4, "GPU-hours sold or used in the last quarters, newest last"),
    capexThisQuarter: num("$", "AI capex this quarter"),
  },
  "hyperscalers and neoclouds",
  { as: "elsewhere" },
);

export const BUILDS = table(
  {
    owner: ref("clouds", "the hyperscaler building it", { hash: false }),
    mw: num("MW", "power being built"),
    quartersLeft: num("quarters", "quarters until it comes online"),
    region: oneOf(REGIONS, "where"),
    costLeft: num("$", "construction cost still to pay"),
  },
  "power under construction",
  { as: "elsewhere", owner: "clouds" },
);

export const COHORTS = table(
  {
    owner: ref("clouds", "the hyperscaler that owns them", { hash: false }),
    chipmaker: text("who made them (legacy: the installed base at the start)"),
    units: num("units", "accelerators"),
    perfPerUnit: num("H100-equivalents", "performance per unit"),
    kwPerUnit: num("kW", "power per unit"),
    bookCents: num("cents", "book value"),
    depPerQuarterCents: num("cents", "straight-line depreciation per quarter"),
    ageQuarters: num("quarters", "age"),
    partnerLab: optText("a custom-ASIC fleet serves only this lab (null: any customer)"),
  },
  "installed accelerators, one row per kind of chip a hyperscaler installs in a quarter",
  { as: "elsewhere", owner: "clouds" },
);

export const LOTS = table(
  {
    owner: ref("clouds", "the hyperscaler that owns them", { hash: false }),
    chipmaker: text("who made them"),
    units: num("units", "accelerators"),
    perfPerUnit: num("H100-equivalents", "performance per unit"),
    kwPerUnit: num("kW", "power per unit"),
    costCents: num("cents", "what they cost, networking included"),
    partnerLab: optText("a custom-ASIC lot serves only this lab (null: any customer)"),
  },
  "accelerators delivered and waiting for power",
  { as: "elsewhere", owner: "clouds" },
);

export const ACCEL_ORDERS = table(
  {
    owner: ref("clouds", "the buyer", { hash: false }),
    chipmaker: text("the chipmaker"),
    units: num("units", "units per quarter (standing)"),
    maxPrice: num("$", "the most it pays per unit"),
    booked: bool(
      "placed before the game: each quarter it asks, up to its units, for what the buyer's power ready for chips holds (a team's order replaces it)",
    ),
  },
  "standing accelerator orders, each buyer's sorted by chipmaker",
  { as: "elsewhere", owner: "clouds" },
);

export const CHIPS = table(
  {
    company: ref("companies", "the company", { fixed: true, hash: false }),
    kind: oneOf(["merchant", "asic"] as const, "merchant GPU designer or custom-ASIC partner", { fixed: true }),
    perfPerUnit: num("H100-equivalents", "performance per unit of the current generation"),
    kwPerUnit: num("kW", "power per unit"),
    diesPerWafer: num("units", "good dies per wafer", { fixed: true }),
    hbmPerUnit: num("stacks", "HBM stacks per unit"),
    packagingCost: num("$", "packaging and other cost per unit", { fixed: true }),
    unitPrice: num("$", "price per accelerator"),
    wafersPerQuarter: num("wafers", "wafers ordered per quarter (standing)"),
    prepay: bool("wafers prepaid (served first by the foundry)"),
    priority: texts("buyers served first, in order"),
    rndPerQuarter: num("$", "R&D per quarter"),
    rndStock: num("$", "R&D accumulated towards the next generation"),
    generation: num("count", "chip generation"),
    quartersSinceGeneration: num("quarters", "quarters since its last generation"),
    partnerLab: optText("an ASIC maker's partner lab", { fixed: true }),
    guarantor: optText("an ASIC maker's guarantor hyperscaler", { fixed: true }),
    inventoryUnits: num("units", "accelerators in stock"),
    unitCostCents: num("cents", "average cost of the stock per unit"),
    inTransitUnits: num("units", "made this quarter, delivered next quarter"),
    produced: num("units", "made this quarter"),
    sold: num("units", "sold this quarter"),
    wafersReceived: num("wafers", "wafers received this quarter"),
    asp: num("$", "average price per unit sold this quarter (the list price moved by scarcity)"),
    orderedUnits: num("units", "units ordered at or above the list price this quarter"),
    backlogUnits: num("units", "units ordered this quarter that could not be delivered"),
  },
  "chipmakers",
  { as: "elsewhere" },
);

export const FIRMS = table(
  {
    company: ref("companies", "the company", { fixed: true, hash: false }),
    baseRevenue: num("$", "revenue of its base business per quarter"),
    baseMargin: num("fraction", "operating margin of its base business", { fixed: true }),
    labourCost: num("$", "labour cost per quarter that AI can substitute", { fixed: true }),
    tasks: keyed("classes", num("tasks", "potential tasks per quarter"), "potential tasks per quarter by task class", { fixed: true }),
    budget: num("$", "AI spend cap per quarter"),
    routing: keyed(
      "classes",
      group(
        {
          policy: oneOf(POLICIES, "routing policy"),
          model: optText("the model a named policy uses"),
          fallback: optText("the model it falls back to"),
        },
        "a route",
      ),
      "routing per task class",
    ),
    adoption: num("fraction", "adoption of its potential tasks"),
    adoptionCeiling: num("fraction", "the adoption integration can lift it to", { fixed: true }),
    integrationPerQuarter: num("$", "workflow integration per quarter"),
    integrationStock: num("$", "integration accumulated (depreciating)"),
    labourSubstitution: num("fraction", "share of AI-replaceable labour actually reduced"),
    shares: keyed(
      "classes",
      keyed("models", num("fraction", "routing share"), "shares by model"),
      "routing shares by task class and model",
    ),
    spend: num("$", "AI spend this quarter"),
    valueCreated: num("$", "value of the AI work done this quarter"),
    tasksDone: num("tasks", "tasks done this quarter"),
    budgetExhausted: bool("its AI budget ran out this quarter"),
    aiGainsPassed: num("$", "AI gains passed to its clients in lower prices this quarter (its rivals' competition)"),
    valueRealised: num(
      "$",
      "what the quarter's AI work showed in its business: the value created, as far as its integration realises it, plus the labour it saved",
    ),
    netValueCumulative: num("$", "value created net of AI spend and integration cost, cumulative: its score"),
  },
  "enterprises",
  { as: "elsewhere" },
);

export const MODELS = table(
  {
    id: text("model id", { fixed: true }),
    lab: ref("companies", "its lab", { fixed: true }),
    name: text("display name (renamed at each release)"),
    tier: oneOf(TIERS, "its tier", { fixed: true }),
    capability: num("index", "capability score"),
    verbosity: num("factor", "tokens per task relative to the reference"),
    mtokPerGpuHour: num("MTok/GPU-hour", "serving throughput"),
    inputPrice: num("$/MTok", "list price of input tokens"),
    outputPrice: num("$/MTok", "list price of output tokens"),
    openWeights: bool("open weights", { fixed: true }),
    availability: num("fraction", "share of demand it may serve (1: generally available)"),
    releasedQuarter: num("quarter", "when its current version was released"),
    servedMtok: num("MTok", "tokens served this quarter"),
    revenue: num("$", "revenue this quarter"),
  },
  "models, in id order",
  { as: "record", shape: [6, 14] },
);

export const CLASSES = table(
  {
    id: text("task class id", { fixed: true }),
    name: text("display name", { fixed: true }),
    qualityBar: num("index", "capability the task needs", { fixed: true }),
    tokensPerTask: num("tokens", "tokens per attempt at reference verbosity (grows with reasoning)"),
    outputShare: num("fraction", "share of a task's tokens that are output", { fixed: true }),
    valueMedian: num("$", "median value of a task", { fixed: true }),
    valueSigma: num("log", "spread of task values", { fixed: true }),
    restPotential: num("tasks", "tasks per quarter the rest of the economy could send to AI", { fixed: true }),
    growth: num("fraction", "growth of potential tasks per quarter", { fixed: true }),
    uncapped: bool("a task's value scales with capability above the bar", { fixed: true }),
    frontierHabit: num("fraction", "share of the rest of the economy that sends it to the best model", { fixed: true }),
  },
  "task classes, in the scenario's order",
  { as: "list", shape: [8, 11] },
);

export const CONTRACTS = table(
  {
    id: text("contract id"),
    lab: ref("companies", "the lab"),
    provider: ref("companies", "the hyperscaler"),
    gpuHoursPerQuarter: num("GPU-hours", "hours per quarter"),
    price: num("$/GPU-hour", "price"),
    startQuarter: num("quarter", "first quarter delivered"),
    endQuarter: num("quarter", "last quarter delivered"),
  },
  "compute contracts, in the order signed",
  { as: "list" },
);

export const ACCOUNTS = table({ id: text("account name: cash:<company> or world:<counterparty>", { fixed: true }) }, "ledger accounts", {
  as: "elsewhere",
  fixed: true,
});

// ---------------------------------------------------------------------------------------------
// Public indicators of one resolved quarter (a history entry; never modified once appended).

export const INDICATORS = group(
  {
    quarter: num("quarter", "the quarter"),
    label: text("e.g. 2026Q3"),
    tokenPriceIndex: num("$/MTok", "volume-weighted price of API tokens"),
    fixedCapabilityPrice: optNum("$/MTok", "price of the cheapest model at or above the first quarter's frontier capability"),
    frontierCapability: num("capability points", "the best capability of an available model"),
    frontierPrice: optNum("$/MTok", "price of the cheapest available model at the best capability"),
    yearOldCapabilityPrice: optNum(
      "ratio",
      "the price now of the frontier capability of four quarters earlier over its price then (the cheapest model at or above it, then and now); null in the first four quarters",
    ),
    gpuHourPrice: num("$/GPU-hour", "spot price"),
    totalTokens: num("tokens", "tokens served"),
    aiCapex: num("$", "hyperscalers' AI capex"),
    waferUtilization: num("fraction", "leading-node wafer utilisation"),
    gpuUtilization: num("fraction", "GPU-hours used over capacity"),
    hbmPrice: num("$/stack", "HBM price"),
    shadowOutput: num("$", "value created by AI net of what was paid"),
    valueScale: num("fraction", "what AI-done work is worth relative to the first quarter"),
    apiSpend: num("$", "what buyers paid for tasks"),
    creditLosses: num(
      "$",
      "lenders' and counterparties' credit loss expense: the change in their allowance for expected credit losses plus write-offs at default beyond it (negative: a release)",
    ),
    creditAllowance: num("$", "lenders' allowance for expected credit losses on all companies' debt at the quarter's end"),
    creditWriteOffs: num("$", "what lenders and counterparties lost on companies that defaulted this quarter (realised losses)"),
    costPerTask: dict(num("$/task", "cost per resolved task (tokens × price × attempts)"), "cost per resolved task by class"),
    frontierTokenShare: num("fraction", "frontier models' share of tokens"),
    frontierRevenueShare: num("fraction", "frontier models' share of token revenue"),
    chipSentiment: num("index", "chip sector sentiment"),
    labSentiment: num("index", "lab sector sentiment"),
    cloudSentiment: num("index", "hyperscaler sector sentiment"),
    rate: num("fraction/yr", "risk-free rate"),
    modelPrices: dict(num("$/MTok", "blended list price"), "each available model's blended list price, by model id"),
    apiSpendByBuyer: dict(num("$", "what it paid labs for API tokens"), "each enterprise's API bill in the quarter, by company id"),
    events: nums("count", MARKET_EVENT_KINDS.length, "the quarter's events counted by kind, in MARKET_EVENT_KINDS's order"),
    chipAsp: num("$/unit", "merchant accelerators' average selling price (the list price when none sold)"),
    chipBacklog: num("units", "accelerators ordered but not delivered this quarter"),
    gpuUnserved: num("GPU-hours", "spot demand willing to pay the operators' cost that found no capacity"),
    actors: dict(
      group(
        {
          revenue: num("$", "revenue in the quarter"),
          grossMargin: num("fraction", "gross profit over revenue"),
          cash: num("$", "cash at the quarter's end"),
          fcf: num("$", "free cash flow in the quarter (operating cash flow less capex)"),
          valuation: num("$", "market value of its equity at the quarter's end"),
          tokensServed: num("tokens", "tokens served (labs)"),
          tokensUnserved: num("tokens", "tokens demanded of the lab that its serving compute could not serve (labs)"),
          share: num("fraction", "market share within its role"),
          capex: num("$", "capital expenditure in the quarter"),
          debt: num("$", "debt outstanding"),
          loanRate: num("fraction/yr", "interest rate on its debt (the policy rate plus its risk spread)"),
          creditLosses: num(
            "$",
            "credit loss expense its lenders and counterparties booked on it (allowance change plus write-offs beyond it)",
          ),
          creditAllowance: num("$", "its lenders' allowance for expected credit losses on its debt"),
          payouts: num("$", "cash returned to shareholders (dividends and buybacks)"),
          sharePrice: num("$", "share price at the quarter's end"),
          dividendPerShare: num("$", "dividends paid per share"),
          tsr: num("fraction", "total shareholder return since the start (share price path and dividends reinvested)"),
          distressed: num("0/1", "1 while on emergency financing"),
          failed: num("0/1", "1 once failed"),
          aiCapex: num("$", "AI capex (accelerators, networking, data centres; hyperscalers)"),
        },
        "a company's figures",
      ),
      "figures by company id",
    ),
  },
  "a quarter's public indicators",
  { shape: [9, 28] },
);
export type QuarterIndicators = StructOf<typeof INDICATORS.fields>;

// ---------------------------------------------------------------------------------------------
// The state

export const STATE = {
  version: num("version", "state format version", { fixed: true }),
  scenarioId: text("scenario id", { fixed: true }),
  scenarioVersion: num("version", "scenario version", { fixed: true }),
  title: text("scenario title", { fixed: true }),
  seed: num("seed", "the run's seed", { fixed: true }),
  start: group({ year: num("year", "first year"), quarter: num("quarter", "first quarter of the year") }, "when the game starts", {
    fixed: true,
  }),
  quarters: num("quarters", "the game's length", { fixed: true }),
  quarter: num("quarter", "quarters resolved so far; the next to resolve is quarter + 1"),
  finished: bool("the game is over"),
  rng: nums("words", 4, "the random generator's state (sfc32)"),
  demandGrowth: num("fraction", "the run's draw from the demand growth cone, per quarter", { fixed: true }),
  demandSurprise: num("factor", "this quarter's surprise in the rest of the economy's demand (1: none; AR(1) in logs)"),
  reasoningScale: num("factor", "tokens per task relative to the start (reasoning growth and shocks)"),
  classes: CLASSES,
  classScale: keyed("classes", num("factor", "potential tasks multiplier"), "potential tasks multiplier per class"),
  restAdoption: num("factor", "the rest of the economy's adoption"),
  costRef: keyed("classes", num("$", "first cost per resolved task"), "cost per resolved task of each class when first done"),
  restShares: keyed(
    "classes",
    keyed("models", num("fraction", "routing share"), "shares by model"),
    "the rest of the economy's routing shares",
  ),
  companies: COMPANIES,
  models: MODELS,
  contracts: CONTRACTS,
  nextContractId: num("count", "the next contract's number"),
  ledger: ledger("accounts", "balances in integer cents; all sum to zero"),
  randomShocks: texts("catalogue shocks that may fire at random", { fixed: true }),
  schedule: json<ScheduledShock[]>("scheduled and injected shocks"),
  active: json<ActiveEffect[]>("effects in force or pending"),
  fired: json<{ shock: string; quarter: number }[]>("shocks fired so far"),
  foundry: group(
    {
      capacityWafers: num("wafers", "leading-node wafers per quarter"),
      pricePerWafer: num("$", "wafer price"),
      discipline: bool("capacity added only after sustained high utilisation"),
      highUtilQuarters: num("quarters", "quarters in a row at high utilisation"),
      pending: json<{ wafers: number; quarter: number }[]>("capacity coming online, by quarter"),
      utilization: num("fraction", "demand over capacity"),
    },
    "the foundry",
  ),
  memory: group(
    {
      capacityStacks: num("stacks", "HBM stacks per quarter"),
      pricePerStack: num("$", "HBM price"),
      priceHistory: nums("$", 12, "HBM prices of the last quarters, newest last"),
      utilization: num("fraction", "demand over capacity"),
      demandStacks: num("stacks", "stacks demanded"),
    },
    "memory makers",
  ),
  capital: group(
    {
      rate: num("fraction/yr", "risk-free rate"),
      sentiment: group(
        { labs: num("index", "labs"), chips: num("index", "chipmakers"), clouds: num("index", "hyperscalers") },
        "equity sentiment by sector (1 = neutral)",
      ),
    },
    "capital markets",
  ),
  spotPrice: num("$/GPU-hour", "spot GPU-hour price last cleared"),
  gpuQueueHours: num("GPU-hours", "the rest of the market's demand left unserved last quarter that bids again"),
  gpuQueuePrice: num("$/GPU-hour", "what that queued demand bids"),
  catalogueDigest: text("hash of the shock catalogue", { fixed: true }),
  worldDigest: text("hash of the world's rules and parameters", { fixed: true }),
  baseFrontierCapability: num("index", "the best model's capability in the first quarter", { fixed: true }),
  openProductivityRef: num("tasks/GPU-hour", "the best open-weight model's throughput over verbosity at the start (0: none)", {
    fixed: true,
  }),
  openProductivityLast: num("tasks/GPU-hour", "the same at the end of the last quarter (self-hosting adopts it a quarter later)"),
  historyDigest: text("hash of the history, a chain over its entries"),
  // Not hashed here: the world and the catalogue (their digests stand for them), the history
  // (its digest), and the tables hashed through their owners.
  world: json<World>("the world's rules and parameters", { fixed: true, hash: false }),
  catalogue: json<ShockSpec[]>("the shock catalogue", { fixed: true, hash: false }),
  history: json<QuarterIndicators[]>("public indicators of each resolved quarter", { hash: false }),
  lanes: json<Record<string, number[]>>(
    "the hash's lanes of the fixed text columns (ids, names, roles), by `table.column`: made at createGame (and when a state is read) so the hash never recomputes them",
    { fixed: true, hash: false },
  ),
  labs: LABS,
  clouds: CLOUDS,
  chips: CHIPS,
  firms: FIRMS,
  builds: BUILDS,
  cohorts: COHORTS,
  lots: LOTS,
  accelOrders: ACCEL_ORDERS,
  accounts: ACCOUNTS,
} as const;

/** The root's shape tag and field count in the hash. */
export const STATE_SHAPE = [7, 39] as const;

export type GameState = StructOf<typeof STATE>;
export type Companies = TableOf<typeof COMPANIES.fields>;
export type Labs = TableOf<typeof LABS.fields>;
export type Clouds = TableOf<typeof CLOUDS.fields>;
export type Chips = TableOf<typeof CHIPS.fields>;
export type Firms = TableOf<typeof FIRMS.fields>;
export type Models = TableOf<typeof MODELS.fields>;
export type Classes = TableOf<typeof CLASSES.fields>;
export type Contracts = TableOf<typeof CONTRACTS.fields>;
export type Cohorts = TableOf<typeof COHORTS.fields>;
export type Lots = TableOf<typeof LOTS.fields>;
export type Builds = TableOf<typeof BUILDS.fields>;
export type AccelOrders = TableOf<typeof ACCEL_ORDERS.fields>;
export type BooksColumns = ColumnsOf<typeof BOOKS.fields>;
export type Books = StructOf<typeof BOOKS.fields>;
export type Role = (typeof ROLES)[number];
export type Route = StructOf<(typeof FIRMS.fields.routing.value)["fields"]>;
