/**
 * The seeds' bands over six years (issue 22, item 1): `base` with `quarters=24` over 200 seeds,
 * bots in every seat and random shocks on; the p10–p90 of each band's statistic must lie inside
 * the band's source range in every quarter of its window (shared/sim/bands.ts, each band citing
 * seed-facts.md).
 *
 * Bands the model does not yet hold are listed in MISSED with what it does instead. The list is
 * checked both ways: a listed band that now holds fails the test until it is taken off, so the
 * list says exactly where the model stands.
 */
import { describe, expect, it } from "vitest";
import { loadScenario, runGame } from "../../shared/index.ts";
import { BANDS, bandContextOf, checkBands } from "../../shared/sim/bands.ts";

const MISSED: Record<string, string> = {
  "lab-gross-margin":
    "the p90 passes 0.6 in quarter 9 only (0.606; 0.45–0.58 in every other quarter): two model releases land in quarters 8–9 in every seed, the labs' revenue rises 1.3–1.4× over quarter 8 on ~10% more cost of revenue, and the lab bots' margin ceiling cuts prices on the books of the quarter before, so the margin is back at 0.37–0.49 (p10–p90) in quarter 10",
  "ai-capex-growth":
    "the p90 passes 2× in the last quarter (2.08): hyperscalers hold capex up while a unit pays back but nothing stops a quarter's leap once the refresh of the opening fleet and a glut discount meet; the seeds rule out a leap from ~$700B to $1.5T in a year",
  "fixed-capability-deflation":
    "after the first year the first quarter's frontier capability gets ~1.2–5.6× cheaper a year (p10–p90 of the yearly ratio 0.18–0.84 in quarters 10–24), not ~10×: from the second year the cheapest model that has it is a small-tier one priced near its serving cost, which falls with the GPU-hour price and serving throughput; the lineup has three sizes where the world keeps adding smaller models, and a smaller small tier takes the capped classes' work (year-old-capability-deflation, measured from when a capability was the frontier, holds)",
  "lab-revenue-multiple":
    "the labs open at ~4× annualised revenue and the p10 stays at 3.2–4.8× through quarter 7: base gives them no revenue history (books.revenueGrowth), so investors see no growth before the game; with the seeds' 233% a year as that history they open at 60–63× and the band holds through quarter 14, but fact 13 through the demand cone (test/engine/finance.test.ts) fails (the leader's TSR −54% in the +15..25% cone). From quarter 15 the p10 is 2.1–4.5× as lab revenue stalls, then shrinks (its p10 over a year earlier 0.70–0.97 from quarter 13), under the ceiling on AI's value",
  "lab-revenue-growth":
    "lab revenue grows 1.2–1.9× a year at the median in quarters 5–12, but its p10 is 1.01–1.36 in all of them but quarter 7 (1.58): the labs leave a quarter to a half of their demand unserved in quarters 6–10 (median 0.26–0.47), and the cost per task of coding and research (quarters 6–7), then knowledge work (by quarter 10), falls past what the cap on new uses allows (adoptionMax 8), which adoption reaches over the next four quarters. An elasticity of new uses above 1 (seed-facts §2 #10) brings quarters 7–10 in but breaks the 004 side of facts 13 and 15 in test/facts; a cap above 8 takes away the bubble's busts or lifts shadow output past the value-deflation check",
  "neocloud-gross-margin":
    "the clouds' gross margin passes the band's top in the last quarter (p90 0.755): each chip generation cuts what an H100-equivalent hour costs faster than the rest of the market's bids, which follow the value of work to the power 0.3, bring its price down. The band is revenue-weighted, so this is the largest hyperscaler's margin: the neocloud, which withers for want of chips, is 0.1–2.3% of the clouds' revenue",
};

const base = loadScenario("base");
const games = Array.from({ length: 200 }, (_, i) => bandContextOf(runGame({ scenario: { ...base, quarters: 24 }, seed: i + 1 }).state));
const results = checkBands(games);

describe("the seeds' bands over 24 quarters of base, 200 seeds (p10–p90 inside each band)", () => {
  it("every missed band is a declared band", () => {
    for (const id of Object.keys(MISSED)) expect(BANDS.map((b) => b.id)).toContain(id);
  });
  for (const r of results) {
    const where = r.outside
      .slice(0, 4)
      .map((o) => `q${o.quarter}: ${o.p10.toPrecision(3)}..${o.p90.toPrecision(3)}`)
      .join(", ");
    const what = `${r.band.id} [${r.band.lo}, ${r.band.hi}] (${r.band.source})`;
    if (MISSED[r.band.id]) {
      it(`${r.band.id}: missed (${MISSED[r.band.id]})`, () => {
        expect(r.quarters.length, `${r.band.id} has no quarter with a value`).toBeGreaterThan(0);
        expect(r.holds, `${what} now holds: take it off MISSED`).toBe(false);
      });
    } else {
      it(`${r.band.id}: ${r.band.what}`, () => {
        expect(r.quarters.length, `${r.band.id} has no quarter with a value`).toBeGreaterThan(0);
        expect(r.outside, `${what} left in ${where}`).toEqual([]);
      });
    }
  }
});
