/**
 * What-if fans in the game, against the real server with real SDK clients: the host forks the
 * game as it stands into seeded continuations (and previews a shock's impact on the same
 * seeds); players may once the game has ended, for public figures and their own books; bad
 * requests are one-line answers; a member's new fan replaces its fan in progress; and a quarter
 * resolves while a fan is being played (the fans run on worker threads, not the room's).
 */
import { afterAll, describe, expect, it } from "vitest";
import type { ForkFanData, Reply } from "../../shared/index.ts";
import { Player, type ServerProc, startServerProcess, tempDataDir } from "./helpers.ts";

const dirs: (() => void)[] = [];
const procs: ServerProc[] = [];
afterAll(async () => {
  for (const p of procs) await p.kill("SIGKILL");
  for (const c of dirs) c();
});

const fork = (p: Player, payload: Record<string, unknown>, timeout = 60_000): Promise<Reply> =>
  p.request("fork", { seq: ++p.seq, ...payload }, timeout);
const fanOf = (r: Reply): ForkFanData => {
  if (!r.ok) throw new Error(`fork refused: ${r.code}: ${r.message}`);
  return r.data as unknown as ForkFanData;
};

describe("what-if fans in the game", () => {
  it("the host forks the game as it stands; players may after the end; bad requests are answered", async () => {
    const d = tempDataDir();
    dirs.push(d.cleanup);
    const srv = await startServerProcess({ DATA_DIR: d.dir, FORK_WORKERS: "1" });
    procs.push(srv);
    const host = await new Player(srv.url).create({ name: "Host", scenario: "classroom", quarters: 24, turnSeconds: 0, seed: 5 });
    const ann = await new Player(srv.url).join(host.code, { name: "Ann", seat: "helix" });
    expect(await host.host({ action: "start" })).toMatchObject({ ok: true });
    expect(await host.host({ action: "resolveNow" })).toMatchObject({ ok: true });
    await ann.waitQuarter(1);

    // a player may not fork a running game; bad figures, shocks and sizes are one-line answers
    expect(await fork(ann, { metric: "gpuHourPrice" })).toMatchObject({ ok: false, code: "not_host" });
    const unknown = await fork(host, { metric: "gpuHourPrise" });
    expect(unknown).toMatchObject({ ok: false, code: "bad_message" });
    expect(!unknown.ok && unknown.message).toMatch(/^metric: no figure "gpuHourPrise".*gpuHourPrice/);
    expect(!unknown.ok && unknown.message.includes("\n")).toBe(false);
    expect(await fork(host, { metric: "gpuHourPrice", shock: "no-such-shock" })).toMatchObject({ ok: false, code: "unknown_shock" });
    expect(await fork(host, { metric: "gpuHourPrice", runs: 5 })).toMatchObject({ ok: false, code: "bad_message" });
    expect(await fork(host, { metric: "actor.helix.cash" })).toMatchObject({ ok: false, code: "not_your_seat" });

    // the fan: every quarter of the game, the played one shared by every continuation, then spread
    const fan = fanOf(await fork(host, { metric: "gpuHourPrice", runs: 20 }));
    expect(fan).toMatchObject({ metric: "gpuHourPrice", from: 1, runs: 20 });
    expect(fan.quarters).toHaveLength(24);
    expect(fan.fan.p10[0]).toBeCloseTo(ann.view.history[0]!.gpuHourPrice, 9);
    expect(fan.fan.p90[0]).toBe(fan.fan.p10[0]);
    for (let q = 1; q < 4; q++) {
      expect(fan.fan.p10[q]!).toBeLessThanOrEqual(fan.fan.p50[q]!);
      expect(fan.fan.p50[q]!).toBeLessThanOrEqual(fan.fan.p90[q]!);
    }
    // the impact preview: the same seeds with a wafer shortage next quarter
    const preview = fanOf(await fork(host, { metric: "chipAsp", runs: 20, shock: "wafer-shortage" }));
    expect(preview.shock).toBe("wafer-shortage");
    expect(preview.shocked!.p50[0]).toBe(preview.fan.p50[0]);
    expect(preview.shocked!.p50.slice(1).some((v, i) => v !== preview.fan.p50[i + 1])).toBe(true);

    // a member's new fan replaces the one in progress; a quarter resolves while a fan plays
    const big = fork(host, { metric: "totalTokens", runs: 400 });
    await new Promise((r) => setTimeout(r, 50));
    const small = fork(host, { metric: "totalTokens", runs: 10 });
    expect(await big).toMatchObject({ ok: false, code: "cancelled" });
    expect(fanOf(await small).runs).toBe(10);
    const slow = fork(host, { metric: "totalTokens", runs: 400 });
    let fanDone = false;
    void slow.then(() => {
      fanDone = true;
    });
    expect(await host.host({ action: "resolveNow" })).toMatchObject({ ok: true });
    await ann.waitQuarter(2);
    expect(fanDone).toBe(false);
    expect(await fork(host, { cancel: true })).toMatchObject({ ok: true, data: { cancelled: true } });
    expect(await slow).toMatchObject({ ok: false, code: "cancelled" });

    // after the end: every member may fork, public figures and its own books
    expect(await host.host({ action: "end" })).toMatchObject({ ok: true });
    await new Promise((r) => setTimeout(r, 200));
    const end = await fork(ann, { metric: "actor.helix.cash", runs: 10 });
    // the game ended after quarter 2: 22 quarters are left to play
    expect(fanOf(end).from).toBe(2);
    expect(await fork(ann, { metric: "actor.meridian.cash", runs: 10 })).toMatchObject({ ok: false, code: "not_your_seat" });
    expect(fanOf(await fork(ann, { metric: "actor.meridian.revenue", runs: 10 })).quarters).toHaveLength(24);
    // from an earlier quarter: the played quarters before it are shared, the ones after it spread
    const early = fanOf(await fork(ann, { metric: "gpuHourPrice", runs: 20, from: 1 }));
    expect(early.from).toBe(1);
    expect(early.fan.p10[0]).toBe(early.fan.p90[0]);
    expect(early.fan.p90[1]!).toBeGreaterThan(early.fan.p10[1]!);
    expect(await fork(ann, { metric: "gpuHourPrice", from: 3 })).toMatchObject({ ok: false, code: "wrong_quarter" });
  }, 120_000);
});
