/**
 * The built-in scenarios. Each is a JSON file in ./data, in the one scenario format.
 */
import base from "./data/base.json" with { type: "json" };
import bubble from "./data/bubble.json" with { type: "json" };
import capexWinter from "./data/capex-winter.json" with { type: "json" };
import classroom from "./data/classroom.json" with { type: "json" };
import jevonsBoom from "./data/jevons-boom.json" with { type: "json" };
import modelBan from "./data/model-ban.json" with { type: "json" };
import waferCrunch from "./data/wafer-crunch.json" with { type: "json" };
import { checkFiredShocks, parseScenario, ScenarioError } from "./load.ts";
import type { Scenario } from "./schema.ts";

const RAW: Record<string, unknown> = {
  base,
  classroom,
  "wafer-crunch": waferCrunch,
  "model-ban": modelBan,
  "capex-winter": capexWinter,
  "jevons-boom": jevonsBoom,
  bubble,
};

export const SCENARIO_IDS: readonly string[] = Object.keys(RAW);

/** The raw JSON of a built-in scenario (a deep copy), for overrides. */
export function scenarioInput(id: string): unknown {
  const raw = Object.hasOwn(RAW, id) ? RAW[id] : undefined;
  if (!raw) throw new ScenarioError(`unknown scenario "${id}" (known: ${SCENARIO_IDS.join(", ")})`);
  return JSON.parse(JSON.stringify(raw));
}

/** A built-in scenario, parsed and checked for a new game. */
export function loadScenario(id: string): Scenario {
  return checkFiredShocks(parseScenario(scenarioInput(id)));
}
