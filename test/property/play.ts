/**
 * One set-up nobody tuned, played as the property tests of test/property play them: a built-in
 * scenario with overrides, over 24 quarters with bots in every seat (and shocks injected), every
 * invariant checked each quarter.
 */
import {
  applyOverrides,
  checkInvariants,
  errorLine,
  type InjectedShock,
  parseScenario,
  runGame,
  type Scenario,
  ScenarioError,
  scenarioInput,
} from "../../shared/index.ts";

/** What went wrong, or null. A scenario refused with each issue naming its field is not wrong. */
export function playSetUp(
  id: string,
  seed: number,
  sets: { path: string; value: unknown }[],
  injected: InjectedShock[] = [],
): string | null {
  let parsed: Scenario;
  try {
    parsed = parseScenario(applyOverrides(scenarioInput(id), [{ path: "quarters", value: 24 }, ...sets]));
  } catch (e) {
    if (e instanceof ScenarioError && e.issues.length > 0 && e.issues.every((i) => /^[a-zA-Z][\w.-]*: /.test(i))) return null;
    return `refused without naming the fields: ${(e as Error).message} ${(e as ScenarioError).issues?.join("; ")}`;
  }
  let broken: string | null = null;
  try {
    runGame({
      scenario: parsed,
      seed,
      injected,
      onQuarter: (state) => {
        const bad = checkInvariants(state);
        if (bad.length && !broken) broken = `quarter ${state.quarter}: ${bad.slice(0, 3).join("; ")}`;
      },
    });
  } catch (e) {
    return `threw: ${errorLine(e)}`;
  }
  return broken;
}
