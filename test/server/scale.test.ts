/**
 * Scale-out and the PostgreSQL store against the machine's Redis (127.0.0.1:6379) and
 * PostgreSQL (127.0.0.1:5432, database `test`). Skipped when they are not reachable, except
 * with CI=true, where a missing service FAILS the test.
 */
import net from "node:net";
import { afterAll, describe, expect, it } from "vitest";
import { PgStore } from "../../server/store/pg-store.ts";
import { botOrders } from "../../shared/index.ts";
import { httpJson, Player, type ServerProc, startServerProcess, tempDataDir, waitFor } from "./helpers.ts";

const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
const PG_URL = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const CI = process.env.CI === "true";

function reachable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect(port, "127.0.0.1");
    s.once("connect", () => {
      s.destroy();
      resolve(true);
    });
    s.once("error", () => resolve(false));
  });
}
async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const p = (s.address() as net.AddressInfo).port;
  await new Promise((r) => s.close(r));
  return p;
}

const haveRedis = await reachable(6379);
const havePg = await reachable(5432);
if (CI && !haveRedis) throw new Error("CI=true but Redis is not reachable at 127.0.0.1:6379");
if (CI && !havePg) throw new Error("CI=true but PostgreSQL is not reachable at 127.0.0.1:5432");

const procs: ServerProc[] = [];
const cleanups: (() => void | Promise<void>)[] = [];
afterAll(async () => {
  for (const p of procs) await p.kill("SIGTERM");
  for (const c of cleanups) await c();
});

describe.skipIf(!haveRedis)("two processes sharing Redis", () => {
  it("plays a game whose room lives on the other process", async () => {
    const [pa, pb] = [await freePort(), await freePort()];
    const d1 = tempDataDir();
    const d2 = tempDataDir();
    cleanups.push(d1.cleanup, d2.cleanup);
    const env = (port: number, dir: string) => ({ PORT: String(port), DATA_DIR: dir, REDIS_URL, PUBLIC_ADDRESS: `127.0.0.1:${port}` });
    const a = await startServerProcess(env(pa, d1.dir));
    const b = await startServerProcess(env(pb, d2.dir));
    procs.push(a, b);
    // create games through A until one is placed on B (the default placement picks the emptier process)
    const hosts: Player[] = [];
    let onB: Player | null = null;
    for (let i = 0; i < 4 && !onB; i++) {
      const h = await new Player(a.url).create({ name: `H${i}`, scenario: "classroom", turnSeconds: 0, quarters: 3, public: true });
      hosts.push(h);
      const hb = (await httpJson(`${b.url}/healthz`)).body as { rooms: number };
      const ha = (await httpJson(`${a.url}/healthz`)).body as { rooms: number };
      if (hb.rooms > 0 && ha.rooms + hb.rooms === hosts.length && hosts.length - ha.rooms === hb.rooms) {
        // find which host's room is on B: its WebSocket endpoint is B's address
        for (const x of hosts) if ((x.room.connection as unknown as { url?: string }).url?.includes(`:${pb}`)) onB = x;
        if (!onB && hb.rooms === 1 && ha.rooms === hosts.length - 1) onB = hosts[hosts.length - 1] ?? null;
      }
    }
    expect(onB).not.toBeNull();
    const host = onB!;
    // a player talks to A's HTTP; the seat reservation sends its WebSocket to B
    const pl = await new Player(a.url).join(host.code, { name: "Remote" });
    // the public list on either process shows the game
    for (const u of [a.url, b.url]) {
      const list = (await httpJson(`${u}/api/games`)).body as { games: { code: string }[] };
      expect(list.games.map((g) => g.code)).toContain(host.code);
    }
    expect(await host.host({ action: "start" })).toMatchObject({ ok: true });
    for (let q = 1; q <= 2; q++) {
      expect(await pl.submit(botOrders(pl.view))).toMatchObject({ ok: true });
      await pl.waitQuarter(q);
      await host.waitQuarter(q);
    }
    expect(pl.views.at(-1)!.hash).toBe(host.views.at(-1)!.hash);
    // the log is on B's store
    const log = await httpJson(`${b.url}/api/games/${host.code}/log`, { headers: { "x-host-key": host.welcome!.hostKey! } });
    expect(log.status).toBe(200);
    await pl.leave();
    for (const h of hosts) await h.leave();
  }, 60_000);
});

describe.skipIf(!havePg)("PostgreSQL store", () => {
  it("stores the log, survives SIGKILL and restores from PostgreSQL", async () => {
    const prefix = `cc_t${process.pid}_${Date.now().toString(36)}_`;
    const store = new PgStore(PG_URL, { prefix });
    cleanups.push(async () => {
      await store.drop();
      await store.close();
    });
    const d = tempDataDir();
    cleanups.push(d.cleanup);
    const env = { DATABASE_URL: PG_URL, PG_TABLE_PREFIX: prefix, DATA_DIR: d.dir };
    let srv = await startServerProcess(env);
    procs.push(srv);
    expect((await httpJson(`${srv.url}/healthz`)).body).toMatchObject({ store: "postgres" });
    const host = await new Player(srv.url).create({ name: "H", scenario: "classroom", turnSeconds: 0, quarters: 3, seed: 77 });
    const pl = await new Player(srv.url).join(host.code, { name: "P" });
    expect(await host.host({ action: "start" })).toMatchObject({ ok: true });
    expect(await pl.submit(botOrders(pl.view))).toMatchObject({ ok: true });
    await pl.waitQuarter(1);
    const h1 = pl.views.at(-1)!.hash;
    // the records are in PostgreSQL
    const rows = await store.pool.query(`SELECT rec->>'kind' AS kind FROM ${prefix}records WHERE game_id = $1 ORDER BY seq`, [host.code]);
    expect(rows.rows.map((r) => r.kind)).toEqual(expect.arrayContaining(["member", "control", "submit", "quarter"]));
    await srv.kill("SIGKILL");
    srv = await startServerProcess(env);
    procs.push(srv);
    const pl2 = await new Player(srv.url).join(host.code, { rejoin: pl.welcome!.rejoinToken });
    expect(pl2.view.quarter).toBe(1);
    expect(pl2.views.at(-1)!.hash).toBe(h1);
    expect(await pl2.submit(botOrders(pl2.view))).toMatchObject({ ok: true });
    await pl2.waitQuarter(2);
    await waitFor(() => pl2.meta.quarter === 2, 5000, "meta quarter 2");
    await pl2.leave();
  }, 60_000);
});
