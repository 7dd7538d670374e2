/**
 * Host console (the host and co-hosts): the game's phase and a ticking timer; time added to
 * this quarter and the turn length from the next, as separate controls; pause, resume,
 * resolve now; every seat with who is in it (a bot playing for an away player says so), its
 * lock, and moving people; the team size cap; co-hosts; shocks by title; the join code and its
 * QR code; a what-if fan of the game's futures, with a shock's impact preview. After the end:
 * the ranking, the downloads, and deleting the game.
 */
import {
  DEBRIEF_SECTIONS,
  type DebriefSection,
  FORECAST_TARGET_IDS,
  FORECAST_TARGETS,
  type ForecastTarget,
  type HostAction,
  type PlayerView,
  TIMER_MAX_SECONDS,
} from "../../../shared/index.ts";
import { roleName } from "../../presenters/books.ts";
import { SECTION_TITLES } from "../../presenters/debrief.ts";
import { clock } from "../../presenters/format.ts";
import { inDistress, lobbyModel, quarterWords, type RoomMeta, seatOnline, timerModel } from "../../presenters/meta.ts";
import { parseParams } from "../../presenters/params.ts";
import { publicPicture } from "../../presenters/projector.ts";
import { type ShockField, shockForm, shockOverrides } from "../../presenters/shock-form.ts";
import { destroyCharts, renderCharts } from "../charts.ts";
import { ensureDebrief, renderDebrief } from "../debrief.ts";
import { announce, append, clear, h } from "../dom.ts";
import { mountFanPanel } from "../fan-panel.ts";
import { http } from "../net.ts";
import { renderNews, renderRanking } from "../panels.ts";
import { hostUrl, joinQr, qrFigure } from "../qr.ts";
import { go } from "../router.ts";
import { on, pushNotice, state } from "../store.ts";
import { mountWorld } from "../world/panel.ts";

export function hostConsole(main: HTMLElement, code: string): () => void {
  const seatsEl = h("section.card", { id: "host-seats", "aria-labelledby": "hs-h" });
  const peopleEl = h("section.card", { id: "host-people", "aria-labelledby": "hp-h" });
  const ctrlEl = h("section.card", { id: "host-controls", "aria-labelledby": "hc-h" });
  const shockEl = h("section.card", { id: "host-shock", "aria-labelledby": "hx-h" });
  const joinEl = h("section.card", { id: "host-join", "aria-labelledby": "hj-h" });
  const forecastEl = h("section.card", { id: "host-forecasts", "aria-labelledby": "hf-h" });
  const endEl = h("section.card", { id: "host-end-panel", "aria-labelledby": "he-h", hidden: true });
  const worldEl = h("section.card", { id: "world" });
  const newsEl = h("section.card.news", { id: "news" });
  const chartsEl = h("section.card", { id: "charts" });
  const fanEl = h("section.card", { id: "host-fan", "aria-labelledby": "fan-h" });
  const result = h("div.result", { id: "host-result", role: "status", "aria-live": "polite" });
  const heading = h("h1", {}, `Host console · ${code}`);
  main.append(
    heading,
    result,
    endEl,
    h("div.hostgrid", {}, ctrlEl, joinEl, shockEl, forecastEl),
    h("div.hostgrid", { style: "margin-top:1rem" }, seatsEl, peopleEl),
    h("div", { style: "margin-top:1rem" }, fanEl),
    h("div.grid", { style: "margin-top:1rem" }, worldEl, newsEl, chartsEl),
  );
  const world = mountWorld(worldEl, "The AI economy (public picture)");
  let lastQ = -1;
  let renderedPhase = "";

  const me = () => state.meta?.people.find((p) => p.id === state.conn?.saved.memberId);
  /** the host itself (not a co-host): may delete the game and name co-hosts */
  const isMainHost = () => Boolean(state.conn?.saved.hostKey) || Boolean(me()?.host);
  const auth = () => ({ key: state.conn?.saved.hostKey ?? null, member: state.conn?.saved.rejoin ?? null });

  const cmd = async (command: HostAction, okText: string) => {
    result.className = "result";
    result.textContent = "Sending…";
    const sentIn = state.view?.quarter ?? -1;
    const r = await state.conn?.host(command);
    if (!r) return r;
    // a success about a quarter that has resolved since ("Quarter resolving now") would stay up stale
    const stale = r.ok && (state.view?.quarter ?? -1) > sentIn;
    result.className = r.ok ? (stale ? "result" : "result ok") : "result bad";
    result.textContent = r.ok ? (stale ? "" : `✓ ${okText}`) : `✗ ${r.message}`;
    announce(r.ok ? `✓ ${okText}` : result.textContent);
    return r;
  };

  const keepFocus = (el: HTMLElement, render: () => void) => {
    const active = document.activeElement as HTMLElement | null;
    const focusId = active && el.contains(active) ? active.id : "";
    const typed = new Map<string, string>();
    for (const i of el.querySelectorAll<HTMLInputElement | HTMLSelectElement>("input[id], select[id]"))
      if (i.dataset.keep !== "no") typed.set(i.id, i.value);
    render();
    for (const [id, v] of typed) {
      const i = document.getElementById(id) as HTMLInputElement | HTMLSelectElement | null;
      if (
        i &&
        el.contains(i) &&
        i.dataset.keep !== "no" &&
        (!(i instanceof HTMLSelectElement) || [...i.options].some((o) => o.value === v))
      )
        i.value = v;
    }
    if (focusId) document.getElementById(focusId)?.focus();
  };

  const renderSeats = () => {
    clear(seatsEl);
    const meta = state.meta;
    seatsEl.append(h("h2", { id: "hs-h" }, "Seats"));
    if (!meta) return;
    const m = lobbyModel(meta, null, true);
    const rows = meta.seats;
    const finished = meta.phase === "finished";
    seatsEl.append(
      h(
        "p.hint",
        { id: "host-counts" },
        `${m.humans} seat${m.humans === 1 ? "" : "s"} played by people, ${m.bots} by bots · ${meta.spectators} spectator${meta.spectators === 1 ? "" : "s"} (you not counted)`,
      ),
      h(
        "div.row",
        {},
        h("label", { for: "team-cap" }, "Most people per seat (0 = any)"),
        h("input", { id: "team-cap", type: "number", min: 0, max: 64, step: 1, value: meta.teamCap, style: "width:5rem" }),
        h(
          "button",
          {
            type: "button",
            id: "team-cap-btn",
            disabled: finished,
            onclick: () => {
              const v = Number((document.getElementById("team-cap") as HTMLInputElement).value);
              void cmd({ action: "teamCap", max: v }, v ? `At most ${v} per seat` : "No cap on team size");
            },
          },
          "Set cap",
        ),
        h(
          "button",
          {
            type: "button",
            id: "lock-all",
            disabled: finished,
            onclick: () => void cmd({ action: "lockSeats", seats: "all", locked: true }, "All seats locked"),
          },
          "Lock all seats",
        ),
        h(
          "button",
          {
            type: "button",
            id: "unlock-all",
            disabled: finished,
            onclick: () => void cmd({ action: "lockSeats", seats: "all", locked: false }, "All seats unlocked"),
          },
          "Unlock all",
        ),
      ),
      h(
        "div.scrollx",
        {},
        h(
          // explicit roles: a phone lays the rows out as cards (styles.css), which would drop a table's semantics
          "table.host-seats",
          { role: "table" },
          h(
            "thead",
            { role: "rowgroup" },
            h(
              "tr",
              { role: "row" },
              ["Seat", "Who", "Online", "Orders", "Manage"].map((t) => h("th", { role: "columnheader" }, t)),
            ),
          ),
          h(
            "tbody",
            { role: "rowgroup" },
            rows.map((s) => {
              const who = s.botFor
                ? `bot playing for ${s.botFor}`
                : s.players.length
                  ? s.players.join(", ")
                  : s.controller === "bot"
                    ? "bot"
                    : "open";
              const pick = h(
                "select",
                { id: `assign-${s.id}`, "data-seat-input": s.id, "aria-label": `Person to move into ${s.name}` },
                h("option", { value: "" }, "Person…"),
                meta.people
                  .filter((p) => p.seat !== s.id)
                  .map((p) =>
                    h(
                      "option",
                      { value: p.id },
                      `${p.name}${p.seat ? ` (${meta.seats.find((x) => x.id === p.seat)?.name ?? p.seat})` : ""}`,
                    ),
                  ),
              );
              return h(
                "tr",
                { "data-seat": s.id, class: s.failed ? "failed" : "", role: "row" },
                h(
                  "th",
                  { scope: "row", role: "rowheader" },
                  s.name,
                  h("div.hint", {}, roleName(s.role), s.locked ? " · locked" : ""),
                  inDistress(state.view, s.id) ? h("div.distress", {}, "in distress") : null,
                ),
                h("td", { role: "cell" }, who),
                h("td", { role: "cell" }, seatOnline(meta, s.id)),
                h(
                  "td",
                  { role: "cell" },
                  s.failed
                    ? "✕ failed"
                    : meta.phase === "lobby"
                      ? "–"
                      : s.submitted
                        ? "✓ in"
                        : s.players.length && !s.botFor
                          ? "… thinking"
                          : "bot",
                ),
                h(
                  "td.manage-cell",
                  { role: "cell" },
                  h(
                    "div.row.manage",
                    {},
                    pick,
                    h(
                      "button",
                      {
                        type: "button",
                        id: `assign-btn-${s.id}`,
                        "data-assign": s.id,
                        "aria-label": `Move the chosen person into ${s.name}`,
                        disabled: finished || s.failed,
                        onclick: () => {
                          const id = pick.value;
                          const who = meta.people.find((p) => p.id === id)?.name ?? id;
                          if (id) void cmd({ action: "moveMember", member: id, seat: s.id }, `${who} moved to ${s.name}`);
                        },
                      },
                      "Move here",
                    ),
                    h(
                      "button",
                      {
                        type: "button",
                        id: `lock-btn-${s.id}`,
                        "aria-pressed": s.locked ? "true" : "false",
                        disabled: finished,
                        onclick: () =>
                          void cmd(
                            { action: "lockSeats", seats: [s.id], locked: !s.locked },
                            `${s.name} ${s.locked ? "unlocked" : "locked"}`,
                          ),
                      },
                      s.locked ? "Unlock" : "Lock",
                    ),
                    h(
                      "button",
                      {
                        type: "button",
                        id: `free-btn-${s.id}`,
                        "data-free": s.id,
                        "aria-label": `Free ${s.name}`,
                        disabled: finished || s.players.length === 0,
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
      ),
    );
  };

  const renderPeople = () => {
    clear(peopleEl);
    const meta = state.meta;
    peopleEl.append(h("h2", { id: "hp-h" }, "People"));
    if (!meta) return;
    const host = isMainHost();
    const finished = meta.phase === "finished";
    if (!meta.people.length) {
      peopleEl.append(h("p.hint", {}, "Nobody has joined yet."));
      return;
    }
    peopleEl.append(
      h(
        "ul.people",
        {},
        meta.people.map((p) => {
          const seatSel = h(
            "select",
            { id: `person-seat-${p.id}`, "aria-label": `Seat of ${p.name}`, disabled: finished, "data-keep": "no" },
            h("option", { value: "", selected: !p.seat }, "no seat (spectator)"),
            meta.seats.map((s) => h("option", { value: s.id, selected: p.seat === s.id, disabled: s.failed && p.seat !== s.id }, s.name)),
          );
          seatSel.addEventListener("change", () => {
            const to = seatSel.value || null;
            void cmd(
              { action: "moveMember", member: p.id, seat: to },
              `${p.name} moved ${to ? `to ${meta.seats.find((s) => s.id === to)?.name}` : "to the spectators"}`,
            );
          });
          return h(
            "li",
            { "data-person": p.id },
            h(
              "span.pname",
              {},
              p.connected ? "● " : "○ ",
              p.name,
              p.host ? h("span.tag", {}, "host") : null,
              p.cohost ? h("span.tag", {}, "co-host") : null,
            ),
            p.host ? null : seatSel,
            host && !p.host
              ? h(
                  "button",
                  {
                    type: "button",
                    id: `cohost-${p.id}`,
                    "aria-pressed": p.cohost ? "true" : "false",
                    disabled: finished,
                    onclick: () =>
                      void cmd(
                        { action: "cohost", member: p.id, on: !p.cohost },
                        p.cohost ? `${p.name} is no longer a co-host` : `${p.name} is now a co-host`,
                      ),
                  },
                  p.cohost ? "Remove co-host" : "Make co-host",
                )
              : null,
          );
        }),
      ),
      h("p.hint", {}, "A co-host (a teaching assistant) gets the host's controls. Names are display names only: no accounts."),
    );
  };

  const renderTimerLine = () => {
    const meta = state.meta;
    const el = document.getElementById("host-timer");
    if (!el || !meta) return;
    const t = timerModel(meta, Date.now());
    el.textContent = t.text;
    el.classList.toggle("urgent", t.urgent);
    el.setAttribute("aria-label", t.label);
  };

  const renderCtrl = () => {
    clear(ctrlEl);
    const meta = state.meta;
    // after the end the end-of-game panel has the downloads: no pause, resume or timers here
    if (meta?.phase === "finished") return;
    const playing = meta?.phase === "playing" || meta?.phase === "paused";
    const turn = meta?.turnSeconds ?? 0;
    const addSecs = h("input", {
      id: "add-secs",
      type: "number",
      min: -TIMER_MAX_SECONDS,
      max: TIMER_MAX_SECONDS,
      step: 10,
      value: 60,
      "aria-label": "Seconds to add to this quarter",
    });
    const turnIn = h("input", {
      id: "turn-length",
      type: "number",
      min: 0,
      max: TIMER_MAX_SECONDS,
      step: 10,
      value: turn,
      "aria-label": "Turn length in seconds from the next quarter (0 = no timer)",
    });
    ctrlEl.append(
      h("h2", { id: "hc-h" }, "Game"),
      h(
        "p",
        {},
        "Phase: ",
        h("strong", { id: "host-phase" }, meta?.phase ?? "…"),
        meta
          ? h("span", { id: "host-quarter" }, ` · ${quarterWords(meta.quarter, meta.quarters, { finished: meta.phase === "finished" })}`)
          : null,
        meta?.phase !== "lobby" ? [" · timer ", h("span.timer", { id: "host-timer", role: "timer" }, "")] : null,
      ),
      h(
        "div.row",
        {},
        meta?.phase === "lobby"
          ? h("button.primary", { type: "button", id: "host-start", onclick: () => void cmd({ action: "start" }, "Game started") }, "Start")
          : null,
        meta?.paused
          ? h("button", { type: "button", id: "host-resume", onclick: () => void cmd({ action: "resume" }, "Resumed") }, "▶ Resume")
          : h(
              "button",
              {
                type: "button",
                id: "host-pause",
                disabled: meta?.phase !== "playing",
                onclick: () => void cmd({ action: "pause" }, "Paused"),
              },
              "Pause",
            ),
        h(
          "button",
          {
            type: "button",
            id: "host-resolve",
            disabled: !playing,
            onclick: () => void cmd({ action: "resolveNow" }, "Quarter resolving now"),
          },
          "Resolve now",
        ),
        meta?.rehearsal
          ? h(
              "button",
              {
                type: "button",
                id: "host-ff",
                disabled: !playing,
                onclick: () => void cmd({ action: "fastForward", quarters: 1 }, "One quarter played by the bots"),
              },
              "Bots play a quarter",
            )
          : null,
      ),
      h(
        "fieldset.timer-ctl",
        {},
        h("legend", {}, "This quarter only"),
        h(
          "div.row",
          {},
          h(
            "button",
            {
              type: "button",
              id: "host-add-30",
              disabled: !playing,
              onclick: () => void cmd({ action: "addTime", seconds: 30 }, "30 s added to this quarter"),
            },
            "+30 s",
          ),
          h(
            "button",
            {
              type: "button",
              id: "host-extend",
              disabled: !playing,
              onclick: () => void cmd({ action: "addTime", seconds: 60 }, "1 min added to this quarter"),
            },
            "+1 min",
          ),
          h(
            "button",
            {
              type: "button",
              id: "host-sub-30",
              disabled: !playing,
              onclick: () => void cmd({ action: "addTime", seconds: -30 }, "30 s taken from this quarter"),
            },
            "−30 s",
          ),
        ),
        h(
          "div.row",
          {},
          addSecs,
          h(
            "button",
            {
              type: "button",
              id: "host-add-time",
              disabled: !playing,
              onclick: () => {
                const v = Math.round(Number(addSecs.value));
                void cmd(
                  { action: "addTime", seconds: v },
                  `${v >= 0 ? "Added" : "Took"} ${clock(Math.abs(v) * 1000)} ${v >= 0 ? "to" : "from"} this quarter`,
                );
              },
            },
            "Add to this quarter (s)",
          ),
        ),
      ),
      h(
        "fieldset.timer-ctl",
        {},
        h("legend", {}, "From the next quarter on"),
        h(
          "p.hint",
          { id: "turn-now" },
          turn
            ? `Turn length now: ${clock(turn * 1000)} a quarter.`
            : "No timer: quarters resolve when every seat is in, or when you resolve them.",
        ),
        h(
          "div.row",
          {},
          turnIn,
          h(
            "button",
            {
              type: "button",
              id: "host-set-turn",
              onclick: () => {
                const v = Math.round(Number(turnIn.value));
                void cmd(
                  { action: "setTurnLength", seconds: v },
                  v ? `Turn length ${clock(v * 1000)} from the next quarter` : "No timer from the next quarter",
                );
              },
            },
            "Set turn length (s)",
          ),
        ),
      ),
      h(
        "div.row",
        { style: "margin-top:.5rem" },
        h("a.button", { href: http.downloadUrl(code, "log", auth()), download: `${code}-log.json`, id: "dl-log" }, "⬇ Game log (JSON)"),
        h("a.button", { href: http.downloadUrl(code, "csv", auth()), download: `${code}.csv`, id: "dl-csv" }, "⬇ Results (CSV)"),
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
    renderTimerLine();
  };

  const renderJoin = () => {
    clear(joinEl);
    const c = state.meta?.code || code;
    joinEl.append(
      h("h2", { id: "hj-h" }, "Join"),
      h("div.joincode", { style: "font-size:2.4rem", id: "host-code" }, c.length === 6 ? `${c.slice(0, 3)} ${c.slice(3)}` : c),
      joinQr(c, "host-qr"),
    );
    // this console on another device (a phone to walk the room with): only the key's holder sees it
    const key = state.conn?.saved.hostKey;
    if (key) {
      const url = hostUrl(c, key);
      const link = h("input", {
        id: "host-link",
        readonly: true,
        value: url,
        style: "width:100%",
        "aria-label": "The host console's address with its key",
      });
      const copy = () => {
        link.select();
        // the clipboard needs a secure page (https or localhost); elsewhere the address is selected
        const selected = () => pushNotice("The address is selected: copy it with Ctrl+C or ⌘C.");
        if (!navigator.clipboard) return selected();
        navigator.clipboard.writeText(url).then(() => pushNotice("The console's address is copied."), selected);
      };
      const details = h(
        "details",
        { id: "host-elsewhere" },
        h("summary", {}, "Run this console from another device"),
        h(
          "p.hint",
          {},
          "Open this address on your phone or another computer to have these controls there too. Whoever has it can run the game: do not project it.",
        ),
        link,
        h("button", { type: "button", id: "host-link-copy", onclick: copy }, "Copy the address"),
      );
      // drawn only when opened, so the key's QR code is never on screen by accident
      details.addEventListener("toggle", () => {
        if (details.open && !details.querySelector(".qr"))
          details.append(qrFigure(url, "host-link-qr", "QR code of the host console's address", "scan with the other device"));
      });
      joinEl.append(details);
    }
  };

  const renderShock = () => {
    clear(shockEl);
    const cat = state.view?.catalogue ?? [];
    const sel = h(
      "select",
      { id: "shock-select" },
      cat.map((c) => h("option", { value: c.id }, c.title)),
    );
    // the chosen shock's parameters with the catalogue's values (shockForm); the host changes what it wants
    const fieldsEl = h("div", { id: "shock-fields" });
    let fields: ShockField[] = [];
    const inputs = new Map<string, HTMLInputElement | HTMLSelectElement>();
    const renderFields = () => {
      clear(fieldsEl);
      inputs.clear();
      // the live view when the shock is chosen: companies that failed since are no target
      fields = state.view ? shockForm(state.view, sel.value) : [];
      for (const f of fields) {
        const id = `shock-param-${f.key.replaceAll(".", "-")}`;
        const input =
          f.input === "select"
            ? h(
                "select",
                { id, "data-key": f.key },
                (f.options ?? []).map((o) => h("option", { value: o.value, ...(o.value === f.value ? { selected: "" } : {}) }, o.label)),
              )
            : f.input === "checkbox"
              ? h("input", { id, type: "checkbox", "data-key": f.key, ...(f.value === "true" ? { checked: "" } : {}) })
              : h("input", { id, type: f.input === "number" ? "number" : "text", step: "any", value: f.value, "data-key": f.key });
        inputs.set(f.key, input as HTMLInputElement | HTMLSelectElement);
        fieldsEl.append(h("div.field", {}, h("label", { for: id }, f.label), input));
      }
    };
    sel.addEventListener("change", renderFields);
    renderFields();
    const params = h("input", {
      id: "shock-params",
      placeholder: "duration=2, effects.0.multiplier=0.6",
      "aria-describedby": "shock-help",
    });
    const err = h("div.error-text", { id: "shock-err" });
    shockEl.append(
      h("h2", { id: "hx-h" }, "Inject a shock"),
      h("div.field", {}, h("label", { for: "shock-select" }, "Shock"), sel),
      fieldsEl,
      h(
        "div.field",
        {},
        h("label", { for: "shock-params" }, "More overrides (optional)"),
        params,
        h(
          "div.hint",
          { id: "shock-help" },
          "Comma-separated key=value overrides, e.g. duration=2 or effects.0.multiplier=0.5, on top of the fields above. Takes effect when the quarter resolves.",
        ),
      ),
      err,
      h(
        "button.primary",
        {
          type: "button",
          id: "shock-inject",
          onclick: () => {
            const values: Record<string, string> = {};
            for (const [key, input] of inputs)
              values[key] = input instanceof HTMLInputElement && input.type === "checkbox" ? String(input.checked) : input.value;
            const fromFields = shockOverrides(fields, values);
            if (typeof fromFields === "string") {
              err.textContent = fromFields;
              return;
            }
            const parsed = parseParams(params.value);
            if (typeof parsed === "string") {
              err.textContent = parsed;
              params.setAttribute("aria-invalid", "true");
              return;
            }
            err.textContent = "";
            params.removeAttribute("aria-invalid");
            void cmd(
              { action: "injectShock", shock: sel.value, params: { ...fromFields, ...parsed } },
              `Shock "${sel.selectedOptions[0]?.textContent ?? sel.value}" injected: it hits when this quarter resolves`,
            );
          },
        },
        "⚡ Inject",
      ),
    );
  };

  /** The figures players forecast each quarter: at most two, chosen in the lobby or during play. */
  const renderForecasts = () => {
    const meta = state.meta;
    const finished = meta?.phase === "finished";
    forecastEl.hidden = finished;
    if (finished) return;
    clear(forecastEl);
    const chosen = new Set(meta?.forecastTargets ?? []);
    const err = h("div.error-text", { id: "forecast-setup-err" });
    append(forecastEl, [
      h("h2", { id: "hf-h" }, "Forecasts"),
      h(
        "p.hint",
        {},
        "Each quarter players may forecast up to two public figures for the quarter being decided; the debrief scores them. Pick none to ask for no forecasts.",
      ),
      h(
        "fieldset.forecast-pick",
        {},
        h("legend", {}, "Figures to forecast (at most two)"),
        FORECAST_TARGET_IDS.map((t) =>
          h(
            "label.check",
            {},
            h("input", { type: "checkbox", name: "forecast-target", value: t, id: `ft-${t}`, checked: chosen.has(t), "data-keep": "no" }),
            ` ${FORECAST_TARGETS[t].label}`,
          ),
        ),
      ),
      h(
        "div.row",
        {},
        h(
          "button",
          {
            type: "button",
            id: "forecast-set",
            onclick: async () => {
              const targets = [...forecastEl.querySelectorAll<HTMLInputElement>("input[name=forecast-target]:checked")].map(
                (i) => i.value as ForecastTarget,
              );
              if (targets.length > 2) {
                err.textContent = "Pick at most two figures.";
                return;
              }
              err.textContent = "";
              await cmd(
                { action: "forecastTargets", targets },
                targets.length ? `Players forecast: ${targets.map((t) => FORECAST_TARGETS[t].label).join(", ")}` : "No forecasts asked",
              );
            },
          },
          "Ask for these forecasts",
        ),
      ),
      err,
      chosen.size
        ? h(
            "p.hint",
            { id: "forecast-current" },
            `Asked now: ${[...chosen].map((t) => FORECAST_TARGETS[t as ForecastTarget]?.label ?? t).join(", ")}`,
          )
        : null,
    ]);
  };

  /** The debrief section the projector shows, and the host's steps through them. */
  const debriefControls = (meta: RoomMeta) => {
    const cur = (DEBRIEF_SECTIONS as readonly string[]).includes(meta.debriefSection) ? (meta.debriefSection as DebriefSection) : "ranking";
    const i = DEBRIEF_SECTIONS.indexOf(cur);
    const show = (sec: DebriefSection) => void cmd({ action: "debriefSection", section: sec }, `Projector shows: ${SECTION_TITLES[sec]}`);
    return h(
      "div.debrief-controls",
      { role: "group", "aria-labelledby": "hd-h" },
      h("h3", { id: "hd-h" }, "On the projector"),
      h(
        "div.row",
        {},
        h("button", { type: "button", id: "debrief-prev", disabled: i <= 0, onclick: () => show(DEBRIEF_SECTIONS[i - 1]!) }, "◀ Previous"),
        DEBRIEF_SECTIONS.map((sec) =>
          h(
            "button",
            {
              type: "button",
              "data-section": sec,
              "aria-pressed": sec === cur ? "true" : "false",
              class: sec === cur ? "primary" : "",
              onclick: () => show(sec),
            },
            SECTION_TITLES[sec],
          ),
        ),
        h(
          "button",
          { type: "button", id: "debrief-next", disabled: i >= DEBRIEF_SECTIONS.length - 1, onclick: () => show(DEBRIEF_SECTIONS[i + 1]!) },
          "Next ▶",
        ),
      ),
    );
  };

  const debriefEl = h("div", { id: "debrief", class: "debrief" });
  let debriefKey = "";
  const renderHostDebrief = () => {
    const v = state.view;
    const meta = state.meta;
    if (meta?.phase !== "finished") return;
    ensureDebrief(code);
    const key = `${state.debriefStatus}|${v?.quarter ?? -1}`;
    if (key === debriefKey && debriefEl.childElementCount) return;
    debriefKey = key;
    const controllers: Record<string, string> = {};
    for (const s of meta?.seats ?? []) controllers[s.id] = s.players.length ? s.players.join(", ") : s.controller;
    renderDebrief(debriefEl, code, {
      fallbackRanking: (el) => {
        if (v) renderRanking(el, { ...publicPicture(v), finished: true } as PlayerView, state.allEvents, controllers);
      },
    });
  };

  /** After the end: the debrief and its controls for the projector, the replay and the downloads, and deleting the game; no pause or resume. */
  const renderEnd = () => {
    const meta = state.meta;
    const finished = meta?.phase === "finished";
    endEl.hidden = !finished;
    ctrlEl.hidden = finished;
    shockEl.hidden = finished;
    joinEl.hidden = finished;
    forecastEl.hidden = finished;
    if (!finished || !meta) return;
    clear(endEl);
    append(endEl, [
      h("h2", { id: "he-h" }, "The game is over: the debrief"),
      debriefControls(meta),
      h(
        "div.row",
        { style: "margin-top:.6rem" },
        h("a.button", { href: `#/g/${code}/projector`, id: "host-projector-end" }, "Open the projector"),
        h("a.button", { href: `#/replay/${code}`, id: "host-replay" }, "Open the replay"),
        h("a.button", { href: http.downloadUrl(code, "log", auth()), download: `${code}-log.json`, id: "dl-log" }, "⬇ Game log (JSON)"),
        h("a.button", { href: http.downloadUrl(code, "csv", auth()), download: `${code}.csv`, id: "dl-csv" }, "⬇ Results (CSV)"),
        h(
          "a.button",
          { href: http.downloadUrl(code, "standings.csv", auth()), download: `${code}-ranking.csv`, id: "dl-standings" },
          "⬇ Ranking (CSV)",
        ),
      ),
      isMainHost()
        ? h(
            "div.row",
            { style: "margin-top:1rem" },
            h(
              "button.danger",
              {
                type: "button",
                id: "host-delete",
                onclick: async () => {
                  if (!confirm("Delete this game and its log for good? Nobody can download or replay it afterwards.")) return;
                  const r = await cmd({ action: "delete" }, "Game and log deleted");
                  if (r?.ok) {
                    pushNotice(`Game ${code} and its log were deleted.`);
                    go("#/");
                  }
                },
              },
              "Delete this game and its log",
            ),
          )
        : null,
      debriefEl,
    ]);
    renderHostDebrief();
  };

  const renderView = () => {
    const v = state.view;
    if (!v) return;
    if (v.quarter !== lastQ) {
      // what the last command said was about the quarter that has now resolved ("Quarter resolving now")
      if (lastQ >= 0 && result.classList.contains("ok")) {
        result.className = "result";
        result.textContent = "";
      }
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

  const renderAll = (meta: RoomMeta | null) => {
    keepFocus(seatsEl, renderSeats);
    keepFocus(peopleEl, renderPeople);
    const phase = meta
      ? `${meta.phase}|${meta.quarter}|${meta.turnSeconds}|${meta.paused}|${meta.rehearsal}|${meta.debriefSection}|${meta.forecastTargets.join(",")}`
      : "";
    if (phase !== renderedPhase) {
      renderedPhase = phase;
      const turn = document.getElementById("turn-length") as HTMLInputElement | null;
      const typedTurn = turn && document.activeElement === turn ? turn.value : null;
      keepFocus(ctrlEl, renderCtrl);
      if (typedTurn !== null) (document.getElementById("turn-length") as HTMLInputElement).value = typedTurn;
      renderEnd();
      keepFocus(forecastEl, renderForecasts);
    }
  };

  renderSeats();
  renderPeople();
  renderCtrl();
  renderJoin();
  renderShock();
  renderView();
  renderForecasts();
  renderEnd();
  const fan = mountFanPanel(fanEl, { shocks: true });
  const offs = [
    on("debrief", renderHostDebrief),
    on("meta", () => {
      renderAll(state.meta);
      const keyShown = !state.conn?.saved.hostKey || joinEl.querySelector("#host-elsewhere");
      if (!joinEl.querySelector(".qr") || !joinEl.textContent?.includes(state.meta?.code ?? "") || !keyShown) renderJoin();
    }),
    on("view", () => {
      const hadCatalogue = shockEl.querySelector("option") !== null;
      renderView();
      // a seat's distress is in the view's last quarter, which may arrive after the room's meta
      renderSeats();
      if (!hadCatalogue) renderShock();
      renderEnd();
      fan.update();
    }),
  ];
  // every timer on every screen ticks
  const tick = setInterval(renderTimerLine, 500);
  const keyCheck = setTimeout(() => {
    if (!state.conn?.hosting && !me()?.cohost && !me()?.host)
      pushNotice("This browser does not hold the host key for this game: host commands will be refused.", true);
  }, 3000);
  return () => {
    for (const off of offs) off();
    clearInterval(tick);
    clearTimeout(keyCheck);
    world.destroy();
    destroyCharts();
    fan.destroy();
  };
}
