/**
 * The game screen for one join code: lobby (every seat, and the player's choice of seat or
 * team), the role dashboard (the resolution moment first, then the orders over the seat's
 * shared draft), a failed company's ending, spectator and projector views, the end of the
 * game, and (in host mode) the host console. Rejoins the saved seat after a reload.
 */
import { DEBRIEF_SECTIONS, type DebriefSection, type PlayerView } from "../../../shared/index.ts";
import { describeEvent } from "../../../shared/present/news.ts";
import { roleName } from "../../presenters/books.ts";
import { forecastPanel, readForecast } from "../../presenters/forecasts.ts";
import { lobbyModel, quarterWords, type RoomMeta, timerModel } from "../../presenters/meta.ts";
import { namesOf } from "../../presenters/news.ts";
import { describeOrder } from "../../presenters/orders.ts";
import { resolutionModel } from "../../presenters/resolution.ts";
import { type NodeKind, ROLE_STYLE } from "../../presenters/roles.ts";
import { destroyCharts, renderCharts } from "../charts.ts";
import { ensureDebrief, renderDebrief } from "../debrief.ts";
import { append, clear, h } from "../dom.ts";
import { type FanPanel, mountFanPanel } from "../fan-panel.ts";
import { Connection, loadSaved } from "../net.ts";
import { OrdersPanel } from "../orders-panel.ts";
import { renderBooks, renderNews, renderRanking } from "../panels.ts";
import { joinQr } from "../qr.ts";
import { go, handlers } from "../router.ts";
import { on, pushNotice, resetGame, state } from "../store.ts";
import { mountWorld, type WorldPanel } from "../world/panel.ts";
import { hostConsole } from "./host.ts";
import { mountProjector, type ProjectorPanel } from "./projector.ts";

type Mode = "play" | "watch" | "host" | "projector";

/** Below this width the dashboard is one column: results first, the form folded after a resolution. */
const NARROW = "(max-width: 999px)";

/** Is this member the host or a co-host (the host key, the welcome, or the room's people list)? */
export function hosting(): boolean {
  const c = state.conn;
  if (!c) return false;
  if (c.hosting) return true;
  const me = state.meta?.people.find((p) => p.id === c.saved.memberId);
  return Boolean(me?.host || me?.cohost);
}

/** Why the seat's company failed, from the failure event (read by its kind and company, told by the news presenter). */
function failureText(seat: string): string | null {
  const e = state.allEvents.find((x) => x.kind === "actor/failed" && x.company === seat);
  if (!e || !state.view) return null;
  const w = describeEvent(e, namesOf(state.view));
  return w.text || w.headline;
}

/**
 * One game's screen in a mode. `hostKey`: the host console opened from the host's link on
 * another device (#/g/CODE/host?key=…), which joins or rejoins this browser as a host.
 */
export function gameScreen(root: HTMLElement, code: string, mode: Mode, hostKey?: string): () => void {
  const top = h("header.topbar");
  const banners = h("div", { id: "banners" });
  const main = h("main.page", { id: "main", tabindex: "-1" });
  root.append(top, banners, main);
  if (mode === "projector") {
    root.classList.add("projector");
    document.documentElement.classList.add("projector-root");
  }
  let body: "none" | "connecting" | "lobby" | "dash" | "end" = "none";
  let world: WorldPanel | null = null;
  let lastViewQuarter = -1;
  let hostCleanup: (() => void) | null = null;
  let projector: ProjectorPanel | null = null;
  let orders: OrdersPanel | null = null;
  /** the resolution moment the player dismissed (by its quarter) */
  let dismissed = -1;
  const els: Record<string, HTMLElement> = {};
  /** the end screen's what-if fans (every member's once the game has ended) */
  let endFan: FanPanel | null = null;

  const seat = () => state.conn?.seat ?? null;
  const publicOnly = () => mode === "projector" || mode === "watch" || !seat();
  const narrow = () => typeof matchMedia === "function" && matchMedia(NARROW).matches;

  const renderTop = () => {
    clear(top);
    const meta = state.meta;
    const view = state.view;
    const t = meta ? timerModel(meta, Date.now()) : null;
    const s = seat();
    const seatMeta = meta?.seats.find((x) => x.id === s);
    const style = seatMeta ? ROLE_STYLE[(seatMeta.role as NodeKind) in ROLE_STYLE ? (seatMeta.role as NodeKind) : "lab"] : null;
    const q = view
      ? quarterWords(view.quarter, view.quarters, { label: view.label, finished: view.finished || meta?.phase === "finished" })
      : meta
        ? quarterWords(meta.quarter, meta.quarters, { finished: meta.phase === "finished" })
        : "";
    const st = state.status;
    const host = hosting();
    append(top, [
      h("a.brand", { href: "#/", "aria-label": "Compute Cycle home" }, "Compute Cycle"),
      h("span.q", { id: "quarter-label" }, q),
      meta?.code ? h("span.pill", { title: "Join code" }, "code ", h("strong.mono", { id: "top-code" }, meta.code)) : null,
      meta?.rehearsal ? h("span.pill", { id: "rehearsal-pill" }, "Rehearsal") : null,
      seatMeta && style && mode !== "projector"
        ? h(
            "span.pill",
            { id: "seat-pill", style: `border-color:${style.colour}` },
            h("span", { style: `color:${style.colour}`, "aria-hidden": "true" }, style.glyph),
            `${seatMeta.name} · ${roleName(seatMeta.role)}${seatMeta.failed ? " · failed" : ""}`,
          )
        : mode === "watch" || (!s && mode === "play")
          ? h(
              "span.pill",
              { id: "seat-pill" },
              meta?.phase === "lobby" && mode === "play" ? "No seat yet: pick one below" : "Spectator · public picture only",
            )
          : null,
      h("span.spacer"),
      meta?.paused && meta.phase !== "finished"
        ? h("span.pill.warn", { id: "paused-pill", role: "status" }, "Paused by the host: the timer is stopped")
        : null,
      t && meta?.phase !== "lobby" && meta?.phase !== "finished"
        ? h("span.timer", { id: "timer", class: t.urgent ? "urgent" : "", role: "timer", "aria-label": t.label }, t.text)
        : null,
      h(
        "span.pill",
        { id: "conn-status", class: st === "connected" || st === "rejoined" ? "ok" : "warn" },
        st === "connected"
          ? "● live"
          : st === "rejoined"
            ? "● rejoined"
            : st === "reconnecting"
              ? "◌ reconnecting…"
              : st === "lost"
                ? "✕ offline"
                : "◌ connecting…",
      ),
      host && mode !== "host" && mode !== "projector" ? h("a.navlink", { href: `#/g/${code}/host` }, "Host console") : null,
      host && mode === "host" ? h("a.navlink", { href: `#/g/${code}/projector`, id: "projector-link" }, "Projector") : null,
      host && mode === "host" && seat() ? h("a.navlink", { href: `#/g/${code}`, id: "play-link" }, "My seat") : null,
      mode === "projector" && host ? h("a.navlink", { href: `#/g/${code}/host`, id: "console-link" }, "Back to console") : null,
      mode !== "projector" ? h("button", { type: "button", id: "leave-btn", onclick: leave }, "Leave") : null,
    ]);
  };

  const renderBanners = () => {
    clear(banners);
    const recent = state.notices.filter((n) => Date.now() - n.at < 20_000);
    for (const n of recent)
      banners.append(
        h(
          "div.banner",
          {
            class: `${n.error ? "error" : ""} ${n.kind === "timer" && /^10 seconds/.test(n.text) ? "urgent" : ""} ${n.kind ?? ""}`,
            role: n.error || n.kind === "timer" ? "alert" : "status",
            "data-kind": n.kind ?? "",
          },
          n.text,
        ),
      );
  };

  // Leaving keeps this browser's membership: joining the game again under the same name takes
  // the same member back (landing), its seat and team included.
  const leave = async () => {
    await state.conn?.leave();
    state.conn = null;
    resetGame();
    go("#/");
  };

  const setBody = (next: typeof body) => {
    if (next === body) return false;
    world?.destroy();
    world = null;
    destroyCharts();
    hostCleanup?.();
    hostCleanup = null;
    projector?.destroy();
    projector = null;
    orders?.destroy();
    orders = null;
    endFan?.destroy();
    endFan = null;
    for (const k of Object.keys(els)) delete els[k];
    clear(main);
    body = next;
    lastViewQuarter = -1;
    // a new screen (the game started, the game ended) opens at its top, not where the last one was scrolled to
    if (next !== "none" && next !== "connecting") window.scrollTo(0, 0);
    return true;
  };

  const take = async (id: string | null) => {
    const r = await state.conn?.claimSeat(id);
    if (r && !r.ok) pushNotice(`Could not ${id ? "take the seat" : "leave the seat"}: ${r.message}`, true);
    else if (r?.ok)
      pushNotice(id ? "Seat taken. The page rejoins it by itself if it reloads." : "You left your seat: you now watch the public picture.");
    renderTop();
    renderBody(true);
  };

  /** Every seat, with who is in it, and (for a player) a button to take it or join its team. */
  const seatList = (meta: RoomMeta, opts: { actions: boolean; only?: "open" }) => {
    const m = lobbyModel(meta, seat(), hosting());
    return m.groups.map((g) => {
      const seats = opts.only === "open" ? g.seats.filter((r) => r.canTake) : g.seats;
      if (!seats.length) return null;
      return h(
        "div",
        {},
        h("h3", {}, g.label),
        h(
          "ul.seatgrid",
          {},
          seats.map((r) =>
            h(
              "li.seat",
              { class: `${r.own ? "own" : ""} ${r.status}`, "data-seat": r.id },
              h(
                "div",
                {},
                h("span.glyph", { style: `color:${r.colour}`, "aria-hidden": "true" }, r.glyph),
                h("strong", {}, r.name),
                r.own ? h("span.tag", {}, "you") : null,
                r.locked ? h("span.tag", { title: "Only the host moves people in or out" }, "locked") : null,
              ),
              h(
                "div.status",
                {},
                `${r.roleLabel} · ${r.status === "failed" ? "failed" : r.status === "bot" ? "bot" : r.status === "open" ? "free" : r.status === "team" ? "team" : "taken"}${
                  r.status === "human" || r.status === "team" ? (r.connected ? " · online" : " · away") : ""
                }`,
              ),
              h("div.hint.who", {}, r.who),
              opts.actions && mode === "play" && !r.own
                ? h(
                    "button",
                    {
                      type: "button",
                      "data-take": r.id,
                      disabled: !r.canTake,
                      onclick: () => void take(r.id),
                      "aria-label": r.canTake ? `${r.action}: ${r.name}` : `${r.name}: ${r.action}`,
                    },
                    r.action,
                  )
                : null,
            ),
          ),
        ),
      );
    });
  };

  const renderLobby = () => {
    const meta = state.meta;
    if (!meta) return;
    setBody("lobby");
    clear(main);
    const m = lobbyModel(meta, seat(), hosting());
    const ownMeta = meta.seats.find((x) => x.id === seat());
    main.append(
      h(
        "section.card.lobby-join",
        { "aria-labelledby": "lobby-h" },
        h("h2", { id: "lobby-h" }, `Lobby · ${m.title}`),
        h(
          "div.lobby-code",
          {},
          h(
            "div",
            {},
            h("p", {}, `Join at ${location.host} with the code:`),
            h("div.joincode", { id: "join-code-big", "aria-label": `Join code ${m.code.split("").join(" ")}` }, m.codeSpaced),
            h("p.hint", {}, `${m.humans} seat${m.humans === 1 ? "" : "s"} taken · ${m.bots} played by bots`),
          ),
          m.code ? joinQr(m.code, "lobby-qr") : null,
        ),
        m.canStart && mode !== "projector"
          ? h("button.primary", { type: "button", id: "start-btn", onclick: () => void hostCmd({ action: "start" }) }, "Start the game")
          : h("p.hint", {}, "Waiting for the host to start the game."),
      ),
      h(
        "section.card",
        { "aria-labelledby": "seats-h", style: "margin-top:1rem", id: "seat-choice" },
        h("h2", { id: "seats-h" }, seat() ? "Seats" : "Pick your seat"),
        mode === "play"
          ? h(
              "p.hint",
              {},
              seat()
                ? "You can move to another free seat or join a team until the game starts (unless the host locked your seat)."
                : "Take a free seat, or join a seat someone already holds to play it as a team. Bots play the seats nobody takes.",
            )
          : null,
        seatList(meta, { actions: true }),
        mode === "play" && seat() && ownMeta && !ownMeta.locked
          ? h("button", { type: "button", id: "spectate-btn", onclick: () => void take(null) }, "Leave my seat and watch")
          : null,
      ),
    );
  };

  const hostCmd = async (command: Parameters<Connection["host"]>[0]) => {
    const r = await state.conn?.host(command);
    if (r && !r.ok) pushNotice(`Host command failed: ${r.message}`, true);
    return r;
  };

  /** The resolution moment: what the quarter changed for you and the headlines, before the form. */
  const renderResolution = (view: PlayerView) => {
    const el = els.resolution;
    if (!el) return;
    clear(el);
    const r = state.resolution;
    const show = r && r.quarter === view.quarter && dismissed !== view.quarter && view.quarter > 0;
    el.hidden = !show;
    if (!show) return;
    const m = resolutionModel(view, state.prevOwn, state.events, r.cause, state.prevView?.own?.failed === true);
    append(el, [
      h("h2", { id: "resolution-h" }, m.title),
      m.how ? h("p.hint", {}, m.how) : null,
      m.failed ? h("p.error-text", {}, "Your company failed this quarter.") : null,
      m.figures.length
        ? h(
            "dl.res-figures",
            {},
            m.figures.map((f) =>
              h(
                "div.res-fig",
                { "data-fig": f.id },
                h("dt", {}, f.label),
                h(
                  "dd",
                  {},
                  f.value,
                  " ",
                  f.delta ? h("span", { class: `d-${f.delta.sign}`, "aria-label": f.delta.aria }, f.delta.text) : null,
                ),
              ),
            ),
          )
        : null,
      m.warnings.map((w) => h("p.warn.res-warn", {}, w)),
      m.headlines.length
        ? h(
            "ul.res-news",
            {},
            m.headlines.map((x) => h("li", { class: x.kind }, h("span.icon", { "aria-hidden": "true" }, x.icon), x.text)),
          )
        : h("p.hint", {}, "A quiet quarter: no headline news."),
      h(
        "div.row",
        {},
        !publicOnly() && !view.own?.failed
          ? h(
              "button.primary",
              {
                type: "button",
                id: "decide-btn",
                onclick: () => {
                  dismissed = view.quarter;
                  renderResolution(view);
                  orders?.open();
                },
              },
              `Decide ${quarterWords(view.quarter, view.quarters)} →`,
            )
          : h(
              "button",
              {
                type: "button",
                id: "dismiss-resolution",
                onclick: () => {
                  dismissed = view.quarter;
                  renderResolution(view);
                },
              },
              "Close",
            ),
      ),
    ]);
  };

  /** What a bot decided for this seat while the player was away. */
  const renderBotSummary = () => {
    const el = els.bot;
    if (!el) return;
    clear(el);
    const b = state.botSummary;
    el.hidden = !b || b.seat !== seat();
    if (!b || el.hidden) return;
    const quarters = b.turns.map((t) => t.quarter);
    append(el, [
      h("h2", { id: "bot-h" }, "While you were away"),
      h(
        "p",
        {},
        `A bot played your seat for ${quarters.length === 1 ? `quarter ${quarters[0]}` : `quarters ${quarters[0]}–${quarters.at(-1)}`}. It decided:`,
      ),
      b.turns.map((t) =>
        h(
          "div",
          {},
          h("h3", {}, `Quarter ${t.quarter}`),
          h(
            "ul",
            {},
            t.orders.length
              ? t.orders.map((o) => {
                  try {
                    return h("li", {}, describeOrder(o as never));
                  } catch {
                    return h("li", {}, String((o as { type?: string }).type));
                  }
                })
              : h("li", {}, "to keep the standing policies"),
          ),
        ),
      ),
      h(
        "button",
        {
          type: "button",
          id: "bot-summary-ok",
          onclick: () => {
            state.botSummary = null;
            renderBotSummary();
          },
        },
        "Got it",
      ),
    ]);
  };

  /** The figures the host asks players to forecast: a form per figure, and this member's forecasts with their scores. */
  let forecastKey = "";
  let forecastQuarter = -1;
  let lastForecastStatus: { ok: boolean; text: string } | null = null;
  const renderForecast = () => {
    const el = els.forecast;
    const view = state.view;
    const meta = state.meta;
    if (!el || !view || !meta) return;
    const m = forecastPanel(view, state.forecasts, meta.forecastTargets);
    el.hidden = m.targets.length === 0 && m.past.length === 0;
    const key = JSON.stringify([m, meta.phase]);
    if (key === forecastKey) return;
    // keep what the player is typing when a new message arrives
    const typed = new Map<string, string>();
    if (forecastQuarter === m.quarter)
      for (const i of el.querySelectorAll<HTMLInputElement | HTMLSelectElement>("input[id], select[id]")) typed.set(i.id, i.value);
    if (forecastQuarter !== m.quarter) lastForecastStatus = null;
    forecastQuarter = m.quarter;
    forecastKey = key;
    clear(el);
    const status = h(
      "div.result",
      {
        id: "forecast-result",
        role: "status",
        "aria-live": "polite",
        class: lastForecastStatus ? (lastForecastStatus.ok ? "ok" : "bad") : "",
      },
      lastForecastStatus?.text ?? "",
    );
    append(el, [
      h("h2", { id: "forecast-h" }, `Forecast quarter ${m.quarter}`),
      m.targets.length
        ? h(
            "p.hint",
            {},
            "Your forecast of the figure when this quarter resolves: a median and a range you are 80% sure of, or the chances it goes up, stays flat (within 2%) or goes down. Lower scores are better; the debrief ranks the forecasters.",
          )
        : null,
      h(
        "div.forecast-targets",
        {},
        m.targets.map((t) => {
          const kind = h(
            "select",
            { id: `fc-${t.id}-kind`, "aria-label": `How to forecast the ${t.label}` },
            h("option", { value: "interval" }, "Median and 80% range"),
            // up, flat or down is measured from last quarter's figure: not before the first quarter
            t.last === null ? null : h("option", { value: "direction" }, "Up / flat / down"),
          );
          const num = (k: string, label: string, value: string, extra: Record<string, string | number> = {}) =>
            h(
              "label",
              {},
              label,
              h("input", { type: "number", id: `fc-${t.id}-${k}`, step: "any", min: 0, value, inputmode: "decimal", ...extra }),
            );
          const base = t.last ?? 0;
          const fmtIn = (x: number) => (x > 0 ? String(Number(x.toPrecision(3))) : "");
          const interval = h(
            "div.fields",
            { "data-kind": "interval" },
            num("median", "Median", fmtIn(base)),
            num("low", "Low (10%)", fmtIn(base * 0.85)),
            num("high", "High (90%)", fmtIn(base * 1.15)),
          );
          const direction = h(
            "div.fields",
            { "data-kind": "direction", hidden: true },
            num("up", "Up %", "34", { max: 100 }),
            num("flat", "Flat %", "33", { max: 100 }),
            num("down", "Down %", "33", { max: 100 }),
          );
          kind.addEventListener("change", () => {
            interval.hidden = kind.value !== "interval";
            direction.hidden = kind.value !== "direction";
          });
          const send = async () => {
            const k = kind.value === "direction" ? "direction" : "interval";
            const fields: Record<string, string> = {};
            for (const f of ["median", "low", "high", "up", "flat", "down"])
              fields[f] = (document.getElementById(`fc-${t.id}-${f}`) as HTMLInputElement | null)?.value ?? "";
            const r = readForecast(t.id, k, fields);
            // the card is drawn again when the server confirms: write to the status line on the page then
            const say = (ok: boolean, text: string) => {
              const st = document.getElementById("forecast-result") ?? status;
              st.className = ok ? "result ok" : "result bad";
              st.textContent = text;
              lastForecastStatus = { ok, text };
            };
            if (!r.ok) return say(false, `✗ ${t.label}: ${r.error}`);
            const reply = await state.conn?.forecast(m.quarter, r.forecast);
            say(
              reply?.ok === true,
              reply?.ok ? `✓ Forecast of the ${t.label} for quarter ${m.quarter} recorded` : `✗ ${reply?.message ?? "not connected"}`,
            );
          };
          return h(
            "form.forecast-form",
            {
              "data-target": t.id,
              onsubmit: (e: Event) => {
                e.preventDefault();
                void send();
              },
            },
            h(
              "fieldset",
              {},
              h("legend", {}, h("strong", {}, t.label), ` · ${t.lastText}`),
              kind,
              interval,
              direction,
              t.current ? h("p.hint", { "data-current": t.id }, `Your forecast: ${t.current}`) : null,
              h("button", { type: "submit", id: `fc-${t.id}-send` }, t.current ? "Update forecast" : "Forecast"),
            ),
          );
        }),
      ),
      status,
      m.past.length
        ? h(
            "div",
            { id: "forecast-past" },
            h("h3", {}, "Your forecasts"),
            h(
              "ul.forecast-past",
              {},
              m.past.map((p) =>
                h(
                  "li",
                  { class: p.resolved ? "resolved" : "" },
                  h("strong", {}, `Q${p.quarter} ${p.target}: `),
                  p.forecast,
                  h("div.hint", {}, p.result),
                ),
              ),
            ),
          )
        : null,
    ]);
    for (const [id, v] of typed) {
      const i = document.getElementById(id) as HTMLInputElement | HTMLSelectElement | null;
      if (i && el.contains(i)) i.value = v;
      if (i instanceof HTMLSelectElement) i.dispatchEvent(new Event("change"));
    }
  };

  /** A failed company's ending: why, its last books beside, and what the team can do now. */
  const renderEnding = (view: PlayerView) => {
    const el = els.orders;
    const meta = state.meta;
    if (!el || !meta) return;
    clear(el);
    const s = seat()!;
    const name = view.own?.name ?? s;
    append(el, [
      h("h2", { id: "ending-h" }, `${name} has failed`),
      h("p", { id: "ending-why" }, failureText(s) ?? `${name} ran out of money and could not pay its bills.`),
      h("p.hint", {}, "Its last books are shown with the game. It sends no more orders, and the others no longer wait for it."),
      h("div.row", {}, h("button", { type: "button", id: "spectate-btn", onclick: () => void take(null) }, "Watch the rest of the game")),
      h("h3", { style: "margin-top:.8rem" }, "Or take another seat"),
      seatList(meta, { actions: true, only: "open" }),
    ]);
  };

  const renderSeatPicker = () => {
    const el = els.picker;
    const meta = state.meta;
    if (!el || !meta) return;
    clear(el);
    append(el, [
      h("h2", { id: "picker-h" }, "Pick a seat"),
      h("p.hint", {}, "You are watching the public picture. Take a free seat or join a team to play."),
      seatList(meta, { actions: true, only: "open" }),
    ]);
  };

  let dashKind: string | null = null;
  const renderDash = (view: PlayerView) => {
    if (mode === "projector") {
      if (setBody("dash")) projector = mountProjector(main, code);
      projector?.view(view);
      return;
    }
    const spect = publicOnly();
    const failed = !spect && Boolean(view.own?.failed);
    const kind = `${spect ? "spect" : "seat"}:${seat() ?? ""}:${failed}`;
    if (body === "dash" && dashKind !== kind) setBody("none");
    if (setBody("dash")) {
      dashKind = kind;
      const grid = h("div.dash", { class: spect ? "spectate" : "" });
      els.resolution = h("section.card.area-resolution.resolution", { id: "resolution", "aria-labelledby": "resolution-h", hidden: true });
      els.bot = h("section.card.area-bot.bot-summary", { id: "bot-summary", "aria-labelledby": "bot-h", hidden: true });
      els.world = h("section.card.area-world", { id: "world", "aria-labelledby": "world-h" });
      els.news = h("section.card.area-news.news", { id: "news", "aria-labelledby": "news-h" });
      els.charts = h("section.card.area-charts", { id: "charts", "aria-labelledby": "charts-h" });
      if (!spect) {
        els.orders = h("section.card.area-orders", { id: failed ? "ending" : "orders", class: failed ? "ending" : "" });
        els.books = h("section.card.area-books.books", { id: "books", "aria-labelledby": "books-h" });
        els.forecast = h("section.card.area-forecast", { id: "forecast", "aria-labelledby": "forecast-h", hidden: true });
        forecastKey = "";
        grid.append(els.resolution, els.bot, els.orders, els.world, els.books, els.news, els.forecast, els.charts);
      } else {
        if (mode === "play") els.picker = h("section.card.area-picker", { id: "seat-picker", "aria-labelledby": "picker-h" });
        grid.append(...[els.resolution, els.picker, els.world, els.news, els.charts].filter((x): x is HTMLElement => !!x));
      }
      main.append(grid);
      world = mountWorld(els.world, spect ? "The AI economy (public picture)" : "The AI economy");
    }
    const newQuarter = view.quarter !== lastViewQuarter;
    // after a resolution this client saw, a one-column page puts the results first
    els.resolution?.parentElement?.classList.toggle("results-first", state.resolution?.quarter === view.quarter && view.quarter > 0);
    if (newQuarter) {
      world?.update(view, state.prevView);
      void renderCharts(els.charts!, view);
    }
    renderResolution(view);
    renderBotSummary();
    renderForecast();
    renderNews(
      els.news!,
      view,
      state.allEvents.filter((e) => e.quarter === view.quarter || e.quarter === view.quarter + 1),
    );
    if (els.picker) renderSeatPicker();
    if (!spect && els.books && els.orders) {
      renderBooks(els.books, view);
      if (failed) renderEnding(view);
      else if (newQuarter || !orders) {
        // the room's metadata may still be the previous quarter's when the new view arrives: trust it only when it matches
        const submitted = state.meta?.quarter === view.quarter && Boolean(state.meta?.seats.find((x) => x.id === seat())?.submitted);
        const resolvedNow = state.resolution?.quarter === view.quarter && lastViewQuarter !== -1;
        orders?.destroy();
        orders = new OrdersPanel(
          els.orders,
          view,
          {
            submit: (q, os, remove) => state.conn!.submit(q, os, remove),
            edit: (q, os, remove) => state.conn!.edit(q, os, remove),
            memberId: () => state.conn?.saved.memberId ?? "",
          },
          { submitted, collapsed: resolvedNow && narrow(), draft: state.draft },
        );
      }
    }
    lastViewQuarter = view.quarter;
  };

  /** The end: the debrief (every member; the projector shows the section the host chose), then where the economy ended. */
  const renderEnd = (view: PlayerView) => {
    if (setBody("end")) {
      els.debrief = h("div", { id: "debrief", class: mode === "projector" ? "debrief projector-debrief" : "debrief" });
      if (mode === "projector") main.append(els.debrief);
      else {
        els.world = h("section.card", { id: "world", "aria-labelledby": "world-h" });
        els.charts = h("section.card", { id: "charts", "aria-labelledby": "charts-h" });
        els.news = h("section.card.news", { id: "news" });
        els.fan = h("section.card", { id: "end-fan", "aria-labelledby": "fan-h" });
        main.append(
          els.debrief,
          h(
            "div.grid.no-print",
            {},
            h("p", {}, h("a", { href: `#/replay/${code}`, id: "replay-game" }, "Replay this game quarter by quarter →")),
            els.world,
            els.news,
            els.charts,
          ),
          h("div.no-print", { style: "margin-top:1rem" }, els.fan),
        );
        world = mountWorld(els.world, "Where the economy ended");
        endFan = mountFanPanel(els.fan, { shocks: true });
      }
    }
    ensureDebrief(code);
    const controllers: Record<string, string> = {};
    for (const s of state.meta?.seats ?? []) controllers[s.id] = s.players.length ? s.players.join(", ") : s.controller;
    const section = (state.meta?.debriefSection ?? "ranking") as DebriefSection;
    const key = `${state.debriefStatus}|${mode === "projector" ? section : ""}|${view.quarter}`;
    if (els.debrief && els.debrief.dataset.key !== key) {
      els.debrief.dataset.key = key;
      renderDebrief(els.debrief, code, {
        ...(mode === "projector" ? { only: DEBRIEF_SECTIONS.includes(section) ? section : "ranking" } : {}),
        fallbackRanking: (el) => renderRanking(el, view, state.allEvents, controllers),
      });
    }
    if (mode === "projector") return;
    if (view.quarter !== lastViewQuarter) {
      world?.update(view, state.prevView);
      void renderCharts(els.charts!, view);
      renderNews(
        els.news!,
        view,
        state.allEvents.filter((e) => e.quarter === view.quarter),
      );
      lastViewQuarter = view.quarter;
    }
  };

  const renderBody = (force = false) => {
    if (mode === "host") {
      if (setBody("dash")) hostCleanup = hostConsole(main, code);
      return;
    }
    const meta = state.meta;
    const view = state.view;
    if (!meta && !view) {
      if (setBody("connecting")) main.append(h("p.loading", {}, "Connecting to the game…"));
      return;
    }
    if (view?.finished || meta?.phase === "finished") {
      // the host may end the game before its last quarter: the end screen is final either way
      if (view) renderEnd({ ...view, finished: true });
      return;
    }
    if (meta && meta.phase === "lobby" && mode !== "projector") {
      if (force && body !== "lobby") setBody("none");
      renderLobby();
      return;
    }
    if (view) renderDash(view);
  };

  const offs = [
    on("meta", () => {
      renderTop();
      const phase = state.meta?.phase;
      if (mode === "host") return;
      projector?.meta(state.meta);
      if (body === "lobby" && phase === "lobby") {
        // keep the focus on the seat button the player was on
        const focus = (document.activeElement as HTMLElement | null)?.dataset?.take;
        renderBody(true);
        if (focus) document.querySelector<HTMLElement>(`[data-take="${focus}"]`)?.focus();
        return;
      }
      if (body !== "dash" || !state.view || phase === "lobby" || phase === "finished") renderBody();
      else if (els.picker) renderSeatPicker();
      else {
        if (els.orders?.id === "ending" && state.view) renderEnding(state.view);
        renderForecast();
      }
    }),
    on("view", () => {
      renderTop();
      renderBody();
    }),
    on("draft", () => orders?.updateDraft(state.draft)),
    on("bot", () => renderBotSummary()),
    on("forecasts", () => renderForecast()),
    on("debrief", () => {
      if (body === "end" && state.view) renderEnd({ ...state.view, finished: true });
    }),
    on("status", () => {
      renderTop();
      renderBanners();
    }),
    on("notice", renderBanners),
  ];
  const tick = setInterval(() => {
    const el = document.getElementById("timer");
    if (el && state.meta) {
      const t = timerModel(state.meta, Date.now());
      el.textContent = t.text;
      el.classList.toggle("urgent", t.urgent);
      el.setAttribute("aria-label", t.label);
    }
    if (state.notices.length && banners.childElementCount !== state.notices.filter((n) => Date.now() - n.at < 20_000).length)
      renderBanners();
  }, 500);

  // connect: reuse the live connection, or rejoin the saved seat after a reload
  const start = async () => {
    if (state.conn && state.conn.saved.code.toUpperCase() === code) return;
    // a projector window opened on its own watches as a spectator: it never takes over the host's member
    const saved = mode === "projector" ? null : loadSaved(code);
    if (hostKey) {
      // the host's link from another device: the key leaves the address bar at once
      history.replaceState(null, "", `#/g/${code}/host`);
      if (saved) saved.hostKey = hostKey;
      else {
        try {
          state.conn = await Connection.join({ code, name: "Host", choose: true, hostKey }, handlers());
        } catch (e) {
          pushNotice(`Could not open the host console of ${code}: ${e instanceof Error ? e.message : String(e)}`, true);
        }
        renderTop();
        return;
      }
    }
    if (!saved) {
      if (mode === "watch" || mode === "projector") {
        try {
          state.conn = await Connection.join({ code, name: mode === "projector" ? "Projector" : "Spectator", spectator: true }, handlers());
        } catch (e) {
          pushNotice(`Could not watch ${code}: ${e instanceof Error ? e.message : String(e)}`, true);
        }
        return;
      }
      pushNotice(`You have not joined ${code} from this browser yet.`, true);
      go(`#/j/${code}`);
      return;
    }
    state.status = "connecting";
    try {
      state.conn = await Connection.rejoin(saved, handlers());
    } catch (e) {
      pushNotice(`Could not rejoin ${code}: ${e instanceof Error ? e.message : String(e)}`, true);
      state.status = "lost";
    }
    renderTop();
  };
  if (!state.conn || state.conn.saved.code.toUpperCase() !== code) resetGame();
  renderTop();
  renderBanners();
  renderBody();
  void start();

  return () => {
    for (const off of offs) off();
    clearInterval(tick);
    world?.destroy();
    destroyCharts();
    hostCleanup?.();
    projector?.destroy();
    orders?.destroy();
    endFan?.destroy();
    root.classList.remove("projector");
    document.documentElement.classList.remove("projector-root");
  };
}
