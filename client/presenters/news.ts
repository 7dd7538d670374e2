/** The quarter's shocks and notable events, in plain words, shocks first. */
import { companiesOf, type GameEvent, type PlayerView } from "../../shared/index.ts";
import { describeEvent } from "../../shared/present/news.ts";

export interface NewsItem {
  key: string;
  quarter: number;
  kind: "shock" | "market" | "company" | "private" | "game";
  icon: string;
  headline: string;
  text: string;
  private: boolean;
  /** a notable kind, and not routine this time (describeEvent) */
  notable: boolean;
  /** it names the seat's own company */
  aboutSeat: boolean;
}

export interface NewsModel {
  title: string;
  items: NewsItem[];
  activeShocks: { title: string; until: string }[];
}

/** A relevance past every headline: routine news about others, for the news panel only. */
export const ROUTINE = 4;

/**
 * How much an item concerns the reader, most first: a shock (0), what only this seat was told
 * (1), news that names its company (2), the market's notable events (3), the rest (ROUTINE). The
 * resolution card and the projector lead with the same order.
 */
export function relevance(item: NewsItem): number {
  if (item.kind === "shock") return 0;
  if (item.private) return 1;
  if (item.aboutSeat) return 2;
  if (item.notable) return 3;
  return ROUTINE;
}

const ICON: Record<NewsItem["kind"], string> = { shock: "⚡", market: "≋", company: "▣", private: "✉", game: "⚑" };
const ORDER: Record<NewsItem["kind"], number> = { shock: 0, game: 1, private: 2, market: 3, company: 4 };

/** Names of the view's companies and models by id. */
export function namesOf(view: PlayerView): (id: string) => string {
  const names = new Map<string, string>();
  for (const a of view.actors) names.set(a.id, a.name);
  for (const m of view.models) names.set(m.id, m.name);
  return (id) => names.get(id) ?? id;
}

/**
 * @param events the events of the latest resolution (and any live ones since)
 * @param quarter only this quarter's events, when given
 */
export function newsModel(view: PlayerView, events: GameEvent[], quarter?: number): NewsModel {
  const q = quarter ?? view.quarter;
  const name = namesOf(view);
  const items = events
    .filter((e) => e.quarter === q || quarter === undefined)
    .filter((e) => !e.seat || e.seat === view.seat)
    .map((e, i) => {
      const w = describeEvent(e, name);
      return {
        key: `${e.quarter}-${i}-${e.kind}`,
        quarter: e.quarter,
        kind: w.category,
        icon: ICON[w.category],
        headline: w.headline,
        text: w.text,
        private: e.seat !== undefined,
        notable: w.notable,
        aboutSeat: view.seat !== null && companiesOf(e).includes(view.seat),
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
