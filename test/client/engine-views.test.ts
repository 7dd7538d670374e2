/**
 * The presenters over real engine views (no fixture): a short bot game of the classroom
 * scenario, every seat and a spectator, every quarter.
 */
import { describe, expect, it } from "vitest";
import { booksModel, formOutlook, underCostNote } from "../../client/presenters/books.ts";
import { chartsModel } from "../../client/presenters/charts.ts";
import { inDistress } from "../../client/presenters/meta.ts";
import { newsModel } from "../../client/presenters/news.ts";
import { buildOrders, initialValues, orderForm } from "../../client/presenters/orders.ts";
import { projectorNews } from "../../client/presenters/projector.ts";
import { rankingModel } from "../../client/presenters/ranking.ts";
import { resolutionModel } from "../../client/presenters/resolution.ts";
import { worldModel } from "../../client/presenters/world.ts";
import {
  allBotOrders,
  botOrders,
  createGame,
  type GameEvent,
  injectShock,
  loadScenario,
  type OrdersBySeat,
  type PlayerView,
  playerView,
  resolveTurn,
  runGame,
  validateOrders,
} from "../../shared/index.ts";
import { sim } from "../facts/helpers.ts";

/** What a seat's books say under its capacity (its warnings), or undefined. */
function capacityNote(v: PlayerView): string | undefined {
  return booksModel(v).sections.find((s) => s.id === "capacity")!.note;
}

describe("presenters on real engine views", () => {
  it("render every seat's view and keep spectators public", () => {
    let state = createGame(loadScenario("classroom"), 11);
    state = injectShock(state, "wafer-shortage", {}, 2);
    const seats = [...state.companies.id].sort();
    let events: GameEvent[] = [];
    for (let q = 0; q < 3; q++) {
      for (const seat of [...seats, null]) {
        const v = playerView(state, seat);
        const b = booksModel(v);
        const w = worldModel(v);
        const c = chartsModel(v);
        const n = newsModel(v, events, v.quarter);
        const r = rankingModel(v, events);
        expect(w.nodes.length).toBe(seats.length + 3);
        expect(c.every((x) => x.labels.length === v.history.length)).toBe(true);
        expect(r.companies.length + r.enterprises.length).toBe(seats.length);
        if (seat === null) {
          expect(b.empty).toBe(true);
          expect(orderForm(v)).toBeNull();
          expect(n.items.every((i) => !i.private)).toBe(true);
        } else {
          expect(b.empty).toBe(false);
          expect(w.nodes.filter((x) => x.own).map((x) => x.id)).toEqual([seat]);
          const form = orderForm(v)!;
          const vals = initialValues(form);
          const built = buildOrders(v, vals);
          // the form's current values are valid and, unchanged, send nothing
          expect(built.errors).toEqual({});
          expect(built.orders).toEqual([]);
          // before the first quarter only the quarter's flows have no figure; revenue and the balance sheet do
          const rows = b.sections.flatMap((s) => s.rows);
          // (and a quarter without debt has no loan rate)
          for (const row of rows)
            if ((v.quarter >= 1 || ["revenue", "cash", "valuation"].includes(row.id)) && !(row.id === "loanRate" && row.raw === 0))
              expect(row.value).not.toBe("–");
          if (v.quarter === 0) expect(rows.find((r) => r.id === "netIncome")!.value).toBe("–");
        }
      }
      const orders: OrdersBySeat = {};
      for (const id of seats) orders[id] = botOrders(playerView(state, id));
      const res = resolveTurn(state, orders);
      state = res.state;
      events = res.events;
    }
    // an enterprise's books show the gains its rivals' competition passed to its clients
    const firm = playerView(state, "ledgerline");
    const passed = booksModel(firm)
      .sections.flatMap((s) => s.rows)
      .find((r) => r.id === "aiGainsPassed")!;
    expect(passed.raw).toBe((firm.own as { aiGainsPassed: number }).aiGainsPassed);
    expect(passed.raw).toBeGreaterThan(0);
    // after the shock struck, the world view shows it at the foundry
    const v = playerView(state, null);
    expect(v.world.activeShocks.length).toBeGreaterThan(0);
    expect(worldModel(v).nodes.find((x) => x.id === "foundry")!.shocks.length).toBeGreaterThan(0);
  });

  it("a compute split that does not add up is refused as the player types, in the server's words", () => {
    const state = createGame(loadScenario("classroom"), 3);
    const v = playerView(state, "meridian");
    const vals = initialValues(orderForm(v)!);
    vals["lab/allocateCompute.internal"] = 10;
    const built = buildOrders(v, vals);
    expect(built.orders.some((o) => o.type === "lab/allocateCompute")).toBe(false);
    const server = validateOrders(state, "meridian", [{ type: "lab/allocateCompute", training: 0.4, serving: 0.45, internal: 0.1 }]);
    expect(built.errors["lab/allocateCompute.internal"]).toBe(server.rejections[0]!.message);
    expect(built.errors["lab/allocateCompute.internal"]).toBe("training + serving + internal must add up to 100% (got 95.0%)");
    vals["lab/allocateCompute.internal"] = 15;
    expect(buildOrders(v, vals).errors).toEqual({});
  });

  it("tells a lab that left a fifth or more of its tokens unserved, and what its split put on serving", () => {
    // a team that put all its compute on internal use for a quarter: nothing is served
    let state = createGame(loadScenario("classroom"), 1);
    const orders: OrdersBySeat = {};
    for (const id of state.companies.id) orders[id] = botOrders(playerView(state, id));
    orders.meridian = [{ type: "lab/allocateCompute", training: 0, serving: 0, internal: 1 }];
    state = resolveTurn(state, orders).state;
    const lab = playerView(state, "meridian");
    const note =
      "100.0% of the tokens asked of you went unserved last quarter: serving had 0.0% of your compute (0 GPU-h). " +
      "Put more of it on serving under Compute split, or add compute with a contract or a spot bid.";
    expect(capacityNote(lab)).toContain(note);
    // and on the form where the split is set
    expect(formOutlook(lab, "lab/allocateCompute")).toBe(note);
    // a lab that served what was asked of it is told nothing
    const rival = playerView(state, "helix");
    const own = rival.own as { tokens: { demanded: number; served: number } };
    expect(own.tokens.served).toBeGreaterThanOrEqual(own.tokens.demanded * 0.8);
    expect(formOutlook(rival, "lab/allocateCompute")).toBeNull();
  });

  it("tells a lab that withholds its next model that its models fall behind, and by how much", () => {
    const scenario = loadScenario("classroom");
    const game = runGame({
      scenario,
      seed: 1,
      quarters: 5,
      ordersFor: (seat, st) =>
        seat === "meridian" ? (st.quarter === 0 ? [{ type: "lab/releaseModel", mode: "withhold" }] : []) : undefined,
    });
    const lab = playerView(game.state, "meridian");
    const note = formOutlook(lab, "lab/releaseModel");
    expect(note).toMatch(
      /^You withhold your next model: none is released while you do, and your models fall behind as rivals release theirs\. Helix \d+ \(Helix Labs, \d+\.\d\) leads your Fable \d+ \(\d+\.\d\)\. Release it under Next model release\.$/,
    );
    expect(capacityNote(lab)).toContain(note!);
    // its rival, releasing, is told nothing
    expect(formOutlook(playerView(game.state, "helix"), "lab/releaseModel")).toBeNull();
  });

  it("a figure ten times or more from what stands is called out before it is sent, and sent as typed", () => {
    const state = createGame(loadScenario("classroom"), 3);
    const cloud = playerView(state, "stratus");
    const vals = initialValues(orderForm(cloud)!);
    const price = "hyperscaler/setGpuPrices.contractPrice";
    expect(vals[price]).toBe(2.8);
    vals[price] = 0.01;
    let built = buildOrders(cloud, vals);
    expect(built.checks).toEqual({ [price]: "$0.01/GPU-h is 280× less than what stands ($2.80/GPU-h): is that what you mean?" });
    // the order is still built as typed: a check asks, it does not refuse
    expect(built.orders).toEqual([{ type: "hyperscaler/setGpuPrices", contractPrice: 0.01, spotFloor: 2 }]);
    vals[price] = 28;
    expect(buildOrders(cloud, vals).checks[price]).toMatch(/^\$28.0\/GPU-h is 10× more than/);
    // a figure within a factor of ten of what stands is not asked about
    vals[price] = 3.5;
    expect(buildOrders(cloud, vals).checks).toEqual({});
    // zero where something stands: a chipmaker that stops ordering wafers
    const chips = playerView(state, "vector");
    const cvals = initialValues(orderForm(chips)!);
    cvals["chipmaker/orderWafers.wafers"] = 0;
    built = buildOrders(chips, cvals);
    expect(built.checks["chipmaker/orderWafers.wafers"]).toBe("0 stops what stands (110k wafers/q): is that what you mean?");
    // a share set to none where some stands: a lab's split with nothing on serving
    const lab = playerView(state, "meridian");
    const lvals = initialValues(orderForm(lab)!);
    lvals["lab/allocateCompute.serving"] = 0;
    lvals["lab/allocateCompute.internal"] = 60;
    expect(buildOrders(lab, lvals).checks).toEqual({ "lab/allocateCompute.serving": "0% where 45% stands: is that what you mean?" });
    // an action has nothing standing to compare with
    cvals["finance/drawDebt.amount"] = 1e12;
    expect(Object.keys(buildOrders(chips, cvals).checks)).toEqual(["chipmaker/orderWafers.wafers"]);
  });

  it("orders the form builds from changed values pass the engine's validator", () => {
    const state = createGame(loadScenario("classroom"), 3);
    // a lab's prices come from the frontier down, whatever its models' ids (Meridian's sort fable, haiku, sonnet)
    const prices = orderForm(playerView(state, "meridian"))!.groups.filter((g) => g.title.startsWith("Prices:"));
    expect(prices.map((g) => g.title.match(/\((\w+)\)$/)?.[1])).toEqual(["frontier", "mid", "small"]);
    for (const seat of state.companies.id) {
      const v = playerView(state, seat);
      const form = orderForm(v)!;
      const vals = initialValues(form);
      // bump every number a little (policies stand, so each changed group sends one order)
      for (const g of form.groups)
        for (const f of g.fields)
          if (f.kind === "number" && g.kind === "policy" && typeof f.value === "number" && !f.percent) vals[f.id] = f.value * 1.1 + 1;
      const built = buildOrders(v, vals);
      expect(built.errors).toEqual({});
      expect(built.orders.length).toBeGreaterThan(0);
      const res = validateOrders(state, seat, built.orders);
      expect(res.rejections).toEqual([]);
    }
  });

  it("a failed company shows its last quarter in business, and its resolution the market's figures", () => {
    let state = createGame(loadScenario("classroom"), 5);
    state = injectShock(state, "lab-insolvency", { "effects.0.target": "meridian" }, 3);
    const before = playerView(state, "meridian");
    let prevOwn = before.own;
    let events: GameEvent[] = [];
    for (let q = 0; q < 4; q++) {
      const orders: OrdersBySeat = {};
      for (const id of state.companies.id) orders[id] = botOrders(playerView(state, id));
      prevOwn = playerView(state, "meridian").own;
      const res = resolveTurn(state, orders);
      state = res.state;
      events = res.events;
    }
    const v = playerView(state, "meridian");
    expect(v.own!.failed).toBe(true);
    // its state's books are all zero once it failed; its last quarter in business (quarter 2) is in its history
    expect(v.own!.books.revenue).toBe(0);
    const last = v.history[1]!.actors.meridian!;
    expect(last.failed).toBe(0);
    const m = booksModel(v, prevOwn);
    expect(m.subtitle).toBe(`AI lab · US · FAILED in ${v.history[2]!.label}`);
    expect(m.sections[0]!.title).toBe(`Its last quarter in business (${v.history[1]!.label})`);
    // its figures are of that quarter, not now, and have no change column
    expect(m.asOf).toBe(v.history[1]!.label);
    expect(booksModel(playerView(state, "helix")).asOf).toBeNull();
    const rows = Object.fromEntries(m.sections.flatMap((s) => s.rows).map((r) => [r.id, r]));
    expect(rows.revenue!.raw).toBe(last.revenue);
    expect(rows.revenue!.raw).toBeGreaterThan(0);
    expect(rows.cash!.raw).toBe(last.cash);
    expect(Object.values(rows).every((r) => r.delta === null)).toBe(true);
    // the quarter it failed: the card says so and shows the market's figures, not its zeros
    const r = resolutionModel(playerView(state, "meridian"), prevOwn, events, "all");
    expect(r.figures.map((f) => f.id)).toEqual(["token-price", "gpu-hour", "gpu-util", "capex"]);
  });

  it("the resolution card leads with what concerns the seat, and leaves others' routine news to the panel", () => {
    let state = createGame(loadScenario("classroom"), 5);
    const seats = [...state.companies.id].sort();
    let routineOthers = 0;
    let aboutSeat = 0;
    for (let q = 0; q < 6; q++) {
      const orders: OrdersBySeat = {};
      for (const id of seats) orders[id] = botOrders(playerView(state, id));
      const prev = state;
      const r = resolveTurn(state, orders);
      state = r.state;
      for (const seat of seats) {
        const v = playerView(state, seat);
        const items = newsModel(v, r.events, v.quarter).items;
        const card = resolutionModel(v, playerView(prev, seat).own, r.events, "all").headlines.map((x) => x.text);
        const rank = (text: string) => {
          const i = items.find((x) => x.headline === text)!;
          return i.kind === "shock" ? 0 : i.private ? 1 : i.aboutSeat ? 2 : i.notable ? 3 : 4;
        };
        // every headline is a shock, the seat's own, or notable, most relevant first
        expect(card.map(rank).every((x, i, a) => x < 4 && (i === 0 || a[i - 1]! <= x))).toBe(true);
        expect(card.length).toBe(Math.min(3, items.filter((i) => rank(i.headline) < 4).length));
        routineOthers += items.filter((i) => !i.notable && !i.aboutSeat && !i.private && i.kind !== "shock").length;
        aboutSeat += card.filter((t) => rank(t) === 2).length;
      }
      // the projector: shocks, then notable events, then the rest
      const pub = newsModel(playerView(state, null), r.events, state.quarter).items;
      const shown = projectorNews(playerView(state, null), r.events, 3).items.map((i) => pub.find((x) => x.key === i.key)!);
      const prank = (i: (typeof pub)[number]) => (i.kind === "shock" ? 0 : i.notable ? 1 : 2);
      expect(shown.map(prank)).toEqual(
        pub
          .map(prank)
          .sort((a, b) => a - b)
          .slice(0, 3),
      );
    }
    // the game has both: others' routine news (left out) and news about a seat (on its card)
    expect(routineOthers).toBeGreaterThan(0);
    expect(aboutSeat).toBeGreaterThan(0);
  });

  it("tells a cloud whose spot floor sits above the market that its idle hours did not sell, and a bot's cloud nothing", () => {
    // CoreForge sends no orders: its opening floor ($2.20) stays above a market that falls to
    // ~$1.5, and once its contracts end after quarter 8 every hour it has sits idle
    const { state } = runGame({
      scenario: loadScenario("base"),
      seed: 1,
      quarters: 10,
      ordersFor: (seat) => (seat === "coreforge" ? [] : undefined),
    });
    const v = playerView(state, "coreforge");
    const own = v.own;
    if (own?.role !== "hyperscaler") throw new Error("coreforge is a cloud");
    expect(own.gpu.idle).toBeGreaterThan(0.2 * own.gpu.capacity);
    expect(own.spotFloor).toBeGreaterThan(v.world.spotGpuHourPrice);
    const note = capacityNote(v);
    expect(note).toMatch(
      /^[\d.]+[BM] GPU-h of your GPU-hours \([\d.]+%\) sat idle last quarter, and your spot floor, \$2\.20\/GPU-h, is above the market's \$[\d.]+\/GPU-h: no hour sells below your floor\./,
    );
    // the clouds the bots run price their hours to sell
    const played = runGame({ scenario: loadScenario("base"), seed: 1, quarters: 10 }).state;
    for (const id of ["stratus", "nimbus", "coreforge"]) {
      expect(capacityNote(playerView(played, id)), id).toBeUndefined();
    }
  });

  it("tells a cloud whose accelerators wait for power it is not building, and says nothing once it builds enough", () => {
    // CoreForge holds 50,000 accelerators (1.6 kW each: 80 MW) that have no power yet
    const v = playerView(createGame(loadScenario("classroom"), 2), "coreforge");
    const own = v.own;
    if (own?.role !== "hyperscaler") throw new Error("coreforge is a cloud");
    own.warehouseUnits = [
      { chipmaker: "vector", units: 50_000, perfPerUnit: 2.5, kwPerUnit: 1.6, costCents: 50_000 * 40_000 * 100, partnerLab: null },
    ];
    const note = (pipeline: typeof own.pipeline) => {
      own.pipeline = pipeline;
      return capacityNote(v) ?? "";
    };
    expect(note([])).toContain(
      "50.0k accelerators ($2.00B) wait for power: they need 80.0 MW, and 0 MW is being built. Build data-centre power for them: it takes 4 quarters.",
    );
    expect(note([{ mw: 60, quartersLeft: 2, region: "us", costLeft: 0 }])).toMatch(/they need 80\.0 MW, and 60\.0 MW is being built/);
    // with power under construction for all of them, no note
    expect(note([{ mw: 100, quartersLeft: 2, region: "us", costLeft: 0 }])).not.toMatch(/wait for power/);
  });

  it("tells a cloud that the orders placed before the game are a booking its power limits, and that one under the list price buys none", () => {
    const game = createGame(loadScenario("classroom"), 1);
    const group = "hyperscaler/orderAccelerators:vector";
    const v = playerView(game, "stratus");
    const said =
      "Your booking with Vector Semiconductor, placed before the game, takes up to 920k accelerators a quarter, only as far as your power ready for them holds: once the data centres you are building are full it takes none. To buy a set number every quarter, order under Accelerators from Vector Semiconductor.";
    expect(capacityNote(v) ?? "").toContain(said);
    // the accelerators form says it too, and shows the booking, which stands until replaced
    expect(formOutlook(v, group)).toBe(said);
    const fields = orderForm(v)!.groups.find((g) => g.id === group)!.fields;
    expect(fields.find((f) => f.id === `${group}.units`)!.value).toBe(919_531);
    // a cloud that orders its own chips has a standing order as placed: nothing to say
    const ordered = resolveTurn(game, {
      stratus: [{ type: "hyperscaler/orderAccelerators", chipmaker: "vector", units: 500_000, maxPrice: 60_000 }],
    }).state;
    const after = playerView(ordered, "stratus");
    expect(capacityNote(after) ?? "").not.toMatch(/Vector Semiconductor/);
    expect(formOutlook(after, group)).toBeNull();
    // one that did not still holds its booking after the first quarter
    expect(capacityNote(playerView(resolveTurn(game, {}).state, "stratus")) ?? "").toContain(said);
    // a standing order under the list price (a new generation launched dearer) buys nothing
    const own = after.own;
    if (own?.role !== "hyperscaler") throw new Error("stratus is a cloud");
    const list = Number(after.actors.find((a) => a.id === "vector")!.facts.unitPrice);
    own.acceleratorOrders = [{ chipmaker: "vector", units: 500_000, maxPrice: list * 0.8, booked: false }];
    expect(formOutlook(after, group)).toMatch(
      /^Your standing order for 500k accelerators a quarter from Vector Semiconductor pays at most \$[\d.]+k\/unit, under its list price of \$[\d.]+k\/unit: it buys nothing\./,
    );
    expect(capacityNote(after) ?? "").toContain("it buys nothing");
  });

  it("tells a lab whose spot bid was under the market's price that it bought nothing, and not one whose bid was filled", () => {
    // Helix bids for a billion spot GPU-hours at $0.05: far under any clearing price
    const bid = (maxPrice: number) =>
      runGame({
        scenario: loadScenario("classroom"),
        seed: 2,
        quarters: 2,
        ordersFor: (seat, s) => (seat === "helix" && s.quarter === 1 ? [{ type: "lab/spotBid", gpuHours: 1e9, maxPrice }] : undefined),
      }).state;
    const v = playerView(bid(0.05), "helix");
    const own = v.own;
    if (own?.role !== "lab") throw new Error("helix is a lab");
    expect(own.compute.spot).toBe(0);
    expect(capacityNote(v)).toMatch(
      /^Your spot bid for 1\.00B GPU-h at up to \$0\.05\/GPU-h bought none last quarter: the market cleared at \$[\d.]+\/GPU-h\./,
    );
    // the resolution card, the first thing a player sees after a quarter, says it too
    expect(resolutionModel(v, null, [], "all").warnings).toEqual([capacityNote(v)]);
    const filled = playerView(bid(50), "helix");
    if (filled.own?.role !== "lab") throw new Error("helix is a lab");
    expect(filled.own.compute.spot).toBeGreaterThan(0);
    expect(capacityNote(filled)).toBeUndefined();
    expect(resolutionModel(filled, null, [], "all").warnings).toEqual([]);
  });

  it("tells an enterprise that work routed to a model whose lab failed is not done, until it routes it elsewhere", () => {
    // Meridian fails in quarter 3; Ledgerline keeps routing knowledge work to Fable alone
    const play = (orders: unknown[]) =>
      runGame({
        scenario: loadScenario("classroom"),
        seed: 3,
        quarters: 4,
        injected: [{ shock: "lab-insolvency", quarter: 3, params: { "effects.0.target": "meridian" } }],
        ordersFor: (seat, s) => (seat === "ledgerline" ? (s.quarter === 3 ? orders : []) : undefined),
      }).state;
    const stranded = playerView(play([]), "ledgerline");
    const own = stranded.own;
    if (own?.role !== "enterprise") throw new Error("ledgerline is an enterprise");
    expect(own.routing.knowledge).toMatchObject({ policy: "named", model: "fable" });
    expect(Object.keys(own.shares.knowledge ?? {})).toEqual([]);
    const note = capacityNote(stranded);
    expect(note).toMatch(
      /^Work routed to one model that no one serves is not done\. Knowledge work[^:]*: .*Meridian AI, has failed, and it has no fallback\. Route it to another model/,
    );
    // routed to the cheapest model, it is done again and nothing is said
    const rerouted = playerView(play([{ type: "enterprise/setRouting", taskClass: "knowledge", policy: "cheapest" }]), "ledgerline");
    expect(capacityNote(rerouted)).toBeUndefined();
  });

  it("an enterprise's books add up to its score: realised, less AI and integration spend, is the quarter's change", () => {
    let state = createGame(loadScenario("classroom"), 5);
    for (let q = 1; q <= 5; q++) {
      const before = new Map(["ledgerline", "codeworks"].map((seat) => [seat, playerView(state, seat)]));
      state = resolveTurn(state, allBotOrders(state)).state;
      for (const seat of ["ledgerline", "codeworks"]) {
        const v = playerView(state, seat);
        const sections = booksModel(v).sections;
        expect(sections.find((s) => s.id === "capacity")!.title).toBe("AI work and score");
        const rows = Object.fromEntries(sections.flatMap((s) => s.rows.map((r) => [r.id, r.raw])));
        expect(rows.netValueQuarter, `${seat} q${q}`).toBe(rows.valueRealised! - rows.spend! - rows.integration!);
        const prev = before.get(seat)!.own!;
        const own = v.own!;
        if (own.role !== "enterprise" || prev.role !== "enterprise") throw new Error("not an enterprise");
        expect(own.netValueCumulative - prev.netValueCumulative).toBeCloseTo(rows.netValueQuarter!, 0);
        // integration is paid whether or not AI work is realised: a quarter can lose more than its AI spend
        expect(rows.integration).toBeGreaterThan(0);
      }
    }
  });

  it("tells a chipmaker holding a quarter's output unsold that its price took too few orders, and not one that sells it", () => {
    const priced = (orders: unknown[]) =>
      playerView(
        runGame({
          scenario: loadScenario("classroom"),
          seed: 2,
          quarters: 3,
          ordersFor: (seat, s) => (seat === "vector" ? (s.quarter === 0 ? orders : []) : undefined),
        }).state,
        "vector",
      );
    // listed at $150,000 a unit, three times the scenario's price
    const dear = priced([{ type: "chipmaker/setPrice", unitPrice: 150_000 }]);
    if (dear.own?.role !== "chipmaker") throw new Error("vector is a chipmaker");
    expect(dear.own.inventoryUnits).toBeGreaterThan(dear.own.produced);
    expect(capacityNote(dear)).toMatch(
      /^[\d.]+M accelerators are unsold in stock, [\d.]+ quarters of your output: orders at your list price of \$150k\/unit took [\d.]+k last quarter\./,
    );
    expect(capacityNote(priced([]))).toBeUndefined();
  });

  it("tells a chipmaker whose wafers fall short because its order is not prepaid, and not one that prepays", () => {
    const play = (prepayOnce: boolean) =>
      runGame({
        scenario: loadScenario("base"),
        seed: 1,
        quarters: 3,
        ordersFor: (seat, s) =>
          seat !== "lattice"
            ? undefined
            : prepayOnce && s.quarter === 0
              ? [{ type: "chipmaker/orderWafers", wafers: 25_000, prepay: true }]
              : [],
      }).state;
    const passive = playerView(play(false), "lattice");
    const note = capacityNote(passive) ?? "";
    expect(note).toMatch(
      /^The foundry delivered 13\.2k of the 25\.0k wafers you ordered last quarter: it serves prepaid orders first, and yours is not prepaid\. Prepay it under Wafer order/,
    );
    expect(formOutlook(passive, "chipmaker/orderWafers")).toBe(note);
    expect(orderForm(passive)!.groups.some((g) => g.id === "chipmaker/orderWafers")).toBe(true);
    // prepaid from the first quarter, it keeps its share: nothing to say
    const prepaid = playerView(play(true), "lattice");
    expect(capacityNote(prepaid) ?? "").not.toMatch(/foundry delivered/);
    expect(formOutlook(prepaid, "chipmaker/orderWafers")).toBeNull();
  });

  it("tells a lab or chipmaker whose prices are under cost (a typo of a few zeros), and no bot's seat over a game", () => {
    const game = createGame(loadScenario("classroom"), 1);
    const after = resolveTurn(game, {
      meridian: [{ type: "lab/setPrices", tier: "frontier", inputPrice: 0.01, outputPrice: 0.01 }],
      vector: [{ type: "chipmaker/setPrice", unitPrice: 100 }],
    }).state;
    const lab = playerView(after, "meridian");
    const note = capacityNote(lab) ?? "";
    expect(note).toMatch(
      /Prices under cost: Fable 5 at \$0\.01\/Mtok in and \$0\.01\/Mtok out costs \$[\d.]+\/Mtok to serve\. Every token it serves loses money: raise its prices under Token prices\./,
    );
    // the frontier tier's price form says it; the tiers priced above cost say nothing
    expect(formOutlook(lab, "lab/setPrices:frontier")).toMatch(/^Prices under cost: Fable 5 /);
    expect(formOutlook(lab, "lab/setPrices:mid")).toBeNull();
    const chip = playerView(after, "vector");
    expect(formOutlook(chip, "chipmaker/setPrice")).toMatch(
      /^Your list price of \$100\/unit is under your unit cost of \$[\d.]+k\/unit: every unit you sell loses money\./,
    );
    // bots price above cost in every seat and quarter
    runGame({
      scenario: loadScenario("classroom"),
      seed: 2,
      onQuarter: (s) => {
        for (const seat of s.companies.id) {
          const v = playerView(s, seat);
          if (v.own) expect(underCostNote(v, v.own), `${seat} quarter ${s.quarter}`).toBeNull();
        }
      },
    });
  });

  it("shows the host (a spectator's view) which company is in distress", () => {
    // Meridian with $42B of debt and no cash falls into distress in its second year (test/engine/credit-allowance.test.ts)
    const overrides = [
      { path: "actors.meridian.books.cash", value: 0 },
      { path: "actors.meridian.books.debt", value: 4.2e10 },
    ];
    const { states } = sim({ bots: true, seed: 1, quarters: 8, sets: overrides });
    const q = states.findIndex((s) => s.history[s.history.length - 1]!.actors.meridian!.distressed === 1);
    expect(q).toBeGreaterThan(0);
    const host = playerView(states[q]!, null);
    expect(inDistress(host, "meridian")).toBe(true);
    expect(inDistress(host, "helix")).toBe(false);
  });

  it("tells a cloud that labs' contracts it sells are about to end, within a new contract's lead time", () => {
    // the labs sign nothing: their opening contracts end after quarter 8; deciding quarter 7, a
    // contract a lab signed now would start in quarter 9
    const { state } = runGame({
      scenario: loadScenario("base"),
      seed: 4,
      quarters: 6,
      ordersFor: (seat) => (["meridian", "helix", "tessera"].includes(seat) ? [] : undefined),
    });
    expect(booksModel(playerView(state, "stratus")).outlook).toMatch(
      /^Labs' contracts take 7\.00B GPU-h of your hours a quarter now and 4\.00B GPU-h from 2028Q3, as Meridian AI's contract ends\. The hours they leave sell on spot only at or above your floor/,
    );
    expect(booksModel(playerView(state, "coreforge")).outlook).toMatch(
      /and 0 GPU-h from 2028Q3, as the contracts of Helix Labs and Tessera \(open weights\) end\./,
    );
    // a quarter earlier the lapse is beyond a new contract's lead time: nothing yet
    const { state: early } = runGame({
      scenario: loadScenario("base"),
      seed: 4,
      quarters: 5,
      ordersFor: (seat) => (["meridian", "helix", "tessera"].includes(seat) ? [] : undefined),
    });
    expect(booksModel(playerView(early, "stratus")).outlook).toBeNull();
  });
});
