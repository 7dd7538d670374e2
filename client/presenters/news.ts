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

const REGION: Record<string, string> = { us: "the US", europe: "Europe", asia: "Asia" };

/** Events whose engine wording lacks units or names: worded here from their type and data. */
function worded(e: GameEvent): string | null {
  const d = e.data ?? {};
  if (e.type === "power/buildStarted" && typeof d.mw === "number" && typeof d.region === "string")
    return `You started building ${Math.round(d.mw).toLocaleString("en-US")} MW of data-centre power in ${REGION[d.region] ?? d.region}`;
  return null;
}

function headlineOf(e: GameEvent): string {
  const title = e.data?.title;
  if (typeof title === "string" && title) return title;
  const w = worded(e);
  if (w) return w;
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
        text: e.text === headline || worded(e) ? "" : e.text,
        private: Boolean(e.seat),
      };
    })
    .sort((a, b) => ORDER[a.kind] - ORDER[b.kind] || b.quarter - a.quarter);
  const hq = view.history.find((h) => h.quarter === q);
  const label = hq?.label ?? (q === 0 ? "before the first quarter" : `quarter ${q}`);
  return {
    title: `News · ${label}`,
    items,
    activeShocks: inForce(view),
  };
}

/**
 * The shocks in force, once each (a shock with several effects is listed once, until its
 * longest effect ends), with the quarter they last until in the game's wording.
 */
function inForce(view: PlayerView): { title: string; until: string }[] {
  const byTitle = new Map<string, number | null>();
  for (const s of view.world.activeShocks) {
    const prev = byTitle.get(s.title);
    if (!byTitle.has(s.title)) byTitle.set(s.title, s.untilQuarter);
    else if (prev !== null && (s.untilQuarter === null || s.untilQuarter > (prev ?? 0))) byTitle.set(s.title, s.untilQuarter);
  }
  return [...byTitle].map(([title, until]) => ({
    title,
    until: until === null ? "permanent" : `until quarter ${until}`,
  }));
}
