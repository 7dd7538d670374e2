/** DOM renderers of the presenters' display models. */
import type { ActorState, GameEvent, PlayerView } from "../../shared/index.ts";
import type { Standings } from "../../shared/present/standings.ts";
import { type BooksModel, booksModel } from "../presenters/books.ts";
import { newsModel } from "../presenters/news.ts";
import { type RankRow, rankingFromStandings, rankingModel } from "../presenters/ranking.ts";
import { type Attrs, clear, h } from "./dom.ts";
import { state } from "./store.ts";

/** A seat's books; `prevOwn`: its books a quarter before (default: the store's, for the live game). */
export function renderBooks(el: HTMLElement, view: PlayerView, prevOwn: ActorState | null = state.prevOwn, title = "Your books"): void {
  clear(el);
  const m: BooksModel = booksModel(view, prevOwn);
  el.append(h("h2", { id: "books-h" }, title));
  if (m.empty) {
    el.append(h("p.hint", {}, m.subtitle));
    return;
  }
  el.append(h("h3", {}, m.title), h("p.hint", {}, m.subtitle));
  for (const s of m.sections) {
    el.append(
      h(
        "section",
        { "aria-labelledby": `bk-${s.id}` },
        h(
          "table",
          {},
          h("caption.sr-only", { id: `bk-${s.id}` }, s.title),
          h(
            "thead",
            {},
            h(
              "tr",
              {},
              h("th", { scope: "col" }, s.title),
              h("th.fig", { scope: "col" }, m.asOf ?? "Now"),
              m.asOf ? null : h("th.fig", { scope: "col" }, "Δ q/q"),
            ),
          ),
          h(
            "tbody",
            {},
            s.rows.map((r) =>
              h(
                "tr",
                { "data-row": r.id },
                h("th", { scope: "row" }, r.label),
                h("td.fig", {}, r.value),
                m.asOf
                  ? null
                  : h(
                      "td.fig",
                      { class: r.delta ? `d-${r.delta.sign}` : "d-flat" },
                      r.delta ? h("span", { "aria-label": r.delta.aria }, r.delta.text) : "–",
                    ),
              ),
            ),
          ),
        ),
        s.note ? h("p.warn", { id: `bk-${s.id}-note`, role: "status" }, s.note) : null,
      ),
    );
  }
  el.append(h("h3", { style: "margin-top:.8rem" }, "Contracts"));
  if (m.outlook) el.append(h("p.warn", { id: "contracts-outlook", role: "status" }, m.outlook));
  if (m.contracts.length === 0) el.append(h("p.hint", {}, "No compute contracts in force."));
  // a list, not a table: five columns do not fit the books column at 1280 px
  else
    el.append(
      h(
        "ul.contracts",
        { id: "contracts" },
        m.contracts.map((c) =>
          h(
            "li",
            {},
            h("strong", {}, c.counterparty),
            ` · you ${c.direction === "buy" ? "buy" : "sell"} ${c.volume}`,
            h("div.hint", {}, `at ${c.price} · ${c.term}${c.status ? ` · ${c.status}` : ""}`),
          ),
        ),
      ),
    );
}

export function renderNews(el: HTMLElement, view: PlayerView, events: GameEvent[], quarter?: number): void {
  clear(el);
  const m = newsModel(view, events, quarter);
  el.append(h("h2", { id: "news-h" }, m.title));
  if (m.activeShocks.length) {
    el.append(
      h(
        "p",
        { class: "hint" },
        "In force: ",
        m.activeShocks.map((s, i) => [i ? " · " : "", h("strong", {}, s.title), ` (${s.until})`]),
      ),
    );
  }
  if (m.items.length === 0) {
    el.append(
      h(
        "p.hint",
        {},
        view.quarter === 0
          ? "Nothing has happened yet: news appears when the first quarter resolves."
          : "A quiet quarter: no shocks or notable events.",
      ),
    );
    return;
  }
  el.append(
    h(
      "ol",
      { "aria-labelledby": "news-h" },
      m.items.map((it) =>
        h(
          "li",
          { class: it.kind, "data-kind": it.kind },
          h("span.icon", { "aria-hidden": "true" }, it.icon),
          h("span.headline", {}, it.headline),
          it.private
            ? h("span.tag", {}, "only you")
            : it.kind === "shock"
              ? h("span.tag", {}, "shock")
              : it.aboutSeat
                ? h("span.tag", {}, "your company")
                : null,
          it.text ? h("div.hint", {}, it.text) : null,
        ),
      ),
    ),
  );
}

/**
 * The ranking table. `standings`: the finished game's, with every figure known (the debrief's);
 * otherwise the view's (enterprises' scores private to their own seat).
 */
export function renderRanking(
  el: HTMLElement,
  view: PlayerView,
  events: GameEvent[],
  controllers: Record<string, string> = {},
  standings?: Standings | null,
): void {
  clear(el);
  const m = standings
    ? rankingFromStandings(standings, {
        seat: view.seat,
        controllers,
        ...(standings.finished ? { title: `Final ranking · ${view.title}` } : {}),
      })
    : rankingModel(view, events, controllers);
  el.append(h("h2", { id: "rank-h" }, m.title));
  if (m.finished && m.winner) el.append(h("p", {}, "Top company: ", h("strong", {}, m.winner)));
  const caption = { style: "text-align:left;color:var(--muted);padding:.3rem 0" };
  if (m.companies.length) el.append(rankTable("Companies · total shareholder return", m.companies, { caption }));
  if (m.enterprises.length) el.append(rankTable("Enterprises · value created net of AI spend", m.enterprises, { caption }));
}

/**
 * A ranking table: rank, seat (with "you" and who plays it), score and what drove it; `note`
 * adds a line under a row's drivers (the debrief's profit split).
 */
export function rankTable(
  title: string,
  rows: readonly RankRow[],
  opts: { caption?: Attrs; note?: (r: RankRow) => string | undefined } = {},
): HTMLElement {
  return h(
    "table.rank",
    { "aria-label": title },
    h("caption", opts.caption ?? {}, title),
    h("thead", {}, h("tr", {}, h("th", {}, "#"), h("th", {}, "Seat"), h("th.fig", {}, "Score"), h("th", {}, "What drove it"))),
    h(
      "tbody",
      {},
      rows.map((r) => {
        const note = opts.note?.(r);
        return h(
          "tr",
          { class: r.own ? "own" : "", "data-seat": r.id },
          h("td.r", {}, r.rank ? String(r.rank) : "–"),
          h(
            "td",
            {},
            h("strong", {}, r.name),
            r.own ? h("span.tag", {}, "you") : null,
            h("div.hint", {}, r.role, r.controller ? ` · ${r.controller}` : ""),
          ),
          h("td.fig", {}, r.score),
          h("td.drivers", {}, r.drivers.join("; "), note ? h("div.hint.pnl-line", {}, note) : null),
        );
      }),
    ),
  );
}
