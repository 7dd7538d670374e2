/**
 * A chipmaker's allocation list when output is scarce (`world.rules.supply.chipAllocation`):
 * in its order, the first listed buyer takes all it ordered before the next gets any; pro rata,
 * every listed buyer gets the same share of what it ordered. Buyers off the list buy by bid from
 * what is left either way.
 */
import { describe, expect, it } from "vitest";
import type { GameState, HyperscalerState } from "../../shared/index.ts";
import { describeEvent } from "../../shared/present/news.ts";
import { actors, all, at, eventsOf, sim } from "../facts/helpers.ts";

const ORDERED = { stratus: 1200000, nimbus: 800000, coreforge: 200000 };

/** Accelerators each hyperscaler has (in use or waiting for power). */
const units = (s: GameState, id: string) => {
  const h = actors(s)[id] as HyperscalerState;
  return h.fleet.reduce((t, c) => t + c.units, 0) + h.warehouseUnits.reduce((t, w) => t + w.units, 0);
};

/** Two quarters with a wafer shortage from the second; the buyers' standing orders from the first (none: `split` null), each at its bid. */
function play(split: "inOrder" | "proRata" | null, bids: Record<string, number> = {}) {
  return sim({
    quarters: 2,
    sets: [
      { path: "world.rules.start.midStream", value: 0 },
      { path: "world.rules.supply.chipAllocation", value: split ?? "inOrder" },
    ],
    injected: [{ shock: "wafer-shortage", quarter: 2, params: { "effects.0.multiplier": 0.4, duration: 6 } }],
    orders: split
      ? all(
          ...Object.entries(ORDERED).map(([id, n]) =>
            at(1, id, [{ type: "hyperscaler/orderAccelerators", chipmaker: "vector", units: n, maxPrice: bids[id] ?? 1e5 }]),
          ),
          at(1, "vector", [{ type: "chipmaker/setAllocation", priority: ["stratus", "nimbus"] }]),
        )
      : undefined,
  });
}

describe("chip allocation when the listed buyers order more than the stock", () => {
  // what each buyer received in the second quarter: its units then less in the first, against a
  // game with no orders (the same retirements)
  const none = play(null);
  const delivered = (r: ReturnType<typeof play>, id: string) =>
    units(r.states[1]!, id) - units(r.states[0]!, id) - (units(none.states[1]!, id) - units(none.states[0]!, id));
  const inOrder = play("inOrder");
  const proRata = play("proRata");

  it("the stock is short of the listed buyers' orders", () => {
    const total = delivered(inOrder, "stratus") + delivered(inOrder, "nimbus");
    expect(total).toBeGreaterThan(0);
    expect(total).toBeLessThan(ORDERED.stratus);
  });

  it("in order, the first listed buyer takes it all and the second gets nothing", () => {
    expect(delivered(inOrder, "stratus")).toBeGreaterThan(0);
    expect(delivered(inOrder, "nimbus")).toBe(0);
  });

  it("pro rata, both listed buyers get the same share of what they ordered, and together the same stock", () => {
    const s = delivered(proRata, "stratus");
    const n = delivered(proRata, "nimbus");
    expect(n).toBeGreaterThan(0);
    expect(s / ORDERED.stratus).toBeCloseTo(n / ORDERED.nimbus, 3);
    expect(Math.abs(s + n - (delivered(inOrder, "stratus") + delivered(inOrder, "nimbus")))).toBeLessThanOrEqual(2);
  });

  it("the news reports each short order with what it got of what it ordered, none included", () => {
    const short = (r: ReturnType<typeof play>) =>
      Object.fromEntries(
        eventsOf(r.events, "supply/acceleratorsShort")
          .filter((e) => e.quarter === 2 && e.chipmaker === "vector")
          .map((e) => [e.company, [e.units, e.ordered]]),
      );
    expect(short(inOrder)).toEqual({
      stratus: [delivered(inOrder, "stratus"), ORDERED.stratus],
      nimbus: [0, ORDERED.nimbus],
      coreforge: [0, ORDERED.coreforge],
    });
    expect(short(proRata).nimbus).toEqual([delivered(proRata, "nimbus"), ORDERED.nimbus]);
  });

  it("the buyer off the list gets nothing either way", () => {
    expect(delivered(inOrder, "coreforge")).toBe(0);
    expect(delivered(proRata, "coreforge")).toBe(0);
  });
});

describe("a buyer off the list that outbids the listed buyers", () => {
  // Stratus and Nimbus listed at $130k a unit, above the scarcity price (at most twice the
  // list price), CoreForge off the list at $160k
  const bids = { stratus: 1.3e5, nimbus: 1.3e5, coreforge: 1.6e5 };
  const none = play(null);
  const outbid = play("inOrder", bids);
  const delivered = (id: string) =>
    units(outbid.states[1]!, id) - units(outbid.states[0]!, id) - (units(none.states[1]!, id) - units(none.states[0]!, id));
  const capex = (r: ReturnType<typeof play>, id: string) => (actors(r.states[1]!)[id] as HyperscalerState).capexThisQuarter;
  const stock = () => delivered("stratus") + delivered("nimbus") + delivered("coreforge");

  it("gets the stock the list leaves (1 − chipPriorityShare), and the list the rest", () => {
    const share = outbid.states[1]!.world.rules.supply.chipPriorityShare;
    expect(share).toBeLessThan(1);
    expect(delivered("coreforge")).toBeGreaterThan(0);
    expect(Math.abs(delivered("coreforge") - (1 - share) * stock())).toBeLessThanOrEqual(2);
    expect(delivered("stratus")).toBeGreaterThan(share * stock() - 2);
    expect(delivered("nimbus")).toBe(0);
  });

  it("pays the bid of the listed buyers it outbid, where they pay the scarcity price", () => {
    const networking = outbid.states[1]!.world.dataCentre.networkingPerUnit;
    const perUnit = (id: string) => (capex(outbid, id) - capex(none, id)) / delivered(id) - networking;
    expect(perUnit("coreforge")).toBeCloseTo(bids.stratus, -2);
    expect(perUnit("stratus")).toBeLessThan(perUnit("coreforge"));
  });
});

describe("a buyer left short is told what it would have taken", () => {
  const shortOf = (r: ReturnType<typeof play>, id: string) =>
    eventsOf(r.events, "supply/acceleratorsShort").find((e) => e.quarter === 2 && e.company === id && e.chipmaker === "vector")!;
  const words = (r: ReturnType<typeof play>, id: string) => describeEvent(shortOf(r, id), (x) => x).text;

  it("outbid, it hears the lowest bid the market filled and its own", () => {
    const outbid = play("inOrder", { stratus: 1.3e5, nimbus: 1.3e5, coreforge: 1.6e5 });
    expect(shortOf(outbid, "nimbus")).toMatchObject({ bid: 1.3e5, lowestBidServed: 1.6e5 });
    expect(words(outbid, "nimbus")).toBe("After its allocation list, bids of $160.0k a unit and up took the rest; this one was $130.0k.");
  });

  it("tied with the list at its bid, it is told the list comes first; a bid above what it heard gets chips", () => {
    const tied = play("inOrder");
    const e = shortOf(tied, "coreforge");
    expect(e.units).toBe(0);
    expect(e.lowestBidServed).toBe(e.bid);
    expect(words(tied, "coreforge")).toBe(
      "It had too few for every bid of $100.0k a unit: they shared what its allocation list left, listed buyers first.",
    );
    const above = play("inOrder", { coreforge: e.lowestBidServed! * 1.01 });
    expect(
      eventsOf(above.events, "supply/acceleratorsShort").find((x) => x.quarter === 2 && x.company === "coreforge")?.units ?? 200000,
    ).toBeGreaterThan(0);
  });
});

describe("a chipmaker short of wafers is told how the foundry shared them", () => {
  it("says whether its order was prepaid, which the foundry serves first", () => {
    const r = play("inOrder");
    const s = r.states[1]!;
    const shorts = eventsOf(r.events, "supply/wafersShort").filter((e) => e.quarter === 2);
    expect(shorts.length).toBeGreaterThan(0);
    for (const e of shorts) {
      const c = s.chips.company.indexOf(s.companies.id.indexOf(e.company));
      expect(e.prepaid).toBe(s.chips.prepay[c]);
      expect(describeEvent(e, (x) => x).text).toMatch(e.prepaid ? /^Prepaid orders shared the part/ : /^Prepaid orders were served first/);
    }
  });
});
