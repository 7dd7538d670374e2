/**
 * The people in a game: members (a display name, a secret rejoin token kept only as its hash,
 * a seat or none, host or co-host), their live connections, and the replies to their last
 * requests by sequence number (so a resubmission is answered, not applied twice).
 */
import { freeName, type Reply } from "../../shared/index.ts";
import type { MemberRecord } from "../store/types.ts";
import { sha256 } from "./ids.ts";

export interface Member {
  id: string;
  name: string;
  tokenHash: string;
  seat: string | null;
  /** joined with the host key (or created the game) */
  host: boolean;
  /** given the host's controls by the host (a teaching assistant) */
  cohost: boolean;
  /** live connections of this member */
  connections: number;
  /** seq → reply, for duplicate detection (bounded) */
  seen: Map<number, Reply>;
  maxSeq: number;
  /** quarters resolved when the member was last known present (what a bot did after that is summarised on return) */
  presentUpTo: number;
}

const SEEN_MAX = 256;

export class Members {
  private readonly map = new Map<string, Member>();

  get(id: string): Member | undefined {
    return this.map.get(id);
  }

  values(): IterableIterator<Member> {
    return this.map.values();
  }

  /** The member whose rejoin token this is. */
  byToken(token: string): Member | undefined {
    const h = sha256(token);
    for (const m of this.map.values()) if (m.tokenHash === h) return m;
    return undefined;
  }

  /** A display name no member has yet (freeName): "Sam", else "Sam (2)", so the host can tell two Sams apart. */
  freeName(name: string): string {
    return freeName(
      name,
      [...this.map.values()].map((m) => m.name),
    );
  }

  /** By member id, or else by exact display name. */
  find(idOrName: string): Member | undefined {
    return this.map.get(idOrName) ?? [...this.map.values()].find((m) => m.name === idOrName);
  }

  ofSeat(seat: string): Member[] {
    const out: Member[] = [];
    for (const m of this.map.values()) if (m.seat === seat) out.push(m);
    return out;
  }

  /** The host and co-hosts (they get the host's notices). */
  hosts(): Member[] {
    return [...this.map.values()].filter((m) => m.host || m.cohost);
  }

  /** Applies a member record (a join or a change): returns the member and its seat before. */
  apply(r: MemberRecord, quarter: number): { member: Member; before: string | null } {
    const m = this.map.get(r.memberId);
    if (m) {
      const before = m.seat;
      m.seat = r.seat;
      m.host = r.host;
      m.cohost = r.cohost;
      m.name = r.name;
      m.presentUpTo = quarter;
      return { member: m, before };
    }
    const created: Member = {
      id: r.memberId,
      name: r.name,
      tokenHash: r.tokenHash,
      seat: r.seat,
      host: r.host,
      cohost: r.cohost,
      connections: 0,
      seen: new Map(),
      maxSeq: -1,
      presentUpTo: quarter,
    };
    this.map.set(created.id, created);
    return { member: created, before: null };
  }

  /** The record of a member as it is now, with changes applied on top. */
  record(m: Member, at: number, change: Partial<Pick<Member, "seat" | "host" | "cohost" | "name">> = {}): MemberRecord {
    return {
      kind: "member",
      v: 2,
      memberId: m.id,
      tokenHash: m.tokenHash,
      name: change.name ?? m.name,
      seat: change.seat !== undefined ? change.seat : m.seat,
      host: change.host ?? m.host,
      cohost: change.cohost ?? m.cohost,
      at,
    };
  }

  remember(m: Member, seq: number, reply: Reply): void {
    m.seen.set(seq, reply);
    if (seq > m.maxSeq) m.maxSeq = seq;
    if (m.seen.size > SEEN_MAX) {
      const first = m.seen.keys().next().value;
      if (first !== undefined) m.seen.delete(first);
    }
  }

  /** The reply already given to this seq, marked as a duplicate. */
  duplicate(m: Member, seq: number): Reply | undefined {
    const r = m.seen.get(seq);
    return r ? ({ ...r, duplicate: true } as Reply) : undefined;
  }

  /** Connected people: players (seated) and spectators (seatless, the host and co-hosts not counted). */
  counts(): { players: number; spectators: number } {
    let players = 0;
    let spectators = 0;
    for (const m of this.map.values()) {
      if (m.connections === 0) continue;
      if (m.seat) players++;
      else if (!m.host && !m.cohost) spectators++;
    }
    return { players, spectators };
  }
}
