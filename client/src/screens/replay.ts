/**
 * Replay: re-simulates a game log in the browser with the shared engine (replay-sim.ts) and
 * lets the viewer scrub through the quarters.
 */

import { destroyCharts, renderCharts } from "../charts.ts";
import { append, clear, h } from "../dom.ts";
import { http, loadSaved } from "../net.ts";
import { renderNews, renderRanking } from "../panels.ts";
import { type ReplayData, simulateLog } from "../replay-sim.ts";
import { mountWorld, type WorldPanel } from "../world/panel.ts";

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
        "Open a game log (the host's download, or ",
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
      renderRanking(rankEl, f.view, []);
      void renderCharts(chartsEl, f.view);
      cur = i;
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
    if (saved?.hostKey) {
      status.textContent = `Downloading the log of ${code}…`;
      http
        .log(code, saved.hostKey)
        .then(load)
        .catch((e: unknown) => {
          status.className = "result bad";
          status.textContent = `✗ Could not download the log of ${code}: ${e instanceof Error ? e.message : String(e)}`;
        });
    } else status.textContent = `Only the host can download the log of ${code}; ask them for the file and open it here.`;
  }

  return () => {
    if (timer) clearInterval(timer);
    world?.destroy();
    destroyCharts();
  };
}
