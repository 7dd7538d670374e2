/**
 * The server's game log records: one zod schema per record kind, each kind versioned on its
 * own, and the ordered up-migrations between versions (as tldraw migrates its records). A log
 * is parsed record by record when a store loads it: a record without `v` is version 1 (what
 * every server wrote before records carried versions); each migration of its kind from that
 * version on is applied in order, and the result must parse with the kind's current schema. A
 * record of a version newer than this server knows is refused, naming both versions.
 *
 * To change a record's shape: bump its entry in RECORD_VERSIONS, change its schema, and append
 * one migration `{ kind, to, up }` that turns the previous version into the new one. Never edit
 * a migration that has shipped: logs on disk were written by every version before.
 */
import { z } from "zod";
import { FORECAST_TARGET_IDS, ForecastSchema, type ForecastTarget } from "../../shared/index.ts";

/** The current version of each record kind (what this server writes). */
export const RECORD_VERSIONS = {
  header: 1,
  member: 2,
  submit: 2,
  control: 2,
  inject: 1,
  quarter: 2,
  seats: 1,
  forecastSetup: 1,
  forecast: 1,
} as const;
export type RecordKind = keyof typeof RECORD_VERSIONS;

const At = z.number().finite();
const Int = z.number().int();
const SeatId = z.string().min(1).max(40);
const MemberId = z.string().min(1).max(64);
/** an order as logged: the engine (or the wire schema, for submissions) checked it; its fields are the order's own */
const LoggedOrder = z.looseObject({ type: z.string().min(1).max(60) });
const Params = z.record(z.string(), z.union([z.number(), z.string(), z.boolean()]));

/** The game's options as stored (the create options after their defaults were applied). */
export const StoredOptionsSchema = z.object({
  name: z.string(),
  scenario: z.string(),
  quarters: Int.optional(),
  turnSeconds: Int.min(0),
  bots: z.boolean(),
  idle: z.enum(["standing", "bot"]),
  waitForAll: z.boolean(),
  public: z.boolean(),
  seed: Int.optional(),
  seat: z.string().optional(),
  graceSeconds: Int.min(0),
  /** a teacher's rehearsal: played alone against bots (added later; absent = false) */
  rehearsal: z.boolean().default(false),
});

export const HeaderSchema = z.object({
  kind: z.literal("header"),
  v: z.literal(1),
  gameId: z.string().min(1).max(64),
  createdAt: At,
  scenario: z.object({ id: z.string(), version: Int }),
  /** RULES_VERSION of the server that created the game (absent in games created before versions were recorded) */
  rules: Int.optional(),
  /**
   * the scenario JSON as played (the built-in scenario with `overrides` applied); restores and
   * exports use it. Absent in games created before it was kept: they use the scenario on disk.
   */
  scenarioInput: z.unknown().optional(),
  seed: Int,
  /** scenario overrides, as `--set path=value` pairs (e.g. the game length) */
  overrides: z.array(z.object({ path: z.string(), value: z.unknown() })),
  options: StoredOptionsSchema,
  seats: z.array(SeatId),
  /** seat → role and display name, and the scenario's start (for labels in exports) */
  roles: z.record(z.string(), z.string()).optional(),
  names: z.record(z.string(), z.string()).optional(),
  start: z.object({ year: Int, quarter: Int }).optional(),
  /** sha256 of the host key (the key itself is never stored) */
  hostKeyHash: z.string().min(1),
});

/** A member as it is after the change (join, seat move, host or co-host granted): the whole member, not a diff. */
export const MemberSchema = z.object({
  kind: z.literal("member"),
  v: z.literal(2),
  memberId: MemberId,
  tokenHash: z.string().min(1),
  name: z.string(),
  seat: SeatId.nullable(),
  host: z.boolean(),
  /** a co-host (a teaching assistant) has the host's controls without the host key (v2) */
  cohost: z.boolean(),
  at: At,
});

/**
 * A submission. `merge` (v2): each order replaces the pending orders of the seat with the same
 * merge key (mergeKeyOf), orders under other keys stand, and `remove` takes keys out.
 * `replace` (every v1 record): the orders replace the seat's pending orders as a whole.
 */
export const SubmitSchema = z.object({
  kind: z.literal("submit"),
  v: z.literal(2),
  quarter: Int,
  seat: SeatId,
  memberId: MemberId,
  seq: Int,
  orders: z.array(LoggedOrder),
  mode: z.enum(["merge", "replace"]),
  remove: z.array(z.string().max(120)),
  at: At,
});

/** The game's phase and timer, as the host changed them. */
export const ControlSchema = z.discriminatedUnion("action", [
  z.object({ kind: z.literal("control"), v: z.literal(2), action: z.enum(["start", "pause", "resume", "end"]), at: At }),
  /**
   * the turn length from the next quarter on; `restartQuarter` also restarts the running
   * quarter's timer at that length (what every v1 "timer" record did)
   */
  z.object({
    kind: z.literal("control"),
    v: z.literal(2),
    action: z.literal("turnLength"),
    seconds: Int.min(0),
    restartQuarter: z.boolean(),
    at: At,
  }),
  /** time added to (or taken from) the running quarter only */
  z.object({ kind: z.literal("control"), v: z.literal(2), action: z.literal("addTime"), seconds: Int, at: At }),
]);

export const InjectSchema = z.object({
  kind: z.literal("inject"),
  v: z.literal(1),
  quarter: Int,
  shock: z.string(),
  params: Params,
  at: At,
});

export const QuarterSchema = z.object({
  kind: z.literal("quarter"),
  v: z.literal(2),
  quarter: Int,
  ordersBySeat: z.record(z.string(), z.array(z.unknown())),
  hash: z.string(),
  /** seats whose orders a bot chose although people hold the seat (they were away, or idle = bot) (v2) */
  bots: z.array(SeatId),
  /** what resolved it: every seat in, the timer, the host (v2; v1 records: unknown) */
  cause: z.enum(["all", "timer", "host", "unknown"]),
  at: At,
});

/** The host's seat rules after a change: locked seats (no one may take or leave them but by the host) and the team size cap. */
export const SeatsSchema = z.object({
  kind: z.literal("seats"),
  v: z.literal(1),
  locked: z.array(SeatId),
  /** most members per seat; 0 = no cap */
  teamCap: Int.min(0),
  at: At,
});

const Target = z.enum(FORECAST_TARGET_IDS as [ForecastTarget, ...ForecastTarget[]]);
/** The most market figures a host may ask players to forecast. */
export const MAX_FORECAST_TARGETS = 2;

/** The market figures the host asks players to forecast each quarter (none: no forecasts). */
export const ForecastSetupSchema = z.object({
  kind: z.literal("forecastSetup"),
  v: z.literal(1),
  targets: z.array(Target).max(MAX_FORECAST_TARGETS),
  at: At,
});

/** A member's forecast of one figure for the quarter being decided (a later one of the same figure and quarter replaces it). */
export const ForecastLogSchema = z.object({
  kind: z.literal("forecast"),
  v: z.literal(1),
  quarter: Int.min(1),
  seat: SeatId,
  memberId: MemberId,
  /** the member's display name when it forecast */
  by: z.string().min(1).max(40),
  forecast: ForecastSchema,
  at: At,
});

export type HeaderRecord = z.infer<typeof HeaderSchema>;
export type MemberRecord = z.infer<typeof MemberSchema>;
export type SubmitRecord = z.infer<typeof SubmitSchema>;
export type ControlRecord = z.infer<typeof ControlSchema>;
export type InjectRecord = z.infer<typeof InjectSchema>;
export type QuarterRecord = z.infer<typeof QuarterSchema>;
export type SeatsRecord = z.infer<typeof SeatsSchema>;
export type ForecastSetupRecord = z.infer<typeof ForecastSetupSchema>;
export type ForecastLogRecord = z.infer<typeof ForecastLogSchema>;
export type LogRecord =
  | HeaderRecord
  | MemberRecord
  | SubmitRecord
  | ControlRecord
  | InjectRecord
  | QuarterRecord
  | SeatsRecord
  | ForecastSetupRecord
  | ForecastLogRecord;

const SCHEMAS: Record<RecordKind, z.ZodType> = {
  header: HeaderSchema,
  member: MemberSchema,
  submit: SubmitSchema,
  control: ControlSchema,
  inject: InjectSchema,
  quarter: QuarterSchema,
  seats: SeatsSchema,
  forecastSetup: ForecastSetupSchema,
  forecast: ForecastLogSchema,
};

type Raw = Record<string, unknown>;
export interface Migration {
  kind: RecordKind;
  /** the version this migration produces (from `to - 1`) */
  to: number;
  up(record: Raw): Raw;
}

/** Every migration, in order. */
export const MIGRATIONS: readonly Migration[] = [
  { kind: "member", to: 2, up: (r) => ({ ...r, cohost: false }) },
  // a v1 submission replaced the seat's pending orders
  { kind: "submit", to: 2, up: (r) => ({ ...r, mode: "replace", remove: [] }) },
  {
    kind: "control",
    to: 2,
    up: (r) => {
      if (r.action === "timer") {
        // v1 "timer" set the turn length and restarted the running quarter's timer with it
        const data = (r.data ?? {}) as Raw;
        return { kind: "control", action: "turnLength", seconds: data.turnSeconds, restartQuarter: true, at: r.at };
      }
      if (r.action === "start" || r.action === "pause" || r.action === "resume" || r.action === "end")
        return { kind: "control", action: r.action, at: r.at };
      throw new Error(`control action ${JSON.stringify(r.action)} has no v2 form (v1 servers never wrote it)`);
    },
  },
  { kind: "quarter", to: 2, up: (r) => ({ ...r, bots: [], cause: "unknown" }) },
];

export class LogFormatError extends Error {}

function issues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((i) => `${i.path.map(String).join(".") || "(record)"}: ${i.message}`)
    .join("; ");
}

/** One stored record (parsed JSON) brought to the current version and checked; `where` names it in errors. */
export function migrateRecord(raw: unknown, where = "record"): LogRecord {
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) throw new LogFormatError(`${where}: not an object`);
  let r = raw as Raw;
  const kind = r.kind;
  if (typeof kind !== "string" || !(kind in RECORD_VERSIONS))
    throw new LogFormatError(`${where}: unknown record kind ${JSON.stringify(kind)}`);
  const k = kind as RecordKind;
  const current = RECORD_VERSIONS[k];
  const v = r.v === undefined ? 1 : r.v;
  if (typeof v !== "number" || !Number.isInteger(v) || v < 1)
    throw new LogFormatError(`${where}: ${k} record has a bad version ${JSON.stringify(r.v)}`);
  if (v > current)
    throw new LogFormatError(`${where}: ${k} record is format v${v}, this server reads up to v${current} (a newer server wrote it)`);
  for (const m of MIGRATIONS) if (m.kind === k && m.to > v) r = m.up(r);
  r = { ...r, v: current };
  const parsed = SCHEMAS[k].safeParse(r);
  if (!parsed.success) throw new LogFormatError(`${where}: ${k} record v${current}: ${issues(parsed.error)}`);
  return parsed.data as LogRecord;
}

/** A whole log (header first) brought to the current versions. */
export function parseLog(raws: unknown[], where = "log"): LogRecord[] {
  const out = raws.map((r, i) => migrateRecord(r, `${where}, record ${i + 1}`));
  if (out[0]?.kind !== "header") throw new LogFormatError(`${where}: the first record is not a header`);
  return out;
}
