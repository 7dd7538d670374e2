/**
 * Server load test. The server runs in its own child process (`node server/index.ts`); this
 * process is the load generator: R classrooms of 31 real @colyseus/sdk clients (30 players
 * and a host), each resolving one quarter per second (the host sends resolveNow every second;
 * players submit after each view). For R = 10, 30, 60 it reports resolution → all-clients-have-
 * the-results latency, server CPU share and event-loop delay, memory per room, bytes per client
 * (join snapshot and per quarter) and lost updates; prints `name: value unit` lines and merges
 * `server.*` keys into bench/results.json.
 *
 * Usage: node bench/server-load.ts [--rooms 10,30,60] [--seconds 10]
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Client, type Room } from "@colyseus/sdk";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const arg = (name: string, def: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1]! : def;
};
const ROOMS = arg("rooms", "10,30,60").split(",").map(Number);
const SECONDS = Number(arg("seconds", "10"));
const PLAYERS = 30;

function startServer(dataDir: string): Promise<{ proc: ChildProcess; url: string }> {
  const proc = spawn(process.execPath, ["server/index.ts"], {
    cwd: root,
    env: { ...process.env, PORT: "0", HOST: "127.0.0.1", DATA_DIR: dataDir, STATIC_DIR: "/nonexistent" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  return new Promise((resolve, reject) => {
    let out = "";
    proc.stdout?.on("data", (d: Buffer) => {
      out += d.toString();
      const m = /listening on http:\/\/[^:]+:(\d+)/.exec(out);
      if (m) resolve({ proc, url: `http://127.0.0.1:${m[1]}` });
    });
    proc.on("exit", () => reject(new Error(`server exited: ${out}`)));
  });
}

interface Stats {
  cpu: { user: number; system: number };
  uptimeMs: number;
  memory: { rss: number; heapUsed: number };
  eventLoopDelayMs: { p50: number; p99: number; max: number };
}
async function stats(url: string): Promise<Stats> {
  for (let i = 0; ; i++) {
    try {
      return (await (await fetch(`${url}/healthz?detail=1`)).json()) as Stats;
    } catch (e) {
      if (i >= 4) throw e;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

interface Cl {
  room: Room;
  bytes: number;
  joinBytes: number;
  quarters: Map<number, number>; // quarter → receipt time
  seq: number;
}

function countBytes(cl: Cl): void {
  const ws = (cl.room.connection as unknown as { transport: { ws: WebSocket } }).transport.ws;
  ws.addEventListener("message", (e: MessageEvent) => {
    const d = e.data as ArrayBuffer | Uint8Array | string;
    cl.bytes += typeof d === "string" ? d.length : d.byteLength;
  });
}

async function connect(
  url: string,
  code: string | null,
  name: string,
  opts: Record<string, unknown> = {},
): Promise<Cl & { welcome: Promise<{ hostKey?: string }> }> {
  const client = new Client(url);
  const room = code ? await client.joinById(code, { name, ...opts }) : await client.create("game", { name, ...opts });
  const cl = { room, bytes: 0, joinBytes: 0, quarters: new Map<number, number>(), seq: 0 } as Cl;
  countBytes(cl);
  let gotWelcome: (w: { hostKey?: string }) => void = () => {};
  const welcome = new Promise<{ hostKey?: string }>((r) => {
    gotWelcome = r;
  });
  let first = true;
  room.onMessage("welcome", (w) => gotWelcome(w));
  room.onMessage("view", (v: { quarter: number; reason: string }) => {
    const now = Date.now();
    if (first) {
      first = false;
      setImmediate(() => {
        cl.joinBytes = cl.bytes;
      });
    }
    if (v.reason === "resolved" && !cl.quarters.has(v.quarter)) cl.quarters.set(v.quarter, now);
    if (v.reason === "resolved" && code) {
      // players answer each quarter with a (standing-orders) submission
      room.send("submit", { seq: ++cl.seq, quarter: v.quarter + 1, orders: [] });
    }
  });
  room.onMessage("*", () => {});
  return Object.assign(cl, { welcome });
}

const pct = (xs: number[], p: number) => {
  if (!xs.length) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((s.length - 1) * p))]!;
};

async function runLevel(R: number): Promise<Record<string, number>> {
  const dataDir = mkdtempSync(join(tmpdir(), "cc-bench-"));
  const { proc, url } = await startServer(dataDir);
  try {
    const s0 = await stats(url);
    const rooms: { host: Cl; hostKey: string; code: string; players: Cl[]; resolvedAt: Map<number, number> }[] = [];
    const tJoin = Date.now();
    for (let r = 0; r < R; r++) {
      const host = await connect(url, null, `Host${r}`, {
        scenario: "classroom",
        turnSeconds: 0,
        waitForAll: false,
        quarters: 80,
        seed: r + 1,
      });
      const hostKey = (await host.welcome).hostKey!;
      const code = host.room.roomId;
      const players = await Promise.all(Array.from({ length: PLAYERS }, (_, i) => connect(url, code, `P${r}-${i}`)));
      const resolvedAt = new Map<number, number>();
      host.room.onMessage("view", (v: { quarter: number; resolvedAt: number; reason: string }) => {
        if (v.reason === "resolved") resolvedAt.set(v.quarter, v.resolvedAt);
      });
      rooms.push({ host, hostKey, code, players, resolvedAt });
    }
    const joinMs = Date.now() - tJoin;
    await new Promise((r) => setTimeout(r, 1000));
    const sJoined = await stats(url);
    for (const rm of rooms) await rm.host.room.request("host", { seq: ++rm.host.seq, hostKey: rm.hostKey, command: { action: "start" } });
    // warm-up quarter, then measure
    const bytesStart = new Map<Cl, number>();
    const tick = (rm: (typeof rooms)[number]) =>
      rm.host.room.send("host", { seq: ++rm.host.seq, hostKey: rm.hostKey, command: { action: "resolveNow" } });
    const timers = rooms.map((rm, i) =>
      setTimeout(
        () => {
          tick(rm);
          timers[i] = setInterval(() => tick(rm), 1000) as unknown as NodeJS.Timeout;
        },
        Math.floor((i * 1000) / R),
      ),
    );
    await new Promise((r) => setTimeout(r, 1500));
    for (const rm of rooms) for (const c of [rm.host, ...rm.players]) bytesStart.set(c, c.bytes);
    const qStart = new Map(rooms.map((rm) => [rm, Math.max(0, ...rm.host.quarters.keys())]));
    const sA = await stats(url);
    await new Promise((r) => setTimeout(r, SECONDS * 1000));
    const sB = await stats(url);
    for (const t of timers) clearInterval(t);
    await new Promise((r) => setTimeout(r, 1500)); // let the last views arrive

    const latencies: number[] = [];
    let lost = 0;
    let quartersMeasured = 0;
    const perQuarterBytes: number[] = [];
    for (const rm of rooms) {
      const q0 = qStart.get(rm)!;
      const qs = [...rm.resolvedAt.keys()].filter((q) => q > q0 && rm.resolvedAt.get(q)! <= Date.now() - 1500);
      for (const q of qs) {
        quartersMeasured++;
        let worst = 0;
        for (const c of [rm.host, ...rm.players]) {
          const t = c.quarters.get(q);
          if (t === undefined) lost++;
          else worst = Math.max(worst, t - rm.resolvedAt.get(q)!);
        }
        latencies.push(worst);
      }
      const nq = Math.max(1, qs.length);
      for (const c of rm.players) perQuarterBytes.push((c.bytes - bytesStart.get(c)!) / nq);
    }
    const cpuMs = (sB.cpu.user + sB.cpu.system - sA.cpu.user - sA.cpu.system) / 1000;
    const wallMs = sB.uptimeMs - sA.uptimeMs;
    const joinBytes = rooms.flatMap((rm) => rm.players.map((c) => c.joinBytes));
    const res = {
      clients: R * (PLAYERS + 1),
      joinSeconds: joinMs / 1000,
      quartersMeasured,
      latencyP50Ms: pct(latencies, 0.5),
      latencyP99Ms: pct(latencies, 0.99),
      cpuShare: cpuMs / wallMs,
      eventLoopDelayP99Ms: sB.eventLoopDelayMs.p99,
      memoryPerRoomMB: (sJoined.memory.rss - s0.memory.rss) / R / 1e6,
      rssMB: sB.memory.rss / 1e6,
      joinSnapshotBytes: pct(joinBytes, 0.5),
      bytesPerClientPerQuarter: pct(perQuarterBytes, 0.5),
      lostUpdates: lost,
    };
    for (const rm of rooms) for (const c of [rm.host, ...rm.players]) c.room.leave(true).catch(() => {});
    await new Promise((r) => setTimeout(r, 500));
    return res;
  } finally {
    proc.kill("SIGKILL");
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const results: Record<string, number> = {};
const units: Record<string, string> = {
  clients: "clients",
  joinSeconds: "s",
  quartersMeasured: "quarters",
  latencyP50Ms: "ms",
  latencyP99Ms: "ms",
  cpuShare: "fraction of one core",
  eventLoopDelayP99Ms: "ms",
  memoryPerRoomMB: "MB",
  rssMB: "MB",
  joinSnapshotBytes: "bytes",
  bytesPerClientPerQuarter: "bytes",
  lostUpdates: "updates",
};
const file = join(root, "bench", "results.json");
function save(): void {
  let all: Record<string, unknown> = {};
  try {
    all = JSON.parse(readFileSync(file, "utf8"));
  } catch {
    /* first run */
  }
  writeFileSync(file, `${JSON.stringify({ ...all, ...results }, null, 2)}\n`);
}
let failed = 0;
for (const R of ROOMS) {
  try {
    const r = await runLevel(R);
    for (const [k, v] of Object.entries(r)) {
      const key = `server.r${R}.${k}`;
      results[key] = Math.round(v * 1000) / 1000;
      console.log(`${key}: ${results[key]} ${units[k] ?? ""}`);
    }
  } catch (e) {
    failed++;
    console.error(`server.r${R}: failed: ${e instanceof Error ? e.message : String(e)}`);
  }
  save(); // merge after each level, so a failed level keeps the others
}
process.exit(failed ? 1 : 0);
