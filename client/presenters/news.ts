/** The quarter's shocks and notable events, in plain words, shocks first. */
import type { GameEvent, PlayerView } from "../../shared/index.ts";

export interface NewsItem {
  key: string;
  quarter: number;
  kind: "shock" | "market" | "company" | "private" | "game";
  icon: string;
  headline: string;
  text: string;
  private: boolean;
}

export interface NewsModel {
  title: string;
  items: NewsItem[];
  activeShocks: { title: string; until: string }[];
}

function kindOf(e: GameEvent): NewsItem["kind"] {
  const t = e.type.toLowerCase();
  if (e.seat) return "private";
  if (t.includes("shock")) return "shock";
  if (t.includes("game") || t.includes("end") || t.includes("start")) return "game";
  if (t.includes("price") || t.includes("market") || t.includes("index") || t.includes("spot")) return "market";
  return "company";
}

const ICON: Record<NewsItem["kind"], string> = { shock: "⚡", market: "≋", company: "▣", private: "✉", game: "⚑" };
const ORDER: Record<NewsItem["kind"], number> = { shock: 0, game: 1, private: 2, market: 3, company: 4 };

function headlineOf(e: GameEvent): string {
  const title = e.data?.title;
  if (typeof title === "string" && title) return title;
  const first = e.text.split(/(?<=[.!?])\s/)[0] ?? e.text;
  return first.length > 90 ? `${first.slice(0, 87)}…` : first;
}

/**
 * @param events the events of the latest resolution (and any live ones since)
 * @param quarter only this quarter's events, when given
 */
export function newsModel(view: PlayerView, events: GameEvent[], quarter?: number): NewsModel {
  const q = quarter ?? view.quarter;
  const items = events
    .filter((e) => e.quarter === q || quarter === undefined)
    .filter((e) => !e.seat || e.seat === view.seat)
    .map((e, i) => {
      const kind = kindOf(e);
      const headline = headlineOf(e);
      return {
        key: `${e.quarter}-${i}-${e.type}`,
        quarter: e.quarter,
        kind,
        icon: ICON[kind],
        headline,
        text: e.text === headline ? "" : e.text,
        private: Boolean(e.seat),
      };
    })
    .sort((a, b) => ORDER[a.kind] - ORDER[b.kind] || b.quarter - a.quarter);
  const hq = view.history.find((h) => h.quarter === q);
  const label = hq?.label ?? (q === 0 ? "before the first quarter" : `quarter ${q}`);
  return {
    title: `News · ${label}`,
    items,
    activeShocks: view.world.activeShocks.map((s) => ({
      title: s.title,
      until: s.untilQuarter === null ? "permanent" : `until Q${s.untilQuarter}`,
    })),
  };
}
