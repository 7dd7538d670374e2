/**
 * The host's shock form (client/presenters/shock-form.ts) over a real game's view: a shock's
 * parameters as fields with the catalogue's values, targets as choices of the game's companies
 * of the role the effect needs, and only what the host changed sent as overrides, which the
 * engine's own check of a shock's parameters and targets accepts.
 */
import { describe, expect, it } from "vitest";
import { shockForm, shockOverrides } from "../../client/presenters/shock-form.ts";
import { createGame, loadScenario, playerView } from "../../shared/index.ts";
import { shockTargetIssues, shockWithParams, shockWorldOf } from "../../shared/scenario/shocks.ts";

const scenario = loadScenario("classroom");
const state = createGame(scenario, 1);
const view = playerView(state, null);
const roleOf = new Map(view.actors.map((a) => [a.id, a.role]));
const field = (shock: string, key: string) => shockForm(view, shock).find((f) => f.key === key)!;

describe("the host's shock form", () => {
  it("shows every parameter of the shock with the catalogue's value", () => {
    const f = shockForm(view, "capex-cut");
    expect(f.map((x) => x.key)).toEqual(["duration", "effects.0.target", "effects.0.multiplier"]);
    expect(f.map((x) => x.value)).toEqual(["4", "largest-hyperscaler", "0.5"]);
    expect(f.map((x) => x.input)).toEqual(["number", "select", "number"]);
    expect(f[2]!.label).toBe("Capex cap: multiplier");
    expect(shockForm(view, "no-such-shock")).toEqual([]);
  });

  it("offers as a target the catalogue's and the game's companies of the role the effect needs", () => {
    const cut = field("capex-cut", "effects.0.target").options!;
    expect(cut[0]).toEqual({ value: "largest-hyperscaler", label: "largest-hyperscaler (as the catalogue says)" });
    expect(cut.slice(1).every((o) => roleOf.get(o.value) === "hyperscaler")).toBe(true);
    expect(cut.length - 1).toBe(view.actors.filter((a) => a.role === "hyperscaler").length);
    // any company can fail
    expect(field("lab-insolvency", "effects.0.target").options!.length).toBe(view.actors.length + 1);
    const ban = field("model-ban", "effects.0.model").options!.map((o) => o.value);
    expect(ban).toContain("frontier-of:meridian");
    for (const m of view.models) expect(ban).toContain(m.id);
    expect(field("demand-surge", "effects.0.taskClass").options!.map((o) => o.value)).toEqual(view.taskClasses.map((k) => k.id));
  });

  it("shows every catalogue shock with its values among its choices, and sends nothing unchanged", () => {
    expect(view.catalogue.length).toBeGreaterThan(10);
    for (const c of view.catalogue) {
      const fields = shockForm(view, c.id);
      expect(fields.length, c.id).toBeGreaterThan(0);
      for (const f of fields)
        if (f.input === "select")
          expect(
            f.options!.map((o) => o.value),
            `${c.id} ${f.key}`,
          ).toContain(f.value);
      expect(shockOverrides(fields, Object.fromEntries(fields.map((f) => [f.key, f.value]))), c.id).toEqual({});
    }
  });

  it("sends only what the host changed, and the engine's own check accepts it", () => {
    const fields = shockForm(view, "lab-insolvency");
    const same = Object.fromEntries(fields.map((f) => [f.key, f.value]));
    expect(shockOverrides(fields, same)).toEqual({});
    const params = shockOverrides(fields, { ...same, "effects.0.target": "meridian" });
    expect(params).toEqual({ "effects.0.target": "meridian" });
    const spec = state.catalogue.find((c) => c.id === "lab-insolvency")!;
    expect(shockTargetIssues(shockWithParams(spec, params as Record<string, string>), shockWorldOf(scenario), "x")).toEqual([]);
    const cut = shockForm(view, "capex-cut");
    const values = Object.fromEntries(cut.map((f) => [f.key, f.value]));
    expect(shockOverrides(cut, { ...values, "effects.0.multiplier": "0.50" })).toEqual({});
    expect(shockOverrides(cut, { ...values, "effects.0.multiplier": "0.3", duration: "2" })).toEqual({
      duration: 2,
      "effects.0.multiplier": 0.3,
    });
    expect(shockOverrides(cut, { ...values, duration: "two" })).toBe('Duration (quarters; 0: once): "two" is not a number');
  });
});
