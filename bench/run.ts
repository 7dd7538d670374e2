/**
 * `npm run bench`: every benchmark, each in its own child process so that one's heap and
 * threads do not disturb the next: bench/engine.ts, bench/analysis.ts, then bench/server-load.ts and
 * bench/client.ts when they exist. Each prints `name: value unit` lines and merges its
 * figures into bench/results.json. Exit code: non-zero if any bench failed.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { withMallocTunables } from "../scripts/malloc-tunables.mjs";
import nodeFlags from "../scripts/node-flags.json" with { type: "json" };

const here = dirname(fileURLToPath(import.meta.url));
const benches = ["engine.ts", "analysis.ts", "server-load.ts", "client.ts"];
/** the engine's and the command line's benches run with the allocator settings `npm run sim` has; the server's and the client's without, as `npm start` */
const mallocTuned = new Set(["engine.ts", "analysis.ts"]);
const args = process.argv.slice(2);
let failed = 0;
for (const name of benches) {
  const file = join(here, name);
  if (!existsSync(file)) continue;
  process.stderr.write(`[bench] ${name}\n`);
  // the V8 flags `npm start` and `npm run sim` run with
  const env = mallocTuned.has(name) ? withMallocTunables(process.env) : process.env;
  const r = spawnSync(process.execPath, [...nodeFlags, file, ...args], { stdio: "inherit", env });
  if (r.status !== 0) {
    failed++;
    process.stderr.write(`[bench] ${name} failed (exit ${r.status ?? r.signal})\n`);
  }
}
process.stderr.write(`[bench] results in ${join(here, "results.json")}\n`);
process.exit(failed ? 1 : 0);
