/** Runs the sim CLI as a real child process (the way `npm run sim --` does). */
import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const SIM = join(ROOT, "server", "cli", "sim.mjs");

export interface SimResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function sim(...args: string[]): SimResult {
  const r = spawnSync(process.execPath, [SIM, ...args], { cwd: ROOT, encoding: "utf8", timeout: 120_000 });
  if (r.error) throw r.error;
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

export function tempDir(prefix = "cc-cli-"): string {
  return mkdtempSync(join(tmpdir(), prefix));
}
