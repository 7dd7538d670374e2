/**
 * Plays one seed of one point of a fact: both arms (once when they are the same run), each
 * check's metric read after every quarter, and each check's effect for this seed. Pure: the
 * command line hands these jobs to worker threads (server/cli/facts.ts).
 */
import { botOrders } from "../bots/index.ts";
import { createGame } from "../engine/create-game.ts";
import { playerViews } from "../engine/player-view.ts";
import { advanceInPlace, injectShock } from "../engine/resolve-turn.ts";
import { type OrdersBySeat, parseOrders } from "../orders/index.ts";
import { applyOverrides, parseScenario } from "../scenario/load.ts";
import { scenarioInput } from "../scenario/registry.ts";
import type { Scenario } from "../scenario/schema.ts";
import { factMetrics } from "../sim/metrics.ts";
import { BOT_VIEW } from "../sim/run-game.ts";
import { FACTS, pointsOf } from "./spec.ts";
import type { Check, Fact, Override, Point, Setup } from "./types.ts";

/** The metrics an arm must record: per metric id, its value in each quarter played (NaN: none). */
export type Series = Record<string, Float64Array>;

/**
 * Plays one arm with one seed, recording the metrics after each quarter. `scenarios` caches the
 * parsed scenario of each set-up (every seed of a point plays the same one), owned by the caller.
 * `world`: overrides applied to the scenario before the set-up's own (`sim facts --set`: the
 * card in another world; where both set a field, the fact's experiment wins).
 */
export function playArm(
  setup: Setup,
  seed: number,
  metrics: readonly string[],
  scenarios?: Map<string, Scenario>,
  world: readonly Override[] = [],
): Series {
  const key = JSON.stringify([setup.scenario, world, setup.sets ?? [], setup.quarters]);
  let scenario = scenarios?.get(key);
  if (!scenario) {
    const input = scenarioInput(setup.scenario) as { randomShocks: unknown[]; quarters: number };
    input.randomShocks = [];
    const sets = [...world, ...(setup.sets ?? [])];
    // a scenario shorter than the set-up is lengthened to it
    if (input.quarters < setup.quarters) sets.unshift({ path: "quarters", value: setup.quarters });
    scenario = parseScenario(sets.length ? applyOverrides(input, sets) : input);
    scenarios?.set(key, scenario);
  }
  const series: Series = {};
  for (const id of metrics) series[id] = new Float64Array(setup.quarters).fill(Number.NaN);
  const fixed = setup.orders ?? [];
  const fixedFor = (seat: string, q: number): unknown[] =>
    fixed.filter((o) => o.seat === seat && (o.quarter === "every" || o.quarter === q)).flatMap((o) => o.orders);
  let state = createGame(scenario, seed);
  for (const s of setup.shocks ?? []) state = injectShock(state, s.shock, s.params ?? {}, s.quarter);
  const n = Math.min(setup.quarters, state.quarters);
  while (state.quarter < n) {
    const q = state.quarter + 1;
    const seats = state.companies.id;
    const views = setup.play === "bots" ? playerViews(state, seats, BOT_VIEW) : [];
    const orders: OrdersBySeat = {};
    seats.forEach((seat, i) => {
      const parsed = parseOrders(fixedFor(seat, q));
      // a fact's own orders must be well formed: a malformed one would be dropped silently
      if (parsed.rejections.length)
        throw new Error(`malformed order for ${seat} in quarter ${q}: ${parsed.rejections.map((r) => r.message).join("; ")}`);
      const mine = parsed.orders;
      if (setup.play === "standing") orders[seat] = mine;
      else {
        // bots play the seat's other orders: a fixed order replaces the bot's of its type
        const types = new Set(mine.map((o) => o.type));
        orders[seat] = [...botOrders(views[i]!).filter((o) => !types.has(o.type)), ...mine];
      }
    });
    advanceInPlace(state, orders);
    const values = factMetrics(state, metrics);
    metrics.forEach((id, i) => {
      const v = values[i];
      if (v !== null && v !== undefined) series[id]![q - 1] = v;
    });
  }
  return series;
}

/** The mean of a series over a window of quarters (1-based, inclusive); NaN when any is missing. */
export function windowMean(s: Float64Array | undefined, [from, to]: [number, number]): number {
  if (!s || from < 1 || to > s.length || to < from) return Number.NaN;
  let t = 0;
  for (let q = from; q <= to; q++) t += s[q - 1]!;
  return t / (to - from + 1);
}

/** One check's effect for one seed, from the two arms' series. */
export function effectOf(c: Check, a: Series, b: Series): number {
  const wA = c.windowA ?? c.window;
  const rel = (metric: string, metricA: string) => {
    const va = windowMean(a[metricA], wA);
    const vb = windowMean(b[metric], c.window);
    return va !== 0 ? (vb - va) / Math.abs(va) : Number.NaN;
  };
  if (c.versus) return rel(c.metric, c.metricA ?? c.metric) - rel(c.versus, c.versus);
  const vb = windowMean(b[c.metric], c.window);
  if (c.effect === "level") return vb;
  const va = windowMean(a[c.metricA ?? c.metric], wA);
  if (c.effect === "rel") return va !== 0 ? (vb - va) / Math.abs(va) : Number.NaN;
  return vb - va;
}

/** The metric ids an arm records for a set of checks. */
export function metricsOf(checks: readonly Check[], arm: "a" | "b"): string[] {
  const ids = new Set<string>();
  for (const c of checks) {
    if (c.effect === "level" && arm === "a") continue;
    ids.add(arm === "a" ? (c.metricA ?? c.metric) : c.metric);
    if (c.versus) ids.add(c.versus);
    if (c.versus && c.metricA && arm === "a") ids.add(c.metricA);
  }
  return [...ids];
}

export interface FactJob {
  fact: string;
  /** index into pointsOf(fact) */
  point: number;
  seed: number;
}

export interface FactJobResult extends FactJob {
  /** one effect per check (NaN where it has no value) */
  effects: number[];
  /** the first line of the error when an arm threw */
  error?: string;
}

/**
 * Plays jobs: both arms of one point of one fact with one seed, in the world `world` sets (none:
 * the scenarios as they are); caches the parsed scenarios of the set-ups it has played.
 */
export class FactPlayer {
  readonly facts: readonly Fact[];
  readonly world: readonly Override[];
  #scenarios = new Map<string, Scenario>();
  constructor(facts: readonly Fact[] = FACTS, world: readonly Override[] = []) {
    this.facts = facts;
    this.world = world;
  }

  play(job: FactJob): FactJobResult {
    const fact = this.facts.find((f) => f.id === job.fact);
    if (!fact) return { ...job, effects: [], error: `unknown fact ${job.fact}` };
    const point = pointsOf(fact)[job.point] as Point;
    const checks = fact.checks(point);
    try {
      const { a, b } = fact.arms(point);
      const sameRun = a === b || JSON.stringify(a) === JSON.stringify(b);
      const idsA = metricsOf(checks, "a");
      const idsB = metricsOf(checks, "b");
      const sb = playArm(b, job.seed, sameRun ? [...new Set([...idsA, ...idsB])] : idsB, this.#scenarios, this.world);
      const sa = sameRun ? sb : idsA.length ? playArm(a, job.seed, idsA, this.#scenarios, this.world) : {};
      return { ...job, effects: checks.map((c) => effectOf(c, sa, sb)) };
    } catch (e) {
      const message = ((e as Error)?.message ?? String(e)).split("\n")[0] as string;
      return { ...job, effects: checks.map(() => Number.NaN), error: message };
    }
  }
}

/** Every job of a card: each fact's points × seeds first..first + n − 1. */
export function cardJobs(facts: readonly Fact[], seeds: number, first = 1): FactJob[] {
  const jobs: FactJob[] = [];
  for (const f of facts) {
    const n = pointsOf(f).length;
    for (let point = 0; point < n; point++) for (let s = 0; s < seeds; s++) jobs.push({ fact: f.id, point, seed: first + s });
  }
  return jobs;
}
