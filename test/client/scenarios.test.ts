import { describe, expect, it } from "vitest";
import { oneLine, scenarioChoice } from "../../client/presenters/scenarios.ts";
import { loadScenario, SCENARIO_IDS } from "../../shared/index.ts";

describe("scenario picker", () => {
  it("gives every scenario a title, length, seats and one line", () => {
    for (const id of SCENARIO_IDS) {
      const s = loadScenario(id);
      const c = scenarioChoice({ id, title: s.title, description: s.description, quarters: s.quarters, actors: s.actors });
      expect(c.title).toBe(s.title);
      expect(c.facts).toBe(`${s.quarters} quarters · ${s.actors.length} seats`);
      expect(c.line.length).toBeGreaterThan(10);
      expect(c.line.length).toBeLessThanOrEqual(110);
      expect(c.line).not.toMatch(/\n/);
    }
    const cls = loadScenario("classroom");
    const c = scenarioChoice({
      id: "classroom",
      title: cls.title,
      description: cls.description,
      quarters: cls.quarters,
      actors: cls.actors,
    });
    expect(c.seats).toBe("2 AI labs, 2 hyperscalers, 1 chipmaker, 2 enterprises");
  });
  it("keeps the first sentence and cuts long ones at a word", () => {
    expect(oneLine("First one. Second one.")).toBe("First one.");
    expect(oneLine(`${"word ".repeat(60)}end.`, 40)).toMatch(/^word( word)*…$/);
  });
});
