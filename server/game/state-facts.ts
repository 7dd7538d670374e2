/**
 * Every fact the server reads from a GameState, in one place: seat ids, roles, names, whether
 * a company failed, the quarter, the end, the title, shock titles, and the events that concern
 * a seat. The engine's state is declared tables (`state.companies` holds one column per field,
 * one row per company, in id order) and its events are typed data (shared/engine/events.ts);
 * only this file follows their shape. Events are read by their `kind` and fields; their words
 * come from shared/present/news.ts.
 */
import { companyIndex, type GameEvent, type GameState } from "../../shared/index.ts";
import { describeEvent } from "../../shared/present/news.ts";

/** The game's seats (one per company and enterprise), sorted. */
export function seatIdsOf(state: GameState): string[] {
  return [...state.companies.id].sort();
}

export function hasSeat(state: GameState, seat: string): boolean {
  return companyIndex(state, seat) >= 0;
}

export function seatRole(state: GameState, seat: string): string {
  const i = companyIndex(state, seat);
  return i >= 0 ? state.companies.role[i]! : "";
}

export function seatName(state: GameState, seat: string): string {
  const i = companyIndex(state, seat);
  return i >= 0 ? state.companies.name[i]! : seat;
}

/** The personality a bot plays the seat with. */
export function seatPersonality(state: GameState, seat: string): "cautious" | "aggressive" {
  const i = companyIndex(state, seat);
  return i >= 0 ? state.companies.personality[i]! : "cautious";
}

/** The company failed (it cannot act again this game). */
export function seatFailed(state: GameState, seat: string): boolean {
  const i = companyIndex(state, seat);
  return i >= 0 && state.companies.failed[i] === true;
}

/** Seat → role and seat → display name (for the log header and the exports). */
export function seatRoles(state: GameState): Record<string, string> {
  return Object.fromEntries(seatIdsOf(state).map((id) => [id, seatRole(state, id)]));
}
export function seatNames(state: GameState): Record<string, string> {
  return Object.fromEntries(seatIdsOf(state).map((id) => [id, seatName(state, id)]));
}

/** Quarters resolved so far (the quarter being decided is this + 1). */
export function quartersResolved(state: GameState): number {
  return state.quarter;
}

/**
 * How many quarters of public history the state holds (a view's history is as long). The
 * history only grows: a resolution appends an entry, and past entries never change (each is
 * chained into the state's history digest).
 */
export function historyLength(state: GameState): number {
  return state.history.length;
}

/** The game's length in quarters. */
export function gameLength(state: GameState): number {
  return state.quarters;
}

export function isFinished(state: GameState): boolean {
  return state.finished;
}

export function titleOf(state: GameState): string {
  return state.title;
}

/** The calendar quarter the game starts in. */
export function startOf(state: GameState): { year: number; quarter: number } {
  return { ...state.start };
}

/** A catalogue shock's title ("Wafer shortage"), or its id when the catalogue has none. */
export function shockTitle(state: GameState, shockId: string): string {
  return state.catalogue.find((s) => s.id === shockId)?.title ?? shockId;
}

/** The seat's company failed in these events: the event that says so (read by kind and company). */
export function failureEvent(events: readonly GameEvent[], seat: string): GameEvent | undefined {
  return events.find((e) => e.kind === "actor/failed" && e.company === seat);
}

/** An event in words (headline, then its sentence), with the state's company and model names. */
export function eventText(state: GameState, e: GameEvent): string {
  const models = state.models.id;
  const w = describeEvent(e, (id) => {
    const i = companyIndex(state, id);
    if (i >= 0) return state.companies.name[i]!;
    const m = models.indexOf(id);
    return m >= 0 ? state.models.name[m]! : id;
  });
  return w.text ? `${w.headline}. ${w.text}` : w.headline;
}

const CSV_FIGURES = ["revenue", "grossMargin", "cash", "fcf", "valuation", "tokensServed", "share"] as const;
export type CsvFigure = (typeof CSV_FIGURES)[number];

/** Every seat's public figures per resolved quarter, for the CSV export. */
export function historyRows(state: GameState): {
  figures: readonly CsvFigure[];
  rows: { quarter: number; label: string; seat: string; role: string; name: string; values: (number | undefined)[] }[];
} {
  const rows = [];
  for (const h of state.history) {
    for (const seat of Object.keys(h.actors).sort()) {
      const a = h.actors[seat]!;
      rows.push({
        quarter: h.quarter,
        label: h.label,
        seat,
        role: seatRole(state, seat),
        name: hasSeat(state, seat) ? seatName(state, seat) : "",
        values: CSV_FIGURES.map((c) => a[c] as number | undefined),
      });
    }
  }
  return { figures: CSV_FIGURES, rows };
}
