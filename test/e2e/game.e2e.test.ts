/**
 * End to end in a real browser against the real server: a host creates a game, two players
 * join from separate browser contexts, they play three quarters, one reloads mid-quarter and
 * keeps the seat, the host injects a shock that shows in the news and the world view, a
 * spectator sees no private books, the game ends and the ranking shows. Fails on any
 * console error. Screenshots go to test-results/screens/.
 */
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { simulateLog } from "../../client/src/replay-sim.ts";
import { type GameLog, readLog, replayLog } from "../../shared/index.ts";
import { Player } from "../server/helpers.ts";
import { browserSuite, CI, hasChromium, SCREENS, shot, watchedPage } from "./harness.ts";

describe.skipIf(!hasChromium() && !CI)("browser: a whole game", () => {
  const suite = browserSuite(180_000);
  const errors: string[] = [];

  const quarterOf = async (p: Page) => (await p.locator("#quarter-label").textContent()) ?? "";
  let step = "";
  /** accepted = the reply said so, or (when this was the last seat to submit) the quarter already moved on */
  const accepted = async (p: Page, before: string) => {
    await p.waitForFunction(
      (q) =>
        /Accepted/.test(document.querySelector("#submit-result")?.textContent ?? "") ||
        document.querySelector("#quarter-label")?.textContent !== q,
      before,
      { timeout: 15_000 },
    );
    expect(await p.locator("#submit-result.bad").count()).toBe(0);
  };
  const submit = async (p: Page, who = "") => {
    step = `submit ${who} ${await quarterOf(p)}`;
    // a phone folds the form after a resolution: open it
    if (!(await p.locator("#orders-panel").evaluate((d) => (d as HTMLDetailsElement).open)))
      await p.locator("#orders-panel > summary").click();
    const before = await quarterOf(p);
    await p.locator("#submit-orders").click();
    await accepted(p, before);
  };
  const waitQuarter = async (p: Page, re: RegExp) => {
    await p.waitForFunction((src) => new RegExp(src).test(document.querySelector("#quarter-label")?.textContent ?? ""), re.source, {
      timeout: 30_000,
    });
  };

  it("hosts, joins, plays three quarters with a reload and a shock, and ends with a ranking", async () => {
    const hostCtx = await suite.browser.newContext({ viewport: { width: 1366, height: 900 } });
    const aCtx = await suite.browser.newContext({ viewport: { width: 1440, height: 900 } });
    const bCtx = await suite.browser.newContext({ viewport: { width: 375, height: 780 }, isMobile: true, hasTouch: true });
    const sCtx = await suite.browser.newContext({ viewport: { width: 1280, height: 800 } });
    const host = await watchedPage(hostCtx, "host", errors);
    const a = await watchedPage(aCtx, "ana", errors);
    const b = await watchedPage(bCtx, "bo", errors);
    const spec = await watchedPage(sCtx, "spectator", errors);
    try {
      await play(host, a, b, spec);
    } catch (e) {
      for (const [n, p] of [
        ["host", host],
        ["ana", a],
        ["bo", b],
        ["spectator", spec],
      ] as const)
        await shot(p, `fail-${n}`).catch(() => {});
      throw new Error(
        `at step "${step}": ${e instanceof Error ? e.message : String(e)}\nconsole errors: ${errors.join("\n")}\nserver log: ${suite.server.log.join("").slice(-2000)}`,
      );
    }
    expect(errors).toEqual([]);
  }, 240_000);

  async function play(host: Page, a: Page, b: Page, spec: Page): Promise<void> {
    // landing → create
    await host.goto(suite.server.url);
    await host.locator("#create-btn").waitFor();
    await shot(host, "01-landing");
    // each scenario says its length, seats and what it is about
    expect(await host.locator("#create-scenario label.scenario").count()).toBeGreaterThan(3);
    expect(await host.locator('#create-scenario [data-scenario="classroom"]').textContent()).toMatch(
      /8 quarters · 7 seats: 2 AI labs.*\S{10,}/,
    );
    await host.locator("#scn-classroom").check();
    await host.locator("#create-quarters").fill("4");
    await host.locator("#create-timer").fill("0");
    await host.locator("#create-name").fill("Teacher");
    await host.locator("#create-btn").click();
    await host.waitForURL(/#\/g\/[A-Z0-9]+\/host$/);
    const code = /#\/g\/([A-Z0-9]+)\/host/.exec(host.url())![1]!;
    await host.locator("#host-seats tbody tr").first().waitFor();

    // wrong code: a clear error
    await a.goto(suite.server.url);
    await a.locator("#join-code").fill("ZZZZZZ");
    await a.locator("#join-name").fill("Ana");
    await a.locator("#join-btn").click();
    await expect.poll(async () => a.locator("#join-err").textContent(), { timeout: 10_000 }).toMatch(/No game has the code ZZZZZZ/);
    // the browser itself logs the matchmaker's "not found" HTTP status; that one line is expected here, nothing else
    const wrongCode = errors.splice(0);
    expect(wrongCode.every((e) => /Failed to load resource: the server responded with a status of 52\d/.test(e))).toBe(true);

    // two players join from separate contexts and each picks a seat; a spectator watches
    await a.locator("#join-code").fill(code);
    await a.locator("#join-btn").click();
    await a.waitForURL(new RegExp(`#/g/${code}$`));
    await a.locator("#join-code-big").waitFor();
    await a.locator('#seat-choice [data-take="helix"]').click();
    await expect.poll(async () => a.locator("#seat-pill").textContent(), { timeout: 10_000 }).toMatch(/Helix/);
    await b.goto(suite.server.url);
    await b.locator("#join-code").fill(code.toLowerCase());
    await b.locator("#join-name").fill("Bo");
    await b.locator("#join-btn").click();
    await b.locator("#join-code-big").waitFor();
    await b.locator('#seat-choice [data-take="meridian"]').click();
    await expect.poll(async () => b.locator("#seat-pill").textContent(), { timeout: 10_000 }).toMatch(/Meridian/);
    await spec.goto(suite.server.url);
    await spec.locator("#join-code").fill(code);
    // a name of the full 32 characters, which the host's seat pickers list
    await spec.locator("#join-name").fill("Watcher");
    await spec.locator("#watch-btn").click();
    await spec.waitForURL(/\/watch$/);
    const seatA = (await a.locator("#seat-pill").textContent()) ?? "";
    const seatB = (await b.locator("#seat-pill").textContent()) ?? "";
    expect(seatA).not.toBe("");
    expect(seatA).not.toEqual(seatB);
    await expect.poll(async () => host.locator("#host-seats").textContent()).toContain("Bo");
    await shot(a, "02-lobby");
    await shot(host, "03-host-lobby");

    // the teacher opens the console on a phone from the host link: a wrong key is refused; the
    // right one gives the phone the controls, and the key leaves its address bar
    step = "host link";
    await host.locator("#host-elsewhere > summary").click();
    await host.locator("#host-link-qr svg").waitFor();
    const link = await host.locator("#host-link").inputValue();
    await host.locator("#host-link-copy").click();
    await expect.poll(async () => host.locator("#banners").textContent(), { timeout: 5000 }).toMatch(/address is (copied|selected)/);
    expect(link).toMatch(new RegExp(`/#/g/${code}/host\\?key=.+`));
    const phoneCtx = await suite.browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const phone = await watchedPage(phoneCtx, "teacher's phone", errors);
    await phone.goto(link.replace(/key=.*/, "key=not-the-key"));
    await expect
      .poll(async () => phone.locator("#banners").textContent(), { timeout: 10_000 })
      .toMatch(/Could not open the host console.*wrong host key/);
    errors.splice(0); // the refused join's own console line
    await phoneCtx.close();
    const phoneCtx2 = await suite.browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const teacherPhone = await watchedPage(phoneCtx2, "teacher's phone", errors);
    await teacherPhone.goto(link);
    await teacherPhone.locator("#host-start").waitFor({ timeout: 20_000 });
    expect(teacherPhone.url()).toMatch(new RegExp(`#/g/${code}/host$`));
    await shot(teacherPhone, "03b-host-phone");
    // a student with a name of the full 32 characters in a seat with a long name: every other
    // seat's picker lists "name (seat)", and nothing is wider than the phone; the teacher then
    // frees the seat (the student watches on), so the game plays on without them
    const long = await new Player(suite.server.url).join(code, { name: "Ana-Maria Constantinescu-Popescu", seat: "coreforge" });
    await expect
      .poll(async () => teacherPhone.locator("#assign-helix option").allTextContents())
      .toContain("Ana-Maria Constantinescu-Popescu (CoreForge (neocloud))");
    // (the seat table scrolls sideways in its own box, so the page's width alone would not show it)
    const widest = await teacherPhone.evaluate(() =>
      Math.max(
        ...Array.from(document.querySelectorAll("#host-seats select, #host-seats button")).map((x) => x.getBoundingClientRect().right),
      ),
    );
    expect(widest, "a seat's control runs past the phone's width").toBeLessThanOrEqual(390);
    expect(
      await teacherPhone.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth),
    ).toBeLessThanOrEqual(0);
    await teacherPhone.locator("#free-btn-coreforge").click();
    await expect.poll(async () => teacherPhone.locator('#host-seats tr[data-seat="coreforge"] td').first().textContent()).toBe("bot");
    await long.leave();

    // start, from the phone
    await teacherPhone.locator("#host-start").click();
    await a.locator("#orders form").waitFor({ timeout: 20_000 });
    await b.locator("#orders form").waitFor({ timeout: 20_000 });
    await a.locator("#world-canvas canvas").waitFor({ timeout: 20_000 });
    expect(await quarterOf(a)).toMatch(/^Quarter 1 of 4/);
    await phoneCtx2.close();

    // instant validation with the shared schema: a negative number is refused before sending
    const firstNumber = a.locator("#orders input[type=number]").first();
    const before = await firstNumber.inputValue();
    await firstNumber.fill("-5");
    await expect.poll(async () => a.locator("#orders .error-text").allTextContents()).toContainEqual(expect.stringMatching(/At least/));
    expect(await a.locator("#submit-orders").isDisabled()).toBe(true);
    // the error reads on a line of its own under the field's range, not printed over it
    const firstId = await firstNumber.getAttribute("id");
    const errBox = (await a.locator(`#${firstId}-err`).boundingBox())!;
    const rangeBox = (await a.locator(`#${firstId}-range`).boundingBox())!;
    expect(errBox.height).toBeGreaterThan(0);
    expect(errBox.y).toBeGreaterThanOrEqual(rangeBox.y + rangeBox.height - 0.5);
    await firstNumber.fill(before);
    expect(await a.locator("#submit-orders").isDisabled()).toBe(false);
    await shot(a, "04-dashboard-q1");

    // host: ten minutes for this quarter, then pause (the timer stops and the pages say so) and resume (it runs again)
    await host.locator("#add-secs").fill("600");
    await host.locator("#host-add-time").click();
    await expect.poll(async () => a.locator("#timer").textContent(), { timeout: 10_000 }).toMatch(/^(10:00|9:\d\d)$/);
    await host.locator("#host-pause").click();
    await a.locator("#paused-pill").waitFor({ timeout: 10_000 });
    const paused = await a.locator("#timer").textContent();
    expect(paused).toMatch(/^paused (10:00|9:\d\d)$/);
    expect(await host.locator("#host-phase").textContent()).toBe("paused");
    await a.waitForTimeout(1200);
    expect(await a.locator("#timer").textContent()).toBe(paused);
    await shot(a, "04b-paused");
    await host.locator("#host-resume").click();
    await expect.poll(async () => a.locator("#timer").textContent(), { timeout: 10_000 }).toMatch(/^\d+:\d\d$/);
    expect(await a.locator("#paused-pill").count()).toBe(0);
    const t1 = (await a.locator("#timer").textContent())!;
    await expect.poll(async () => a.locator("#timer").textContent(), { timeout: 5_000 }).not.toBe(t1);
    await shot(b, "05-dashboard-phone");

    // quarter 1
    await submit(a, "ana");
    await submit(b, "bo");
    await waitQuarter(a, /^Quarter 2 of 4/);
    await waitQuarter(b, /^Quarter 2 of 4/);

    // quarter 2: Ana reloads mid-quarter and keeps her seat
    await a.reload();
    await a.locator("#orders form").waitFor({ timeout: 20_000 });
    expect(await a.locator("#seat-pill").textContent()).toBe(seatA);
    await expect.poll(async () => a.locator("#banners").textContent(), { timeout: 10_000 }).toMatch(/Rejoined your seat/);
    await shot(a, "06-after-reload");

    // Bo taps Leave by mistake, then joins again with the code and his name: he is the same
    // member, back in his seat, not a second "Bo (2)" without one
    step = "leave and come back";
    await b.locator("#leave-btn").click();
    await b.locator("#join-code").waitFor();
    await b.locator("#join-code").fill(code);
    await b.locator("#join-name").fill("Bo");
    await b.locator("#join-btn").click();
    await b.locator("#orders form").waitFor({ timeout: 20_000 });
    expect(await b.locator("#seat-pill").textContent()).toBe(seatB);
    await expect.poll(async () => host.locator("#host-seats").textContent()).toContain("Bo");
    expect(await host.locator("#host-seats").textContent()).not.toContain("Bo (2)");

    // the host injects a shock; it takes effect when the quarter resolves
    await host.locator("#shock-select").selectOption("wafer-shortage");
    await host.locator("#shock-inject").click();
    await host.locator("#host-result.ok").waitFor({ timeout: 10_000 });
    await shot(host, "07-host-console");
    // keyboard only: Tab from the first field reaches the submit button, with a visible focus ring; Enter submits
    await a.locator("#orders input, #orders select").first().focus();
    let onSubmit = false;
    for (let i = 0; i < 120 && !onSubmit; i++) {
      await a.keyboard.press("Tab");
      onSubmit = await a.evaluate(() => document.activeElement?.id === "submit-orders");
    }
    expect(onSubmit).toBe(true);
    expect(await a.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle)).not.toBe("none");
    step = "keyboard submit";
    const beforeKb = await quarterOf(a);
    await a.keyboard.press("Enter");
    await accepted(a, beforeKb);
    await submit(b, "bo");
    await waitQuarter(a, /^Quarter 3 of 4/);

    // the shock is in the news and on the map
    await expect.poll(async () => a.locator("#news").textContent(), { timeout: 15_000 }).toMatch(/wafer/i);
    await expect.poll(async () => a.locator("#world-alt").textContent()).toMatch(/Shock in force: Wafer shortage/i);
    await expect.poll(async () => spec.locator("#news").textContent(), { timeout: 15_000 }).toMatch(/wafer/i);
    await a
      .locator("#skip-playback")
      .click({ timeout: 2000 })
      .catch(() => {});
    await a.waitForTimeout(500);
    await shot(a, "08-dashboard-shock");

    // the spectator sees the public picture only
    expect(await spec.locator("#books").count()).toBe(0);
    expect(await spec.locator("#orders").count()).toBe(0);
    expect(await spec.locator("#seat-pill").textContent()).toMatch(/Spectator/);
    expect(await spec.locator("body").textContent()).not.toMatch(/Your books|Cost of revenue|Free cash flow/);
    await shot(spec, "09-spectator");

    // the host frees Bo's seat (Bo watches, a bot plays it), then assigns Bo back to it
    const seatIdB = await host.evaluate(
      (name) =>
        [...document.querySelectorAll("#host-seats tbody tr")]
          .find((r) => r.querySelector("td")?.textContent === name)
          ?.getAttribute("data-seat"),
      "Bo",
    );
    expect(seatIdB).toBeTruthy();
    await host.locator(`#free-btn-${seatIdB}`).click();
    await expect.poll(async () => b.locator("#seat-pill").textContent(), { timeout: 10_000 }).toMatch(/Spectator/);
    expect(await b.locator("#books").count()).toBe(0);
    await expect.poll(async () => host.locator(`#host-seats tr[data-seat="${seatIdB}"] td`).first().textContent()).toBe("bot");
    await host.locator(`#assign-${seatIdB}`).selectOption({ label: "Bo" });
    await host.locator(`#assign-btn-${seatIdB}`).click();
    await host.locator("#host-result.ok").waitFor({ timeout: 10_000 });
    await expect.poll(async () => b.locator("#seat-pill").textContent(), { timeout: 10_000 }).toBe(seatB);
    await b.locator("#orders form").waitFor({ timeout: 10_000 });
    await shot(host, "09b-host-reassigned");

    // the projector: big type, the public picture only, at 1920×1080 and 1280×720
    const pj = await watchedPage(host.context(), "projector", errors);
    await pj.setViewportSize({ width: 1920, height: 1080 });
    await pj.goto(`${suite.server.url}/#/g/${code}/projector`);
    await pj.locator("#pj-indicators .pj-tile").first().waitFor({ timeout: 20_000 });
    expect((await pj.locator("#pj-code").textContent())?.replace(/\s/g, "")).toBe(code);
    await expect.poll(async () => pj.locator("#pj-subs-headline").textContent()).toMatch(/of 2 seats submitted/);
    await expect.poll(async () => pj.locator("#news").textContent()).toMatch(/wafer/i);
    expect(await pj.locator("#books, #orders, #seat-pill").count()).toBe(0);
    expect(await pj.locator("body").textContent()).not.toMatch(/Your books|Cost of revenue|Free cash flow|only you/);
    const px = async (sel: string) =>
      pj
        .locator(sel)
        .first()
        .evaluate((e) => Number.parseFloat(getComputedStyle(e).fontSize));
    expect(await px(".pj-value")).toBeGreaterThanOrEqual(40);
    expect(await px("#pj-subs-headline")).toBeGreaterThanOrEqual(28);
    await pj.waitForTimeout(1500);
    await pj.screenshot({ path: `${SCREENS}/09c-projector-1920.png` });
    await pj.setViewportSize({ width: 1280, height: 720 });
    await pj.waitForTimeout(600);
    // the whole public picture fits on the screen: nothing to scroll to
    expect(await pj.evaluate(() => document.documentElement.scrollHeight)).toBeLessThanOrEqual(722);
    await pj.screenshot({ path: `${SCREENS}/09d-projector-1280.png` });
    // however long a quarter's news, the news list gives way, not the page
    const longNews = await pj.evaluate(() => {
      const ol = document.querySelector("#news ol");
      for (let i = 0; i < 12; i++) {
        const li = document.createElement("li");
        li.textContent = "A long piece of news that wraps over several lines of the projector's side column. ".repeat(2);
        ol?.append(li);
      }
      return document.documentElement.scrollHeight;
    });
    expect(longNews).toBeLessThanOrEqual(722);
    await pj.close();
    // a second projector is named "Projector (2)" by the game, and its screen does not say so
    const pjCtx = await suite.browser.newContext({ viewport: { width: 1280, height: 720 } });
    const pj2 = await watchedPage(pjCtx, "projector 2", errors);
    await pj2.goto(`${suite.server.url}/#/g/${code}/projector`);
    await pj2.locator("#pj-indicators .pj-tile").first().waitFor({ timeout: 20_000 });
    await pj2.waitForTimeout(1000);
    expect(await pj2.locator("#banners").textContent()).not.toMatch(/already called/);
    await pjCtx.close();

    // quarter 3, then the host ends the game
    await submit(a, "ana");
    await submit(b, "bo");
    await waitQuarter(a, /^Quarter 4 of 4/);
    host.once("dialog", (d) => void d.accept());
    await host.locator("#host-end").click();
    await a.locator("#ranking table.rank tbody tr").first().waitFor({ timeout: 30_000 });
    await b.locator("#ranking table.rank tbody tr").first().waitFor({ timeout: 30_000 });
    const rows = await a.locator("#ranking table.rank tbody tr").count();
    expect(rows).toBeGreaterThan(3);
    expect(await a.locator("#ranking tr.own").count()).toBe(1);
    await a.waitForTimeout(800);
    await shot(a, "10-end-ranking");

    // the host's downloads, through the console's own links (they carry the host key)
    await host.locator("#dl-log").waitFor();
    const dl = await host.evaluate(async () => {
      const get = async (id: string) => {
        const href = (document.getElementById(id) as HTMLAnchorElement).href;
        const r = await fetch(href);
        return { status: r.status, type: r.headers.get("content-type") ?? "", text: await r.text() };
      };
      const noKey = await fetch((document.getElementById("dl-csv") as HTMLAnchorElement).href.replace(/key=[^&]*/, "key=wrong"));
      return { log: await get("dl-log"), csv: await get("dl-csv"), noKey: noKey.status };
    });
    expect(dl.noKey).toBe(403);
    // the browser logs that deliberate 403; that one line is expected, nothing else
    const forbidden = errors.splice(0);
    expect(forbidden.every((e) => /status of 403/.test(e))).toBe(true);
    expect(dl.log.status).toBe(200);
    // the download is a log as the CLI and the replay viewer read it
    const gameLog: GameLog = readLog(JSON.parse(dl.log.text));
    expect(gameLog.format).toBe("compute-cycle-log");
    expect(gameLog.quarters.length).toBe(3);
    const replayed = replayLog(gameLog);
    expect(replayed.firstDivergence ?? null).toBeNull();
    expect(replayed.ok).toBe(true);
    expect(dl.csv.status).toBe(200);
    const lines = dl.csv.text.trim().split(/\r?\n/);
    expect(lines[0]).toBe("quarter,label,seat,role,name,revenue,grossMargin,cash,fcf,valuation,tokensServed,share");
    const seatsN = await host.locator("#host-seats tbody tr").count();
    expect(seatsN).toBe(7);
    expect(lines.length - 1).toBe(seatsN * 3);
    for (const l of lines.slice(1)) expect(l.split(",").length).toBe(12);

    // replay of the finished game (host has the key to its log)
    await host.goto(`${suite.server.url}/#/replay/${code}`);
    await host.locator("#replay-slider").waitFor({ timeout: 30_000 });
    // the browser re-simulated the server's log: one frame per resolved quarter plus the start
    expect(await host.locator("#replay-slider").getAttribute("max")).toBe("3");
    const verdict = (await host.locator("#replay-status").textContent()) ?? "";
    // the server's log (with the host's live injection, applied after `after` quarters) verifies: no hash divergence,
    // in the browser and in Node (the same loop, client/src/replay-sim.ts)
    const log = await host.evaluate(async (c) => {
      const saved = JSON.parse(localStorage.getItem(`cc:session:${c}`) ?? "{}") as { hostKey?: string };
      return (await fetch(`/api/games/${c}/log?key=${encodeURIComponent(saved.hostKey ?? "")}`)).json();
    }, code);
    const inNode = simulateLog(log);
    expect(inNode.divergence ?? "node: verifies").toBe("node: verifies");
    // ... and in the browser too: the engine's maths is deterministic (shared/engine/dmath.ts)
    expect(verdict).toMatch(/every state hash matches/);
    expect(await host.locator("#replay-status.ok").count()).toBe(1);
    await host.locator("#replay-slider").fill("1");
    await host.waitForTimeout(500);
    await shot(host, "11-replay");
  }
});
