/**
 * The game state's working copy and hash, written out type by type.
 *
 * Every quarter a game copies its state (resolveTurn never modifies its input) and hashes the
 * result (the game log records it). A generic walk over plain JSON does both, but it pays on
 * every value for what it does not know: which keys an object has (a hashed key lookup each),
 * what type a value is, and an object spread or keyed read that sees every shape of the state
 * at one site (V8 then takes its slow, megamorphic path). Here each type of the state has its
 * own copy and hash, reading its fields by name: about three times faster for the copy and
 * five for the hash (bench/engine.ts's breakdown).
 *
 * The cost is that a new field must be added here too. Nothing is silently lost when it is
 * not: a copy is a spread, so a new number, string or boolean field is copied anyway, and
 * test/engine/state-walk.test.ts fails for a new field the hash misses (it changes every leaf
 * of states from every scenario, one at a time, and expects a new hash) or a nested object
 * the copy shares with its input (but those it lists).
 *
 * Shared with the input, besides: the objects steps replace but never modify — an enterprise's
 * task potential, routes and routing shares, the rest of the economy's routing shares, a
 * chipmaker's allocation order, and a lab's model list, compute split, spot bid, compute and
 * token figures. Copying them cost about a fifth of the copy; the test runs every
 * scenario on deep-frozen states, so a step that starts to modify one fails there.
 *
 * Not here: `catalogue` and `world` never change in a game (shared by copies, stood for in the
 * hash by their digests) and history entries never change once appended (hashed as a chain,
 * resolve-turn.ts, with mixHistoryEntry). The state's small, irregular parts (shocks, the
 * foundry's pending orders) go through the generic copy and hash.
 */

import type { TaskClass } from "../scenario/schema.ts";
import { mixAny, mixBool, mixNull, mixNumber, mixNumberRecord, mixNumbers, mixOptionalText, mixRecord, mixShape, mixText } from "./hash.ts";
import { cloneJson } from "./math.ts";
import type {
  ActorState,
  Books,
  ChipmakerState,
  Contract,
  EnterpriseState,
  FleetCohort,
  GameState,
  HyperscalerState,
  LabState,
  ModelState,
  QuarterIndicators,
} from "./state.ts";

// ---------------------------------------------------------------------------------------------
// Copy: a spread per type (one shape per site), then the nested objects replaced by copies.

function copyArray<T>(a: readonly T[], each: (x: T) => T): T[] {
  const n = a.length;
  const out = new Array<T>(n);
  for (let i = 0; i < n; i++) out[i] = each(a[i]!);
  return out;
}

const copyBooks = (b: Books): Books => ({ ...b });
const copyCohort = (c: FleetCohort): FleetCohort => ({ ...c });
const copyPipeline = (p: HyperscalerState["pipeline"][number]) => ({ ...p });
const copyWarehouse = (w: HyperscalerState["warehouseUnits"][number]) => ({ ...w });
const copyAcceleratorOrder = (o: HyperscalerState["acceleratorOrders"][number]) => ({ ...o });
const copyModel = (m: ModelState): ModelState => ({ ...m });
const copyContract = (c: Contract): Contract => ({ ...c });
const copyTaskClass = (k: TaskClass): TaskClass => ({ ...k });

function copyLab(a: LabState): LabState {
  const o = { ...a };
  o.books = copyBooks(a.books);
  o.revenueHistory = a.revenueHistory.slice();
  // Shared: the model list is never modified; the split and spot bid are replaced by orders,
  // the compute and token figures by the compute and token markets before they add to them.
  return o;
}

function copyHyperscaler(a: HyperscalerState): HyperscalerState {
  const o = { ...a };
  o.books = copyBooks(a.books);
  o.revenueHistory = a.revenueHistory.slice();
  o.pipeline = copyArray(a.pipeline, copyPipeline);
  o.fleet = copyArray(a.fleet, copyCohort);
  o.warehouseUnits = copyArray(a.warehouseUnits, copyWarehouse);
  o.acceleratorOrders = copyArray(a.acceleratorOrders, copyAcceleratorOrder);
  o.gpu = { ...a.gpu };
  o.soldHistory = a.soldHistory.slice();
  return o;
}

function copyChipmaker(a: ChipmakerState): ChipmakerState {
  const o = { ...a };
  o.books = copyBooks(a.books);
  o.revenueHistory = a.revenueHistory.slice();
  o.priority = a.priority; // replaced by an allocation order, never modified
  return o;
}

function copyEnterprise(a: EnterpriseState): EnterpriseState {
  const o = { ...a };
  o.books = copyBooks(a.books);
  o.revenueHistory = a.revenueHistory.slice();
  o.tasks = a.tasks; // the seat's task potential: read, never modified
  o.routing = { ...a.routing }; // a class's route is replaced by a routing order
  o.shares = { ...a.shares }; // a class's shares are replaced by the token market
  return o;
}

function copyActor(a: ActorState): ActorState {
  switch (a.role) {
    case "lab":
      return copyLab(a);
    case "hyperscaler":
      return copyHyperscaler(a);
    case "chipmaker":
      return copyChipmaker(a);
    case "enterprise":
      return copyEnterprise(a);
  }
}

/**
 * The working copy for a quarter: everything a step may change is copied; the catalogue, the
 * world's rules and the history entries are shared (the history array itself is copied).
 */
export function copyState(s: Readonly<GameState>): GameState {
  const o = { ...s } as GameState;
  o.history = s.history.slice();
  o.start = { ...s.start };
  o.rng = [...s.rng];
  o.taskClasses = copyArray(s.taskClasses, copyTaskClass);
  // Records keyed by ids are spread too, each at its own site. Their values are numbers or
  // objects that steps replace but never modify (routing shares, routes), which
  // test/engine/state-walk.test.ts lists and checks on deep-frozen states. A record copied key by
  // key (or by one spread shared by all records, which sees every shape and takes V8's slow path)
  // turned the ledger, with its ~20 accounts, into a dictionary every quarter; a spread at its own
  // site gives a fast-mode copy even of a dictionary, so the ledger stays fast from the second
  // quarter on, and every payment's account lookup and the hash's walk of it with it.
  o.classScale = { ...s.classScale };
  o.costRef = { ...s.costRef };
  o.restShares = { ...s.restShares };
  const actors: GameState["actors"] = {};
  for (const k in s.actors) actors[k] = copyActor(s.actors[k]!);
  o.actors = actors;
  const models: GameState["models"] = {};
  for (const k in s.models) models[k] = copyModel(s.models[k]!);
  o.models = models;
  o.contracts = copyArray(s.contracts, copyContract);
  o.ledger = { ...s.ledger };
  o.randomShocks = s.randomShocks.slice();
  o.schedule = cloneJson(s.schedule);
  o.active = cloneJson(s.active);
  o.fired = cloneJson(s.fired);
  o.foundry = { ...s.foundry, pending: cloneJson(s.foundry.pending) };
  o.memory = { ...s.memory, priceHistory: s.memory.priceHistory.slice() };
  o.capital = { ...s.capital, sentiment: { ...s.capital.sentiment } };
  return o;
}

// ---------------------------------------------------------------------------------------------
// Hash: every field by name, in a fixed order; each object opens with its type's tag.

function hashBooks(b: Books): void {
  mixShape(1, 19);
  mixNumber(b.revenue);
  mixNumber(b.costOfRevenue);
  mixNumber(b.grossProfit);
  mixNumber(b.grossMargin);
  mixNumber(b.rnd);
  mixNumber(b.sga);
  mixNumber(b.depreciation);
  mixNumber(b.interest);
  mixNumber(b.operatingIncome);
  mixNumber(b.netIncome);
  mixNumber(b.capex);
  mixNumber(b.fcf);
  mixNumber(b.cash);
  mixNumber(b.debt);
  mixNumber(b.ppe);
  mixNumber(b.equity);
  mixNumber(b.valuation);
  mixNumber(b.sharePrice);
  mixNumber(b.sharesMillions);
}

function hashActorBase(a: ActorState): void {
  mixText(a.id);
  mixText(a.role);
  mixText(a.name);
  mixText(a.personality);
  mixText(a.region);
  mixNumber(a.distressQuarters);
  mixBool(a.failed);
  mixNumber(a.debtCents);
  mixNumber(a.sharesMillions);
  mixNumber(a.startSharePrice);
  hashBooks(a.books);
  mixNumbers(a.revenueHistory);
  mixNumber(a.expectation);
}

/** A list of fixed-field items (or strings): its length, then each item in order. */
function mixList<T>(a: readonly T[], each: (x: T) => void): void {
  mixNumber(a.length);
  for (let i = 0; i < a.length; i++) each(a[i]!);
}

function hashLab(a: LabState): void {
  mixShape(2, 29);
  hashActorBase(a);
  mixList(a.models, mixText);
  mixNumber(a.split.training);
  mixNumber(a.split.serving);
  mixNumber(a.split.internal);
  mixNumber(a.spotBid.gpuHours);
  mixNumber(a.spotBid.maxPrice);
  mixNumber(a.efficiencyPerQuarter);
  mixText(a.releaseMode);
  mixText(a.consumerPlan);
  mixNumber(a.payroll);
  mixNumber(a.salesShare);
  mixNumber(a.subscribersMillions);
  mixNumber(a.trainingPool);
  mixNumber(a.internalStock);
  mixNumber(a.efficiencyStock);
  mixNumber(a.generation);
  const c = a.compute;
  mixNumber(c.contracted);
  mixNumber(c.spot);
  mixNumber(c.asic);
  mixNumber(c.total);
  mixNumber(c.training);
  mixNumber(c.serving);
  mixNumber(c.internal);
  mixNumber(c.cost);
  mixNumber(a.tokens.demanded);
  mixNumber(a.tokens.served);
  mixNumber(a.tokens.consumer);
  mixNumber(a.unconstrainedRevenue);
}

function hashPipeline(p: HyperscalerState["pipeline"][number]): void {
  mixNumber(p.mw);
  mixNumber(p.quartersLeft);
  mixText(p.region);
  mixNumber(p.costLeft);
}

function hashCohort(c: FleetCohort): void {
  mixText(c.chipmaker);
  mixNumber(c.units);
  mixNumber(c.perfPerUnit);
  mixNumber(c.kwPerUnit);
  mixNumber(c.bookCents);
  mixNumber(c.depPerQuarterCents);
  mixNumber(c.ageQuarters);
  mixOptionalText(c.partnerLab);
}

function hashWarehouse(w: HyperscalerState["warehouseUnits"][number]): void {
  mixText(w.chipmaker);
  mixNumber(w.units);
  mixNumber(w.perfPerUnit);
  mixNumber(w.kwPerUnit);
  mixNumber(w.costCents);
  mixOptionalText(w.partnerLab);
}

function hashAcceleratorOrder(o: HyperscalerState["acceleratorOrders"][number]): void {
  mixText(o.chipmaker);
  mixNumber(o.units);
  mixNumber(o.maxPrice);
}

function hashHyperscaler(a: HyperscalerState): void {
  mixShape(3, 31);
  hashActorBase(a);
  mixBool(a.neocloud);
  mixNumber(a.powerMw);
  mixList(a.pipeline, hashPipeline);
  mixList(a.fleet, hashCohort);
  mixList(a.warehouseUnits, hashWarehouse);
  mixNumber(a.dcBookCents);
  mixNumber(a.otherRevenue);
  mixNumber(a.otherRevenueGrowth);
  mixNumber(a.otherMargin);
  mixNumber(a.ownUseShare);
  mixNumber(a.ownUseHours);
  mixNumber(a.contractPrice);
  mixNumber(a.spotFloor);
  mixNumber(a.usefulLifeYears);
  mixList(a.acceleratorOrders, hashAcceleratorOrder);
  const g = a.gpu;
  mixNumber(g.capacity);
  mixNumber(g.ownUse);
  mixNumber(g.contracted);
  mixNumber(g.spot);
  mixNumber(g.idle);
  mixNumber(g.revenue);
  mixNumbers(a.soldHistory);
  mixNumber(a.capexThisQuarter);
}

function hashChipmaker(a: ChipmakerState): void {
  mixShape(4, 34);
  hashActorBase(a);
  mixText(a.kind);
  mixNumber(a.perfPerUnit);
  mixNumber(a.kwPerUnit);
  mixNumber(a.diesPerWafer);
  mixNumber(a.hbmPerUnit);
  mixNumber(a.packagingCost);
  mixNumber(a.unitPrice);
  mixNumber(a.wafersPerQuarter);
  mixBool(a.prepay);
  mixList(a.priority, mixText);
  mixNumber(a.rndPerQuarter);
  mixNumber(a.rndStock);
  mixNumber(a.generation);
  mixNumber(a.quartersSinceGeneration);
  mixOptionalText(a.partnerLab);
  mixOptionalText(a.guarantor);
  mixNumber(a.inventoryUnits);
  mixNumber(a.unitCostCents);
  mixNumber(a.inTransitUnits);
  mixNumber(a.produced);
  mixNumber(a.sold);
  mixNumber(a.wafersReceived);
}

function hashRoute(r: EnterpriseState["routing"][string]): void {
  mixText(r.policy);
  mixOptionalText(r.model);
  mixOptionalText(r.fallback);
}

function hashEnterprise(a: EnterpriseState): void {
  mixShape(5, 28);
  hashActorBase(a);
  mixNumber(a.baseRevenue);
  mixNumber(a.baseMargin);
  mixNumber(a.labourCost);
  mixNumberRecord(a.tasks);
  mixNumber(a.budget);
  mixRecord(a.routing, hashRoute);
  mixNumber(a.adoption);
  mixNumber(a.adoptionCeiling);
  mixNumber(a.integrationPerQuarter);
  mixNumber(a.integrationStock);
  mixNumber(a.labourSubstitution);
  mixRecord(a.shares, mixNumberRecord);
  mixNumber(a.spend);
  mixNumber(a.valueCreated);
  mixNumber(a.tasksDone);
  mixBool(a.budgetExhausted);
  mixNumber(a.netValueCumulative);
}

function hashActor(a: ActorState): void {
  switch (a.role) {
    case "lab":
      hashLab(a);
      break;
    case "hyperscaler":
      hashHyperscaler(a);
      break;
    case "chipmaker":
      hashChipmaker(a);
      break;
    case "enterprise":
      hashEnterprise(a);
      break;
  }
}

function hashModel(m: ModelState): void {
  mixShape(6, 14);
  mixText(m.id);
  mixText(m.lab);
  mixText(m.name);
  mixText(m.tier);
  mixNumber(m.capability);
  mixNumber(m.verbosity);
  mixNumber(m.mtokPerGpuHour);
  mixNumber(m.inputPrice);
  mixNumber(m.outputPrice);
  mixBool(m.openWeights);
  mixNumber(m.availability);
  mixNumber(m.releasedQuarter);
  mixNumber(m.servedMtok);
  mixNumber(m.revenue);
}

function hashContract(c: Contract): void {
  mixText(c.id);
  mixText(c.lab);
  mixText(c.provider);
  mixNumber(c.gpuHoursPerQuarter);
  mixNumber(c.price);
  mixNumber(c.startQuarter);
  mixNumber(c.endQuarter);
}

function hashTaskClass(k: TaskClass): void {
  mixShape(8, 11);
  mixText(k.id);
  mixText(k.name);
  mixNumber(k.qualityBar);
  mixNumber(k.tokensPerTask);
  mixNumber(k.outputShare);
  mixNumber(k.valueMedian);
  mixNumber(k.valueSigma);
  mixNumber(k.restPotential);
  mixNumber(k.growth);
  mixBool(k.uncapped);
  mixNumber(k.frontierHabit);
}

function hashActorFigures(a: QuarterIndicators["actors"][string]): void {
  mixNumber(a.revenue);
  mixNumber(a.grossMargin);
  mixNumber(a.cash);
  mixNumber(a.fcf);
  mixNumber(a.valuation);
  mixNumber(a.tokensServed);
  mixNumber(a.share);
}

/**
 * Mixes one quarter's public indicators (a history entry) into the running hash. History
 * entries never change once appended, so hashState hashes them once each, as a chain.
 */
export function mixHistoryEntry(h: Readonly<QuarterIndicators>): void {
  mixShape(9, 21);
  mixNumber(h.quarter);
  mixText(h.label);
  mixNumber(h.tokenPriceIndex);
  if (h.fixedCapabilityPrice === null) mixNull();
  else mixNumber(h.fixedCapabilityPrice);
  mixNumber(h.gpuHourPrice);
  mixNumber(h.totalTokens);
  mixNumber(h.aiCapex);
  mixNumber(h.waferUtilization);
  mixNumber(h.gpuUtilization);
  mixNumber(h.hbmPrice);
  mixNumber(h.shadowOutput);
  mixNumber(h.valueScale);
  mixNumber(h.apiSpend);
  mixNumber(h.creditLosses);
  mixNumberRecord(h.costPerTask);
  mixNumber(h.frontierTokenShare);
  mixNumber(h.frontierRevenueShare);
  mixNumber(h.chipSentiment);
  mixNumber(h.labSentiment);
  mixNumber(h.rate);
  mixRecord(h.actors, hashActorFigures);
}

/**
 * Mixes everything a step may change into the running hash (between hashBegin and hashEnd):
 * all of the state but its history, catalogue and world (hashState covers those).
 */
export function mixState(s: Readonly<GameState>): void {
  mixShape(7, 34);
  mixNumber(s.version);
  mixText(s.scenarioId);
  mixNumber(s.scenarioVersion);
  mixText(s.title);
  mixNumber(s.seed);
  mixNumber(s.start.year);
  mixNumber(s.start.quarter);
  mixNumber(s.quarters);
  mixNumber(s.quarter);
  mixBool(s.finished);
  mixNumbers(s.rng);
  mixNumber(s.demandGrowth);
  mixNumber(s.reasoningScale);
  mixList(s.taskClasses, hashTaskClass);
  mixNumberRecord(s.classScale);
  mixNumber(s.restAdoption);
  mixNumberRecord(s.costRef);
  mixRecord(s.restShares, mixNumberRecord);
  mixRecord(s.actors, hashActor);
  mixRecord(s.models, hashModel);
  mixList(s.contracts, hashContract);
  mixNumber(s.nextContractId);
  mixNumberRecord(s.ledger);
  mixList(s.randomShocks, mixText);
  mixAny(s.schedule);
  mixAny(s.active);
  mixAny(s.fired);
  const f = s.foundry;
  mixNumber(f.capacityWafers);
  mixNumber(f.pricePerWafer);
  mixBool(f.discipline);
  mixNumber(f.highUtilQuarters);
  mixAny(f.pending);
  mixNumber(f.utilization);
  const m = s.memory;
  mixNumber(m.capacityStacks);
  mixNumber(m.pricePerStack);
  mixNumbers(m.priceHistory);
  mixNumber(m.utilization);
  mixNumber(m.demandStacks);
  mixNumber(s.capital.rate);
  mixNumber(s.capital.sentiment.labs);
  mixNumber(s.capital.sentiment.chips);
  mixNumber(s.capital.sentiment.clouds);
  mixNumber(s.spotPrice);
  mixText(s.catalogueDigest);
  mixText(s.worldDigest);
  mixNumber(s.baseFrontierCapability);
}
