/**
 * The debrief and the one ranking source: every figure the ranking shows (on the ranking panel,
 * the end screen, the projector, the host console, the download and the debrief, all read
 * from shared/present/standings.ts) is recomputed here from the game log; the P&L split adds
 * up; the timeline, forecasts and prompts come from the log and the scenario file.
 */
import { describe, expect, it } from "vitest";
import { debriefModel, forecastText, signedUsd } from "../../client/presenters/debrief.ts";
import { forecastPanel, readForecast } from "../../client/presenters/forecasts.ts";
import { rankingFromStandings, rankingModel, scoreText } from "../../client/presenters/ranking.ts";
import {
  type ForecastRecord,
  type GameLog,
  loadScenario,
  playerView,
  readLog,
  replayLog,
  runGame,
  scoreForecast,
} from "../../shared/index.ts";
import { buildDebrief } from "../../shared/present/debrief.ts";
import { standingsOf, standingsTable } from "../../shared/present/standings.ts";

function game(quarters?: number): { log: GameLog; raw: unknown } {
  const { log } = runGame({ scenario: loadScenario("classroom"), seed: 3, ...(quarters ? { quarters } : {}) });
  const h = runGame({ scenario: loadScenario("classroom"), seed: 3, quarters: 1 }).state.history[0]!;
  const forecasts: ForecastRecord[] = [
    {
      seat: "helix",
      by: "Ann",
      quarter: 2,
      forecast: {
        kind: "interval",
        target: "tokenPriceIndex",
        median: h.tokenPriceIndex,
        low: h.tokenPriceIndex * 0.7,
        high: h.tokenPriceIndex * 1.3,
      },
    },
    { seat: "helix", by: "Ann", quarter: 3, forecast: { kind: "direction", target: "gpuHourPrice", up: 0.6, flat: 0.3, down: 0.1 } },
    {
      seat: "meridian",
      by: "Bo",
      quarter: 2,
      forecast: {
        kind: "interval",
        target: "tokenPriceIndex",
        median: h.tokenPriceIndex * 3,
        low: h.tokenPriceIndex * 2,
        high: h.tokenPriceIndex * 4,
      },
    },
  ];
  const raw = JSON.parse(JSON.stringify({ ...log, forecasts }));
  return { log: readLog(raw), raw };
}

describe("one ranking source", () => {
  const { log } = game();
  const d = buildDebrief(log);
  const final = replayLog(log).state;
  const pub = playerView(final, null);

  it("recomputes every score, rank and shown figure from the game log", () => {
    const rows = [...d.standings.companies, ...d.standings.enterprises];
    expect(rows.map((r) => r.id).sort()).toEqual([...final.companies.id].sort());
    for (const r of d.standings.companies) {
      // TSR is the engine's figure, as every view carries it
      expect(r.score).toBe(pub.actors.find((a) => a.id === r.id)!.tsr);
    }
    for (const r of d.standings.enterprises) {
      // an enterprise's score is its own net value created, as its own seat sees it
      const own = playerView(final, r.id).own;
      expect(own?.role).toBe("enterprise");
      if (own?.role === "enterprise") expect(r.score).toBe(own.netValueCumulative);
    }
    for (const table of [d.standings.companies, d.standings.enterprises]) {
      const scores = table.map((r) => r.score!);
      expect(scores).toEqual([...scores].sort((a, b) => b - a));
      expect(table.map((r) => r.rank)).toEqual(table.map((_, i) => i + 1));
    }
    expect(d.standings.winner).toBe(d.standings.companies[0]!.id);
    // the words every screen shows are the same function of those figures
    const shown = rankingFromStandings(d.standings);
    for (const r of [...shown.companies, ...shown.enterprises]) {
      const s = rows.find((x) => x.id === r.id)!;
      expect(r.score).toBe(scoreText(s));
      expect(r.rank).toBe(s.rank);
    }
    // the download carries the same figures
    const t = standingsTable(d.standings);
    const col = (name: string) => t.header.indexOf(name);
    for (const row of t.rows) expect(row[col("score")]).toBe(rows.find((r) => r.id === row[col("seat")])!.score);
  });

  it("names a share count that moved: TSR is per share, so new equity or buybacks part it from the valuation", () => {
    const C = final.companies;
    let moved = 0;
    for (const r of d.standings.companies) {
      const i = C.id.indexOf(r.id);
      const from = C.startValuation[i]! / C.startSharePrice[i]! / 1e6;
      const to = C.sharesMillions[i]!;
      const driver = r.drivers.find((x) => x.kind === "shares");
      if (C.failed[i] || Math.abs(to / from - 1) < 0.05) {
        expect(driver, r.id).toBeUndefined();
        continue;
      }
      moved++;
      expect(driver, r.id).toEqual({ kind: "shares", from: expect.closeTo(from, 6), to });
      const text = rankingFromStandings(d.standings)
        .companies.find((x) => x.id === r.id)!
        .drivers.join(" · ");
      expect(text).toContain(to > from ? "(equity raised)" : "(bought back)");
    }
    // the game has some: a lab funding its losses with equity, a chipmaker returning cash
    expect(moved).toBeGreaterThan(0);
  });

  it("measures revenue from the quarter before the game, where valuation and TSR start", () => {
    const { state: opening } = runGame({ scenario: loadScenario("classroom"), seed: 3, quarters: 0 });
    for (const r of d.standings.companies) {
      const i = opening.companies.id.indexOf(r.id);
      const revenue = r.drivers.find((x) => x.kind === "revenue");
      const valuation = r.drivers.find((x) => x.kind === "valuation");
      expect(revenue, r.id).toMatchObject({ from: opening.companies.books.revenue[i] });
      expect(valuation, r.id).toMatchObject({ from: opening.companies.books.valuation[i] });
      // not the first quarter played: the game moved it
      expect(revenue, r.id).not.toMatchObject({ from: final.history[0]!.actors[r.id]!.revenue });
    }
  });

  it("the live ranking shows the same company scores, and an enterprise's own score to its seat only", () => {
    const debriefShown = rankingFromStandings(d.standings);
    for (const seat of final.companies.id) {
      const live = rankingModel(playerView(final, seat));
      for (const r of live.companies) expect(r.score).toBe(debriefShown.companies.find((x) => x.id === r.id)!.score);
      for (const r of live.enterprises) {
        if (r.id === seat) expect(r.score).toBe(debriefShown.enterprises.find((x) => x.id === r.id)!.score);
        else expect(r.score).toBe("revealed at the end");
      }
    }
    // a spectator's standings know no enterprise's value
    expect(standingsOf(pub).enterprises.every((r) => r.score === null && r.rank === 0)).toBe(true);
  });
});

describe("the debrief", () => {
  const { log } = game();
  const d = buildDebrief(log);
  const m = debriefModel(d, { seat: "helix", member: "Ann" });

  it("splits every seat's P&L change into parts that add up to it", () => {
    expect(d.attribution).toHaveLength(log.quarters.length * log.seats.length);
    for (const a of d.attribution) {
      const sum = a.drift + a.parts.reduce((x, p) => x + p.value, 0);
      expect(Math.abs(a.after - a.before - sum)).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(a.after), Math.abs(a.before)));
    }
    for (const s of m.pnl) for (const r of s.rows) expect(r.parts.map((p) => p.id)).toEqual(["own", "others", "shocks", "drift"]);
    // the player's own seat comes first
    expect(m.pnl[0]).toMatchObject({ seat: "helix", own: true });
    expect(m.rankPnl.helix).toMatch(
      /^net income a quarter moved ([+−]\u2060)?\$.* over the game .* own orders .* other seats .* shocks .* drift /,
    );
    // the first quarter's change runs from that quarter held back (the opening books hold no profit)
    const first = m.pnl[0]!.rows[0]!;
    expect(first.before).toMatch(/ held back$/);
    expect(first.parts.find((p) => p.id === "drift")!.value).toBe("$0");
    expect(m.pnl[0]!.rows[1]!.before).not.toMatch(/held back/);
  });

  it("has a timeline with the shocks, every seat's orders and the market's response", () => {
    expect(m.timeline.map((t) => t.quarter)).toEqual(log.quarters.map((q) => q.quarter));
    const q4 = m.timeline.find((t) => t.quarter === 4)!;
    expect(q4.shocks.map((s) => s.headline).join(" ")).toMatch(/wafer/i);
    for (const t of m.timeline) {
      expect(t.decisions).toHaveLength(log.seats.length);
      expect(t.market.map((x) => x.label)).toEqual(["Token price index", "GPU-hour price", "AI capex", "Tokens served"]);
    }
    expect(m.timeline[1]!.market[0]!.text).toMatch(/→/);
  });

  it("scores the forecasts with a leaderboard, the player's own first", () => {
    const final = replayLog(log).state;
    const expected = (log.forecasts ?? []).map((r) => scoreForecast(r, final.history)!.score);
    expect(d.forecasts.scored.map((s) => s.score)).toEqual(expected);
    expect(m.forecasts.leaderboard.map((r) => r.by)).toEqual(["Ann", "Bo"]);
    expect(m.forecasts.leaderboard[0]).toMatchObject({ rank: 1, own: true, seat: "Helix Labs" });
    expect(m.forecasts.lines[0]!.own).toBe(true);
    expect(m.forecasts.lines.some((l) => /inside|outside/.test(l.score))).toBe(true);
  });

  it("puts the scenario's prompts for the shocks that fired first, citing the seed facts", () => {
    expect(m.prompts.length).toBeGreaterThan(2);
    expect(m.prompts[0]!.text).toMatch(/wafer shortage/i);
    expect(m.prompts[0]!.facts).toMatch(/fact 7/);
    expect(m.prompts[0]!.shocks).toMatch(/wafer/i);
    // prompts tied to shocks that never fired are left out
    const fired = new Set(replayLog(log).state.fired.map((f) => f.shock));
    for (const p of d.prompts) expect(p.shocks.length === 0 || p.shocks.some((s) => fired.has(s))).toBe(true);
  });

  it("splits a failed company's P&L up to its last quarter in business: its losses ending are no gain", () => {
    const injected = [{ shock: "lab-insolvency", quarter: 2, params: { "effects.0.target": "meridian" } }];
    const failedLog = runGame({ scenario: loadScenario("classroom"), seed: 3, quarters: 4, injected }).log;
    const fd = buildDebrief(failedLog);
    const drivers = fd.drivers.find((x) => x.seat === "meridian")!;
    const label = fd.timeline.find((t) => t.quarter === 2)!.label;
    // the shock fails the lab in quarter 2: its last quarter in business is the first
    expect(drivers.failed).toEqual({ quarter: 2, label });
    const before = fd.attribution.filter((a) => a.seat === "meridian" && a.quarter < 2);
    const sum = before.reduce((x, a) => x + a.drift + a.parts.reduce((y, p) => y + p.value, 0), 0);
    expect(drivers.total).toBeCloseTo(sum, 0);
    // the attribution of the quarter it failed in would read its ending losses as a gain
    const ending = fd.attribution.find((a) => a.seat === "meridian" && a.quarter === 2)!;
    expect(ending.after - ending.before).toBeGreaterThan(0);
    const fm = debriefModel(fd);
    expect(fm.rankPnl.meridian).toMatch(
      new RegExp(`^failed in ${label}; net income a quarter moved .* to its last quarter in business: own orders `),
    );
    const rows = fm.pnl.find((x) => x.seat === "meridian")!.rows;
    expect(rows.find((r) => r.quarter === 2)!.label).toBe(`${label} (failed)`);
    expect(rows.filter((r) => r.label.endsWith("(failed)"))).toHaveLength(1);
    // and no rows of zeros for the quarters after it (the game ran four)
    expect(fd.attribution.some((a) => a.seat === "meridian" && a.quarter > 2)).toBe(true);
    expect(rows.map((r) => r.quarter)).toEqual([1, 2]);
    // a company still in business keeps the whole game's sentence
    expect(fm.rankPnl.helix).toMatch(/^net income a quarter moved .* over the game /);
  });

  it("says when the host ended the game early, and ranks what was played", () => {
    const short = buildDebrief(game(3).log, { attribution: false });
    expect(short).toMatchObject({ quarters: 3, length: 8, endedEarly: true, attribution: [] });
    expect(short.standings.finished).toBe(true);
    expect(debriefModel(short).subtitle).toMatch(/3 of 8 quarters played \(the host ended the game early\)/);
  });
});

describe("forecast presenters", () => {
  const { log } = game(2);
  const view = playerView(replayLog(log).state, "helix");
  it("reads a forecast from the form, refusing what the wire would refuse", () => {
    expect(readForecast("tokenPriceIndex", "interval", { median: "5", low: "4", high: "6" })).toMatchObject({
      ok: true,
      forecast: { kind: "interval", median: 5, low: 4, high: 6 },
    });
    expect(readForecast("tokenPriceIndex", "interval", { median: "5", low: "6", high: "7" })).toMatchObject({ ok: false });
    expect(readForecast("gpuHourPrice", "direction", { up: "50", flat: "30", down: "20" })).toMatchObject({
      ok: true,
      forecast: { up: 0.5, flat: 0.3, down: 0.2 },
    });
    expect(readForecast("gpuHourPrice", "direction", { up: "50", flat: "30", down: "30" })).toEqual({
      ok: false,
      error: "up, flat and down must add up to 100%",
    });
  });
  it("shows the figures asked with their last value, this quarter's forecast, and past scores", () => {
    const interval = { kind: "interval" as const, target: "tokenPriceIndex" as const, median: 5, low: 4, high: 6 };
    const m = forecastPanel(
      view,
      {
        targets: ["tokenPriceIndex"],
        quarter: 3,
        mine: [
          { seat: "helix", by: "Ann", quarter: 3, forecast: interval },
          { seat: "helix", by: "Ann", quarter: 2, forecast: interval, actual: 5.5, last: 6, outcome: "down", score: 0.05, covered: true },
        ],
      },
      ["tokenPriceIndex"],
    );
    expect(m.quarter).toBe(3);
    expect(m.targets[0]).toMatchObject({
      id: "tokenPriceIndex",
      last: view.history.at(-1)!.tokenPriceIndex,
      current: forecastText(interval),
    });
    expect(m.targets[0]!.lastText).toMatch(/^last quarter: \$/);
    expect(m.past).toHaveLength(1);
    expect(m.past[0]!.result).toMatch(/came out .* \(down\) · score 0\.050 · inside your interval/);
    // the first quarter has no quarter before it to go up or down from
    const first = forecastPanel(
      view,
      {
        targets: ["tokenPriceIndex"],
        quarter: 2,
        mine: [
          { seat: "helix", by: "Ann", quarter: 1, forecast: interval, actual: 6.1, last: 6.1, outcome: "flat", score: 0.05, covered: true },
        ],
      },
      ["tokenPriceIndex"],
    );
    expect(first.past[0]!.result).toBe("came out $6.10/MTok · score 0.050 · inside your interval");
  });
  it("formats signed money", () => {
    // the sign is joined to the amount, so a wrapped line never leaves it behind
    expect(signedUsd(1.2e9)).toBe("+\u2060$1.20B");
    expect(signedUsd(-3.5e7)).toBe("−\u2060$35.0M");
    expect(signedUsd(0.1)).toBe("$0");
  });
});
