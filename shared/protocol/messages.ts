/**
 * Wire messages between a Colyseus client and a game room, both directions.
 * Client → server messages are requests (`room.send(type, payload, callback)`): the server
 * answers each with a Reply, so a bad message is answered, never silently dropped and never
 * a reason to disconnect the client. docs/protocol.md documents each one with an example.
 */
import { z } from "zod";
import type { GameEvent } from "../engine/events.ts";
import type { PlayerView } from "../engine/player-view.ts";
import { ORDERS_MAX, OrderListSchema } from "../orders/index.ts";
import { GameQuarters } from "../scenario/schema.ts";
import { FORECAST_TARGET_IDS, type ForecastRecord, ForecastSchema, type ForecastTarget, type ScoredForecast } from "../sim/forecasts.ts";
import {
  applyPatch,
  type DiffMemo,
  diffFields,
  diffValue,
  PatchError,
  type PatchOp,
  packRows,
  packShapes,
  UNCHANGED,
  unpackRows,
} from "./view-patch.ts";

export const PROTOCOL_VERSION = 2;

/** Client sequence number: strictly increasing per client, used to de-duplicate resubmissions. */
const Seq = z.number().int().min(0).max(2147483648);
const SeatId = z.string().min(1).max(40);

/** A merge key (mergeKeyOf in shared/orders/index.ts), e.g. "lab/setPrices:frontier". */
const MergeKey = z.string().min(1).max(120);

/**
 * Submit orders to this seat's shared draft for a quarter: each order replaces the seat's
 * pending orders under the same merge key (the last to submit wins), pending orders under
 * other keys stand, and `remove` takes keys out. Marks the seat as submitted.
 */
export const SubmitMessageSchema = z.strictObject({
  seq: Seq,
  /** the quarter the orders are for (1-based; the quarter about to resolve) */
  quarter: z.number().int().min(1).max(200),
  orders: OrderListSchema,
  /** merge keys of pending orders to take out (an explicit removal, shown to the team like an edit) */
  remove: z.array(MergeKey).max(ORDERS_MAX).default([]),
});
export type SubmitMessage = z.infer<typeof SubmitMessageSchema>;

/**
 * What this member is editing and has not submitted yet (sent as it changes, a few times a
 * second at most): shown live to the seat's team, never logged, never resolved.
 */
export const DraftEditMessageSchema = z.strictObject({
  seq: Seq,
  quarter: z.number().int().min(1).max(200),
  orders: OrderListSchema,
  remove: z.array(MergeKey).max(ORDERS_MAX).default([]),
});
export type DraftEditMessage = z.infer<typeof DraftEditMessageSchema>;

/** Take a free seat, join a seat's team, or (seat: null) leave your seat and spectate. */
export const ClaimSeatMessageSchema = z.strictObject({ seq: Seq, seat: SeatId.nullable() });

/**
 * A forecast of one of the figures the host chose (`forecastTargets` in the room state) for the
 * quarter being decided: a median and an 80% interval, or probabilities of up, flat and down.
 * A later forecast of the same figure for the same quarter replaces the member's earlier one.
 */
export const ForecastMessageSchema = z.strictObject({
  seq: Seq,
  /** the quarter being decided (the figure is read when it resolves) */
  quarter: z.number().int().min(1).max(200),
  forecast: ForecastSchema,
});
export type ForecastMessage = z.infer<typeof ForecastMessageSchema>;

/** Asks for the finished game's log (format 2, as `readLog` reads it): every member may, once the game has ended. */
export const LogRequestSchema = z.strictObject({ seq: Seq });

/** Continuations a what-if fan plays, at most (each plays the game's remaining quarters with bots). */
export const FORK_MAX_RUNS = 400;
/**
 * A what-if fan of the game: `runs` seeded continuations from the last resolved quarter (or
 * an earlier one, `from`), bots in every seat, and a metric's p10 / p50 / p90 per quarter. With `shock`, the
 * impact preview: the same continuations again with that catalogue shock firing next quarter.
 * The host (or a co-host) may ask during the game, every member after it; a player may also fan
 * its own seat's private figures. `cancel: true` drops the member's fan in progress. A member's
 * new request replaces its fan in progress (that one is answered `cancelled`).
 */
export const ForkRequestSchema = z.union([
  z.strictObject({
    seq: Seq,
    /** a metric id (`npm run sim -- list`), e.g. gpuHourPrice or actor.helix.revenue */
    metric: z.string().min(1).max(80),
    runs: z.number().int().min(10).max(FORK_MAX_RUNS).default(100),
    shock: z.string().min(1).max(40).optional(),
    /** fork after this quarter (0: the start; default: the last resolved one) */
    from: z.number().int().min(0).max(200).optional(),
  }),
  z.strictObject({ seq: Seq, cancel: z.literal(true) }),
]);
export type ForkRequest = z.infer<typeof ForkRequestSchema>;
/** p10 / p50 / p90 of a metric per quarter (null where undefined). */
export interface FanBand {
  p10: (number | null)[];
  p50: (number | null)[];
  p90: (number | null)[];
}
/** The data of a fork request's reply. */
export interface ForkFanData {
  metric: string;
  /** the quarter forked after: continuations differ from the next one on */
  from: number;
  runs: number;
  /** every quarter of the game, played ones first (the same in every continuation) */
  quarters: string[];
  fan: FanBand;
  /** the impact preview: the shock's id, and the fan with it (same seeds) */
  shock?: string;
  shocked?: FanBand;
  /** seconds the server took, queue included */
  seconds: number;
}

/** The debrief's sections, in the order the host steps through them on the projector. */
export const DEBRIEF_SECTIONS = ["ranking", "timeline", "pnl", "forecasts", "discussion"] as const;
export type DebriefSection = (typeof DEBRIEF_SECTIONS)[number];

/** Bounds of a quarter's timer in seconds: 0 is no timer; a running timer the host sets is at least TIMER_MIN_SECONDS. */
export const TIMER_MAX_SECONDS = 3600;
export const TIMER_MIN_SECONDS = 10;
/** A turn length: 0 (no timer) or TIMER_MIN_SECONDS..TIMER_MAX_SECONDS. */
const TurnSeconds = z
  .number()
  .int()
  .max(TIMER_MAX_SECONDS)
  .refine((x) => x === 0 || x >= TIMER_MIN_SECONDS, `0 (no timer) or at least ${TIMER_MIN_SECONDS}`);

export const HostActionSchema = z.discriminatedUnion("action", [
  z.strictObject({ action: z.literal("start") }),
  z.strictObject({ action: z.literal("pause") }),
  z.strictObject({ action: z.literal("resume") }),
  /** the turn length from the next quarter on (0 = no timer); the running quarter keeps its time */
  z.strictObject({ action: z.literal("setTurnLength"), seconds: TurnSeconds }),
  /** time added to (negative: taken from) this quarter only; a quarter without a timer gets one */
  z.strictObject({ action: z.literal("addTime"), seconds: z.number().int().min(-TIMER_MAX_SECONDS).max(TIMER_MAX_SECONDS) }),
  /** the older command: the turn length from now on AND this quarter's timer restarted at it (both at once) */
  z.strictObject({ action: z.literal("setTimer"), seconds: TurnSeconds }),
  /** older name of addTime */
  z.strictObject({ action: z.literal("extendTimer"), seconds: z.number().int().min(-TIMER_MAX_SECONDS).max(TIMER_MAX_SECONDS) }),
  z.strictObject({ action: z.literal("resolveNow") }),
  /** rehearsal games: resolve this many quarters in a row (seats without orders: their bots) */
  z.strictObject({ action: z.literal("fastForward"), quarters: z.number().int().min(1).max(24) }),
  z.strictObject({
    action: z.literal("injectShock"),
    shock: z.string().min(1).max(40),
    params: z.record(z.string().max(60), z.union([z.number(), z.string().max(40), z.boolean()])).default({}),
  }),
  z.strictObject({ action: z.literal("assignSeat"), seat: SeatId, player: z.string().min(1).max(64) }),
  /** moves a member (by memberId) to a seat, or to the spectators (seat: null), past locks and team caps */
  z.strictObject({ action: z.literal("moveMember"), member: z.string().min(1).max(64), seat: SeatId.nullable() }),
  z.strictObject({ action: z.literal("freeSeat"), seat: SeatId }),
  /** locked seats: nobody takes or leaves them by themselves; the host still moves people */
  z.strictObject({ action: z.literal("lockSeats"), seats: z.union([z.literal("all"), z.array(SeatId).max(64)]), locked: z.boolean() }),
  /** the most members per seat (0 = no cap); people already seated stay */
  z.strictObject({ action: z.literal("teamCap"), max: z.number().int().min(0).max(64) }),
  /** gives (or takes back) the host's controls to a member, e.g. a teaching assistant (host only) */
  z.strictObject({ action: z.literal("cohost"), member: z.string().min(1).max(64), on: z.boolean() }),
  z.strictObject({ action: z.literal("end") }),
  /** the market figures players forecast each quarter (none: no forecasts); in the lobby or during play */
  z.strictObject({
    action: z.literal("forecastTargets"),
    targets: z
      .array(z.enum(FORECAST_TARGET_IDS as [ForecastTarget, ...ForecastTarget[]]))
      .max(2)
      .refine((t) => new Set(t).size === t.length, "each figure once"),
  }),
  /** after the end: the debrief section the projector shows */
  z.strictObject({ action: z.literal("debriefSection"), section: z.enum(DEBRIEF_SECTIONS) }),
  /** deletes the game and its log for good; everyone is disconnected (host only) */
  z.strictObject({ action: z.literal("delete") }),
]);
export type HostAction = z.infer<typeof HostActionSchema>;
/**
 * A host command. `hostKey` may be left out by a member who joined with the host key (or
 * created the game) and by a co-host: the connection already says who they are.
 */
export const HostMessageSchema = z.strictObject({ seq: Seq, hostKey: z.string().min(1).max(128).optional(), command: HostActionSchema });

/** The server's answer to every request. */
export type Reply =
  | { ok: true; seq: number; duplicate?: boolean; data?: Record<string, unknown> }
  | {
      ok: false;
      seq: number | null;
      code: ErrorCode;
      message: string;
      rejections?: { index: number; type: string; code: string; message: string }[];
    };

export const ERROR_CODES = [
  "bad_message",
  "unknown_type",
  "not_member",
  "stale_seq",
  "server_error",
  "wrong_quarter",
  "not_your_seat",
  "seat_taken",
  "unknown_seat",
  "not_host",
  "bad_phase",
  "orders_rejected",
  "unknown_shock",
  "rate_limited",
  "too_large",
  "game_over",
  "seat_locked",
  "team_full",
  "seat_failed",
  "game_running",
  "cancelled",
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** Message type names, client → server. */
export const CLIENT_MESSAGES = {
  submit: "submit",
  draft: "draft",
  claimSeat: "claimSeat",
  host: "host",
  resync: "resync",
  forecast: "forecast",
  log: "log",
  fork: "fork",
} as const;
/**
 * Message type names, server → client.
 * - `welcome`: once per join/rejoin: who you are (memberId, seat, rejoin token, host key for the creator).
 * - `view`: a PlayerView (in full, or a patch of the previous one) and the quarter's events, after
 *   each resolution, on join/rejoin/resync, and when the view changed between resolutions.
 * - `notice`: something happened that concerns you (a teammate submitted, a seat changed, you were moved…).
 * - `reply`: the Reply to a message sent fire-and-forget (requests get their Reply as the response instead).
 * - `draft`: your seat's shared draft (pending orders, who set them, what mates are editing), whenever it changes.
 * - `botSummary`: on your return, what a bot decided for your seat while you were away.
 * - `forecasts`: your own forecasts and, once their quarter resolved, their scores: on join, after you forecast, after each resolution.
 */
export const SERVER_MESSAGES = {
  welcome: "welcome",
  view: "view",
  notice: "notice",
  reply: "reply",
  draft: "draft",
  botSummary: "botSummary",
  forecasts: "forecasts",
} as const;

/** Ask the server to send this client's current `view` again (e.g. after a reconnection). */
export const ResyncMessageSchema = z.strictObject({ seq: Seq });

/** The longest display name a player or host may give. */
export const NAME_MAX = 32;

/** Options of `client.create("game", options)`: the creator becomes the host. */
export const CreateOptionsSchema = z.strictObject({
  /** the host's display name */
  name: z.string().trim().min(1).max(NAME_MAX).default("Host"),
  scenario: z.string().min(1).max(40).default("classroom"),
  /** game length in quarters (overrides the scenario's) */
  quarters: GameQuarters.optional(),
  /** seconds per quarter; 0 = no timer (resolve when all seats have submitted or the host says so) */
  turnSeconds: z.number().int().min(0).max(TIMER_MAX_SECONDS).default(120),
  /** bots play seats nobody has taken */
  bots: z.boolean().default(true),
  /** what a human seat that did not submit in time does: keep its standing orders, or let the bot play */
  idle: z.enum(["standing", "bot"]).default("standing"),
  /** resolve as soon as every seat has submitted (false: only on the timer or the host's resolveNow) */
  waitForAll: z.boolean().default(true),
  /** listed in GET /api/games for quick-join */
  public: z.boolean().default(false),
  /** fixes the random draws; random when omitted */
  seed: z.number().int().min(0).max(0xffffffff).optional(),
  /** the seat the host plays, or omit to host without a seat */
  seat: SeatId.optional(),
  /** seconds a dropped player's seat is held before a bot plays it */
  graceSeconds: z.number().int().min(0).max(3600).default(60),
  /**
   * a teacher's rehearsal: the host plays `seat` (default: the first lab) alone against bots,
   * no timer, each quarter resolving as soon as the host submits; never listed
   */
  rehearsal: z.boolean().default(false),
});
export type CreateOptions = z.infer<typeof CreateOptionsSchema>;

/** Options of `client.joinById(code, options)`. */
export const JoinOptionsSchema = z.strictObject({
  name: z.string().trim().min(1).max(NAME_MAX).default("Player"),
  /** a seat id, "auto" (default: the open seat with fewest players), or omit with spectator:true or choose:true */
  seat: SeatId.optional(),
  spectator: z.boolean().default(false),
  /** join without a seat and pick one (claimSeat) from the lobby's list */
  choose: z.boolean().default(false),
  /** the rejoin token from an earlier `welcome`: takes that member's seat back */
  rejoin: z.string().min(8).max(128).optional(),
  /** the host key, to host from another device/tab (also accepted on rejoin) */
  hostKey: z.string().min(1).max(128).optional(),
});
export type JoinOptions = z.infer<typeof JoinOptionsSchema>;

export interface WelcomeMessage {
  protocol: number;
  gameId: string;
  memberId: string;
  name: string;
  /** the seat this member plays, null for a spectator or a seatless host */
  seat: string | null;
  /** keep it (localStorage): `joinById(gameId, { rejoin })` takes this member's seat back, even after a server restart */
  rejoinToken: string;
  /** only to the creator (and to whoever joins with the host key) */
  hostKey?: string;
  isHost: boolean;
  /** given the host's controls by the host (send host commands without the key) */
  isCohost: boolean;
  /** the highest client seq the server has seen from this member (resubmit anything newer that was not acknowledged) */
  lastSeq: number;
}

/**
 * A full view: on join/rejoin/reconnect, resync, seat change, and after a resolution to a seat
 * whose view the server does not hold (no member of it was online at the previous one). Also
 * what applyView makes of a patch.
 */
export interface ViewMessage {
  /**
   * why this view was sent: after a resolution, on join/rejoin, on resync, the seat changed, or
   * (a merged patch only) the view changed between two resolutions
   */
  reason: "resolved" | "join" | "resync" | "seat" | "update";
  /** absent on a full view */
  delta?: undefined;
  /** the view's sequence number (one counter per room, increasing): a patch names the one it applies to */
  seq: number;
  /** quarters resolved so far (= view.quarter) */
  quarter: number;
  /** state hash after that quarter */
  hash: string;
  /** server time (ms since epoch) when the quarter was resolved (resolution → receipt latency) */
  resolvedAt: number;
  view: PlayerView;
  /** this quarter's events visible to this seat (public + own) */
  events: GameEvent[];
  /** orders this seat has pending for the quarter being decided, and who submitted last (the `draft` message has who set each) */
  pending: { orders: unknown[]; by: string; seq: number } | null;
  /** after a resolution: what resolved it (every seat in, the timer, the host) */
  cause?: ResolveCause;
  /** the seat's table of key sets, which the next patches' SHAPE maps index (and add to) */
  shapes: string[][];
}

export type ResolveCause = "all" | "timer" | "host" | "unknown";

/**
 * What changed in a seat's view since the view numbered `base`: a deep patch of the view
 * (shared/protocol/view-patch.ts, with its repeated key sets named once in `shapes`). After a
 * resolution (`reason: "resolved"`), or when the view changed between two resolutions
 * (`reason: "update"`, e.g. a shock the host injected). `applyView` merges it; a client whose
 * view is not `base` sends `resync` for a full view.
 */
export interface ViewPatchMessage {
  reason: "resolved" | "update";
  delta: true;
  /** the sequence number of the view this patch makes */
  seq: number;
  /** the sequence number of the view it applies to */
  base: number;
  quarter: number;
  hash: string;
  resolvedAt: number;
  /** key sets added to the table of the view `base` (its `shapes`): the patch's SHAPE maps and packed events index the two together */
  shapes: string[][];
  /** the patch of the view */
  patch: PatchOp;
  /** the events (as ViewMessage's), each an object or [SHAPE, i, value…] by the same table (view-patch.ts, packRows) */
  events: unknown[];
  pending: { orders: unknown[]; by: string; seq: number } | null;
  cause?: ResolveCause;
}

export type AnyViewMessage = ViewMessage | ViewPatchMessage;

/** The outcome of merging a `view` message: the full view, an old patch to ignore, or a patch that does not apply (resync). */
export type ViewMerge = { ok: true; message: ViewMessage } | { ok: false; stale: true } | { ok: false; stale: false; reason: string };

/**
 * Merges a `view` message into the client's current full view (pure; `current` is not modified,
 * unchanged parts of the view are shared with it). A full view replaces it. A patch for the
 * view `current` holds applies; a patch no newer than `current` (e.g. replayed after a
 * reconnection) is stale: ignore it; any other patch (a missed message) does not apply: send
 * `resync` and wait for the full view.
 */
export function applyView(current: ViewMessage | null, msg: AnyViewMessage): ViewMerge {
  if (!msg.delta) return { ok: true, message: msg };
  if (current && msg.seq <= current.seq) return { ok: false, stale: true };
  if (!current || current.seq !== msg.base)
    return { ok: false, stale: false, reason: `a patch for view ${msg.base}, the client has ${current ? current.seq : "none"}` };
  let view: PlayerView;
  let shapes: string[][];
  let events: GameEvent[];
  try {
    shapes = (current.shapes ?? []).concat(msg.shapes ?? []);
    view = applyPatch(current.view, msg.patch, shapes) as PlayerView;
    events = unpackRows(msg.events, shapes) as unknown as GameEvent[];
  } catch (e) {
    if (e instanceof PatchError) return { ok: false, stale: false, reason: e.message };
    throw e;
  }
  return {
    ok: true,
    message: {
      reason: msg.reason,
      seq: msg.seq,
      quarter: msg.quarter,
      hash: msg.hash,
      resolvedAt: msg.resolvedAt,
      view,
      events,
      pending: msg.pending,
      ...(msg.cause ? { cause: msg.cause } : {}),
      shapes,
    },
  };
}

/**
 * The patch message from one full view of a seat to the next (what the server sends), or null
 * when the view did not change. The next view's table of key sets is `prev.shapes` followed by
 * the message's `shapes`. Seats' views that share parts (playerViews) are diffed faster
 * with one `memo` for all of them.
 */
export function viewPatch(
  prev: { seq: number; view: PlayerView; shapes: string[][] },
  next: Omit<ViewMessage, "reason" | "shapes"> & { reason: ViewPatchMessage["reason"] },
  memo?: DiffMemo,
): ViewPatchMessage | null {
  const op = memo
    ? diffFields(prev.view as unknown as Record<string, unknown>, next.view as unknown as Record<string, unknown>, memo)
    : diffValue(prev.view, next.view);
  if (op === UNCHANGED) return null;
  const { shapes, op: packed } = packShapes(op, prev.shapes);
  // the events by the same table: a quarter's events of one kind share a key set
  const events = packRows(next.events, shapes.length ? prev.shapes.concat(shapes) : prev.shapes);
  return {
    reason: next.reason,
    delta: true,
    seq: next.seq,
    base: prev.seq,
    quarter: next.quarter,
    hash: next.hash,
    resolvedAt: next.resolvedAt,
    shapes: events.shapes.length ? shapes.concat(events.shapes) : shapes,
    patch: packed,
    events: events.rows,
    pending: next.pending,
    ...(next.cause ? { cause: next.cause } : {}),
  };
}

export interface NoticeMessage {
  /**
   * submitted: a team mate submitted; replaced: a mate's submission replaced or removed your
   * pending order; seat: the host moved you; timer: ten seconds left, or the quarter resolved
   * before your seat submitted; failed: your company failed; shock: a shock was scheduled (hosts);
   * phase, kicked, info: the rest
   */
  kind: "submitted" | "replaced" | "seat" | "timer" | "failed" | "phase" | "shock" | "kicked" | "info";
  text: string;
  data?: Record<string, string | number | boolean | null>;
}

/** One change to a seat's shared draft: who set or removed the orders under a merge key, and whose they replaced. */
export interface DraftChange {
  /** ms epoch */
  at: number;
  by: string;
  memberId: string;
  key: string;
  action: "set" | "remove";
  orders: unknown[];
  /** the mate's pending orders this change replaced or removed (null: none, or the member's own) */
  replaced: { by: string; memberId: string; orders: unknown[] } | null;
}

/** A seat's shared draft for the quarter being decided (sent to the seat's members only). */
export interface DraftMessage {
  seat: string;
  /** the quarter being decided (view.quarter + 1) */
  quarter: number;
  /** a member submitted this quarter */
  submitted: boolean;
  /** pending orders by merge key, with who set them (ms epoch) */
  pending: { key: string; orders: unknown[]; by: string; memberId: string; at: number }[];
  /** this quarter's changes, oldest first: who set or removed what, and whose order it replaced */
  changes: DraftChange[];
  /** what mates are editing and have not submitted */
  editing: { memberId: string; name: string; orders: unknown[]; remove: string[]; at: number }[];
}

/** On a player's return: the quarters a bot played their seat while they were away, and its orders. */
export interface BotSummaryMessage {
  seat: string;
  turns: { quarter: number; orders: unknown[] }[];
}

/** A member's own forecasts: each with its score once its quarter has resolved (lower is better). */
export interface ForecastsMessage {
  /** the figures the host asks for */
  targets: ForecastTarget[];
  /** the quarter forecasts are collected for (the one being decided) */
  quarter: number;
  mine: (ForecastRecord & Partial<Pick<ScoredForecast, "actual" | "last" | "outcome" | "score" | "covered">>)[];
}
