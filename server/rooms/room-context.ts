/** Process-wide dependencies of the game rooms (Colyseus constructs rooms itself). */
import type { ForkPool } from "../game/fork-pool.ts";
import type { ServiceDeps } from "../game/game-service.ts";
import type { GameStore } from "../store/types.ts";
import type { RateGateOptions } from "./rate-gate.ts";

export interface RoomContext {
  store: GameStore;
  hook?: ServiceDeps["hook"];
  /** one-shot tickets that let the server (never a client) restore a game from its log */
  restoreTickets: Map<string, string>;
  /** a room with nobody connected is disposed after this long (its log stays) */
  idleMs: number;
  /** the per-member message rate limit (defaults: RATE_DEFAULTS) */
  rate?: Partial<Omit<RateGateOptions, "now">>;
  /** the what-if fans' worker threads, shared by every room of the process */
  forks: ForkPool;
  onCreated?: (gameId: string) => void;
  onDisposed?: (gameId: string) => void;
}

let ctx: RoomContext | null = null;

export function setRoomContext(c: RoomContext): void {
  ctx = c;
}

export function roomContext(): RoomContext {
  if (!ctx) throw new Error("room context not set (start the server with startServer())");
  return ctx;
}
