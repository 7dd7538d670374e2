/**
 * Replay: re-simulates a game log in the browser with the shared engine (replay-sim.ts) and
 * lets the viewer scrub through the quarters: the public picture, and every seat's orders and
 * books per quarter (a finished game has nothing private left). A finished game's log comes
 * from the server for any of its members (no file needed), or from a file.
 */
import { standingsOfState } from "../../../shared/present/standings.ts";
import { roleName } from "../../presenters/books.ts";
import { describeOrder } from "../../presenters/orders.ts";

import { destroyCharts, renderCharts } from "../charts.ts";
import { append, clear, h } from "../dom.ts";
import { http, loadSaved } from "../net.ts";
import { renderBooks, renderNews, renderRanking } from "../panels.ts";
import { type ReplayData, seatView, simulateLog } from "../replay-sim.ts";
import { state } from "../store.ts";
import { mountWorld, type WorldPanel } from "../world/panel.ts";

function safeDescribe(o: Parameters<typeof describeOrder>[0], name: (id: string) => string): string {
  try {
    return describeOrder(o, name);
  } catch {
    return o.type;
  }
}

export function replayScreen(root: HTMLElement, code: string | null): () => void {
  const main = h("main.page", { id: "main", tabindex: "-1" });
  root.append(h("header.topbar", {}, h("a.brand", { href: "#/" }, "Compute Cycle"), h("span.q", {}, "Replay"), h("span.spacer")), main);
  const status = h("div.result", { id: "replay-status", role: "status", "aria-live": "polite" });
  const file = h("input", { type: "file", id: "replay-file", accept: ".json,application/json" });
  const stage = h("div", { id: "replay-stage" });
  main.append(
    h(
      "section.card",
      { "aria-labelledby": "replay-h" },
      h("h1", { id: "replay-h" }, "Replay a game"),
      h(
        "p.hint",
        {},
        "A finished game you joined opens here by itself (from its debrief). Or open a game log file (the host's download, or ",
        h("code", {}, "npm run sim -- run --out game.json"),
        "). The browser re-simulates every quarter with the same engine and checks each state hash.",
      ),
      h("label", { for: "replay-file" }, "Game log file"),
      file,
      status,
    ),
    stage,
  );
  let world: WorldPanel | null = null;
  let timer: ReturnType<typeof setInterval> | null = null;

  const load = (raw: unknown) => {
    let data: ReplayData;
    try {
      data = simulateLog(raw);
    } catch (e) {
      status.className = "result bad";
      status.textContent = `✗ ${e instanceof Error ? e.message : String(e)}`;
      return;
    }
    status.className = data.ok ? "result ok" : "result bad";
    status.textContent = data.ok
      ? `✓ Re-simulated ${data.frames.length - 1} quarters; every state hash matches the log.`
      : `✗ The re-simulation diverged at ${data.divergence}`;
    show(data);
  };

  const show = (data: ReplayData) => {
    clear(stage);
    world?.destroy();
    const n = data.frames.length - 1;
    const slider = h("input", { type: "range", id: "replay-slider", min: 0, max: n, step: 1, value: n, "aria-label": "Quarter" });
    const label = h("output", { id: "replay-label", for: "replay-slider" });
    const playBtn = h("button", { type: "button", id: "replay-play" }, "▶ Play");
    const worldEl = h("section.card", { id: "world" });
    const newsEl = h("section.card.news", { id: "news" });
    const rankEl = h("section.card", { id: "ranking" });
    const chartsEl = h("section.card", { id: "charts" });
    const seatsEl = h("section.card.replay-decisions", { id: "replay-seats", "aria-labelledby": "replay-seats-h" });
    const booksEl = h("section.card.books", { id: "replay-books" });
    let seat = data.seats[0]?.id ?? "";
    append(stage, [
      h(
        "section.card",
        { style: "margin-top:1rem" },
        h(
          "div.scrub",
          {},
          playBtn,
          h("button", { type: "button", onclick: () => step(-1), "aria-label": "Previous quarter" }, "◀"),
          slider,
          h("button", { type: "button", onclick: () => step(1), "aria-label": "Next quarter" }, "▶▶"),
          label,
        ),
      ),
      h("div.grid", { style: "margin-top:1rem" }, seatsEl, booksEl),
      h("div.grid", { style: "margin-top:1rem" }, worldEl, newsEl, rankEl, chartsEl),
    ]);
    world = mountWorld(worldEl, "The AI economy");
    let cur = -1;
    const go = (q: number) => {
      const i = Math.max(0, Math.min(n, q));
      const f = data.frames[i]!;
      const prev = i > 0 && i === cur + 1 ? data.frames[i - 1]!.view : null;
      slider.value = String(i);
      label.textContent = i === 0 ? "Start" : `${f.view.history[i - 1]?.label ?? `Q${i}`} (${i}/${n})`;
      world?.update(f.view, prev);
      renderNews(newsEl, f.view, f.events, i);
      // a finished game hides nothing: every enterprise's score is shown, from the frame's state
      renderRanking(rankEl, f.view, [], {}, standingsOfState(f.state));
      void renderCharts(chartsEl, f.view);
      cur = i;
      renderSeat();
    };
    /** The chosen seat's orders that resolved this quarter, and its books after it. */
    const renderSeat = () => {
      const i = Math.max(0, cur);
      const f = data.frames[i]!;
      const names = new Map(data.seats.map((s) => [s.id, s.name] as const));
      for (const m of f.view.models) names.set(m.id, m.name);
      const name = (id: string) => names.get(id) ?? id;
      clear(seatsEl);
      append(seatsEl, [
        h("h2", { id: "replay-seats-h" }, "Every seat's decisions and books"),
        h(
          "div.replay-seat-tabs",
          { role: "group", "aria-label": "Seat" },
          data.seats.map((s) =>
            h(
              "button",
              {
                type: "button",
                "data-seat": s.id,
                "aria-pressed": s.id === seat ? "true" : "false",
                onclick: () => {
                  seat = s.id;
                  renderSeat();
                },
              },
              s.name,
            ),
          ),
        ),
        h("h3", {}, i === 0 ? "Before the first quarter" : `${name(seat)}'s orders for ${f.view.history[i - 1]?.label ?? `quarter ${i}`}`),
        i === 0
          ? h("p.hint", {}, "Move the slider to a quarter to see the orders that resolved it.")
          : h(
              "ul",
              { id: "replay-orders" },
              (f.orders[seat] ?? []).length
                ? (f.orders[seat] ?? []).map((o) => {
                    try {
                      return h("li", {}, describeOrder(o, name));
                    } catch {
                      return h("li", {}, o.type);
                    }
                  })
                : h("li", {}, "no orders: its standing policies held"),
            ),
        h(
          "details",
          {},
          h("summary", {}, "All seats' orders this quarter"),
          h(
            "ul",
            {},
            data.seats.map((s) =>
              h(
                "li",
                {},
                h("strong", {}, s.name),
                ` (${roleName(s.role)}): `,
                i === 0 ? "–" : (f.orders[s.id] ?? []).map((o) => safeDescribe(o, name)).join("; ") || "standing policies",
              ),
            ),
          ),
        ),
      ]);
      const prev = i > 0 ? seatView(data.frames[i - 1]!, seat).own : null;
      renderBooks(booksEl, seatView(f, seat), prev, `Books of ${name(seat)}`);
    };
    const step = (d: number) => go(Number(slider.value) + d);
    slider.addEventListener("input", () => go(Number(slider.value)));
    playBtn.addEventListener("click", () => {
      if (timer) {
        clearInterval(timer);
        timer = null;
        playBtn.textContent = "▶ Play";
        return;
      }
      if (Number(slider.value) >= n) go(0);
      playBtn.textContent = "❚❚ Pause";
      timer = setInterval(() => {
        if (Number(slider.value) >= n) {
          if (timer) clearInterval(timer);
          timer = null;
          playBtn.textContent = "▶ Play";
          return;
        }
        step(1);
      }, 3000);
    });
    go(n);
  };

  file.addEventListener("change", async () => {
    const f = file.files?.[0];
    if (!f) return;
    status.textContent = "Re-simulating…";
    try {
      load(JSON.parse(await f.text()));
    } catch (e) {
      status.className = "result bad";
      status.textContent = `✗ Could not read ${f.name}: ${e instanceof Error ? e.message : String(e)}`;
    }
  });

  if (code) {
    const saved = loadSaved(code);
    const fetched = state.finishedLog?.code.toUpperCase() === code ? state.finishedLog.log : null;
    if (fetched) load(fetched);
    else if (saved?.hostKey || saved?.rejoin) {
      status.textContent = `Downloading the log of ${code}…`;
      (saved.hostKey ? http.log(code, saved.hostKey) : http.memberLog(code, saved.rejoin)).then(load).catch((e: unknown) => {
        status.className = "result bad";
        status.textContent = `✗ Could not download the log of ${code}: ${e instanceof Error ? e.message : String(e)}`;
      });
    } else status.textContent = `This browser has not joined ${code}: join the game to replay it, or open its log file here.`;
  }

  return () => {
    if (timer) clearInterval(timer);
    world?.destroy();
    destroyCharts();
  };
}
