/**
 * The connection to the game server: HTTP endpoints (create, look up a code), the Colyseus
 * room, request/reply with sequence numbers, and rejoin after a reload or a dropped
 * connection (the reconnection token is kept in localStorage).
 */
import { Client, type Room } from "@colyseus/sdk";
import {
  type AnyViewMessage,
  applyView,
  type BotSummaryMessage,
  type DraftMessage,
  type Forecast,
  type ForecastsMessage,
  type HostAction,
  type NoticeMessage,
  type Order,
  type PlayerView,
  type Reply,
  type ViewMessage,
  type WelcomeMessage,
} from "../../shared/index.ts";
import { type RoomMeta, readMeta } from "../presenters/meta.ts";

export const ROOM_NAME = "game";

export interface Saved {
  code: string;
  /** Colyseus reconnection token (fast path, within the server's grace period) */
  token: string;
  /** the game's own rejoin token from `welcome` (works after any delay, even a server restart) */
  rejoin: string;
  seat: string | null;
  name: string;
  hostKey: string | null;
  /** this member's id (to find itself in the room's people list: co-host, seat) */
  memberId?: string;
  spectator: boolean;
  /** last request sequence number used: kept so a reloaded page never reuses one */
  seq?: number;
  at: number;
}

const KEY = (code: string) => `cc:session:${code.toUpperCase()}`;

export function loadSaved(code: string): Saved | null {
  try {
    const raw = localStorage.getItem(KEY(code));
    return raw ? (JSON.parse(raw) as Saved) : null;
  } catch {
    return null;
  }
}

export function save(s: Saved): void {
  try {
    localStorage.setItem(KEY(s.code), JSON.stringify({ ...s, at: Date.now() }));
  } catch {
    /* private mode: rejoin will not survive a reload */
  }
}

export function forget(code: string): void {
  try {
    localStorage.removeItem(KEY(code));
  } catch {
    /* ignore */
  }
}

export function endpoint(): string {
  return location.origin;
}

export class ApiError extends Error {
  code: string;
  status: number;
  constructor(message: string, code: string, status: number) {
    super(message);
    this.code = code;
    this.status = status;
  }
}

async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(path, {
    method,
    headers: body ? { "content-type": "application/json" } : {},
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  let data: unknown = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = { message: text };
  }
  if (!res.ok) {
    const d = (data ?? {}) as { message?: string; error?: string; code?: string };
    throw new ApiError(d.message ?? d.error ?? `HTTP ${res.status}`, d.code ?? String(res.status), res.status);
  }
  return data as T;
}

export interface CreateOptions {
  scenario: string;
  quarters?: number;
  turnSeconds?: number;
  bots?: boolean;
  seed?: number;
  name: string;
  public?: boolean;
  seat?: string;
  rehearsal?: boolean;
  graceSeconds?: number;
}

export interface GameInfo {
  code: string;
  title?: string;
  scenario?: string;
  phase?: string;
  quarter?: number;
  quarters?: number;
  players?: number;
  seats?: number;
}

export const http = {
  list: () => api<{ games: GameInfo[] }>("GET", "/api/games").then((r) => r.games ?? []),
  /** the host's key, or a co-host's rejoin token (the server checks the member is a co-host) */
  downloadUrl: (code: string, kind: "log" | "csv" | "standings.csv", auth: { key?: string | null; member?: string | null }) =>
    `/api/games/${encodeURIComponent(code)}/${kind}?${auth.key ? `key=${encodeURIComponent(auth.key)}` : `member=${encodeURIComponent(auth.member ?? "")}`}`,
  log: (code: string, hostKey: string) =>
    api<unknown>("GET", `/api/games/${encodeURIComponent(code)}/log?key=${encodeURIComponent(hostKey)}`),
  /** a finished game's log for any of its members (the rejoin token says who) */
  memberLog: (code: string, member: string) =>
    api<unknown>("GET", `/api/games/${encodeURIComponent(code)}/log?member=${encodeURIComponent(member)}`),
};

export type ViewPayload = ViewMessage;

export interface ConnHandlers {
  /** called as soon as the connection exists, before any message is handled */
  onAttach(conn: Connection): void;
  onMeta(meta: RoomMeta): void;
  onView(p: ViewPayload): void;
  onNotice(text: string, kind?: string, data?: NoticeMessage["data"]): void;
  /** the seat's shared draft changed */
  onDraft(d: DraftMessage): void;
  /** what a bot decided for the seat while this member was away */
  onBotSummary(s: BotSummaryMessage): void;
  /** this member's forecasts (and scores) changed */
  onForecasts?(f: ForecastsMessage): void;
  onStatus(status: "connected" | "reconnecting" | "rejoined" | "lost", detail?: string): void;
}

export interface JoinOptions {
  code: string;
  name: string;
  spectator?: boolean;
  /** join without a seat and pick one from the lobby */
  choose?: boolean;
  seat?: string;
  hostKey?: string;
}

/** One live connection to a game room. */
export class Connection {
  readonly client: Client;
  room: Room | null = null;
  saved: Saved;
  private seq = 0;
  isHost = false;
  /** given the host's controls by the host */
  isCohost = false;
  /** the latest full view (patches are merged into it) */
  view: PlayerView | null = null;
  /** the latest view message, merged (its `seq` is the base the next patch must name) */
  last: ViewMessage | null = null;
  private resyncing = false;
  private handlers: ConnHandlers;

  private constructor(saved: Saved, handlers: ConnHandlers) {
    this.client = new Client(endpoint());
    this.saved = saved;
    this.handlers = handlers;
  }

  get seat(): string | null {
    return this.saved.seat;
  }

  /** Creates a game; the creator is its host (the host key arrives in `welcome`). */
  static async create(opts: CreateOptions, handlers: ConnHandlers): Promise<Connection> {
    const c = new Connection(
      { code: "", token: "", rejoin: "", seat: opts.seat ?? null, name: opts.name, hostKey: null, spectator: !opts.seat, at: 0 },
      handlers,
    );
    const room = await c.client.create(ROOM_NAME, { ...opts });
    c.saved.code = room.roomId;
    await c.attach(room);
    return c;
  }

  static async join(opts: JoinOptions, handlers: ConnHandlers): Promise<Connection> {
    const code = opts.code.toUpperCase();
    const c = new Connection(
      {
        code,
        token: "",
        rejoin: "",
        seat: null,
        name: opts.name,
        hostKey: opts.hostKey ?? null,
        spectator: Boolean(opts.spectator),
        at: 0,
      },
      handlers,
    );
    const room = await c.client.joinById(code, {
      name: opts.name,
      ...(opts.spectator ? { spectator: true } : {}),
      ...(opts.choose ? { choose: true } : {}),
      ...(opts.seat ? { seat: opts.seat } : {}),
      ...(opts.hostKey ? { hostKey: opts.hostKey } : {}),
    });
    await c.attach(room);
    return c;
  }

  /** Rejoins the saved seat (after a reload): the Colyseus token first, then the game's rejoin token. */
  static async rejoin(saved: Saved, handlers: ConnHandlers): Promise<Connection> {
    const c = new Connection(saved, handlers);
    c.seq = Math.max(c.seq, saved.seq ?? 0);
    let room: Room | null = null;
    if (saved.token) room = await c.client.reconnect(saved.token).catch(() => null);
    const reconnected = room !== null;
    if (!room) {
      room = await c.client.joinById(saved.code, {
        name: saved.name || "Player",
        ...(saved.rejoin ? { rejoin: saved.rejoin } : saved.spectator ? { spectator: true } : {}),
        ...(saved.hostKey ? { hostKey: saved.hostKey } : {}),
      });
    }
    // a Colyseus reconnection keeps the member: no `welcome` comes, so do not wait for one
    const welcomed = c.attach(room);
    if (!reconnected) await welcomed;
    handlers.onStatus("rejoined", "after the page reloaded");
    return c;
  }

  private attach(room: Room): Promise<void> {
    this.room = room;
    this.handlers.onAttach(this);
    this.saved.code = room.roomId;
    this.saved.token = room.reconnectionToken;
    save(this.saved);
    const welcomed = new Promise<void>((resolve) => {
      room.onMessage("welcome", (w: WelcomeMessage) => {
        this.saved.rejoin = w.rejoinToken;
        this.saved.seat = w.seat;
        // a name another member already has comes back with a number: a player is told (a
        // projector or a watcher, often named by the page, is not)
        const asked = this.saved.name;
        if (asked && w.name !== asked && !this.saved.spectator)
          this.handlers.onNotice(`Someone in this game is already called ${asked}: you show as ${w.name}.`);
        this.saved.name = w.name;
        this.saved.spectator = w.seat === null;
        this.saved.memberId = w.memberId;
        if (w.hostKey) this.saved.hostKey = w.hostKey;
        this.isHost = w.isHost;
        this.isCohost = w.isCohost === true;
        this.seq = Math.max(this.seq, w.lastSeq);
        save(this.saved);
        resolve();
      });
      setTimeout(resolve, 4000);
    });
    room.reconnection.minUptime = 0;
    room.onStateChange((state: unknown) => {
      const json =
        state && typeof (state as { toJSON?: () => unknown }).toJSON === "function" ? (state as { toJSON: () => unknown }).toJSON() : state;
      this.handlers.onMeta(readMeta(json));
    });
    room.onMessage("view", (m: AnyViewMessage) => {
      // after the first full view the server sends patches of it: merge them
      const r = applyView(this.last, m);
      if (!r.ok) {
        if (r.stale) return; // an old patch (e.g. replayed after a reconnection)
        // we missed one: ask for the whole view again
        if (!this.resyncing) {
          this.resyncing = true;
          void this.request("resync", {}).finally(() => {
            this.resyncing = false;
          });
        }
        return;
      }
      const p = r.message;
      this.last = p;
      this.view = p.view;
      if (p.view.seat !== this.saved.seat) {
        this.saved.seat = p.view.seat;
        this.saved.spectator = p.view.seat === null;
        save(this.saved);
      }
      this.handlers.onView(p);
    });
    room.onMessage("notice", (n: NoticeMessage) => {
      if (n?.text) this.handlers.onNotice(n.text, n.kind, n.data);
    });
    room.onMessage("draft", (d: DraftMessage) => this.handlers.onDraft(d));
    room.onMessage("botSummary", (b: BotSummaryMessage) => this.handlers.onBotSummary(b));
    room.onMessage("forecasts", (f: ForecastsMessage) => this.handlers.onForecasts?.(f));
    room.onMessage("reply", () => {});
    room.onDrop(() => this.handlers.onStatus("reconnecting"));
    room.onReconnect(() => {
      this.saved.token = room.reconnectionToken;
      save(this.saved);
      this.handlers.onStatus("rejoined", "after a dropped connection");
    });
    room.onLeave((code: number) => {
      if (code > 1001) this.handlers.onStatus("lost", `connection closed (${code})`);
    });
    this.handlers.onStatus("connected");
    return welcomed;
  }

  private async request(type: string, payload: Record<string, unknown>, timeoutMs = 10_000): Promise<Reply> {
    let reply = await this.requestOnce(type, payload, timeoutMs);
    if (reply.ok && reply.duplicate) {
      // the server had already seen this sequence number (e.g. from before a reload): resend with a fresh one
      this.seq += 1000;
      reply = await this.requestOnce(type, payload, timeoutMs);
    }
    return reply;
  }

  private requestOnce(type: string, payload: Record<string, unknown>, timeoutMs: number): Promise<Reply> {
    const room = this.room;
    if (!room) return Promise.resolve({ ok: false, seq: null, code: "bad_message", message: "Not connected" });
    const seq = ++this.seq;
    this.saved.seq = seq;
    save(this.saved);
    return new Promise((resolve) => {
      const timer = setTimeout(
        () => resolve({ ok: false, seq, code: "bad_message", message: "No answer from the server (timed out). Try again." }),
        timeoutMs,
      );
      try {
        room.send(type, { seq, ...payload }, (reply: Reply, err?: unknown) => {
          clearTimeout(timer);
          if (err) resolve({ ok: false, seq, code: "bad_message", message: errText(err) });
          else resolve(reply ?? { ok: true, seq });
        });
      } catch (e) {
        clearTimeout(timer);
        resolve({ ok: false, seq, code: "bad_message", message: errText(e) });
      }
    });
  }

  /** Submits to the seat's shared draft: these orders (each replacing the pending orders under its merge key) and explicit removals. */
  submit(quarter: number, orders: Order[], remove: string[] = []): Promise<Reply> {
    return this.request("submit", { quarter, orders, ...(remove.length ? { remove } : {}) });
  }

  /** What this member is editing, shown live to the team (not resolved). */
  edit(quarter: number, orders: Order[], remove: string[] = []): Promise<Reply> {
    return this.request("draft", { quarter, orders, remove });
  }

  /** Forecasts one of the host's figures for the quarter being decided. */
  forecast(quarter: number, forecast: Forecast): Promise<Reply> {
    return this.request("forecast", { quarter, forecast });
  }

  /** The finished game's log (refused with `game_running` while the game is on). */
  fetchLog(): Promise<Reply> {
    return this.request("log", {});
  }

  /** A what-if fan of the game as it stands (the host's during the game, everyone's after it); may take a while when queued. */
  fork(metric: string, runs: number, shock?: string, from?: number): Promise<Reply> {
    return this.request("fork", { metric, runs, ...(shock ? { shock } : {}), ...(from !== undefined ? { from } : {}) }, 180_000);
  }

  /** Drops this member's fan in progress (its request is answered `cancelled`). */
  cancelFork(): Promise<Reply> {
    return this.request("fork", { cancel: true });
  }

  /** Takes a seat or joins its team; null: leave the seat and spectate. */
  claimSeat(seat: string | null): Promise<Reply> {
    return this.request("claimSeat", { seat }).then((r) => {
      if (r.ok) {
        this.saved.seat = seat;
        this.saved.spectator = seat === null;
        save(this.saved);
      }
      return r;
    });
  }

  /** May use the host console: holds the host key, joined with it, or is a co-host. */
  get hosting(): boolean {
    return Boolean(this.saved.hostKey) || this.isHost || this.isCohost;
  }

  host(command: HostAction): Promise<Reply> {
    return this.request("host", { ...(this.saved.hostKey ? { hostKey: this.saved.hostKey } : {}), command });
  }

  /** Leaves the room; the game's rejoin token stays saved (the Colyseus one dies with the leave). */
  async leave(): Promise<void> {
    await this.room?.leave(true).catch(() => {});
    this.room = null;
    this.saved.token = "";
    save(this.saved);
  }
}

function errText(e: unknown): string {
  if (e instanceof Error) return e.message;
  if (e && typeof e === "object" && "message" in e) return String((e as { message: unknown }).message);
  return String(e);
}
