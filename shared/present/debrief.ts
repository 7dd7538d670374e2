/**
 * The debrief of a finished game, as data: re-simulated from its log (readLog), so it reveals
 * what was private during play (every seat's orders and profit). A timeline (each quarter's
 * shocks, notable events, every seat's orders and the market's response), "why did my P&L
 * move" for each seat and quarter (attributeLog: the parts add up to the change), the forecasts
 * scored with their leaderboard, the scenario's discussion prompts for the shocks that fired,
 * and the standings (standings.ts) with what drove each score. Pure; the words are the client's.
 */
import type { EventKind } from "../engine/events.ts";
import type { GameState, QuarterIndicators } from "../engine/state.ts";
import type { Order } from "../orders/index.ts";
import { parseScenario } from "../scenario/load.ts";
import type { DebriefPrompt } from "../scenario/schema.ts";
import { type Attribution, attributeLog } from "../sim/attribution.ts";
import {
  FORECAST_TARGETS,
  type ForecastStanding,
  type ForecastTarget,
  forecastLeaderboard,
  type ScoredForecast,
  scoreForecast,
} from "../sim/forecasts.ts";
import { type GameLog, replayLog } from "../sim/run-game.ts";
import { describeEvent, type Names } from "./news.ts";
import { type Standings, standingsOfState } from "./standings.ts";

/** The market figures the timeline follows, quarter on quarter. */
export const MARKET_FIGURES = ["tokenPriceIndex", "gpuHourPrice", "aiCapex", "totalTokens"] as const;
export type MarketFigure = (typeof MARKET_FIGURES)[number];

export interface TimelineQuarter {
  quarter: number;
  label: string;
  /** shocks that fired this quarter */
  shocks: { shock: string; headline: string; text: string }[];
  /** other notable events (failures, distress, releases, new chip generations, refinancing) */
  notable: { kind: EventKind; headline: string; text: string }[];
  /** every seat's orders for the quarter, in seat order */
  decisions: { seat: string; orders: Order[] }[];
  /** the market's response: each figure before (the quarter before; null for the first) and after */
  market: { id: MarketFigure; before: number | null; after: number }[];
}

/** A seat's profit changes over the game, summed by cause (each quarter's attribution added up). */
export interface SeatDrivers {
  seat: string;
  own: number;
  /** every other seat's orders: rivals, customers and suppliers */
  others: number;
  shocks: number;
  drift: number;
  /**
   * the sum of the four: the change in quarterly net income over the game, from quarter 1 with
   * every order held back and no shock (the opening books hold no profit) to the last quarter;
   * for a seat that failed, to its last quarter in business (the losses that end when it fails
   * are not a gain)
   */
  total: number;
  /** the quarter it failed in, if it did */
  failed?: { quarter: number; label: string };
}

export interface Debrief {
  title: string;
  scenarioId: string;
  /** quarters resolved, and the game's planned length */
  quarters: number;
  length: number;
  /** the host ended it before its last quarter */
  endedEarly: boolean;
  seats: { id: string; name: string; role: string }[];
  timeline: TimelineQuarter[];
  /** each seat's quarter-on-quarter change in net income, split (quarter, then seat order) */
  attribution: Attribution[];
  drivers: SeatDrivers[];
  forecasts: { targets: ForecastTarget[]; scored: ScoredForecast[]; leaderboard: ForecastStanding[] };
  /** the scenario's prompts: those tied to a shock that fired first, then the general ones */
  prompts: (DebriefPrompt & { fired: string[] })[];
  standings: Standings;
}

function namesOfState(state: GameState): Names {
  const m = new Map<string, string>();
  for (let i = 0; i < state.companies.n; i++) m.set(state.companies.id[i]!, state.companies.name[i]!);
  for (let i = 0; i < state.models.n; i++) m.set(state.models.id[i]!, state.models.name[i]!);
  return (id) => m.get(id) ?? id;
}

function figure(h: QuarterIndicators | undefined, id: MarketFigure): number | null {
  const v = h?.[id];
  return typeof v === "number" ? v : null;
}

/**
 * Builds the debrief of a game log (read with readLog). Throws when the log does not replay.
 * `attribution: false` skips the P&L split (its re-runs are the slow part).
 */
export function buildDebrief(log: GameLog, opts: { attribution?: boolean } = {}): Debrief {
  const timeline: TimelineQuarter[] = [];
  const failed = new Map<string, { quarter: number; label: string }>();
  const replay = replayLog(log, (state, events, rec) => {
    const names = namesOfState(state);
    const shocks: TimelineQuarter["shocks"] = [];
    const notable: TimelineQuarter["notable"] = [];
    for (const e of events) {
      if (e.kind === "actor/failed" && !failed.has(e.company)) failed.set(e.company, { quarter: rec.quarter, label: rec.label });
      const w = describeEvent(e, names);
      if (e.kind === "shock/fired") shocks.push({ shock: e.shock, headline: w.headline, text: w.text });
      else if (w.notable) notable.push({ kind: e.kind, headline: w.headline, text: w.text });
    }
    const now = state.history[state.history.length - 1];
    const before = state.history[state.history.length - 2];
    timeline.push({
      quarter: rec.quarter,
      label: rec.label,
      shocks,
      notable,
      decisions: state.companies.id.map((seat) => ({ seat, orders: rec.ordersBySeat[seat] ?? [] })),
      market: MARKET_FIGURES.map((id) => ({ id, before: figure(before, id), after: figure(now, id) ?? 0 })),
    });
  });
  if (!replay.ok) throw new Error(`the log does not replay: quarter ${replay.firstDivergence?.quarter} diverges`);
  const state = replay.state;
  const length = parseScenario(log.scenarioInput).quarters;
  const endedEarly = log.quarters.length < length;
  const attribution = opts.attribution === false ? [] : attributeLog(log);
  const drivers = state.companies.id.map((seat) => {
    const d: SeatDrivers = { seat, own: 0, others: 0, shocks: 0, drift: 0, total: 0 };
    const end = failed.get(seat);
    if (end) d.failed = end;
    for (const a of attribution) {
      if (a.seat !== seat || (end && a.quarter >= end.quarter)) continue;
      d.drift += a.drift;
      for (const p of a.parts) {
        if (p.id === "own") d.own += p.value;
        else if (p.id === "others") d.others += p.value;
        else if (p.id === "shocks") d.shocks += p.value;
      }
    }
    d.total = d.own + d.others + d.shocks + d.drift;
    return d;
  });
  const records = log.forecasts ?? [];
  const scored = records.map((r) => scoreForecast(r, state.history)).filter((s): s is ScoredForecast => s !== null);
  const targets = [...new Set(records.map((r) => r.forecast.target))].filter((t) => t in FORECAST_TARGETS);
  const fired = new Set(state.fired.map((f) => f.shock));
  const prompts = (parseScenario(log.scenarioInput).debrief ?? [])
    .map((p) => ({ ...p, fired: p.shocks.filter((s) => fired.has(s)) }))
    .filter((p) => p.shocks.length === 0 || p.fired.length > 0)
    .sort((a, b) => Number(b.fired.length > 0) - Number(a.fired.length > 0));
  return {
    title: state.title,
    scenarioId: state.scenarioId,
    quarters: state.quarter,
    length,
    endedEarly,
    seats: state.companies.id.map((id, i) => ({ id, name: state.companies.name[i]!, role: state.companies.role[i]! })),
    timeline,
    attribution,
    drivers,
    forecasts: { targets, scored, leaderboard: forecastLeaderboard(records, state.history) },
    prompts,
    standings: standingsOfState(state, { ended: endedEarly }),
  };
}
