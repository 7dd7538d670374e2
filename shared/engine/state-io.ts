/**
 * What follows from the state's declaration (state.ts): its working copy, its hash, its JSON
 * form. Each walks STATE, so none needs changing when a field is added.
 */
import { copyStruct, fromJson, StateError, toJson } from "./declare.ts";
import { fixedTextColumns, type HashContext, hashWithPlan, planFields, planOf } from "./declare-hash.ts";
import { Hasher, lanesOf } from "./hash.ts";
import { type GameState, INDICATORS, type QuarterIndicators, STATE, STATE_SHAPE } from "./state.ts";

/**
 * The working copy for a quarter: every array one level deep, the fixed fields (the world's
 * rules, the catalogue, names and ids) shared with the input, which is never modified.
 */
export function copyState(s: Readonly<GameState>): GameState {
  return copyStruct(STATE, s as GameState);
}

/** The hash plans of the state and of a history entry (read-only, made when this module loads). */
const STATE_PLAN = planOf(STATE);
const ENTRY_STEPS = planFields(INDICATORS.fields, []);

/** The hash's lanes of every fixed text column of a state's tables (its `lanes` field). */
export function fixedLanesOf(state: Readonly<GameState>): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  for (const c of fixedTextColumns(STATE_PLAN)) {
    let col: unknown = state[c.table as keyof GameState];
    for (const k of c.path) col = (col as Record<string, unknown>)[k];
    out[c.key] = Array.from(lanesOf(col as string[]));
  }
  return out;
}

/** The state hash (16 hex digits): everything a step may change, in the declared order. */
export function hashState(state: Readonly<GameState>): string {
  const lanes = state.lanes;
  const ctx: HashContext = {
    root: state as unknown as Record<string, unknown>,
    plan: STATE_PLAN,
    idLanes: (table) => lanes[`${table}.id`]!,
    fixedLanes: (key) => lanes[key],
  };
  const h = new Hasher();
  h.shape(STATE_SHAPE[0], STATE_SHAPE[1]);
  hashWithPlan(h, STATE_PLAN.steps, state, ctx);
  return h.end();
}

/** The next link of the history's hash chain: the previous digest and the new entry. */
export function historyLink(previous: string, entry: QuarterIndicators): string {
  const h = new Hasher();
  h.text(previous);
  h.shape(INDICATORS.shape![0], INDICATORS.shape![1]);
  hashWithPlan(h, ENTRY_STEPS, entry, NO_CONTEXT);
  return h.end();
}

/** A history entry has no table and no keyed field: nothing reads a context. */
const NO_CONTEXT: HashContext = {
  root: {},
  plan: { steps: [], tables: {} },
  idLanes: () => {
    throw new Error("a history entry has no keyed fields");
  },
  fixedLanes: () => undefined,
};

/** The state as plain JSON data (JSON.stringify writes NaN, an absent entry, as null). */
export function stateToJson(state: Readonly<GameState>): unknown {
  return toJson(state);
}

/** A state read back from its JSON form; every field is checked (a StateError names the first bad one). */
export function stateFromJson(data: unknown): GameState {
  const state = fromJson(STATE, data);
  // derived data: made again rather than trusted
  state.lanes = fixedLanesOf(state);
  return state;
}

export { StateError };
