/**
 * The game flow against a real server process and real SDK clients: create with a join code
 * and host key, join by code, teams, spectators, host controls, submissions (wrong quarter,
 * duplicates, rejections), resolution, the end, the exports and the HTTP endpoints.
 */
import { describe, expect, it } from "vitest";
import {
  botOrders,
  createGame,
  type GameLog,
  injectShock,
  MAX_QUARTERS,
  RULES_VERSION,
  readLog,
  replayLog,
  resolveTurn,
  scenarioOfLog,
} from "../../shared/index.ts";
import { httpJson, Player, serverForSuite, waitFor } from "./helpers.ts";

/** Replays a log applying each injected shock after `after` quarters; returns the final hash (throws on divergence). */
function replayTimed(log: GameLog): string {
  let state = createGame(scenarioOfLog(log), log.seed);
  const inj = log.injected as unknown as { after: number; shock: string; quarter: number; params: Record<string, number> }[];
  let hash = "";
  for (const q of log.quarters) {
    for (const s of inj) if (s.after === state.quarter) state = injectShock(state, s.shock, s.params, s.quarter);
    const r = resolveTurn(state, q.ordersBySeat);
    if (r.hash !== q.hash) throw new Error(`diverged at ${q.quarter}`);
    state = r.state;
    hash = r.hash;
  }
  return hash;
}

const server = serverForSuite();

describe("a game, end to end", () => {
  it("creates, joins, plays to the end and exports", async () => {
    const host = await new Player(server.proc.url).create({
      name: "Teacher",
      scenario: "classroom",
      quarters: 3,
      turnSeconds: 0,
      seed: 7,
      public: true,
    });
    const code = host.code;
    expect(code).toMatch(/^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{6}$/);
    expect(host.welcome?.isHost).toBe(true);
    expect(host.welcome?.hostKey).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    expect(host.welcome?.seat).toBeNull();
    expect(host.view.own).toBeNull();

    const ann = await new Player(server.proc.url).join(code, { name: "Ann" });
    const seat = ann.welcome!.seat!;
    expect(seat).toBeTruthy();
    expect(ann.welcome?.hostKey).toBeUndefined();
    expect(ann.welcome?.isHost).toBe(false);
    expect(ann.view.own?.id).toBe(seat);
    const bob = await new Player(server.proc.url).join(code, { name: "Bob", seat });
    expect(bob.welcome?.seat).toBe(seat);
    const spec = await new Player(server.proc.url).join(code, { name: "Proj", spectator: true });
    expect(spec.welcome?.seat).toBeNull();
    expect(spec.view.own).toBeNull();

    // unknown seat → join refused with a reason
    await expect(new Player(server.proc.url).join(code, { name: "X", seat: "nope" })).rejects.toThrow(/unknown_seat/);

    // public list
    const list = await httpJson(`${server.proc.url}/api/games`);
    expect((list.body as { games: { code: string }[] }).games.map((g) => g.code)).toContain(code);

    await waitFor(() => ann.meta.seats[seat]?.members.length === 2, 5000, "team of two in meta");
    expect(ann.meta.phase).toBe("lobby");

    // only the host key may start
    const notHost = await ann.host({ action: "start" }, "wrong-key");
    expect(notHost).toMatchObject({ ok: false, code: "not_host" });
    expect(await host.host({ action: "start" })).toMatchObject({ ok: true });
    await waitFor(() => ann.meta.phase === "playing", 5000, "phase playing");

    // spectators cannot submit; wrong quarter is rejected; bad orders are rejected with reasons
    expect(await spec.submit([], 1)).toMatchObject({ ok: false, code: "not_your_seat" });
    expect(await ann.submit([], 5)).toMatchObject({ ok: false, code: "wrong_quarter" });
    const bad = await ann.submit([{ type: "lab/setPrices", tier: "nope", inputPrice: -1, outputPrice: 1 }]);
    expect(bad).toMatchObject({ ok: false, code: "bad_message" });
    expect(await ann.request("submit", { seq: 1, quarter: 1 })).toMatchObject({ ok: false, code: "bad_message" });

    // a valid submission from Bob (teammate sees who submitted), then a duplicate is answered, not reapplied
    const orders = botOrders(bob.view);
    const seq = ++bob.seq;
    const hashBefore = host.meta as unknown as { lastHash: string };
    const r1 = await bob.request("submit", { seq, quarter: 1, orders });
    expect(r1).toMatchObject({ ok: true, seq });
    // every human seat has submitted → the quarter resolves
    const v1 = await ann.waitQuarter(1);
    await host.waitQuarter(1);
    await spec.waitQuarter(1);
    const r2 = await bob.request("submit", { seq, quarter: 1, orders });
    expect(r2).toMatchObject({ ok: true, seq, duplicate: true });
    expect(ann.notices.some((n) => (n as { kind: string }).kind === "submitted")).toBe(true);
    expect(v1.hash).toMatch(/^[0-9a-f]+$/);
    expect(v1.hash).not.toBe(hashBefore.lastHash);
    for (const p of [host, bob, spec]) expect(p.views.at(-1)?.hash).toBe(v1.hash);

    // host controls: pause/resume, timer, shocks, resolve now
    expect(await host.host({ action: "pause" })).toMatchObject({ ok: true });
    await waitFor(() => ann.meta.phase === "paused", 5000, "paused");
    expect(await host.host({ action: "pause" })).toMatchObject({ ok: false, code: "bad_phase" });
    expect(await host.host({ action: "resume" })).toMatchObject({ ok: true });
    expect(await host.host({ action: "setTimer", seconds: 600 })).toMatchObject({ ok: true });
    await waitFor(() => (ann.meta as unknown as { deadline: number }).deadline > Date.now() + 500_000, 5000, "deadline");
    expect(await host.host({ action: "injectShock", shock: "no-such-shock", params: {} })).toMatchObject({
      ok: false,
      code: "unknown_shock",
    });
    // a shock that would hit nobody (classroom has no open-weights lab) is refused with the reason; nothing is scheduled
    expect(
      await host.host({ action: "injectShock", shock: "efficiency-shock", params: { "effects.0.target": "open-labs" } }),
    ).toMatchObject({ ok: false, code: "unknown_shock", message: expect.stringMatching(/"open-labs" names no company here/) });
    const shockId = host.view.catalogue[0]?.id;
    expect(shockId).toBeTruthy();
    expect(await host.host({ action: "injectShock", shock: shockId, params: {} })).toMatchObject({ ok: true });
    expect(await host.host({ action: "resolveNow" })).toMatchObject({ ok: true });
    await ann.waitQuarter(2);

    // seat management
    expect(await host.host({ action: "assignSeat", seat, player: "Proj" })).toMatchObject({ ok: true });
    await waitFor(() => spec.views.at(-1)?.view.own?.id === seat, 5000, "spectator moved to the seat");
    expect(await host.host({ action: "freeSeat", seat })).toMatchObject({ ok: true });
    await waitFor(() => ann.meta.seats[seat]?.members.length === 0 && ann.meta.seats[seat]?.controller === "bot", 5000, "seat freed");
    expect(await ann.request("claimSeat", { seq: ++ann.seq, seat })).toMatchObject({ ok: true });

    // last quarter
    expect(await ann.submit(botOrders(ann.view))).toMatchObject({ ok: true });
    await ann.waitQuarter(3);
    await waitFor(() => ann.meta.phase === "finished", 5000, "finished");
    expect(await ann.submit([], 4)).toMatchObject({ ok: false, code: "game_over" });

    // exports: host key required
    expect((await httpJson(`${server.proc.url}/api/games/${code}/log`)).status).toBe(403);
    expect((await httpJson(`${server.proc.url}/api/games/${code}/log?key=nope`)).status).toBe(403);
    const log = await httpJson(`${server.proc.url}/api/games/${code}/log`, { headers: { "x-host-key": host.welcome!.hostKey! } });
    expect(log.status).toBe(200);
    const gl = log.body as GameLog & { quarters: { hash: string }[] };
    expect(gl.quarters).toHaveLength(3);
    expect(gl.rules).toBe(RULES_VERSION);
    expect(gl.quarters[2]?.hash).toBe(ann.views.at(-1)?.hash);
    expect(JSON.stringify(gl)).not.toContain(host.welcome!.hostKey!);
    expect(JSON.stringify(gl)).not.toContain(ann.welcome!.rejoinToken);
    // this game injected a shock mid-game: the download records when (`after`), so both a replay by
    // hand at that timing and the CLI's replayLog reproduce every quarter
    expect(replayTimed(readLog(gl))).toBe(gl.quarters[2]?.hash);
    expect(replayLog(readLog(gl))).toMatchObject({ ok: true, quarters: 3 });
    const csv = await httpJson(`${server.proc.url}/api/games/${code}/csv?key=${encodeURIComponent(host.welcome!.hostKey!)}`);
    expect(csv.status).toBe(200);
    const lines = csv.text.trim().split("\n");
    expect(lines[0]).toMatch(/^quarter,label,seat,role,name,revenue/);
    expect(lines.length).toBe(1 + 3 * Object.keys(ann.meta.seats).length);

    for (const p of [host, ann, bob, spec]) await p.leave();
  });

  it("serves /healthz and refuses bad create options with a reason", async () => {
    const h = await httpJson(`${server.proc.url}/healthz`);
    expect(h.status).toBe(200);
    expect(h.body).toMatchObject({ ok: true, store: "file" });
    await expect(new Player(server.proc.url).create({ scenario: "no-such-scenario" })).rejects.toThrow();
    await expect(new Player(server.proc.url).create({ turnSeconds: -5 })).rejects.toThrow(/turnSeconds/);
    // longer than the longest game the books stay exact for (MAX_QUARTERS)
    await expect(new Player(server.proc.url).create({ quarters: MAX_QUARTERS + 1 })).rejects.toThrow(/a game lasts at most/);
    // the matchmaker cannot be used to find private games
    await expect(new Player(server.proc.url).client.join("game", {})).rejects.toThrow();
  });

  it("sends patches after each resolution that merge to the same view as a full resync", async () => {
    const host = await new Player(server.proc.url).create({ name: "T", scenario: "classroom", quarters: 6, turnSeconds: 0, seed: 11 });
    const ann = await new Player(server.proc.url).join(host.code, { name: "Ann" });
    const spec = await new Player(server.proc.url).join(host.code, { name: "Spec", spectator: true });
    expect(await host.host({ action: "start" })).toMatchObject({ ok: true });
    for (let q = 1; q <= 3; q++) {
      expect(await host.host({ action: "resolveNow" })).toMatchObject({ ok: true });
      for (const p of [host, ann, spec]) await p.waitQuarter(q);
    }
    // a shock injected between resolutions: patches still apply
    const shock = ann.view.catalogue[0]!.id;
    expect(await host.host({ action: "injectShock", shock, params: {} })).toMatchObject({ ok: true });
    for (let q = 4; q <= 5; q++) {
      expect(await host.host({ action: "resolveNow" })).toMatchObject({ ok: true });
      for (const p of [host, ann, spec]) await p.waitQuarter(q);
    }
    for (const p of [host, ann, spec]) {
      expect(p.deltas).toBeGreaterThanOrEqual(3);
      expect(p.unmerged).toBe(0);
      const raw = p.received.filter(([t]) => t === "view").map(([, m]) => m as { delta?: boolean; reason: string });
      expect(raw.filter((m) => m.reason === "resolved").map((m) => !!m.delta)).toEqual([true, true, true, true, true]);
      const merged = p.views.at(-1)!;
      const n = p.views.length;
      expect(await p.request("resync", { seq: ++p.seq })).toMatchObject({ ok: true });
      await waitFor(() => p.views.length > n, 5000, "resync view");
      const full = p.views.at(-1)!;
      expect(full.reason).toBe("resync");
      expect(merged.view).toEqual(full.view);
      expect(merged.hash).toBe(full.hash);
    }
    await spec.leave();
    await ann.leave();
    await host.leave();
  });
});
