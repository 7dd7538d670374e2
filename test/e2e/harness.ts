/**
 * E2E harness: builds the client when needed, starts the real game server as a child
 * process on a free port with a temporary data directory, and launches Debian's Chromium.
 */
import assert from "node:assert/strict";
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll } from "vitest";

export const ROOT = join(import.meta.dirname, "..", "..");
export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const CHROME_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
export const SCREENS = join(ROOT, "test-results", "screens");
/** In CI a browser suite must run: a missing Chromium fails it instead of skipping. */
export const CI = process.env.CI === "true" || process.env.CI === "1";

export function hasChromium(): boolean {
  return existsSync(CHROMIUM);
}

/** Builds dist/client with Vite when it is missing or older than the client sources. */
export function ensureBuilt(): void {
  const index = join(ROOT, "dist", "client", "index.html");
  const newest = (dir: string): number => {
    let t = 0;
    for (const e of spawnSync("find", [dir, "-type", "f", "-newer", index], { encoding: "utf8" }).stdout.split("\n")) if (e) t++;
    return t;
  };
  if (existsSync(index) && newest(join(ROOT, "client")) === 0 && newest(join(ROOT, "shared")) === 0 && statSync(index).size > 0) return;
  const vite = join(ROOT, "node_modules", ".bin", "vite");
  const r = spawnSync(vite, ["build", "--logLevel", "warn"], { cwd: ROOT, stdio: "inherit" });
  if (r.status !== 0) throw new Error("vite build failed");
}

export interface Server {
  url: string;
  proc: ChildProcess;
  dataDir: string;
  log: string[];
  stop(): Promise<void>;
}

export async function startServer(): Promise<Server> {
  const dataDir = mkdtempSync(join(tmpdir(), "cc-e2e-"));
  const log: string[] = [];
  const proc = spawn(process.execPath, [join(ROOT, "server", "index.ts")], {
    cwd: ROOT,
    env: { ...process.env, PORT: "0", HOST: "127.0.0.1", DATA_DIR: dataDir, STATIC_DIR: join(ROOT, "dist", "client") },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${log.join("")}`)), 20_000);
    const onData = (b: Buffer) => {
      const s = b.toString();
      log.push(s);
      const m = /listening on (http:\/\/[^\s]+)/.exec(s);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!.replace("localhost", "127.0.0.1"));
      }
    };
    proc.stdout!.on("data", onData);
    proc.stderr!.on("data", (b: Buffer) => log.push(b.toString()));
    proc.on("exit", (code) => reject(new Error(`server exited with ${code}:\n${log.join("")}`)));
  });
  // the health endpoint answers before any test uses the server
  const health = (await (await fetch(`${url}/healthz`)).json()) as { ok?: boolean };
  assert.equal(health.ok, true, "the server's /healthz is not ok");
  return {
    url,
    proc,
    dataDir,
    log,
    stop: async () => {
      if (proc.exitCode === null) {
        proc.kill("SIGTERM");
        await new Promise((r) => {
          const t = setTimeout(() => {
            proc.kill("SIGKILL");
            r(null);
          }, 5000);
          proc.once("exit", () => {
            clearTimeout(t);
            r(null);
          });
        });
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * The server and browser of a browser-test file: builds the client when needed, starts a real
 * server and Chromium before the file's tests and stops both after them. In CI a missing
 * Chromium is a failure, never a skip (the suites skip only outside CI).
 */
export function browserSuite(setupTimeoutMs: number): { server: Server; browser: Browser } {
  const suite = {} as { server: Server; browser: Browser };
  beforeAll(async () => {
    if (!hasChromium()) throw new Error("Chromium is missing (/usr/bin/chromium): the browser tests cannot run in CI without it");
    ensureBuilt();
    suite.server = await startServer();
    suite.browser = await launch();
  }, setupTimeoutMs);
  afterAll(async () => {
    await suite.browser?.close();
    await suite.server?.stop();
  });
  return suite;
}

export async function launch(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROME_ARGS, headless: true });
}

/** A page that records console errors and uncaught exceptions. */
export async function watchedPage(ctx: BrowserContext, name: string, errors: string[]): Promise<Page> {
  const page = await ctx.newPage();
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(`[${name}] console.error: ${m.text()}`);
  });
  page.on("pageerror", (e) => errors.push(`[${name}] page error: ${e.message}`));
  return page;
}

export async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENS, { recursive: true });
  await page.screenshot({ path: join(SCREENS, `${name}.png`), fullPage: true });
}
