/**
 * The ranking in words: each seat's score and what drove it, from the standings
 * (shared/present/standings.ts, the one source of the ranking's figures). Companies score on
 * total shareholder return; enterprises on value created net of AI spend, private during play
 * (known to their own seat) and revealed for all in the debrief.
 */
import type { GameEvent, PlayerView } from "../../shared/index.ts";
import { type Driver, type StandingRow, type Standings, standingsOf } from "../../shared/present/standings.ts";
import { roleName } from "./books.ts";
import { compact, fmt, pct } from "./format.ts";

export interface RankRow {
  /** 0: not ranked (the score is not known yet) */
  rank: number;
  id: string;
  name: string;
  role: string;
  score: string;
  scoreRaw: number | null;
  drivers: string[];
  own: boolean;
  controller?: string;
}

export interface RankingModel {
  finished: boolean;
  title: string;
  companies: RankRow[];
  enterprises: RankRow[];
  winner: string | null;
}

/** A score in words: "+20.0% TSR", "$1.2B net value", or why it is not shown. */
export function scoreText(r: Pick<StandingRow, "score" | "scoreKind">): string {
  if (r.score === null) return "revealed at the end";
  if (r.scoreKind === "tsr") return `${r.score >= 0 ? "+" : ""}${pct(r.score)} TSR`;
  return `${fmt(r.score, "$")} net value`;
}

/** What drove a score, in words. */
export function driverText(d: Driver): string {
  switch (d.kind) {
    case "revenue":
      return `revenue ${fmt(d.from, "$")} → ${fmt(d.to, "$")} a quarter (${d.to >= d.from ? "+" : "−"}${pct(Math.abs(d.to / d.from - 1), 0)})`;
    case "valuation":
      return `valuation ${fmt(d.from, "$")} → ${fmt(d.to, "$")}`;
    case "payouts":
      return `${fmt(d.amount, "$")} returned to shareholders`;
    case "shares":
      return `shares ${compact(d.from * 1e6)} → ${compact(d.to * 1e6)} (${d.to > d.from ? "equity raised" : "bought back"})`;
    case "tokenShare":
      // its share of the tokens every lab served, not of its own demand
      return `${pct(d.share)} share of tokens served`;
    case "tasks":
      return `${fmt(d.tasks, "tasks")} done by AI last quarter`;
    case "failed":
      return "failed during the game";
  }
}

/** Rows in words from standings (the debrief's, with every figure known, or a view's). */
export function rankingFromStandings(
  s: Standings,
  opts: { seat?: string | null; controllers?: Record<string, string>; title?: string } = {},
): RankingModel {
  const row = (r: StandingRow): RankRow => ({
    rank: r.rank,
    id: r.id,
    name: r.name,
    role: roleName(r.role),
    score: scoreText(r),
    scoreRaw: r.score,
    drivers: r.drivers.map(driverText),
    own: r.id === opts.seat,
    ...(opts.controllers?.[r.id] ? { controller: opts.controllers[r.id] } : {}),
  });
  const companies = s.companies.map(row);
  return {
    finished: s.finished,
    title: opts.title ?? (s.finished ? "Final ranking" : `Standings after ${s.label || "the start"}`),
    companies,
    enterprises: s.enterprises.map(row),
    winner: companies[0]?.name ?? null,
  };
}

export function rankingModel(view: PlayerView, _events: GameEvent[] = [], controllers: Record<string, string> = {}): RankingModel {
  const m = rankingFromStandings(standingsOf(view), { seat: view.seat, controllers });
  return view.finished ? { ...m, title: `Final ranking · ${view.title}` } : m;
}
