/**
 * The append-only game log as persisted by a store. One header, then records in the order
 * they happened. A record is written (awaited) before its effect is acknowledged or published.
 */
import type { CreateOptions } from "../../shared/index.ts";

export interface HeaderRecord {
  kind: "header";
  gameId: string;
  createdAt: number;
  scenario: { id: string; version: number };
  /** RULES_VERSION of the server that created the game (absent in games created before versions were recorded) */
  rules?: number;
  /**
   * the scenario JSON as played (the built-in scenario with `overrides` applied); restores and
   * exports use it. Absent in games created before it was kept: they use the scenario on disk.
   */
  scenarioInput?: unknown;
  seed: number;
  /** scenario overrides, as `--set path=value` pairs (e.g. the game length) */
  overrides: { path: string; value: unknown }[];
  options: CreateOptions;
  seats: string[];
  /** seat → role and display name, and the scenario's start (for labels in exports) */
  roles?: Record<string, string>;
  names?: Record<string, string>;
  start?: { year: number; quarter: number };
  /** sha256 of the host key (the key itself is never stored) */
  hostKeyHash: string;
}

export type LogRecord =
  | HeaderRecord
  | { kind: "member"; memberId: string; tokenHash: string; name: string; seat: string | null; host: boolean; at: number }
  | { kind: "submit"; quarter: number; seat: string; memberId: string; seq: number; orders: unknown[]; at: number }
  | {
      kind: "control";
      action: "start" | "pause" | "resume" | "end" | "timer" | "free" | "assign";
      at: number;
      data?: Record<string, unknown>;
    }
  | { kind: "inject"; quarter: number; shock: string; params: Record<string, string | number | boolean>; at: number }
  | { kind: "quarter"; quarter: number; ordersBySeat: Record<string, unknown[]>; hash: string; at: number };

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
  /** All records, header first; null when unknown. */
  load(gameId: string): Promise<LogRecord[] | null>;
  /** Games not marked finished (for crash recovery). */
  listUnfinished(): Promise<string[]>;
  markFinished(gameId: string): Promise<void>;
  close(): Promise<void>;
}
