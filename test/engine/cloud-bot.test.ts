/**
 * The hyperscaler bot's demand-led capacity (shared/bots/index.ts): a cloud that is sold out
 * cannot see its demand in what it sold, so it also counts its share of the spot demand that
 * found no GPU-hour last quarter, at most a quarter of its capacity. The views are a real
 * game's (base, seed 7, after a quarter of bots), with the cloud's use and last quarter's
 * unserved demand set.
 */
import { describe, expect, it } from "vitest";
import { playerViews } from "../../shared/engine/player-view.ts";
import {
  botOrders,
  createGame,
  type HyperscalerState,
  loadScenario,
  type Order,
  type PlayerView,
  resolveTurn,
} from "../../shared/index.ts";
import { BOT_VIEW } from "../../shared/sim/run-game.ts";

const first = createGame(loadScenario("base"), 7);
const firstViews = playerViews(first, first.companies.id, BOT_VIEW);
const firstOrders: Record<string, Order[]> = {};
first.companies.id.forEach((id, i) => {
  firstOrders[id] = botOrders(firstViews[i]!);
});
const state = resolveTurn(first, firstOrders).state;
const seats = state.companies.id;
const nimbusView = playerViews(state, seats, BOT_VIEW)[seats.indexOf("nimbus")]!;

/**
 * Nimbus's view with the share of its capacity in use and last quarter's unserved spot demand
 * set; `rich`: its revenue, cash flow and cash a hundredfold, so that what it can fund does not
 * bind before the demand it plans for.
 */
function viewWith(used: number, unserved: number, rich = false): PlayerView {
  const v = structuredClone(nimbusView);
  const h = v.own as HyperscalerState;
  h.gpu.idle = h.gpu.capacity * (1 - used);
  if (rich) for (const k of ["revenue", "fcf", "cash"] as const) h.books[k] *= 100;
  v.history[v.history.length - 1]!.gpuUnserved = unserved;
  return v;
}

/** Merchant accelerators it orders. */
function ordered(v: PlayerView): number {
  let n = 0;
  for (const o of botOrders(v)) if (o.type === "hyperscaler/orderAccelerators" && o.chipmaker === "vector") n += o.units;
  return n;
}

describe("a sold-out cloud counts the demand it turned away (hyperscaler bot)", () => {
  let market = 0;
  for (const a of nimbusView.actors) if (a.role === "hyperscaler" && !a.failed) market += Number(a.facts.gpuHours);

  it("orders more chips when demand went unserved while it was sold out", () => {
    expect(ordered(viewWith(1, 0.2 * market))).toBeGreaterThan(ordered(viewWith(1, 0)));
  });

  it("does not count unserved demand while it has capacity idle", () => {
    expect(ordered(viewWith(0.9, 0.2 * market))).toBe(ordered(viewWith(0.9, 0)));
  });

  it("counts at most a quarter of its capacity", () => {
    // its share of the unserved demand is a quarter of its capacity at unserved = market / 4
    const atCap = ordered(viewWith(1, market / 4, true));
    expect(atCap).toBeGreaterThan(ordered(viewWith(1, market / 8, true)));
    expect(ordered(viewWith(1, 10 * market, true))).toBe(atCap);
  });
});
