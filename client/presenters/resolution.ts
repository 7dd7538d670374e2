/**
 * The resolution moment: when a quarter resolves, a short summary before the form — what
 * resolved it, what changed for this seat (its key figures and their change), and the
 * headline news. Spectators get the market's headline figures instead of books. Pure, no DOM.
 */
import type { ActorState, GameEvent, PlayerView, ResolveCause } from "../../shared/index.ts";
import { booksModel } from "./books.ts";
import type { Delta } from "./format.ts";
import { newsModel, ROUTINE, relevance } from "./news.ts";
import { indicatorsModel } from "./projector.ts";

export interface ResolutionModel {
  title: string;
  /** how it resolved, in words */
  how: string;
  figures: { id: string; label: string; value: string; delta: Delta | null }[];
  headlines: { kind: string; icon: string; text: string }[];
  /** the seat's company failed this quarter */
  failed: boolean;
  /** what its books warn of (contracts about to end, hours idle above the market, a bid unfilled…) */
  warnings: string[];
}

const CAUSE: Record<ResolveCause, string> = {
  all: "every seat submitted",
  timer: "the timer ran out",
  host: "the host resolved it",
  unknown: "",
};

/** The figures that matter most to each role, in the order shown. */
const KEY_ROWS: Record<string, string[]> = {
  lab: ["revenue", "netIncome", "cash", "valuation", "tokensServed"],
  hyperscaler: ["revenue", "netIncome", "cash", "valuation", "gpuCapacity"],
  chipmaker: ["revenue", "netIncome", "cash", "valuation", "sold"],
  enterprise: ["valueCreated", "spend", "netValue", "tasksDone", "cash"],
};

export function resolutionModel(
  view: PlayerView,
  prevOwn: ActorState | null,
  events: GameEvent[],
  cause: ResolveCause,
  wasFailed = false,
): ResolutionModel {
  const last = view.history[view.history.length - 1];
  const label = last?.label ?? `quarter ${view.quarter}`;
  const news = newsModel(view, events, view.quarter);
  // the most relevant first (relevance); routine news about others (a rival's refinancing repaid
  // from cash, a contract between two other companies) stays in the news panel
  const headlines = news.items
    .filter((item) => relevance(item) < ROUTINE)
    .sort((a, b) => relevance(a) - relevance(b))
    .slice(0, 3)
    .map((item) => ({ kind: item.kind, icon: item.icon, text: item.headline }));
  let figures: ResolutionModel["figures"] = [];
  let warnings: string[] = [];
  // a failed company has no figures of its own to change: the card shows the market's, as a spectator's does
  if (view.own && !view.own.failed) {
    const books = booksModel(view, prevOwn);
    const rows = books.sections.flatMap((s) => s.rows);
    figures = (KEY_ROWS[view.own.role] ?? [])
      .map((id) => rows.find((r) => r.id === id))
      .filter((r) => r !== undefined)
      .slice(0, 4)
      .map((r) => ({ id: r.id, label: r.label, value: r.value, delta: r.delta }));
    warnings = [...books.sections.flatMap((s) => (s.note ? [s.note] : [])), ...(books.outlook ? [books.outlook] : [])];
  } else {
    figures = indicatorsModel(view)
      .slice(0, 4)
      .map((i) => ({ id: i.id, label: i.label, value: i.value, delta: i.delta }));
  }
  const how = CAUSE[cause];
  return {
    title: `${label} resolved`,
    how: how ? `Resolved because ${how}.` : "",
    figures,
    headlines,
    failed: Boolean(view.own?.failed) && !wasFailed,
    warnings,
  };
}
