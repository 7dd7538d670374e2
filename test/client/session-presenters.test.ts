/**
 * The presenters behind a class's session: the shared draft in the order form, what a member's
 * submission sends, seats in the lobby, the projector's seat list, one quarter wording, the
 * resolution moment, and the text fixes (shocks in force once, units, log-scale axes).
 */
import { describe, expect, it } from "vitest";
import { draftModel } from "../../client/presenters/draft.ts";
import { delta, logTickLabels } from "../../client/presenters/format.ts";
import { lobbyModel, quarterWords, type RoomMeta, readMeta, timerModel } from "../../client/presenters/meta.ts";
import { newsModel } from "../../client/presenters/news.ts";
import { buildOrders, groupKeys, initialValues, moneyEcho, orderForm, placeOrder, rangeText } from "../../client/presenters/orders.ts";
import { submissionsModel } from "../../client/presenters/projector.ts";
import { resolutionModel } from "../../client/presenters/resolution.ts";
import { createGame, type DraftMessage, isNameGivenFor, loadScenario, type Order, playerView, resolveTurn } from "../../shared/index.ts";

const state = createGame(loadScenario("classroom"), 3);
const helix = playerView(state, "helix");

function draft(over: Partial<DraftMessage> = {}): DraftMessage {
  return { seat: "helix", quarter: 1, submitted: true, pending: [], changes: [], editing: [], ...over };
}

describe("the order form over a team's shared draft", () => {
  const frontier: Order = { type: "lab/setPrices", tier: "frontier", inputPrice: 4, outputPrice: 25 };

  it("places a mate's pending order in the fields it fills, with who set it", () => {
    expect(placeOrder(helix, frontier)).toEqual({
      groupId: "lab/setPrices:frontier",
      values: { "lab/setPrices:frontier.inputPrice": 4, "lab/setPrices:frontier.outputPrice": 25 },
    });
    const split = placeOrder(helix, { type: "lab/allocateCompute", training: 0.5, serving: 0.4, internal: 0.1 });
    expect(split).toEqual({
      groupId: "lab/allocateCompute",
      values: { "lab/allocateCompute.training": 50, "lab/allocateCompute.serving": 40, "lab/allocateCompute.internal": 10 },
    });
    // a group whose merge key is one of its fields (the provider) shows the order's value there
    const contract = placeOrder(helix, { type: "lab/signContract", provider: "stratus", gpuHoursPerQuarter: 5e6, quarters: 6 });
    expect(contract).toEqual({
      groupId: "lab/signContract",
      values: { "lab/signContract.provider": "stratus", "lab/signContract.gpuHoursPerQuarter": 5e6, "lab/signContract.quarters": 6 },
    });
    const m = draftModel(
      helix,
      draft({ pending: [{ key: "lab/setPrices:frontier", orders: [frontier], by: "Chen", memberId: "mc", at: 1 }] }),
      "md",
    );
    expect(m.values["lab/setPrices:frontier.outputPrice"]).toBe(25);
    expect(m.pending).toMatchObject([{ by: "Chen", mine: false, groupId: "lab/setPrices:frontier" }]);
    expect(m.notes.get("lab/setPrices:frontier")).toEqual([
      { kind: "pending", text: expect.stringMatching(/^Pending, set by Chen: Price frontier tokens/) },
    ]);
  });

  it("flags the same field edited by two people before either submits", () => {
    const pending = [{ key: "lab/setPrices:frontier", orders: [frontier], by: "Chen", memberId: "mc", at: 1 }];
    const m = draftModel(helix, draft({ pending }), "md", new Set(["lab/setPrices:frontier"]));
    expect(m.notes.get("lab/setPrices:frontier")![0]).toMatchObject({
      kind: "conflict",
      text: expect.stringMatching(/Yours replaces it when you submit/),
    });
    // my own edits keep my values: the mate's are not pushed into a group I edited
    expect(m.values["lab/setPrices:frontier.outputPrice"]).toBeUndefined();
    const editing = draftModel(helix, draft({ editing: [{ memberId: "mc", name: "Chen", orders: [frontier], remove: [], at: 2 }] }), "md");
    expect(editing.notes.get("lab/setPrices:frontier")![0]!.text).toMatch(/^Chen is editing this/);
    expect(editing.editing).toEqual([{ name: "Chen", texts: [expect.stringMatching(/frontier/)] }]);
  });

  it("a member's submission sends only what they edited; an emptied action removes the pending one", () => {
    const form = orderForm(helix)!;
    const values = initialValues(form);
    values["lab/setPrices:frontier.outputPrice"] = 31;
    values["finance/raiseEquity.amount"] = 0;
    const built = buildOrders(helix, values, {
      dirty: new Set(["lab/setPrices:frontier", "finance/raiseEquity"]),
      pending: new Set(["lab/investEfficiency", "finance/raiseEquity"]),
    });
    expect(built.orders).toEqual([
      { type: "lab/setPrices", tier: "frontier", inputPrice: values["lab/setPrices:frontier.inputPrice"], outputPrice: 31 },
    ]);
    expect(built.remove).toEqual(["finance/raiseEquity"]);
    // a group edited back to its standing value is still sent when a mate has an order pending there
    const back = buildOrders(helix, initialValues(form), {
      dirty: new Set(["lab/investEfficiency"]),
      pending: new Set(["lab/investEfficiency"]),
    });
    expect(back.orders.map((o) => o.type)).toEqual(["lab/investEfficiency"]);
    expect(buildOrders(helix, initialValues(form), { dirty: new Set(["lab/investEfficiency"]), pending: new Set() }).orders).toEqual([]);
    // each group sends under one merge key; where the key is a field, under the field's value
    expect(groupKeys(helix).get("finance/raiseEquity")).toEqual(["finance/raiseEquity"]);
    expect(groupKeys(helix).get("lab/setPrices:mid")).toEqual(["lab/setPrices:mid"]);
    expect(groupKeys(helix, { "lab/signContract.provider": "stratus" }).get("lab/signContract")).toEqual(["lab/signContract:stratus"]);
  });

  it("shows money with its unit and a range in words", () => {
    const f = orderForm(helix)!.groups.find((g) => g.id === "lab/investEfficiency")!.fields[0]!;
    expect(moneyEcho(f, 500000000)).toBe("$500M per quarter");
    expect(rangeText(f)).toBe("at least $0 per quarter");
    const pct = orderForm(helix)!.groups.find((g) => g.id === "lab/allocateCompute")!.fields[0]!;
    expect(rangeText(pct)).toBe("0 to 100 %");
    expect(moneyEcho(pct, 40)).toBeNull();
  });
});

const meta = (over: Partial<RoomMeta> = {}): RoomMeta =>
  readMeta({
    phase: "playing",
    quarter: 1,
    quarters: 8,
    gameId: "ABC234",
    teamCap: 2,
    seats: {
      helix: { id: "helix", role: "lab", name: "Helix", controller: "human", connected: true, submitted: false, members: ["Chen", "Dana"] },
      meridian: { id: "meridian", role: "lab", name: "Meridian", controller: "bot", members: [], failed: true },
      stratus: { id: "stratus", role: "hyperscaler", name: "Stratus", controller: "bot", members: ["Bo"], botFor: "Bo" },
      vector: { id: "vector", role: "chipmaker", name: "Vector", controller: "bot", members: [], locked: true },
      codeworks: { id: "codeworks", role: "enterprise", name: "Codeworks", controller: "human", members: ["Ana"], submitted: true },
    },
    people: { m1: { id: "m1", name: "Ms K", seat: "", connected: true, host: true } },
    ...over,
  });

describe("joining again under one's own name", () => {
  it("is the saved member: the same name, or the number the game gave it; never a longer or other name", () => {
    expect(isNameGivenFor("Bo", " bo ")).toBe(true);
    expect(isNameGivenFor("Sam (2)", "Sam")).toBe(true);
    expect(isNameGivenFor("Sam (2)", "Sam (2)")).toBe(true);
    expect(isNameGivenFor("Sam (2)", "Samuel")).toBe(false);
    expect(isNameGivenFor("Sam", "Samuel")).toBe(false);
    expect(isNameGivenFor("Bo", "Ana")).toBe(false);
    // a 32-character name given a number was cut to fit it: the full name typed again is the same member
    expect(isNameGivenFor("Team Rocket: Ana, Bo and Cha (2)", "Team Rocket: Ana, Bo and Charlie")).toBe(true);
    // a short name that only starts the same is not
    expect(isNameGivenFor("Team Rocket (2)", "Team Rocket B")).toBe(false);
  });
});

describe("seats, the projector, the quarter's wording", () => {
  it("the lobby says who is in each seat and whether it may be taken", () => {
    const rows = lobbyModel(meta(), null, false).groups.flatMap((g) => g.seats);
    const by = Object.fromEntries(rows.map((r) => [r.id, r]));
    expect(by.helix).toMatchObject({ status: "team", canTake: false, action: "Team full (2)", who: "Chen, Dana" });
    expect(by.meridian).toMatchObject({ status: "failed", canTake: false, action: "Failed" });
    expect(by.stratus).toMatchObject({ who: "bot playing for Bo", canTake: true, action: "Join this team" });
    expect(by.vector).toMatchObject({ locked: true, canTake: false, action: "Locked by the host" });
    expect(by.codeworks).toMatchObject({ canTake: true, action: "Join this team" });
  });

  it("the projector never shows a failed company as thinking, and names the bot's player", () => {
    const m = submissionsModel(meta());
    const by = Object.fromEntries(m.rows.map((r) => [r.id, r]));
    expect(by.meridian).toMatchObject({ state: "failed", text: "✕ failed" });
    expect(by.stratus).toMatchObject({ state: "bot", who: "bot playing for Bo" });
    expect(m.headline).toBe("1 of 2 seats submitted");
  });

  it("names the quarter one way everywhere, and warns in the last ten seconds", () => {
    expect(quarterWords(0, 8, { label: "2026Q3" })).toBe("Quarter 1 of 8 · 2026Q3");
    expect(quarterWords(8, 8)).toBe("Quarter 8 of 8");
    expect(quarterWords(8, 8, { finished: true })).toBe("Final · 8 quarters played");
    expect(quarterWords(3, 8, { finished: true })).toBe("Final · 3 of 8 quarters played");
    const m = meta({ deadline: 1_000_000 });
    expect(timerModel(m, 1_000_000 - 11_000)).toMatchObject({ urgent: false, text: "0:11" });
    expect(timerModel(m, 1_000_000 - 9_000)).toMatchObject({ urgent: true, text: "0:09" });
    expect(timerModel(meta({ deadline: 0 }), 0).text).toBe("no timer");
  });
});

describe("text", () => {
  it("lists a shock with several effects in force once", () => {
    const v = {
      ...helix,
      world: {
        ...helix.world,
        activeShocks: [
          { id: "wafer-shortage", title: "Wafer shortage", untilQuarter: 5 },
          { id: "wafer-shortage", title: "Wafer shortage", untilQuarter: 6 },
        ],
      },
    } as unknown as typeof helix;
    expect(newsModel(v, []).activeShocks).toEqual([{ title: "Wafer shortage", until: "until quarter 6" }]);
  });

  it("words a data-centre build with its unit and region", () => {
    const stratus = playerView(state, "stratus");
    const m = newsModel(stratus, [{ kind: "power/buildStarted", quarter: 0, seat: "stratus", company: "stratus", mw: 200, region: "us" }]);
    expect(m.items[0]!.headline).toBe("Stratus Cloud started building 200 MW in the US");
  });

  it("labels a log axis without crowding, and calls a change under 0.05 pp none", () => {
    expect(logTickLabels([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 20, 30, 100, 200], "")).toEqual([
      "1.00",
      "",
      "",
      "",
      "",
      "",
      "",
      "",
      "",
      "10.0",
      "",
      "",
      "100",
      "",
    ]);
    expect(logTickLabels([2, 3, 4, 5, 6, 7, 8, 9, 10, 20], "")).toEqual(["2.00", "", "", "5.00", "", "", "", "", "10.0", "20.0"]);
    expect(logTickLabels([3, 4], "")).toEqual(["3.00", "4.00"]);
    expect(delta(0.384, 0.38403, "%")).toMatchObject({ sign: "flat", text: "■ ±0.0 pp" });
  });

  it("the resolution moment says how the quarter resolved, what changed for the seat, and the headlines", () => {
    const r = resolveTurn(state, {});
    const after = playerView(r.state, "helix");
    const m = resolutionModel(after, helix.own, r.events, "timer");
    expect(m.title).toBe(`${after.history.at(-1)!.label} resolved`);
    expect(m.how).toBe("Resolved because the timer ran out.");
    expect(m.figures.map((f) => f.id)).toEqual(["revenue", "netIncome", "cash", "valuation"]);
    // the first quarter changes revenue and the balance sheet from the opening books; net income had no figure before it
    const changed = Object.fromEntries(m.figures.map((f) => [f.id, f.delta !== null]));
    expect(after.quarter).toBe(1);
    expect(changed).toEqual({ revenue: true, netIncome: false, cash: true, valuation: true });
    expect(m.headlines.length).toBeLessThanOrEqual(3);
  });
});
