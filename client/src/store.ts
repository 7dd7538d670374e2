/** The app's one store: what the screens render from. */
import type {
  ActorState,
  BotSummaryMessage,
  DraftMessage,
  ForecastsMessage,
  GameEvent,
  PlayerView,
  ResolveCause,
} from "../../shared/index.ts";
import type { Debrief } from "../../shared/present/debrief.ts";
import type { RoomMeta } from "../presenters/meta.ts";
import type { Connection } from "./net.ts";

export type ConnStatus = "idle" | "connecting" | "connected" | "reconnecting" | "rejoined" | "lost";

export interface AppState {
  conn: Connection | null;
  status: ConnStatus;
  statusDetail: string;
  meta: RoomMeta | null;
  view: PlayerView | null;
  /** events of the latest resolution */
  events: GameEvent[];
  /** all events seen this session (for the news archive and end screen) */
  allEvents: GameEvent[];
  /** the seat's own state one quarter before the current view */
  prevOwn: ActorState | null;
  /** the previous view, for the playback from → to */
  prevView: PlayerView | null;
  notices: { text: string; error: boolean; at: number; kind?: string }[];
  /** the seat's shared draft for the quarter being decided */
  draft: DraftMessage | null;
  /** what a bot decided while this member was away (until dismissed) */
  botSummary: BotSummaryMessage | null;
  /** the latest resolution this client saw happen (not a view on join): the resolution moment */
  resolution: { quarter: number; cause: ResolveCause; at: number } | null;
  /** this member's forecasts and their scores */
  forecasts: ForecastsMessage | null;
  /** the finished game's log as the server sent it (for the debrief and the replay) */
  finishedLog: { code: string; log: unknown } | null;
  /** the debrief built from it, or why it could not be */
  debrief: Debrief | null;
  debriefStatus: "none" | "loading" | "ready" | "failed";
  debriefError: string;
}

export const state: AppState = {
  conn: null,
  status: "idle",
  statusDetail: "",
  meta: null,
  view: null,
  events: [],
  allEvents: [],
  prevOwn: null,
  prevView: null,
  notices: [],
  draft: null,
  botSummary: null,
  resolution: null,
  forecasts: null,
  finishedLog: null,
  debrief: null,
  debriefStatus: "none",
  debriefError: "",
};

type Topic = "meta" | "view" | "status" | "notice" | "draft" | "bot" | "forecasts" | "debrief";
const subs = new Map<Topic, Set<() => void>>();

export function on(topic: Topic, fn: () => void): () => void {
  let s = subs.get(topic);
  if (!s) {
    s = new Set();
    subs.set(topic, s);
  }
  s.add(fn);
  return () => s.delete(fn);
}

export function emit(topic: Topic): void {
  for (const fn of subs.get(topic) ?? []) fn();
}

export function clearSubs(): void {
  subs.clear();
}

export function resetGame(): void {
  state.meta = null;
  state.view = null;
  state.events = [];
  state.allEvents = [];
  state.prevOwn = null;
  state.prevView = null;
  state.notices = [];
  state.draft = null;
  state.botSummary = null;
  state.resolution = null;
  state.forecasts = null;
  state.debrief = null;
  state.debriefStatus = "none";
  state.debriefError = "";
  state.status = "idle";
  state.statusDetail = "";
}

/**
 * Kinds of notice that say where something stands now (the quarter's clock and how it resolved,
 * the seat the player holds): a newer one replaces those before it, so quarters resolved in quick
 * succession leave one line, not a stack.
 */
const LATEST_ONLY: ReadonlySet<string> = new Set(["timer", "seat"]);

export function pushNotice(text: string, error = false, kind?: string): void {
  if (kind && LATEST_ONLY.has(kind)) state.notices = state.notices.filter((n) => n.kind !== kind);
  state.notices.push({ text, error, at: Date.now(), ...(kind ? { kind } : {}) });
  if (state.notices.length > 5) state.notices.shift();
  emit("notice");
}
