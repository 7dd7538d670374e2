/** The world view panel: the Phaser canvas (lazy), its legend, a text alternative and the playback controls. */
import type { PlayerView } from "../../../shared/index.ts";
import { ROLE_STYLE } from "../../presenters/roles.ts";
import { type WorldModel, worldModel } from "../../presenters/world.ts";
import { announce, clear, h, prefersReducedMotion } from "../dom.ts";
import type { WorldHandle } from "./scene.ts";

export interface WorldPanel {
  update(view: PlayerView, prev: PlayerView | null): void;
  destroy(): void;
}

declare global {
  interface Window {
    __cc?: { world?: WorldHandle; lastPlayback?: { fpsSamples: number[] }; replayPlayback?: () => Promise<number[]> };
  }
}

export function mountWorld(el: HTMLElement, title = "The AI economy", opts: { big?: boolean } = {}): WorldPanel {
  clear(el);
  const canvasBox = h("div.world-wrap", {
    id: "world-canvas",
    role: "img",
    "aria-label": "Supply-chain map; the list below describes it in words",
  });
  const caption = h("div.caption", { id: "world-caption", "aria-live": "polite" });
  const skip = h("button", { type: "button", id: "skip-playback", hidden: true }, "Skip playback");
  const alt = h("ul.hint", { id: "world-alt", style: "margin:.3rem 0;padding-left:1.1rem" });
  const legend = h(
    "div.legend",
    { "aria-label": "Legend" },
    (["chipmaker", "hyperscaler", "lab", "enterprise", "foundry"] as const).map((k) =>
      h(
        "span",
        {},
        h("span.glyph", { style: `color:${ROLE_STYLE[k].colour}`, "aria-hidden": "true" }, ROLE_STYLE[k].glyph),
        ROLE_STYLE[k].label,
      ),
    ),
    h("span", {}, "size = revenue · ring = health · ⚡ = shock · dashed yellow ring = you"),
  );
  const flows = h("div.legend", { id: "flow-legend" });
  el.append(
    h("div.row", {}, h("h2", { style: "flex:1" }, title), skip),
    canvasBox,
    caption,
    legend,
    flows,
    h("details", {}, h("summary", {}, "The map in words"), alt),
  );
  let handle: WorldHandle | null = null;
  let destroyed = false;
  let pending: { model: WorldModel; from: WorldModel | null } | null = null;
  const reduced = prefersReducedMotion();

  const play = (model: WorldModel, from: WorldModel | null) => {
    if (!handle) {
      pending = { model, from };
      return;
    }
    const animate = from !== null && !reduced;
    skip.hidden = !animate;
    caption.textContent = animate ? `Playing back ${model.quarterLabel}…` : model.summary[0] ? model.summary[0] : `${model.quarterLabel}`;
    const samples: number[] = [];
    window.__cc = { ...(window.__cc ?? {}), world: handle, lastPlayback: { fpsSamples: samples } };
    const sampler = animate ? setInterval(() => handle && samples.push(handle.fps()), 250) : null;
    handle.show(model, animate ? from : null, () => {
      if (sampler) clearInterval(sampler);
      skip.hidden = true;
      caption.textContent = model.summary[0] ?? model.quarterLabel;
      if (animate) announce(`Playback of ${model.quarterLabel} finished`);
    });
  };

  skip.addEventListener("click", () => {
    handle?.skip();
    skip.hidden = true;
  });

  import("./scene.ts")
    .then(({ createWorld }) => {
      if (destroyed) return;
      handle = createWorld(canvasBox, reduced, opts.big ? 1.6 : 1);
      window.__cc = { ...(window.__cc ?? {}), world: handle };
      if (pending) {
        const p = pending;
        pending = null;
        play(p.model, p.from);
      }
    })
    .catch((e: unknown) => {
      caption.textContent = `The map could not start (${e instanceof Error ? e.message : String(e)}); the list below describes it.`;
    });

  return {
    update(view, prev) {
      const model = worldModel(view);
      const from = prev && prev.quarter < view.quarter ? worldModel(prev) : null;
      clear(alt);
      for (const s of model.summary) alt.append(h("li", {}, s));
      for (const n of model.nodes)
        alt.append(
          h(
            "li",
            {},
            `${ROLE_STYLE[n.kind].label} ${n.label}${n.own ? " (you)" : ""}: ${n.sub}${n.stamp ? ` · ${n.stamp}` : ""}${n.shocks.length ? ` · hit by ${n.shocks.join(", ")}` : ""}`,
          ),
        );
      clear(flows);
      flows.append(...model.legend.map((l) => h("span", {}, h("span.swatch", { style: `background:${l.colour}` }), l.label)));
      el.dataset.shocks = String(model.nodes.filter((n) => n.shocks.length || n.stamp).length);
      play(model, from);
    },
    destroy() {
      destroyed = true;
      handle?.destroy();
      handle = null;
    },
  };
}
