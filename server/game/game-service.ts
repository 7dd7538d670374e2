/**
 * GameService: one game, framework-free. Seats and members, the order book of the quarter
 * being decided, bots, the quarter timer (injectable clock), host commands, client sequence
 * numbers, and persistence before publication: every accepted submission, membership change,
 * host command and resolved quarter is appended to the store BEFORE it is acknowledged or
 * published. All mutations run one at a time through `run()`.
 *
 * The rules live in shared/: this class only calls validateOrders, resolveTurn, playerView,
 * botOrders and injectShock.
 */
import {
  applyOverrides,
  BOT_VIEW,
  botOrders,
  type CreateOptions,
  companyIndex,
  createGame,
  type ErrorCode,
  injectShock as engineInjectShock,
  type GameEvent,
  type GameState,
  type HostAction,
  type NoticeMessage,
  type PlayerView,
  parseOrdersBySeat,
  parseScenario,
  playerView,
  type Reply,
  RULES_VERSION,
  resolveTurn,
  rulesLabel,
  scenarioInput,
  validateOrders,
} from "../../shared/index.ts";
import type { GameStore, HeaderRecord, LogRecord } from "../store/types.ts";
import { type Clock, systemClock } from "./clock.ts";
import { newMemberId, newSecret, secretMatches, sha256 } from "./ids.ts";

export type Phase = "lobby" | "playing" | "paused" | "finished";
export type Controller = "human" | "bot" | "standing";

export interface Member {
  id: string;
  name: string;
  tokenHash: string;
  seat: string | null;
  host: boolean;
  /** live connections of this member */
  connections: number;
  /** seq → reply, for duplicate detection (bounded) */
  seen: Map<number, Reply>;
  maxSeq: number;
}

export interface Pending {
  orders: unknown[];
  by: string;
  memberId: string;
  seq: number;
}

export interface SeatMeta {
  id: string;
  role: string;
  name: string;
  controller: Controller;
  connected: boolean;
  submitted: boolean;
  submittedBy: string;
  members: string[];
}

export interface GameMeta {
  gameId: string;
  phase: Phase;
  quarter: number;
  quarters: number;
  scenario: string;
  title: string;
  /** ms since epoch; 0 = no deadline running */
  deadline: number;
  /** ms left on the timer while paused */
  remainingMs: number;
  turnSeconds: number;
  public: boolean;
  seats: SeatMeta[];
  spectators: number;
  players: number;
  lastHash: string;
}

export interface ResolvedInfo {
  quarter: number;
  hash: string;
  events: GameEvent[];
  resolvedAt: number;
}

export interface ServiceListener {
  /** live metadata changed */
  meta?(): void;
  /** a quarter was resolved and persisted: publish the views */
  resolved?(info: ResolvedInfo): void;
  /** tell these members something */
  notice?(memberIds: string[], notice: NoticeMessage): void;
  /** a member's seat changed (send them a fresh view) */
  seatChanged?(memberId: string): void;
  finished?(): void;
}

export class ServiceError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}

export interface ServiceDeps {
  store: GameStore;
  clock?: Clock;
  listener?: ServiceListener;
  /** test hook: called at named points (e.g. to crash the process between persist and publish) */
  hook?: (point: "after-quarter-persisted" | "after-submit-persisted", info: { quarter: number }) => void;
}

const SEEN_MAX = 256;

/** A built-in scenario's JSON (a fresh copy) with the game's overrides applied: the scenario as a game plays it. */
function scenarioInputFor(id: string, overrides: { path: string; value: unknown }[]): unknown {
  return overrides.length ? applyOverrides(scenarioInput(id), overrides) : scenarioInput(id);
}

/**
 * The scenario JSON a logged game plays: the copy its header keeps, or, for a game created
 * before headers kept one, the built-in scenario on disk with the game's overrides.
 */
export function scenarioInputOf(header: HeaderRecord): unknown {
  return header.scenarioInput ?? scenarioInputFor(header.scenario.id, header.overrides);
}

function fail(code: ErrorCode, message: string, seq: number | null, extra?: Partial<Extract<Reply, { ok: false }>>): Reply {
  return { ok: false, seq, code, message, ...extra };
}

export class GameService {
  readonly gameId: string;
  readonly header: HeaderRecord;
  state: GameState;
  phase: Phase = "lobby";
  options: CreateOptions;
  members = new Map<string, Member>();
  book = new Map<string, Pending>();
  seatIds: string[];
  /** seat → when its last member disconnected (grace running) */
  dropTimes = new Map<string, number>();
  deadline = 0;
  remainingMs = 0;
  lastEvents: GameEvent[] = [];
  lastHash = "";
  lastResolvedAt = 0;
  /** bumped on every change of `state` (a resolution, an injected shock): views cached by the room are valid for one version */
  stateVersion = 0;
  private chain: Promise<unknown> = Promise.resolve();
  private timer: unknown = null;
  private disposed = false;
  readonly store: GameStore;
  readonly clock: Clock;
  listener: ServiceListener;
  private hook: ServiceDeps["hook"];

  private constructor(header: HeaderRecord, state: GameState, deps: ServiceDeps) {
    this.gameId = header.gameId;
    this.header = header;
    this.state = state;
    this.options = { ...header.options };
    this.seatIds = [...state.companies.id];
    this.store = deps.store;
    this.clock = deps.clock ?? systemClock;
    this.listener = deps.listener ?? {};
    this.hook = deps.hook;
  }

  /** Creates a new game and its log. Returns null when the id is taken. */
  static async create(
    gameId: string,
    options: CreateOptions,
    deps: ServiceDeps,
  ): Promise<{ service: GameService; hostKey: string } | null> {
    const overrides: { path: string; value: unknown }[] = [];
    if (options.quarters) {
      overrides.push({ path: "quarters", value: options.quarters });
      // a shortened game drops the scenario's scheduled shocks that would fall after its end
      const input = scenarioInput(options.scenario) as { schedule?: { quarter: number }[] };
      const schedule = input.schedule ?? [];
      const kept = schedule.filter((x) => x.quarter <= (options.quarters ?? 0));
      if (kept.length !== schedule.length) overrides.push({ path: "schedule", value: kept });
    }
    // the scenario as played is kept in the header, so that a changed scenario file on disk
    // (a new calibration shipped while games are running) does not change a game in progress
    const input = scenarioInputFor(options.scenario, overrides);
    const scenario = parseScenario(input);
    const seed = options.seed ?? Math.floor(Math.random() * 0xffffffff);
    const state = createGame(scenario, seed);
    const hostKey = newSecret();
    const header: HeaderRecord = {
      kind: "header",
      gameId,
      createdAt: (deps.clock ?? systemClock).now(),
      scenario: { id: scenario.id, version: scenario.version },
      rules: RULES_VERSION,
      scenarioInput: input,
      seed,
      overrides,
      options: { ...options, seed },
      seats: [...state.companies.id],
      roles: Object.fromEntries(state.companies.id.map((id, i) => [id, state.companies.role[i]!])),
      names: Object.fromEntries(state.companies.id.map((id, i) => [id, state.companies.name[i]!])),
      start: { ...state.start },
      hostKeyHash: sha256(hostKey),
    };
    if (!(await deps.store.create(header))) return null;
    const service = new GameService(header, state, deps);
    service.lastHash = "";
    return { service, hostKey };
  }

  /** Rebuilds a game from its log: the same state hash as the run that wrote it. */
  static restore(records: LogRecord[], deps: ServiceDeps): GameService {
    const header = records[0];
    if (header?.kind !== "header") throw new Error("log has no header");
    const service = new GameService(header, createGame(parseScenario(scenarioInputOf(header)), header.seed), deps);
    service.replay(records.slice(1));
    return service;
  }

  private replay(records: LogRecord[]): void {
    const now = this.clock.now();
    for (const r of records) {
      switch (r.kind) {
        case "member": {
          const m = this.members.get(r.memberId);
          if (m) {
            m.seat = r.seat;
            m.host = r.host;
            m.name = r.name;
          } else {
            this.members.set(r.memberId, {
              id: r.memberId,
              name: r.name,
              tokenHash: r.tokenHash,
              seat: r.seat,
              host: r.host,
              connections: 0,
              seen: new Map(),
              maxSeq: -1,
            });
          }
          break;
        }
        case "submit": {
          const m = this.members.get(r.memberId);
          if (m) this.remember(m, r.seq, { ok: true, seq: r.seq, data: { quarter: r.quarter } });
          if (r.quarter === this.state.quarter + 1)
            this.book.set(r.seat, { orders: r.orders, by: m?.name ?? "?", memberId: r.memberId, seq: r.seq });
          break;
        }
        case "control":
          if (r.action === "start" || r.action === "resume") this.phase = "playing";
          else if (r.action === "pause") this.phase = "paused";
          else if (r.action === "end") this.phase = "finished";
          else if (r.action === "timer" && typeof r.data?.turnSeconds === "number") this.options.turnSeconds = r.data.turnSeconds;
          break;
        case "inject":
          this.state = engineInjectShock(this.state, r.shock, r.params, r.quarter);
          break;
        case "quarter": {
          if (r.quarter !== this.state.quarter + 1) throw new Error(`log: quarter ${r.quarter} after ${this.state.quarter}`);
          const res = resolveTurn(this.state, parseOrdersBySeat(r.ordersBySeat).orders);
          if (res.hash !== r.hash) {
            const other = this.header.rules !== RULES_VERSION;
            throw new Error(
              `log: hash mismatch at quarter ${r.quarter}: ${res.hash} != ${r.hash}${
                other
                  ? ` (the game was played under ${rulesLabel(this.header.rules)} and this server plays ${rulesLabel(RULES_VERSION)}: it can be restored by the version that played it)`
                  : ""
              }`,
            );
          }
          this.state = res.state;
          this.lastEvents = res.events;
          this.lastHash = res.hash;
          this.lastResolvedAt = r.at;
          this.book.clear();
          if (this.state.finished) this.phase = "finished";
          break;
        }
        case "header":
          break;
      }
    }
    // Everybody is disconnected after a restart: their grace starts now.
    for (const s of this.seatIds) if (this.membersOf(s).length) this.dropTimes.set(s, now);
    if (this.phase === "playing") this.deadline = this.options.turnSeconds > 0 ? now + this.options.turnSeconds * 1000 : 0;
    if (this.phase === "paused") this.remainingMs = this.options.turnSeconds * 1000;
  }

  start(): void {
    this.schedule();
    // a restored quarter whose submissions were all in may resolve right away
    this.queueMaybeResolve();
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
  }

  /** Runs one mutation after all earlier ones (the service's lock). */
  run<T>(fn: () => Promise<T> | T): Promise<T> {
    const p = this.chain.then(fn, fn);
    this.chain = p.catch(() => {});
    return p;
  }

  /** Waits until every queued mutation (and its persistence) is done. */
  async flush(): Promise<void> {
    for (;;) {
      const c = this.chain;
      await c;
      if (c === this.chain) return;
    }
  }

  // ---------- members ----------

  membersOf(seat: string): Member[] {
    const out: Member[] = [];
    for (const m of this.members.values()) if (m.seat === seat) out.push(m);
    return out;
  }

  private remember(m: Member, seq: number, reply: Reply): void {
    m.seen.set(seq, reply);
    if (seq > m.maxSeq) m.maxSeq = seq;
    if (m.seen.size > SEEN_MAX) {
      const first = m.seen.keys().next().value;
      if (first !== undefined) m.seen.delete(first);
    }
  }

  private autoSeat(): string | null {
    let best: string | null = null;
    let bestN = Number.POSITIVE_INFINITY;
    for (const s of this.seatIds) {
      const n = this.membersOf(s).length;
      if (n < bestN) {
        best = s;
        bestN = n;
      }
    }
    return best;
  }

  private async persistMember(m: Member): Promise<void> {
    await this.store.append(this.gameId, {
      kind: "member",
      memberId: m.id,
      tokenHash: m.tokenHash,
      name: m.name,
      seat: m.seat,
      host: m.host,
      at: this.clock.now(),
    });
  }

  /**
   * A client joins: a new member (seat chosen or automatic, or spectator), or an existing
   * member by rejoin token. Returns the member and its secret rejoin token.
   */
  join(opts: { name: string; seat?: string; spectator?: boolean; rejoin?: string; hostKey?: string; creator?: boolean }): Promise<{
    member: Member;
    token: string;
    isNew: boolean;
  }> {
    return this.run(async () => {
      const asHost = !!opts.creator || (opts.hostKey !== undefined && secretMatches(opts.hostKey, this.header.hostKeyHash));
      if (opts.hostKey !== undefined && !asHost) throw new ServiceError("not_host", "wrong host key");
      if (opts.rejoin) {
        const h = sha256(opts.rejoin);
        for (const m of this.members.values()) {
          if (m.tokenHash === h) {
            if (asHost && !m.host) {
              m.host = true;
              await this.persistMember(m);
            }
            return { member: m, token: opts.rejoin, isNew: false };
          }
        }
        throw new ServiceError("not_member", "unknown rejoin token (join again as a new player)");
      }
      let seat: string | null;
      if (opts.spectator) seat = null;
      else if (opts.seat && opts.seat !== "auto") {
        if (companyIndex(this.state, opts.seat) < 0)
          throw new ServiceError("unknown_seat", `no seat "${opts.seat}" (seats: ${this.seatIds.join(", ")})`);
        seat = opts.seat;
      } else if (opts.creator) seat = null;
      else seat = this.autoSeat();
      if (this.phase === "finished" && seat) seat = null;
      const token = newSecret();
      const m: Member = {
        id: newMemberId(),
        name: opts.name,
        tokenHash: sha256(token),
        seat,
        host: asHost,
        connections: 0,
        seen: new Map(),
        maxSeq: -1,
      };
      await this.persistMember(m);
      this.members.set(m.id, m);
      return { member: m, token, isNew: true };
    });
  }

  connect(memberId: string): void {
    const m = this.members.get(memberId);
    if (!m) return;
    m.connections++;
    if (m.seat) this.dropTimes.delete(m.seat);
    this.changed();
  }

  disconnect(memberId: string): void {
    const m = this.members.get(memberId);
    if (!m) return;
    m.connections = Math.max(0, m.connections - 1);
    if (m.seat && !this.membersOf(m.seat).some((x) => x.connections > 0)) this.dropTimes.set(m.seat, this.clock.now());
    this.changed();
  }

  controllerOf(seat: string): Controller {
    const ms = this.membersOf(seat);
    if (ms.length === 0) return this.options.bots ? "bot" : "standing";
    if (ms.some((m) => m.connections > 0)) return "human";
    const dropped = this.dropTimes.get(seat);
    if (dropped !== undefined && this.clock.now() - dropped >= this.options.graceSeconds * 1000) return "bot";
    return "human";
  }

  private ready(seat: string): boolean {
    return this.book.has(seat) || this.controllerOf(seat) !== "human";
  }

  // ---------- requests ----------

  submit(memberId: string, msg: { seq: number; quarter: number; orders: unknown[] }): Promise<Reply> {
    return this.run(async () => {
      const m = this.members.get(memberId);
      if (!m) return fail("not_member", "you are not in this game", msg.seq);
      const dup = m.seen.get(msg.seq);
      if (dup) return { ...dup, duplicate: true } as Reply;
      const reply = await this.submitInner(m, msg);
      this.remember(m, msg.seq, reply);
      return reply;
    });
  }

  private async submitInner(m: Member, msg: { seq: number; quarter: number; orders: unknown[] }): Promise<Reply> {
    if (!m.seat) return fail("not_your_seat", "you have no seat (spectators cannot submit); claim a seat first", msg.seq);
    if (this.phase === "finished") return fail("game_over", "the game is over", msg.seq);
    const expected = this.state.quarter + 1;
    if (msg.quarter !== expected) {
      return fail("wrong_quarter", `orders are being collected for quarter ${expected}, not ${msg.quarter}`, msg.seq, {});
    }
    const v = validateOrders(this.state, m.seat, msg.orders);
    if (!v.ok) {
      return fail("orders_rejected", `${v.rejections.length} order(s) rejected; nothing was submitted`, msg.seq, {
        rejections: v.rejections.map((r) => ({ index: r.index, type: r.type, code: r.code, message: r.message })),
      });
    }
    const seat = m.seat;
    await this.store.append(this.gameId, {
      kind: "submit",
      quarter: expected,
      seat,
      memberId: m.id,
      seq: msg.seq,
      orders: msg.orders,
      at: this.clock.now(),
    });
    this.book.set(seat, { orders: msg.orders, by: m.name, memberId: m.id, seq: msg.seq });
    this.hook?.("after-submit-persisted", { quarter: expected });
    const team = this.membersOf(seat)
      .filter((x) => x.id !== m.id)
      .map((x) => x.id);
    if (team.length) {
      this.listener.notice?.(team, {
        kind: "submitted",
        text: `${m.name} submitted ${msg.orders.length} order(s) for ${seat}`,
        data: { seat, by: m.name, count: msg.orders.length, quarter: expected },
      });
    }
    this.changed();
    this.queueMaybeResolve();
    return { ok: true, seq: msg.seq, data: { quarter: expected, seat, count: msg.orders.length } };
  }

  claimSeat(memberId: string, msg: { seq: number; seat: string }): Promise<Reply> {
    return this.run(async () => {
      const m = this.members.get(memberId);
      if (!m) return fail("not_member", "you are not in this game", msg.seq);
      if (companyIndex(this.state, msg.seat) < 0)
        return fail("unknown_seat", `no seat "${msg.seat}" (seats: ${this.seatIds.join(", ")})`, msg.seq);
      if (this.phase === "finished") return fail("game_over", "the game is over", msg.seq);
      if (m.seat !== msg.seat) await this.moveMember(m, msg.seat);
      return { ok: true, seq: msg.seq, data: { seat: msg.seat } };
    });
  }

  private async moveMember(m: Member, seat: string | null): Promise<void> {
    const old = m.seat;
    m.seat = seat;
    await this.persistMember(m);
    if (old && !this.membersOf(old).some((x) => x.connections > 0)) this.dropTimes.set(old, this.clock.now());
    if (seat && m.connections > 0) this.dropTimes.delete(seat);
    this.listener.seatChanged?.(m.id);
    this.changed();
  }

  isHost(memberId: string | undefined, hostKey: string): boolean {
    return secretMatches(hostKey, this.header.hostKeyHash) && (memberId === undefined || this.members.has(memberId));
  }

  host(memberId: string, msg: { seq: number; hostKey: string; command: HostAction }): Promise<Reply> {
    return this.run(async () => {
      const m = this.members.get(memberId);
      if (!m) return fail("not_member", "you are not in this game", msg.seq);
      const dup = m.seen.get(msg.seq);
      if (dup) return { ...dup, duplicate: true } as Reply;
      const reply = secretMatches(msg.hostKey, this.header.hostKeyHash)
        ? await this.hostInner(msg.seq, msg.command)
        : fail("not_host", "only the host key may do this", msg.seq);
      this.remember(m, msg.seq, reply);
      return reply;
    });
  }

  private async control(action: Extract<LogRecord, { kind: "control" }>["action"], data?: Record<string, unknown>): Promise<void> {
    await this.store.append(this.gameId, { kind: "control", action, at: this.clock.now(), ...(data ? { data } : {}) });
  }

  private async hostInner(seq: number, c: HostAction): Promise<Reply> {
    const now = this.clock.now();
    const ok = (data?: Record<string, unknown>): Reply => ({ ok: true, seq, ...(data ? { data } : {}) });
    if (this.phase === "finished") return fail("game_over", "the game is over", seq);
    switch (c.action) {
      case "start":
        if (this.phase !== "lobby") return fail("bad_phase", `cannot start: the game is ${this.phase}`, seq);
        await this.control("start");
        this.phase = "playing";
        this.deadline = this.options.turnSeconds > 0 ? now + this.options.turnSeconds * 1000 : 0;
        this.changed();
        this.queueMaybeResolve();
        return ok();
      case "pause":
        if (this.phase !== "playing") return fail("bad_phase", `cannot pause: the game is ${this.phase}`, seq);
        await this.control("pause");
        this.phase = "paused";
        this.remainingMs = this.deadline ? Math.max(0, this.deadline - now) : 0;
        this.deadline = 0;
        this.changed();
        return ok();
      case "resume":
        if (this.phase !== "paused") return fail("bad_phase", `cannot resume: the game is ${this.phase}`, seq);
        await this.control("resume");
        this.phase = "playing";
        this.deadline = this.options.turnSeconds > 0 ? now + Math.max(this.remainingMs, 5000) : 0;
        this.changed();
        this.queueMaybeResolve();
        return ok();
      case "setTimer":
        await this.control("timer", { turnSeconds: c.seconds });
        this.options.turnSeconds = c.seconds;
        if (this.phase === "playing") this.deadline = now + c.seconds * 1000;
        if (this.phase === "paused") this.remainingMs = c.seconds * 1000;
        this.changed();
        return ok({ deadline: this.deadline });
      case "extendTimer":
        if (this.phase === "playing" && this.deadline) this.deadline = Math.max(now, this.deadline + c.seconds * 1000);
        else if (this.phase === "paused") this.remainingMs = Math.max(0, this.remainingMs + c.seconds * 1000);
        else return fail("bad_phase", "no timer is running", seq);
        this.changed();
        return ok({ deadline: this.deadline });
      case "resolveNow":
        if (this.phase !== "playing" && this.phase !== "paused") return fail("bad_phase", `cannot resolve: the game is ${this.phase}`, seq);
        await this.resolveLocked();
        return ok({ quarter: this.state.quarter, hash: this.lastHash });
      case "injectShock": {
        const quarter = this.state.quarter + 1;
        let next: GameState;
        try {
          next = engineInjectShock(this.state, c.shock, c.params, quarter);
        } catch (e) {
          return fail("unknown_shock", e instanceof Error ? e.message : String(e), seq);
        }
        await this.store.append(this.gameId, { kind: "inject", quarter, shock: c.shock, params: c.params, at: now });
        this.state = next;
        this.stateVersion++;
        this.listener.notice?.(
          [...this.members.values()].filter((m) => m.host).map((m) => m.id),
          { kind: "shock", text: `shock ${c.shock} scheduled for quarter ${quarter}`, data: { shock: c.shock, quarter } },
        );
        return ok({ quarter });
      }
      case "assignSeat": {
        if (companyIndex(this.state, c.seat) < 0) return fail("unknown_seat", `no seat "${c.seat}"`, seq);
        const target = this.members.get(c.player) ?? [...this.members.values()].find((m) => m.name === c.player);
        if (!target) return fail("not_member", `no player "${c.player}" (use a memberId or an exact name)`, seq);
        await this.moveMember(target, c.seat);
        this.listener.notice?.([target.id], { kind: "seat", text: `the host moved you to seat ${c.seat}`, data: { seat: c.seat } });
        return ok({ memberId: target.id, seat: c.seat });
      }
      case "freeSeat": {
        if (companyIndex(this.state, c.seat) < 0) return fail("unknown_seat", `no seat "${c.seat}"`, seq);
        const ms = this.membersOf(c.seat);
        for (const m of ms) {
          await this.moveMember(m, null);
          this.listener.notice?.([m.id], {
            kind: "seat",
            text: `the host freed seat ${c.seat}; you are now a spectator`,
            data: { seat: null },
          });
        }
        this.dropTimes.delete(c.seat);
        this.changed();
        return ok({ freed: ms.length });
      }
      case "end":
        await this.control("end");
        await this.finish();
        return ok();
    }
  }

  private async finish(): Promise<void> {
    this.phase = "finished";
    this.deadline = 0;
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
    await this.store.markFinished(this.gameId).catch(() => {});
    this.changed();
    this.listener.finished?.();
  }

  // ---------- resolution ----------

  private queueMaybeResolve(): void {
    void this.run(async () => {
      if (this.phase !== "playing") return;
      if (
        this.options.waitForAll &&
        this.seatIds.some((s) => this.controllerOf(s) === "human") &&
        this.seatIds.every((s) => this.ready(s))
      ) {
        await this.resolveLocked();
      }
      // With no human seat at all, only the timer or the host resolves.
    });
  }

  /** Resolves the quarter being decided. Call only inside run(). */
  private async resolveLocked(): Promise<void> {
    if (this.phase === "finished" || this.disposed) return;
    const ordersBySeat: Record<string, unknown[]> = {};
    for (const seat of this.seatIds) {
      const p = this.book.get(seat);
      if (p) ordersBySeat[seat] = p.orders;
      else {
        const ctl = this.controllerOf(seat);
        const useBot = ctl === "bot" || (ctl === "human" && this.options.idle === "bot");
        ordersBySeat[seat] = useBot ? this.botFor(seat) : [];
      }
    }
    const res = resolveTurn(this.state, parseOrdersBySeat(ordersBySeat).orders);
    const now = this.clock.now();
    await this.store.append(this.gameId, { kind: "quarter", quarter: res.state.quarter, ordersBySeat, hash: res.hash, at: now });
    this.hook?.("after-quarter-persisted", { quarter: res.state.quarter });
    this.state = res.state;
    this.stateVersion++;
    this.book.clear();
    this.lastEvents = res.events;
    this.lastHash = res.hash;
    this.lastResolvedAt = now;
    if (this.phase === "playing") this.deadline = this.options.turnSeconds > 0 ? now + this.options.turnSeconds * 1000 : 0;
    else if (this.phase === "paused") this.remainingMs = this.options.turnSeconds * 1000;
    this.listener.resolved?.({ quarter: res.state.quarter, hash: res.hash, events: res.events, resolvedAt: now });
    if (this.state.finished) await this.finish();
    else this.changed();
  }

  private botFor(seat: string): unknown[] {
    try {
      const i = companyIndex(this.state, seat);
      // bots read a shared, recent view (they never modify it): no copy of the state per bot
      return botOrders(playerView(this.state, seat, BOT_VIEW), i >= 0 ? this.state.companies.personality[i]! : "cautious");
    } catch (e) {
      console.error(`[game ${this.gameId}] bot for ${seat} failed:`, e);
      return [];
    }
  }

  /** Re-arms the single timer: the quarter deadline or the next grace expiry, whichever first. */
  private schedule(): void {
    if (this.disposed) return;
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
    if (this.phase === "finished") return;
    const now = this.clock.now();
    let wake = Number.POSITIVE_INFINITY;
    if (this.phase === "playing" && this.deadline > 0) wake = this.deadline;
    for (const [, t] of this.dropTimes) {
      const at = t + this.options.graceSeconds * 1000;
      if (at > now) wake = Math.min(wake, at);
    }
    if (!Number.isFinite(wake)) return;
    this.timer = this.clock.setTimeout(() => this.tick(), Math.max(0, wake - now) + 1);
  }

  private tick(): void {
    this.timer = null;
    void this.run(async () => {
      if (this.phase === "playing" && this.deadline > 0 && this.clock.now() >= this.deadline) await this.resolveLocked();
      else this.changed();
    }).catch((e) => console.error(`[game ${this.gameId}] timer failed:`, e));
    this.queueMaybeResolve();
  }

  private changed(): void {
    this.schedule();
    this.listener.meta?.();
  }

  // ---------- views ----------

  viewFor(seat: string | null): PlayerView {
    return playerView(this.state, seat);
  }

  eventsFor(seat: string | null): GameEvent[] {
    return this.lastEvents.filter((e) => e.seat === undefined || (seat !== null && e.seat === seat));
  }

  pendingFor(seat: string | null): Pending | null {
    return seat ? (this.book.get(seat) ?? null) : null;
  }

  meta(): GameMeta {
    let spectators = 0;
    let players = 0;
    for (const m of this.members.values()) {
      if (m.connections === 0) continue;
      if (m.seat) players++;
      else spectators++;
    }
    return {
      gameId: this.gameId,
      phase: this.phase,
      quarter: this.state.quarter,
      quarters: this.state.quarters,
      scenario: this.header.scenario.id,
      title: this.state.title,
      deadline: this.phase === "playing" ? this.deadline : 0,
      remainingMs: this.phase === "paused" ? this.remainingMs : 0,
      turnSeconds: this.options.turnSeconds,
      public: this.options.public,
      spectators,
      players,
      lastHash: this.lastHash,
      seats: this.seatIds.map((id) => {
        const i = companyIndex(this.state, id);
        const a = { role: this.state.companies.role[i]!, name: this.state.companies.name[i]! };
        const ms = this.membersOf(id);
        const p = this.book.get(id);
        return {
          id,
          role: a.role,
          name: a.name,
          controller: this.controllerOf(id),
          connected: ms.some((m) => m.connections > 0),
          submitted: !!p,
          submittedBy: p?.by ?? "",
          members: ms.map((m) => m.name),
        };
      }),
    };
  }
}
