/**
 * Helpers for the stylized-fact tests (seed-facts.md §5): a scenario set up explicitly
 * (overrides or a mutation of the scenario input), no random shocks, and fixed orders
 * (every seat keeps its standing policies unless the test gives it orders), so two runs
 * that differ in one parameter or one order can be compared (A/B).
 */
import {
  applyOverrides,
  checkInvariants,
  type GameState,
  type HyperscalerState,
  type QuarterIndicators,
  runGame,
  type ScenarioInput,
  scenarioInput,
} from "../../shared/index.ts";

export interface SimOptions {
  scenario?: string;
  /** dotted-path overrides (as `--set`) */
  sets?: { path: string; value: unknown }[];
  /** edit the scenario input directly (for fields the scenario does not spell out) */
  mutate?: (input: ScenarioInput) => void;
  quarters?: number;
  seed?: number;
  injected?: { shock: string; quarter: number; params?: Record<string, number | string | boolean> }[];
  /** orders for a seat in a quarter (the state before the quarter); undefined or [] = standing policies */
  orders?: (seat: string, state: GameState) => unknown[] | undefined;
  /** let the bots play seats the test gives no orders (default: no bots) */
  bots?: boolean;
}

export interface Sim {
  state: GameState;
  history: QuarterIndicators[];
  /** per-quarter snapshots of the state after each quarter */
  states: GameState[];
  events: { type: string; quarter: number; seat?: string; text: string; data?: Record<string, unknown> }[];
}

export function sim(o: SimOptions = {}): Sim {
  const input = JSON.parse(JSON.stringify(scenarioInput(o.scenario ?? "base"))) as ScenarioInput;
  input.randomShocks = [];
  o.mutate?.(input);
  const scenario = o.sets?.length ? applyOverrides(input, o.sets) : input;
  const states: GameState[] = [];
  const r = runGame({
    scenario,
    seed: o.seed ?? 1,
    quarters: o.quarters ?? 4,
    injected: o.injected ?? [],
    ordersFor: (seat, s) => o.orders?.(seat, s) ?? (o.bots ? undefined : []),
    onQuarter: (s) => {
      states.push(s);
      const bad = checkInvariants(s);
      if (bad.length) throw new Error(`invariants broken in quarter ${s.quarter}: ${bad.join("; ")}`);
    },
  });
  return { state: r.state, history: r.state.history, states, events: r.events };
}

/** Orders given only in one quarter (1-based) to one seat. */
export function at(quarter: number, seat: string, orders: unknown[]): (s: string, st: GameState) => unknown[] | undefined {
  return (s, st) => (s === seat && st.quarter + 1 === quarter ? orders : undefined);
}

/** Combines order functions: the first that returns orders for a seat wins; lists are concatenated. */
export function all(...fns: ((s: string, st: GameState) => unknown[] | undefined)[]): (s: string, st: GameState) => unknown[] | undefined {
  return (s, st) => {
    const out: unknown[] = [];
    for (const f of fns) out.push(...(f(s, st) ?? []));
    return out.length ? out : undefined;
  };
}

/** A quarter's served API tokens and revenue of one model (MTok, $). */
export function modelAt(r: Sim, quarter: number, model: string): { mtok: number; revenue: number } {
  const m = r.states[quarter - 1]!.models[model]!;
  return { mtok: m.servedMtok, revenue: m.revenue };
}

export function sum(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0);
}

/** A scenario input's actor, as a plain record a test may mutate. */
export type AnyRec = Record<string, unknown> & { id: string };
export function actor(i: ScenarioInput, id: string): AnyRec {
  return i.actors.find((a) => a.id === id) as unknown as AnyRec;
}

/** The hyperscalers of the built-in scenarios, and their installed GPU-hours a quarter. */
export const HS = ["stratus", "nimbus", "coreforge"];
export const capacity = (s: GameState): number => HS.reduce((t, id) => t + (s.actors[id] as HyperscalerState).gpu.capacity, 0);
