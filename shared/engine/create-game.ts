/**
 * createGame(scenario, seed) → the initial GameState. The scenario has already been parsed
 * (see scenario/load.ts); the seed fixes every random draw of the run.
 */
import { catalogueFor } from "../scenario/load.ts";
import type { Scenario } from "../scenario/schema.ts";
import { hashValue } from "./hash.ts";
import { cashAccount, closeLedger, transfer } from "./ledger.ts";
import { toCents } from "./math.ts";
import { nextFloat, seedRng } from "./rng.ts";
import { type ActorBase, type ActorState, type Books, type GameState, type ModelState, STATE_VERSION } from "./state.ts";
import { generalCapacity } from "./steps/compute.ts";
import { expectationOf, valuationOf } from "./steps/finance.ts";

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
  };
}

/** "2026Q3" for quarter 1 of a game starting in 2026 Q3. */
export function quarterLabel(start: { year: number; quarter: number }, quarter: number): string {
  const idx = start.year * 4 + (start.quarter - 1) + (quarter - 1);
  return `${Math.floor(idx / 4)}Q${(idx % 4) + 1}`;
}

export function createGame(scenario: Scenario, seed: number): GameState {
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) throw new Error(`seed must be an integer in [0, 2^32): ${seed}`);
  const rng = seedRng(seed);
  const p = scenario.world.params;
  const demandGrowth = p.demandGrowthLow + (p.demandGrowthHigh - p.demandGrowthLow) * nextFloat(rng);
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
    world: JSON.parse(JSON.stringify(scenario.world)),
    demandGrowth,
    reasoningScale: 1,
    taskClasses: JSON.parse(JSON.stringify(scenario.taskClasses)),
    classScale: Object.fromEntries(scenario.taskClasses.map((t) => [t.id, 1])),
    restAdoption: 1,
    costRef: {},
    restShares: {},
    actors: {},
    models: {},
    contracts: [],
    nextContractId: 1,
    ledger: {},
    catalogue: catalogueFor(scenario),
    randomShocks: [...scenario.randomShocks].sort(),
    schedule: scenario.schedule.map((s) => ({ ...s, params: { ...s.params } })),
    active: [],
    fired: [],
    foundry: {
      capacityWafers: scenario.world.foundry.capacityWafers,
      pricePerWafer: scenario.world.foundry.pricePerWafer,
      discipline: scenario.world.foundry.discipline,
      highUtilQuarters: 0,
      pending: [],
      utilization: 1,
    },
    memory: {
      capacityStacks: scenario.world.memory.capacityStacks,
      pricePerStack: scenario.world.memory.pricePerStack,
      priceHistory: [scenario.world.memory.pricePerStack],
      utilization: 1,
      demandStacks: 0,
    },
    capital: {
      rate: scenario.world.capital.rate,
      sentiment: {
        labs: scenario.world.capital.sentiment,
        chips: scenario.world.capital.sentiment,
        clouds: scenario.world.capital.sentiment,
      },
    },
    spotPrice: 0,
    history: [],
    catalogueDigest: "",
    worldDigest: "",
    baseFrontierCapability: 0,
  };

  for (const spec of scenario.actors) {
    const base: ActorBase = {
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
      revenueHistory: spec.books.lastQuarterRevenue > 0 ? [spec.books.lastQuarterRevenue] : [],
      expectation: 0,
    };
    // Starting cash comes from the capital markets (equity and debt raised before the game).
    transfer(state, "world:investors", cashAccount(spec.id), toCents(spec.books.cash), "opening balance");
    let actor: ActorState;
    switch (spec.role) {
      case "lab": {
        for (const m of spec.models) {
          const model: ModelState = {
            id: m.id,
            lab: spec.id,
            name: m.name,
            tier: m.tier,
            capability: m.capability,
            verbosity: m.verbosity,
            mtokPerGpuHour: m.mtokPerGpuHour,
            inputPrice: m.inputPrice,
            outputPrice: m.outputPrice,
            openWeights: m.openWeights,
            availability: 1,
            releasedQuarter: 0,
            servedMtok: 0,
            revenue: 0,
          };
          state.models[m.id] = model;
        }
        for (const c of spec.contracts) {
          state.contracts.push({
            id: `c${state.nextContractId++}`,
            lab: spec.id,
            provider: c.provider,
            gpuHoursPerQuarter: c.gpuHoursPerQuarter,
            price: c.price,
            startQuarter: 1,
            endQuarter: c.quartersLeft,
          });
        }
        actor = {
          ...base,
          role: "lab",
          models: spec.models.map((m) => m.id).sort(),
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
        };
        break;
      }
      case "hyperscaler": {
        const lifeQuarters = spec.usefulLifeYears * 4;
        const bookCents = toCents(spec.fleetBookValue);
        actor = {
          ...base,
          role: "hyperscaler",
          neocloud: spec.neocloud,
          powerMw: spec.powerMw,
          pipeline: spec.pipeline.map((x) => ({
            ...x,
            region: spec.region,
            costLeft: x.mw * scenario.world.dataCentre.costPerMw * Math.min(1, x.quartersLeft / scenario.world.dataCentre.buildQuarters),
          })),
          // The installed base is spread over four vintages so that it does not retire at once.
          fleet:
            spec.installedUnits > 0
              ? [0.15, 0.25, 0.3, 0.3].map((share, i) => {
                  const age = Math.max(
                    1,
                    Math.round(((i * 2 + 1) / 8) * Math.min(lifeQuarters, scenario.world.params.economicLifeYears * 4)),
                  );
                  const book = Math.round(bookCents * share);
                  return {
                    chipmaker: "legacy",
                    units: spec.installedUnits * share,
                    perfPerUnit: 1,
                    kwPerUnit: 1.4,
                    bookCents: book,
                    depPerQuarterCents: Math.round(book / Math.max(1, lifeQuarters - age)),
                    ageQuarters: age,
                    partnerLab: null,
                  };
                })
              : [],
          warehouseUnits: [],
          dcBookCents: toCents(spec.powerMw * scenario.world.dataCentre.costPerMw * 0.6),
          otherRevenue: spec.otherRevenue,
          otherRevenueGrowth: spec.otherRevenueGrowth,
          otherMargin: spec.otherMargin,
          ownUseShare: spec.ownUseShare,
          ownUseHours: 0,
          contractPrice: spec.contractPrice,
          spotFloor: spec.spotFloor,
          usefulLifeYears: spec.usefulLifeYears,
          acceleratorOrders: [],
          gpu: { capacity: 0, ownUse: 0, contracted: 0, spot: 0, idle: 0, revenue: 0 },
          soldHistory: [],
          capexThisQuarter: 0,
        };
        break;
      }
      case "chipmaker": {
        actor = {
          ...base,
          role: "chipmaker",
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
          quartersSinceGeneration: 2,
          partnerLab: spec.partnerLab ?? null,
          guarantor: spec.guarantor ?? null,
          inventoryUnits: spec.inventoryUnits,
          unitCostCents: toCents(
            spec.packagingCost +
              scenario.world.foundry.pricePerWafer / spec.diesPerWafer +
              spec.hbmPerUnit * scenario.world.memory.pricePerStack,
          ),
          inTransitUnits: 0,
          produced: 0,
          sold: 0,
          wafersReceived: 0,
        };
        break;
      }
      case "enterprise": {
        actor = {
          ...base,
          role: "enterprise",
          baseRevenue: spec.baseRevenue,
          baseMargin: spec.baseMargin,
          labourCost: spec.labourCost,
          tasks: { ...spec.tasks },
          budget: spec.budget,
          routing: JSON.parse(JSON.stringify(spec.routing)),
          adoption: spec.adoption,
          adoptionCeiling: spec.adoptionCeiling,
          integrationPerQuarter: spec.integrationPerQuarter,
          integrationStock: 0,
          labourSubstitution: spec.labourSubstitution,
          shares: {},
          spend: 0,
          valueCreated: 0,
          tasksDone: 0,
          budgetExhausted: false,
          netValueCumulative: 0,
        };
        break;
      }
    }
    state.actors[spec.id] = actor;
  }
  // Opening books: last quarter's revenue, cash, debt and a first valuation.
  for (const id of Object.keys(state.actors).sort()) {
    const a = state.actors[id]!;
    const spec = scenario.actors.find((x) => x.id === id)!;
    a.books.revenue = spec.books.lastQuarterRevenue;
    a.books.cash = spec.books.cash;
    a.books.debt = spec.books.debt;
    a.books.sharesMillions = a.sharesMillions;
    if (a.role === "hyperscaler") {
      a.books.ppe = a.fleet.reduce((s, c) => s + c.bookCents, 0) / 100 + a.dcBookCents / 100;
      // Opening capacity, so that contracts can be signed in the first quarter.
      const capacity = generalCapacity(state, a);
      a.gpu = { capacity, ownUse: capacity * a.ownUseShare, contracted: 0, spot: 0, idle: 0, revenue: 0 };
    }
    a.expectation = expectationOf(a, a.books.revenue, 0);
    a.books.valuation = valuationOf(state, a, a.books.revenue);
    a.books.sharePrice = a.books.valuation / (a.sharesMillions * 1e6);
    a.startSharePrice = a.books.sharePrice;
  }
  let best = 0;
  for (const id of Object.keys(state.models).sort()) best = Math.max(best, state.models[id]?.capability ?? 0);
  state.baseFrontierCapability = best;
  state.catalogueDigest = hashValue(state.catalogue);
  state.worldDigest = hashValue(state.world);
  closeLedger();
  return state;
}
