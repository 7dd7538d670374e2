/**
 * A lab whose compute contracts run out is told in time: a student on a phone holds Meridian in
 * a ten-quarter `base` game and signs nothing. Its opening contract with Stratus ends after
 * quarter 8, and a hyperscaler's new contract starts two quarters after it is signed, so from
 * quarter 7 its books warn it, name the contract and say when a contract signed now would start;
 * before then they do not. The host resolves the quarters one after another, and the notices that
 * each resolved before Meridian submitted leave one banner, the last. And a student holding
 * Stratus in `classroom` is told on its accelerators form that the order placed before the game is
 * a booking that takes only what its power ready for chips holds, until it orders its own, and
 * asked about a contract price a few zeros short before it is sent. Real server, real browser;
 * fails on any console error.
 */

import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { Player } from "../server/helpers.ts";
import { browserSuite, CI, hasChromium, shot, watchedPage } from "./harness.ts";

describe.skipIf(!hasChromium() && !CI)("browser: a lab is warned before its contracts run out", () => {
  const suite = browserSuite(90_000);

  /** A student on a phone who joins game `code` as `name` and takes `seat` (its name shown as `shown`). */
  async function phoneSeat(code: string, name: string, seat: string, shown: RegExp) {
    const errors: string[] = [];
    const ctx = await suite.browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const page = await watchedPage(ctx, name.toLowerCase(), errors);
    await page.goto(`${suite.server.url}/#/j/${code}`);
    await page.locator("#join-name").fill(name);
    await page.locator("#join-btn").click();
    await page.locator(`#seat-choice [data-take="${seat}"]`).click();
    await expect.poll(async () => page.locator("#seat-pill").textContent(), { timeout: 10_000 }).toMatch(shown);
    return { ctx, page, errors };
  }

  /** Waits until the page shows quarter n as the one being decided. */
  const quarterOn = (page: Page, n: number) =>
    page.waitForFunction((q) => new RegExp(`^Quarter ${q} of`).test(document.querySelector("#quarter-label")?.textContent ?? ""), n, {
      timeout: 30_000,
    });

  it("warns from the quarter a new contract could still land in time, on a phone, without overflowing it", async () => {
    const host = await new Player(suite.server.url).create({ name: "Host", scenario: "base", quarters: 10, turnSeconds: 0, seed: 4 });
    const { ctx, page, errors } = await phoneSeat(host.code, "Ana", "meridian", /Meridian/);
    expect(await host.host({ action: "start" })).toMatchObject({ ok: true });
    const quarter = (n: number) => quarterOn(page, n);
    for (let n = 1; n <= 6; n++) {
      await quarter(n);
      // the contract's term is in the game's quarter labels
      if (n === 1) await expect.poll(async () => page.locator("#contracts").textContent()).toContain("2026Q3–2028Q2 · 8 quarters left");
      expect(await page.locator("#contracts-outlook").count(), `quarter ${n}`).toBe(0);
      expect(await page.locator("#orders [data-outlook]").count(), `quarter ${n}`).toBe(0);
      expect(await host.host({ action: "resolveNow" })).toMatchObject({ ok: true });
    }
    await quarter(7);
    // six quarters resolved by the host in quick succession leave one line about the last, not a stack
    await expect
      .poll(async () => page.locator('#banners .banner[data-kind="timer"]').allTextContents(), { timeout: 10_000 })
      .toEqual(["Quarter 6 resolved when the host resolved it before Meridian AI submitted: your standing orders stood."]);
    const outlook = page.locator("#contracts-outlook");
    await outlook.waitFor({ timeout: 10_000 });
    expect(await outlook.textContent()).toMatch(
      /^Your contracts deliver 6\.00B GPU-h a quarter now and 3\.00B GPU-h from 2028Q3, as your contract with Stratus Cloud ends\. A contract signed this quarter starts delivering in 2028Q3 with a hyperscaler, 2028Q2 with a neocloud: sign one now, or bid for spot hours\.$/,
    );
    expect(await page.locator("#contracts").textContent()).toContain("2026Q3–2028Q2 · 2 quarters left");
    // the quarter's resolution card says it first, and the contract form, where a phone's player signs one
    expect(await page.locator("#resolution .res-warn").allTextContents()).toContain(await outlook.textContent());
    expect(await page.locator('#orders [data-outlook="lab/signContract"]').textContent()).toBe(await outlook.textContent());
    await outlook.scrollIntoViewIfNeeded();
    await shot(page, "contracts-outlook-phone");
    const box = await outlook.boundingBox();
    expect(box!.x).toBeGreaterThanOrEqual(0);
    expect(box!.x + box!.width).toBeLessThanOrEqual(390);
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
    expect(errors).toEqual([]);
    await host.leave();
    await ctx.close();
  }, 90_000);

  it("tells a cloud on a phone that its opening chip order is a booking its power limits, until it orders its own", async () => {
    const host = await new Player(suite.server.url).create({ name: "Host", scenario: "classroom", turnSeconds: 0, seed: 1 });
    const { ctx, page, errors } = await phoneSeat(host.code, "Bo", "stratus", /Stratus/);
    expect(await host.host({ action: "start" })).toMatchObject({ ok: true });
    await quarterOn(page, 1);
    const group = '[data-group="hyperscaler/orderAccelerators:vector"]';
    const warn = page.locator(`${group} [data-outlook]`);
    await warn.waitFor({ timeout: 10_000 });
    const booking =
      /^Your booking with Vector Semiconductor, placed before the game, takes up to [\d.]+k accelerators a quarter, only as far as your power ready for them holds/;
    expect(await warn.textContent()).toMatch(booking);
    // the form shows the booking, which stands until the team orders
    const units = page.locator('input[name="hyperscaler/orderAccelerators:vector.units"]');
    expect(await units.inputValue()).toBe("919531");
    await warn.scrollIntoViewIfNeeded();
    await shot(page, "chip-orders-outlook-phone");
    const box = await warn.boundingBox();
    expect(box!.x + box!.width).toBeLessThanOrEqual(390);
    // a quarter with nothing sent leaves the booking standing
    expect(await host.host({ action: "resolveNow" })).toMatchObject({ ok: true });
    await quarterOn(page, 2);
    expect(await page.locator(`${group} [data-outlook]`).textContent()).toMatch(booking);
    // the team's own order replaces it, and stands as placed: nothing more to say
    await page.locator("#decide-btn").click();
    await units.fill("600000");
    await page.locator("#submit-orders").click();
    await quarterOn(page, 3);
    expect(await units.inputValue()).toBe("600000");
    expect(await page.locator(`${group} [data-outlook]`).count()).toBe(0);
    expect(errors).toEqual([]);
    await host.leave();
    await ctx.close();
  }, 90_000);

  it("asks a cloud on a phone about a contract price a few zeros short before sending it", async () => {
    const host = await new Player(suite.server.url).create({ name: "Host", scenario: "classroom", turnSeconds: 0, seed: 2 });
    const { ctx, page, errors } = await phoneSeat(host.code, "Cy", "stratus", /Stratus/);
    expect(await host.host({ action: "start" })).toMatchObject({ ok: true });
    await quarterOn(page, 1);
    const price = page.locator('input[name="hyperscaler/setGpuPrices.contractPrice"]');
    expect(await price.inputValue()).toBe("2.8");
    await price.fill("0.01");
    const check = page.locator("#f-hyperscaler_setGpuPrices_contractPrice-check");
    await expect
      .poll(async () => check.textContent())
      .toBe("$0.01/GPU-h is 280× less than what stands ($2.80/GPU-h): is that what you mean?");
    expect(await page.locator("#order-summary").textContent()).toContain("One figure is far from what stands: check it before you send.");
    // the first press sends nothing and says why; the second sends it as typed
    const submit = page.locator("#submit-orders");
    await submit.click();
    const result = page.locator("#submit-result");
    await expect
      .poll(async () => result.textContent())
      .toMatch(/^Not sent yet\. Check these figures.*GPU-hour prices · Contract price: \$0\.01\/GPU-h is 280× less/);
    expect(await submit.textContent()).toBe("Send as they are");
    await result.scrollIntoViewIfNeeded();
    await shot(page, "far-figure-check-phone");
    const box = await result.boundingBox();
    expect(box!.x + box!.width).toBeLessThanOrEqual(390);
    // nothing went to the server: the only human seat's submission would have resolved the quarter
    expect(await page.locator("#orders-status").textContent()).toBe("");
    expect(await page.locator("#quarter-label").textContent()).toMatch(/^Quarter 1 of/);
    // another figure is asked about again
    await price.fill("0.02");
    await expect.poll(async () => submit.textContent()).toBe("Submit orders");
    await submit.click();
    await expect.poll(async () => result.textContent()).toContain("$0.02/GPU-h is 140× less");
    expect(await page.locator("#quarter-label").textContent()).toMatch(/^Quarter 1 of/);
    await submit.click();
    // sent as typed: the quarter resolves on it, and the price stands
    await quarterOn(page, 2);
    expect(await price.inputValue()).toBe("0.02");
    expect(errors).toEqual([]);
    await host.leave();
    await ctx.close();
  }, 90_000);
});
