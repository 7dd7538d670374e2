/**
 * End of game: the ranking, each seat's score and what drove it. Companies score on total
 * shareholder return; enterprises on value created net of AI spend (known to their own seat).
 */
import type { GameEvent, PlayerView } from "../../shared/index.ts";
import { roleName } from "./books.ts";
import { fmt, pct } from "./format.ts";

export interface RankRow {
  rank: number;
  id: string;
  name: string;
  role: string;
  score: string;
  scoreRaw: number;
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

export function rankingModel(view: PlayerView, _events: GameEvent[] = [], controllers: Record<string, string> = {}): RankingModel {
  const h = view.history;
  const first = h[0];
  const last = h[h.length - 1];
  const rows = view.actors.map((a) => {
    const isEnt = a.role === "enterprise";
    let raw: number;
    let score: string;
    if (isEnt) {
      raw = a.id === view.seat && view.own?.role === "enterprise" ? view.own.netValueCumulative : Number(a.facts.tasksDone ?? 0);
      score = a.id === view.seat && view.own?.role === "enterprise" ? fmt(raw, "$") : `${fmt(raw, "tasks")}`;
    } else {
      raw = a.tsr;
      score = `${raw >= 0 ? "+" : ""}${pct(raw)} TSR`;
    }
    const drivers: string[] = [];
    const r0 = first?.actors[a.id]?.revenue;
    const r1 = last?.actors[a.id]?.revenue;
    if (r0 !== undefined && r1 !== undefined && r0 > 0)
      drivers.push(`revenue ${fmt(r0, "$")} → ${fmt(r1, "$")} a quarter (${r1 >= r0 ? "+" : ""}${pct(r1 / r0 - 1, 0)})`);
    // from the start, as TSR is measured
    const v0 = a.startValuation;
    if (!isEnt && v0 > 0) drivers.push(`valuation ${fmt(v0, "$")} → ${fmt(a.valuation, "$")}`);
    const paid = h.reduce((t, x) => t + (x.actors[a.id]?.payouts ?? 0), 0);
    if (!isEnt && paid > 0) drivers.push(`${fmt(paid, "$")} returned to shareholders`);
    if (a.role === "lab") {
      const s = last?.actors[a.id]?.share;
      if (s !== undefined) drivers.push(`${pct(s)} of tokens served`);
    }
    if (a.failed) drivers.push("failed during the game");
    if (isEnt) drivers.push(`${fmt(Number(a.facts.tasksDone ?? 0), "tasks")} done by AI last quarter`);
    return {
      rank: 0,
      id: a.id,
      name: a.name,
      role: roleName(a.role),
      score,
      scoreRaw: raw,
      drivers,
      own: a.id === view.seat,
      ...(controllers[a.id] ? { controller: controllers[a.id] } : {}),
    };
  });
  const companies = rows.filter((r) => r.role !== "Enterprise").sort((a, b) => b.scoreRaw - a.scoreRaw || a.id.localeCompare(b.id));
  const enterprises = rows.filter((r) => r.role === "Enterprise").sort((a, b) => b.scoreRaw - a.scoreRaw || a.id.localeCompare(b.id));
  companies.forEach((r, i) => {
    r.rank = i + 1;
  });
  enterprises.forEach((r, i) => {
    r.rank = i + 1;
  });
  return {
    finished: view.finished,
    title: view.finished ? `Final ranking · ${view.title}` : `Standings after ${last?.label ?? "the start"}`,
    companies,
    enterprises,
    winner: companies[0]?.name ?? null,
  };
}
