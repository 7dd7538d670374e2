/**
 * The debrief in words (pure, no DOM): the sections the host steps through on the projector and
 * every member reads after the end. Built from shared/present/debrief.ts's data: the ranking
 * with what drove each score, the timeline, "why did my P&L move" (the parts add up to the
 * change), the forecast leaderboard with scores, and the scenario's discussion prompts.
 */
import {
  DEBRIEF_SECTIONS,
  type DebriefSection,
  FORECAST_TARGETS,
  type ForecastTarget,
  type Order,
  type ScoredForecast,
} from "../../shared/index.ts";
import type { Debrief, MarketFigure, SeatDrivers } from "../../shared/present/debrief.ts";
import { roleName } from "./books.ts";
import { compact, fmt, pct } from "./format.ts";
import { describeOrder } from "./orders.ts";
import { type RankingModel, rankingFromStandings } from "./ranking.ts";

export const SECTION_TITLES: Record<DebriefSection, string> = {
  ranking: "Ranking and what drove it",
  timeline: "Timeline",
  pnl: "Why did my P&L move?",
  forecasts: "Forecasts",
  discussion: "Discussion",
};

const MARKET: Record<MarketFigure, { label: string; unit: "$/Mtok" | "$/GPU-h" | "$" | "tokens" }> = {
  tokenPriceIndex: { label: "Token price index", unit: "$/Mtok" },
  gpuHourPrice: { label: "GPU-hour price", unit: "$/GPU-h" },
  aiCapex: { label: "AI capex", unit: "$" },
  totalTokens: { label: "Tokens served", unit: "tokens" },
};

/** The P&L split's columns (attribution.ts's groups, and what is left: the world's drift). */
const PART_LABELS: Record<string, string> = {
  own: "Own orders",
  others: "Other seats' orders",
  shocks: "Shocks",
  drift: "World's drift",
};

/** Joins a sign to its amount (U+2060 WORD JOINER): a line may break between a minus sign and "$". */
const JOIN = "\u2060";

/** A signed amount of money: "+$1.20B", "−$35.0M", "$0" (the sign joined to the amount, see JOIN). */
export function signedUsd(x: number): string {
  if (!Number.isFinite(x)) return "–";
  if (Math.abs(x) < 0.5) return "$0";
  return `${x > 0 ? "+" : "−"}${JOIN}$${compact(Math.abs(x))}`;
}

export interface DebriefRankRow {
  id: string;
  /** net income over the game by cause, in words (empty when not computed) */
  pnl: string;
}

export interface TimelineItem {
  quarter: number;
  label: string;
  shocks: { headline: string; text: string }[];
  notable: string[];
  market: { label: string; text: string; change: "up" | "down" | "flat" | "none" }[];
  decisions: { seat: string; name: string; role: string; orders: string[] }[];
}

export interface PnlRow {
  quarter: number;
  label: string;
  before: string;
  after: string;
  change: string;
  /** the parts, in order: own orders, other seats' orders, shocks, drift; they add up to `change` */
  parts: { id: string; label: string; value: string; raw: number }[];
  /** |change − sum of the parts|, to show the split is exact */
  residual: number;
}

export interface PnlSeat {
  seat: string;
  name: string;
  role: string;
  own: boolean;
  rows: PnlRow[];
  total: string;
}

export interface ForecastRow {
  rank: number;
  by: string;
  seat: string;
  interval: string;
  direction: string;
  coverage: string;
  count: number;
  own: boolean;
}

export interface ForecastLine {
  quarter: number;
  label: string;
  by: string;
  seat: string;
  target: string;
  forecast: string;
  actual: string;
  score: string;
  own: boolean;
}

export interface DebriefModel {
  title: string;
  subtitle: string;
  sections: { id: DebriefSection; title: string }[];
  ranking: RankingModel;
  rankPnl: Record<string, string>;
  timeline: TimelineItem[];
  pnl: PnlSeat[];
  forecasts: { targets: string[]; leaderboard: ForecastRow[]; lines: ForecastLine[]; empty: string | null };
  prompts: { text: string; lookAt: string; facts: string; shocks: string }[];
}

/** A figure of a forecast target in its unit. */
export function targetValue(target: ForecastTarget, x: number): string {
  const unit = FORECAST_TARGETS[target].unit;
  if (unit === "$") return fmt(x, "$");
  if (unit.startsWith("$/")) return `$${x < 10 ? x.toFixed(2) : compact(x)}/${unit.slice(2)}`;
  return `${compact(x)} ${unit}`;
}

/**
 * What a forecast figure came out at, with up, flat or down from the quarter before: "$5.54/MTok
 * (down)"; the first quarter has no quarter before (scoreForecast), so no direction.
 */
export function outcomeText(target: ForecastTarget, actual: number, outcome: string, quarter: number): string {
  return quarter > 1 ? `${targetValue(target, actual)} (${outcome})` : targetValue(target, actual);
}

/** A forecast in words: "median $5.80 /MTok, 80% in $5.00–$6.50" or "up 50% · flat 30% · down 20%". */
export function forecastText(f: ScoredForecast["forecast"]): string {
  if (f.kind === "interval")
    return `median ${targetValue(f.target, f.median)}, 80% in ${targetValue(f.target, f.low)} – ${targetValue(f.target, f.high)}`;
  return `up ${pct(f.up, 0)} · flat ${pct(f.flat, 0)} · down ${pct(f.down, 0)}`;
}

function pnlSentence(d: SeatDrivers | undefined): string {
  if (!d) return "";
  const parts = `own orders ${signedUsd(d.own)}, other seats ${signedUsd(d.others)}, shocks ${signedUsd(d.shocks)}, drift ${signedUsd(d.drift)}`;
  // a failed company books nothing from then on: its losses ending are not a gain
  if (d.failed)
    return d.failed.quarter > 1
      ? `failed in ${d.failed.label}; net income a quarter moved ${signedUsd(d.total)} from quarter 1 on standing policies to its last quarter in business: ${parts}`
      : `failed in ${d.failed.label}, its first quarter`;
  return `net income a quarter moved ${signedUsd(d.total)} over the game (from quarter 1 on standing policies): ${parts}`;
}

function orderLines(orders: Order[], name: (id: string) => string): string[] {
  return orders.map((o) => {
    try {
      return describeOrder(o, name);
    } catch {
      return o.type;
    }
  });
}

export function debriefModel(
  d: Debrief,
  opts: { seat?: string | null; member?: string | null; controllers?: Record<string, string> } = {},
): DebriefModel {
  const seatName = new Map(d.seats.map((s) => [s.id, s.name]));
  const name = (id: string) => seatName.get(id) ?? id;
  const seat = opts.seat ?? null;
  const labels = new Map(d.timeline.map((t) => [t.quarter, t.label]));
  const ranking = rankingFromStandings(d.standings, { seat, controllers: opts.controllers, title: `Final ranking · ${d.title}` });
  const rankPnl: Record<string, string> = {};
  for (const x of d.drivers) rankPnl[x.seat] = pnlSentence(x);

  const timeline: TimelineItem[] = d.timeline.map((t) => ({
    quarter: t.quarter,
    label: t.label,
    shocks: t.shocks.map((s) => ({ headline: s.headline, text: s.text })),
    notable: t.notable.map((n) => n.headline),
    market: t.market.map((m) => {
      const spec = MARKET[m.id];
      const v = (x: number) => (spec.unit === "tokens" ? `${compact(x)} tokens` : fmt(x, spec.unit));
      if (m.before === null || !(m.before > 0)) return { label: spec.label, text: v(m.after), change: "none" as const };
      const r = m.after / m.before - 1;
      const change = r > 0.005 ? ("up" as const) : r < -0.005 ? ("down" as const) : ("flat" as const);
      return { label: spec.label, text: `${v(m.before)} → ${v(m.after)} (${r >= 0 ? "+" : ""}${pct(r, 0)})`, change };
    }),
    decisions: t.decisions.map((x) => {
      const s = d.seats.find((y) => y.id === x.seat);
      const lines = orderLines(x.orders, name);
      return {
        seat: x.seat,
        name: name(x.seat),
        role: roleName(s?.role ?? ""),
        orders: lines.length ? lines : ["kept its standing policies"],
      };
    }),
  }));

  const pnl: PnlSeat[] = d.seats.map((s) => {
    const drivers = d.drivers.find((x) => x.seat === s.id);
    // a failed company's quarters end with its failure: after it, its books are all zero
    const failedAt = drivers?.failed?.quarter ?? Number.POSITIVE_INFINITY;
    const rows = d.attribution
      .filter((a) => a.seat === s.id && a.quarter <= failedAt)
      .map((a) => {
        const parts = [
          ...a.parts.map((p) => ({ id: p.id, label: PART_LABELS[p.id] ?? p.label, raw: p.value })),
          { id: "drift", label: PART_LABELS.drift!, raw: a.drift },
        ];
        if (s.id === seat && parts[0]) parts[0].label = "Your orders";
        const change = a.after - a.before;
        const sum = parts.reduce((x, p) => x + p.raw, 0);
        return {
          quarter: a.quarter,
          label: `${labels.get(a.quarter) ?? `Q${a.quarter}`}${drivers?.failed?.quarter === a.quarter ? " (failed)" : ""}`,
          // the first quarter's change runs from that quarter on standing policies without its shocks
          before: a.from === "heldBack" ? `${fmt(a.before, "$")} held back` : fmt(a.before, "$"),
          after: fmt(a.after, "$"),
          change: signedUsd(change),
          parts: parts.map((p) => ({ ...p, value: signedUsd(p.raw) })),
          residual: Math.abs(change - sum),
        };
      });
    return { seat: s.id, name: s.name, role: roleName(s.role), own: s.id === seat, rows, total: pnlSentence(drivers) };
  });
  pnl.sort((a, b) => Number(b.own) - Number(a.own));

  const me = opts.member ?? null;
  const leaderboard: ForecastRow[] = d.forecasts.leaderboard.map((r, i) => ({
    rank: i + 1,
    by: r.by,
    seat: name(r.seat),
    interval: r.interval === null ? "–" : r.interval.toFixed(3),
    direction: r.direction === null ? "–" : r.direction.toFixed(3),
    coverage: r.coverage === null ? "–" : pct(r.coverage, 0),
    count: r.count,
    own: r.seat === seat && (me === null || r.by === me),
  }));
  const lines: ForecastLine[] = d.forecasts.scored.map((f) => ({
    quarter: f.quarter,
    label: labels.get(f.quarter) ?? `Q${f.quarter}`,
    by: f.by,
    seat: name(f.seat),
    target: FORECAST_TARGETS[f.forecast.target].label,
    forecast: forecastText(f.forecast),
    actual: outcomeText(f.forecast.target, f.actual, f.outcome, f.quarter),
    score: `${f.score.toFixed(3)}${f.covered === undefined ? "" : f.covered ? " · inside" : " · outside"}`,
    own: f.seat === seat && (me === null || f.by === me),
  }));
  lines.sort((a, b) => Number(b.own) - Number(a.own) || a.quarter - b.quarter || a.by.localeCompare(b.by));

  const shockTitle = new Map<string, string>();
  for (const t of d.timeline) for (const s of t.shocks) shockTitle.set(s.shock, s.headline);
  const prompts = d.prompts.map((p) => ({
    text: p.prompt,
    lookAt: p.lookAt ?? "",
    facts: `seed-facts: ${p.facts.join(", ")}`,
    shocks: p.fired.map((s) => shockTitle.get(s) ?? s).join(", "),
  }));

  return {
    title: `Debrief · ${d.title}`,
    subtitle: `${d.quarters} of ${d.length} quarters played${d.endedEarly ? " (the host ended the game early)" : ""}. Every seat's orders and profit, private during play, are shown here.`,
    sections: DEBRIEF_SECTIONS.map((id) => ({ id, title: SECTION_TITLES[id] })),
    ranking,
    rankPnl,
    timeline,
    pnl,
    forecasts: {
      targets: d.forecasts.targets.map((t) => FORECAST_TARGETS[t].label),
      leaderboard,
      lines,
      empty: d.forecasts.scored.length ? null : "No forecasts were made (or none has resolved).",
    },
    prompts,
  };
}
