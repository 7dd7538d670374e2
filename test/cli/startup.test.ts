/**
 * The command line's start: with its caches warm, a `sim` process loads no TypeScript stripper
 * (server/compile-cache.mjs). Node's own stripper is a WebAssembly module that takes ~0.1 s of
 * every process's start, and a fork or a batch worker lives in its first seconds; any TypeScript
 * module loaded before the cache of stripped sources is on (the entry, or a module it imports
 * statically) brings it back.
 */
import { spawnSync } from "node:child_process";
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ROOT, SIM, tempDir } from "./helpers.ts";

const dir = tempDir("cc-startup-");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// preloaded into the process: says at exit whether Node loaded its TypeScript stripper (amaro)
const probe = join(dir, "probe.cjs");
writeFileSync(
  probe,
  `process.on("exit", () => process.stderr.write("\\nstripper loaded: " + process.moduleLoadList.some((m) => m.includes("amaro")) + "\\n"));\n`,
);

function stripperLoaded(cache: string, ...args: string[]): boolean {
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_COMPILE_CACHE: cache };
  delete env.NODE_DISABLE_COMPILE_CACHE;
  const r = spawnSync(process.execPath, ["--require", probe, SIM, ...args], { cwd: ROOT, encoding: "utf8", timeout: 120_000, env });
  if (r.error) throw r.error;
  expect(r.status, r.stderr).toBe(0);
  const m = /stripper loaded: (true|false)/.exec(r.stderr);
  if (!m) throw new Error(`no probe output: ${r.stderr}`);
  return m[1] === "true";
}

describe("the command line's start", () => {
  it("strips types on a cold cache, and loads no stripper once the cache is warm", () => {
    const cache = join(dir, "cache");
    // the first process fills the caches (and so needs the stripper): the probe sees it
    expect(stripperLoaded(cache, "list")).toBe(true);
    expect(stripperLoaded(cache, "list")).toBe(false);
    expect(stripperLoaded(cache, "run", "--scenario", "classroom", "--seed", "3")).toBe(false);
  });
});
