/**
 * Projector mode: the public picture for a classroom screen. The market indicators with their
 * change since last quarter, who has submitted, and a view stripped of any seat's books (a
 * host who also plays a seat must not put their own books on the wall). Pure, no DOM.
 */
import { type GameEvent, type PlayerView, publicFigures, type QuarterIndicators } from "../../shared/index.ts";
import { roleName } from "./books.ts";
import { type Delta, delta, fmt, type Unit } from "./format.ts";
import type { RoomMeta } from "./meta.ts";
import { newsModel, relevance } from "./news.ts";
import { type NodeKind, ROLE_STYLE } from "./roles.ts";

/** The view as a spectator would get it: no own seat, no private books, the seat's history figures made public as the engine does (publicFigures). */
export function publicPicture(view: PlayerView): PlayerView {
  const seat = view.seat;
  if (!seat && !view.own) return view;
  return {
    ...view,
    seat: null,
    role: null,
    own: null,
    ownContracts: [],
    ownModels: [],
    history: view.history.map((h) => {
      const a = seat ? h.actors[seat] : undefined;
      return a && seat ? { ...h, actors: { ...h.actors, [seat]: publicFigures(a) } } : h;
    }),
  };
}

export interface Indicator {
  id: string;
  label: string;
  /** the figure with its unit, e.g. "$1.80/GPU-h" */
  value: string;
  /** the figure alone, for big type, and its unit in words for small type under it */
  figure: string;
  unit: string;
  delta: Delta | null;
  /** what "up" means for the class, e.g. "cheaper is ▼" */
  note?: string;
}

const INDICATORS: { id: string; label: string; unit: Unit; pick: (h: QuarterIndicators) => number | null; note?: string }[] = [
  {
    id: "token-price",
    label: "Token price",
    unit: "$/Mtok",
    pick: (h) => h.tokenPriceIndex,
    note: "$ per million tokens, volume-weighted over every model sold",
  },
  { id: "gpu-hour", label: "GPU-hour price", unit: "$/GPU-h", pick: (h) => h.gpuHourPrice },
  { id: "gpu-util", label: "GPU utilisation", unit: "%", pick: (h) => h.gpuUtilization },
  { id: "capex", label: "AI capex (qtr)", unit: "$", pick: (h) => h.aiCapex },
  { id: "api-spend", label: "AI spend (qtr)", unit: "$", pick: (h) => h.apiSpend },
  { id: "value", label: "Value by AI", unit: "$", pick: (h) => h.shadowOutput, note: "shadow output" },
];

/** The headline market figures of the latest resolved quarter, each with its signed change. */
export function indicatorsModel(view: PlayerView): Indicator[] {
  const last = view.history[view.history.length - 1];
  const prev = view.history[view.history.length - 2];
  return INDICATORS.map((d) => {
    let now = last ? d.pick(last) : null;
    if (!last && d.id === "gpu-hour") now = view.world.spotGpuHourPrice;
    const before = prev ? d.pick(prev) : null;
    const value = fmt(now, d.unit);
    const split = d.unit === "idx" ? " idx" : d.unit.startsWith("$/") ? d.unit.slice(1) : "";
    return {
      id: d.id,
      label: d.label,
      value,
      figure: split && value.endsWith(split) ? value.slice(0, -split.length) : value,
      unit: split ? (d.unit === "idx" ? "index" : `per ${d.unit.slice(2)}`) : "",
      delta: delta(now, before, d.unit),
      ...(d.note ? { note: d.note } : {}),
    };
  });
}

export interface SubmissionRow {
  id: string;
  name: string;
  roleLabel: string;
  glyph: string;
  colour: string;
  who: string;
  state: "in" | "waiting" | "bot" | "failed";
  /** the word shown next to the seat (never colour alone) */
  text: string;
}

export interface SubmissionsModel {
  rows: SubmissionRow[];
  humans: number;
  humansIn: number;
  headline: string;
}

/**
 * Who has submitted this quarter: human seats first (waiting before in), then failed companies,
 * bots last. A bot playing for away players says so ("bot playing for Alice"); a failed company
 * is never shown as thinking.
 */
export function submissionsModel(meta: RoomMeta | null): SubmissionsModel {
  const rows: SubmissionRow[] = (meta?.seats ?? []).map((s) => {
    const human = (s.players.length > 0 || s.controller === "human") && s.controller !== "bot";
    const style = ROLE_STYLE[(s.role as NodeKind) in ROLE_STYLE ? (s.role as NodeKind) : "lab"];
    const st: SubmissionRow["state"] = s.failed ? "failed" : !human ? "bot" : s.submitted ? "in" : "waiting";
    return {
      id: s.id,
      name: s.name,
      roleLabel: roleName(s.role),
      glyph: style.glyph,
      colour: style.colour,
      who: s.failed
        ? s.players.join(", ")
        : s.botFor
          ? `bot playing for ${s.botFor}`
          : s.players.length
            ? s.players.join(", ")
            : human
              ? "away"
              : "bot",
      state: st,
      text: st === "in" ? "✓ in" : st === "waiting" ? "… thinking" : st === "failed" ? "✕ failed" : s.botFor ? "bot" : "bot",
    };
  });
  const rank = { waiting: 0, in: 1, failed: 2, bot: 3 } as const;
  rows.sort((a, b) => rank[a.state] - rank[b.state] || a.name.localeCompare(b.name));
  const humans = rows.filter((r) => r.state === "in" || r.state === "waiting").length;
  const humansIn = rows.filter((r) => r.state === "in").length;
  const phase = meta?.phase ?? "";
  const headline =
    phase === "lobby"
      ? "Waiting for the host to start"
      : phase === "finished"
        ? "Game over"
        : humans === 0
          ? "Bots only"
          : `${humansIn} of ${humans} seat${humans === 1 ? "" : "s"} submitted`;
  return { rows, humans, humansIn, headline };
}

export interface ProjectorNewsItem {
  key: string;
  icon: string;
  kind: string;
  headline: string;
}

/**
 * The public headlines of the latest quarter (never a seat's private events), at most `max`:
 * shocks, then notable events, then the rest of the news.
 */
export function projectorNews(
  view: PlayerView,
  events: GameEvent[],
  max = 5,
): { title: string; items: ProjectorNewsItem[]; inForce: string[] } {
  const pub = publicPicture(view);
  const m = newsModel(
    pub,
    events.filter((e) => !e.seat && (e.quarter === view.quarter || e.quarter === view.quarter + 1)),
  );
  return {
    title: m.title,
    items: [...m.items]
      .sort((a, b) => relevance(a) - relevance(b))
      .slice(0, max)
      .map((i) => ({ key: i.key, icon: i.icon, kind: i.kind, headline: i.headline })),
    inForce: m.activeShocks.map((s) => `${s.title} (${s.until})`),
  };
}
