/**
 * Rewrites the golden replays in test/golden/ after an intentional change to the rules, or to a
 * bot (their games are played by bots in every seat, and the determinism test checks that the
 * bots still choose the orders recorded). Commit them with the change and say why in the commit
 * message.
 *   node scripts/update-golden.ts
 * A golden whose hashes changed means the rules changed: the script refuses to rewrite it until
 * RULES_VERSION (shared/engine/version.ts) is bumped, so that game logs say which rules played them.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type GameLog, loadScenario, RULES_VERSION, replayLog, runGame } from "../shared/index.ts";

const dir = join(import.meta.dirname, "..", "test", "golden");
const goldens = [
  { file: "base-seed7.json", scenario: "base", seed: 7, quarters: 8 },
  { file: "classroom-seed3.json", scenario: "classroom", seed: 3, quarters: undefined },
];
for (const g of goldens) {
  const path = join(dir, g.file);
  if (existsSync(path)) {
    const old = JSON.parse(readFileSync(path, "utf8")) as GameLog;
    // a golden of other rules is rewritten (its scenario may not even parse under these)
    const r = old.rules === RULES_VERSION ? replayLog(old) : { ok: true, firstDivergence: null };
    if (!r.ok) {
      console.error(
        `${g.file} diverges at quarter ${r.firstDivergence?.quarter}: the rules changed, but RULES_VERSION is still ${RULES_VERSION}. ` +
          "Bump it in shared/engine/version.ts, then run this again.",
      );
      process.exit(1);
    }
  }
  const { log } = runGame({ scenario: loadScenario(g.scenario), seed: g.seed, quarters: g.quarters });
  writeFileSync(path, `${JSON.stringify(log)}\n`);
  console.log(`${g.file}: rules v${log.rules}, ${log.quarters.length} quarters, last hash ${log.quarters.at(-1)?.hash}`);
}
