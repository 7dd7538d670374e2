#!/usr/bin/env node
// Entry point of `npm start`, `npm test`, `npm run sim`, `npm run bench`, `npm run bench:ab` and `npm run bench:alloc`.
// Plain JavaScript so that it runs on any Node: it brings Node 22 when the machine's Node is
// older, installs what is missing (npm ci when package-lock.json changed), then runs the command.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { withMallocTunables } from "./malloc-tunables.mjs";
import { nodeBinary } from "./node-install.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
process.chdir(root);
const [command = "start", ...rest] = process.argv.slice(2);
const isWin = process.platform === "win32";

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: "inherit", shell: isWin, ...opts });
  if (r.error) throw r.error;
  return r.status ?? 1;
}

// 1. Node 22 or newer.
const major = Number(process.versions.node.split(".")[0]);
if (major < 22) {
  const node = nodeBinary(22, { prefix: process.env.NODE22_PREFIX });
  const env = { ...process.env, PATH: `${dirname(node)}:${process.env.PATH}` };
  process.exit(run(node, [fileURLToPath(import.meta.url), command, ...rest], { env }));
}
const nodeBin = dirname(process.execPath);
process.env.PATH = `${join(root, "node_modules", ".bin")}:${nodeBin}:${process.env.PATH}`;

// 2. Dependencies: reinstall when package.json or package-lock.json changed since the last install.
const stampFile = join(root, "node_modules", ".compute-cycle-stamp");
const lock = existsSync("package-lock.json") ? readFileSync("package-lock.json") : Buffer.from("");
const stamp = createHash("sha256").update(readFileSync("package.json")).update(lock).digest("hex");
if (!existsSync(stampFile) || readFileSync(stampFile, "utf8") !== stamp) {
  console.error("[compute-cycle] installing dependencies…");
  const args = existsSync("package-lock.json") ? ["ci", "--no-audit", "--no-fund"] : ["install", "--no-audit", "--no-fund"];
  if (run("npm", args) !== 0) process.exit(1);
  writeFileSync(stampFile, stamp);
}

function newestMtime(dir) {
  let t = 0;
  for (const name of readdirSync(dir)) {
    if (name === "node_modules" || name === "dist") continue;
    const p = join(dir, name);
    const s = statSync(p);
    t = Math.max(t, s.isDirectory() ? newestMtime(p) : s.mtimeMs);
  }
  return t;
}

/** Builds the client when dist/client is missing or older than its sources. */
function ensureClientBuilt() {
  const index = join(root, "dist", "client", "index.html");
  if (!existsSync(join(root, "client", "index.html"))) return 0;
  const srcTime = Math.max(newestMtime(join(root, "client")), newestMtime(join(root, "shared")), statSync("vite.config.ts").mtimeMs);
  if (existsSync(index) && statSync(index).mtimeMs >= srcTime) return 0;
  console.error("[compute-cycle] building the client…");
  return run("vite", ["build", "--logLevel", "warn"]);
}

/** Chromium for the browser tests: Debian's package; installed when missing and we are root. */
function ensureChromium() {
  if (existsSync("/usr/bin/chromium")) return;
  if (process.getuid?.() === 0) {
    console.error("[compute-cycle] installing Debian's chromium for the browser tests…");
    run("apt-get", ["update", "-qq"]);
    run("apt-get", ["install", "-y", "-qq", "chromium"], { env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } });
  }
}

/**
 * V8 flags of the server and the command line (scripts/node-flags.json). A larger young
 * generation: a quarter's temporaries (views, messages, copies of the state) die young, so fewer
 * are promoted and collected by the old-space collector, whose pauses were behind the slowest
 * deliveries. bench/run.ts and bench/server-load.ts start what they measure with the same file.
 */
const NODE_FLAGS = JSON.parse(readFileSync(join(root, "scripts", "node-flags.json"), "utf8"));

switch (command) {
  case "start": {
    if (ensureClientBuilt() !== 0) process.exit(1);
    process.exit(run("node", [...NODE_FLAGS, "server/index.ts", ...rest]));
    break;
  }
  case "test": {
    ensureChromium();
    if (ensureClientBuilt() !== 0) process.exit(1);
    console.error("[compute-cycle] typecheck");
    if (run("tsc", ["--noEmit", "-p", "."]) !== 0) process.exit(1);
    console.error("[compute-cycle] lint");
    if (run("biome", ["check", "."]) !== 0) process.exit(1);
    const report = join(root, "test-results", "vitest.json");
    mkdirSync(dirname(report), { recursive: true });
    const status = run("vitest", ["run", "--reporter=default", "--reporter=json", `--outputFile.json=${report}`, ...rest]);
    // A plain closing line that any CI can read: "N passed, N failed, N skipped".
    try {
      const r = JSON.parse(readFileSync(report, "utf8"));
      const skipped = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
      console.log(`${r.numPassedTests} passed, ${r.numFailedTests} failed${skipped ? `, ${skipped} skipped` : ""}`);
    } catch {
      /* no report: vitest itself failed to start; its exit status says so */
    }
    process.exit(status);
    break;
  }
  case "sim":
    process.exit(run("node", [...NODE_FLAGS, "server/cli/sim.mjs", ...rest], { env: withMallocTunables(process.env) }));
    break;
  case "bench":
    if (ensureClientBuilt() !== 0) process.exit(1);
    process.exit(run("node", ["bench/run.ts", ...rest]));
    break;
  case "ab":
    // two checkouts' engine speed compared in one process (bench/ab.ts)
    process.exit(run("node", [...NODE_FLAGS, "bench/ab.ts", ...rest], { env: withMallocTunables(process.env) }));
    break;
  case "alloc":
    // kilobytes allocated per quarter, by allocating function (bench/alloc.ts)
    process.exit(run("node", [...NODE_FLAGS, "bench/alloc.ts", ...rest], { env: withMallocTunables(process.env) }));
    break;
  default:
    console.error(`unknown command "${command}" (start | test | sim | bench | ab | alloc)`);
    process.exit(2);
}
