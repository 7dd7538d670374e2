/**
 * `sim report`: one self-contained page over a batch, a fork, a sweep, a tornado and their
 * comparison, opened in Debian's Chromium: no console error, every chart drawn and followed by
 * its table. In CI a missing Chromium fails the test.
 */
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { metricInfo } from "../../shared/sim/metrics.ts";
import { CHROME_ARGS, CHROMIUM, CI, hasChromium } from "../e2e/harness.ts";
import { sim, tempDir } from "./helpers.ts";

if (CI && !hasChromium()) throw new Error(`CI=true but Chromium is missing at ${CHROMIUM}`);

describe.skipIf(!hasChromium())("sim report", () => {
  const dir = tempDir("cc-report-");
  const html = join(dir, "out", "report.html");
  beforeAll(() => {
    const q = ["--scenario", "classroom", "--quarters", "3", "--runs", "4", "--no-progress"];
    expect(sim("batch", ...q, "--out", join(dir, "a")).code).toBe(0);
    expect(sim("batch", ...q, "--shock", "wafer-shortage@2", "--out", join(dir, "b")).code).toBe(0);
    expect(
      sim("sweep", ...q, "--vary", "world.foundry.capacityWafers=5000..50000:3", "--metric", "aiCapex", "--out", join(dir, "s")).code,
    ).toBe(0);
    expect(
      sim(
        "sensitivity",
        ...q,
        "--metric",
        "aiCapex",
        "--params",
        "world.params.economicLifeYears=2..10,world.params.catchUp=0..1",
        "--out",
        join(dir, "t"),
      ).code,
    ).toBe(0);
    const r = sim("report", join(dir, "a"), join(dir, "b"), join(dir, "s"), join(dir, "t"), "--out", html);
    expect(r.code, r.stderr).toBe(0);
  });

  it("is self-contained: uPlot inlined, no external resource", () => {
    const text = readFileSync(html, "utf8");
    expect(text).toContain("uPlot");
    expect(text).not.toMatch(/<script[^>]+src=/);
    expect(text).not.toMatch(/<link[^>]+rel="stylesheet"/);
    expect(text).toMatch(/href="\.\.\/a\/wide\.csv"/);
  });

  /** Opens a report in Chromium once its charts are drawn, runs `check`, and requires no console error or warning. */
  async function inChromium(file: string, check: (page: Page) => Promise<void>): Promise<void> {
    const ctx = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), "cc-report-browser-")), {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROME_ARGS,
    });
    try {
      const page = await ctx.newPage();
      const problems: string[] = [];
      page.on("console", (m) => {
        if (m.type() === "error" || m.type() === "warning") problems.push(`${m.type()}: ${m.text()}`);
      });
      page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
      await page.goto(`file://${file}`);
      await page.waitForSelector("body[data-charts-ready]");
      await check(page);
      expect(problems).toEqual([]);
    } finally {
      await ctx.close();
    }
  }

  it("opens in Chromium with no console error; every chart has its table", async () => {
    await inChromium(html, async (page) => {
      const figures = await page.$$eval("figure.chart", (fs) =>
        fs.map((f) => ({
          drawn: !!f.querySelector(".uplot canvas, svg.tornado rect"),
          rows: f.querySelectorAll("table tbody tr").length,
        })),
      );
      // fans for both batches, the comparison's overlays, the sweep's chart, the tornado
      expect(figures.length).toBeGreaterThanOrEqual(8);
      for (const f of figures) {
        expect(f.drawn).toBe(true);
        expect(f.rows).toBeGreaterThan(0);
      }
      expect(await page.locator("section.tornado table tbody tr").count()).toBe(2);
      // on a phone (or a window made narrow) the page keeps its width: the charts follow it, and
      // wide tables and the tornado scroll in their own box
      await page.setViewportSize({ width: 390, height: 844 });
      await page.waitForFunction(() => document.documentElement.scrollWidth <= 390, null, { timeout: 2000 });
    });
  });

  it("a figure falling or growing by orders of magnitude is drawn on a log scale, labelled so", async () => {
    const long = join(dir, "long");
    expect(sim("batch", "--scenario", "base", "--runs", "3", "--no-progress", "--out", long).code).toBe(0);
    const page6 = join(dir, "out", "long.html");
    expect(sim("report", long, "--out", page6, "--metric", "tokenPriceIndex", "--metric", "gpuUtilization").code).toBe(0);
    const text = readFileSync(page6, "utf8");
    const specs = JSON.parse(/<script type="application\/json" id="chart-data">([^<]*)<\/script>/.exec(text)![1]!) as {
      title: string;
      log: boolean;
      series: { values: (number | null)[] }[];
    }[];
    const of = (m: string) => specs.find((c) => c.title.startsWith(m))!;
    // the token price falls more than twentyfold over six years of base; utilisation stays within 0..1
    const prices = of("tokenPriceIndex").series.flatMap((x) => x.values as number[]);
    expect(Math.max(...prices) / Math.min(...prices)).toBeGreaterThan(20);
    expect(of("tokenPriceIndex").log).toBe(true);
    expect(of("gpuUtilization").log).toBe(false);
    expect(text).toMatch(/tokenPriceIndex · p10 \/ p50 \/ p90 <span class="unit">\(\$\/MTok, log scale\)<\/span>/);
    expect(text).not.toMatch(/gpuUtilization[^<]*<span class="unit">\([^)]*log scale/);
    // each chart says what its metric is, in its declaration's words
    expect(text).toContain(`<span class="doc">${metricInfo("tokenPriceIndex")!.doc}</span>`);
    await inChromium(page6, async (page) => {
      expect(await page.locator("figure.chart .uplot canvas").count()).toBeGreaterThanOrEqual(2);
    });
  });

  it("a folder that is not an output folder is a one-line error", () => {
    const r = sim("report", dir, "--out", join(dir, "x.html"));
    expect(r.code).toBe(2);
    expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(existsSync(join(dir, "x.html"))).toBe(false);
  });
});
