/**
 * What-if fans in a real browser against the real server: the host forks the running game into
 * futures and previews a shock's impact (a chart with its table, p10 ≤ median ≤ p90 in every
 * row), a quarter is resolved while a fan plays, and once the game has ended a player forks it
 * from an earlier quarter on a phone. Fails on any console error. Screenshots go to
 * test-results/screens/ (fan-host-laptop, fan-player-phone).
 */
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { MAX_QUARTERS } from "../../shared/scenario/limits.ts";
import { browserSuite, CI, hasChromium, shot, watchedPage } from "./harness.ts";

describe.skipIf(!hasChromium() && !CI)("browser: what-if fans", () => {
  const suite = browserSuite(180_000);
  const errors: string[] = [];

  /** The fan's table: [label, p90, median, p10, …] per quarter, as numbers where they parse. */
  const fanRows = async (p: Page) =>
    p
      .locator("#fan-out .tablewrap table tbody tr")
      .evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll("th, td")].map((c) => c.textContent ?? "")));
  const num = (s: string): number => {
    const m = /(-|−)?\$?([\d.]+)\s*([kMBT]?)/.exec(s.replace(/,/g, ""));
    if (!m) return Number.NaN;
    const scale = { "": 1, k: 1e3, M: 1e6, B: 1e9, T: 1e12 }[m[3] as "" | "k" | "M" | "B" | "T"];
    return (m[1] ? -1 : 1) * Number(m[2]) * scale;
  };

  const QUARTERS = MAX_QUARTERS;

  it("the host forks the running game with a shock preview; a player forks the ended game on a phone", async () => {
    const laptop = await suite.browser.newContext({ viewport: { width: 1366, height: 900 } });
    const phone = await suite.browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const host = await watchedPage(laptop, "host", errors);
    const ana = await watchedPage(phone, "ana", errors);

    await host.goto(suite.server.url);
    await host.locator("#scn-classroom").check();
    // as long as a game may be, so that the big fan below takes many times as long as a quarter
    await host.locator("#create-quarters").fill(String(QUARTERS));
    await host.locator("#create-timer").fill("0");
    await host.locator("#create-name").fill("Host");
    await host.locator("#create-btn").click();
    await host.waitForURL(/#\/g\/[A-Z0-9]+\/host$/);
    const code = /#\/g\/([A-Z0-9]+)\/host/.exec(host.url())![1]!;

    await ana.goto(`${suite.server.url}/#/j/${code}`);
    await ana.locator("#join-name").fill("Ana");
    await ana.locator("#join-btn").click();
    await ana.locator('#seat-choice [data-take="helix"]').click();
    await expect.poll(async () => ana.locator("#seat-pill").textContent(), { timeout: 10_000 }).toMatch(/·/);

    await host.locator("#host-start").click();
    await host.locator("#host-resolve").click();
    await expect.poll(async () => host.locator("#host-quarter").textContent(), { timeout: 20_000 }).toContain(`Quarter 2 of ${QUARTERS}`);
    // "Quarter resolving now" was about the quarter that has resolved: it does not stay up
    await expect.poll(async () => host.locator("#host-result").textContent(), { timeout: 10_000 }).toBe("");

    // the host's fan of the GPU-hour price, with a wafer shortage next quarter beside it
    await host.locator("#fan-metric").selectOption("gpuHourPrice");
    await host.locator("#fan-runs").fill("40");
    await host.locator("#fan-shock").selectOption("wafer-shortage");
    await host.locator("#fan-run").click();
    await host.locator("#fan-status.ok").waitFor({ timeout: 60_000 });
    await host.locator("#fan-out .uplot").waitFor();
    await host.locator("#fan-out summary").click();
    const rows = await fanRows(host);
    expect(rows).toHaveLength(QUARTERS);
    expect(rows[0]![0]).toMatch(/played/);
    for (const r of rows) {
      const [p90, p50, p10, sp90, sp50, sp10] = r.slice(1).map(num);
      expect(p10!).toBeLessThanOrEqual(p50!);
      expect(p50!).toBeLessThanOrEqual(p90!);
      expect(sp10!).toBeLessThanOrEqual(sp50!);
      expect(sp50!).toBeLessThanOrEqual(sp90!);
    }
    expect(await host.locator("#fan-out figcaption").textContent()).toMatch(/40 futures/);
    await shot(host, "fan-host-laptop");

    // a big fan (400 futures of 22 quarters, with and without the shock) does not hold up the
    // quarter: the quarter resolves while it plays, then the host cancels it
    await host.locator("#fan-runs").fill("400");
    await host.locator("#fan-run").click();
    await host.locator("#fan-cancel").waitFor();
    await host.locator("#host-resolve").click();
    await expect.poll(async () => host.locator("#host-quarter").textContent(), { timeout: 20_000 }).toContain(`Quarter 3 of ${QUARTERS}`);
    expect(await host.locator("#fan-status").textContent()).toMatch(/Playing 400 futures/);
    await host.locator("#fan-cancel").click();
    await expect.poll(async () => host.locator("#fan-status").textContent(), { timeout: 20_000 }).toMatch(/Cancelled/);

    // after the end, the player forks from an earlier quarter on a phone: its own cash included
    host.once("dialog", (d) => void d.accept());
    await host.locator("#host-end").click();
    await ana.locator("#end-fan #fan-metric").waitFor({ timeout: 30_000 });
    await ana.locator("#fan-metric").selectOption("actor.helix.cash");
    await ana.locator("#fan-from").selectOption("1");
    await ana.locator("#fan-runs").fill("20");
    await ana.locator("#fan-run").click();
    await ana.locator("#fan-status.ok").waitFor({ timeout: 60_000 });
    await ana.locator("#fan-out .uplot").waitFor();
    await ana.locator("#end-fan").scrollIntoViewIfNeeded();
    await shot(ana, "fan-player-phone");
    const width = await ana.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(390);
    expect(errors).toEqual([]);
    await laptop.close();
    await phone.close();
  }, 240_000);
});
