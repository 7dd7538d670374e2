/**
 * Wire messages between a Colyseus client and a game room, both directions.
 * Client → server messages are requests (`room.send(type, payload, callback)`): the server
 * answers each with a Reply, so a bad message is answered, never silently dropped and never
 * a reason to disconnect the client. docs/protocol.md documents each one with an example.
 */
import { z } from "zod";
import type { GameEvent } from "../engine/events.ts";
import type { PlayerView } from "../engine/player-view.ts";
import { OrderListSchema } from "../orders/index.ts";
import { GameQuarters } from "../scenario/schema.ts";

export const PROTOCOL_VERSION = 1;

/** Client sequence number: strictly increasing per client, used to de-duplicate resubmissions. */
const Seq = z.number().int().min(0).max(2147483648);
const SeatId = z.string().min(1).max(40);

/** Submit (or replace) this seat's orders for a quarter. */
export const SubmitMessageSchema = z.strictObject({
  seq: Seq,
  /** the quarter the orders are for (1-based; the quarter about to resolve) */
  quarter: z.number().int().min(1).max(200),
  orders: OrderListSchema,
});
export type SubmitMessage = z.infer<typeof SubmitMessageSchema>;

/** Take a free seat (or join a seat's team). */
export const ClaimSeatMessageSchema = z.strictObject({ seq: Seq, seat: SeatId });

/** Bounds of a quarter's timer in seconds: 0 is no timer; a running timer the host sets is at least TIMER_MIN_SECONDS. */
export const TIMER_MAX_SECONDS = 3600;
export const TIMER_MIN_SECONDS = 10;

export const HostActionSchema = z.discriminatedUnion("action", [
  z.strictObject({ action: z.literal("start") }),
  z.strictObject({ action: z.literal("pause") }),
  z.strictObject({ action: z.literal("resume") }),
  z.strictObject({ action: z.literal("setTimer"), seconds: z.number().int().min(TIMER_MIN_SECONDS).max(TIMER_MAX_SECONDS) }),
  z.strictObject({ action: z.literal("extendTimer"), seconds: z.number().int().min(-TIMER_MAX_SECONDS).max(TIMER_MAX_SECONDS) }),
  z.strictObject({ action: z.literal("resolveNow") }),
  z.strictObject({
    action: z.literal("injectShock"),
    shock: z.string().min(1).max(40),
    params: z.record(z.string().max(60), z.union([z.number(), z.string().max(40), z.boolean()])).default({}),
  }),
  z.strictObject({ action: z.literal("assignSeat"), seat: SeatId, player: z.string().min(1).max(64) }),
  z.strictObject({ action: z.literal("freeSeat"), seat: SeatId }),
  z.strictObject({ action: z.literal("end") }),
]);
export type HostAction = z.infer<typeof HostActionSchema>;
export const HostMessageSchema = z.strictObject({ seq: Seq, hostKey: z.string().min(1).max(128), command: HostActionSchema });

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
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** Message type names, client → server. */
export const CLIENT_MESSAGES = { submit: "submit", claimSeat: "claimSeat", host: "host", resync: "resync" } as const;
/**
 * Message type names, server → client.
 * - `welcome`: once per join/rejoin: who you are (memberId, seat, rejoin token, host key for the creator).
 * - `view`: a PlayerView and the quarter's events, after each resolution and on join/rejoin/resync.
 * - `notice`: something happened that concerns you (a teammate submitted, a seat changed, you were moved…).
 * - `reply`: the Reply to a message sent fire-and-forget (requests get their Reply as the response instead).
 */
export const SERVER_MESSAGES = { welcome: "welcome", view: "view", notice: "notice", reply: "reply" } as const;

/** Ask the server to send this client's current `view` again (e.g. after a reconnection). */
export const ResyncMessageSchema = z.strictObject({ seq: Seq });

/** Options of `client.create("game", options)`: the creator becomes the host. */
export const CreateOptionsSchema = z.strictObject({
  /** the host's display name */
  name: z.string().trim().min(1).max(32).default("Host"),
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
});
export type CreateOptions = z.infer<typeof CreateOptionsSchema>;

/** Options of `client.joinById(code, options)`. */
export const JoinOptionsSchema = z.strictObject({
  name: z.string().trim().min(1).max(32).default("Player"),
  /** a seat id, "auto" (default: the seat with fewest players), or omit with spectator:true */
  seat: SeatId.optional(),
  spectator: z.boolean().default(false),
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
  /** the highest client seq the server has seen from this member (resubmit anything newer that was not acknowledged) */
  lastSeq: number;
}

/** A full view: on join/rejoin/reconnect, resync, seat change, and after a resolution when no delta applies. */
export interface ViewMessage {
  /** why this view was sent: after a resolution, on join/rejoin, on resync, or the seat changed */
  reason: "resolved" | "join" | "resync" | "seat";
  /** absent on a full view */
  delta?: undefined;
  /** quarters resolved so far (= view.quarter) */
  quarter: number;
  /** state hash after that quarter */
  hash: string;
  /** server time (ms since epoch) when the quarter was resolved (resolution → receipt latency) */
  resolvedAt: number;
  view: PlayerView;
  /** this quarter's events visible to this seat (public + own) */
  events: GameEvent[];
  /** orders this seat has pending for the quarter being decided, and who submitted them */
  pending: { orders: unknown[]; by: string; seq: number } | null;
}

/** The top-level PlayerView fields a delta may carry (everything but `history`). */
export type ViewFields = Omit<PlayerView, "history">;

/**
 * After a resolution, a client that has the seat's view of `baseQuarter` gets only what changed:
 * the top-level view fields whose value differs from that view (absent = unchanged) and the
 * history entries from index `historyFrom` on. `applyView` merges it; when the client's view is
 * not of `baseQuarter`, it cannot be applied: send `resync` for a full view.
 */
export interface ViewDeltaMessage {
  reason: "resolved";
  delta: true;
  quarter: number;
  hash: string;
  resolvedAt: number;
  /** the quarter of the view this delta applies to */
  baseQuarter: number;
  /** changed top-level fields of the view (never `history`) */
  view: Partial<ViewFields>;
  /** history[historyFrom..] is replaced by `history` */
  historyFrom: number;
  history: PlayerView["history"];
  events: GameEvent[];
  pending: { orders: unknown[]; by: string; seq: number } | null;
}

export type AnyViewMessage = ViewMessage | ViewDeltaMessage;

/**
 * Merges a `view` message into the client's current view (pure). Returns the full view message,
 * or null when a delta does not apply to `current` (a missed quarter): ask for `resync`.
 * A delta for a quarter the client already has (a late duplicate) returns null too; check
 * `msg.quarter <= current.quarter` first to ignore those.
 */
export function applyView(current: PlayerView | null, msg: AnyViewMessage): ViewMessage | null {
  if (!msg.delta) return msg;
  if (!current || current.quarter !== msg.baseQuarter || current.history.length < msg.historyFrom) return null;
  const view = {
    ...current,
    ...msg.view,
    history: current.history.slice(0, msg.historyFrom).concat(msg.history),
  } as PlayerView;
  return {
    reason: msg.reason,
    quarter: msg.quarter,
    hash: msg.hash,
    resolvedAt: msg.resolvedAt,
    view,
    events: msg.events,
    pending: msg.pending,
  };
}

export interface NoticeMessage {
  kind: "submitted" | "seat" | "phase" | "shock" | "kicked" | "info";
  text: string;
  data?: Record<string, string | number | boolean | null>;
}
