/**
 * startServer(): the Colyseus server with the game room, the HTTP endpoints, the static
 * client, and crash recovery (every unfinished game in the store is restored on start).
 */
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { defineRoom, defineServer, matchMaker, type Server } from "@colyseus/core";
import { RedisDriver } from "@colyseus/redis-driver";
import { RedisPresence } from "@colyseus/redis-presence";
import { WebSocketTransport } from "@colyseus/ws-transport";
import express from "express";
import { ForkPool } from "./game/fork-pool.ts";
import type { ServiceDeps } from "./game/game-service.ts";
import { secretMatches, sha256 } from "./game/ids.ts";
import { logFinished, toCsv, toGameLog, toStandingsCsv } from "./http/exports.ts";
import { GameRoom } from "./rooms/game-room.ts";
import { type RoomContext, setRoomContext } from "./rooms/room-context.ts";
import type { GameStore, HeaderRecord, LogRecord } from "./store/types.ts";

export interface ServerOptions {
  port: number;
  host: string;
  store: GameStore;
  redisUrl?: string;
  publicAddress?: string;
  staticDir?: string;
  idleMs?: number;
  hook?: ServiceDeps["hook"];
  /** the per-member message rate limit (see server/rooms/rate-gate.ts) */
  rate?: RoomContext["rate"];
  /** worker threads for what-if fans (default: one per core, less one for the rooms) */
  forkWorkers?: number;
  /** max WebSocket frame (bytes); bigger frames close the connection */
  maxPayload?: number;
  log?: (msg: string) => void;
}

export interface RunningServer {
  port: number;
  server: Server;
  restored: string[];
  /** graceful: finish persisting, tell clients, close */
  shutdown(): Promise<void>;
}

export const MAX_PAYLOAD = 16 * 1024;

function hostKeyOf(req: express.Request): string {
  const h = req.header("x-host-key");
  if (h) return h;
  const q = req.query.key;
  return typeof q === "string" ? q : "";
}

function memberTokenOf(req: express.Request): string {
  const h = req.header("x-member-token");
  if (h) return h;
  const q = req.query.member;
  return typeof q === "string" ? q : "";
}

/**
 * May this request read or delete the game? The host key, or the rejoin token of a member who
 * is host or co-host in the log (a co-host has no key).
 */
function mayHost(records: LogRecord[], req: express.Request): boolean {
  const header = records[0] as HeaderRecord;
  const key = hostKeyOf(req);
  if (key && secretMatches(key, header.hostKeyHash)) return true;
  const token = memberTokenOf(req);
  if (!token) return false;
  const h = sha256(token);
  let allowed = false;
  for (const r of records) if (r.kind === "member" && r.tokenHash === h) allowed = r.host || r.cohost;
  return allowed;
}

/** Is the request's member token (x-member-token or ?member=) a member's of this game? */
function isMember(records: LogRecord[], req: express.Request): boolean {
  const token = memberTokenOf(req);
  if (!token) return false;
  const h = sha256(token);
  return records.some((r) => r.kind === "member" && r.tokenHash === h);
}

export async function startServer(opts: ServerOptions): Promise<RunningServer> {
  const log = opts.log ?? ((m: string) => console.log(m));
  const restoreTickets = new Map<string, string>();
  const liveRooms = new Set<string>();
  const eld = monitorEventLoopDelay({ resolution: 5 });
  eld.enable();
  const forks = new ForkPool(opts.forkWorkers);
  setRoomContext({
    store: opts.store,
    forks,
    hook: opts.hook,
    restoreTickets,
    idleMs: opts.idleMs ?? 60 * 60_000,
    rate: opts.rate,
    onCreated: (id) => liveRooms.add(id),
    onDisposed: (id) => liveRooms.delete(id),
  });

  const transport = new WebSocketTransport({ maxPayload: opts.maxPayload ?? MAX_PAYLOAD, pingInterval: 3000, pingMaxRetries: 2 });
  const scaling = opts.redisUrl
    ? {
        presence: new RedisPresence(opts.redisUrl),
        driver: new RedisDriver(opts.redisUrl),
        publicAddress: opts.publicAddress,
      }
    : {};

  const staticDir = opts.staticDir && existsSync(join(opts.staticDir, "index.html")) ? resolve(opts.staticDir) : null;

  const server = defineServer({
    greet: false,
    gracefullyShutdown: false,
    transport,
    ...scaling,
    rooms: { game: defineRoom(GameRoom) },
    express: (app) => {
      app.disable("x-powered-by");
      app.get("/healthz", (req, res) => {
        const body: Record<string, unknown> = { ok: true, store: opts.store.kind, processId: matchMaker.processId, rooms: liveRooms.size };
        if (req.query.detail === "1") {
          // process figures for load tests; the event-loop delay histogram resets on each read
          body.cpu = process.cpuUsage();
          body.uptimeMs = process.uptime() * 1000;
          body.memory = process.memoryUsage();
          body.eventLoopDelayMs = { p50: eld.percentile(50) / 1e6, p99: eld.percentile(99) / 1e6, max: eld.max / 1e6 };
          eld.reset();
        }
        res.json(body);
      });
      app.get("/api/games", async (_req, res) => {
        try {
          const rooms = await matchMaker.query({ name: "game" });
          const games = rooms
            .filter((r) => r.metadata?.public && r.metadata?.phase !== "finished")
            .map((r) => ({
              code: r.roomId,
              scenario: r.metadata?.scenario,
              title: r.metadata?.title,
              phase: r.metadata?.phase,
              quarter: r.metadata?.quarter,
              quarters: r.metadata?.quarters,
              players: r.metadata?.players,
              spectators: r.metadata?.spectators,
              seats: r.metadata?.seats,
            }));
          res.json({ games });
        } catch (e) {
          res.status(500).json({ error: String(e) });
        }
      });
      const exportRoute = (kind: "log" | "csv" | "standings") => async (req: express.Request, res: express.Response) => {
        try {
          await exportHandler(kind, req, res);
        } catch (e) {
          log(`[server] export ${kind} failed: ${e instanceof Error ? e.stack : String(e)}`);
          if (!res.headersSent) res.status(500).json({ error: "export failed" });
        }
      };
      const exportHandler = async (kind: "log" | "csv" | "standings", req: express.Request, res: express.Response) => {
        const code = String(req.params.code ?? "").toUpperCase();
        if (!/^[A-Z0-9]{4,12}$/.test(code)) {
          res.status(404).json({ error: "unknown game" });
          return;
        }
        const records = await opts.store.load(code).catch(() => null);
        if (!records) {
          res.status(404).json({ error: "unknown game" });
          return;
        }
        // once a game has ended its log is every member's (the debrief and replays); before, the host's
        const member = kind === "log" && isMember(records, req);
        if (member && !mayHost(records, req) && !logFinished(records)) {
          res.status(409).json({
            error: "the game is still running: its log is served to every member once the game has ended",
            code: "game_running",
          });
          return;
        }
        if (!member && !mayHost(records, req)) {
          res.status(403).json({ error: "host key required (header x-host-key or ?key=; a co-host: x-member-token or ?member=)" });
          return;
        }
        // a live room on this process may still be writing: wait for its queue
        const live = matchMaker.getLocalRoomById(code) as GameRoom | undefined;
        if (live?.service) await live.service.flush();
        const fresh = (await opts.store.load(code)) ?? records;
        res.setHeader("cache-control", "no-store");
        if (kind === "log") {
          res.setHeader("content-disposition", `attachment; filename="compute-cycle-${code}.json"`);
          res.json(toGameLog(fresh));
        } else if (kind === "standings") {
          res.setHeader("content-type", "text/csv; charset=utf-8");
          res.setHeader("content-disposition", `attachment; filename="compute-cycle-${code}-ranking.csv"`);
          res.send(toStandingsCsv(fresh, opts.store));
        } else {
          res.setHeader("content-type", "text/csv; charset=utf-8");
          res.setHeader("content-disposition", `attachment; filename="compute-cycle-${code}.csv"`);
          res.send(toCsv(fresh, opts.store));
        }
      };
      app.get("/api/games/:code/log", exportRoute("log"));
      app.get("/api/games/:code/csv", exportRoute("csv"));
      app.get("/api/games/:code/standings.csv", exportRoute("standings"));
      // the host deletes a game and its log (the room, when live, disconnects everyone)
      app.delete("/api/games/:code", async (req, res) => {
        try {
          const code = String(req.params.code ?? "").toUpperCase();
          const records = /^[A-Z0-9]{4,12}$/.test(code) ? await opts.store.load(code).catch(() => null) : null;
          if (!records) {
            res.status(404).json({ error: "unknown game" });
            return;
          }
          if (!secretMatches(hostKeyOf(req), (records[0] as HeaderRecord).hostKeyHash)) {
            res.status(403).json({ error: "host key required (header x-host-key or ?key=)" });
            return;
          }
          const live = matchMaker.getLocalRoomById(code) as GameRoom | undefined;
          if (live?.service) await live.service.remove();
          await opts.store.delete(code);
          res.json({ ok: true, deleted: code });
        } catch (e) {
          log(`[server] delete failed: ${e instanceof Error ? e.stack : String(e)}`);
          if (!res.headersSent) res.status(500).json({ error: "delete failed" });
        }
      });
      if (staticDir) {
        app.use(express.static(staticDir, { index: "index.html", maxAge: "1h" }));
        app.use((req, res, next) => {
          if (req.method !== "GET" || req.path.startsWith("/matchmake") || req.path.startsWith("/api/") || req.path === "/healthz")
            return next();
          if (!(req.headers.accept ?? "").includes("text/html")) return next();
          res.sendFile(join(staticDir, "index.html"));
        });
      }
    },
  });

  await server.listen(opts.port, opts.host);
  const addr = transport.server?.address();
  const port = typeof addr === "object" && addr ? addr.port : opts.port;

  // Crash recovery: restore every unfinished game whose room is not live anywhere.
  const restored: string[] = [];
  for (const id of await opts.store.listUnfinished()) {
    try {
      const existing = await matchMaker.driver.findOne({ roomId: id });
      if (existing) {
        const alive =
          existing.processId === matchMaker.processId || (await matchMaker.healthCheckProcessId(existing.processId).catch(() => false));
        if (alive) continue;
        await matchMaker.driver.remove(id);
      }
      const ticket = randomBytes(18).toString("base64url");
      restoreTickets.set(ticket, id);
      await matchMaker.handleCreateRoom("game", { __restore: ticket });
      restored.push(id);
    } catch (e) {
      log(`[server] could not restore game ${id}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  if (restored.length) log(`[server] restored ${restored.length} game(s): ${restored.join(", ")}`);

  let shuttingDown: Promise<void> | null = null;
  const shutdown = () => {
    shuttingDown ??= (async () => {
      await server.gracefullyShutdown(false);
      await forks.close();
      await opts.store.close().catch(() => {});
    })();
    return shuttingDown;
  };
  return { port, server, restored, shutdown };
}
