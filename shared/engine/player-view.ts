/**
 * playerView(state, seat): what one seat may see. The public market (models and list
 * prices, world indicators, every company's public figures) plus the seat's own books.
 * It never contains another seat's private books (cash, debt, margins, costs, policies,
 * contracts, routing) nor the random state. seat = null is a spectator (public only).
 */
import type { Effect, Role, TaskClass, World } from "../scenario/schema.ts";
import { dataCentreCostPerMw } from "./context.ts";
import { quarterLabel } from "./create-game.ts";
import { mapped, sortStrings } from "./math.ts";
import { type ActorState, type Contract, classObject, companyObject, contractObject, type ModelState, modelObject } from "./objects.ts";
import type { GameState, QuarterIndicators } from "./state.ts";
import { energyPrice } from "./steps/compute.ts";
import { tsrOf } from "./steps/finance.ts";

export interface PublicActor {
  id: string;
  role: Role;
  name: string;
  region: string;
  failed: boolean;
  /** last quarter's revenue ($), valuation ($) and share price: public, as for listed companies */
  revenue: number;
  valuation: number;
  sharePrice: number;
  /** valuation at the start of the game ($) */
  startValuation: number;
  /** revenue in the quarter before the game ($ a quarter): where the ranking measures revenue from, as TSR from the start */
  startRevenue: number;
  /** shares outstanding (millions), now and at the start: equity raised adds shares, buybacks retire them, so TSR (per share) can part from the valuation */
  sharesMillions: number;
  startSharesMillions: number;
  /** total shareholder return since the start (fraction): share price path with dividends reinvested (tsrOf) */
  tsr: number;
  /** role-specific public facts */
  facts: Record<string, number | string | boolean>;
}

/** A model as everyone sees it: its public fields (not its throughput or revenue), ban and token share. */
export interface PublicModel
  extends Pick<
    ModelState,
    "id" | "lab" | "name" | "tier" | "capability" | "verbosity" | "inputPrice" | "outputPrice" | "openWeights" | "availability"
  > {
  banned: boolean;
  /** share of all tokens served last quarter */
  tokenShare: number;
}

export interface PlayerView {
  seat: string | null;
  role: Role | null;
  scenarioId: string;
  title: string;
  /** quarters resolved so far; the orders being collected are for quarter + 1 */
  quarter: number;
  quarters: number;
  /** label of the quarter being decided, e.g. "2026Q3" */
  label: string;
  finished: boolean;
  taskClasses: TaskClass[];
  world: {
    foundryCapacityWafers: number;
    /** leading-node wafer demand over capacity: above 1 when the foundry is short */
    foundryUtilization: number;
    waferPrice: number;
    hbmPrice: number;
    spotGpuHourPrice: number;
    rate: number;
    sentiment: { labs: number; chips: number; clouds: number };
    /** the coming quarter's energy price by region ($/MWh: shocks and the input price level applied) */
    energyPrices: Record<string, number>;
    /** what a MW of data centre started in the coming quarter costs to build */
    dataCentreCostPerMw: number;
    activeShocks: { shock: string; title: string; untilQuarter: number | null }[];
  };
  /** the scenario's public rules, fixed for the game: model parameters (including the disputed pairs), build times, the orders' rules */
  rules: {
    params: World["params"];
    buildQuarters: number;
    /** what an order may be (the order form checks them as a player types: `checkRules`) */
    orders: World["rules"]["orders"];
    /** the most scarcity adds to a chip's list price (a fraction of it): the chipmakers' price in a shortage is at most list × (1 + this) */
    chipScarcityPremiumMax: number;
  };
  actors: PublicActor[];
  models: PublicModel[];
  /** public indicators per resolved quarter; per-actor entries hold public fields only, except the seat's own */
  history: QuarterIndicators[];
  /** the seat's own state (private books and standing policies); null for spectators */
  own: ActorState | null;
  ownContracts: Contract[];
  /** the seat's own models with their private serving figures (labs only) */
  ownModels: ModelState[];
  /** the game's shock catalogue: ids, titles and what each does (the host console's form is built from it) */
  catalogue: { id: string; title: string; duration: number; effects: Effect[] }[];
}

function publicFacts(state: GameState, i: number): Record<string, number | string | boolean> {
  const r = state.companies.roleRow[i]!;
  switch (state.companies.role[i]!) {
    case "lab": {
      const L = state.labs;
      return { models: L.models[r]!.join(","), tokensServedMtok: L.tokens.served[r]!, consumerPlan: L.consumerPlan[r]! };
    }
    case "hyperscaler": {
      const H = state.clouds;
      return {
        powerMw: H.powerMw[r]!,
        neocloud: H.neocloud[r]!,
        contractPrice: H.contractPrice[r]!,
        spotFloor: H.spotFloor[r]!,
        gpuHours: H.gpu.capacity[r]!,
      };
    }
    case "chipmaker": {
      const K = state.chips;
      return {
        kind: K.kind[r]!,
        unitPrice: K.unitPrice[r]!,
        perfPerUnit: K.perfPerUnit[r]!,
        kwPerUnit: K.kwPerUnit[r]!,
        generation: K.generation[r]!,
        unitsSold: K.sold[r]!,
        asp: K.asp[r]!,
        backlogUnits: K.backlogUnits[r]!,
        guarantor: K.guarantor[r] ?? "",
      };
    }
    case "enterprise":
      return { tasksDone: state.firms.tasksDone[r]! };
  }
}

type PublicPart = Pick<
  PlayerView,
  | "scenarioId"
  | "title"
  | "quarter"
  | "quarters"
  | "label"
  | "finished"
  | "taskClasses"
  | "world"
  | "rules"
  | "actors"
  | "models"
  | "catalogue"
>;

/** The part of every view that is the same for all seats: the public market. */
function publicPart(state: GameState): PublicPart {
  const C = state.companies;
  const M = state.models;
  let totalServed = 0;
  for (let m = 0; m < M.n; m++) totalServed += M.servedMtok[m]!;
  const banned = new Set<string>();
  for (const e of state.active) if (e.effect.kind === "modelBan") banned.add(e.effect.model);
  const actors: PublicActor[] = [];
  for (let i = 0; i < C.n; i++) {
    actors.push({
      id: C.id[i]!,
      role: C.role[i]!,
      name: C.name[i]!,
      region: C.region[i]!,
      failed: C.failed[i]!,
      revenue: C.books.revenue[i]!,
      valuation: C.books.valuation[i]!,
      sharePrice: C.books.sharePrice[i]!,
      startValuation: C.startValuation[i]!,
      startRevenue: C.startRevenue[i]!,
      sharesMillions: C.sharesMillions[i]!,
      // the start's share price was its valuation over its shares
      startSharesMillions: C.startSharePrice[i]! > 0 ? C.startValuation[i]! / C.startSharePrice[i]! / 1e6 : C.sharesMillions[i]!,
      // the quarter's figure as the history recorded it (tsrOf over the same path); 0 before any quarter
      tsr: state.history[state.history.length - 1]?.actors[C.id[i]!]?.tsr ?? tsrOf(state, i),
      facts: publicFacts(state, i),
    });
  }
  const models: PublicModel[] = [];
  for (let m = 0; m < M.n; m++) {
    models.push({
      id: M.id[m]!,
      lab: C.id[M.lab[m]!]!,
      name: M.name[m]!,
      tier: M.tier[m]!,
      capability: M.capability[m]!,
      verbosity: M.verbosity[m]!,
      inputPrice: M.inputPrice[m]!,
      outputPrice: M.outputPrice[m]!,
      openWeights: M.openWeights[m]!,
      availability: M.availability[m]!,
      banned: banned.has(M.id[m]!),
      tokenShare: totalServed > 0 ? M.servedMtok[m]! / totalServed : 0,
    });
  }
  const w = state.world;
  const energyPrices: Record<string, number> = {};
  for (const r of Object.keys(w.energy)) energyPrices[r] = energyPrice(state, state.quarter + 1, r);
  return {
    scenarioId: state.scenarioId,
    title: state.title,
    quarter: state.quarter,
    quarters: state.quarters,
    label: quarterLabel(state.start, Math.min(state.quarter + 1, state.quarters)),
    finished: state.finished,
    taskClasses: mapped(state.classes.id, (_, k) => classObject(state, k)),
    world: {
      foundryCapacityWafers: state.foundry.capacityWafers,
      foundryUtilization: state.foundry.utilization,
      waferPrice: state.foundry.pricePerWafer,
      hbmPrice: state.memory.pricePerStack,
      spotGpuHourPrice: state.spotPrice,
      rate: state.capital.rate,
      sentiment: { ...state.capital.sentiment },
      energyPrices,
      dataCentreCostPerMw: dataCentreCostPerMw(state, state.quarter + 1),
      activeShocks: mapped(state.active, (e) => ({ shock: e.shock, title: e.title, untilQuarter: e.untilQuarter })),
    },
    rules: {
      params: { ...w.params },
      buildQuarters: w.dataCentre.buildQuarters,
      orders: { ...w.rules.orders },
      chipScarcityPremiumMax: w.rules.supply.chipScarcityPremiumMax,
    },
    actors,
    models,
    catalogue: mapped(state.catalogue, (x) => ({
      id: x.id,
      title: x.title,
      duration: x.duration,
      effects: mapped(x.effects, (e) => ({ ...e })),
    })),
  };
}

type HistoryEntry = QuarterIndicators;

/**
 * A company's figures of one quarter as anyone may see them: the private ones (PRIVATE_FIGURES:
 * margin, cash, FCF, debt, unserved demand) zeroed; what the market sees (capex, its loan rate,
 * payouts, share price, TSR, distress and default) stays.
 */
export function publicFigures(a: HistoryEntry["actors"][string]): HistoryEntry["actors"][string] {
  // Field by field, in the declared order (state.ts), the PRIVATE_FIGURES at 0 (test/engine/
  // player-view.test.ts holds the two together): every bot's view makes eleven of these for each
  // history entry every quarter, and a spread of an entry costs ten times as much.
  return {
    revenue: a.revenue,
    grossMargin: 0,
    cash: 0,
    fcf: 0,
    valuation: a.valuation,
    tokensServed: a.tokensServed,
    tokensUnserved: 0,
    share: a.share,
    capex: a.capex,
    debt: 0,
    loanRate: a.loanRate,
    creditLosses: a.creditLosses,
    creditAllowance: a.creditAllowance,
    payouts: a.payouts,
    sharePrice: a.sharePrice,
    dividendPerShare: a.dividendPerShare,
    tsr: a.tsr,
    distressed: a.distressed,
    failed: a.failed,
    aiCapex: a.aiCapex,
  };
}

/** A company's per-quarter figures only it (and, after the game, the debrief) may see. */
export const PRIVATE_FIGURES = ["grossMargin", "cash", "fcf", "debt", "tokensUnserved"] as const;

/**
 * A company's figures kept for analysis (metrics, exports, the debrief) that the view leaves at
 * 0: its lenders' provisions on it move every quarter, and the game shows a default in its news.
 */
const ANALYSIS_FIGURES = ["creditLosses", "creditAllowance"] as const;

/** A history entry as a seat sees it: everyone's public figures, and its own in full. */
function entryFor(entry: HistoryEntry, seat: string | null): QuarterIndicators {
  const actors: HistoryEntry["actors"] = {};
  for (const id of sortStrings(Object.keys(entry.actors))) {
    const a = id === seat ? { ...entry.actors[id]! } : publicFigures(entry.actors[id]!);
    for (const k of ANALYSIS_FIGURES) a[k] = 0;
    actors[id] = a;
  }
  // the model prices, event counts and buyers' API bills are for analysis (metrics, exports): the
  // view has its models, its news and, for a buyer, its own spend
  return { ...entry, costPerTask: { ...entry.costPerTask }, modelPrices: {}, events: [], apiSpendByBuyer: {}, actors };
}

export interface ViewOptions {
  /** only the last n quarters of history (bots look at recent quarters only) */
  historyLimit?: number;
  /**
   * false: history shows the seat's own figures as anyone sees them (no private margin, cash or
   * FCF of past quarters), the same entries for every seat, built once. Bots read only public
   * figures from history (their own books are in `own`), so their views leave it out.
   */
  ownHistory?: boolean;
}

/** The history entries a view shows (the last `historyLimit`, or all). */
function recentHistory(state: GameState, opts: ViewOptions): QuarterIndicators[] {
  return opts.historyLimit !== undefined ? state.history.slice(-opts.historyLimit) : state.history;
}

function seatView(
  state: GameState,
  seat: string | null,
  pub: PublicPart,
  history: QuarterIndicators[] | null,
  opts: ViewOptions,
  contracts: readonly Contract[] | null,
): PlayerView {
  const i = seat === null ? -1 : state.companies.id.indexOf(seat);
  if (seat !== null && i < 0) throw new Error(`unknown seat "${seat}"`);
  const ownModels: ModelState[] = [];
  const ownContracts: Contract[] = [];
  if (i >= 0) {
    if (state.companies.role[i] === "lab") {
      for (const id of state.labs.models[state.companies.roleRow[i]!]!) ownModels.push(modelObject(state, state.models.id.indexOf(id)));
    }
    const K = state.contracts;
    for (let c = 0; c < K.n; c++)
      if (K.lab[c] === i || K.provider[c] === i) ownContracts.push(contracts ? contracts[c]! : contractObject(state, c));
  }
  return {
    scenarioId: pub.scenarioId,
    title: pub.title,
    quarter: pub.quarter,
    quarters: pub.quarters,
    label: pub.label,
    finished: pub.finished,
    taskClasses: pub.taskClasses,
    world: pub.world,
    rules: pub.rules,
    actors: pub.actors,
    models: pub.models,
    catalogue: pub.catalogue,
    seat,
    role: i >= 0 ? state.companies.role[i]! : null,
    history: history ?? mapped(recentHistory(state, opts), (h) => entryFor(h, opts.ownHistory === false ? null : seat)),
    own: i >= 0 ? companyObject(state, i) : null,
    ownModels,
    ownContracts,
  };
}

/** What one seat (or a spectator, seat = null) may see. */
export function playerView(state: GameState, seat: string | null, opts: ViewOptions = {}): PlayerView {
  return seatView(state, seat, publicPart(state), null, opts, null);
}

/**
 * Views for several seats at once: the public market and the contracts are built once and
 * shared by every view (so they must be read, not modified); without the seats' own history,
 * so are the history's entries.
 */
export function playerViews(state: GameState, seats: readonly (string | null)[], opts: ViewOptions = {}): PlayerView[] {
  const pub = publicPart(state);
  let shared: QuarterIndicators[] | null = null;
  if (opts.ownHistory === false) {
    shared = mapped(recentHistory(state, opts), (h) => entryFor(h, null));
  }
  const contracts: Contract[] = [];
  for (let c = 0; c < state.contracts.n; c++) contracts.push(contractObject(state, c));
  return mapped(seats, (seat) => seatView(state, seat, pub, shared, opts, contracts));
}
