/**
 * The seats of a game: who controls each (people, a bot, or nobody with standing orders), the
 * host's seat rules (locked seats, the team size cap), the grace a dropped team gets before its
 * bot plays, what a bot decided for a seat whose people were away (told to them on return),
 * and whether a member may take a seat.
 */
import type { ErrorCode } from "../../shared/index.ts";
import type { SeatsRecord } from "../store/types.ts";
import type { Member } from "./members.ts";

export type Controller = "human" | "bot" | "standing";

export interface BotTurn {
  quarter: number;
  orders: unknown[];
}

/** How many of a seat's bot turns are kept for the summary a returning player gets. */
const BOT_TURNS_KEPT = 8;

export class Seats {
  readonly ids: string[];
  /** seats only the host may move people into or out of */
  locked = new Set<string>();
  /** most members per seat; 0 = no cap */
  teamCap = 0;
  /** seat → when its last member disconnected (the grace runs from then) */
  readonly dropTimes = new Map<string, number>();
  /** seat → the quarters a bot played it although people hold it */
  private readonly botTurns = new Map<string, BotTurn[]>();

  constructor(ids: string[]) {
    this.ids = ids;
  }

  has(seat: string): boolean {
    return this.ids.includes(seat);
  }

  applyRules(r: SeatsRecord): void {
    this.locked = new Set(r.locked.filter((s) => this.has(s)));
    this.teamCap = r.teamCap;
  }

  /** The seat rules after a change, as a record. */
  rulesRecord(at: number, change: { locked?: Iterable<string>; teamCap?: number }): SeatsRecord {
    return {
      kind: "seats",
      v: 1,
      locked: [...(change.locked ?? this.locked)].filter((s) => this.has(s)).sort(),
      teamCap: change.teamCap ?? this.teamCap,
      at,
    };
  }

  /** Keeps the grace clock right after a seat's people connect, disconnect or move. */
  presence(seat: string | null, members: Member[], now: number): void {
    if (!seat) return;
    if (members.length === 0 || members.some((m) => m.connections > 0)) this.dropTimes.delete(seat);
    else if (!this.dropTimes.has(seat)) this.dropTimes.set(seat, now);
  }

  controllerOf(seat: string, members: Member[], now: number, opts: { bots: boolean; graceSeconds: number }): Controller {
    if (members.length === 0) return opts.bots ? "bot" : "standing";
    if (members.some((m) => m.connections > 0)) return "human";
    const dropped = this.dropTimes.get(seat);
    if (dropped !== undefined && now - dropped >= opts.graceSeconds * 1000) return "bot";
    return "human";
  }

  /** The next moment a dropped seat's grace runs out, after `now` (Infinity: none). */
  nextGraceExpiry(now: number, graceSeconds: number): number {
    let wake = Number.POSITIVE_INFINITY;
    for (const t of this.dropTimes.values()) {
      const at = t + graceSeconds * 1000;
      if (at > now) wake = Math.min(wake, at);
    }
    return wake;
  }

  recordBotTurn(seat: string, quarter: number, orders: unknown[]): void {
    const turns = this.botTurns.get(seat) ?? [];
    turns.push({ quarter, orders });
    if (turns.length > BOT_TURNS_KEPT) turns.shift();
    this.botTurns.set(seat, turns);
  }

  /** What a bot decided for the seat after quarter `after`. */
  botTurnsAfter(seat: string, after: number): BotTurn[] {
    return (this.botTurns.get(seat) ?? []).filter((t) => t.quarter > after);
  }

  /**
   * Why `member` may not take `seat` by itself (null: it may). The host moves people past
   * locks and caps, never into a failed company.
   */
  claimError(
    member: Member,
    seat: string | null,
    ctx: { failed: (seat: string) => boolean; members: (seat: string) => Member[]; byHost: boolean },
  ): { code: ErrorCode; message: string } | null {
    if (seat !== null && !this.has(seat)) return { code: "unknown_seat", message: `no seat "${seat}" (seats: ${this.ids.join(", ")})` };
    if (seat !== null && ctx.failed(seat)) return { code: "seat_failed", message: `${seat} has failed: it takes no more players` };
    if (ctx.byHost || seat === member.seat) return null;
    const from = member.seat;
    if (from && this.locked.has(from) && !ctx.failed(from))
      return { code: "seat_locked", message: `the host has locked ${from}: ask the host to move you` };
    if (seat !== null && this.locked.has(seat)) return { code: "seat_locked", message: `the host has locked ${seat}` };
    if (seat !== null && this.teamCap > 0 && ctx.members(seat).length >= this.teamCap)
      return { code: "team_full", message: `${seat}'s team is full (at most ${this.teamCap})` };
    return null;
  }

  /** The open seat with the fewest members that a newcomer may take (null: none). */
  autoSeat(ctx: { failed: (seat: string) => boolean; members: (seat: string) => Member[] }): string | null {
    let best: string | null = null;
    let bestN = Number.POSITIVE_INFINITY;
    for (const s of this.ids) {
      if (this.locked.has(s) || ctx.failed(s)) continue;
      const n = ctx.members(s).length;
      if (this.teamCap > 0 && n >= this.teamCap) continue;
      if (n < bestN) {
        best = s;
        bestN = n;
      }
    }
    return best;
  }
}
