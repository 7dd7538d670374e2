/**
 * Projector mode: big type and the public picture only — the supply-chain map, the market
 * indicators, the news headlines, the join code and who has submitted. No seat's books, even
 * when the host also plays a seat.
 */
import type { PlayerView } from "../../../shared/index.ts";
import type { RoomMeta } from "../../presenters/meta.ts";
import { indicatorsModel, projectorNews, publicPicture, submissionsModel } from "../../presenters/projector.ts";
import { clear, h } from "../dom.ts";
import { joinQr } from "../qr.ts";
import { state } from "../store.ts";
import { mountWorld } from "../world/panel.ts";

export interface ProjectorPanel {
  view(view: PlayerView): void;
  meta(meta: RoomMeta | null): void;
  destroy(): void;
}

export function mountProjector(main: HTMLElement, code: string): ProjectorPanel {
  const join = h("section.card.pj-join", { id: "pj-join", "aria-labelledby": "pj-join-h" });
  const subs = h("section.card.pj-subs", { id: "pj-submitted", "aria-labelledby": "pj-subs-h" });
  const news = h("section.card.pj-news", { id: "news", "aria-labelledby": "news-h" });
  const ind = h("section.card.pj-ind", { id: "pj-indicators", "aria-labelledby": "pj-ind-h" });
  const worldEl = h("section.card.pj-world", { id: "world", "aria-labelledby": "world-h" });
  main.append(h("div.pj", {}, worldEl, ind, h("div.pj-side", {}, join, subs, news)));
  const world = mountWorld(worldEl, "The AI economy", { big: true });
  let lastQ = -1;

  let joinFor = "";
  const renderJoin = (meta: RoomMeta | null) => {
    // the QR code is drawn once per code, not on every change of the room
    if (joinFor === (meta?.code || code)) return;
    joinFor = meta?.code || code;
    clear(join);
    const c = meta?.code || code;
    join.append(
      h("h2", { id: "pj-join-h" }, "Join at ", h("span.pj-host", {}, location.host)),
      h(
        "div.pj-joinrow",
        {},
        h(
          "div.joincode",
          { id: "pj-code", "aria-label": `Join code ${c.split("").join(" ")}` },
          c.length === 6 ? `${c.slice(0, 3)} ${c.slice(3)}` : c,
        ),
        c ? joinQr(c, "pj-qr") : null,
      ),
    );
  };

  const renderSubs = (meta: RoomMeta | null) => {
    clear(subs);
    const m = submissionsModel(meta);
    subs.append(h("h2", { id: "pj-subs-h" }, "Orders in"), h("p.pj-headline", { id: "pj-subs-headline" }, m.headline));
    const humans = m.rows.filter((r) => r.state !== "bot" || r.who.startsWith("bot playing for"));
    const bots = m.rows.filter((r) => r.state === "bot" && !r.who.startsWith("bot playing for"));
    subs.append(
      h(
        "ul.pj-seats",
        {},
        humans.map((r) =>
          h(
            "li",
            { class: r.state, "data-seat": r.id },
            h("span.glyph", { style: `color:${r.colour}`, "aria-hidden": "true" }, r.glyph),
            h("span.pj-name", {}, r.name, r.who ? h("span.pj-who", {}, ` · ${r.who}`) : null),
            h("span.pj-state", {}, r.text),
          ),
        ),
      ),
    );
    if (bots.length) subs.append(h("p.hint", {}, `Bots play ${bots.map((b) => b.name).join(", ")}.`));
  };

  const renderNewsList = (view: PlayerView) => {
    clear(news);
    const m = projectorNews(view, state.allEvents);
    news.append(h("h2", { id: "news-h" }, m.title));
    if (m.inForce.length) news.append(h("p.pj-inforce", {}, "In force: ", h("strong", {}, m.inForce.join(" · "))));
    if (!m.items.length)
      news.append(h("p.hint", {}, view.quarter === 0 ? "News appears when the first quarter resolves." : "A quiet quarter."));
    else
      news.append(
        h(
          "ol",
          {},
          m.items.map((i) =>
            h("li", { class: i.kind, "data-kind": i.kind }, h("span.icon", { "aria-hidden": "true" }, i.icon), i.headline),
          ),
        ),
      );
  };

  const renderInd = (view: PlayerView) => {
    clear(ind);
    const last = view.history[view.history.length - 1];
    ind.append(
      h("h2", { id: "pj-ind-h" }, last ? `Market · ${last.label}` : "Market · before the first quarter"),
      h(
        "dl.pj-tiles",
        {},
        indicatorsModel(view).map((i) =>
          h(
            "div.pj-tile",
            { "data-ind": i.id },
            h("dt", { title: i.note ?? null }, i.label),
            h("dd.pj-value", { "aria-label": i.value }, i.figure, i.unit ? h("span.pj-unit", {}, ` ${i.unit}`) : null),
            h(
              "dd.pj-delta",
              { class: i.delta ? `d-${i.delta.sign}` : "d-flat" },
              i.delta ? h("span", { "aria-label": i.delta.aria }, i.delta.text) : "–",
            ),
          ),
        ),
      ),
    );
  };

  renderJoin(state.meta);
  renderSubs(state.meta);
  return {
    view(v) {
      const pub = publicPicture(v);
      if (v.quarter !== lastQ) {
        world.update(pub, state.prevView ? publicPicture(state.prevView) : null);
        renderInd(pub);
        lastQ = v.quarter;
      }
      renderNewsList(pub);
    },
    meta(m) {
      renderJoin(m);
      renderSubs(m);
    },
    destroy() {
      world.destroy();
    },
  };
}
