import { describe, expect, it } from "vitest";
import { readMeta } from "../../client/presenters/meta.ts";
import { indicatorsModel, projectorNews, publicPicture, submissionsModel } from "../../client/presenters/projector.ts";
import { view } from "./fixture.ts";

describe("projector", () => {
  it("puts no seat's books on the wall, even when the host plays a seat", () => {
    const v = view();
    expect(v.own).not.toBeNull();
    const p = publicPicture(v);
    expect(p.own).toBeNull();
    expect(p.seat).toBeNull();
    expect(p.ownContracts).toEqual([]);
    expect(p.ownModels).toEqual([]);
    for (const h of p.history) for (const a of Object.values(h.actors)) expect([a.cash, a.fcf, a.grossMargin]).toEqual([0, 0, 0]);
    // the public figures stay
    expect(p.history.at(-1)!.actors.frontier!.revenue).toBe(v.history.at(-1)!.actors.frontier!.revenue);
  });

  it("shows the market indicators with a unit and a signed change", () => {
    const ind = indicatorsModel(view());
    expect(ind.map((i) => i.id)).toEqual(["token-price", "gpu-hour", "gpu-util", "capex", "api-spend", "value"]);
    const gpu = ind.find((i) => i.id === "gpu-hour")!;
    expect(gpu.value).toMatch(/^\$[\d.]+\/GPU-h$/);
    expect(gpu.figure).toMatch(/^\$[\d.]+$/);
    expect(gpu.unit).toBe("per GPU-h");
    expect(ind.every((i) => i.delta !== null)).toBe(true);
    // before the first quarter: no history, no change
    const first = indicatorsModel(view({ history: [] }));
    expect(first.find((i) => i.id === "token-price")!.value).toBe("–");
    expect(first.every((i) => i.delta === null)).toBe(true);
  });

  it("says who has submitted, in words, waiting seats first and bots apart", () => {
    const meta = readMeta({
      phase: "playing",
      quarter: 1,
      gameId: "K7M2QX",
      seats: {
        a: { id: "a", role: "lab", name: "Alpha", controller: "human", connected: true, submitted: true, members: ["Ana"] },
        b: { id: "b", role: "lab", name: "Beta", controller: "human", connected: true, submitted: false, members: ["Bo"] },
        c: { id: "c", role: "hyperscaler", name: "Cloud", controller: "bot", connected: false, submitted: true, members: [] },
      },
    });
    const m = submissionsModel(meta);
    expect(m.headline).toBe("1 of 2 seats submitted");
    expect(m.rows.map((r) => [r.id, r.state, r.text])).toEqual([
      ["b", "waiting", "… thinking"],
      ["a", "in", "✓ in"],
      ["c", "bot", "bot"],
    ]);
    expect(submissionsModel(null).rows).toEqual([]);
  });

  it("keeps private events off the projector", () => {
    const v = view();
    const n = projectorNews(v, [
      {
        quarter: v.quarter,
        kind: "shock/fired",
        shock: "wafer-shortage",
        title: "Wafer shortage",
        news: "Fabs are full.",
        targets: [],
        duration: 2,
      },
      { quarter: v.quarter, kind: "finance/debtDrawn", company: v.seat!, amount: 1e9, seat: v.seat! },
    ]);
    expect(n.items.map((i) => i.headline)).toEqual(["Wafer shortage"]);
  });
});
