/**
 * Host console: seats and connections, timer, pause/resume, resolve now, inject a shock
 * with its parameters, reassign seats, end the game, downloads, and the public picture.
 */
import { type HostAction, TIMER_MAX_SECONDS, TIMER_MIN_SECONDS } from "../../../shared/index.ts";
import { roleName } from "../../presenters/books.ts";
import { lobbyModel, timerModel } from "../../presenters/meta.ts";
import { parseParams } from "../../presenters/params.ts";
import { destroyCharts, renderCharts } from "../charts.ts";
import { announce, clear, h } from "../dom.ts";
import { http } from "../net.ts";
import { renderNews } from "../panels.ts";
import { on, pushNotice, state } from "../store.ts";
import { mountWorld } from "../world/panel.ts";

export function hostConsole(main: HTMLElement, code: string): () => void {
  const seatsEl = h("section.card", { id: "host-seats", "aria-labelledby": "hs-h" });
  const ctrlEl = h("section.card", { id: "host-controls", "aria-labelledby": "hc-h" });
  const shockEl = h("section.card", { id: "host-shock", "aria-labelledby": "hx-h" });
  const worldEl = h("section.card", { id: "world" });
  const newsEl = h("section.card.news", { id: "news" });
  const chartsEl = h("section.card", { id: "charts" });
  const result = h("div.result", { id: "host-result", role: "status", "aria-live": "polite" });
  main.append(
    h("h1", {}, `Host console · ${code}`),
    result,
    h("div.hostgrid", {}, ctrlEl, shockEl, seatsEl),
    h("div.grid", { style: "margin-top:1rem" }, worldEl, newsEl, chartsEl),
  );
  const world = mountWorld(worldEl, "The AI economy (public picture)");
  let lastQ = -1;

  const cmd = async (command: HostAction, okText: string) => {
    result.className = "result";
    result.textContent = "Sending…";
    const r = await state.conn?.host(command);
    if (!r) return;
    result.className = r.ok ? "result ok" : "result bad";
    result.textContent = r.ok ? `✓ ${okText}` : `✗ ${r.message}`;
    announce(result.textContent);
  };

  const renderSeats = () => {
    // meta changes re-render the table: keep what the host is typing and where the focus is
    const typed = new Map<string, string>();
    for (const i of seatsEl.querySelectorAll<HTMLInputElement>("input[data-seat-input]")) typed.set(i.id, i.value);
    clear(seatsEl);
    const meta = state.meta;
    seatsEl.append(h("h2", { id: "hs-h" }, "Seats & connections"));
    if (!meta) return;
    const m = lobbyModel(meta, null, true);
    const rows = meta.seats;
    seatsEl.append(
      h(
        "p.hint",
        {},
        `${m.humans} human seat${m.humans === 1 ? "" : "s"}, ${m.bots} bot${m.bots === 1 ? "" : "s"}, ${meta.spectators} spectator${meta.spectators === 1 ? "" : "s"}`,
      ),
      h(
        "table",
        {},
        h(
          "thead",
          {},
          h("tr", {}, h("th", {}, "Seat"), h("th", {}, "Who"), h("th", {}, "Online"), h("th", {}, "Orders"), h("th", {}, "Reassign")),
        ),
        h(
          "tbody",
          {},
          rows.map((s) => {
            const input = h("input", {
              id: `assign-${s.id}`,
              "data-seat-input": s.id,
              "aria-label": `Assign ${s.name} to player`,
              placeholder: "player name",
              size: 10,
              value: typed.get(`assign-${s.id}`) ?? "",
            });
            return h(
              "tr",
              { "data-seat": s.id },
              h("th", { scope: "row" }, s.name, h("div.hint", {}, roleName(s.role))),
              h("td", {}, s.players.length ? s.players.join(", ") : s.controller === "bot" ? "bot" : "open"),
              h("td", {}, s.connected > 0 ? `● ${s.connected}` : "○"),
              h("td", {}, meta.phase === "lobby" ? "–" : s.submitted ? "✓ in" : "…"),
              h(
                "td",
                {},
                h(
                  "div.row",
                  {},
                  input,
                  h(
                    "button",
                    {
                      type: "button",
                      id: `assign-btn-${s.id}`,
                      "data-assign": s.id,
                      "aria-label": `Assign ${s.name}`,
                      onclick: () =>
                        input.value.trim() &&
                        void cmd({ action: "assignSeat", seat: s.id, player: input.value.trim() }, `${s.name} assigned`),
                    },
                    "Assign",
                  ),
                  h(
                    "button",
                    {
                      type: "button",
                      id: `free-btn-${s.id}`,
                      "data-free": s.id,
                      "aria-label": `Free ${s.name}`,
                      onclick: () => void cmd({ action: "freeSeat", seat: s.id }, `${s.name} freed (a bot plays it)`),
                    },
                    "Free",
                  ),
                ),
              ),
            );
          }),
        ),
      ),
    );
  };

  const renderSeatsKeepFocus = () => {
    const focusId = seatsEl.contains(document.activeElement) ? (document.activeElement as HTMLElement).id : "";
    renderSeats();
    if (focusId) document.getElementById(focusId)?.focus();
  };

  const renderCtrl = () => {
    clear(ctrlEl);
    const meta = state.meta;
    const t = meta ? timerModel(meta, Date.now()) : null;
    const secs = h("input", {
      id: "timer-secs",
      type: "number",
      min: TIMER_MIN_SECONDS,
      max: TIMER_MAX_SECONDS,
      step: 10,
      value: 180,
      "aria-label": "Timer seconds",
    });
    ctrlEl.append(
      h("h2", { id: "hc-h" }, "Game"),
      h(
        "p",
        {},
        "Phase: ",
        h("strong", { id: "host-phase" }, meta?.phase ?? "…"),
        meta ? ` · quarter ${meta.quarter} of ${meta.quarters || "?"}` : "",
        t ? ` · timer ${t.text}` : "",
      ),
      h("div.joincode", { style: "font-size:2.4rem" }, meta?.code ?? code),
      h(
        "div.row",
        {},
        meta?.phase === "lobby"
          ? h("button.primary", { type: "button", id: "host-start", onclick: () => void cmd({ action: "start" }, "Game started") }, "Start")
          : null,
        meta?.paused
          ? h("button", { type: "button", id: "host-resume", onclick: () => void cmd({ action: "resume" }, "Resumed") }, "▶ Resume")
          : h("button", { type: "button", id: "host-pause", onclick: () => void cmd({ action: "pause" }, "Paused") }, "Pause"),
        h(
          "button",
          { type: "button", id: "host-resolve", onclick: () => void cmd({ action: "resolveNow" }, "Quarter resolving now") },
          "Resolve now",
        ),
      ),
      h(
        "div.row",
        { style: "margin-top:.5rem" },
        secs,
        h(
          "button",
          {
            type: "button",
            id: "host-set-timer",
            onclick: () => void cmd({ action: "setTimer", seconds: Number(secs.value) }, `Timer set to ${secs.value} s`),
          },
          "Set timer",
        ),
        h(
          "button",
          { type: "button", id: "host-extend", onclick: () => void cmd({ action: "extendTimer", seconds: 60 }, "+60 s") },
          "+60 s",
        ),
      ),
      h(
        "div.row",
        { style: "margin-top:.5rem" },
        h(
          "a",
          { href: http.downloadUrl(code, "log", state.conn?.saved.hostKey ?? ""), download: `${code}-log.json`, id: "dl-log" },
          "⬇ Game log (JSON)",
        ),
        h(
          "a",
          { href: http.downloadUrl(code, "csv", state.conn?.saved.hostKey ?? ""), download: `${code}.csv`, id: "dl-csv" },
          "⬇ Results (CSV)",
        ),
      ),
      h(
        "div.row",
        { style: "margin-top:.8rem" },
        h(
          "button.danger",
          {
            type: "button",
            id: "host-end",
            onclick: () => {
              if (confirm("End the game now for everyone?")) void cmd({ action: "end" }, "Game ended");
            },
          },
          "End game",
        ),
      ),
    );
  };

  const renderShock = () => {
    clear(shockEl);
    const cat = state.view?.catalogue ?? [];
    const sel = h(
      "select",
      { id: "shock-select" },
      cat.map((c) => h("option", { value: c.id }, c.title)),
    );
    const params = h("input", {
      id: "shock-params",
      placeholder: "duration=2, effects.0.multiplier=0.6",
      "aria-describedby": "shock-help",
    });
    const err = h("div.error-text", { id: "shock-err" });
    shockEl.append(
      h("h2", { id: "hx-h" }, "Inject a shock"),
      h("div.field", {}, h("label", { for: "shock-select" }, "Shock"), sel),
      h(
        "div.field",
        {},
        h("label", { for: "shock-params" }, "Parameters (optional)"),
        params,
        h(
          "div.hint",
          { id: "shock-help" },
          "Comma-separated key=value overrides, e.g. duration=2 or effects.0.multiplier=0.5. Takes effect when the quarter resolves.",
        ),
      ),
      err,
      h(
        "button.primary",
        {
          type: "button",
          id: "shock-inject",
          onclick: () => {
            const parsed = parseParams(params.value);
            if (typeof parsed === "string") {
              err.textContent = parsed;
              params.setAttribute("aria-invalid", "true");
              return;
            }
            err.textContent = "";
            params.removeAttribute("aria-invalid");
            void cmd(
              { action: "injectShock", shock: sel.value, params: parsed },
              `Shock "${sel.selectedOptions[0]?.textContent ?? sel.value}" injected`,
            );
          },
        },
        "⚡ Inject",
      ),
    );
  };

  const renderView = () => {
    const v = state.view;
    if (!v) return;
    if (v.quarter !== lastQ) {
      world.update(v, state.prevView);
      void renderCharts(chartsEl, v, ["token-price", "gpu-hour", "capex", "utilisation", "revenue", "value-created"]);
      lastQ = v.quarter;
    }
    renderNews(
      newsEl,
      v,
      state.allEvents.filter((e) => e.quarter === v.quarter || e.quarter === v.quarter + 1),
    );
  };

  renderSeats();
  renderCtrl();
  renderShock();
  renderView();
  const offs = [
    on("meta", () => {
      renderSeatsKeepFocus();
      const focusId = ctrlEl.contains(document.activeElement) ? (document.activeElement as HTMLElement).id : "";
      const secs = (document.getElementById("timer-secs") as HTMLInputElement | null)?.value;
      renderCtrl();
      if (secs) (document.getElementById("timer-secs") as HTMLInputElement).value = secs;
      const swap: Record<string, string> = { "host-pause": "host-resume", "host-resume": "host-pause" };
      if (focusId) (document.getElementById(focusId) ?? document.getElementById(swap[focusId] ?? ""))?.focus();
    }),
    on("view", () => {
      const hadCatalogue = shockEl.querySelector("option") !== null;
      renderView();
      if (!hadCatalogue) renderShock();
    }),
  ];
  if (!state.conn?.saved.hostKey) pushNotice("This browser does not hold the host key for this game: host commands will be refused.", true);
  return () => {
    for (const off of offs) off();
    world.destroy();
    destroyCharts();
  };
}
