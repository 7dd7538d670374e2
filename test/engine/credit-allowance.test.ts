/**
 * Lenders' allowance for expected credit losses (docs/model.md, Finance: credit losses as lenders
 * book them): the allowance follows the risk each loan is priced at, the quarter's credit losses
 * are its change plus write-offs beyond it (so a foreseen default is not expensed twice and a
 * de-risking releases provision), no money moves for it, and a calm world books next to nothing.
 */
import { describe, expect, it } from "vitest";
import { companyIndex } from "../../shared/engine/context.ts";
import { expectedCreditLoss } from "../../shared/engine/steps/finance.ts";
import { applyOverrides, createGame, type GameState, parseScenario, scenarioInput } from "../../shared/index.ts";
import { eventsOf, type Sim, sim, sum } from "../facts/helpers.ts";

const game = (sets: { path: string; value: unknown }[] = []): GameState =>
  createGame(parseScenario(applyOverrides(scenarioInput("base"), sets)), 1);

/** The allowance the opening books hold for a company after `edit`, priced as at the start. */
function allowanceWith(s: GameState, id: string, edit: (s: GameState, i: number) => void = () => {}): number {
  const i = companyIndex(s, id);
  edit(s, i);
  return expectedCreditLoss(s, i, false);
}

const allowanceOf = (r: Sim, q: number) => r.history[q]!.creditAllowance;
const openingAllowance = (r: Sim) => r.history[0]!.creditAllowance - r.history[0]!.creditLosses + r.history[0]!.creditWriteOffs;

describe("the allowance follows the risk lenders price", () => {
  it("is positive on a risky loan, bounded by the loss given default, and 0 without debt or once failed", () => {
    const s = game();
    const lgd = s.world.rules.finance.lossGivenDefault;
    const i = companyIndex(s, "coreforge");
    const a = expectedCreditLoss(s, i, false);
    expect(a).toBeGreaterThan(0);
    expect(a).toBeLessThan((lgd * s.companies.debtCents[i]!) / 100);
    expect(allowanceWith(game(), "coreforge", (g, j) => (g.companies.debtCents[j] = 0))).toBe(0);
    expect(allowanceWith(game(), "coreforge", (g, j) => (g.companies.failed[j] = true))).toBe(0);
  });

  it("rises with leverage, with distress (a lifetime horizon) and for a neocloud over a hyperscaler", () => {
    const base = allowanceWith(game(), "coreforge");
    const levered = allowanceWith(game(), "coreforge", (g, j) => (g.companies.debtCents[j] = g.companies.debtCents[j]! * 4));
    // per dollar of debt, not only in proportion to it
    expect(levered / 4).toBeGreaterThan(base);
    expect(allowanceWith(game(), "coreforge", (g, j) => (g.companies.distressQuarters[j] = 1))).toBeGreaterThan(2 * base);
    // the same debt and revenue: the neocloud's spread (and so its expected loss) is the wider
    const perDollar = (id: string, neocloud: boolean) =>
      allowanceWith(game(), id, (g, j) => {
        g.clouds.neocloud[g.companies.roleRow[j]!] = neocloud;
      }) /
      (game().companies.debtCents[companyIndex(game(), id)]! / 100);
    expect(perDollar("stratus", true)).toBeGreaterThan(perDollar("stratus", false));
  });

  it("falls with longer GPU lives (fact 12: lower private-credit losses), in every quarter of a run", () => {
    const lives = (years: number) =>
      sim({
        quarters: 6,
        sets: [
          { path: "world.params.economicLifeYears", value: years },
          { path: "actors.coreforge.usefulLifeYears", value: years },
          { path: "actors.stratus.usefulLifeYears", value: years },
          { path: "actors.nimbus.usefulLifeYears", value: years },
        ],
      });
    const short = lives(3);
    const long = lives(12);
    for (let q = 0; q < 6; q++) {
      expect(long.history[q]!.actors.coreforge!.creditAllowance).toBeLessThan(short.history[q]!.actors.coreforge!.creditAllowance);
      expect(allowanceOf(long, q)).toBeLessThan(allowanceOf(short, q));
    }
  });
});

describe("credit losses are the allowance's change plus write-offs beyond it", () => {
  /** A lab with no cash and $55B of debt: on emergency financing at once (seeds 1-2). */
  const stressed = [
    { path: "actors.meridian.books.cash", value: 0 },
    { path: "actors.meridian.books.debt", value: 5.5e10 },
  ];
  /** the same, where two quarters of distress end in failure */
  const distressed = (seed: number) =>
    sim({ bots: true, seed, quarters: 8, sets: [...stressed, { path: "world.rules.finance.failureQuarters", value: 2 }] });

  it("in every quarter, for the world and for each company; money moves only through the ledger (invariants hold)", () => {
    for (const r of [
      distressed(1),
      sim({ scenario: "bubble", bots: true, quarters: 12, sets: [{ path: "world.capital.leverageAppetite", value: 5 }] }),
    ]) {
      let before = openingAllowance(r);
      for (const h of r.history) {
        expect(h.creditLosses).toBeCloseTo(h.creditAllowance - before + h.creditWriteOffs, -3);
        expect(sum(Object.values(h.actors).map((a) => a.creditLosses))).toBeCloseTo(h.creditLosses, -3);
        expect(sum(Object.values(h.actors).map((a) => a.creditAllowance))).toBeCloseTo(h.creditAllowance, -3);
        before = h.creditAllowance;
      }
      // sim() checks the invariants after every quarter: the ledger sums to zero, the allowance within [0, debt]
      expect(r.states.length).toBe(r.history.length);
    }
  });

  it("a default that was foreseen is not expensed twice: over the run its lenders book the write-off less the opening allowance", () => {
    let foreseen = 0;
    for (const seed of [1, 2]) {
      const r = distressed(seed);
      const failedAt = r.history.findIndex((h) => h.actors.meridian!.failed === 1);
      expect(failedAt, `seed ${seed}: the lab fails`).toBeGreaterThanOrEqual(0);
      const m = (q: number) => r.history[q]!.actors.meridian!;
      const writeOff = eventsOf(r.events, "finance/defaulted")
        .filter((e) => e.company === "meridian")
        .map((e) => e.creditLosses);
      expect(writeOff.length).toBe(1);
      // what lenders had provided for it by the quarter before (the opening allowance if it fails at once)
      const opening = allowanceWith(game(stressed), "meridian");
      const provided = failedAt > 0 ? m(failedAt - 1).creditAllowance : opening;
      // the quarter of the default books only what was not provided for
      expect(m(failedAt).creditLosses).toBeCloseTo(writeOff[0]! - provided, -3);
      // and the whole run books the write-off once, less what the opening allowance provided before the game
      expect(sum(r.history.map((h) => h.actors.meridian!.creditLosses))).toBeCloseTo(writeOff[0]! - opening, -3);
      expect(m(failedAt).creditAllowance).toBe(0);
      if (provided > opening) foreseen++;
    }
    // distress raised the allowance above the opening one before the default in at least one seed
    expect(foreseen).toBeGreaterThan(0);
  });

  it("a recovery releases provision: the lab that leaves distress books a negative expense as its allowance falls", () => {
    // a lighter load than `stressed` ($42B of debt, no cash), under which the lab falls into
    // distress in its second year and climbs out of it
    const strained = [
      { path: "actors.meridian.books.cash", value: 0 },
      { path: "actors.meridian.books.debt", value: 4.2e10 },
    ];
    for (const seed of [1, 2]) {
      const r = sim({ bots: true, seed, quarters: 8, sets: strained });
      const m = r.history.map((h) => h.actors.meridian!);
      expect(m.every((a) => a.failed === 0)).toBe(true);
      const out = m.findIndex((a, q) => q > 0 && m[q - 1]!.distressed === 1 && a.distressed === 0);
      expect(out, `seed ${seed}: it leaves distress`).toBeGreaterThan(0);
      expect(m[out]!.creditAllowance).toBeLessThan(m[out - 1]!.creditAllowance / 2);
      expect(m[out]!.creditLosses).toBeLessThan(0);
    }
  });
});

describe("a calm world books next to nothing; stress books losses before any default", () => {
  it("calm base (seeds 1-3, three years): no write-off, and the expense is the allowance's change, under 2% of debt", () => {
    for (const seed of [1, 2, 3]) {
      const r = sim({ bots: true, quarters: 12, sets: [{ path: "quarters", value: 12 }], seed });
      expect(sum(r.history.map((h) => h.creditWriteOffs))).toBe(0);
      const debt = sum(Object.values(r.history[11]!.actors).map((a) => a.debt));
      const expensed = sum(r.history.map((h) => h.creditLosses));
      expect(expensed).toBeCloseTo(allowanceOf(r, 11) - openingAllowance(r), -3);
      expect(Math.abs(expensed)).toBeLessThan(0.02 * debt);
    }
  });

  it("leverage appetite 5 books more credit losses than 1.5 over three years in every seed, before any write-off", () => {
    for (const seed of [1, 2, 3]) {
      const run = (appetite: number) =>
        sim({
          bots: true,
          seed,
          quarters: 12,
          sets: [
            { path: "quarters", value: 12 },
            { path: "world.capital.leverageAppetite", value: appetite },
          ],
        });
      const calm = run(1.5);
      const levered = run(5);
      const booked = (r: Sim) => sum(r.history.map((h) => h.creditLosses - h.creditWriteOffs));
      expect(booked(levered)).toBeGreaterThan(booked(calm));
    }
  });
});
