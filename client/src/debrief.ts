/**
 * The debrief on screen: fetched once the game has ended (the finished game's log, from the
 * room), re-simulated with the shared engine (shared/present/debrief.ts) and drawn from the
 * presenter's model (presenters/debrief.ts). Every member sees all of it, printable (the print
 * stylesheet shows every section); the projector shows the section the host chose.
 */
import { DEBRIEF_SECTIONS, type DebriefSection, readLog } from "../../shared/index.ts";
import { buildDebrief } from "../../shared/present/debrief.ts";
import { type DebriefModel, debriefModel } from "../presenters/debrief.ts";
import { type Attrs, append, type Child, clear, download, h } from "./dom.ts";
import { rankTable } from "./panels.ts";
import { emit, state } from "./store.ts";

const RETRY_MS = 5000;
let lastTry = 0;

/** Fetches the finished game's log and builds its debrief, once per game. */
export function ensureDebrief(code: string): void {
  if (state.debriefStatus === "loading" || state.debriefStatus === "ready") return;
  const conn = state.conn;
  if (!conn) return;
  // after a failure, try again at most every few seconds (screens draw the end on every change)
  if (state.debriefStatus === "failed" && Date.now() - lastTry < RETRY_MS) return;
  lastTry = Date.now();
  state.debriefStatus = "loading";
  state.debriefError = "";
  emit("debrief");
  void conn.fetchLog().then((reply) => {
    if (!reply.ok) {
      state.debriefStatus = "failed";
      state.debriefError = reply.message;
      emit("debrief");
      return;
    }
    const log = reply.data?.log;
    state.finishedLog = { code, log };
    // let the "preparing" line paint before the re-simulation takes the thread
    setTimeout(() => {
      try {
        state.debrief = buildDebrief(readLog(log));
        state.debriefStatus = "ready";
      } catch (e) {
        state.debriefStatus = "failed";
        state.debriefError = e instanceof Error ? e.message : String(e);
      }
      emit("debrief");
    }, 30);
  });
}

/** Who this member is in the debrief: its seat and display name (its own rows are marked). */
function who(): { seat: string | null; member: string | null } {
  return { seat: state.conn?.seat ?? null, member: state.conn?.saved.name ?? null };
}

function controllers(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const s of state.meta?.seats ?? []) out[s.id] = s.players.length ? s.players.join(", ") : s.controller;
  return out;
}

function rankingSection(m: DebriefModel): HTMLElement {
  const table = (title: string, rows: DebriefModel["ranking"]["companies"]) =>
    h("div.table-wrap", {}, rankTable(title, rows, { note: (r) => m.rankPnl[r.id] }));
  return h(
    "div",
    {},
    m.ranking.winner ? h("p", {}, "Top company: ", h("strong", {}, m.ranking.winner)) : null,
    m.ranking.companies.length ? table("Companies · total shareholder return", m.ranking.companies) : null,
    m.ranking.enterprises.length ? table("Enterprises · value created net of AI spend", m.ranking.enterprises) : null,
  );
}

function timelineSection(m: DebriefModel, projector: boolean): HTMLElement {
  return h(
    "ol.timeline",
    {},
    m.timeline.map((t) =>
      h(
        "li",
        { "data-quarter": t.quarter },
        h("h4", {}, `Quarter ${t.quarter} · ${t.label}`),
        t.shocks.map((s) => h("p.shock", {}, h("span.tag", {}, "shock"), " ", h("strong", {}, s.headline), s.text ? ` — ${s.text}` : "")),
        t.notable.length
          ? h(
              "ul.notable",
              {},
              t.notable.map((n) => h("li", {}, n)),
            )
          : null,
        h(
          "p.market",
          {},
          t.market.map((x, i) => [i ? " · " : "", `${x.label} `, h("span", { class: `d-${x.change}` }, x.text)]),
        ),
        projector
          ? null
          : h(
              "details.decisions",
              {},
              h("summary", {}, "Every seat's orders"),
              h(
                "ul",
                {},
                t.decisions.map((d) => h("li", {}, h("strong", {}, d.name), ` (${d.role}): `, d.orders.join("; "))),
              ),
            ),
      ),
    ),
  );
}

function pnlSection(m: DebriefModel, projector: boolean): HTMLElement {
  const seats = m.pnl;
  return h(
    "div",
    {},
    h(
      "p.hint",
      {},
      "Each quarter's change in net income, split by re-running the quarter with each group held at last quarter's orders (or without the quarter's shocks), same random draws; the Shapley split makes the parts add up to the change. The opening books hold no profit, so the first quarter's change runs from that quarter with every order held back and no shocks (“held back”), and the world's drift is zero.",
    ),
    seats.map((s, i) =>
      h(
        "details.pnl-seat",
        { open: s.own || (i === 0 && !m.pnl.some((x) => x.own)) || projector, "data-seat": s.seat },
        h("summary", {}, h("strong", {}, s.name), ` · ${s.role}`, s.own ? h("span.tag", {}, "you") : null),
        s.total ? h("p.hint", {}, s.total) : null,
        wrap(
          "table.pnl",
          { "aria-label": `Why ${s.name}'s net income moved` },
          h(
            "thead",
            {},
            h(
              "tr",
              {},
              h("th", {}, "Quarter"),
              h("th.fig.ni", {}, "Net income"),
              h("th.fig", {}, "Change"),
              (s.rows[0]?.parts ?? []).map((p) => h("th.fig", {}, p.label)),
            ),
          ),
          h(
            "tbody",
            {},
            s.rows.map((r) =>
              h(
                "tr",
                { "data-quarter": r.quarter },
                h("th", { scope: "row" }, r.label),
                h("td.fig.ni", {}, `${r.before} → ${r.after}`),
                h("td.fig.change", {}, r.change),
                r.parts.map((p) =>
                  h("td.fig", { class: p.raw > 0 ? "d-up" : p.raw < 0 ? "d-down" : "d-flat", "data-part": p.id }, p.value),
                ),
              ),
            ),
          ),
        ),
      ),
    ),
  );
}

function forecastSection(m: DebriefModel): HTMLElement {
  const f = m.forecasts;
  if (f.empty) return h("p.hint", { id: "forecast-empty" }, f.empty);
  return h(
    "div",
    {},
    h(
      "p.hint",
      {},
      `Forecast: ${f.targets.join(", ")}. Scores are proper scores (lower is better): the interval score of the median and 80% interval on the log of the figure, and the Brier score of up/flat/down.`,
    ),
    wrap(
      "table.rank#forecast-board",
      { "aria-label": "Forecast leaderboard" },
      h("caption", {}, "Forecast leaderboard"),
      h(
        "thead",
        {},
        h(
          "tr",
          {},
          h("th", {}, "#"),
          h("th", {}, "Forecaster"),
          h("th.fig", {}, "Interval score"),
          h("th.fig", {}, "Brier"),
          h("th.fig", {}, "Inside 80%"),
          h("th.fig", {}, "Forecasts"),
        ),
      ),
      h(
        "tbody",
        {},
        f.leaderboard.map((r) =>
          h(
            "tr",
            { class: r.own ? "own" : "" },
            h("td.r", {}, String(r.rank)),
            h("td", {}, h("strong", {}, r.by), h("div.hint", {}, r.seat)),
            h("td.fig", {}, r.interval),
            h("td.fig", {}, r.direction),
            h("td.fig", {}, r.coverage),
            h("td.fig", {}, String(r.count)),
          ),
        ),
      ),
    ),
    h(
      "details",
      { open: true },
      h("summary", {}, "Every forecast and its score"),
      wrap(
        "table.forecast-lines",
        {},
        h(
          "thead",
          {},
          h(
            "tr",
            {},
            h("th", {}, "Quarter"),
            h("th", {}, "Who"),
            h("th", {}, "Forecast"),
            h("th", {}, "Came out"),
            h("th.fig", {}, "Score"),
          ),
        ),
        h(
          "tbody",
          {},
          f.lines.map((l) =>
            h(
              "tr",
              { class: l.own ? "own" : "" },
              h("td", {}, l.label),
              h("td", {}, l.by, h("div.hint", {}, l.seat)),
              h("td", {}, h("div.hint", {}, l.target), l.forecast),
              h("td", {}, l.actual),
              h("td.fig", {}, l.score),
            ),
          ),
        ),
      ),
    ),
  );
}

function discussionSection(m: DebriefModel): HTMLElement {
  if (!m.prompts.length) return h("p.hint", {}, "This scenario has no discussion prompts.");
  return h(
    "ol.prompts",
    {},
    m.prompts.map((p) =>
      h(
        "li",
        {},
        h("p", {}, h("strong", {}, p.text)),
        p.shocks ? h("div.hint", {}, `After: ${p.shocks}`) : null,
        p.lookAt ? h("div.hint", {}, `Look at: ${p.lookAt}`) : null,
        h("div.hint", {}, p.facts),
      ),
    ),
  );
}

/** A table in a box that scrolls sideways on a narrow screen (the page itself never does). */
function wrap(tag: "table.rank#forecast-board" | "table.forecast-lines" | "table.pnl", attrs: Attrs, ...children: Child[]): HTMLElement {
  return h("div.table-wrap", {}, h(tag, attrs, ...children));
}

function section(m: DebriefModel, id: DebriefSection, projector: boolean): HTMLElement {
  const title = m.sections.find((s) => s.id === id)?.title ?? id;
  const body =
    id === "ranking"
      ? rankingSection(m)
      : id === "timeline"
        ? timelineSection(m, projector)
        : id === "pnl"
          ? pnlSection(m, projector)
          : id === "forecasts"
            ? forecastSection(m)
            : discussionSection(m);
  return h(
    "section.card.debrief-section",
    { id: sectionId(id), "aria-labelledby": `debrief-${id}-h` },
    h("h2", { id: `debrief-${id}-h` }, title),
    body,
  );
}

/** The element id of a section: the ranking keeps the id every screen's ranking has. */
function sectionId(id: DebriefSection): string {
  return id === "ranking" ? "ranking" : `debrief-${id}`;
}

/**
 * Draws the debrief into `el`. `only`: one section (the projector's); otherwise all of them,
 * with a contents line, print and download buttons.
 */
export function renderDebrief(
  el: HTMLElement,
  code: string,
  opts: { only?: DebriefSection; fallbackRanking?: (el: HTMLElement) => void } = {},
): void {
  clear(el);
  if (state.debriefStatus !== "ready" || !state.debrief) {
    el.append(
      h(
        "p",
        { class: state.debriefStatus === "failed" ? "error-text" : "loading", id: "debrief-status", role: "status" },
        state.debriefStatus === "failed"
          ? `The debrief could not be prepared: ${state.debriefError}`
          : "Preparing the debrief: re-simulating the game…",
      ),
    );
    // the public ranking meanwhile (enterprises' scores appear with the debrief)
    if (opts.fallbackRanking) {
      const r = h("section.card", { id: "ranking", "aria-labelledby": "rank-h" });
      opts.fallbackRanking(r);
      el.append(r);
    }
    return;
  }
  const m = debriefModel(state.debrief, { ...who(), controllers: controllers() });
  if (opts.only) {
    el.append(h("h1.debrief-title", {}, m.title), section(m, opts.only, true));
    return;
  }
  const data = state.finishedLog;
  append(el, [
    h(
      "header.card.debrief-head",
      {},
      h("h1", { id: "debrief-h" }, m.title),
      h("p.hint", {}, m.subtitle),
      h(
        "nav",
        { "aria-label": "Debrief sections", class: "debrief-nav" },
        m.sections.map((s, i) => [i ? " · " : "", h("a", { href: `#${sectionId(s.id)}`, onclick: jump(s.id) }, s.title)]),
      ),
      h(
        "div.row.no-print",
        {},
        h("button", { type: "button", id: "debrief-print", onclick: () => print() }, "Print or save as PDF"),
        data
          ? h(
              "button",
              {
                type: "button",
                id: "debrief-download",
                onclick: () => download(`compute-cycle-${code}.json`, JSON.stringify(data.log), "application/json"),
              },
              "⬇ Game log (JSON)",
            )
          : null,
        h("a.button", { href: `#/replay/${code}`, id: "open-replay" }, "Replay every seat, quarter by quarter"),
      ),
    ),
    DEBRIEF_SECTIONS.map((id) => section(m, id, false)),
  ]);
}

/** In-page links without touching the hash (the hash is the app's route). */
function jump(id: string): EventListener {
  return (e) => {
    e.preventDefault();
    document.getElementById(sectionId(id as DebriefSection))?.scrollIntoView({ block: "start" });
  };
}

function print(): void {
  // a printed page shows every folded part
  for (const d of document.querySelectorAll<HTMLDetailsElement>("#debrief details")) d.open = true;
  window.print();
}
