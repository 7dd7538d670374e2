/**
 * The accelerator orders placed before a mid-stream game (create-game.ts, startMidStream) are a
 * booking: until the cloud's team orders from that chipmaker itself, each quarter it takes what
 * the cloud's power ready for chips holds and its operations pay for (supply.ts, bookedShare).
 * A class whose cloud teams order nothing at first still buys its pipeline's chips, so the
 * chipmaker's second quarter is not empty, and a passive cloud buys no chips it cannot power or
 * pay for.
 */
import { describe, expect, it } from "vitest";
import type { GameState, HyperscalerState } from "../../shared/index.ts";
import { loadScenario, runGame } from "../../shared/index.ts";
import { actors, all, at, sim } from "../facts/helpers.ts";

/** A game in which the cloud teams send nothing for their first `quiet` quarters (bots elsewhere, and in theirs after). */
function quietClouds(scenario: string, seed: number, quiet: number, quarters: number): GameState[] {
  const states: GameState[] = [];
  runGame({
    scenario: loadScenario(scenario),
    seed,
    quarters,
    ordersFor: (seat, s) => (s.companies.role[s.companies.id.indexOf(seat)] === "hyperscaler" && s.quarter < quiet ? [] : undefined),
    onQuarter: (s) => states.push(s),
  });
  return states;
}

const revenue = (s: GameState, id: string) => s.history[s.history.length - 1]!.actors[id]!.revenue;
const cloud = (s: GameState, id: string) => actors(s)[id] as HyperscalerState;

describe("orders placed before the game are a booking that stands until the team orders", () => {
  it("a class whose clouds order nothing for two quarters still buys chips in the second (classroom and base)", () => {
    for (const seed of [1, 2, 3]) {
      const room = quietClouds("classroom", seed, 2, 3);
      // the first quarter's sales are the booking in full; the second's, the pipeline's chips
      expect(revenue(room[1]!, "vector"), `classroom seed ${seed}`).toBeGreaterThan(0.5 * revenue(room[0]!, "vector"));
      const world = quietClouds("base", seed, 2, 3);
      // the custom-ASIC maker's only buyer is its guarantor: its booking keeps it selling
      expect(revenue(world[1]!, "lattice"), `base seed ${seed}`).toBeGreaterThan(0.5 * revenue(world[0]!, "lattice"));
      expect(revenue(world[1]!, "vector"), `base seed ${seed}`).toBeGreaterThan(0.5 * revenue(world[0]!, "vector"));
    }
  });

  it("a passive cloud takes no chips its power cannot hold or its operations cannot pay for", () => {
    for (const seed of [1, 2, 3, 4]) {
      const states = quietClouds("classroom", seed, 99, 8);
      for (const s of states) {
        for (const id of ["stratus", "coreforge"]) {
          const h = cloud(s, id);
          const where = `seed ${seed}, quarter ${s.quarter}, ${id}`;
          // chips come at most a quarter ahead of their hall: none waits two quarters
          const waiting = h.warehouseUnits.reduce((t, w) => t + w.units * w.kwPerUnit, 0) / 1000;
          const building = h.pipeline.filter((b) => b.quartersLeft <= 1).reduce((t, b) => t + b.mw, 0);
          expect(waiting, where).toBeLessThanOrEqual(building + 1e-6);
          expect(s.history[s.history.length - 1]!.actors[id]!.distressed, where).toBe(0);
        }
      }
      // the pipeline runs out: once the halls being built are full, the booking buys little
      const last = states[states.length - 1]!;
      expect(revenue(last, "vector"), `seed ${seed}`).toBeLessThan(0.5 * revenue(states[0]!, "vector"));
    }
  });

  it("a neocloud with short-lived chips and its cash spent buys nothing on its booking while in distress", () => {
    const lives = [
      { path: "world.params.economicLifeYears", value: 3 },
      { path: "actors.coreforge.usefulLifeYears", value: 3 },
    ];
    const r = sim({ quarters: 6, sets: lives });
    const first = r.history[0]!.actors.coreforge!;
    expect(first.distressed).toBe(1);
    // in the quarter after, it buys only what its builds in progress cost: no chips
    expect(cloud(r.states[1]!, "coreforge").fleet.filter((c) => c.ageQuarters === 0)).toEqual([]);
    expect(r.history.every((h) => h.actors.coreforge!.failed === 0)).toBe(true);
  });

  it("a team's own order replaces the booking, and 0 units cancels it", () => {
    const r = sim({
      scenario: "classroom",
      quarters: 2,
      orders: all(
        at(1, "stratus", [{ type: "hyperscaler/orderAccelerators", chipmaker: "vector", units: 100_000, maxPrice: 80_000 }]),
        at(1, "coreforge", [{ type: "hyperscaler/orderAccelerators", chipmaker: "vector", units: 0, maxPrice: 80_000 }]),
      ),
    });
    const before = cloud(r.states[0]!, "stratus");
    expect(before.acceleratorOrders).toEqual([{ chipmaker: "vector", units: 100_000, maxPrice: 80_000, booked: false }]);
    expect(cloud(r.states[0]!, "coreforge").acceleratorOrders).toEqual([]);
    // the order stands as placed: the second quarter buys its 100,000 units
    expect(cloud(r.states[1]!, "stratus").acceleratorOrders).toEqual(before.acceleratorOrders);
  });
});
