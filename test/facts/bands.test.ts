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
  "fixed-capability-deflation":
    "after the first year the first quarter's frontier capability gets ~1.2–5.9× cheaper a year (p10–p90 of the yearly ratio 0.17–0.84 in quarters 10–24), not ~10×: from the second year the cheapest model that has it is a small-tier one priced near its serving cost, which falls with the GPU-hour price and serving throughput; the lineup has three sizes where the world keeps adding smaller models, and a smaller small tier takes the capped classes' work (year-old-capability-deflation, measured from when a capability was the frontier, holds)",
  "lab-revenue-multiple":
    "the labs open at ~4× annualised revenue and the p10 stays at 2.7–3.7× through quarter 6 (4.7× in quarter 7): base gives them no revenue history (books.revenueGrowth), so investors see no growth before the game; with the seeds' 233% a year as that history they open at 60–63× and the band holds through quarter 14, but fact 13 through the demand cone (test/engine/finance.test.ts) fails (the leader's TSR −54% in the +15..25% cone). From quarter 15 the p10 is 2.3–4.3× as lab revenue stalls, then shrinks (its p10 over a year earlier 0.65–0.86 from quarter 13), under the ceiling on AI's value",
  "lab-revenue-growth":
    "lab revenue grows 1.2–2.1× a year at the median in quarters 5–12 (200 seeds), with its p10 inside the band in quarters 7 and 9 (1.67, 1.57) but 1.47 in quarter 8 and 0.98–1.18 in quarters 5, 6 and 10–12. Quarters 5–6 and 11–12 are mostly demand-bound (most of the lowest-growth decile serves nearly all its demand): the cost per task of coding and research (quarters 6–7), then knowledge work (by quarter 10), falls past what the cap on new uses allows (adoptionMax 8), which adoption reaches over the next four quarters. In quarters 8–10 the slowest seeds still leave 30–60% of their demand unserved: the cautious lab that serves on its custom ASIC caps its spot bid at 0.6 of its revenue per serving hour (~$1.35–1.55, about the spot price), its margin ceiling cutting its prices on the ASIC's cheap hours while it is short, and a spot price that ticks up leaves its 15–20B GPU-hour bid unfilled. Bidding up to its whole revenue per hour when short brings quarter 10 in (p10 1.57) but takes the labs' gross margin p10 to 0.16 in quarter 23. An elasticity of new uses above 1 (seed-facts §2 #10) breaks the 004 side of facts 13 and 15 in test/facts; a cap above 8 takes away the bubble's busts or lifts shadow output past the value-deflation check",
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
