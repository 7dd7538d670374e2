/**
 * Crash recovery with a real child process killed by SIGKILL (via the CC_CRASH_AT hook, so
 * the kill lands exactly at the point under test), and graceful SIGTERM. The state hash
 * after recovery must equal that of the same game played on a server that never crashed.
 */
import { afterAll, describe, expect, it } from "vitest";
import { botOrders, readLog, replayLog } from "../../shared/index.ts";
import { Player, type ServerProc, startServerProcess, tempDataDir, waitFor } from "./helpers.ts";

const QUARTERS = 4;
const SEED = 1234;
const dirs: (() => void)[] = [];
const procs: ServerProc[] = [];
afterAll(async () => {
  for (const p of procs) await p.kill("SIGKILL");
  for (const c of dirs) c();
});

async function start(dir: string, env: Record<string, string> = {}): Promise<ServerProc> {
  const p = await startServerProcess({ DATA_DIR: dir, ...env });
  procs.push(p);
  return p;
}

interface Session {
  code: string;
  hostKey: string;
  hostToken: string;
  playerToken: string;
  seat: string;
}

async function setup(url: string): Promise<{ host: Player; pl: Player; s: Session }> {
  const host = await new Player(url).create({
    name: "Host",
    scenario: "classroom",
    quarters: QUARTERS,
    turnSeconds: 0,
    seed: SEED,
    graceSeconds: 30,
  });
  const pl = await new Player(url).join(host.code, { name: "Pat", seat: Object.keys(host.meta.seats)[0] });
  expect(await host.host({ action: "start" })).toMatchObject({ ok: true });
  return {
    host,
    pl,
    s: {
      code: host.code,
      hostKey: host.welcome!.hostKey!,
      hostToken: host.welcome!.rejoinToken,
      playerToken: pl.welcome!.rejoinToken,
      seat: pl.welcome!.seat!,
    },
  };
}

/** The player's deterministic move for the quarter being decided (a bot decision from its own view). */
function move(pl: Player): unknown[] {
  return botOrders(pl.view, "aggressive");
}

async function playTo(pl: Player, until: number): Promise<void> {
  while (pl.view.quarter < until) {
    const q = pl.view.quarter;
    const r = await pl.submit(move(pl));
    expect(r).toMatchObject({ ok: true });
    await pl.waitQuarter(q + 1);
  }
}

let reference = "";

describe("crash recovery", () => {
  it("reference run on a server that never crashes", async () => {
    const d = tempDataDir();
    dirs.push(d.cleanup);
    const srv = await start(d.dir);
    const { pl, host } = await setup(srv.url);
    await playTo(pl, QUARTERS);
    reference = pl.views.at(-1)!.hash;
    expect(reference).toMatch(/^[0-9a-f]+$/);
    // the downloaded log replays with the CLI's replayLog to the same hashes
    const res = await fetch(`${srv.url}/api/games/${host.code}/log`, { headers: { "x-host-key": host.welcome!.hostKey! } });
    const replay = replayLog(readLog(await res.json()));
    expect(replay.ok).toBe(true);
    expect(replay.quarters).toBe(QUARTERS);
    await pl.leave();
    await host.leave();
    await srv.kill("SIGTERM");
  });

  it("SIGKILL between the acknowledgement and the broadcast: the quarter comes back, hash equal", async () => {
    const d = tempDataDir();
    dirs.push(d.cleanup);
    let srv = await start(d.dir, { CC_CRASH_AT: "after-quarter-persisted:2" });
    const { pl, s } = await setup(srv.url);
    await playTo(pl, 1);
    // this submission completes quarter 2: it is acknowledged, the quarter is persisted, then the process dies
    const ack = await pl.submit(move(pl));
    expect(ack).toMatchObject({ ok: true });
    expect(await srv.exited).toBe(-1);
    expect(pl.views.some((v) => v.quarter === 2)).toBe(false); // never published

    const t0 = Date.now();
    srv = await start(d.dir);
    // rejoin with the token kept by the client
    const pl2 = await new Player(srv.url).join(s.code, { rejoin: s.playerToken });
    const rto = Date.now() - t0;
    expect(rto).toBeLessThan(10_000);
    expect(pl2.welcome?.memberId).toBe(pl.welcome?.memberId);
    expect(pl2.welcome?.seat).toBe(s.seat);
    expect(pl2.view.quarter).toBe(2);
    const host2 = await new Player(srv.url).join(s.code, { rejoin: s.hostToken });
    expect(host2.welcome?.isHost).toBe(true);
    expect(host2.welcome?.hostKey).toBeUndefined(); // the key is never resent
    await waitFor(() => pl2.meta.phase === "playing", 5000, "playing after restore");
    await playTo(pl2, QUARTERS);
    expect(pl2.views.at(-1)!.hash).toBe(reference);
    await pl2.leave();
    await host2.leave();
    await srv.kill("SIGTERM");
  });

  it("SIGKILL right after a submission is persisted: the resubmission is a duplicate, nothing lost or doubled", async () => {
    const d = tempDataDir();
    dirs.push(d.cleanup);
    let srv = await start(d.dir, { CC_CRASH_AT: "after-submit-persisted:3" });
    const { pl, s } = await setup(srv.url);
    await playTo(pl, 2);
    const seq = ++pl.seq;
    const orders = move(pl);
    // the process dies before it can answer: the client never sees an acknowledgement
    await expect(pl.request("submit", { seq, quarter: 3, orders }, 3000)).rejects.toThrow();
    await srv.exited;
    srv = await start(d.dir);
    const pl2 = await new Player(srv.url).join(s.code, { rejoin: s.playerToken });
    expect(pl2.welcome?.lastSeq).toBe(seq);
    // the client resubmits what was not acknowledged: recognised, not reapplied
    const again = await pl2.request("submit", { seq, quarter: 3, orders });
    expect(again).toMatchObject({ ok: true, duplicate: true });
    // the seat's submission was kept and completed the quarter, which resolved on restore
    await pl2.waitQuarter(3);
    await playTo(pl2, QUARTERS);
    expect(pl2.views.at(-1)!.hash).toBe(reference);
    await pl2.leave();
    await srv.kill("SIGTERM");
  });

  it("SIGTERM is graceful: exit 0, nothing lost, the game resumes", async () => {
    const d = tempDataDir();
    dirs.push(d.cleanup);
    let srv = await start(d.dir);
    const { pl, s } = await setup(srv.url);
    await playTo(pl, 1);
    expect(await pl.submit(move(pl), undefined)).toMatchObject({ ok: true });
    // all seats submitted → quarter 2 resolves; SIGTERM right away
    const code = await srv.kill("SIGTERM");
    expect(code).toBe(0);
    expect(srv.output()).toContain("shutting down gracefully");
    srv = await start(d.dir);
    const pl2 = await new Player(srv.url).join(s.code, { rejoin: s.playerToken });
    expect(pl2.view.quarter).toBe(2);
    await playTo(pl2, QUARTERS);
    expect(pl2.views.at(-1)!.hash).toBe(reference);
    await pl2.leave();
    await srv.kill("SIGTERM");
  });
});
