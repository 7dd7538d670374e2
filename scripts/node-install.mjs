// A Node release line from the npm registry, installed beside the machine's own: the binary of
// `npm install --prefix ~/.node<major> node@<major>`. Plain JavaScript (it runs before Node 22 is
// there). Used by scripts/run.mjs (Node 22 on an older machine) and by the cross-version
// determinism test (test/engine/cross-node.test.ts). .ci/run does the same in bash.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";

/**
 * The path of Node `major`'s binary under `prefix` (default ~/.node<major>), installed there
 * first when missing. Throws when npm cannot install it.
 * @param {number} major
 * @param {{ prefix?: string, quiet?: boolean, timeoutMs?: number }} [opts]
 * @returns {string}
 */
export function nodeBinary(major, opts = {}) {
  const prefix = opts.prefix || join(homedir(), `.node${major}`);
  const bin = join(prefix, "node_modules", "node", "bin", "node");
  if (!existsSync(bin)) {
    if (!opts.quiet) console.error(`[compute-cycle] installing node@${major} into ${prefix}`);
    mkdirSync(prefix, { recursive: true });
    execFileSync("npm", ["install", "--no-save", "--no-audit", "--no-fund", "--prefix", prefix, `node@${major}`], {
      stdio: opts.quiet ? "pipe" : "inherit",
      timeout: opts.timeoutMs,
    });
  }
  return bin;
}
