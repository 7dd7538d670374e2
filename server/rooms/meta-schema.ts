/**
 * The Colyseus state of a game room: small live metadata only (no game state, no private books).
 * The client decodes it with the same definitions (import from server/rooms/meta-schema.ts, or
 * let the SDK reflect it).
 */
import { type SchemaType, schema, t } from "@colyseus/schema";

export const SeatMetaState = schema(
  {
    id: t.string().default(""),
    role: t.string().default(""),
    name: t.string().default(""),
    /** human | bot | standing (nobody, standing orders) */
    controller: t.string().default("bot"),
    connected: t.boolean().default(false),
    submitted: t.boolean().default(false),
    submittedBy: t.string().default(""),
    members: t.array("string"),
  },
  "SeatMeta",
);
export type SeatMetaState = SchemaType<typeof SeatMetaState>;

export const GameMetaState = schema(
  {
    gameId: t.string().default(""),
    /** lobby | playing | paused | finished */
    phase: t.string().default("lobby"),
    quarter: t.uint16().default(0),
    quarters: t.uint16().default(0),
    scenario: t.string().default(""),
    title: t.string().default(""),
    /** ms since epoch when the quarter resolves; 0 = no timer running */
    deadline: t.float64().default(0),
    /** ms left while paused */
    remainingMs: t.float64().default(0),
    turnSeconds: t.uint16().default(0),
    spectators: t.uint16().default(0),
    players: t.uint16().default(0),
    lastHash: t.string().default(""),
    seats: t.map(SeatMetaState),
  },
  "GameMeta",
);
export type GameMetaState = SchemaType<typeof GameMetaState>;
