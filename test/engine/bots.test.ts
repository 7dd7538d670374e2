/**
 * The lab bot's compute and open-weights pricing, from a seat's view (the bots see only that):
 * a lab whose compute lapsed still bids for the hours its demand needs, and an open model's
 * price ceiling follows what hosts pay for a GPU-hour, not the lab's own older hours; idle
 * serving hours cut the leading frontier model's price only when a near-equal rival undercuts it.
 * A cloud's spot floor covers its fleet's depreciation per hour while its hours sell, and drops
 * below it, depreciation being sunk, once a tenth of them sit idle. In a queue for chips a cloud
 * bids above the price scarcity sets, never above what scarcity can add to the list: a
 * chipmaker that holds its list through a shortage sees no bidding war compound; and it buys no
 * chip that would not pay for itself within its useful life.
 */
import { describe, expect, it } from "vitest";
import { HOURS_PER_QUARTER } from "../../shared/engine/context.ts";
import { BOT_VIEW, botOrders, loadScenario, type Order, type PlayerView, playerViews, runGame } from "../../shared/index.ts";

const { state } = runGame({ scenario: loadScenario("base"), seed: 2, quarters: 3 });
const fresh = (): PlayerView => JSON.parse(JSON.stringify(playerViews(state, ["tessera"], BOT_VIEW)[0]!)) as PlayerView;

/** A `classroom` game in which `seat` sends `orders` in the first quarter and bots play every seat after. */
const slipGame = (seed: number, seat: string, orders: Order[]) =>
  runGame({
    scenario: loadScenario("classroom"),
    seed,
    ordersFor: (s, st) => (s === seat && st.quarter === 0 ? orders : undefined),
  });

function spotBid(view: PlayerView): { gpuHours: number; maxPrice: number } {
  const o = botOrders(view).find((x) => x.type === "lab/spotBid");
  if (o?.type !== "lab/spotBid") throw new Error("the lab bot placed no spot bid");
  return o;
}

describe("lab bot", () => {
  it("bids for the hours its demand needs when its compute lapsed and it served nothing", () => {
    const view = fresh();
    const lab = view.own;
    if (lab?.role !== "lab") throw new Error("tessera is a lab");
    const demanded = 2e9;
    lab.tokens = { demanded, served: 0, consumer: 0 };
    lab.compute = { contracted: 0, spot: 0, asic: 0, total: 0, training: 0, serving: 0, internal: 0, cost: 0 };
    for (const m of view.ownModels) m.servedMtok = 0;
    view.ownContracts = [];
    // the demand needs at least its tokens over the lab's fastest model's throughput
    const fastest = Math.max(...view.ownModels.map((m) => m.mtokPerGpuHour));
    expect(spotBid(view).gpuHours).toBeGreaterThan(demanded / fastest);
  });

  it("caps an open model's price at the hosts' cost at the market's GPU-hour, when that is dearer than the lab's own", () => {
    const priceOf = (spot: number): number => {
      const view = fresh();
      const lab = view.own;
      if (lab?.role !== "lab") throw new Error("tessera is a lab");
      view.world.spotGpuHourPrice = spot;
      // a price far above any ceiling, so the ceiling decides the new price
      const m = view.models.find((x) => x.lab === "tessera" && x.openWeights)!;
      m.inputPrice *= 20;
      m.outputPrice *= 20;
      const order = botOrders(view).find((x) => x.type === "lab/setPrices" && x.tier === m.tier);
      if (order?.type !== "lab/setPrices") throw new Error("no price order for the open model");
      return order.outputPrice;
    };
    const own = fresh().own!;
    const ownCost = own.role === "lab" && own.compute.total > 0 ? own.compute.cost / own.compute.total : 0;
    expect(ownCost).toBeGreaterThan(0);
    // at a market price below its own cost the ceiling is its own cost; at three times that, the market's
    const cheap = priceOf(ownCost * 0.5);
    const dear = priceOf(ownCost * 3);
    expect(dear / cheap).toBeGreaterThan(2.5);
  });

  it("with idle serving hours, cuts its cheaper tiers and a trailing frontier model, not the leading one", () => {
    /** new price over old for each tier of Meridian's, its frontier model `ahead` points above the best rival's */
    const moves = (ahead: number): Record<string, number> => {
      const view = JSON.parse(JSON.stringify(playerViews(state, ["meridian"], BOT_VIEW)[0]!)) as PlayerView;
      const lab = view.own;
      if (lab?.role !== "lab") throw new Error("meridian is a lab");
      // idle serving hours: demand all served, on a fraction of the serving compute; margin under the ceiling
      lab.tokens = { demanded: 1e9, served: 1e9, consumer: 0 };
      for (const m of view.ownModels) m.servedMtok = 1;
      lab.compute = { ...lab.compute, serving: 1e10, total: 2e10, cost: 1e9 };
      lab.books.grossMargin = 0.2;
      const frontier = view.models.find((m) => m.lab === "meridian" && m.tier === "frontier")!;
      const rivalBest = Math.max(...view.models.filter((m) => m.lab !== "meridian").map((m) => m.capability));
      frontier.capability = rivalBest + ahead;
      const out: Record<string, number> = {};
      for (const o of botOrders(view)) {
        if (o.type !== "lab/setPrices") continue;
        const m = view.models.find((x) => x.lab === "meridian" && x.tier === o.tier)!;
        out[o.tier] = o.inputPrice / m.inputPrice;
      }
      return out;
    };
    const leading = moves(10);
    const trailing = moves(-10);
    // the leader passes hardware gains on (×0.98) and no more; the cheaper tiers take the slack cut too
    expect(leading.frontier).toBeGreaterThan(0.97);
    expect(leading.small).toBeLessThan(0.93);
    expect(trailing.frontier).toBeLessThan(0.93);
  });

  it("releases a model the seat it takes over withheld, and keeps a phased release", () => {
    const modeOrders = (mode: "withhold" | "phased") => {
      const view = fresh();
      if (view.own?.role !== "lab") throw new Error("tessera is a lab");
      view.own.releaseMode = mode;
      return botOrders(view).filter((o) => o.type === "lab/releaseModel");
    };
    expect(modeOrders("withhold")).toEqual([{ type: "lab/releaseModel", mode: "api" }]);
    expect(modeOrders("phased")).toEqual([]);
  });

  it("signs no contract at a price far above what an hour costs it now", () => {
    // a cloud team's contract price typed a few zeros long, for one quarter: without the cap a
    // lab bot signs twelve quarters of hours at $280, $16.8B a quarter
    for (let seed = 1; seed <= 4; seed++) {
      const game = slipGame(seed, "stratus", [{ type: "hyperscaler/setGpuPrices", contractPrice: 280, spotFloor: 2 }]);
      const C = game.state.contracts;
      const prices = Array.from({ length: C.n }, (_, x) => C.price[x]!);
      expect(prices.length, `seed ${seed}`).toBeGreaterThan(4);
      expect(Math.max(...prices), `seed ${seed}`).toBeLessThan(10);
    }
  });
});

describe("hyperscaler bot", () => {
  /** The spot floor CoreForge's bot sets with `idleShare` of its hours idle last quarter. */
  const floorAt = (idleShare: number): { floor: number; depPerHour: number } => {
    const view = JSON.parse(JSON.stringify(playerViews(state, ["coreforge"], BOT_VIEW)[0]!)) as PlayerView;
    const h = view.own;
    if (h?.role !== "hyperscaler") throw new Error("coreforge is a hyperscaler");
    h.gpu = { ...h.gpu, idle: h.gpu.capacity * idleShare };
    h.spotFloor = 99; // so that the bot sets its prices anew
    const hours = h.fleet.reduce((s, c) => s + c.units * c.perfPerUnit, 0) * HOURS_PER_QUARTER * 0.9;
    const dep = h.fleet.reduce((s, c) => s + c.depPerQuarterCents, 0) / 100;
    const o = botOrders(view).find((x) => x.type === "hyperscaler/setGpuPrices");
    if (o?.type !== "hyperscaler/setGpuPrices") throw new Error("the cloud bot set no GPU-hour prices");
    return { floor: o.spotFloor, depPerHour: dep / hours };
  };

  it("asks more than its fleet's depreciation per hour while its hours sell, and less, depreciation being sunk, once a tenth sit idle", () => {
    const busy = floorAt(0.02);
    const idle = floorAt(0.3);
    expect(busy.depPerHour).toBeGreaterThan(0.5);
    expect(busy.floor).toBeGreaterThan(busy.depPerHour);
    expect(idle.floor).toBeLessThan(busy.depPerHour);
    expect(idle.floor).toBeGreaterThanOrEqual(0.5);
  });
});

describe("a cloud bot in a queue for chips", () => {
  /** Stratus's bid to Vector when Vector has a backlog and its average price last quarter was `aspOverList` × its list. */
  const bidAt = (aspOverList: number): { bid: number; list: number; ceiling: number } => {
    const view = JSON.parse(JSON.stringify(playerViews(state, ["stratus"], BOT_VIEW)[0]!)) as PlayerView;
    const vector = view.actors.find((a) => a.id === "vector")!;
    const list = Number(vector.facts.unitPrice);
    vector.facts = { ...vector.facts, backlogUnits: 500_000, asp: list * aspOverList };
    // GPU-hours dear enough that a unit pays back at any of these prices
    view.world.spotGpuHourPrice = 6;
    const o = botOrders(view).find(
      (x): x is Extract<Order, { type: "hyperscaler/orderAccelerators" }> =>
        x.type === "hyperscaler/orderAccelerators" && x.chipmaker === "vector",
    );
    if (!o) throw new Error("the cloud bot ordered no chips from Vector");
    return { bid: o.maxPrice, list, ceiling: list * (1 + view.rules.chipScarcityPremiumMax) };
  };

  it("bids above the price scarcity set last quarter, and no more for a price rivals' bids set above what scarcity can add", () => {
    const scarce = bidAt(1.5);
    expect(scarce.bid).toBeGreaterThan(1.5 * scarce.list);
    // a cloud on the allocation list bids no more than scarcity can add, however high the bids before it went
    const war = bidAt(4);
    expect(war.bid).toBeLessThanOrEqual(war.ceiling + 0.01);
    expect(bidAt(40).bid).toBe(war.bid);
  });

  it("orders no chips that would not pay for themselves within their useful life, and some at the list price", () => {
    const unitsAt = (listPrice: number | null): number => {
      const view = JSON.parse(JSON.stringify(playerViews(state, ["nimbus"], BOT_VIEW)[0]!)) as PlayerView;
      const h = view.own;
      if (h?.role !== "hyperscaler") throw new Error("nimbus is a cloud");
      // sold out and growing: it wants capacity
      h.gpu = { ...h.gpu, contracted: h.gpu.capacity, spot: 0, ownUse: 0, idle: 0 };
      h.soldHistory = [0.7, 0.8, 0.9].map((x) => x * h.gpu.capacity);
      const vector = view.actors.find((a) => a.id === "vector")!;
      if (listPrice !== null) vector.facts = { ...vector.facts, unitPrice: listPrice, asp: listPrice, backlogUnits: 0 };
      const o = botOrders(view).find(
        (x): x is Extract<Order, { type: "hyperscaler/orderAccelerators" }> =>
          x.type === "hyperscaler/orderAccelerators" && x.chipmaker === "vector",
      );
      return o?.units ?? 0;
    };
    expect(unitsAt(null)).toBeGreaterThan(0);
    // at a million dollars a unit earns its price back in decades, not in a GPU's five or six years
    expect(unitsAt(1e6)).toBe(0);
  });

  it("buys chips by what they earn over their economic life, whatever life its books depreciate them over", () => {
    // a team that set a one-year accounting life and left the seat to its bot: its chips still
    // retire after the world's economic life (six years), so a unit that pays back in 16 to 24
    // quarters is still worth buying
    const unitsAt = (years: number, listPrice: number): number => {
      const view = JSON.parse(JSON.stringify(playerViews(state, ["nimbus"], BOT_VIEW)[0]!)) as PlayerView;
      const h = view.own;
      if (h?.role !== "hyperscaler") throw new Error("nimbus is a cloud");
      h.gpu = { ...h.gpu, contracted: h.gpu.capacity, spot: 0, ownUse: 0, idle: 0 };
      h.soldHistory = [0.7, 0.8, 0.9].map((x) => x * h.gpu.capacity);
      h.usefulLifeYears = years;
      const vector = view.actors.find((a) => a.id === "vector")!;
      vector.facts = { ...vector.facts, unitPrice: listPrice, asp: listPrice, backlogUnits: 0 };
      const o = botOrders(view).find(
        (x): x is Extract<Order, { type: "hyperscaler/orderAccelerators" }> =>
          x.type === "hyperscaler/orderAccelerators" && x.chipmaker === "vector",
      );
      return o?.units ?? 0;
    };
    const list = Number(playerViews(state, ["nimbus"], BOT_VIEW)[0]!.actors.find((a) => a.id === "vector")!.facts.unitPrice);
    let bought = 0;
    for (let k = 1; k <= 8; k += 0.25) {
      expect(unitsAt(1, list * k), `at ${k}× the list`).toBe(unitsAt(6, list * k));
      if (unitsAt(1, list * k) > 0) bought = k;
    }
    // dear enough that only a long-lived unit pays back, and still bought
    expect(bought).toBeGreaterThan(1.5);
  });

  it("a chipmaker that sets its price and wafers earns more than one that keeps its opening ones through a classroom game", () => {
    const scenario = loadScenario("classroom");
    for (let seed = 1; seed <= 6; seed++) {
      const tsr = (passive: boolean) =>
        runGame({ scenario, seed, ordersFor: (seat) => (passive && seat === "vector" ? [] : undefined) }).state.history.at(-1)!.actors
          .vector!.tsr;
      expect(tsr(true), `seed ${seed}`).toBeLessThan(tsr(false));
    }
  });

  it("a chipmaker that keeps its list price and wafers through a classroom game of shortages sees no revenue swing beyond ×2 in a quarter", () => {
    const scenario = loadScenario("classroom");
    for (let seed = 1; seed <= 10; seed++) {
      const game = runGame({ scenario, seed, ordersFor: (seat) => (seat === "vector" ? [] : undefined) });
      const revenue = game.state.history.map((h) => h.actors.vector!.revenue);
      for (let q = 1; q < revenue.length; q++) {
        const r = revenue[q]! / revenue[q - 1]!;
        expect(r, `seed ${seed}, quarter ${q + 1}`).toBeLessThan(2);
        expect(r, `seed ${seed}, quarter ${q + 1}`).toBeGreaterThan(0.5);
      }
    }
  });

  it("a chipmaker whose price sold nothing comes down to what buyers pay within a quarter", () => {
    // a list price typed two zeros long for one quarter, then the bot: cutting it 6% a quarter,
    // Vector sells nothing for the rest of the game
    for (let seed = 1; seed <= 4; seed++) {
      const game = slipGame(seed, "vector", [{ type: "chipmaker/setPrice", unitPrice: 5.5e6 }]);
      const revenue = game.state.history.map((h) => h.actors.vector!.revenue);
      expect(revenue[1], `seed ${seed}: the quarter after the typo`).toBe(0);
      expect(revenue[2], `seed ${seed}: the quarter after the bot repriced`).toBeGreaterThan(0);
      expect(Math.min(...revenue.slice(3)), `seed ${seed}`).toBeGreaterThan(0);
    }
  });

  it("a chipmaker left with a standing wafer order of none orders what its buyers ordered", () => {
    // no wafers for one quarter, then the bot: growing its order by a factor of nothing,
    // Vector makes no chips for the rest of the game
    for (let seed = 1; seed <= 4; seed++) {
      const game = slipGame(seed, "vector", [{ type: "chipmaker/orderWafers", wafers: 0, prepay: false }]);
      const revenue = game.state.history.map((h) => h.actors.vector!.revenue);
      expect(Math.min(...revenue.slice(3)), `seed ${seed}`).toBeGreaterThan(0);
    }
  });
});
