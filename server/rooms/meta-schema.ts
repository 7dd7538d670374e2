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
    /** only the host moves people into or out of it */
    locked: t.boolean().default(false),
    /** the company failed: it sends no more orders */
    failed: t.boolean().default(false),
    /** a bot plays the seat for these away members, comma-separated ("" when none) */
    botFor: t.string().default(""),
  },
  "SeatMeta",
);
export type SeatMetaState = SchemaType<typeof SeatMetaState>;

/** A member of the game: display name, seat ("" = none), online, host or co-host. No secrets. */
export const PersonMetaState = schema(
  {
    id: t.string().default(""),
    name: t.string().default(""),
    seat: t.string().default(""),
    connected: t.boolean().default(false),
    host: t.boolean().default(false),
    cohost: t.boolean().default(false),
  },
  "PersonMeta",
);
export type PersonMetaState = SchemaType<typeof PersonMetaState>;

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
    /** the turn length a new quarter starts with (0 = no timer) */
    turnSeconds: t.uint16().default(0),
    /** a teacher's rehearsal against bots */
    rehearsal: t.boolean().default(false),
    /** most members per seat (0 = no cap) */
    teamCap: t.uint16().default(0),
    spectators: t.uint16().default(0),
    players: t.uint16().default(0),
    lastHash: t.string().default(""),
    /** the market figures players forecast each quarter (ids of FORECAST_TARGETS) */
    forecastTargets: t.array("string"),
    /** after the end: the debrief section on the projector (DEBRIEF_SECTIONS) */
    debriefSection: t.string().default("ranking"),
    seats: t.map(SeatMetaState),
    people: t.map(PersonMetaState),
  },
  "GameMeta",
);
export type GameMetaState = SchemaType<typeof GameMetaState>;
