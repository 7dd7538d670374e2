/**
 * Forecasts and replays against the real server with real SDK clients: the host picks the
 * figures, players forecast (validated; a bad one is answered, not dropped), forecasts survive
 * a SIGKILL (the log's records are applied again on restore), each player gets its own
 * forecasts scored once their quarter resolves, and the finished game's log (with the
 * forecasts) is served to every member, by room request and over HTTP, but refused while the
 * game is running.
 */
import { afterAll, describe, expect, it } from "vitest";
import { botOrders, type ForecastsMessage, type GameLog, readLog, replayLog } from "../../shared/index.ts";
import { buildDebrief } from "../../shared/present/debrief.ts";
import { httpJson, Player, type ServerProc, startServerProcess, tempDataDir, waitFor } from "./helpers.ts";

const dirs: (() => void)[] = [];
const procs: ServerProc[] = [];
afterAll(async () => {
  for (const p of procs) await p.kill("SIGKILL");
  for (const c of dirs) c();
});

const forecastsOf = (p: Player) => p.received.filter(([t]) => t === "forecasts").map(([, m]) => m as ForecastsMessage);

describe("forecasts and replays for everyone", () => {
  it("forecasts are validated, survive kill -9, are scored; the log is everyone's after the end only", async () => {
    const d = tempDataDir();
    dirs.push(d.cleanup);
    let srv = await startServerProcess({ DATA_DIR: d.dir });
    procs.push(srv);
    const host = await new Player(srv.url).create({ name: "Host", scenario: "classroom", quarters: 3, turnSeconds: 0, seed: 21 });
    const ann = await new Player(srv.url).join(host.code, { name: "Ann", seat: "helix" });
    const spec = await new Player(srv.url).join(host.code, { name: "Sam", spectator: true });

    // the host picks the figures in the lobby; a bad pick is answered with the field
    expect(await host.host({ action: "forecastTargets", targets: ["tokenPriceIndex", "gpuHourPrice", "aiCapex"] })).toMatchObject({
      ok: false,
      code: "bad_message",
    });
    expect(await host.host({ action: "forecastTargets", targets: ["tokenPriceIndex", "gpuHourPrice"] })).toMatchObject({ ok: true });
    await waitFor(() => (ann.meta as unknown as { forecastTargets: string[] }).forecastTargets.length === 2, 5000, "targets in meta");
    await waitFor(() => forecastsOf(ann).some((f) => f.targets.length === 2), 5000, "Ann told the targets");
    // a player may not choose the host's figures
    expect(await ann.host({ action: "forecastTargets", targets: [] }, "nope")).toMatchObject({ ok: false, code: "not_host" });

    const last = ann.view.history.at(-1);
    const tpi = last?.tokenPriceIndex ?? 5;
    const interval = { kind: "interval", target: "tokenPriceIndex", median: tpi, low: tpi * 0.8, high: tpi * 1.2 };
    // validation: malformed, a figure not asked, the wrong quarter, a spectator
    expect(await ann.request("forecast", { seq: ++ann.seq, quarter: 1, forecast: { ...interval, low: tpi * 2 } })).toMatchObject({
      ok: false,
      code: "bad_message",
    });
    expect(await ann.request("forecast", { seq: ++ann.seq, quarter: 1, forecast: { ...interval, target: "hbmPrice" } })).toMatchObject({
      ok: false,
      code: "bad_message",
      message: expect.stringContaining("not a figure of this game"),
    });
    expect(await ann.request("forecast", { seq: ++ann.seq, quarter: 2, forecast: interval })).toMatchObject({
      ok: false,
      code: "wrong_quarter",
    });
    expect(await spec.request("forecast", { seq: ++spec.seq, quarter: 1, forecast: interval })).toMatchObject({
      ok: false,
      code: "not_your_seat",
    });
    // two good ones, one replaced by a later one of the same figure
    expect(await ann.request("forecast", { seq: ++ann.seq, quarter: 1, forecast: { ...interval, median: tpi * 1.1 } })).toMatchObject({
      ok: true,
    });
    expect(await ann.request("forecast", { seq: ++ann.seq, quarter: 1, forecast: interval })).toMatchObject({ ok: true });
    const dir = { kind: "direction", target: "gpuHourPrice", up: 0.5, flat: 0.3, down: 0.2 };
    // up/flat/down needs a last figure: quarter 1 has none
    expect(await ann.request("forecast", { seq: ++ann.seq, quarter: 1, forecast: dir })).toMatchObject({
      ok: false,
      code: "bad_message",
      message: expect.stringContaining("quarter 1 has no last figure"),
    });
    const gpu = { kind: "interval", target: "gpuHourPrice", median: 3, low: 2, high: 4 };
    expect(await ann.request("forecast", { seq: ++ann.seq, quarter: 1, forecast: gpu })).toMatchObject({ ok: true });
    await waitFor(() => forecastsOf(ann).some((f) => f.mine.length === 2), 5000, "Ann sees her two forecasts");
    expect(
      forecastsOf(ann)
        .at(-1)!
        .mine.find((f) => f.forecast.target === "tokenPriceIndex")!.forecast,
    ).toEqual(interval);

    // the log is not served while the game is on: a clear refusal, by room and by HTTP
    expect(await ann.request("log", { seq: ++ann.seq })).toMatchObject({
      ok: false,
      code: "game_running",
      message: expect.stringContaining("still running"),
    });
    const early = await httpJson(`${srv.url}/api/games/${host.code}/log?member=${encodeURIComponent(ann.welcome!.rejoinToken)}`);
    expect(early.status).toBe(409);
    expect(early.body).toMatchObject({ code: "game_running" });

    // kill -9, restart: the targets and the forecasts come back from the log
    const code = host.code;
    const annToken = ann.welcome!.rejoinToken;
    const hostToken = host.welcome!.rejoinToken;
    const hostKey = host.welcome!.hostKey!;
    const specToken = spec.welcome!.rejoinToken;
    await srv.kill("SIGKILL");
    srv = await startServerProcess({ DATA_DIR: d.dir });
    procs.push(srv);
    const ann2 = await new Player(srv.url).join(code, { rejoin: annToken });
    const host2 = await new Player(srv.url).join(code, { rejoin: hostToken, hostKey });
    await waitFor(() => forecastsOf(ann2).length > 0, 5000, "forecasts after the restart");
    const restored = forecastsOf(ann2).at(-1)!;
    expect(restored.targets).toEqual(["tokenPriceIndex", "gpuHourPrice"]);
    expect(restored.mine.map((f) => f.forecast)).toEqual([interval, gpu]);
    expect(restored.mine.every((f) => f.score === undefined)).toBe(true);

    // play on: after quarter 1 resolves, Ann's forecasts are scored
    expect(await host2.host({ action: "start" })).toMatchObject({ ok: true });
    expect(await ann2.submit(botOrders(ann2.view))).toMatchObject({ ok: true });
    await ann2.waitQuarter(1);
    await waitFor(() => forecastsOf(ann2).some((f) => f.mine.some((x) => x.score !== undefined)), 5000, "scores after quarter 1");
    const scored = forecastsOf(ann2).at(-1)!.mine;
    const actual = ann2.view.history[0]!.tokenPriceIndex;
    expect(scored.find((f) => f.forecast.target === "tokenPriceIndex")).toMatchObject({ quarter: 1, actual });
    expect(scored.every((f) => typeof f.score === "number" && f.score >= 0)).toBe(true);
    // quarter 2: one more forecast, then the host ends the game
    expect(await ann2.request("forecast", { seq: ++ann2.seq, quarter: 2, forecast: { ...dir, up: 0.2, down: 0.5 } })).toMatchObject({
      ok: true,
    });
    expect(await ann2.submit(botOrders(ann2.view))).toMatchObject({ ok: true });
    await ann2.waitQuarter(2);
    expect(await host2.host({ action: "end" })).toMatchObject({ ok: true });
    await waitFor(() => ann2.meta.phase === "finished", 5000, "finished");
    // after the end forecasts are refused, and the debrief section is the host's to move
    expect(await ann2.request("forecast", { seq: ++ann2.seq, quarter: 3, forecast: dir })).toMatchObject({ ok: false, code: "game_over" });
    expect(await ann2.host({ action: "debriefSection", section: "pnl" }, "nope")).toMatchObject({ ok: false, code: "not_host" });
    expect(await host2.host({ action: "debriefSection", section: "pnl" })).toMatchObject({ ok: true });
    await waitFor(() => (ann2.meta as unknown as { debriefSection: string }).debriefSection === "pnl", 5000, "section in meta");

    // every member may now fetch the log: a player by room request, a spectator over HTTP
    const reply = await ann2.request("log", { seq: ++ann2.seq });
    expect(reply).toMatchObject({ ok: true });
    const raw = reply.ok ? reply.data?.log : null;
    const log = readLog(raw) as GameLog;
    expect(log.quarters.length).toBe(2);
    expect(replayLog(log).ok).toBe(true);
    expect(log.forecasts).toEqual([
      { seat: "helix", by: "Ann", quarter: 1, forecast: interval },
      { seat: "helix", by: "Ann", quarter: 1, forecast: gpu },
      { seat: "helix", by: "Ann", quarter: 2, forecast: { ...dir, up: 0.2, down: 0.5 } },
    ]);
    const http = await httpJson(`${srv.url}/api/games/${code}/log?member=${encodeURIComponent(specToken)}`);
    expect(http.status).toBe(200);
    expect(http.body).toEqual(raw);
    expect((await httpJson(`${srv.url}/api/games/${code}/log?member=not-a-member-token`)).status).toBe(403);

    // the debrief of that log: forecasts scored the same way the player was told
    const debrief = buildDebrief(log);
    expect(debrief.endedEarly).toBe(true);
    expect(debrief.forecasts.scored).toHaveLength(3);
    const q1 = debrief.forecasts.scored.find((f) => f.quarter === 1 && f.forecast.kind === "interval")!;
    expect(q1.score).toBeCloseTo(scored.find((f) => f.forecast.target === "tokenPriceIndex")!.score!, 12);
    expect(debrief.forecasts.leaderboard).toMatchObject([{ by: "Ann", seat: "helix", count: 3 }]);
    for (const p of [ann2, host2]) await p.leave();
  }, 90_000);
});
