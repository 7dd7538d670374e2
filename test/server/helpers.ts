/**
 * Test helpers: the real server in a child process (`node server/index.ts`, PORT=0), and
 * real @colyseus/sdk clients that record everything they receive.
 */
import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client, type Room } from "@colyseus/sdk";
import { afterAll, beforeAll } from "vitest";
import { type AnyViewMessage, applyView, type PlayerView, type Reply, type ViewMessage, type WelcomeMessage } from "../../shared/index.ts";

export const ROOT = join(import.meta.dirname, "..", "..");

/** Extra node flags for the server process (CC_NODE_FLAGS, e.g. "--experimental-transform-types"). */
const NODE_FLAGS = (process.env.CC_NODE_FLAGS ?? "").split(" ").filter(Boolean);

export interface ServerProc {
  port: number;
  url: string;
  proc: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
  kill(signal?: NodeJS.Signals): Promise<number | null>;
}

export function tempDataDir(tag = "cc-server"): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), `${tag}-`));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * One real server for a test file: started before its tests on a fresh data dir, stopped and
 * cleaned up after them. `proc` is set once the server has started.
 */
export function serverForSuite(): { proc: ServerProc } {
  const server = {} as { proc: ServerProc };
  const data = tempDataDir();
  beforeAll(async () => {
    server.proc = await startServerProcess({ DATA_DIR: data.dir });
  });
  afterAll(async () => {
    await server.proc?.kill("SIGTERM");
    data.cleanup();
  });
  return server;
}

/** Starts `node server/index.ts` and resolves once it prints its port. */
export function startServerProcess(env: Record<string, string | undefined>, timeoutMs = 20_000): Promise<ServerProc> {
  const proc = spawn(process.execPath, [...NODE_FLAGS, "server/index.ts"], {
    cwd: ROOT,
    env: { ...process.env, PORT: "0", HOST: "127.0.0.1", STATIC_DIR: "/nonexistent", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  const exited = new Promise<number | null>((resolve) => proc.on("exit", (code, sig) => resolve(code ?? (sig ? -1 : null))));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      proc.kill("SIGKILL");
      reject(new Error(`server did not start:\n${out}`));
    }, timeoutMs);
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = /listening on http:\/\/[^:]+:(\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        const port = Number(m[1]);
        resolve({
          port,
          url: `http://127.0.0.1:${port}`,
          proc,
          output: () => out,
          exited,
          kill: (signal = "SIGKILL") => {
            if (proc.exitCode === null && proc.signalCode === null) proc.kill(signal);
            return exited;
          },
        });
      }
    };
    proc.stdout?.on("data", onData);
    proc.stderr?.on("data", (d: Buffer) => {
      out += d.toString();
    });
    proc.on("exit", () => {
      clearTimeout(timer);
      reject(new Error(`server exited before listening:\n${out}`));
    });
  });
}

export async function waitFor<T>(fn: () => T | undefined | null | false, timeoutMs = 10_000, what = "condition"): Promise<T> {
  const t0 = Date.now();
  for (;;) {
    const v = fn();
    if (v) return v;
    assert.ok(Date.now() - t0 <= timeoutMs, `timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A real SDK client that keeps everything it received, decoded. */
export class Player {
  client: Client;
  room!: Room;
  welcome?: WelcomeMessage;
  /** full views (deltas merged) */
  views: ViewMessage[] = [];
  /** deltas received, and deltas that did not apply (a resync was requested) */
  deltas = 0;
  unmerged = 0;
  notices: unknown[] = [];
  replies: Reply[] = [];
  /** every message received, decoded: [type, payload] */
  received: [string, unknown][] = [];
  /** every state snapshot seen (toJSON after each change) */
  states: unknown[] = [];
  seq = 0;
  left: number | null = null;
  leftAt = 0;

  constructor(url: string) {
    this.client = new Client(url);
  }

  private attach(room: Room): void {
    this.room = room;
    this.left = null;
    room.onMessage("*", (type, payload) => {
      this.received.push([String(type), payload]);
      if (type === "welcome") {
        this.welcome = payload as WelcomeMessage;
        // continue numbering after what the server has already seen from this member
        this.seq = Math.max(this.seq, this.welcome.lastSeq);
      } else if (type === "view") {
        // patches are merged into the latest full view: `views` holds full views only
        const m = payload as AnyViewMessage;
        if (m.delta) this.deltas++;
        const r = applyView(this.views.at(-1) ?? null, m);
        if (r.ok) this.views.push(r.message);
        else if (!r.stale) {
          this.unmerged++;
          void this.request("resync", { seq: ++this.seq }).catch(() => {});
        }
      } else if (type === "notice") this.notices.push(payload);
      else if (type === "reply") this.replies.push(payload as Reply);
    });
    room.onStateChange((s) => {
      this.states.push((s as { toJSON(): unknown }).toJSON());
    });
    room.onLeave((code) => {
      this.left = code;
      this.leftAt = Date.now();
    });
  }

  async create(options: Record<string, unknown>): Promise<this> {
    this.attach(await this.client.create("game", options));
    await waitFor(() => this.welcome && this.views.length > 0, 10_000, "welcome+view after create");
    return this;
  }

  async join(code: string, options: Record<string, unknown> = {}): Promise<this> {
    this.welcome = undefined;
    const before = this.views.length;
    this.attach(await this.client.joinById(code, options));
    await waitFor(() => this.welcome && this.views.length > before, 10_000, "welcome+view after join");
    return this;
  }

  get code(): string {
    return this.room.roomId;
  }

  get view(): PlayerView {
    const v = this.views[this.views.length - 1];
    if (!v) throw new Error("no view yet");
    return v.view;
  }

  get meta(): {
    phase: string;
    quarter: number;
    seats: Record<string, { submitted: boolean; controller: string; connected: boolean; members: string[] }>;
  } {
    return (this.room.state as { toJSON(): never }).toJSON();
  }

  request(type: string, payload: unknown, timeout = 10_000): Promise<Reply> {
    return this.room.request(type, payload, { timeout }) as Promise<Reply>;
  }

  submit(orders: unknown[], quarter?: number, seq?: number): Promise<Reply> {
    const s = seq ?? ++this.seq;
    return this.request("submit", { seq: s, quarter: quarter ?? this.view.quarter + 1, orders });
  }

  host(command: Record<string, unknown>, hostKey?: string): Promise<Reply> {
    return this.request("host", { seq: ++this.seq, hostKey: hostKey ?? this.welcome?.hostKey ?? "x", command });
  }

  waitQuarter(q: number, timeoutMs = 15_000): Promise<ViewMessage> {
    return waitFor(() => this.views.find((v) => v.quarter >= q), timeoutMs, `view of quarter ${q}`);
  }

  async leave(): Promise<void> {
    try {
      await this.room.leave(true);
    } catch {
      /* already gone */
    }
  }
}

export async function httpJson(url: string, init?: RequestInit): Promise<{ status: number; body: unknown; text: string }> {
  const r = await fetch(url, init);
  const text = await r.text();
  let body: unknown = null;
  try {
    body = JSON.parse(text);
  } catch {
    /* not JSON */
  }
  return { status: r.status, body, text };
}

/** Private fields that must never appear for a seat other than the viewer's own. */
export const PRIVATE_KEYS = [
  "cash",
  "debtCents",
  "split",
  "routing",
  "budget",
  "books",
  "spotBid",
  "acceleratorOrders",
  "priority",
  "payroll",
  "tasks",
  "shares",
];
