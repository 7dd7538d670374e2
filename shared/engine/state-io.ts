/**
 * What follows from the state's declaration (state.ts): its working copy, its hash, its JSON
 * form. Each walks STATE, so none needs changing when a field is added.
 */
import { copyStruct, fromJson, type HashScope, hashStruct, StateError, toJson } from "./declare.ts";
import { Hasher, lanesOf } from "./hash.ts";
import { type GameState, type QuarterIndicators, INDICATORS, STATE, STATE_SHAPE } from "./state.ts";

/**
 * The working copy for a quarter: every array one level deep, the fixed fields (the world's
 * rules, the catalogue, names and ids) shared with the input, which is never modified.
 */
export function copyState(s: Readonly<GameState>): GameState {
  return copyStruct(STATE, s as GameState);
}

/** The tables whose row ids key records in the hash, and where each keeps its ids. */
function scopeOf(state: GameState): HashScope {
  const ids = (table: string): readonly string[] => {
    switch (table) {
      case "companies":
        return state.companies.id;
      case "models":
        return state.models.id;
      case "classes":
        return state.classes.id;
      case "accounts":
        return state.accounts.id;
      default:
        throw new Error(`table ${table} has no ids`);
    }
  };
  const lanes: Record<string, Int32Array> = {};
  return {
    root: state as unknown as Record<string, unknown>,
    rootFields: STATE,
    ids,
    idLanes: (table) => {
      lanes[table] ??= lanesOf(ids(table));
      return lanes[table];
    },
  };
}

/** The state hash (16 hex digits): everything a step may change, in the declared order. */
export function hashState(state: Readonly<GameState>): string {
  const h = new Hasher();
  h.shape(STATE_SHAPE[0], STATE_SHAPE[1]);
  hashStruct(h, STATE, state as unknown as Record<string, unknown>, scopeOf(state as GameState));
  return h.end();
}

/** The next link of the history's hash chain: the previous digest and the new entry. */
export function historyLink(previous: string, entry: QuarterIndicators): string {
  const h = new Hasher();
  h.text(previous);
  h.shape(INDICATORS.shape![0], INDICATORS.shape![1]);
  // a history entry has no table fields and no keyed fields, so no scope is read
  hashStruct(h, INDICATORS.fields, entry as unknown as Record<string, unknown>, NO_SCOPE);
  return h.end();
}

const NO_SCOPE: HashScope = {
  root: {},
  rootFields: {},
  ids: () => {
    throw new Error("no ids here");
  },
  idLanes: () => {
    throw new Error("no ids here");
  },
};

/** The state as plain JSON data (JSON.stringify writes NaN, an absent entry, as null). */
export function stateToJson(state: Readonly<GameState>): unknown {
  return toJson(state);
}

/** A state read back from its JSON form; every field is checked (a StateError names the first bad one). */
export function stateFromJson(data: unknown): GameState {
  return fromJson(STATE, data);
}

export { StateError };
