/**
 * One load-generator process of bench/server-load.ts (started with `fork`, driven over IPC).
 * It runs some of the classrooms: per room a host and 30 players, all real @colyseus/sdk
 * clients that decode every message they receive (schema patches and msgpack messages). They
 * do not render: a player merges each `view` (full or patch) into its current view, timestamps
 * it and answers with a standing-orders submission; the host resolves a quarter every second.
 *
 * Latency: each `view` carries `resolvedAt`, the server's Date.now() when it resolved the
 * quarter (before persisting and publishing). The receipt time is Date.now() here, after the
 * SDK decoded the message; server and generator share the machine's clock.
 *
 * Parent → worker: {cmd:"join", url, rooms:number[]} → {ev:"joined", joinMs}
 *                  {cmd:"start"} (start the games and the 1 s resolveNow ticks, staggered)
 *                  {cmd:"mark"} (the measured window starts) → {ev:"marked"}
 *                  {cmd:"stop"} → {ev:"result", ...}   {cmd:"exit"}
 */
import type { Room } from "@colyseus/sdk";
import { type AnyViewMessage, applyView, MAX_QUARTERS, type ViewMessage } from "../shared/index.ts";

// The SDK picks globalThis.WebSocket (Node 22: undici's) over the `ws` package when loaded. The
// `ws` client costs about half as much CPU per message, so the generator keeps up with more
// clients; the SDK itself (protocol, msgpack and schema decoding) is unchanged.
if (process.env.BENCH_UNDICI_WS !== "1") delete (globalThis as { WebSocket?: unknown }).WebSocket;
const { Client } = await import("@colyseus/sdk");

const PLAYERS = 30;
const SUBMIT_ALL = process.env.BENCH_SUBMIT === "all";

interface Cl {
  room: Room;
  bytes: number;
  joinBytes: number;
  /** quarter → receipt time (ms epoch) of its resolved view */
  quarters: Map<number, number>;
  view: ViewMessage | null;
  seq: number;
  deltas: number;
  fulls: number;
  unmerged: number;
  hostKey: string;
  /** the first member of its seat: submits each quarter */
  submitter: boolean;
}

interface Rm {
  index: number;
  host: Cl;
  hostKey: string;
  players: Cl[];
  /** quarter → resolvedAt (server time) */
  resolvedAt: Map<number, number>;
  q0: number;
  timer: ReturnType<typeof setTimeout> | null;
}

function send(m: Record<string, unknown>): void {
  process.send?.(m);
}

async function connect(
  url: string,
  code: string | null,
  name: string,
  opts: Record<string, unknown>,
  rm: () => Rm | undefined,
): Promise<Cl> {
  const client = new Client(url);
  const room = code ? await client.joinById(code, { name, ...opts }) : await client.create("game", { name, ...opts });
  const cl: Cl = {
    room,
    bytes: 0,
    joinBytes: 0,
    quarters: new Map(),
    view: null,
    seq: 0,
    deltas: 0,
    fulls: 0,
    unmerged: 0,
    hostKey: "",
    submitter: false,
  };
  room.onMessage("welcome", (w: { hostKey?: string }) => {
    cl.hostKey = w.hostKey ?? "";
  });
  const ws = (room.connection as unknown as { transport: { ws: WebSocket } }).transport.ws;
  ws.addEventListener("message", (e: MessageEvent) => {
    const d = e.data as ArrayBuffer | Uint8Array | string;
    cl.bytes += typeof d === "string" ? d.length : d.byteLength;
  });
  room.onMessage("view", (m: AnyViewMessage) => {
    const now = Date.now();
    if (!cl.view) setImmediate(() => (cl.joinBytes = cl.bytes)); // welcome + state + first full view
    if (m.delta) cl.deltas++;
    else cl.fulls++;
    const merged = applyView(cl.view, m);
    if (!merged.ok) {
      if (merged.stale) return;
      cl.unmerged++;
      room.send("resync", { seq: ++cl.seq });
      return;
    }
    cl.view = merged.message;
    if (m.reason !== "resolved") return;
    if (!cl.quarters.has(m.quarter)) cl.quarters.set(m.quarter, now);
    const r = rm();
    if (r && !r.resolvedAt.has(m.quarter)) r.resolvedAt.set(m.quarter, m.resolvedAt);
    // players answer each quarter with a (standing-orders) submission: one member per seat (a team
    // decides together and one of them submits; team mates get a notice), or all of them (SUBMIT=all)
    if (code && (SUBMIT_ALL || cl.submitter)) room.send("submit", { seq: ++cl.seq, quarter: m.quarter + 1, orders: [] });
  });
  room.onMessage("*", () => {});
  return cl;
}

const rooms: Rm[] = [];
let url = "";

async function join(indexes: number[]): Promise<void> {
  const t0 = Date.now();
  for (const index of indexes) {
    let me: Rm | undefined;
    const get = () => me;
    const host = await connect(
      url,
      null,
      `Host${index}`,
      { scenario: "classroom", turnSeconds: 0, waitForAll: false, quarters: MAX_QUARTERS, seed: index + 1 },
      get,
    );
    while (!host.hostKey) await new Promise((r) => setTimeout(r, 5));
    const hostKey = host.hostKey;
    const code = host.room.roomId;
    const players = await Promise.all(Array.from({ length: PLAYERS }, (_, i) => connect(url, code, `P${index}-${i}`, {}, get)));
    me = { index, host, hostKey, players, resolvedAt: new Map(), q0: 0, timer: null };
    rooms.push(me);
  }
  // wait until every client has its first view
  for (;;) {
    if (rooms.every((r) => [r.host, ...r.players].every((c) => c.view))) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  for (const rm of rooms) {
    const seen = new Set<string>();
    for (const p of rm.players) {
      const seat = p.view?.view.seat;
      if (seat && !seen.has(seat)) {
        seen.add(seat);
        p.submitter = true;
      }
    }
  }
  send({ ev: "joined", joinMs: Date.now() - t0 });
}

function start(totalRooms: number): void {
  for (const rm of rooms) {
    const tick = () => rm.host.room.send("host", { seq: ++rm.host.seq, hostKey: rm.hostKey, command: { action: "resolveNow" } });
    void rm.host.room.request("host", { seq: ++rm.host.seq, hostKey: rm.hostKey, command: { action: "start" } }).then(() => {
      // spread the rooms' resolutions evenly over the second (by global room index)
      rm.timer = setTimeout(
        () => {
          tick();
          rm.timer = setInterval(tick, 1000);
        },
        Math.floor((rm.index * 1000) / totalRooms),
      );
    });
  }
}

const startBytes = new Map<Cl, number>();
const cpu0 = process.cpuUsage();
let cpuMark = cpu0;
let tMark = 0;

function mark(): void {
  for (const rm of rooms) {
    rm.q0 = Math.max(0, ...rm.resolvedAt.keys());
    for (const c of [rm.host, ...rm.players]) startBytes.set(c, c.bytes);
  }
  cpuMark = process.cpuUsage();
  tMark = performance.now();
  send({ ev: "marked" });
}

async function stop(): Promise<void> {
  const cpu = process.cpuUsage(cpuMark);
  const wall = performance.now() - tMark;
  const tStop = Date.now();
  for (const rm of rooms) if (rm.timer) clearInterval(rm.timer);
  await new Promise((r) => setTimeout(r, 2000)); // let the last views arrive
  const roomQuarterMs: number[] = []; // per room-quarter: the slowest of its 31 clients
  const clientMs: number[] = []; // per client-quarter
  const firstMs: number[] = []; // per room-quarter: the fastest client
  let lost = 0;
  let quarters = 0;
  const perQuarterBytes: number[] = [];
  const joinBytes: number[] = [];
  let deltas = 0;
  let fulls = 0;
  let unmerged = 0;
  for (const rm of rooms) {
    const last = Math.max(rm.q0, ...[...rm.resolvedAt.entries()].filter(([, at]) => at <= tStop).map(([q]) => q));
    const qs = Array.from({ length: last - rm.q0 }, (_, i) => rm.q0 + 1 + i);
    for (const q of qs) {
      quarters++;
      if (!rm.resolvedAt.has(q)) {
        lost += 1 + rm.players.length; // nobody got it
        continue;
      }
      let worst = 0;
      let best = Number.POSITIVE_INFINITY;
      for (const c of [rm.host, ...rm.players]) {
        const t = c.quarters.get(q);
        if (t === undefined) lost++;
        else {
          const d = t - rm.resolvedAt.get(q)!;
          clientMs.push(d);
          worst = Math.max(worst, d);
          best = Math.min(best, d);
        }
      }
      roomQuarterMs.push(worst);
      if (Number.isFinite(best)) firstMs.push(best);
    }
    for (const c of rm.players) {
      perQuarterBytes.push((c.bytes - startBytes.get(c)!) / Math.max(1, qs.length));
      joinBytes.push(c.joinBytes);
    }
    for (const c of [rm.host, ...rm.players]) {
      deltas += c.deltas;
      fulls += c.fulls;
      unmerged += c.unmerged;
    }
  }
  send({
    ev: "result",
    roomQuarterMs,
    clientMs,
    firstMs,
    lost,
    quarters,
    perQuarterBytes,
    joinBytes,
    deltas,
    fulls,
    unmerged,
    cpuMs: (cpu.user + cpu.system) / 1000,
    wallMs: wall,
  });
}

process.on("message", (m: { cmd: string; url?: string; rooms?: number[]; totalRooms?: number }) => {
  if (m.cmd === "join") {
    url = m.url!;
    join(m.rooms!).catch((e) => {
      send({ ev: "error", message: e instanceof Error ? e.message : String(e) });
    });
  } else if (m.cmd === "start") start(m.totalRooms!);
  else if (m.cmd === "mark") mark();
  else if (m.cmd === "stop") void stop();
  else if (m.cmd === "exit") {
    for (const rm of rooms) for (const c of [rm.host, ...rm.players]) c.room.leave(true).catch(() => {});
    setTimeout(() => process.exit(0), 300);
  }
});
send({ ev: "ready" });
