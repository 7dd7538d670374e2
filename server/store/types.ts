/**
 * The append-only game log as persisted by a store. One header, then records in the order
 * they happened. A record is written (awaited) before its effect is acknowledged or published.
 * The records' schemas, versions and migrations are in records.ts; a store parses every record
 * it loads with them (migrateRecord / parseLog).
 */
import type { HeaderRecord, LogRecord } from "./records.ts";

export type {
  ControlRecord,
  ForecastLogRecord,
  ForecastSetupRecord,
  HeaderRecord,
  InjectRecord,
  LogRecord,
  MemberRecord,
  QuarterRecord,
  SeatsRecord,
  SubmitRecord,
} from "./records.ts";

export interface GameSummary {
  gameId: string;
  createdAt: number;
  finished: boolean;
}

export interface GameStore {
  readonly kind: string;
  /** Creates a game log; false when the id is already taken. */
  create(header: HeaderRecord): Promise<boolean>;
  append(gameId: string, record: LogRecord): Promise<void>;
  /** All records, header first, parsed and migrated to the current versions; null when unknown. Throws on a damaged record. */
  load(gameId: string): Promise<LogRecord[] | null>;
  /** Games not marked finished (for crash recovery). */
  listUnfinished(): Promise<string[]>;
  markFinished(gameId: string): Promise<void>;
  /** Deletes a game's log for good (the host's "delete this game"). */
  delete(gameId: string): Promise<void>;
  close(): Promise<void>;
}
