/** Hash routes and the connection handlers that feed the store. */
import { eventKey } from "../../shared/present/news.ts";
import type { ConnHandlers } from "./net.ts";
import { emit, pushNotice, state } from "./store.ts";

export type Route =
  | { name: "landing"; code?: string }
  | { name: "game"; code: string; mode: "play" | "watch" | "host" | "projector"; hostKey?: string }
  | { name: "replay"; code: string | null };

export function parseRoute(hash: string): Route {
  const [path = "", query = ""] = hash.replace(/^#\/?/, "").split("?");
  const parts = path.split("/").filter(Boolean);
  if (parts[0] === "g" && parts[1]) {
    const mode = parts[2] === "watch" || parts[2] === "host" || parts[2] === "projector" ? parts[2] : "play";
    // the host console's link for another device carries the host key (#/g/CODE/host?key=…)
    const hostKey = mode === "host" ? (new URLSearchParams(query).get("key") ?? "") : "";
    return { name: "game", code: parts[1].toUpperCase(), mode, ...(hostKey ? { hostKey } : {}) };
  }
  if (parts[0] === "replay") return { name: "replay", code: parts[1]?.toUpperCase() ?? null };
  // the projector's QR code: the landing page with the join code filled in
  if (parts[0] === "j" && parts[1]) return { name: "landing", code: parts[1].toUpperCase() };
  return { name: "landing" };
}

let render: () => void = () => {};
export function setRenderer(fn: () => void): void {
  render = fn;
}

export function go(hash: string): void {
  if (location.hash === hash) render();
  else location.hash = hash;
}

export function handlers(): ConnHandlers {
  return {
    onAttach(conn) {
      state.conn = conn;
    },
    onMeta(meta) {
      state.meta = meta;
      emit("meta");
    },
    onView(p) {
      const prev = state.view;
      if (prev && p.view.quarter > prev.quarter) {
        state.prevOwn = prev.own;
        state.prevView = prev;
      } else if (!prev) {
        state.prevView = null;
      }
      if (p.reason === "resolved" && (!prev || p.view.quarter > prev.quarter))
        state.resolution = { quarter: p.view.quarter, cause: p.cause ?? "unknown", at: Date.now() };
      // a new quarter starts with an empty draft (the server sends the next one when it changes)
      if (state.draft && state.draft.quarter !== p.view.quarter + 1) state.draft = null;
      state.view = p.view;
      state.events = p.events ?? [];
      for (const e of state.events) {
        if (!state.allEvents.some((x) => eventKey(x) === eventKey(e))) state.allEvents.push(e);
      }
      emit("view");
    },
    onNotice(text, kind) {
      pushNotice(text, kind === "failed", kind);
    },
    onDraft(d) {
      state.draft = d;
      emit("draft");
    },
    onForecasts(f) {
      state.forecasts = f;
      emit("forecasts");
    },
    onBotSummary(b) {
      state.botSummary = b;
      emit("bot");
    },
    onStatus(status, detail) {
      state.status = status;
      state.statusDetail = detail ?? "";
      if (status === "rejoined") pushNotice(`Rejoined your ${state.conn?.seat ? "seat" : "game"} ${detail ?? "after the page reloaded"}.`);
      if (status === "lost") pushNotice(`Connection lost: ${detail ?? ""}. Reload the page to rejoin.`, true);
      emit("status");
    },
  };
}
