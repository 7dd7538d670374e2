/**
 * Quick-join: a public game is listed on the landing page under "Open games", and a player
 * joins it from there with one click (real server, real browser); a visitor who gives the
 * host's name is told the number the game gave it.
 */
import { Client } from "@colyseus/sdk";
import { describe, expect, it } from "vitest";
import { browserSuite, CI, hasChromium, shot, watchedPage } from "./harness.ts";

describe.skipIf(!hasChromium() && !CI)("browser: quick-join an open game", () => {
  const suite = browserSuite(90_000);

  it("lists a public game and joins it from the list; a private game is not listed; a taken name gets a number", async () => {
    const sdk = new Client(suite.server.url);
    const pub = await sdk.create("game", { name: "Host", scenario: "classroom", public: true, turnSeconds: 0 });
    const priv = await sdk.create("game", { name: "Host2", scenario: "classroom", public: false, turnSeconds: 0 });
    const errors: string[] = [];
    const ctx = await suite.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await watchedPage(ctx, "visitor", errors);
    await page.goto(suite.server.url);
    await page.locator("#join-name").fill("host");
    const list = page.locator("#open-games");
    await list.locator("li button").first().waitFor({ timeout: 15_000 });
    const codes = await list.locator("li button").evaluateAll((bs) => bs.map((b) => b.getAttribute("data-code")));
    expect(codes).toContain(pub.roomId);
    expect(codes).not.toContain(priv.roomId);
    await shot(page, "01b-open-games");
    await list.locator(`button[data-code="${pub.roomId}"]`).click();
    await page.waitForURL(new RegExp(`#/g/${pub.roomId}`), { timeout: 15_000 });
    await page.locator("#main").waitFor({ timeout: 15_000 });
    await expect
      .poll(async () => page.locator("#banners").textContent(), { timeout: 10_000 })
      .toContain("Someone in this game is already called host: you show as host (2).");
    expect(errors).toEqual([]);
    await pub.leave();
    await priv.leave();
    await ctx.close();
  }, 60_000);
});
