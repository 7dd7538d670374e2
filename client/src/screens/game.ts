/**
 * The game screen for one join code: lobby, role dashboard, spectator and projector views,
 * end of game, and (in host mode) the host console. Rejoins the saved seat after a reload.
 */
import type { PlayerView } from "../../../shared/index.ts";
import { roleName } from "../../presenters/books.ts";
import { lobbyModel, timerModel } from "../../presenters/meta.ts";
import { type NodeKind, ROLE_STYLE } from "../../presenters/roles.ts";
import { destroyCharts, renderCharts } from "../charts.ts";
import { append, clear, h } from "../dom.ts";
import { Connection, forget, loadSaved } from "../net.ts";
import { renderBooks, renderNews, renderOrders, renderRanking } from "../panels.ts";
import { go, handlers } from "../router.ts";
import { on, pushNotice, resetGame, state } from "../store.ts";
import { mountWorld, type WorldPanel } from "../world/panel.ts";
import { hostConsole } from "./host.ts";
import { mountProjector, type ProjectorPanel } from "./projector.ts";

type Mode = "play" | "watch" | "host" | "projector";

export function gameScreen(root: HTMLElement, code: string, mode: Mode): () => void {
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
  let lastOrdersQuarter = -1;
  let lastViewQuarter = -1;
  let hostCleanup: (() => void) | null = null;
  let projector: ProjectorPanel | null = null;
  const els: Record<string, HTMLElement> = {};

  const isHost = () => Boolean(state.conn?.saved.hostKey);
  const seat = () => state.conn?.seat ?? null;
  const publicOnly = () => mode === "projector" || mode === "watch" || !seat();

  const renderTop = () => {
    clear(top);
    const meta = state.meta;
    const view = state.view;
    const t = meta ? timerModel(meta, Date.now()) : null;
    const s = seat();
    const seatMeta = meta?.seats.find((x) => x.id === s);
    const style = seatMeta ? ROLE_STYLE[(seatMeta.role as NodeKind) in ROLE_STYLE ? (seatMeta.role as NodeKind) : "lab"] : null;
    const q = view
      ? `${view.finished ? "Final" : view.label} · Q${Math.min(view.quarter + 1, view.quarters)}/${view.quarters}`
      : meta
        ? `Q${meta.quarter}`
        : "";
    const st = state.status;
    append(top, [
      h("a.brand", { href: "#/", "aria-label": "Compute Cycle home" }, "Compute Cycle"),
      h("span.q", { id: "quarter-label" }, q),
      meta?.code ? h("span.pill", { title: "Join code" }, "code ", h("strong.mono", { id: "top-code" }, meta.code)) : null,
      seatMeta && style && mode !== "projector"
        ? h(
            "span.pill",
            { id: "seat-pill", style: `border-color:${style.colour}` },
            h("span", { style: `color:${style.colour}`, "aria-hidden": "true" }, style.glyph),
            `${seatMeta.name} · ${roleName(seatMeta.role)}`,
          )
        : mode === "watch" || (!s && mode === "play")
          ? h("span.pill", { id: "seat-pill" }, "Spectator · public picture only")
          : null,
      h("span.spacer"),
      meta?.paused && meta.phase !== "finished"
        ? h("span.pill.warn", { id: "paused-pill", role: "status" }, "Paused by the host: the timer is stopped")
        : null,
      t && meta?.phase !== "lobby"
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
      isHost() && mode !== "host" ? h("a", { href: `#/g/${code}/host` }, "Host console") : null,
      isHost() && mode === "host" ? h("a", { href: `#/g/${code}/projector`, id: "projector-link" }, "Projector") : null,
      mode === "projector" && isHost() ? h("a", { href: `#/g/${code}/host`, id: "console-link" }, "Back to console") : null,
      mode !== "projector" ? h("button", { type: "button", id: "leave-btn", onclick: leave }, "Leave") : null,
    ]);
  };

  const renderBanners = () => {
    clear(banners);
    const recent = state.notices.filter((n) => Date.now() - n.at < 20_000);
    for (const n of recent) banners.append(h("div.banner", { class: n.error ? "error" : "", role: n.error ? "alert" : "status" }, n.text));
  };

  const leave = async () => {
    await state.conn?.leave();
    forget(code);
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
    clear(main);
    body = next;
    lastOrdersQuarter = -1;
    lastViewQuarter = -1;
    return true;
  };

  const renderLobby = () => {
    const meta = state.meta;
    if (!meta) return;
    setBody("lobby");
    clear(main);
    const m = lobbyModel(meta, seat(), isHost());
    main.append(
      h(
        "section.card",
        { "aria-labelledby": "lobby-h", style: "text-align:center" },
        h("h2", { id: "lobby-h" }, `Lobby · ${m.title}`),
        h("p", {}, "Join at this address with the code:"),
        h("div.joincode", { id: "join-code-big", "aria-label": `Join code ${m.code.split("").join(" ")}` }, m.codeSpaced),
        h(
          "p.hint",
          {},
          `${location.host} · ${m.humans} player${m.humans === 1 ? "" : "s"} seated · ${m.bots} bot${m.bots === 1 ? "" : "s"}`,
        ),
        m.canStart && mode !== "projector"
          ? h("button.primary", { type: "button", id: "start-btn", onclick: () => void hostCmd({ action: "start" }) }, "Start the game")
          : h("p.hint", {}, "Waiting for the host to start the game."),
      ),
      h(
        "section",
        { "aria-labelledby": "seats-h", style: "margin-top:1rem" },
        h("h2", { id: "seats-h" }, "Seats"),
        m.groups.map((g) =>
          h(
            "div",
            {},
            h("h3", {}, g.label),
            h(
              "ul.seatgrid",
              { style: "list-style:none;padding:0" },
              g.seats.map((r) =>
                h(
                  "li.seat",
                  { class: r.own ? "own" : "", "data-seat": r.id },
                  h(
                    "div",
                    {},
                    h("span.glyph", { style: `color:${r.colour}`, "aria-hidden": "true" }, r.glyph),
                    h("strong", {}, r.name),
                    r.own ? h("span.tag", {}, "you") : null,
                  ),
                  h(
                    "div.status",
                    {},
                    `${r.roleLabel} · ${r.status}${r.status !== "bot" && r.status !== "open" ? (r.connected ? " · online" : " · away") : ""}`,
                  ),
                  h("div.hint", {}, r.who),
                  r.canTake && mode === "play" && r.status !== "human"
                    ? h(
                        "button",
                        { type: "button", "data-take": r.id, onclick: () => void take(r.id), "aria-label": `Take the seat ${r.name}` },
                        r.status === "team" ? "Join this team" : "Take this seat",
                      )
                    : null,
                ),
              ),
            ),
          ),
        ),
      ),
    );
  };

  const take = async (id: string) => {
    const r = await state.conn?.claimSeat(id);
    if (r && !r.ok) pushNotice(`Could not take the seat: ${r.message}`, true);
    else if (r?.ok) pushNotice("Seat taken. The page will rejoin it by itself if it reloads.");
    renderTop();
    if (body === "lobby") renderLobby();
  };

  const hostCmd = async (command: Parameters<Connection["host"]>[0]) => {
    const r = await state.conn?.host(command);
    if (r && !r.ok) pushNotice(`Host command failed: ${r.message}`, true);
    return r;
  };

  let dashSpect: boolean | null = null;
  const renderDash = (view: PlayerView) => {
    if (mode === "projector") {
      if (setBody("dash")) projector = mountProjector(main, code);
      projector?.view(view);
      return;
    }
    const spect = publicOnly();
    if (body === "dash" && dashSpect !== spect) setBody("none");
    if (setBody("dash")) {
      dashSpect = spect;
      const grid = h("div.dash", { class: spect ? "spectate" : "" });
      els.world = h("section.card.area-world", { id: "world", "aria-labelledby": "world-h" });
      els.news = h("section.card.area-news.news", { id: "news", "aria-labelledby": "news-h" });
      els.charts = h("section.card.area-charts", { id: "charts", "aria-labelledby": "charts-h" });
      if (!spect) {
        els.orders = h("section.card.area-orders", { id: "orders" });
        els.books = h("section.card.area-books.books", { id: "books", "aria-labelledby": "books-h" });
        grid.append(els.orders, els.world, els.books, els.news, els.charts);
      } else grid.append(els.world, els.news, els.charts);
      main.append(grid);
      world = mountWorld(els.world, spect ? "The AI economy (public picture)" : "The AI economy");
    }
    if (view.quarter !== lastViewQuarter) {
      world?.update(view, state.prevView);
      void renderCharts(els.charts!, view);
      lastViewQuarter = view.quarter;
    }
    renderNews(
      els.news!,
      view,
      state.allEvents.filter((e) => e.quarter === view.quarter || e.quarter === view.quarter + 1),
    );
    if (!spect && els.books && els.orders) {
      renderBooks(els.books, view);
      if (lastOrdersQuarter !== view.quarter) {
        // the room's metadata may still be the previous quarter's when the new view arrives: trust it only when it matches
        const submitted = state.meta?.quarter === view.quarter && Boolean(state.meta?.seats.find((x) => x.id === seat())?.submitted);
        renderOrders(els.orders, view, (q, orders) => state.conn!.submit(q, orders), submitted);
        lastOrdersQuarter = view.quarter;
      }
    }
  };

  const renderEnd = (view: PlayerView) => {
    if (setBody("end")) {
      els.rank = h("section.card", { id: "ranking", "aria-labelledby": "rank-h" });
      els.world = h("section.card", { id: "world", "aria-labelledby": "world-h" });
      els.charts = h("section.card", { id: "charts", "aria-labelledby": "charts-h" });
      els.news = h("section.card.news", { id: "news" });
      main.append(
        h(
          "div.grid",
          {},
          els.rank,
          h("p", {}, h("a", { href: `#/replay/${code}`, id: "replay-game" }, "Replay this game quarter by quarter →")),
          els.world,
          els.news,
          els.charts,
        ),
      );
      world = mountWorld(els.world, "Where the economy ended");
    }
    const controllers: Record<string, string> = {};
    for (const s of state.meta?.seats ?? []) controllers[s.id] = s.players.length ? s.players.join(", ") : s.controller;
    renderRanking(els.rank!, view, state.allEvents, controllers);
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

  const renderBody = () => {
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
    if (meta && meta.phase === "lobby") {
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
      if (body !== "dash" || !state.view || phase === "lobby" || phase === "finished") renderBody();
    }),
    on("view", () => {
      renderTop();
      renderBody();
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
    if (!saved) {
      if (mode === "watch" || mode === "projector") {
        try {
          state.conn = await Connection.join({ code, name: "Spectator", spectator: true }, handlers());
        } catch (e) {
          pushNotice(`Could not watch ${code}: ${e instanceof Error ? e.message : String(e)}`, true);
        }
        return;
      }
      pushNotice(`You have not joined ${code} from this browser yet.`, true);
      go("#/");
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
    root.classList.remove("projector");
    document.documentElement.classList.remove("projector-root");
  };
}
