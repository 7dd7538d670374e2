/**
 * createGame(scenario, seed) → the initial GameState. The scenario has already been parsed
 * (scenario/load.ts); the seed fixes every random draw of the run. Companies and models are
 * numbered in id order, task classes in the scenario's order, accounts world first (ledger.ts).
 */
import { catalogueFor } from "../scenario/load.ts";
import { rulesChanged } from "../scenario/params.ts";
import type { ActorSpec, ChipmakerSpec, EnterpriseSpec, HyperscalerSpec, LabSpec, Scenario } from "../scenario/schema.ts";
import { addRow, emptyTable } from "./declare.ts";
import { pow } from "./dmath.ts";
import { hashValue } from "./hash.ts";
import { accountNames, cashAccount, transfer, WORLD } from "./ledger.ts";
import { cloneJson, doubles, filledDoubles, mapped, mappedDoubles, toCents } from "./math.ts";
import { nextFloat, seedRng } from "./rng.ts";
import {
  ACCEL_ORDERS,
  ACCOUNTS,
  type Books,
  BUILDS,
  CHIPS,
  CLASSES,
  CLOUDS,
  COHORTS,
  COMPANIES,
  CONTRACTS,
  FIRMS,
  type GameState,
  LABS,
  LOTS,
  MODELS,
  STATE_VERSION,
} from "./state.ts";
import { fixedLanesOf } from "./state-io.ts";
import { generalCapacity, openProductivity } from "./steps/compute.ts";
import { expectationOf, expectedCreditLoss, REVENUE_HISTORY_QUARTERS, referenceSlopeValue, valuationOf } from "./steps/finance.ts";

export function emptyBooks(): Books {
  return {
    revenue: 0,
    costOfRevenue: 0,
    grossProfit: 0,
    grossMargin: 0,
    rnd: 0,
    sga: 0,
    depreciation: 0,
    interest: 0,
    operatingIncome: 0,
    netIncome: 0,
    capex: 0,
    fcf: 0,
    cash: 0,
    debt: 0,
    ppe: 0,
    equity: 0,
    valuation: 0,
    sharePrice: 0,
    sharesMillions: 0,
    loanRate: 0,
    payouts: 0,
    dividendPerShare: 0,
    creditLosses: 0,
    creditAllowance: 0,
  };
}

/** "2026Q3" for quarter 1 of a game starting in 2026 Q3. */
export function quarterLabel(start: { year: number; quarter: number }, quarter: number): string {
  const idx = start.year * 4 + (start.quarter - 1) + (quarter - 1);
  return `${Math.floor(idx / 4)}Q${(idx % 4) + 1}`;
}

/** The world's digest: its rules v1 fields, and the rules that differ from rules v1's values. */
export function worldDigest(world: Scenario["world"]): string {
  const { rules, ...v1 } = world;
  const changed = rulesChanged(rules);
  return hashValue(changed ? { ...v1, rules: changed } : v1);
}

/**
 * The digest of the shared shock catalogue, the whole catalogue of every scenario without shocks
 * of its own: hashed once when this module loads, not for every game (hashing it is a third of
 * createGame, which batches call once per run).
 */
const SHARED_CATALOGUE_DIGEST = hashValue(catalogueFor({ shocks: [] }));

/**
 * The random draws a game of this seed starts with: the generator's state once createGame has
 * drawn from it, and the run's demand growth (its one draw). A fork takes a run's streams from
 * here rather than creating the whole game.
 */
export function startingDraws(params: Scenario["world"]["params"], seed: number): { rng: number[]; demandGrowth: number } {
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) throw new Error(`seed must be an integer in [0, 2^32): ${seed}`);
  const rng = seedRng(seed);
  const demandGrowth = params.demandGrowthLow + (params.demandGrowthHigh - params.demandGrowthLow) * nextFloat(rng);
  return { rng, demandGrowth };
}

/**
 * The revenue of the quarters before the last one (oldest first): `quarters` quarters that grew at
 * `growth` a year to `lastQuarter`, so the first valuations see the company's growth before the
 * game rather than none. Empty for a company without revenue.
 */
export function priorRevenue(lastQuarter: number, growth: number | undefined, quarters: number): number[] {
  const h = doubles();
  if (!(lastQuarter > 0) || growth === undefined) return h;
  const perQuarter = pow(1 + growth, 1 / 4);
  for (let k = quarters; k >= 1; k--) h.push(lastQuarter / pow(perQuarter, k));
  return h;
}

export function createGame(scenario: Scenario, seed: number): GameState {
  const w = scenario.world;
  const p = w.params;
  const r = w.rules;
  const { rng, demandGrowth } = startingDraws(p, seed);
  const specs = [...scenario.actors].sort((a, b) => (a.id < b.id ? -1 : 1));
  const companyIds = specs.map((a) => a.id);
  const indexOf = (id: string) => companyIds.indexOf(id);
  const modelSpecs = specs
    .flatMap((a) => (a.role === "lab" ? a.models.map((m) => ({ m, lab: a.id })) : []))
    .sort((x, y) => (x.m.id < y.m.id ? -1 : 1));
  const classIds = scenario.taskClasses.map((k) => k.id);
  const accounts = emptyTable(ACCOUNTS.fields);
  for (const name of accountNames(companyIds)) addRow(ACCOUNTS, accounts, { id: name });

  const state: GameState = {
    version: STATE_VERSION,
    scenarioId: scenario.id,
    scenarioVersion: scenario.version,
    title: scenario.title,
    seed,
    start: { ...scenario.start },
    quarters: scenario.quarters,
    quarter: 0,
    finished: false,
    rng,
    demandGrowth,
    demandSurprise: 1,
    reasoningScale: 1,
    classes: emptyTable(CLASSES.fields),
    classScale: filledDoubles(classIds.length, 1),
    restAdoption: 1,
    costRef: filledDoubles(classIds.length, Number.NaN),
    restShares: mapped(classIds, () => null),
    companies: emptyTable(COMPANIES.fields),
    models: emptyTable(MODELS.fields),
    contracts: emptyTable(CONTRACTS.fields),
    nextContractId: 1,
    ledger: { low: filledDoubles(accounts.n, Number.NaN), high: filledDoubles(accounts.n, 0) },
    randomShocks: [...scenario.randomShocks].sort(),
    schedule: mapped(scenario.schedule, (s) => ({ ...s, params: { ...s.params } })),
    active: [],
    fired: [],
    foundry: {
      capacityWafers: w.foundry.capacityWafers,
      pricePerWafer: w.foundry.pricePerWafer,
      discipline: w.foundry.discipline,
      highUtilQuarters: 0,
      pending: [],
      utilization: 1,
    },
    memory: {
      capacityStacks: w.memory.capacityStacks,
      pricePerStack: w.memory.pricePerStack,
      priceHistory: doubles([w.memory.pricePerStack]),
      utilization: 1,
      demandStacks: 0,
    },
    capital: {
      rate: w.capital.rate,
      sentiment: { labs: w.capital.sentiment, chips: w.capital.sentiment, clouds: w.capital.sentiment },
    },
    spotPrice: 0,
    gpuQueueHours: 0,
    gpuQueuePrice: 0,
    catalogueDigest: "",
    worldDigest: "",
    baseFrontierCapability: 0,
    openProductivityRef: 0,
    openProductivityLast: 0,
    historyDigest: "",
    world: cloneJson(w),
    catalogue: catalogueFor(scenario),
    history: [],
    lanes: {},
    labs: emptyTable(LABS.fields),
    clouds: emptyTable(CLOUDS.fields),
    chips: emptyTable(CHIPS.fields),
    firms: emptyTable(FIRMS.fields),
    builds: emptyTable(BUILDS.fields),
    cohorts: emptyTable(COHORTS.fields),
    lots: emptyTable(LOTS.fields),
    accelOrders: emptyTable(ACCEL_ORDERS.fields),
    accounts,
  };

  for (const k of scenario.taskClasses) addRow(CLASSES, state.classes, { ...k });
  for (const { m, lab } of modelSpecs) {
    addRow(MODELS, state.models, {
      id: m.id,
      lab: indexOf(lab),
      name: m.name,
      tier: m.tier,
      capability: m.capability,
      verbosity: m.verbosity,
      mtokPerGpuHour: m.mtokPerGpuHour,
      inputPrice: m.inputPrice,
      outputPrice: m.outputPrice,
      openWeights: m.openWeights,
      availability: 1,
      releasedQuarter: m.released,
      servedMtok: 0,
      revenue: 0,
    });
  }

  for (const spec of specs) {
    const i = indexOf(spec.id);
    const roleRow = addRoleRow(state, spec, i, classIds);
    addRow(COMPANIES, state.companies, {
      id: spec.id,
      role: spec.role,
      name: spec.name,
      personality: spec.personality,
      region: "region" in spec ? spec.region : "us",
      distressQuarters: 0,
      failed: false,
      debtCents: toCents(spec.books.debt),
      sharesMillions: spec.books.sharesMillions,
      startSharePrice: 0,
      books: emptyBooks(),
      revenueHistory: priorRevenue(
        spec.books.lastQuarterRevenue,
        spec.books.revenueGrowth,
        Math.min(r.valuation.growthQuarters, REVENUE_HISTORY_QUARTERS - 1),
      ),
      expectation: 0,
      roleRow,
      startValuation: 0,
      startRevenue: 0,
    });
  }
  openingCashAndContracts(state, scenario, indexOf);
  if (r.start.midStream > 0) startMidStream(state, specs);
  openingBooks(state, specs);
  let best = 0;
  for (let m = 0; m < state.models.n; m++) best = Math.max(best, state.models.capability[m]!);
  state.baseFrontierCapability = best;
  state.openProductivityRef = openProductivity(state);
  state.openProductivityLast = state.openProductivityRef;
  state.catalogueDigest = scenario.shocks.length > 0 ? hashValue(state.catalogue) : SHARED_CATALOGUE_DIGEST;
  state.worldDigest = worldDigest(state.world);
  state.lanes = fixedLanesOf(state);
  return state;
}

/** The row of its role's table an actor's company continues in (its company's row is i). */
function addRoleRow(state: GameState, spec: ActorSpec, i: number, classIds: readonly string[]): number {
  switch (spec.role) {
    case "lab":
      return addLab(state, spec, i);
    case "hyperscaler":
      return addCloud(state, spec, i);
    case "chipmaker":
      return addChipmaker(state, spec, i);
    case "enterprise":
      return addFirm(state, spec, i, classIds);
  }
}

/** Lab `spec`'s row of the labs' table (its company's row is i). */
function addLab(state: GameState, spec: LabSpec, i: number): number {
  return addRow(LABS, state.labs, {
    company: i,
    models: mapped(spec.models, (m) => m.id).sort(),
    split: { ...spec.split },
    spotBid: { gpuHours: 0, maxPrice: 0 },
    efficiencyPerQuarter: 0,
    releaseMode: "api",
    consumerPlan: "flat",
    payroll: spec.payroll,
    salesShare: spec.salesShare,
    subscribersMillions: spec.subscribersMillions,
    trainingPool: spec.trainingPool,
    internalStock: 0,
    efficiencyStock: spec.efficiencySpend,
    generation: 1,
    compute: { contracted: 0, spot: 0, asic: 0, total: 0, training: 0, serving: 0, internal: 0, cost: 0 },
    tokens: { demanded: 0, served: 0, consumer: 0 },
    unconstrainedRevenue: 0,
  });
}

/** Hyperscaler `spec`'s row of the clouds' table, with its data centres under construction and its installed base (its company's row is i). */
function addCloud(state: GameState, spec: HyperscalerSpec, i: number): number {
  const w = state.world;
  const p = w.params;
  const r = w.rules;
  const h = state.clouds.n;
  const lifeQuarters = spec.usefulLifeYears * 4;
  const bookCents = toCents(spec.fleetBookValue);
  for (const x of spec.pipeline) {
    addRow(BUILDS, state.builds, {
      owner: h,
      mw: x.mw,
      quartersLeft: x.quartersLeft,
      region: spec.region,
      costLeft: x.mw * w.dataCentre.costPerMw * Math.min(1, x.quartersLeft / w.dataCentre.buildQuarters),
    });
  }
  // The installed base is spread over four vintages so that it does not retire at once.
  if (spec.installedUnits > 0) {
    [0.15, 0.25, 0.3, 0.3].forEach((share, v) => {
      const age = Math.max(1, Math.round(((v * 2 + 1) / 8) * Math.min(lifeQuarters, p.economicLifeYears * 4)));
      const book = Math.round(bookCents * share);
      addRow(COHORTS, state.cohorts, {
        owner: h,
        chipmaker: "legacy",
        units: spec.installedUnits * share,
        perfPerUnit: 1,
        kwPerUnit: r.start.legacyKwPerUnit,
        bookCents: book,
        depPerQuarterCents: Math.round(book / Math.max(1, lifeQuarters - age)),
        ageQuarters: age,
        partnerLab: null,
      });
    });
  }
  return addRow(CLOUDS, state.clouds, {
    company: i,
    neocloud: spec.neocloud,
    powerMw: spec.powerMw,
    dcBookCents: toCents(spec.powerMw * w.dataCentre.costPerMw * r.start.dcBookShare),
    otherRevenue: spec.otherRevenue,
    otherRevenueGrowth: spec.otherRevenueGrowth,
    otherMargin: spec.otherMargin,
    ownUseShare: spec.ownUseShare,
    ownUseHours: 0,
    contractPrice: spec.contractPrice,
    spotFloor: spec.spotFloor,
    usefulLifeYears: spec.usefulLifeYears,
    gpu: { capacity: 0, ownUse: 0, contracted: 0, spot: 0, idle: 0, revenue: 0 },
    soldHistory: doubles(),
    capexThisQuarter: 0,
  });
}

/** Chipmaker `spec`'s row of the chipmakers' table (its company's row is i). */
function addChipmaker(state: GameState, spec: ChipmakerSpec, i: number): number {
  const w = state.world;
  const r = w.rules;
  return addRow(CHIPS, state.chips, {
    company: i,
    kind: spec.kind,
    perfPerUnit: spec.perfPerUnit,
    kwPerUnit: spec.kwPerUnit,
    diesPerWafer: spec.diesPerWafer,
    hbmPerUnit: spec.hbmPerUnit,
    packagingCost: spec.packagingCost,
    unitPrice: spec.unitPrice,
    wafersPerQuarter: spec.wafersPerQuarter,
    prepay: spec.kind === "merchant",
    priority: [],
    rndPerQuarter: spec.rndPerQuarter,
    rndStock: 0,
    generation: 1,
    quartersSinceGeneration: r.start.quartersSinceGeneration,
    partnerLab: spec.partnerLab ?? null,
    guarantor: spec.guarantor ?? null,
    inventoryUnits: spec.inventoryUnits,
    unitCostCents: toCents(spec.packagingCost + w.foundry.pricePerWafer / spec.diesPerWafer + spec.hbmPerUnit * w.memory.pricePerStack),
    inTransitUnits: 0,
    produced: 0,
    sold: 0,
    wafersReceived: 0,
    asp: spec.unitPrice,
    orderedUnits: 0,
    backlogUnits: 0,
  });
}

/** Enterprise `spec`'s row of the firms' table, its tasks and routes by task class (its company's row is i). */
function addFirm(state: GameState, spec: EnterpriseSpec, i: number, classIds: readonly string[]): number {
  return addRow(FIRMS, state.firms, {
    company: i,
    baseRevenue: spec.baseRevenue,
    baseMargin: spec.baseMargin,
    labourCost: spec.labourCost,
    tasks: mappedDoubles(classIds, (k) => (Object.hasOwn(spec.tasks, k) ? spec.tasks[k]! : Number.NaN)),
    budget: spec.budget,
    routing: mapped(classIds, (k) => {
      const route = Object.hasOwn(spec.routing, k) ? spec.routing[k] : undefined;
      return route ? { policy: route.policy, model: route.model ?? null, fallback: route.fallback ?? null } : null;
    }),
    adoption: spec.adoption,
    adoptionCeiling: spec.adoptionCeiling,
    integrationPerQuarter: spec.integrationPerQuarter,
    integrationStock: 0,
    labourSubstitution: spec.labourSubstitution,
    shares: mapped(classIds, () => null),
    spend: 0,
    valueCreated: 0,
    tasksDone: 0,
    budgetExhausted: false,
    aiGainsPassed: 0,
    valueRealised: 0,
    netValueCumulative: 0,
  });
}

/**
 * Starting cash comes from the capital markets (equity and debt raised before the game);
 * compute contracts in force at the start, in the scenario's order.
 */
function openingCashAndContracts(state: GameState, scenario: Scenario, indexOf: (id: string) => number): void {
  for (const spec of scenario.actors) {
    transfer(state, WORLD.investors, cashAccount(indexOf(spec.id)), toCents(spec.books.cash));
    if (spec.role !== "lab") continue;
    for (const c of spec.contracts) {
      addRow(CONTRACTS, state.contracts, {
        id: `c${state.nextContractId++}`,
        lab: indexOf(spec.id),
        provider: indexOf(c.provider),
        gpuHoursPerQuarter: c.gpuHoursPerQuarter,
        price: c.price,
        startQuarter: 1,
        endQuarter: c.quartersLeft,
      });
    }
  }
}

/**
 * With `start.midStream`, the game starts mid-stream: each chipmaker's wafers of the last
 * quarter are on the line (delivered in the first quarter), and hyperscalers have ordered all it
 * can deliver in the first quarter, its stock and that line (a merchant's shared by power, an
 * ASIC's for its guarantor): chips are booked out ahead (seed-facts §4.6: "booked out three
 * years and beyond", 002/A7; demand of $2-3T against supply, 002/A8), so first-quarter
 * deliveries, revenue and capex are at their steady level. `specs` are the actors in company
 * order.
 */
function startMidStream(state: GameState, specs: readonly ActorSpec[]): void {
  const w = state.world;
  const r = w.rules;
  const K = state.chips;
  const H = state.clouds;
  let waferOrders = 0;
  for (let c = 0; c < K.n; c++) waferOrders += K.wafersPerQuarter[c]!;
  const waferShare = waferOrders > 0 ? Math.min(1, w.foundry.capacityWafers / waferOrders) : 0;
  const standing: { owner: number; chipmaker: string; units: number; maxPrice: number; booked: boolean }[] = [];
  /** cash each hyperscaler has committed to standing orders so far, by row */
  const cashCommitted = Array.from({ length: H.n }, () => 0);
  for (let c = 0; c < K.n; c++) {
    const line = Math.floor(K.wafersPerQuarter[c]! * waferShare * K.diesPerWafer[c]!);
    K.inTransitUnits[c] = line;
    const units = line + K.inventoryUnits[c]!;
    const chipId = state.companies.id[K.company[c]!]!;
    const buyers: number[] = [];
    for (let h = 0; h < H.n; h++) {
      const id = state.companies.id[H.company[h]!]!;
      if (K.kind[c] === "merchant" || K.guarantor[c] === id) buyers.push(h);
    }
    let mw = 0;
    for (const h of buyers) mw += H.powerMw[h]!;
    // Each buyer's share by its power, at most what its cash pays for (with networking): a
    // buyer does not stand on orders it cannot pay; what it cannot take stays in stock.
    const maxPrice = K.unitPrice[c]! * r.start.standingOrderBid;
    const perUnit = maxPrice + w.dataCentre.networkingPerUnit;
    for (const h of buyers) {
      const cash = Math.max(0, specs[H.company[h]!]!.books.cash - cashCommitted[h]!);
      const n = Math.min(Math.floor(cash / perUnit), Math.floor(mw > 0 ? (units * H.powerMw[h]!) / mw : units / buyers.length));
      if (n > 0) {
        cashCommitted[h] = cashCommitted[h]! + n * perUnit;
        standing.push({ owner: h, chipmaker: chipId, units: n, maxPrice, booked: true });
      }
    }
  }
  standing.sort((a, b) => a.owner - b.owner || (a.chipmaker < b.chipmaker ? -1 : a.chipmaker > b.chipmaker ? 1 : 0));
  for (const o of standing) addRow(ACCEL_ORDERS, state.accelOrders, o);
  // The data centres for those chips are finishing: each hyperscaler's power online and due in
  // the first quarter covers its installed base and the chips it has booked, so they are
  // installed on arrival, as in a steady stream. What it adds has half a quarter of construction
  // left, so a quarter's slower execution (buildExecutionSpread) still brings it online; only a
  // capex cut can hold it back.
  const kwOf = new Map<string, number>();
  for (let c = 0; c < K.n; c++) kwOf.set(state.companies.id[K.company[c]!]!, K.kwPerUnit[c]!);
  for (let h = 0; h < H.n; h++) {
    let kw = 0;
    for (const o of standing) if (o.owner === h) kw += o.units * kwOf.get(o.chipmaker)!;
    for (let c = 0; c < state.cohorts.n; c++) if (state.cohorts.owner[c] === h) kw += state.cohorts.units[c]! * state.cohorts.kwPerUnit[c]!;
    let mw = H.powerMw[h]!;
    for (let b = 0; b < state.builds.n; b++)
      if (state.builds.owner[b] === h && state.builds.quartersLeft[b]! <= 1) mw += state.builds.mw[b]!;
    const short = Math.ceil(kw / 1000 - mw);
    if (short > 0) {
      addRow(BUILDS, state.builds, {
        owner: h,
        mw: short,
        quartersLeft: 0.5,
        region: state.companies.region[H.company[h]!]!,
        costLeft: short * w.dataCentre.costPerMw * Math.min(1, 1 / w.dataCentre.buildQuarters),
      });
    }
  }
}

/** Opening books: last quarter's revenue, cash, debt and a first valuation (`specs`: the actors in company order). */
function openingBooks(state: GameState, specs: readonly ActorSpec[]): void {
  const C = state.companies;
  const reference = referenceSlopeValue(state);
  for (let i = 0; i < C.n; i++) {
    const spec = specs[i]!;
    const b = C.books;
    b.revenue[i] = spec.books.lastQuarterRevenue;
    b.cash[i] = spec.books.cash;
    b.debt[i] = spec.books.debt;
    b.sharesMillions[i] = C.sharesMillions[i]!;
    if (C.role[i] === "hyperscaler") {
      const h = C.roleRow[i]!;
      let fleetCents = 0;
      for (let c = 0; c < state.cohorts.n; c++) if (state.cohorts.owner[c] === h) fleetCents += state.cohorts.bookCents[c]!;
      b.ppe[i] = fleetCents / 100 + state.clouds.dcBookCents[h]! / 100;
      // Opening capacity, so that contracts can be signed in the first quarter.
      const capacity = generalCapacity(state, h);
      const g = state.clouds.gpu;
      g.capacity[h] = capacity;
      g.ownUse[h] = capacity * state.clouds.ownUseShare[h]!;
    }
    // The first valuation sees the quarters before the last one as history and the last one
    // as the current quarter, at the operating margin the scenario gives it; the last one then
    // joins the history for the first quarter.
    C.expectation[i] = expectationOf(state, i, b.revenue[i]!, spec.books.operatingMargin, reference);
    b.valuation[i] = valuationOf(state, i, b.revenue[i]!);
    if (b.revenue[i]! > 0) C.revenueHistory[i]!.push(b.revenue[i]!);
    b.sharePrice[i] = b.valuation[i]! / (C.sharesMillions[i]! * 1e6);
    C.startSharePrice[i] = b.sharePrice[i]!;
    C.startValuation[i] = b.valuation[i]!;
    C.startRevenue[i] = b.revenue[i]!;
    // Lenders open with an allowance for the expected losses on the debt they already hold.
    b.creditAllowance[i] = expectedCreditLoss(state, i, false);
  }
}
