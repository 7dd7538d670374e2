/**
 * Rewrites the golden replays in test/golden/ after an intentional change to the rules.
 * Commit them with the change and say why in the commit message.
 *   node scripts/update-golden.ts
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { loadScenario, runGame } from "../shared/index.ts";

const dir = join(import.meta.dirname, "..", "test", "golden");
const goldens = [
  { file: "base-seed7.json", scenario: "base", seed: 7, quarters: 8 },
  { file: "classroom-seed3.json", scenario: "classroom", seed: 3, quarters: undefined },
];
for (const g of goldens) {
  const { log } = runGame({ scenario: loadScenario(g.scenario), seed: g.seed, quarters: g.quarters });
  writeFileSync(join(dir, g.file), `${JSON.stringify(log)}\n`);
  console.log(`${g.file}: ${log.quarters.length} quarters, last hash ${log.quarters.at(-1)?.hash}`);
}
