/**
 * GameService: one game, framework-free. It orchestrates the game's parts (members.ts, seats.ts,
 * drafts.ts, timer.ts) and its log: every change to a game is a log record, and there is one
 * function that applies a record, `applyRecord`, used both live and when a game is restored
 * from its log. A live action checks the request, builds its record, persists it (before any
 * acknowledgement or publication), then applies it; afterwards it tells the room what to
 * publish (notices, drafts, views). All mutations run one at a time through `run()`.
 *
 * The rules live in shared/: this class only calls validateOrders, parseOrdersBySeat,
 * resolveTurn, playerView, botOrders and injectShock, and reads the game state only through
 * state-facts.ts.
 */
import {
  applyOverrides,
  BOT_VIEW,
  type BotSummaryMessage,
  botOrders,
  type CreateOptions,
  checkFiredShocks,
  createGame,
  type DebriefSection,
  type DraftChange,
  type DraftEditMessage,
  type DraftMessage,
  type ErrorCode,
  injectShock as engineInjectShock,
  type ForecastMessage,
  type ForecastRecord,
  type ForecastsMessage,
  type ForecastTarget,
  type GameEvent,
  type GameState,
  type HostAction,
  injectNewShock,
  type NoticeMessage,
  type PlayerView,
  parseOrdersBySeat,
  parseScenario,
  playerView,
  playerViews,
  type Reply,
  type ResolveCause,
  RULES_VERSION,
  resolveTurn,
  rulesLabel,
  scenarioInput,
  scoreForecast,
  type TurnResult,
  type ViewOptions,
  validateOrders,
} from "../../shared/index.ts";
import type { ControlRecord, ForecastLogRecord, GameStore, HeaderRecord, LogRecord, QuarterRecord, SubmitRecord } from "../store/types.ts";
import { type Clock, systemClock } from "./clock.ts";
import { Drafts, keyWords } from "./drafts.ts";
import { newMemberId, newSecret, secretMatches, sha256 } from "./ids.ts";
import { type Member, Members } from "./members.ts";
import { type Controller, Seats } from "./seats.ts";
import {
  eventText,
  failureEvent,
  gameLength,
  hasSeat,
  isFinished,
  quartersResolved,
  seatFailed,
  seatIdsOf,
  seatName,
  seatNames,
  seatPersonality,
  seatRole,
  seatRoles,
  shockTitle,
  startOf,
  titleOf,
} from "./state-facts.ts";
import { QuarterTimer } from "./timer.ts";

export type { Member } from "./members.ts";
export type { Controller } from "./seats.ts";
export type Phase = "lobby" | "playing" | "paused" | "finished";

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
  /** only the host moves people into or out of it */
  locked: boolean;
  /** the company failed: it sends no more orders */
  failed: boolean;
  /** a bot plays the seat for these away members ("" when none) */
  botFor: string;
}

export interface PersonMeta {
  id: string;
  name: string;
  seat: string;
  connected: boolean;
  host: boolean;
  cohost: boolean;
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
  /** the turn length a new quarter starts with (0 = no timer) */
  turnSeconds: number;
  public: boolean;
  rehearsal: boolean;
  teamCap: number;
  /** the market figures players forecast each quarter */
  forecastTargets: ForecastTarget[];
  /** after the end: the debrief section the host shows on the projector */
  debriefSection: DebriefSection;
  seats: SeatMeta[];
  people: PersonMeta[];
  spectators: number;
  players: number;
  lastHash: string;
}

export interface ResolvedInfo {
  quarter: number;
  hash: string;
  events: GameEvent[];
  resolvedAt: number;
  cause: ResolveCause;
}

export interface ServiceListener {
  /** live metadata changed */
  meta?(): void;
  /** a quarter was resolved and persisted: publish the views */
  resolved?(info: ResolvedInfo): void;
  /** tell these members something */
  notice?(memberIds: string[], notice: NoticeMessage): void;
  /** a member's seat changed (send them a fresh view and draft) */
  seatChanged?(memberId: string): void;
  /** a seat's shared draft changed: send it to the seat's members */
  draft?(seat: string): void;
  /** these members' forecasts changed or were scored: send them theirs */
  forecasts?(memberIds: string[]): void;
  finished?(): void;
  /** the host deleted the game and its log: disconnect everybody */
  deleted?(): void;
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

/** A control record's own fields (distributed over its actions). */
type ControlBody = ControlRecord extends infer R ? (R extends unknown ? Omit<R, "kind" | "v" | "at"> : never) : never;

/** What applying a record changed, for the live action that wrote it. */
interface Applied {
  member?: Member;
  /** a member record: the member's seat before */
  before?: string | null;
  changes?: DraftChange[];
  reply?: Reply;
}

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

/** A log played under other rules cannot be restored here: the one-line reason, or null. */
export function rulesRefusal(header: HeaderRecord): string | null {
  if (header.rules === undefined || header.rules === RULES_VERSION) return null;
  return `game ${header.gameId} was played under ${rulesLabel(header.rules)} and this server plays ${rulesLabel(RULES_VERSION)}: restore it with the version that played it`;
}

function fail(code: ErrorCode, message: string, seq: number | null, extra?: Partial<Extract<Reply, { ok: false }>>): Reply {
  return { ok: false, seq, code, message, ...extra };
}

/** What a client asks for when it joins (see GameService.join). */
export interface JoinOptions {
  name: string;
  seat?: string;
  spectator?: boolean;
  choose?: boolean;
  rejoin?: string;
  hostKey?: string;
  creator?: boolean;
}

/** The options a game plays with: a rehearsal is private, untimed, and bots play every other seat. */
function effectiveOptions(options: CreateOptions): CreateOptions {
  if (!options.rehearsal) return options;
  return { ...options, public: false, turnSeconds: 0, waitForAll: true, bots: true, idle: "bot" };
}

export class GameService {
  readonly gameId: string;
  readonly header: HeaderRecord;
  state: GameState;
  phase: Phase = "lobby";
  options: CreateOptions;
  readonly members = new Members();
  readonly seats: Seats;
  readonly drafts = new Drafts();
  readonly timer = new QuarterTimer();
  lastEvents: GameEvent[] = [];
  lastHash = "";
  lastResolvedAt = 0;
  lastCause: ResolveCause = "unknown";
  /** the market figures the host asks players to forecast */
  forecastTargets: ForecastTarget[] = [];
  /** every forecast made, in order (a later one of the same member, figure and quarter replaces an earlier one) */
  readonly forecasts: ForecastLogRecord[] = [];
  /** the debrief section on the projector (display only: not logged) */
  debriefSection: DebriefSection = "ranking";
  /** bumped on every change of `state` (a resolution, an injected shock): views cached by the room are valid for one version */
  stateVersion = 0;
  deleted = false;
  private chain: Promise<unknown> = Promise.resolve();
  private alarm: unknown = null;
  private disposed = false;
  readonly store: GameStore;
  readonly clock: Clock;
  listener: ServiceListener;
  private hook: ServiceDeps["hook"];

  private constructor(header: HeaderRecord, state: GameState, deps: ServiceDeps) {
    this.gameId = header.gameId;
    this.header = header;
    this.state = state;
    this.options = effectiveOptions({ ...header.options });
    this.seats = new Seats(seatIdsOf(state));
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
    const scenario = checkFiredShocks(parseScenario(input));
    const seed = options.seed ?? Math.floor(Math.random() * 0xffffffff);
    const state = createGame(scenario, seed);
    const hostKey = newSecret();
    const header: HeaderRecord = {
      kind: "header",
      v: 1,
      gameId,
      createdAt: (deps.clock ?? systemClock).now(),
      scenario: { id: scenario.id, version: scenario.version },
      rules: RULES_VERSION,
      scenarioInput: input,
      seed,
      overrides,
      options: { ...effectiveOptions(options), seed },
      seats: seatIdsOf(state),
      roles: seatRoles(state),
      names: seatNames(state),
      start: startOf(state),
      hostKeyHash: sha256(hostKey),
    };
    if (!(await deps.store.create(header))) return null;
    const service = new GameService(header, state, deps);
    return { service, hostKey };
  }

  /**
   * Rebuilds a game from its log (records parsed and migrated by the store): the same state
   * hash as the run that wrote it, through the same applyRecord as live play. A log played
   * under other rules is refused with both versions named.
   */
  static restore(records: LogRecord[], deps: ServiceDeps): GameService {
    const header = records[0];
    if (header?.kind !== "header") throw new Error("log has no header");
    const refusal = rulesRefusal(header);
    if (refusal) throw new Error(refusal);
    const service = new GameService(header, createGame(parseScenario(scenarioInputOf(header)), header.seed), deps);
    for (const r of records.slice(1)) service.applyRecord(r);
    service.afterRestore();
    return service;
  }

  /**
   * Applies one log record to the game: the only place a game changes. Live play persists the
   * record first, then applies it here (passing what it already computed: a resolved turn, a
   * state with an injected shock); a restore applies the log's records in order.
   */
  applyRecord(r: LogRecord, computed: { result?: TurnResult; state?: GameState } = {}): Applied {
    switch (r.kind) {
      case "header":
        return {};
      case "member": {
        const { member, before } = this.members.apply(r, quartersResolved(this.state));
        if (before !== r.seat) this.drafts.dropEditor(before, member.id);
        this.seats.presence(before, before ? this.members.ofSeat(before) : [], r.at);
        this.seats.presence(r.seat, r.seat ? this.members.ofSeat(r.seat) : [], r.at);
        return { member, before };
      }
      case "submit": {
        const m = this.members.get(r.memberId);
        const draft = this.drafts.of(r.seat);
        let changes: DraftChange[] = [];
        if (r.quarter === quartersResolved(this.state) + 1)
          changes = draft.submit({ memberId: r.memberId, name: m?.name ?? "?", seq: r.seq, at: r.at }, r.orders, r.remove, r.mode);
        const reply: Reply = {
          ok: true,
          seq: r.seq,
          data: { quarter: r.quarter, seat: r.seat, count: r.orders.length, pending: draft.orders().length },
        };
        if (m) this.members.remember(m, r.seq, reply);
        return { changes, reply };
      }
      case "control":
        this.applyControl(r);
        return {};
      case "inject":
        this.state = computed.state ?? engineInjectShock(this.state, r.shock, r.params, r.quarter);
        this.stateVersion++;
        return {};
      case "seats":
        this.seats.applyRules(r);
        return {};
      case "quarter":
        this.applyQuarter(r, computed.result);
        return {};
      case "forecastSetup":
        this.forecastTargets = [...r.targets];
        return {};
      case "forecast": {
        const i = this.forecasts.findIndex(
          (f) => f.memberId === r.memberId && f.quarter === r.quarter && f.forecast.target === r.forecast.target,
        );
        if (i >= 0) this.forecasts.splice(i, 1);
        this.forecasts.push(r);
        return {};
      }
    }
  }

  private applyControl(r: ControlRecord): void {
    const paused = this.phase === "paused";
    switch (r.action) {
      case "start":
        this.phase = "playing";
        this.timer.startQuarter(r.at, this.options.turnSeconds, false);
        break;
      case "pause":
        this.phase = "paused";
        this.timer.pause(r.at);
        break;
      case "resume":
        this.phase = "playing";
        this.timer.resume(r.at);
        break;
      case "end":
        this.phase = "finished";
        this.timer.deadline = 0;
        break;
      case "turnLength":
        this.options.turnSeconds = r.seconds;
        if (r.restartQuarter && (this.phase === "playing" || paused)) this.timer.restart(r.at, r.seconds, paused);
        break;
      case "addTime":
        if (this.phase === "playing" || paused) this.timer.addTime(r.seconds, r.at, paused);
        break;
    }
  }

  private applyQuarter(r: QuarterRecord, computed: TurnResult | undefined): void {
    const resolved = quartersResolved(this.state);
    if (r.quarter !== resolved + 1) throw new Error(`log: quarter ${r.quarter} after ${resolved}`);
    // the log's orders are parsed as they were when the quarter resolved (a log is a trust boundary)
    const res = computed ?? resolveTurn(this.state, parseOrdersBySeat(r.ordersBySeat).orders);
    if (res.hash !== r.hash) {
      const unversioned = this.header.rules === undefined;
      throw new Error(
        `log: hash mismatch at quarter ${r.quarter}: ${res.hash} != ${r.hash}${
          unversioned
            ? ` (the game was played under ${rulesLabel(undefined)} and this server plays ${rulesLabel(RULES_VERSION)}: it can be restored by the version that played it)`
            : ""
        }`,
      );
    }
    this.state = res.state;
    this.stateVersion++;
    this.lastEvents = res.events;
    this.lastHash = res.hash;
    this.lastResolvedAt = r.at;
    this.lastCause = r.cause;
    this.drafts.clear();
    for (const seat of r.bots) this.seats.recordBotTurn(seat, r.quarter, r.ordersBySeat[seat] ?? []);
    for (const m of this.members.values()) if (m.connections > 0) m.presentUpTo = r.quarter;
    if (isFinished(this.state)) {
      this.phase = "finished";
      this.timer.deadline = 0;
    } else if (this.phase === "playing" || this.phase === "paused")
      this.timer.startQuarter(r.at, this.options.turnSeconds, this.phase === "paused");
  }

  /** After a restart everybody is disconnected: their grace, and the quarter's timer, start now. */
  private afterRestore(): void {
    const now = this.clock.now();
    for (const s of this.seats.ids) if (this.members.ofSeat(s).length) this.seats.dropTimes.set(s, now);
    if (this.phase === "playing" || this.phase === "paused")
      this.timer.startQuarter(now, this.options.turnSeconds, this.phase === "paused");
  }

  /** Persists a record, then applies it: how every live change happens. */
  private async commit(r: LogRecord, computed: { result?: TurnResult; state?: GameState } = {}): Promise<Applied> {
    if (this.deleted) throw new ServiceError("game_over", "this game was deleted");
    await this.store.append(this.gameId, r);
    return this.applyRecord(r, computed);
  }

  start(): void {
    this.schedule();
    // a restored quarter whose submissions were all in may resolve right away
    this.queueMaybeResolve();
  }

  dispose(): void {
    this.disposed = true;
    if (this.alarm !== null) this.clock.clearTimeout(this.alarm);
    this.alarm = null;
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

  // ---------- facts ----------

  get seatIds(): string[] {
    return this.seats.ids;
  }

  membersOf(seat: string): Member[] {
    return this.members.ofSeat(seat);
  }

  failed(seat: string): boolean {
    return seatFailed(this.state, seat);
  }

  controllerOf(seat: string): Controller {
    return this.seats.controllerOf(seat, this.members.ofSeat(seat), this.clock.now(), this.options);
  }

  /** People hold the seat and may still submit (a failed company is never waited for). */
  private waitingOn(seat: string): boolean {
    return this.controllerOf(seat) === "human" && !this.failed(seat);
  }

  private ready(seat: string): boolean {
    return this.drafts.submitted(seat) || !this.waitingOn(seat);
  }

  private seatCtx(byHost: boolean) {
    return { failed: (s: string) => this.failed(s), members: (s: string) => this.members.ofSeat(s), byHost };
  }

  // ---------- members ----------

  /**
   * A client joins: a new member (a seat it names, the open seat with the fewest members, no
   * seat to choose one from the lobby, or a spectator), or an existing member by rejoin token.
   * Returns the member and its secret rejoin token.
   */
  join(opts: JoinOptions): Promise<{ member: Member; token: string; isNew: boolean }> {
    return this.run(async () => {
      if (this.deleted) throw new ServiceError("game_over", "this game was deleted");
      const asHost = !!opts.creator || (opts.hostKey !== undefined && secretMatches(opts.hostKey, this.header.hostKeyHash));
      if (opts.hostKey !== undefined && !asHost) throw new ServiceError("not_host", "wrong host key");
      const now = this.clock.now();
      if (opts.rejoin) {
        const m = this.members.byToken(opts.rejoin);
        if (!m) throw new ServiceError("not_member", "unknown rejoin token (join again as a new player)");
        if (asHost && !m.host) await this.commit(this.members.record(m, now, { host: true }));
        return { member: m, token: opts.rejoin, isNew: false };
      }
      let seat: string | null = null;
      if (opts.creator) seat = opts.seat ?? (this.options.rehearsal ? this.rehearsalSeat() : null);
      else if (opts.spectator || opts.choose) seat = null;
      else if (opts.seat && opts.seat !== "auto") {
        const err = this.seats.claimError({ seat: null } as Member, opts.seat, this.seatCtx(asHost));
        if (err) throw new ServiceError(err.code, err.message);
        seat = opts.seat;
      } else seat = this.seats.autoSeat(this.seatCtx(false));
      if (seat !== null && !hasSeat(this.state, seat))
        throw new ServiceError("unknown_seat", `no seat "${seat}" (seats: ${this.seats.ids.join(", ")})`);
      if (this.phase === "finished") seat = null;
      const token = newSecret();
      const record = {
        kind: "member" as const,
        v: 2 as const,
        memberId: newMemberId(),
        tokenHash: sha256(token),
        name: this.members.freeName(opts.name),
        seat,
        host: asHost,
        cohost: false,
        at: now,
      };
      const { member } = await this.commit(record);
      return { member: member!, token, isNew: true };
    });
  }

  /** The seat a rehearsing teacher plays when they named none: the first lab. */
  private rehearsalSeat(): string | null {
    return this.seats.ids.find((s) => seatRole(this.state, s) === "lab") ?? this.seats.ids[0] ?? null;
  }

  /**
   * A connection of this member opened. Returns what a bot decided for the member's seat while
   * the member was away (null: nothing), for the room to send after the view.
   */
  connect(memberId: string): BotSummaryMessage | null {
    const m = this.members.get(memberId);
    if (!m) return null;
    m.connections++;
    let summary: BotSummaryMessage | null = null;
    if (m.seat) {
      const turns = this.seats.botTurnsAfter(m.seat, m.presentUpTo);
      if (turns.length) summary = { seat: m.seat, turns };
      this.seats.presence(m.seat, this.members.ofSeat(m.seat), this.clock.now());
    }
    m.presentUpTo = quartersResolved(this.state);
    this.changed();
    return summary;
  }

  disconnect(memberId: string): void {
    const m = this.members.get(memberId);
    if (!m) return;
    m.connections = Math.max(0, m.connections - 1);
    m.presentUpTo = quartersResolved(this.state);
    if (m.seat) {
      this.seats.presence(m.seat, this.members.ofSeat(m.seat), this.clock.now());
      if (m.connections === 0 && this.drafts.dropEditor(m.seat, m.id)) this.listener.draft?.(m.seat);
    }
    this.changed();
  }

  // ---------- requests ----------

  /** Runs a member's request once per seq (a repeated seq gets the first reply again). */
  private request(memberId: string, seq: number, fn: (m: Member) => Promise<Reply>): Promise<Reply> {
    return this.run(async () => {
      const m = this.members.get(memberId);
      if (!m) return fail("not_member", "you are not in this game", seq);
      if (this.deleted) return fail("game_over", "this game was deleted", seq);
      const dup = this.members.duplicate(m, seq);
      if (dup) return dup;
      const reply = await fn(m);
      this.members.remember(m, seq, reply);
      return reply;
    });
  }

  /** Why a member's seat cannot send orders for `quarter` now (null: it can). */
  private orderError(m: Member, seq: number, quarter: number): Reply | null {
    if (!m.seat) return fail("not_your_seat", "you have no seat (spectators cannot submit); claim a seat first", seq);
    if (this.phase === "finished") return fail("game_over", "the game is over", seq);
    if (this.failed(m.seat))
      return fail("seat_failed", `${seatName(this.state, m.seat)} has failed: it sends no more orders; spectate or take another seat`, seq);
    const expected = quartersResolved(this.state) + 1;
    if (quarter !== expected) return fail("wrong_quarter", `orders are being collected for quarter ${expected}, not ${quarter}`, seq);
    return null;
  }

  submit(memberId: string, msg: { seq: number; quarter: number; orders: unknown[]; remove?: string[] }): Promise<Reply> {
    return this.request(memberId, msg.seq, async (m) => {
      const err = this.orderError(m, msg.seq, msg.quarter);
      if (err) return err;
      const seat = m.seat!;
      const v = validateOrders(this.state, seat, msg.orders);
      if (!v.ok) {
        return fail("orders_rejected", `${v.rejections.length} order(s) rejected; nothing was submitted`, msg.seq, {
          rejections: v.rejections.map((r) => ({ index: r.index, type: r.type, code: r.code, message: r.message })),
        });
      }
      const record: SubmitRecord = {
        kind: "submit",
        v: 2,
        quarter: msg.quarter,
        seat,
        memberId: m.id,
        seq: msg.seq,
        orders: msg.orders as SubmitRecord["orders"],
        mode: "merge",
        remove: msg.remove ?? [],
        at: this.clock.now(),
      };
      await this.store.append(this.gameId, record);
      this.hook?.("after-submit-persisted", { quarter: msg.quarter });
      const { reply, changes = [] } = this.applyRecord(record);
      this.tellTeam(m, seat, msg.quarter, changes, msg.orders.length);
      this.listener.draft?.(seat);
      this.changed();
      this.queueMaybeResolve();
      return reply!;
    });
  }

  /** Tells the submitter's mates what changed, and each mate whose pending order was replaced or removed. */
  private tellTeam(m: Member, seat: string, quarter: number, changes: DraftChange[], count: number): void {
    const mates = this.members
      .ofSeat(seat)
      .filter((x) => x.id !== m.id)
      .map((x) => x.id);
    const removed = changes.filter((c) => c.action === "remove").length;
    if (mates.length) {
      const what = `${count} order${count === 1 ? "" : "s"}${removed ? `, removed ${removed}` : ""}`;
      this.listener.notice?.(mates, {
        kind: "submitted",
        text: `${m.name} submitted ${what} for ${seatName(this.state, seat)}`,
        data: { seat, by: m.name, count, removed, quarter },
      });
    }
    for (const c of changes) {
      if (!c.replaced) continue;
      this.listener.notice?.([c.replaced.memberId], {
        kind: "replaced",
        text:
          c.action === "remove"
            ? `${m.name} removed your pending order (${keyWords(c.key)})`
            : `${m.name}'s submission replaced your pending order (${keyWords(c.key)}): the last to submit wins`,
        data: { seat, key: c.key, by: m.name, action: c.action, quarter },
      });
    }
  }

  /** What a member is editing and has not submitted: shown live to the seat's team, never logged. */
  edit(memberId: string, msg: DraftEditMessage): Promise<Reply> {
    return this.request(memberId, msg.seq, async (m) => {
      const err = this.orderError(m, msg.seq, msg.quarter);
      if (err) return err;
      const seat = m.seat!;
      this.drafts.of(seat).edit(m.id, { name: m.name, orders: msg.orders, remove: msg.remove, at: this.clock.now() });
      this.listener.draft?.(seat);
      return { ok: true, seq: msg.seq, data: { quarter: msg.quarter, seat } };
    });
  }

  /** A member forecasts one of the host's figures for the quarter being decided (logged; it changes nothing in the game). */
  forecast(memberId: string, msg: ForecastMessage): Promise<Reply> {
    return this.request(memberId, msg.seq, async (m) => {
      if (!m.seat) return fail("not_your_seat", "only a seat's members forecast (take a seat first)", msg.seq);
      if (this.phase === "finished") return fail("game_over", "the game is over", msg.seq);
      const target = msg.forecast.target;
      if (!this.forecastTargets.includes(target)) {
        const asked = this.forecastTargets.length ? `the host asks for: ${this.forecastTargets.join(", ")}` : "the host asks for none";
        return fail("bad_message", `forecast.target: "${target}" is not a figure of this game (${asked})`, msg.seq);
      }
      const expected = quartersResolved(this.state) + 1;
      if (msg.quarter !== expected)
        return fail("wrong_quarter", `forecasts are being collected for quarter ${expected}, not ${msg.quarter}`, msg.seq);
      // up, flat or down is measured from the last quarter's figure: the first quarter has none
      if (msg.forecast.kind === "direction" && expected === 1)
        return fail(
          "bad_message",
          "forecast.kind: quarter 1 has no last figure to go up or down from; forecast a median and an 80% interval",
          msg.seq,
        );
      const record: ForecastLogRecord = {
        kind: "forecast",
        v: 1,
        quarter: msg.quarter,
        seat: m.seat,
        memberId: m.id,
        by: m.name.slice(0, 40) || "?",
        forecast: msg.forecast,
        at: this.clock.now(),
      };
      await this.commit(record);
      this.listener.forecasts?.([m.id]);
      return { ok: true, seq: msg.seq, data: { quarter: msg.quarter, target } };
    });
  }

  /** A member's own forecasts, scored where their quarter has resolved. */
  forecastsFor(memberId: string): ForecastsMessage {
    const history = this.state.history;
    const mine = this.forecasts
      .filter((f) => f.memberId === memberId)
      .map((f) => {
        const rec: ForecastRecord = { seat: f.seat, by: f.by, quarter: f.quarter, forecast: f.forecast };
        const s = scoreForecast(rec, history);
        return s
          ? {
              ...rec,
              actual: s.actual,
              last: s.last,
              outcome: s.outcome,
              score: s.score,
              ...(s.covered !== undefined ? { covered: s.covered } : {}),
            }
          : rec;
      });
    return { targets: [...this.forecastTargets], quarter: quartersResolved(this.state) + 1, mine };
  }

  /** Members who forecast: told their scores after a resolution. */
  forecasters(): string[] {
    return [...new Set(this.forecasts.map((f) => f.memberId))];
  }

  claimSeat(memberId: string, msg: { seq: number; seat: string | null }): Promise<Reply> {
    return this.request(memberId, msg.seq, async (m) => {
      if (this.phase === "finished") return fail("game_over", "the game is over", msg.seq);
      if (msg.seat === m.seat) return { ok: true, seq: msg.seq, data: { seat: msg.seat } };
      const err = this.seats.claimError(m, msg.seat, this.seatCtx(false));
      if (err) return fail(err.code, err.message, msg.seq);
      await this.moveMember(m, msg.seat);
      return { ok: true, seq: msg.seq, data: { seat: msg.seat } };
    });
  }

  private async moveMember(m: Member, seat: string | null): Promise<void> {
    const { before } = await this.commit(this.members.record(m, this.clock.now(), { seat }));
    this.listener.seatChanged?.(m.id);
    if (before) this.listener.draft?.(before);
    this.changed();
  }

  isHost(memberId: string | undefined, hostKey: string): boolean {
    return secretMatches(hostKey, this.header.hostKeyHash) && (memberId === undefined || this.members.get(memberId) !== undefined);
  }

  host(memberId: string, msg: { seq: number; hostKey?: string; command: HostAction }): Promise<Reply> {
    return this.request(memberId, msg.seq, async (m) => {
      const byKey = msg.hostKey !== undefined && secretMatches(msg.hostKey, this.header.hostKeyHash);
      const isHost = byKey || m.host;
      if (!isHost && !m.cohost) return fail("not_host", "only the host (or a co-host) may do this", msg.seq);
      if (!isHost && (msg.command.action === "delete" || msg.command.action === "cohost"))
        return fail("not_host", "only the host may do this (not a co-host)", msg.seq);
      return this.hostInner(msg.seq, msg.command);
    });
  }

  private control(r: ControlBody): Promise<Applied> {
    return this.commit({ kind: "control", v: 2, at: this.clock.now(), ...r } as ControlRecord);
  }

  private async hostInner(seq: number, c: HostAction): Promise<Reply> {
    const now = this.clock.now();
    const ok = (data?: Record<string, unknown>): Reply => ({ ok: true, seq, ...(data ? { data } : {}) });
    if (c.action === "delete") {
      await this.deleteGame();
      return ok({ deleted: this.gameId });
    }
    if (c.action === "debriefSection") {
      if (this.phase !== "finished") return fail("game_running", "the debrief opens when the game has ended", seq);
      this.debriefSection = c.section;
      this.changed();
      return ok({ section: c.section });
    }
    if (this.phase === "finished") return fail("game_over", "the game is over", seq);
    const live = this.phase === "playing" || this.phase === "paused";
    switch (c.action) {
      case "start":
        if (this.phase !== "lobby") return fail("bad_phase", `cannot start: the game is ${this.phase}`, seq);
        await this.control({ action: "start" });
        this.changed();
        this.queueMaybeResolve();
        return ok();
      case "pause":
        if (this.phase !== "playing") return fail("bad_phase", `cannot pause: the game is ${this.phase}`, seq);
        await this.control({ action: "pause" });
        this.changed();
        return ok();
      case "resume":
        if (this.phase !== "paused") return fail("bad_phase", `cannot resume: the game is ${this.phase}`, seq);
        await this.control({ action: "resume" });
        this.changed();
        this.queueMaybeResolve();
        return ok();
      case "setTurnLength":
      case "setTimer":
        // setTimer (the older command) also restarts this quarter's timer at that length
        await this.control({ action: "turnLength", seconds: c.seconds, restartQuarter: c.action === "setTimer" });
        this.changed();
        return ok({ turnSeconds: c.seconds, deadline: this.timer.deadline });
      case "addTime":
      case "extendTimer": {
        if (!live) return fail("bad_phase", "no quarter is running", seq);
        const paused = this.phase === "paused";
        if (c.seconds <= 0 && (paused ? this.timer.remainingMs === 0 : this.timer.deadline === 0))
          return fail("bad_phase", "no timer is running", seq);
        await this.control({ action: "addTime", seconds: c.seconds });
        this.changed();
        return ok({ deadline: this.timer.deadline, remainingMs: this.timer.remainingMs });
      }
      case "resolveNow":
        if (!live) return fail("bad_phase", `cannot resolve: the game is ${this.phase}`, seq);
        await this.resolveLocked("host");
        return ok({ quarter: quartersResolved(this.state), hash: this.lastHash });
      case "fastForward": {
        if (!this.options.rehearsal) return fail("bad_phase", "fast-forward is for rehearsal games", seq);
        if (!live) return fail("bad_phase", `cannot resolve: the game is ${this.phase}`, seq);
        for (let i = 0; i < c.quarters && !this.over(); i++) await this.resolveLocked("host");
        return ok({ quarter: quartersResolved(this.state), hash: this.lastHash });
      }
      case "injectShock": {
        const quarter = quartersResolved(this.state) + 1;
        let next: GameState;
        try {
          // a new injection: also refused when it would hit nobody (a logged one replays through injectShock)
          next = injectNewShock(this.state, c.shock, c.params, quarter);
        } catch (e) {
          return fail("unknown_shock", e instanceof Error ? e.message : String(e), seq);
        }
        await this.commit({ kind: "inject", v: 1, quarter, shock: c.shock, params: c.params, at: now }, { state: next });
        const title = shockTitle(this.state, c.shock);
        this.listener.notice?.(
          this.members.hosts().map((m) => m.id),
          { kind: "shock", text: `${title} will hit when quarter ${quarter} resolves`, data: { shock: c.shock, title, quarter } },
        );
        return ok({ quarter, title });
      }
      case "assignSeat":
      case "moveMember": {
        const seat = c.seat;
        const target = c.action === "assignSeat" ? this.members.find(c.player) : this.members.get(c.member);
        if (!target)
          return fail(
            "not_member",
            c.action === "assignSeat" ? `no player "${c.player}" (use a memberId or an exact name)` : `no member "${c.member}"`,
            seq,
          );
        const err = this.seats.claimError(target, seat, this.seatCtx(true));
        if (err) return fail(err.code, err.message, seq);
        if (target.seat !== seat) {
          await this.moveMember(target, seat);
          this.listener.notice?.([target.id], {
            kind: "seat",
            text: seat ? `the host moved you to ${seatName(this.state, seat)}` : "the host moved you to the spectators",
            data: { seat },
          });
        }
        return ok({ memberId: target.id, seat });
      }
      case "freeSeat": {
        if (!this.seats.has(c.seat)) return fail("unknown_seat", `no seat "${c.seat}"`, seq);
        const ms = this.members.ofSeat(c.seat);
        for (const m of ms) {
          await this.moveMember(m, null);
          this.listener.notice?.([m.id], {
            kind: "seat",
            text: `the host freed ${seatName(this.state, c.seat)}; you are now a spectator and may pick a seat`,
            data: { seat: null },
          });
        }
        this.changed();
        return ok({ freed: ms.length });
      }
      case "lockSeats": {
        const list = c.seats === "all" ? this.seats.ids : c.seats;
        const bad = list.find((s) => !this.seats.has(s));
        if (bad) return fail("unknown_seat", `no seat "${bad}"`, seq);
        const locked = new Set(this.seats.locked);
        for (const s of list) {
          if (c.locked) locked.add(s);
          else locked.delete(s);
        }
        await this.commit(this.seats.rulesRecord(now, { locked }));
        this.changed();
        return ok({ locked: [...this.seats.locked] });
      }
      case "teamCap":
        await this.commit(this.seats.rulesRecord(now, { teamCap: c.max }));
        this.changed();
        return ok({ teamCap: c.max });
      case "cohost": {
        const target = this.members.get(c.member);
        if (!target) return fail("not_member", `no member "${c.member}"`, seq);
        if (target.cohost !== c.on) {
          await this.commit(this.members.record(target, now, { cohost: c.on }));
          this.listener.notice?.([target.id], {
            kind: "info",
            text: c.on ? "the host gave you the host's controls (co-host)" : "the host took back the co-host controls",
            data: { cohost: c.on },
          });
          this.changed();
        }
        return ok({ memberId: target.id, cohost: c.on });
      }
      case "forecastTargets":
        await this.commit({ kind: "forecastSetup", v: 1, targets: c.targets, at: now });
        this.changed();
        this.listener.forecasts?.([...this.members.values()].map((m) => m.id));
        return ok({ targets: c.targets });
      case "end":
        await this.control({ action: "end" });
        await this.finish();
        return ok();
    }
  }

  private async finish(): Promise<void> {
    this.phase = "finished";
    this.timer.deadline = 0;
    if (this.alarm !== null) this.clock.clearTimeout(this.alarm);
    this.alarm = null;
    await this.store.markFinished(this.gameId).catch(() => {});
    this.changed();
    this.listener.finished?.();
  }

  /** Deletes the game and its log (the host's HTTP DELETE, after its key was checked). */
  remove(): Promise<void> {
    return this.run(() => (this.deleted ? undefined : this.deleteGame()));
  }

  /** The host deletes the game and its log: nothing is written again, everyone is told and disconnected. */
  private async deleteGame(): Promise<void> {
    this.deleted = true;
    this.dispose();
    await this.store.delete(this.gameId);
    this.listener.deleted?.();
  }

  // ---------- resolution ----------

  private queueMaybeResolve(): void {
    void this.run(async () => {
      if (this.phase !== "playing") return;
      if (this.options.waitForAll && this.seats.ids.some((s) => this.waitingOn(s)) && this.seats.ids.every((s) => this.ready(s)))
        await this.resolveLocked("all");
      // With nobody to wait for, only the timer or the host resolves.
    });
  }

  /** Resolves the quarter being decided. Call only inside run(). */
  private async resolveLocked(cause: ResolveCause): Promise<void> {
    if (this.phase === "finished" || this.disposed) return;
    const ordersBySeat: Record<string, unknown[]> = {};
    const bots: string[] = [];
    /** seats people were deciding that had not submitted */
    const missed: { seat: string; bot: boolean }[] = [];
    for (const seat of this.seats.ids) {
      const d = this.drafts.peek(seat);
      if (d?.submitted) ordersBySeat[seat] = d.orders();
      else {
        const ctl = this.controllerOf(seat);
        const useBot = ctl === "bot" || (ctl === "human" && this.options.idle === "bot");
        ordersBySeat[seat] = useBot ? this.botFor(seat) : [];
        const held = this.members.ofSeat(seat).length > 0;
        if (useBot && held) bots.push(seat);
        if (ctl === "human" && !this.failed(seat)) missed.push({ seat, bot: useBot });
      }
    }
    const failedBefore = new Set(this.seats.ids.filter((s) => this.failed(s)));
    const res = resolveTurn(this.state, parseOrdersBySeat(ordersBySeat).orders);
    const record: QuarterRecord = {
      kind: "quarter",
      v: 2,
      quarter: quartersResolved(res.state),
      ordersBySeat,
      hash: res.hash,
      bots,
      cause,
      at: this.clock.now(),
    };
    await this.store.append(this.gameId, record);
    this.hook?.("after-quarter-persisted", { quarter: record.quarter });
    this.applyRecord(record, { result: res });
    this.listener.resolved?.({ quarter: record.quarter, hash: res.hash, events: res.events, resolvedAt: record.at, cause });
    if (this.forecasts.length) this.listener.forecasts?.(this.forecasters());
    this.tellResolved(record.quarter, cause, missed, failedBefore);
    if (this.over()) await this.finish();
    else this.changed();
  }

  private over(): boolean {
    return this.phase === "finished";
  }

  /** No quarter resolves unnoticed: seats that had not submitted are told, and a failed company's team why. */
  private tellResolved(quarter: number, cause: ResolveCause, missed: { seat: string; bot: boolean }[], failedBefore: Set<string>): void {
    const how = cause === "timer" ? "when the timer ran out" : cause === "host" ? "when the host resolved it" : "";
    for (const { seat, bot } of missed) {
      if (this.failed(seat)) continue;
      const ids = this.members.ofSeat(seat).map((m) => m.id);
      if (!ids.length) continue;
      this.listener.notice?.(ids, {
        kind: "timer",
        text: `Quarter ${quarter} resolved ${how} before ${seatName(this.state, seat)} submitted: ${bot ? "a bot chose your orders" : "your standing orders stood"}.`,
        data: { seat, quarter, cause, bot },
      });
    }
    for (const seat of this.seats.ids) {
      if (failedBefore.has(seat) || !this.failed(seat)) continue;
      const ids = this.members.ofSeat(seat).map((m) => m.id);
      if (!ids.length) continue;
      const ev = failureEvent(this.lastEvents, seat);
      this.listener.notice?.(ids, {
        kind: "failed",
        text: ev ? eventText(this.state, ev) : `${seatName(this.state, seat)} has failed`,
        data: { seat, quarter },
      });
    }
  }

  private botFor(seat: string): unknown[] {
    try {
      // bots read a shared, recent view (they never modify it): no copy of the state per bot
      return botOrders(playerView(this.state, seat, BOT_VIEW), seatPersonality(this.state, seat));
    } catch (e) {
      console.error(`[game ${this.gameId}] bot for ${seat} failed:`, e);
      return [];
    }
  }

  /** Re-arms the single alarm: the quarter deadline, its warning, or the next grace expiry, whichever first. */
  private schedule(): void {
    if (this.disposed) return;
    if (this.alarm !== null) this.clock.clearTimeout(this.alarm);
    this.alarm = null;
    if (this.phase === "finished") return;
    const now = this.clock.now();
    let wake = this.seats.nextGraceExpiry(now, this.options.graceSeconds);
    if (this.phase === "playing" && this.timer.deadline > 0) {
      wake = Math.min(wake, this.timer.deadline);
      // a warning due already (the quarter was given under ten seconds) goes out at once
      const warn = this.timer.warningAt();
      if (Number.isFinite(warn)) wake = Math.min(wake, Math.max(warn, now));
    }
    if (!Number.isFinite(wake)) return;
    this.alarm = this.clock.setTimeout(() => this.tick(), Math.max(0, wake - now) + 1);
  }

  private tick(): void {
    this.alarm = null;
    void this.run(async () => {
      const now = this.clock.now();
      if (this.phase === "playing" && this.timer.deadline > 0 && now >= this.timer.deadline) await this.resolveLocked("timer");
      else {
        if (this.phase === "playing" && now >= this.timer.warningAt()) this.warn();
        this.changed();
      }
    }).catch((e) => console.error(`[game ${this.gameId}] timer failed:`, e));
    this.queueMaybeResolve();
  }

  /** Ten seconds left: every seat still deciding is told. */
  private warn(): void {
    this.timer.warned = true;
    const then = this.options.idle === "bot" ? "a bot plays for you" : "your standing orders stand";
    for (const seat of this.seats.ids) {
      if (this.drafts.submitted(seat) || !this.waitingOn(seat)) continue;
      const ids = this.members.ofSeat(seat).map((m) => m.id);
      if (ids.length)
        this.listener.notice?.(ids, {
          kind: "timer",
          text: `10 seconds left in this quarter: submit now, or ${then}.`,
          data: { seat, deadline: this.timer.deadline },
        });
    }
  }

  private changed(): void {
    this.schedule();
    this.listener.meta?.();
  }

  // ---------- views ----------

  viewFor(seat: string | null): PlayerView {
    return playerView(this.state, seat);
  }

  /** The views of several seats, built together: they share their public parts (read them, never modify them). */
  viewsFor(seats: readonly (string | null)[], opts: ViewOptions = {}): PlayerView[] {
    return playerViews(this.state, seats, opts);
  }

  eventsFor(seat: string | null): GameEvent[] {
    return this.lastEvents.filter((e) => e.seat === undefined || (seat !== null && e.seat === seat));
  }

  pendingFor(seat: string | null): Pending | null {
    const d = seat ? this.drafts.peek(seat) : undefined;
    if (!d?.submitted) return null;
    return { orders: d.orders(), by: d.lastBy, memberId: d.lastMemberId, seq: d.lastSeq };
  }

  draftFor(seat: string): DraftMessage {
    return this.drafts.of(seat).message(seat, quartersResolved(this.state) + 1);
  }

  meta(): GameMeta {
    const { players, spectators } = this.members.counts();
    return {
      gameId: this.gameId,
      phase: this.phase,
      quarter: quartersResolved(this.state),
      quarters: gameLength(this.state),
      scenario: this.header.scenario.id,
      title: titleOf(this.state),
      deadline: this.phase === "playing" ? this.timer.deadline : 0,
      remainingMs: this.phase === "paused" ? this.timer.remainingMs : 0,
      turnSeconds: this.options.turnSeconds,
      public: this.options.public,
      rehearsal: this.options.rehearsal,
      teamCap: this.seats.teamCap,
      forecastTargets: [...this.forecastTargets],
      debriefSection: this.debriefSection,
      spectators,
      players,
      lastHash: this.lastHash,
      seats: this.seats.ids.map((id) => {
        const ms = this.members.ofSeat(id);
        const d = this.drafts.peek(id);
        const controller = this.controllerOf(id);
        return {
          id,
          role: seatRole(this.state, id),
          name: seatName(this.state, id),
          controller,
          connected: ms.some((m) => m.connections > 0),
          submitted: d?.submitted === true,
          submittedBy: d?.lastBy ?? "",
          members: ms.map((m) => m.name),
          locked: this.seats.locked.has(id),
          failed: this.failed(id),
          botFor: controller === "bot" && ms.length ? ms.map((m) => m.name).join(", ") : "",
        };
      }),
      people: [...this.members.values()].map((m) => ({
        id: m.id,
        name: m.name,
        seat: m.seat ?? "",
        connected: m.connections > 0,
        host: m.host,
        cohost: m.cohost,
      })),
    };
  }
}
