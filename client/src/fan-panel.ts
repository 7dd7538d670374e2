/**
 * "What if?": forks the game as it stands into seeded futures on the server (the `fork`
 * request) and draws the fan of a figure, with its table; the host may preview a shock's
 * impact on the same futures before injecting it. The host's console shows it during the game,
 * every member's screen once the game has ended.
 */
import type { ForkFanData } from "../../shared/index.ts";
import { type FanFigure, fanChartModel, fanFigures } from "../presenters/fan.ts";
import { renderChart } from "./charts.ts";
import { announce, append, clear, h } from "./dom.ts";
import { state } from "./store.ts";

export interface FanPanel {
  /** re-reads the view (figures, shocks) without losing what was chosen or drawn */
  update(): void;
  destroy(): void;
}

export function mountFanPanel(el: HTMLElement, opts: { shocks: boolean }): FanPanel {
  const status = h("div.result", { id: "fan-status", role: "status", "aria-live": "polite" });
  const out = h("div", { id: "fan-out" });
  const form = h("div", { id: "fan-form" });
  let figures: FanFigure[] = [];
  let destroyPlot: (() => void) | null = null;
  let busy = false;
  /** the member picked a quarter to fork after: keep it; otherwise follow the game */
  let fromPicked = false;

  const selected = (id: string): string => (document.getElementById(id) as HTMLSelectElement | HTMLInputElement | null)?.value ?? "";

  const run = async () => {
    const conn = state.conn;
    const view = state.view;
    if (!conn || !view) return;
    const figure = figures.find((f) => f.id === selected("fan-metric"));
    if (!figure) return;
    const runs = Math.round(Number(selected("fan-runs")) || 100);
    const shock = opts.shocks ? selected("fan-shock") : "";
    const from = Number(selected("fan-from"));
    busy = true;
    render();
    status.className = "result";
    status.textContent = `Playing ${runs} futures${shock ? " twice (with and without the shock)" : ""}…`;
    const r = await conn.fork(figure.id, runs, shock || undefined, Number.isInteger(from) ? from : undefined);
    busy = false;
    render();
    if (!r.ok) {
      status.className = r.code === "cancelled" ? "result" : "result bad";
      status.textContent = r.code === "cancelled" ? "Cancelled." : `✗ ${r.message}`;
      announce(status.textContent);
      return;
    }
    const data = r.data as unknown as ForkFanData;
    const shockTitle = view.catalogue.find((c) => c.id === data.shock)?.title;
    destroyPlot?.();
    clear(out);
    destroyPlot = await renderChart(out, fanChartModel(data, figure, view.scenarioId, shockTitle));
    status.className = "result ok";
    status.textContent = `✓ ${data.runs} futures from ${data.quarters[data.from - 1] ?? "the start"} in ${data.seconds.toFixed(1)} s`;
    announce(status.textContent);
  };

  const render = () => {
    const view = state.view;
    const keep = { metric: selected("fan-metric"), runs: selected("fan-runs"), shock: selected("fan-shock"), from: selected("fan-from") };
    clear(form);
    if (!view) return;
    figures = fanFigures(view, state.conn?.seat ?? null);
    const groups = [...new Set(figures.map((f) => f.group))];
    const metric = h(
      "select",
      { id: "fan-metric", disabled: busy },
      groups.map((g) =>
        h(
          "optgroup",
          { label: g },
          figures.filter((f) => f.group === g).map((f) => h("option", { value: f.id }, f.label)),
        ),
      ),
    );
    if (keep.metric && figures.some((f) => f.id === keep.metric)) (metric as HTMLSelectElement).value = keep.metric;
    const runs = h("input", { id: "fan-runs", type: "number", min: 10, max: 400, step: 10, value: keep.runs || "100", disabled: busy });
    const shock = opts.shocks
      ? h(
          "select",
          { id: "fan-shock", disabled: busy },
          h("option", { value: "" }, "No shock"),
          view.catalogue.map((c) => h("option", { value: c.id }, c.title)),
        )
      : null;
    if (shock && keep.shock) (shock as HTMLSelectElement).value = keep.shock;
    // fork after any played quarter with one left to play; by default the last such
    const last = Math.min(view.quarter, view.quarters - 1);
    const fromSel = h(
      "select",
      {
        id: "fan-from",
        disabled: busy,
        onchange: () => {
          fromPicked = true;
        },
      },
      Array.from({ length: last + 1 }, (_, q) =>
        h(
          "option",
          { value: String(q) },
          q === 0 ? "the start" : `${view.history[q - 1]?.label ?? `quarter ${q}`}${q === view.quarter ? " (now)" : ""}`,
        ),
      ),
    ) as HTMLSelectElement;
    fromSel.value = fromPicked && keep.from && Number(keep.from) <= last ? keep.from : String(last);
    append(form, [
      h("div.field", {}, h("label", { for: "fan-metric" }, "Figure"), metric),
      h("div.field", {}, h("label", { for: "fan-from" }, "Fork after"), fromSel),
      h("div.field", {}, h("label", { for: "fan-runs" }, "Futures (10–400)"), runs),
      shock ? h("div.field", {}, h("label", { for: "fan-shock" }, "Compare with a shock the quarter after"), shock) : null,
      h(
        "div.row",
        {},
        h("button.primary", { type: "button", id: "fan-run", disabled: busy, onclick: () => void run() }, "Fork the game"),
        busy
          ? h(
              "button",
              {
                type: "button",
                id: "fan-cancel",
                onclick: () => void state.conn?.cancelFork(),
              },
              "Cancel",
            )
          : null,
      ),
    ]);
  };

  clear(el);
  el.append(
    h("h2", { id: "fan-h" }, "What if? A fan of futures"),
    h(
      "p.hint",
      {},
      "Plays the game on from the last quarter many times on the server, bots in every seat, and shows the middle 80% of a figure. Quarters never wait for it.",
    ),
    form,
    status,
    out,
  );
  render();
  return {
    update: () => {
      if (!busy) render();
    },
    destroy: () => {
      destroyPlot?.();
      destroyPlot = null;
    },
  };
}
