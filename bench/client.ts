/**
 * Client bench: initial JavaScript (gzip) of the built client, time from navigation to an
 * interactive dashboard (orders form ready, after a reload that rejoins the seat) on
 * localhost in headless Chromium, and frames per second during a quarter's playback.
 * Prints `name: value unit` lines and merges client.* keys into bench/results.json.
 * Run: node bench/client.ts (builds dist/client first when needed; needs /usr/bin/chromium).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { ensureBuilt, launch, ROOT, startServer } from "../test/e2e/harness.ts";
import { recordResults } from "./results.ts";

function initialJsGzip(): number {
  const dist = join(ROOT, "dist", "client");
  const html = readFileSync(join(dist, "index.html"), "utf8");
  const srcs = new Set<string>();
  for (const m of html.matchAll(/<script[^>]+src="([^"]+\.js)"/g)) srcs.add(m[1]!);
  for (const m of html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+\.js)"/g)) srcs.add(m[1]!);
  let total = 0;
  for (const s of srcs) total += gzipSync(readFileSync(join(dist, s.replace(/^\//, "")))).length;
  return total;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

async function main(): Promise<void> {
  ensureBuilt();
  const gz = initialJsGzip();
  const server = await startServer();
  const browser = await launch();
  try {
    const ctx = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await ctx.newPage();
    await page.goto(server.url);
    await page.locator("#create-name").fill("Bench");
    await page.locator("#quick-btn").click();
    await page.locator("#submit-orders").waitFor({ timeout: 30_000 });
    const url = page.url();
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t0 = Date.now();
      await page.goto(url);
      await page.locator("#submit-orders:enabled").waitFor({ timeout: 30_000 });
      await page.locator("#world-canvas canvas").waitFor({ timeout: 30_000 });
      times.push(Date.now() - t0);
    }
    const tti = median(times);
    // a quarter resolves (bots are ready) and plays back; count animation frames meanwhile
    await page.locator("#submit-orders").click();
    await page.locator("#skip-playback:visible").waitFor({ timeout: 30_000 });
    const fps = await page.evaluate(
      () =>
        new Promise<number>((resolve) => {
          let frames = 0;
          const t0 = performance.now();
          const tick = (t: number) => {
            frames++;
            if (t - t0 < 2000) requestAnimationFrame(tick);
            else resolve((frames * 1000) / (t - t0));
          };
          requestAnimationFrame(tick);
        }),
    );
    const phaserFps = await page.evaluate(() => window.__cc?.world?.fps() ?? 0);
    const figures = {
      "client.initialJsGzipKB": Math.round((gz / 1024) * 10) / 10,
      "client.timeToInteractiveMs": tti,
      "client.playbackFps": Math.round(fps * 10) / 10,
      "client.playbackPhaserFps": Math.round(phaserFps * 10) / 10,
    };
    console.log(`client.initialJsGzip: ${figures["client.initialJsGzipKB"]} KB (target < 600)`);
    console.log(`client.timeToInteractive: ${tti} ms (median of ${times.length} reloads; target < 2000)`);
    console.log(`client.playbackFps: ${figures["client.playbackFps"]} fps (requestAnimationFrame during playback; target 55+)`);
    console.log(`client.playbackPhaserFps: ${figures["client.playbackPhaserFps"]} fps (Phaser's measured loop rate)`);
    recordResults(figures);
  } finally {
    await browser.close();
    await server.stop();
  }
}

await main();
