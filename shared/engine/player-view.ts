/**
 * playerView(state, seat): what one seat may see. The public market (models and list
 * prices, world indicators, every company's public figures) plus the seat's own books.
 * It never contains another seat's private books (cash, debt, margins, costs, policies,
 * contracts, routing) nor the random state. seat = null is a spectator (public only).
 */
import type { Role, TaskClass, World } from "../scenario/schema.ts";
import { actorList, modelList } from "./context.ts";
import { quarterLabel } from "./create-game.ts";
import { cloneJson, RecentCache, sortedIds } from "./math.ts";
import type { ActorState, Contract, GameState, ModelState, QuarterIndicators } from "./state.ts";

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
  /** total shareholder return since the start (fraction) */
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
    foundryUtilization: number;
    waferPrice: number;
    hbmPrice: number;
    spotGpuHourPrice: number;
    rate: number;
    sentiment: { labs: number; chips: number; clouds: number };
    energyPrices: Record<string, number>;
    activeShocks: { shock: string; title: string; untilQuarter: number | null }[];
  };
  /** the scenario's public rules, fixed for the game: model parameters (including the disputed pairs) and build costs */
  rules: {
    params: World["params"];
    dataCentreCostPerMw: number;
    buildQuarters: number;
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
  /** catalogue ids and titles, for the host console and news */
  catalogue: { id: string; title: string }[];
}

function isBanned(state: GameState, modelId: string): boolean {
  for (const e of state.active) if (e.effect.kind === "modelBan" && e.effect.model === modelId) return true;
  return false;
}

/** A lab's model list as its public facts show it, joined once per list (a list is replaced, never modified). */
const JOINED_MODEL_IDS = new RecentCache<readonly string[], string>(8);
const joinIds = (ids: readonly string[]): string => ids.join(",");

function publicFacts(a: ActorState): Record<string, number | string | boolean> {
  switch (a.role) {
    case "lab":
      return { models: JOINED_MODEL_IDS.get(a.models, joinIds), tokensServedMtok: a.tokens.served, consumerPlan: a.consumerPlan };
    case "hyperscaler":
      return { powerMw: a.powerMw, neocloud: a.neocloud, contractPrice: a.contractPrice, spotFloor: a.spotFloor, gpuHours: a.gpu.capacity };
    case "chipmaker":
      return {
        kind: a.kind,
        unitPrice: a.unitPrice,
        perfPerUnit: a.perfPerUnit,
        kwPerUnit: a.kwPerUnit,
        generation: a.generation,
        unitsSold: a.sold,
        guarantor: a.guarantor ?? "",
      };
    case "enterprise":
      return { tasksDone: a.tasksDone };
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

/*
 * Parts of a view that never change in a game: the world's rules (shared by every copy of a
 * state) and the shock catalogue. A read-only view shares them, built once per game; a view
 * that is not read-only gets its own copies.
 */
const ENERGY_PRICES = new RecentCache<GameState["world"], Record<string, number>>(4);
const CATALOGUE = new RecentCache<GameState["catalogue"], PublicPart["catalogue"]>(4);

function energyPrices(world: GameState["world"]): Record<string, number> {
  return Object.fromEntries(Object.entries(world.energy).map(([r, e]) => [r, e.pricePerMwh]));
}

function publicCatalogue(catalogue: GameState["catalogue"]): PublicPart["catalogue"] {
  return catalogue.map((x) => ({ id: x.id, title: x.title }));
}

/** The part of every view that is the same for all seats: the public market. */
function publicPart(state: GameState, readOnly: boolean): PublicPart {
  let totalServed = 0;
  for (const id in state.models) totalServed += state.models[id]?.servedMtok ?? 0;
  return {
    scenarioId: state.scenarioId,
    title: state.title,
    quarter: state.quarter,
    quarters: state.quarters,
    label: quarterLabel(state.start, Math.min(state.quarter + 1, state.quarters)),
    finished: state.finished,
    taskClasses: readOnly ? state.taskClasses : cloneJson(state.taskClasses),
    world: {
      foundryCapacityWafers: state.foundry.capacityWafers,
      foundryUtilization: state.foundry.utilization,
      waferPrice: state.foundry.pricePerWafer,
      hbmPrice: state.memory.pricePerStack,
      spotGpuHourPrice: state.spotPrice,
      rate: state.capital.rate,
      sentiment: { ...state.capital.sentiment },
      energyPrices: readOnly ? ENERGY_PRICES.get(state.world, energyPrices) : energyPrices(state.world),
      activeShocks: state.active.map((e) => ({ shock: e.shock, title: e.title, untilQuarter: e.untilQuarter })),
    },
    rules: {
      params: readOnly ? state.world.params : { ...state.world.params },
      dataCentreCostPerMw: state.world.dataCentre.costPerMw,
      buildQuarters: state.world.dataCentre.buildQuarters,
    },
    actors: actorList(state).map((a) => ({
      id: a.id,
      role: a.role,
      name: a.name,
      region: a.region,
      failed: a.failed,
      revenue: a.books.revenue,
      valuation: a.books.valuation,
      sharePrice: a.books.sharePrice,
      tsr: a.startSharePrice > 0 ? a.books.sharePrice / a.startSharePrice - 1 : 0,
      facts: publicFacts(a),
    })),
    models: modelList(state).map((m) => ({
      id: m.id,
      lab: m.lab,
      name: m.name,
      tier: m.tier,
      capability: m.capability,
      verbosity: m.verbosity,
      inputPrice: m.inputPrice,
      outputPrice: m.outputPrice,
      openWeights: m.openWeights,
      availability: m.availability,
      banned: isBanned(state, m.id),
      tokenShare: totalServed > 0 ? m.servedMtok / totalServed : 0,
    })),
    catalogue: readOnly ? CATALOGUE.get(state.catalogue, publicCatalogue) : publicCatalogue(state.catalogue),
  };
}

type HistoryEntry = GameState["history"][number];
type PublicHistory = {
  entry: HistoryEntry;
  actors: Record<string, HistoryEntry["actors"][string]>;
  /** views built together (playerViews) only: the entry as each seat sees it, filled as seats ask */
  bySeat: Map<string | null, QuarterIndicators> | null;
}[];

/** A company's figures of one quarter as anyone may see them: the private ones (margin, cash, FCF) zeroed. */
export function publicFigures(a: HistoryEntry["actors"][string]): HistoryEntry["actors"][string] {
  return { revenue: a.revenue, valuation: a.valuation, tokensServed: a.tokensServed, share: a.share, grossMargin: 0, cash: 0, fcf: 0 };
}

function publicActors(h: HistoryEntry): PublicHistory[number]["actors"] {
  const actors: PublicHistory[number]["actors"] = {};
  for (const id of sortedIds(h.actors)) actors[id] = publicFigures(h.actors[id]!);
  return actors;
}

/*
 * History entries never change once appended, and read-only views may share what they show of
 * them: so for views built together (playerViews, every bot's view of a quarter), each entry's
 * public figures, and each seat's view of the entry, are built once and reused while the entry
 * is among the 4 entries last shown: a game's bots look back two quarters, so they build each
 * entry's views once. (A ring of a few, not a WeakMap: the entries and views it holds must stay
 * few, or they outlive the young generation and are copied into the old one.) A single view
 * (playerView: the server's, one seat at a time across many games) builds its own.
 */
const SHARED_ENTRIES = new RecentCache<HistoryEntry, PublicHistory[number]>(4);

function sharedEntry(entry: HistoryEntry): PublicHistory[number] {
  return { entry, actors: publicActors(entry), bySeat: new Map() };
}

/** History as anyone may see it: every company's public figures (publicFigures). */
function publicHistory(state: GameState, opts: ViewOptions, share: boolean): PublicHistory {
  const past = opts.historyLimit !== undefined ? state.history.slice(-opts.historyLimit) : state.history;
  return past.map((h) => (share ? SHARED_ENTRIES.get(h, sharedEntry) : { entry: h, actors: publicActors(h), bySeat: null }));
}

/** A history entry as a seat sees it: everyone's public figures, and its own in full. */
function entryFor(entry: HistoryEntry, actors: PublicHistory[number]["actors"], seat: string | null, readOnly: boolean): QuarterIndicators {
  const mine = seat ? entry.actors[seat] : undefined;
  if (!mine) return { ...entry, actors: readOnly ? actors : { ...actors } };
  // A copy, then the seat's own figures written over its public ones (same key order as
  // `{ ...actors, [seat]: … }`, whose computed key after a spread V8 defines through its runtime).
  const seen = { ...actors };
  seen[seat as string] = readOnly ? mine : cloneJson(mine);
  return { ...entry, actors: seen };
}

/** entryFor, made once per seat for views built together (they are read-only). */
function seatEntry({ entry, actors, bySeat }: PublicHistory[number], seat: string | null, readOnly: boolean): QuarterIndicators {
  if (!bySeat) return entryFor(entry, actors, seat, readOnly);
  let out = bySeat.get(seat);
  if (!out) {
    out = entryFor(entry, actors, seat, true);
    bySeat.set(seat, out);
  }
  return out;
}

function seatView(state: GameState, seat: string | null, pub: PublicPart, opts: ViewOptions, pubHistory: PublicHistory): PlayerView {
  const readOnly = opts.readOnly ?? false;
  const own = seat ? (state.actors[seat] ?? null) : null;
  if (seat && !own) throw new Error(`unknown seat "${seat}"`);
  const history: QuarterIndicators[] = [];
  // without the seat's own history, every seat sees the spectator's entries (one for all seats)
  const historySeat = opts.ownHistory === false ? null : seat;
  for (const h of pubHistory) history.push(seatEntry(h, historySeat, readOnly));
  const ownModels: ModelState[] = [];
  if (own && own.role === "lab") for (const id of own.models) ownModels.push(readOnly ? state.models[id]! : cloneJson(state.models[id]!));
  const ownContracts: Contract[] = [];
  if (seat) for (const c of state.contracts) if (c.lab === seat || c.provider === seat) ownContracts.push(readOnly ? c : { ...c });
  // Written out, not `{ ...pub, seat, … }`: one object of one layout per seat, in the same key order.
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
    role: own?.role ?? null,
    history,
    own: own ? (readOnly ? own : cloneJson(own)) : null,
    ownModels,
    ownContracts,
  };
}

export interface ViewOptions {
  /** share the state's objects instead of copying them (for bots, which never modify a view); the view sent over the wire must be built without it */
  readOnly?: boolean;
  /** only the last n quarters of history (bots look at recent quarters only) */
  historyLimit?: number;
  /**
   * false: history shows the seat's own figures as anyone sees them (no private margin, cash or
   * FCF of past quarters), the same entries for every seat, built once. Bots read only public
   * figures from history (their own books are in `own`), so their views leave it out.
   */
  ownHistory?: boolean;
}

/** What one seat (or a spectator, seat = null) may see. */
export function playerView(state: GameState, seat: string | null, opts: ViewOptions = {}): PlayerView {
  return seatView(state, seat, publicPart(state, opts.readOnly ?? false), opts, publicHistory(state, opts, false));
}

/** Views for several seats at once: the public market is built once and shared (read-only views). */
export function playerViews(state: GameState, seats: readonly (string | null)[], opts: ViewOptions & { readOnly: true }): PlayerView[] {
  const pub = publicPart(state, true);
  const history = publicHistory(state, opts, true);
  return seats.map((seat) => seatView(state, seat, pub, opts, history));
}
