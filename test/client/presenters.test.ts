import { describe, expect, it } from "vitest";
import { booksModel } from "../../client/presenters/books.ts";
import { chartsModel } from "../../client/presenters/charts.ts";
import { delta, fmt, pct, tickLabels, toCsv } from "../../client/presenters/format.ts";
import { inDistress, lobbyModel, readMeta, seatOnline, timerModel } from "../../client/presenters/meta.ts";
import { newsModel } from "../../client/presenters/news.ts";
import { buildOrders, initialValues, orderForm } from "../../client/presenters/orders.ts";
import { parseParams } from "../../client/presenters/params.ts";
import { driverText, rankingModel } from "../../client/presenters/ranking.ts";
import { worldModel } from "../../client/presenters/world.ts";
import type { GameEvent } from "../../shared/index.ts";
import { describeEvent } from "../../shared/present/news.ts";
import { books, lab, view } from "./fixture.ts";

describe("format", () => {
  it("puts a unit on every figure", () => {
    expect(fmt(1_234_000_000, "$")).toBe("$1.23B");
    expect(fmt(-5e6, "$")).toBe("−$5.00M");
    expect(fmt(0.4213, "%")).toBe("42.1%");
    expect(fmt(2.5, "$/GPU-h")).toBe("$2.50/GPU-h");
    expect(fmt(1500, "MW")).toBe("1.50k MW");
    expect(fmt(null, "$")).toBe("–");
    // a minus sign, not a hyphen, and no sign on a figure that rounds to zero
    expect(fmt(-0.051, "%")).toBe("−5.1%");
    expect(fmt(-0.0004, "%")).toBe("0.0%");
    expect(fmt(-1.2e9, "Mtok")).toBe("−1.20B Mtok");
    expect(pct(-1)).toBe("−100.0%");
    // a token price late in a game, and its change, in decimals a class reads, not 1.7e-3
    expect(fmt(0.0017, "$/Mtok")).toBe("$0.0017/Mtok");
    expect(delta(0.088, 0.0897, "$/Mtok")?.text).toBe("▼ −$0.0017/Mtok");
    expect(fmt(0.00999, "$/Mtok")).toBe("$0.010/Mtok");
    // three significant figures where rounding carries to the next digit or unit
    expect(fmt(999_999_999.99, "$")).toBe("$1.00B");
    expect(fmt(999_600, "$")).toBe("$1.00M");
    expect(fmt(999_400, "$")).toBe("$999k");
    expect(fmt(-999.7, "$")).toBe("−$1.00k");
    expect(fmt(9.996, "$/GPU-h")).toBe("$10.0/GPU-h");
    expect(fmt(99.96, "MW")).toBe("100 MW");
  });
  it("signs deltas, percentages in points", () => {
    expect(delta(110, 100, "$")).toMatchObject({ sign: "up", text: "▲ +$10.0" });
    expect(delta(0.3, 0.35, "%")).toMatchObject({ sign: "down", text: "▼ −5.0 pp" });
    expect(delta(5, 5, "MW")?.sign).toBe("flat");
    expect(delta(5, undefined, "MW")).toBeNull();
  });
  it("labels axis ticks apart, with more decimals only where they would read alike", () => {
    expect(tickLabels([0.98, 0.985, 0.99, 0.995, 1], "")).toEqual(["0.980", "0.985", "0.990", "0.995", "1.000"]);
    expect(tickLabels([0.7, 0.7002, 0.7004], "%")).toEqual(["70.00%", "70.02%", "70.04%"]);
    expect(tickLabels([0.695, 0.6975, 0.7], "%")).toEqual(["69.5%", "69.8%", "70.0%"]);
    expect(tickLabels([2, 2.5, 3], "")).toEqual(["2.00", "2.50", "3.00"]);
    expect(tickLabels([5e10, 1e11, 1.5e11], "")).toEqual(["50.0B", "100B", "150B"]);
  });
  it("escapes CSV", () => {
    expect(
      toCsv(
        ["a", "b"],
        [
          ["x,y", 1],
          ['q"', null],
        ],
      ),
    ).toBe('a,b\n"x,y",1\n"q""",\n');
  });
});

describe("books", () => {
  it("shows P&L, cash, capacity, share and contracts with changes since last quarter", () => {
    const prev = lab({ books: books({ revenue: 8e8, cash: 2.1e10 }) });
    const m = booksModel(view(), prev);
    expect(m.empty).toBe(false);
    const ids = m.sections.map((s) => s.id);
    expect(ids).toEqual(["pl", "cash", "capacity", "share"]);
    const rev = m.sections[0]!.rows.find((r) => r.id === "revenue")!;
    expect(rev.value).toBe("$1.00B");
    expect(rev.delta?.sign).toBe("up");
    const cash = m.sections[1]!.rows.find((r) => r.id === "cash")!;
    expect(cash.delta?.sign).toBe("down");
    const share = m.sections[3]!.rows[0]!;
    expect(share.value).toBe("54.0%");
    expect(share.delta?.text).toBe("▲ +2.0 pp");
    // quarter 3 (2027Q1) is being decided: the contract runs 2026Q3–2028Q2, its last six quarters to come
    expect(m.contracts).toEqual([
      {
        id: "c1",
        counterparty: "Cloudco",
        direction: "buy",
        volume: "100M GPU-h/q",
        price: "$2.20/GPU-h",
        term: "2026Q3–2028Q2",
        status: "6 quarters left",
      },
    ]);
    expect(m.outlook).toBeNull();
  });
  it("warns a lab whose contracted compute falls within a new contract's lead time, naming the contract and when a new one starts", () => {
    const c = (id: string, startQuarter: number, endQuarter: number, gpuHoursPerQuarter = 1e8) => ({
      id,
      lab: "frontier",
      provider: "cloud",
      gpuHoursPerQuarter,
      price: 2.2,
      startQuarter,
      endQuarter,
    });
    // classroom's rules: a hyperscaler's contract starts two quarters after it is signed
    const at = (ownContracts: ReturnType<typeof c>[]) => booksModel(view({ ownContracts }));
    // half the hours end after quarter 4 (2027Q2): deciding quarter 3, a contract signed now starts in quarter 5
    const m = at([c("c1", 1, 8), c("c2", 1, 4)]);
    expect(m.outlook).toBe(
      "Your contracts deliver 200M GPU-h a quarter now and 100M GPU-h from 2027Q3, as your contract with Cloudco ends. A contract signed this quarter starts delivering in 2027Q3: sign one now, or bid for spot hours.",
    );
    expect(m.contracts.map((x) => x.status)).toEqual(["6 quarters left", "2 quarters left"]);
    // a lapse beyond the lead time is not yet a warning, nor is a small one, nor a new contract starting
    expect(at([c("c1", 1, 8), c("c2", 1, 5)]).outlook).toBeNull();
    expect(at([c("c1", 1, 8), c("c2", 1, 3, 2e7)]).outlook).toBeNull();
    expect(at([c("c1", 1, 3), c("c2", 4, 9)]).outlook).toBeNull();
    // everything ends after this quarter
    expect(at([c("c1", 1, 3)]).outlook).toMatch(
      /^Your contracts deliver 100M GPU-h a quarter now and 0 GPU-h from 2027Q2, as your contract with Cloudco ends\./,
    );
    expect(at([c("c1", 4, 9)]).contracts[0]!.status).toBe("starts 2027Q2");
    // a neocloud that signs sooner is named; a hyperscaler's contract is not for a lab's outlook
    const neo = view({ ownContracts: [c("c1", 1, 3)] });
    neo.actors = neo.actors.map((a) => (a.id === "cloud" ? { ...a, facts: { ...a.facts, neocloud: true } } : a));
    neo.rules = { ...neo.rules, orders: { ...neo.rules.orders, contractLeadQuarters: 2, neocloudLeadQuarters: 1 } };
    expect(booksModel(neo).outlook).toMatch(/starts delivering in 2027Q3 with a hyperscaler, 2027Q2 with a neocloud:/);
  });
  it("falls back to public history deltas without a previous state", () => {
    const m = booksModel(view(), null);
    const rev = m.sections[0]!.rows.find((r) => r.id === "revenue")!;
    expect(rev.delta).not.toBeNull();
    const rnd = m.sections[0]!.rows.find((r) => r.id === "rnd")!;
    expect(rnd.delta).toBeNull();
  });
  it("shows a quarter's flows as no figure before the first quarter, and no change from zero in it", () => {
    // the opening books hold last quarter's revenue and the balance sheet; costs, income and tokens start at zero
    const opening = lab({
      books: books({ revenue: 8e8, costOfRevenue: 0, grossMargin: 0, rnd: 0, operatingIncome: 0, netIncome: 0, fcf: 0, capex: 0 }),
    });
    const rowsOf = (m: ReturnType<typeof booksModel>) => Object.fromEntries(m.sections.flatMap((s) => s.rows).map((r) => [r.id, r]));
    const before = rowsOf(booksModel(view({ quarter: 0, history: [], own: opening }), null));
    expect(before.revenue!.value).toBe("$800M");
    expect(before.cash!.value).not.toBe("–");
    for (const id of ["costOfRevenue", "grossMargin", "netIncome", "fcf", "tokensServed"]) expect(before[id]!.value).toBe("–");
    const first = rowsOf(booksModel(view({ quarter: 1 }), opening));
    expect(first.revenue!.delta?.sign).toBe("up");
    expect(first.cash!.delta).not.toBeNull();
    for (const id of ["costOfRevenue", "grossMargin", "netIncome", "fcf", "tokensServed"]) {
      expect(first[id]!.value).not.toBe("–");
      expect(first[id]!.delta).toBeNull();
    }
    // from the second quarter on a flow changes from the quarter before
    expect(rowsOf(booksModel(view({ quarter: 2 }), opening)).netIncome!.delta).not.toBeNull();
  });
  it("shows no loan rate for a quarter without debt, and no change to or from it", () => {
    const model = (loanRate: number, prevRate: number, debt = 0) =>
      booksModel(view({ own: lab({ books: books({ loanRate, debt }) }) }), lab({ books: books({ loanRate: prevRate }) }));
    const rate = (loanRate: number, prevRate: number) =>
      model(loanRate, prevRate)
        .sections.flatMap((s) => s.rows)
        .find((r) => r.id === "loanRate")!;
    expect(rate(0, 0.08)).toMatchObject({ value: "–", delta: null });
    // a loan drawn during the quarter: no rate paid yet, and the books say why beside the debt
    const cashNote = (loanRate: number, debt: number) => model(loanRate, 0, debt).sections.find((s) => s.id === "cash")!.note;
    expect(cashNote(0, 25e9)).toBe(
      "The $25.0B of debt was drawn during the quarter: it pays interest from next quarter, at the rate lenders then ask.",
    );
    expect(cashNote(0, 0)).toBeUndefined();
    expect(cashNote(0.102, 25e9)).toBeUndefined();
    expect(rate(0.102, 0)).toMatchObject({ value: "10.2%", delta: null });
    expect(rate(0.102, 0.08)!.delta?.text).toBe("▲ +2.2 pp");
  });
  it("gives a spectator no private books", () => {
    const m = booksModel(view({ seat: null, role: null, own: null, ownContracts: [] }));
    expect(m.empty).toBe(true);
    expect(m.sections).toEqual([]);
  });
});

describe("orders", () => {
  it("shows the lab's current values with units and ranges", () => {
    const f = orderForm(view())!;
    expect(f.quarter).toBe(3);
    const fields = Object.fromEntries(f.groups.flatMap((g) => g.fields).map((x) => [x.id, x]));
    expect(fields["lab/setPrices:frontier.outputPrice"]).toMatchObject({ value: 25, unit: "$/MTok", min: 0 });
    expect(fields["lab/allocateCompute.training"]).toMatchObject({ value: 50, unit: "%", max: 100 });
    expect(fields["lab/signContract.provider"]?.options?.[0]?.value).toBe("cloud");
  });
  it("sends nothing when nothing changed", () => {
    const v = view();
    const f = orderForm(v)!;
    const b = buildOrders(v, initialValues(f));
    expect(b.orders).toEqual([]);
    expect(b.errors).toEqual({});
  });
  it("sends changed policies and non-zero actions, validated by the shared schema", () => {
    const v = view();
    const vals = initialValues(orderForm(v)!);
    vals["lab/setPrices:frontier.outputPrice"] = 20;
    vals["lab/allocateCompute.training"] = 40;
    vals["lab/allocateCompute.serving"] = 50;
    vals["lab/signContract.gpuHoursPerQuarter"] = 5e7;
    vals["finance/drawDebt.amount"] = 1e9;
    const b = buildOrders(v, vals);
    expect(b.errors).toEqual({});
    expect(b.orders).toEqual([
      { type: "lab/setPrices", tier: "frontier", inputPrice: 5, outputPrice: 20 },
      { type: "lab/allocateCompute", training: 0.4, serving: 0.5, internal: 0.1 },
      { type: "lab/signContract", provider: "cloud", gpuHoursPerQuarter: 5e7, quarters: 4 },
      { type: "finance/drawDebt", amount: 1e9 },
    ]);
    expect(b.summary[0]).toContain("$20/MTok out");
  });
  it("reports schema errors on the field that caused them", () => {
    const v = view();
    const vals = initialValues(orderForm(v)!);
    vals["lab/setPrices:frontier.inputPrice"] = -1;
    vals["lab/allocateCompute.training"] = 150;
    vals["lab/spotBid.maxPrice"] = "";
    const b = buildOrders(v, vals);
    expect(b.errors["lab/setPrices:frontier.inputPrice"]).toMatch(/At least 0/);
    expect(b.errors["lab/allocateCompute.training"]).toMatch(/At most 100/);
    expect(b.errors["lab/spotBid.maxPrice"]).toBe("Enter a number");
    expect(b.orders).toEqual([]);
  });
  it("has no form for spectators or a finished game", () => {
    expect(orderForm(view({ own: null, seat: null }))).toBeNull();
    expect(orderForm(view({ finished: true }))).toBeNull();
  });
});

describe("news", () => {
  it("puts shocks first and hides other seats' private events", () => {
    const signed = { kind: "contract/signed", gpuHours: 1e9, asked: 1e9, price: 2.5, startQuarter: 3, leadQuarters: 1 } as const;
    const events: GameEvent[] = [
      { kind: "model/released", quarter: 2, lab: "open", model: "openmid", name: "OpenMid", capability: 50, gain: 2, phased: false },
      {
        kind: "shock/fired",
        quarter: 2,
        shock: "model-ban",
        title: "Frontier model suspended",
        news: "The government suspends Fable 5.",
        targets: [],
        duration: 1,
      },
      { ...signed, quarter: 2, seat: "open", lab: "open", provider: "secret-cloud" },
      { ...signed, quarter: 2, seat: "frontier", lab: "frontier", provider: "cloud" },
      { kind: "shock/fired", quarter: 1, shock: "old", title: "old", news: "old", targets: [], duration: 1 },
    ];
    const m = newsModel(view(), events, 2);
    expect(m.items.map((i) => i.kind)).toEqual(["shock", "private", "company"]);
    expect(m.items[0]!.headline).toBe("Frontier model suspended");
    expect(m.items.some((i) => i.text.includes("secret") || i.headline.includes("secret"))).toBe(false);
    expect(m.title).toBe("News · 2026Q4");
  });

  it("says whose contract was declined, for how many hours", () => {
    const e: GameEvent = {
      kind: "contract/declined",
      quarter: 5,
      seat: "frontier",
      lab: "frontier",
      provider: "cloud",
      gpuHoursAsked: 1.62e9,
    };
    expect(describeEvent(e, (id) => id).headline).toBe("cloud declined frontier's contract for 1.62B GPU-hours a quarter");
  });

  it("says what accelerators waiting for power need", () => {
    const e: GameEvent = { kind: "power/constrained", quarter: 2, seat: "cloud", company: "cloud", unitsWaiting: 9315 };
    expect(describeEvent(e, (id) => id).text).toMatch(/no GPU-hours until data-centre power is built/);
  });

  it("says why a contract was delivered short, and what the lab pays for", () => {
    const e: GameEvent = { kind: "compute/shortfall", quarter: 2, seat: "frontier", lab: "frontier", provider: "cloud", share: 0.835 };
    const w = describeEvent(e, (id) => id);
    expect(w.headline).toBe("cloud delivered 84% of frontier's contract");
    expect(w.text).toBe("Its capacity fell short of the hours it had contracted; every contract got 84%, paid for only as delivered.");
  });

  it("says whether a company's cash covered the debt its lenders would not roll", () => {
    const short = (repaid: number, fromCash: number): GameEvent => ({
      kind: "finance/refinancingShort",
      quarter: 2,
      company: "open",
      repaid,
      fromCash,
    });
    const texts = [short(1e9, 1e9), short(1e9, 4e8), short(1e9, 0)].map((e) => newsModel(view(), [e], 2).items[0]!.text);
    expect(texts[0]).toBe("It repaid that from cash.");
    expect(texts[1]).toMatch(/covered only \$400(\.0)?M of it/);
    expect(texts[2]).toBe("It had no cash to repay it with.");
    // only a shortfall its cash could not meet is worth a line in the game's summary
    const notable = [short(1e9, 1e9), short(1e9, 4e8)].map((e) => describeEvent(e, (id) => id).notable);
    expect(notable).toEqual([false, true]);
  });
});

describe("world", () => {
  it("lays out the supply chain left to right with flows and the own node marked", () => {
    const m = worldModel(view());
    const col = (id: string) => m.nodes.find((n) => n.id === id)!.column;
    expect([col("foundry"), col("chip"), col("cloud"), col("frontier"), col("acme"), col("economy")]).toEqual([0, 1, 2, 3, 4, 4]);
    expect(m.nodes.find((n) => n.own)?.id).toBe("frontier");
    expect(m.edges.some((e) => e.kind === "wafers" && e.from === "foundry" && e.to === "chip")).toBe(true);
    expect(m.edges.some((e) => e.kind === "tokens" && e.from === "frontier")).toBe(true);
    for (const e of m.edges) expect(e.width).toBeGreaterThanOrEqual(1);
    const big = m.nodes.find((n) => n.id === "chip")!;
    const small = m.nodes.find((n) => n.id === "open")!;
    expect(big.r).toBeGreaterThan(small.r);
  });
  it("shows a ban where it strikes: the lab greyed with a stamp and its token flows cut", () => {
    const v = view();
    v.models[0]!.banned = true;
    v.world.activeShocks = [{ shock: "model-ban", title: "Frontier model suspended", untilQuarter: 3 }];
    const m = worldModel(v);
    const fr = m.nodes.find((n) => n.id === "frontier")!;
    expect(fr.banned).toBe(true);
    expect(fr.stamp).toBe("BANNED");
    expect(m.edges.filter((e) => e.from === "frontier" && e.kind === "tokens").every((e) => e.volume === 0)).toBe(true);
    expect(m.summary.join(" ")).toContain("Frontier model suspended");
  });
  it("narrows the foundry's outflow in a wafer shortage", () => {
    const v = view();
    v.world.activeShocks = [{ shock: "wafer-shortage", title: "Wafer shortage", untilQuarter: 5 }];
    const m = worldModel(v);
    expect(m.nodes.find((n) => n.id === "foundry")!.shocks).toEqual(["Wafer shortage"]);
    expect(m.edges.filter((e) => e.kind === "wafers").every((e) => e.constrained)).toBe(true);
  });
  it("says a foundry short of wafers is ordered past its capacity, never more than all of it used", () => {
    const v = view();
    expect(worldModel(v).nodes.find((n) => n.id === "foundry")!.sub).toMatch(/ 95\.0% used$/);
    v.world.foundryUtilization = 1.209;
    expect(worldModel(v).nodes.find((n) => n.id === "foundry")!.sub).toMatch(/ 120\.9% of it ordered$/);
  });
});

describe("charts", () => {
  it("builds each chart with a table twin and CSV", () => {
    const cs = chartsModel(view());
    const ids = cs.map((c) => c.id);
    for (const id of [
      "token-price",
      "fixed-capability",
      "cost-per-task",
      "gpu-hour",
      "capex",
      "utilisation",
      "margins",
      "shares",
      "value-created",
      "value-of-work",
    ])
      expect(ids).toContain(id);
    expect(
      cs
        .find((c) => c.id === "value-of-work")!
        .csv.split("\n")
        .slice(0, 2),
    ).toEqual(["quarter,label,Value of a task [idx]", "1,2026Q3,1"]);
    const cpt = cs.find((c) => c.id === "cost-per-task")!;
    expect(cpt.series.map((s) => s.label)).toEqual(["Coding", "Support"]);
    expect(cpt.table.rows.length).toBe(2);
    expect(cpt.csv.split("\n")[0]).toBe("quarter,label,Coding [$],Support [$]");
    expect(cpt.csv.split("\n")[1]).toBe("1,2026Q3,0.5,0.1");
  });
  it("shows no private margins to spectators", () => {
    const cs = chartsModel(view({ seat: null, own: null }));
    expect(cs.some((c) => c.id === "margins")).toBe(false);
  });
});

describe("ranking", () => {
  it("ranks companies by TSR and says what drove it", () => {
    const m = rankingModel(view({ finished: true }));
    expect(m.companies.map((r) => r.id)).toEqual(["frontier", "chip", "cloud", "open"]);
    expect(m.companies[0]).toMatchObject({ rank: 1, own: true, score: "+20.0% TSR" });
    expect(m.companies[0]!.drivers.join(" ")).toContain("revenue $1.00B → $2.00B a quarter (+100%)");
    // a fall with a minus sign, a lab's token share as a share
    expect(driverText({ kind: "revenue", from: 2e9, to: 1.5e9 })).toBe("revenue $2.00B → $1.50B a quarter (−25%)");
    expect(driverText({ kind: "tokenShare", share: 0.605 })).toBe("60.5% share of tokens served");
    expect(m.enterprises.map((r) => r.id)).toEqual(["acme"]);
    expect(m.title).toMatch(/^Final ranking/);
  });
});

describe("room metadata and lobby", () => {
  const state = {
    phase: "lobby",
    quarter: 0,
    quarters: 8,
    gameId: "K7M2QX",
    title: "Classroom",
    deadline: 0,
    spectators: 1,
    seats: {
      frontier: {
        id: "frontier",
        role: "lab",
        name: "Frontier Lab",
        controller: "human",
        connected: true,
        submitted: false,
        members: ["Ana"],
      },
      open: { id: "open", role: "lab", name: "Open Lab", controller: "bot", connected: false, submitted: false, members: [] },
      cloud: {
        id: "cloud",
        role: "hyperscaler",
        name: "Cloudco",
        controller: "human",
        connected: true,
        submitted: true,
        members: ["Bo", "Cy"],
      },
    },
  };
  it("reads the synced state", () => {
    const m = readMeta(state);
    expect(m.code).toBe("K7M2QX");
    expect(m.seats.map((s) => [s.id, s.connected, s.players.length])).toEqual([
      ["frontier", 1, 1],
      ["open", 0, 0],
      ["cloud", 1, 2],
    ]);
  });
  it("groups seats by role with humans, teams and bots", () => {
    const l = lobbyModel(readMeta(state), "frontier", true);
    expect(l.codeSpaced).toBe("K7M 2QX");
    expect(l.groups.map((g) => g.role)).toEqual(["hyperscaler", "lab"]);
    const rows = l.groups.flatMap((g) => g.seats);
    expect(rows.map((r) => [r.id, r.status])).toEqual([
      ["cloud", "team"],
      ["frontier", "human"],
      ["open", "bot"],
    ]);
    expect(rows.find((r) => r.id === "frontier")!.own).toBe(true);
    expect(l.canStart).toBe(true);
    expect(lobbyModel(readMeta(state), null, false).canStart).toBe(false);
  });
  it("says how many of a team are online, not only whether anyone is", () => {
    const people = {
      a: { id: "a", name: "Ana", seat: "frontier", connected: true },
      b: { id: "b", name: "Bo", seat: "cloud", connected: true },
      c: { id: "c", name: "Cy", seat: "cloud", connected: false },
      d: { id: "d", name: "Di", seat: "", connected: true },
    };
    const m = readMeta({ ...state, people });
    expect(["frontier", "cloud", "open"].map((s) => seatOnline(m, s))).toEqual(["● 1 of 1", "● 1 of 2", "–"]);
    expect(seatOnline(readMeta({ ...state, people: { ...people, b: { ...people.b, connected: false } } }), "cloud")).toBe("○ 0 of 2");
  });
  it("marks a seat whose company was in distress last quarter, not one that failed or recovered", () => {
    const at = (distressed: number, failed = 0) => ({
      history: [{ actors: { lab: { distressed: 1, failed: 0 } } }, { actors: { lab: { distressed, failed } } }],
    });
    expect(inDistress(at(1), "lab")).toBe(true);
    expect(inDistress(at(0), "lab")).toBe(false);
    expect(inDistress(at(1, 1), "lab")).toBe(false);
    expect(inDistress(at(1), "other")).toBe(false);
    expect(inDistress(null, "lab")).toBe(false);
  });
  it("counts the timer down", () => {
    const m = readMeta({ ...state, phase: "playing", deadline: 100_000 });
    expect(timerModel(m, 10_000)).toMatchObject({ text: "1:30", urgent: false });
    expect(timerModel(m, 95_000)).toMatchObject({ text: "0:05", urgent: true });
    expect(timerModel({ ...m, paused: true }, 0).text).toBe("paused");
  });
});

describe("host shock parameters", () => {
  it("parses key=value overrides", () => {
    expect(parseParams("duration=2, effects.0.multiplier=0.6, x=true")).toEqual({ duration: 2, "effects.0.multiplier": 0.6, x: true });
    expect(parseParams("")).toEqual({});
    expect(parseParams("oops")).toMatch(/not key=value/);
  });
});
