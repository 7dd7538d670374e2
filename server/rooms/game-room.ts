/**
 * GameRoom: the Colyseus adapter around one GameService. It translates connections into
 * members, messages into service requests (each answered with a Reply), and service events
 * into per-client `view` / `notice` messages. Its schema state holds live metadata only.
 */
import { type Client, getMessageBytes, Protocol, Room } from "@colyseus/core";
import {
  type BotSummaryMessage,
  ClaimSeatMessageSchema,
  CreateOptionsSchema,
  type DiffMemo,
  DraftEditMessageSchema,
  ForecastMessageSchema,
  type ForecastsMessage,
  ForkRequestSchema,
  HostMessageSchema,
  JoinOptionsSchema,
  LogRequestSchema,
  type NoticeMessage,
  type PlayerView,
  PROTOCOL_VERSION,
  type Reply,
  ResyncMessageSchema,
  SubmitMessageSchema,
  type ViewMessage,
  viewPatch,
  type WelcomeMessage,
} from "../../shared/index.ts";
import { answerFork } from "../game/forks.ts";
import { GameService, type JoinOptions, type ResolvedInfo, ServiceError } from "../game/game-service.ts";
import { newJoinCode } from "../game/ids.ts";
import { historyLength, quartersResolved } from "../game/state-facts.ts";
import { toGameLog } from "../http/exports.ts";
import { GameMetaState, PersonMetaState, SeatMetaState } from "./meta-schema.ts";
import { RateGate } from "./rate-gate.ts";
import { roomContext } from "./room-context.ts";

/** Close code for a member cut off for sending too many messages (held off before it may rejoin). */
export const CLOSE_RATE_LIMITED = 4029;
/** Close code after the host deleted the game. */
export const CLOSE_DELETED = 4040;

/** A seat's view as its online members hold it (spectators share one): the base of its next patch. */
interface SeatView {
  seq: number;
  view: PlayerView;
  /** the key sets its patches name by index (sent with full views, added to by patches) */
  shapes: string[][];
}

interface ClientData {
  memberId: string;
  connected: boolean;
}

function zodMessage(error: { issues: { path: PropertyKey[]; message: string }[] }): string {
  return error.issues
    .slice(0, 5)
    .map((i) => `${i.path.map(String).join(".") || "(root)"}: ${i.message}`)
    .join("; ");
}

/** A Colyseus request's dispatch context (the third argument of a handler called for a request). */
function isRequestContext(x: unknown): x is { id: number } {
  return (
    !!x &&
    typeof x === "object" &&
    typeof (x as { id?: unknown }).id === "number" &&
    typeof (x as { reject?: unknown }).reject === "function"
  );
}

function seqOf(payload: unknown): number | null {
  const s = (payload as { seq?: unknown } | null)?.seq;
  return typeof s === "number" && Number.isInteger(s) ? s : null;
}

export class GameRoom extends Room<{ state: GameMetaState }> {
  state = new GameMetaState();
  /** Colyseus' own per-connection limit, a backstop: the per-member gate (25 a second) acts first */
  maxMessagesPerSecond = 50;
  private gate = new RateGate();
  autoDispose = false;
  /** undefined only when onCreate refused the options (onDispose still runs then) */
  service!: GameService;
  private creatorPending = false;
  private idleTimer: ReturnType<typeof setTimeout> | null = null;
  private lastListing = "";

  async onCreate(options: Record<string, unknown>) {
    const ctx = roomContext();
    this.patchRate = 50;
    this.gate = new RateGate(ctx.rate);
    const deps = { store: ctx.store, hook: ctx.hook };
    const restoreId = typeof options.__restore === "string" ? ctx.restoreTickets.get(options.__restore) : undefined;
    if (restoreId) {
      ctx.restoreTickets.delete(options.__restore as string);
      const records = await ctx.store.load(restoreId);
      if (!records) throw new Error(`no log for game ${restoreId}`);
      this.service = GameService.restore(records, deps);
      this.roomId = restoreId;
    } else {
      const parsed = CreateOptionsSchema.safeParse(options);
      if (!parsed.success) throw new Error(`bad create options: ${zodMessage(parsed.error)}`);
      let created: Awaited<ReturnType<typeof GameService.create>> = null;
      for (let i = 0; i < 20 && !created; i++) created = await GameService.create(newJoinCode(), parsed.data, deps);
      if (!created) throw new Error("could not allocate a join code");
      this.service = created.service;
      this.pendingHostKey = created.hostKey;
      this.creatorPending = true;
      this.roomId = this.service.gameId;
    }
    this.service.listener = {
      meta: () => this.syncMeta(),
      resolved: (info) => this.publish(info),
      notice: (ids, n) => this.noticeTo(ids, n),
      seatChanged: (id) => this.sendViewTo(id, "seat"),
      draft: (seat) => this.sendDraft(seat),
      forecasts: (ids) => this.sendForecasts(ids),
      finished: () => this.syncMeta(),
      deleted: () => this.onDeleted(),
    };
    ctx.onCreated?.(this.roomId);
    await this.setPrivate(true); // joinable by code (roomId) only; the public list is GET /api/games
    this.syncMeta();
    this.service.start();
    this.armIdle();

    this.onMessage("submit", (client, payload, ctx2) =>
      this.answer(client, ctx2, payload, async () => {
        const p = SubmitMessageSchema.safeParse(payload);
        if (!p.success) return this.bad(payload, p.error);
        return this.service.submit(this.memberOf(client), p.data);
      }),
    );
    this.onMessage("draft", (client, payload, ctx2) =>
      this.answer(client, ctx2, payload, async () => {
        const p = DraftEditMessageSchema.safeParse(payload);
        if (!p.success) return this.bad(payload, p.error);
        return this.service.edit(this.memberOf(client), p.data);
      }),
    );
    this.onMessage("claimSeat", (client, payload, ctx2) =>
      this.answer(client, ctx2, payload, async () => {
        const p = ClaimSeatMessageSchema.safeParse(payload);
        if (!p.success) return this.bad(payload, p.error);
        return this.service.claimSeat(this.memberOf(client), p.data);
      }),
    );
    this.onMessage("host", (client, payload, ctx2) =>
      this.answer(client, ctx2, payload, async () => {
        const p = HostMessageSchema.safeParse(payload);
        if (!p.success) return this.bad(payload, p.error);
        return this.service.host(this.memberOf(client), p.data);
      }),
    );
    this.onMessage("forecast", (client, payload, ctx2) =>
      this.answer(client, ctx2, payload, async () => {
        const p = ForecastMessageSchema.safeParse(payload);
        if (!p.success) return this.bad(payload, p.error);
        return this.service.forecast(this.memberOf(client), p.data);
      }),
    );
    // a what-if fan of the game as it stands (server/game/forks.ts), played off this thread
    this.onMessage("fork", (client, payload, ctx2) =>
      this.answer(client, ctx2, payload, async () => {
        const p = ForkRequestSchema.safeParse(payload);
        if (!p.success) return this.bad(payload, p.error);
        return answerFork({ service: this.service, pool: roomContext().forks, memberId: this.memberOf(client) }, p.data);
      }),
    );
    // the finished game's log, for every member's debrief and replay (the reply's data.log)
    this.onMessage("log", (client, payload, ctx2) =>
      this.answer(client, ctx2, payload, async () => {
        const p = LogRequestSchema.safeParse(payload);
        if (!p.success) return this.bad(payload, p.error);
        if (!this.service.members.get(this.memberOf(client)))
          return { ok: false, seq: p.data.seq, code: "not_member", message: "you are not in this game" } satisfies Reply;
        await this.service.flush();
        if (this.service.phase !== "finished")
          return {
            ok: false,
            seq: p.data.seq,
            code: "game_running",
            message: "the game is still running: its log (every seat's orders) is served to every member once the game has ended",
          } satisfies Reply;
        const records = await this.service.store.load(this.service.gameId);
        if (!records) return { ok: false, seq: p.data.seq, code: "server_error", message: "the game's log is gone" } satisfies Reply;
        return { ok: true, seq: p.data.seq, data: { log: toGameLog(records) } } satisfies Reply;
      }),
    );
    this.onMessage("resync", (client, payload, ctx2) =>
      this.answer(client, ctx2, payload, async () => {
        const p = ResyncMessageSchema.safeParse(payload);
        if (!p.success) return this.bad(payload, p.error);
        await this.service.flush();
        this.sendView(client, "resync");
        return { ok: true, seq: p.data.seq } satisfies Reply;
      }),
    );
    // Unknown types sent fire-and-forget arrive here as (client, type, payload). A request whose
    // type is literally "*" arrives here too, as (client, payload, context): its Reply is returned.
    this.onMessage("*", (client, a: unknown, b: unknown) => {
      const request = isRequestContext(b);
      const type = request ? "*" : String(a);
      const payload = request ? a : b;
      const reply: Reply = {
        ok: false,
        seq: seqOf(payload),
        code: "unknown_type",
        message: `unknown message type ${JSON.stringify(type).slice(0, 60)} (known: submit, draft, claimSeat, host, resync, forecast, log, fork)`,
      };
      if (!this.admit(client)) return request ? this.limited(payload) : undefined;
      if (request) return reply;
      client.send("reply", reply);
      return undefined;
    });
  }

  private pendingHostKey: string | null = null;

  private bad(payload: unknown, error: { issues: { path: PropertyKey[]; message: string }[] }): Reply {
    return { ok: false, seq: seqOf(payload), code: "bad_message", message: zodMessage(error) };
  }

  /**
   * Counts a message against its member's rate; over the limit, every connection of the member
   * is closed and its rejoins are refused for the hold-off. False: drop the message.
   */
  private admit(client: Client): boolean {
    const id = this.memberOf(client);
    if (!id) return true;
    const hold = this.gate.hit(id);
    if (hold === 0) return true;
    for (const c of this.clients) if (this.memberOf(c) === id) c.leave(CLOSE_RATE_LIMITED, "rate_limited");
    return false;
  }

  private limited(payload: unknown): Reply {
    return { ok: false, seq: seqOf(payload), code: "rate_limited", message: "too many messages: held off" };
  }

  /** Runs a request handler; never throws; requests get the Reply back, fire-and-forget gets a `reply` message. */
  private async answer(client: Client, ctx: { id?: number } | undefined, payload: unknown, fn: () => Promise<Reply>): Promise<Reply> {
    if (!this.admit(client)) return this.limited(payload);
    let reply: Reply;
    try {
      reply = await fn();
    } catch (e) {
      console.error(`[room ${this.roomId}] handler failed:`, e);
      reply = { ok: false, seq: null, code: "server_error", message: "internal error; nothing was changed" };
    }
    if (ctx?.id === undefined) client.send("reply", reply);
    return reply;
  }

  private memberOf(client: Client): string {
    return (client.userData as ClientData | undefined)?.memberId ?? "";
  }

  async onJoin(client: Client, options: Record<string, unknown>) {
    let joinOpts: JoinOptions;
    let hostKey: string | undefined;
    if (this.creatorPending) {
      this.creatorPending = false;
      const p = CreateOptionsSchema.safeParse(options);
      joinOpts = { name: p.success ? p.data.name : "Host", seat: p.success ? p.data.seat : undefined, creator: true };
      hostKey = this.pendingHostKey ?? undefined;
      this.pendingHostKey = null;
    } else {
      const p = JoinOptionsSchema.safeParse(options ?? {});
      if (!p.success) throw new Error(`bad join options: ${zodMessage(p.error)}`);
      joinOpts = p.data;
      hostKey = p.data.hostKey;
    }
    let res: Awaited<ReturnType<GameService["join"]>>;
    try {
      res = await this.service.join(joinOpts);
    } catch (e) {
      if (e instanceof ServiceError) throw new Error(`${e.code}: ${e.message}`);
      throw e;
    }
    const held = this.gate.heldOff(res.member.id);
    if (held > 0) throw new Error(`rate_limited: you sent too many messages; rejoin in ${Math.ceil(held / 1000)} s`);
    client.userData = { memberId: res.member.id, connected: true } satisfies ClientData;
    const summary = this.service.connect(res.member.id);
    const welcome: WelcomeMessage = {
      protocol: PROTOCOL_VERSION,
      gameId: this.roomId,
      memberId: res.member.id,
      name: res.member.name,
      seat: res.member.seat,
      rejoinToken: res.token,
      isHost: res.member.host,
      isCohost: res.member.cohost,
      lastSeq: res.member.maxSeq,
      ...(res.member.host && hostKey ? { hostKey } : {}),
    };
    client.send("welcome", welcome);
    this.sendView(client, "join");
    if (summary) client.send("botSummary", summary satisfies BotSummaryMessage);
    this.sendForecastsTo(client);
    this.armIdle();
  }

  async onDrop(client: Client) {
    const d = client.userData as ClientData | undefined;
    if (d?.connected) {
      d.connected = false;
      this.service.disconnect(d.memberId);
    }
    const grace = this.service.options.graceSeconds;
    // a member held off for flooding gets no reconnection: it rejoins after its hold-off
    if (d && this.gate.heldOff(d.memberId) > 0) return;
    // Not awaited: Colyseus closes the socket only after onDrop returns (a client cut off for
    // flooding must lose its socket now); the reservation stays open for `grace` seconds.
    if (grace > 0 && !this.service.deleted) this.allowReconnection(client, grace).catch(() => {});
  }

  onReconnect(client: Client) {
    const d = client.userData as ClientData | undefined;
    let summary: BotSummaryMessage | null = null;
    if (d && !d.connected) {
      d.connected = true;
      summary = this.service.connect(d.memberId);
    }
    this.sendView(client, "join");
    if (summary) client.send("botSummary", summary);
    this.sendForecastsTo(client);
  }

  onLeave(client: Client) {
    const d = client.userData as ClientData | undefined;
    if (d?.connected) {
      d.connected = false;
      this.service.disconnect(d.memberId);
    }
    this.armIdle();
  }

  async onBeforeShutdown() {
    // Graceful: let queued submissions/resolutions finish persisting, then tell clients.
    await this.service.flush();
    this.broadcast("notice", {
      kind: "info",
      text: "server restarting; rejoin with your token",
      data: { code: "server_shutdown" },
    } satisfies NoticeMessage);
    await this.disconnect(4000);
  }

  onDispose() {
    // a room whose creation was refused (bad options) has no game to dispose
    this.service?.dispose();
    if (this.idleTimer) clearTimeout(this.idleTimer);
    roomContext().onDisposed?.(this.roomId);
  }

  /** Disposes a room nobody has been connected to for a while (its log stays; it is restored on the next start). */
  private armIdle() {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    if (this.clients.length > 0) return;
    const ms = this.service.phase === "finished" ? 60_000 : roomContext().idleMs;
    this.idleTimer = setTimeout(() => {
      if (this.clients.length === 0) void this.service.flush().then(() => this.disconnect());
    }, ms);
    this.idleTimer.unref?.();
  }

  // ---------- publishing ----------

  private seatOf(client: Client): string | null {
    return this.service.members.get(this.memberOf(client))?.seat ?? null;
  }

  /** A view message's fields other than the view and its sequence number. */
  private viewFields<R extends ViewMessage["reason"]>(seat: string | null, reason: R) {
    const s = this.service;
    const p = s.pendingFor(seat);
    return {
      reason,
      quarter: quartersResolved(s.state),
      hash: s.lastHash,
      resolvedAt: s.lastResolvedAt,
      events: s.eventsFor(seat),
      pending: p ? { orders: p.orders, by: p.by, seq: p.seq } : null,
      ...(reason === "resolved" ? { cause: s.lastCause } : {}),
    };
  }

  /**
   * The seat's view now, numbered. When it differs from the view the seat's online members hold
   * (the state changed between two resolutions, e.g. an injected shock), they get a patch
   * (`reason: "update"`), all but `except`, who is about to get the full view.
   */
  private seatViewNow(seat: string | null, except: Client): SeatView {
    const view = this.service.viewFor(seat);
    const prev = this.seatViews.get(seat);
    let shapes: string[][] = [];
    if (prev) {
      const patch = viewPatch(prev, { ...this.viewFields(seat, "update"), seq: this.viewSeq + 1, view });
      if (!patch) return prev;
      let bytes: Uint8Array | null = null;
      for (const c of this.clients) {
        if (c === except || this.seatOf(c) !== seat) continue;
        bytes ??= getMessageBytes.raw(Protocol.ROOM_DATA, "view", patch) as Uint8Array;
        c.enqueueRaw(bytes);
      }
      shapes = prev.shapes.concat(patch.shapes);
    }
    const now = { seq: ++this.viewSeq, view, shapes };
    this.seatViews.set(seat, now);
    return now;
  }

  private sendView(client: Client, reason: ViewMessage["reason"]) {
    const seat = this.seatOf(client);
    const { seq, view, shapes } = this.seatViewNow(seat, client);
    client.send("view", { ...this.viewFields(seat, reason), seq, view, shapes } satisfies ViewMessage);
    if (seat) client.send("draft", this.service.draftFor(seat));
  }

  /** A seat's shared draft changed: its members get it (encoded once), nobody else. */
  private sendDraft(seat: string) {
    const ids = new Set(this.service.members.ofSeat(seat).map((m) => m.id));
    let bytes: Uint8Array | null = null;
    for (const c of this.clients) {
      if (!ids.has(this.memberOf(c))) continue;
      bytes ??= getMessageBytes.raw(Protocol.ROOM_DATA, "draft", this.service.draftFor(seat)) as Uint8Array;
      c.enqueueRaw(bytes);
    }
  }

  /** Each of these members gets its own forecasts (with scores once resolved). */
  private sendForecasts(memberIds: string[]) {
    const ids = new Set(memberIds);
    for (const c of this.clients) if (ids.has(this.memberOf(c))) this.sendForecastsTo(c);
  }

  /** A member's forecasts, when the game asks for any or the member made some. */
  private sendForecastsTo(client: Client) {
    const msg = this.service.forecastsFor(this.memberOf(client));
    if (msg.targets.length || msg.mine.length) client.send("forecasts", msg satisfies ForecastsMessage);
  }

  /** The host deleted the game: everybody is told, then disconnected; the room goes. */
  private onDeleted() {
    this.broadcast("notice", {
      kind: "info",
      text: "the host deleted this game and its log",
      data: { code: "game_deleted" },
    } satisfies NoticeMessage);
    setTimeout(() => void this.disconnect(CLOSE_DELETED).catch(() => {}), 200);
  }

  private sendViewTo(memberId: string, reason: ViewMessage["reason"]) {
    for (const c of this.clients) if (this.memberOf(c) === memberId) this.sendView(c, reason);
  }

  /**
   * After a resolution: one encoding per seat (spectators share one), the same bytes to every
   * member of that seat. A seat whose online members hold its previous view gets a patch of
   * it; a seat the server holds no view of (nobody of it was online) gets the full view. The
   * views sent become the bases of the next patches; seats with nobody online are forgotten.
   */
  private publish(_info: ResolvedInfo) {
    const seatOf = new Map<Client, string | null>();
    for (const c of this.clients) seatOf.set(c, this.seatOf(c));
    const seats = [...new Set(seatOf.values())];
    // the history only grows and its past entries never change: each seat's view reuses the
    // entries its members hold and only the new ones are built (and diffed)
    const hist = historyLength(this.service.state);
    const fresh = Math.max(1, ...seats.map((seat) => hist - (this.seatViews.get(seat)?.view.history.length ?? 0)));
    const views = this.service.viewsFor(seats, fresh < hist ? { historyLimit: fresh } : {});
    const memo: DiffMemo = new Map();
    const bytes = new Map<string | null, Uint8Array>();
    const next = new Map<string | null, SeatView>();
    for (const [i, seat] of seats.entries()) {
      const prev = this.seatViews.get(seat);
      let view = views[i]!;
      if (fresh < hist) view = { ...view, history: prev!.view.history.slice(0, hist - fresh).concat(view.history) };
      const full: ViewMessage = { ...this.viewFields(seat, "resolved"), seq: ++this.viewSeq, view, shapes: [] };
      const patch = prev && viewPatch(prev, { ...full, reason: "resolved" }, memo);
      const b = getMessageBytes.raw(Protocol.ROOM_DATA, "view", patch || full) as Uint8Array;
      bytes.set(seat, b);
      next.set(seat, { seq: full.seq, view, shapes: patch ? prev.shapes.concat(patch.shapes) : [] });
      this.publishedBytes += b.byteLength;
      this.publishedEncodings++;
    }
    for (const [c, seat] of seatOf) c.enqueueRaw(bytes.get(seat)!);
    this.seatViews = next;
  }

  /** bytes and encodings of resolved views (for /healthz?detail=1 and the load bench) */
  publishedBytes = 0;
  publishedEncodings = 0;
  private seatViews = new Map<string | null, SeatView>();
  /** the room's view counter: every view a seat's members get is numbered with the next value */
  private viewSeq = 0;

  private noticeTo(memberIds: string[], n: NoticeMessage) {
    const set = new Set(memberIds);
    let bytes: Uint8Array | null = null; // encoded once for all recipients
    for (const c of this.clients) {
      if (!set.has(this.memberOf(c))) continue;
      bytes ??= getMessageBytes.raw(Protocol.ROOM_DATA, "notice", n) as Uint8Array;
      c.enqueueRaw(bytes);
    }
  }

  private syncMeta() {
    const m = this.service.meta();
    const st = this.state;
    if (st.gameId !== m.gameId) st.gameId = m.gameId;
    if (st.phase !== m.phase) st.phase = m.phase;
    if (st.quarter !== m.quarter) st.quarter = m.quarter;
    if (st.quarters !== m.quarters) st.quarters = m.quarters;
    if (st.scenario !== m.scenario) st.scenario = m.scenario;
    if (st.title !== m.title) st.title = m.title;
    if (st.deadline !== m.deadline) st.deadline = m.deadline;
    if (st.remainingMs !== m.remainingMs) st.remainingMs = m.remainingMs;
    if (st.turnSeconds !== m.turnSeconds) st.turnSeconds = m.turnSeconds;
    if (st.rehearsal !== m.rehearsal) st.rehearsal = m.rehearsal;
    if (st.teamCap !== m.teamCap) st.teamCap = m.teamCap;
    if (st.spectators !== m.spectators) st.spectators = m.spectators;
    if (st.players !== m.players) st.players = m.players;
    if (st.lastHash !== m.lastHash) st.lastHash = m.lastHash;
    if (st.debriefSection !== m.debriefSection) st.debriefSection = m.debriefSection;
    const targets = [...st.forecastTargets];
    if (targets.length !== m.forecastTargets.length || targets.some((v, i) => v !== m.forecastTargets[i])) {
      st.forecastTargets.clear();
      for (const t of m.forecastTargets) st.forecastTargets.push(t);
    }
    for (const s of m.seats) {
      let x = st.seats.get(s.id);
      if (!x) {
        x = new SeatMetaState();
        x.id = s.id;
        x.role = s.role;
        x.name = s.name;
        st.seats.set(s.id, x);
      }
      if (x.controller !== s.controller) x.controller = s.controller;
      if (x.connected !== s.connected) x.connected = s.connected;
      if (x.submitted !== s.submitted) x.submitted = s.submitted;
      if (x.submittedBy !== s.submittedBy) x.submittedBy = s.submittedBy;
      if (x.locked !== s.locked) x.locked = s.locked;
      if (x.failed !== s.failed) x.failed = s.failed;
      if (x.botFor !== s.botFor) x.botFor = s.botFor;
      const cur = [...x.members];
      if (cur.length !== s.members.length || cur.some((v, i) => v !== s.members[i])) {
        x.members.clear();
        for (const name of s.members) x.members.push(name);
      }
    }
    const seen = new Set<string>();
    for (const p of m.people) {
      seen.add(p.id);
      let x = st.people.get(p.id);
      if (!x) {
        x = new PersonMetaState();
        x.id = p.id;
        st.people.set(p.id, x);
      }
      if (x.name !== p.name) x.name = p.name;
      if (x.seat !== p.seat) x.seat = p.seat;
      if (x.connected !== p.connected) x.connected = p.connected;
      if (x.host !== p.host) x.host = p.host;
      if (x.cohost !== p.cohost) x.cohost = p.cohost;
    }
    for (const id of [...st.people.keys()]) if (!seen.has(id)) st.people.delete(id);
    const listing = JSON.stringify([m.public, m.phase, m.quarter, m.players, m.spectators]);
    if (listing !== this.lastListing) {
      this.lastListing = listing;
      void this.setMetadata({
        public: m.public,
        phase: m.phase,
        quarter: m.quarter,
        quarters: m.quarters,
        scenario: m.scenario,
        title: m.title,
        players: m.players,
        spectators: m.spectators,
        seats: m.seats.length,
      }).catch(() => {});
    }
  }
}
