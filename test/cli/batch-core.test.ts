import { describe, expect, it } from "vitest";
import { runBatch } from "../../server/cli/batch.ts";
import { resolveSetup } from "../../server/cli/common.ts";
import { runSeed } from "../../server/cli/driver.ts";
import { metricsOf, runGame } from "../../shared/index.ts";

describe("batch runner (in process)", () => {
  it("run r plays seed + r - 1, exactly the game `sim run` plays", async () => {
    const setup = resolveSetup({ scenario: "base", quarters: "2", set: ["world.capital.rate=0.05"], shock: ["rate-hike@2"] });
    const batch = await runBatch({ setup, inputs: null, runs: 3, seed: 41, workers: 1, out: null });
    expect(runSeed(41, 2)).toBe(42);
    expect(runSeed(0xffffffff, 2)).toBe(0);
    const r2 = batch.writers[0]!.results[1]!;
    expect(r2.seed).toBe(42);
    const { state } = runGame({ scenario: setup.scenario, seed: 42, injected: setup.injected, quarters: 2 });
    const m = metricsOf(state);
    const ids = batch.writers[0]!.header.ids;
    expect(ids).toEqual(Object.keys(m));
    ids.forEach((id, i) => {
      for (let q = 0; q < 2; q++) {
        const v = r2.values[i * 2 + q]!;
        if (!Number.isNaN(v)) expect(v, `${id} q${q + 1}`).toBe(m[id]![q]);
        else expect(m[id]![q] === null || !Number.isFinite(m[id]![q] as number), `${id} q${q + 1}`).toBe(true);
      }
    });
    expect(batch.summary.set).toEqual([{ path: "world.capital.rate", value: 0.05 }]);
    expect(batch.summary.shocks).toEqual([{ shock: "rate-hike", quarter: 2 }]);
  });

  it("the metrics carry each buyer's API bill and the clouds' sentiment", () => {
    const setup = resolveSetup({ scenario: "base", quarters: "4", shock: ["rate-hike@3"] });
    const bills: Record<string, number[]> = {};
    const clouds: number[] = [];
    const { state } = runGame({
      scenario: setup.scenario,
      seed: 5,
      injected: setup.injected,
      quarters: 4,
      onQuarter: (st) => {
        clouds.push(st.capital.sentiment.clouds);
        for (let r = 0; r < st.firms.n; r++) {
          const id = st.companies.id[st.firms.company[r]!]!;
          bills[id] = [...(bills[id] ?? []), st.firms.spend[r]!];
        }
      },
    });
    const m = metricsOf(state);
    expect(Object.keys(bills).length).toBeGreaterThan(0);
    for (const [id, bill] of Object.entries(bills)) {
      expect(m[`actor.${id}.apiSpend`]).toEqual(bill);
      expect(
        bill.some((x) => x > 0),
        id,
      ).toBe(true);
    }
    for (let q = 0; q < 4; q++) {
      const buyers = Object.values(bills).reduce((s, b) => s + b[q]!, 0);
      expect(buyers).toBeLessThanOrEqual(m.apiSpend![q]! * (1 + 1e-9));
    }
    expect(m.cloudSentiment).toEqual(clouds);
    // the rate hike marks every sector down in its quarter
    expect(m.cloudSentiment![2]!).toBeLessThan(m.cloudSentiment![1]!);
    expect(m["actor.meridian.apiSpend"]).toBeUndefined();
  });

  it("worker threads give the same bands as the main thread", async () => {
    const setup = resolveSetup({ scenario: "classroom", quarters: "2" });
    const a = await runBatch({ setup, inputs: null, runs: 4, seed: 9, workers: 1, out: null });
    const b = await runBatch({ setup, inputs: null, runs: 4, seed: 9, workers: 3, out: null });
    expect(b.workers).toBe(3);
    expect(JSON.stringify(b.summary)).toBe(JSON.stringify(a.summary));
  });

  it("--set addresses array elements by id", () => {
    const setup = resolveSetup({ scenario: "base", set: ["actors.helix.books.cash=12345"] });
    const helix = setup.scenario.actors.find((a) => a.id === "helix")!;
    expect(helix.books.cash).toBe(12345);
  });
});
