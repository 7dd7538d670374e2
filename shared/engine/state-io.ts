/**
 * What follows from the state's declaration (state.ts): its working copy, its hash, its JSON
 * form. Each walks STATE, so none needs changing when a field is added.
 */
import { copyPlanOf, copyWithPlan, fromJson, StateError, toJson } from "./declare.ts";
import { fixedTextColumns, type HashContext, hashWithPlan, type Plan, planOf, planOfEntry } from "./declare-hash.ts";
import { Hasher, lanesOf } from "./hash.ts";
import { type GameState, INDICATORS, type QuarterIndicators, STATE, STATE_SHAPE } from "./state.ts";

/**
 * The working copy for a quarter: every array one level deep, the fixed fields (the world's
 * rules, the catalogue, names and ids) shared with the input, which is never modified.
 */
export function copyState(s: Readonly<GameState>): GameState {
  return copyWithPlan(STATE_COPY, s as GameState);
}

const STATE_COPY = copyPlanOf(STATE);

/** The hash plans of the state and of a history entry (read-only, made when this module loads). */
const STATE_PLAN = planOf(STATE);
const ENTRY_PLAN = planOfEntry(INDICATORS.fields);

const FIXED_TEXT_COLUMNS = fixedTextColumns(STATE_PLAN);

/** The hash's lanes of every fixed text column of a state's tables (its `lanes` field). */
export function fixedLanesOf(state: Readonly<GameState>): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  for (const c of FIXED_TEXT_COLUMNS) {
    let col: unknown = state[c.table as keyof GameState];
    for (const k of c.path) col = (col as Record<string, unknown>)[k];
    out[c.key] = lanesOf(col as string[]);
  }
  return out;
}

/** The state hash (16 hex digits): everything a step may change, in the declared order. */
export function hashState(state: Readonly<GameState>): string {
  return hashStateWith(new Hasher(), state);
}

/** hashState with a given hasher (one a quarter's resolution already made), which it resets. */
export function hashStateWith(h: Hasher, state: Readonly<GameState>): string {
  const ctx: HashContext = { root: state as unknown as Record<string, unknown>, plan: STATE_PLAN, lanes: state.lanes };
  h.reset();
  h.shape(STATE_SHAPE[0], STATE_SHAPE[1]);
  hashNaming(h, STATE_PLAN.steps, state, ctx, "state");
  return h.end();
}

/** hashWithPlan, whose refusal of an infinite number names the field that holds it. */
function hashNaming(h: Hasher, steps: Plan["steps"], data: unknown, ctx: HashContext, name: string): void {
  try {
    hashWithPlan(h, steps, data, ctx);
  } catch (e) {
    const at = infiniteAt(data, name);
    throw at ? new Error(`non-finite number in ${at}`) : e;
  }
}

/** The path of the first ±Infinity in a state's data ("state.clouds.gpu.revenue.2: Infinity"), or null. */
function infiniteAt(v: unknown, path: string): string | null {
  if (typeof v === "number") return v === Number.POSITIVE_INFINITY || v === Number.NEGATIVE_INFINITY ? `${path}: ${v}` : null;
  if (v === null || typeof v !== "object") return null;
  if (ArrayBuffer.isView(v)) {
    const a = v as unknown as ArrayLike<number>;
    for (let i = 0; i < a.length; i++)
      if (a[i] === Number.POSITIVE_INFINITY || a[i] === Number.NEGATIVE_INFINITY) return `${path}.${i}: ${a[i]}`;
    return null;
  }
  for (const [k, x] of Object.entries(v)) {
    const at = infiniteAt(x, `${path}.${k}`);
    if (at) return at;
  }
  return null;
}

/** The next link of the history's hash chain: the previous digest and the new entry. */
export function historyLink(previous: string, entry: QuarterIndicators, h: Hasher = new Hasher()): string {
  h.reset();
  h.text(previous);
  h.shape(INDICATORS.shape![0], INDICATORS.shape![1]);
  hashNaming(h, ENTRY_PLAN.steps, entry, ENTRY_CONTEXT, `history[${entry.quarter}]`);
  return h.end();
}

/** A history entry has no table and no keyed field: nothing reads a context. */
const ENTRY_CONTEXT: HashContext = { root: {}, plan: ENTRY_PLAN, lanes: {} };

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
