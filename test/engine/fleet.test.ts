/**
 * A hyperscaler's fleet: chips of one kind installed in one quarter are one cohort, whatever
 * number of deliveries brought them, so they age, depreciate and retire together and the books
 * list them once.
 */
import { describe, expect, it } from "vitest";
import { allBotOrders, createGame, loadScenario, resolveTurn, SCENARIO_IDS } from "../../shared/index.ts";

describe("the fleet", () => {
  it("holds one cohort per kind of chip installed in a quarter, in every scenario", () => {
    let installs = 0;
    for (const id of SCENARIO_IDS) {
      for (const seed of [1, 2, 3]) {
        let state = createGame(loadScenario(id), seed);
        for (let q = 1; q <= 10 && !state.finished; q++) {
          state = resolveTurn(state, allBotOrders(state)).state;
          const F = state.cohorts;
          const kinds = new Set<string>();
          for (let c = 0; c < F.n; c++) {
            const kind = [F.owner[c], F.chipmaker[c], F.perfPerUnit[c], F.kwPerUnit[c], F.partnerLab[c], F.ageQuarters[c]].join("|");
            expect(kinds.has(kind), `${id} seed ${seed} quarter ${q}: two cohorts of ${kind}`).toBe(false);
            kinds.add(kind);
            if (F.ageQuarters[c] === 0) installs++;
            // a merged cohort depreciates its whole book over the life it was installed for
            expect(F.depPerQuarterCents[c]).toBeGreaterThan(0);
          }
        }
      }
    }
    // the games install chips (the check is not vacuous)
    expect(installs).toBeGreaterThan(100);
  });
});
