/**
 * The working copy and the state hash are written out type by type (shared/engine/state-walk.ts)
 * for speed. These tests are what makes that safe when the state grows a field:
 *  - the hash must change when any single value of the state or of a history entry changes
 *    (a field the hash forgets fails here, named by its path);
 *  - the copy must be deep-equal to its input and share no object or array with it but the
 *    parts no step changes (the catalogue, the world's rules and the history entries) and the
 *    objects steps replace but never modify (SHARED below), which a game on deep-frozen states
 *    shows: a step that modified one would throw;
 *  - the hash must not depend on key order (a JSON store may reorder keys).
 * States come from every shipped scenario, early and late in a game, so that optional fields
 * (a custom chip's partner lab, a routing fallback) are present in some of them.
 */
import { describe, expect, it } from "vitest";
import { hashBegin, hashEnd } from "../../shared/engine/hash.ts";
import { copyState, mixHistoryEntry } from "../../shared/engine/state-walk.ts";
import { allBotOrders, createGame, type GameState, hashState, loadScenario, resolveTurn } from "../../shared/index.ts";

const SCENARIOS = ["base", "wafer-crunch", "model-ban", "capex-winter", "jevons-boom", "bubble", "classroom"];
const NOT_COPIED = new Set(["catalogue", "world", "history"]);
/** Paths of the objects the copy shares with its input: steps replace them, never modify them. */
const SHARED = [
  /^restShares\.[^.[]+$/,
  /^actors\.[^.[]+\.tasks$/,
  /^actors\.[^.[]+\.routing\.[^.[]+$/,
  /^actors\.[^.[]+\.shares\.[^.[]+$/,
  /^actors\.[^.[]+\.priority$/,
  /^actors\.[^.[]+\.(models|split|spotBid|compute|tokens)$/,
];

function deepFreeze<T>(x: T): T {
  if (x !== null && typeof x === "object" && !Object.isFrozen(x)) {
    Object.freeze(x);
    for (const v of Object.values(x)) deepFreeze(v);
  }
  return x;
}

function statesOf(id: string): GameState[] {
  const out: GameState[] = [];
  let s = createGame(loadScenario(id), 3);
  out.push(s);
  while (!s.finished) {
    s = resolveTurn(s, allBotOrders(s)).state;
    if (s.quarter === 3 || s.finished) out.push(s);
  }
  return out;
}

type Leaf = { holder: Record<string, unknown> | unknown[]; key: string | number; path: string };

/** Every primitive value (and null) of the state but those under catalogue, world and history. */
function leaves(state: GameState): Leaf[] {
  const out: Leaf[] = [];
  const visit = (holder: Record<string, unknown> | unknown[], key: string | number, path: string): void => {
    const v = (holder as Record<string | number, unknown>)[key];
    if (v !== null && typeof v === "object") {
      if (Array.isArray(v)) for (let i = 0; i < v.length; i++) visit(v, i, `${path}[${i}]`);
      else for (const k of Object.keys(v)) visit(v as Record<string, unknown>, k, `${path}.${k}`);
    } else if (v !== undefined) out.push({ holder, key, path });
  };
  for (const k of Object.keys(state)) if (!NOT_COPIED.has(k)) visit(state as unknown as Record<string, unknown>, k, k);
  return out;
}

function changed(v: unknown): unknown {
  if (typeof v === "number") return Number.isSafeInteger(v) ? v + 1 : v * 1.5 + 0.25;
  if (typeof v === "string") return `${v}~`;
  if (typeof v === "boolean") return !v;
  return "~"; // null: a string, which both a text field that may be null (an ASIC's partner lab) and a generic value can hold
}

/** A deep copy with every object's keys in reverse order. */
function reversedKeys<T>(v: T): T {
  if (Array.isArray(v)) return v.map(reversedKeys) as T;
  if (v !== null && typeof v === "object") {
    return Object.fromEntries(
      Object.keys(v)
        .reverse()
        .map((k) => [k, reversedKeys((v as Record<string, unknown>)[k])]),
    ) as T;
  }
  return v;
}

describe("state hash and working copy (state-walk.ts)", () => {
  it.each(SCENARIOS)("%s: changing any one value of the state changes its hash", (id) => {
    for (const s of statesOf(id)) {
      const before = hashState(s);
      const missed: string[] = [];
      const all = leaves(s);
      expect(all.length).toBeGreaterThan(500);
      for (const { holder, key, path } of all) {
        const h = holder as Record<string | number, unknown>;
        const old = h[key];
        h[key] = changed(old);
        if (hashState(s) === before) missed.push(path);
        h[key] = old;
      }
      expect(missed, `quarter ${s.quarter}`).toEqual([]);
      expect(hashState(s)).toBe(before);
    }
  });

  it.each(SCENARIOS)("%s: the copy is deep-equal and shares nothing a step may change", (id) => {
    for (const s of statesOf(id)) {
      const c = copyState(s);
      expect(c).toEqual(s);
      expect(hashState(c)).toBe(hashState(s));
      expect(c.catalogue).toBe(s.catalogue);
      expect(c.world).toBe(s.world);
      expect(c.history).not.toBe(s.history);
      const originals = new Set<object>();
      const collect = (v: unknown, into: Set<object>): void => {
        if (v === null || typeof v !== "object") return;
        into.add(v);
        for (const x of Array.isArray(v) ? v : Object.values(v)) collect(x, into);
      };
      for (const k of Object.keys(s)) if (!NOT_COPIED.has(k)) collect((s as unknown as Record<string, unknown>)[k], originals);
      const shared: string[] = [];
      const check = (v: unknown, path: string): void => {
        if (v === null || typeof v !== "object") return;
        if (SHARED.some((p) => p.test(path))) return;
        if (originals.has(v)) shared.push(path);
        if (Array.isArray(v)) for (let i = 0; i < v.length; i++) check(v[i], `${path}[${i}]`);
        else for (const [k, x] of Object.entries(v)) check(x, `${path}.${k}`);
      };
      for (const k of Object.keys(c)) if (!NOT_COPIED.has(k)) check((c as unknown as Record<string, unknown>)[k], k);
      expect(shared, `quarter ${s.quarter}`).toEqual([]);
    }
  });

  it.each(SCENARIOS)("%s: a whole game resolves from deep-frozen states (no step modifies its input or what the copy shares)", (id) => {
    let s = deepFreeze(createGame(loadScenario(id), 4));
    let sharedSeen = 0;
    while (!s.finished) {
      const orders = allBotOrders(s);
      const before = hashState(s);
      const next = resolveTurn(s, orders).state;
      expect(hashState(s)).toBe(before);
      for (const a of Object.values(next.actors)) {
        const was = s.actors[a.id];
        if (a.role === "enterprise" && was?.role === "enterprise" && a.tasks === was.tasks) sharedSeen++;
      }
      s = deepFreeze(next);
    }
    expect(sharedSeen).toBeGreaterThan(0);
  });

  it.each(["base", "bubble"])("%s: changing any one value of a history entry changes the entry's hash", (id) => {
    const entryHash = (e: GameState["history"][number]): string => {
      hashBegin();
      mixHistoryEntry(e);
      return hashEnd();
    };
    const s = statesOf(id).at(-1)!;
    for (const entry of [s.history[0]!, s.history.at(-1)!]) {
      const before = entryHash(entry);
      const holder = { entry } as unknown as GameState;
      const all = leaves(holder).map((l) => ({ ...l, path: l.path }));
      expect(all.length).toBeGreaterThan(80);
      const missed: string[] = [];
      for (const { holder: h0, key, path } of all) {
        const h = h0 as Record<string | number, unknown>;
        const old = h[key];
        h[key] = changed(old);
        if (entryHash(entry) === before) missed.push(path);
        h[key] = old;
      }
      expect(missed).toEqual([]);
      expect(entryHash(reversedKeys(entry))).toBe(before);
    }
  });

  it("the hash does not depend on the order of any object's keys", () => {
    for (const id of ["base", "bubble"]) {
      for (const s of statesOf(id)) expect(hashState(reversedKeys(s))).toBe(hashState(s));
    }
  });

  it("a state with a key the hash does not know still hashes differently from one without (records)", () => {
    const s = statesOf("classroom")[1]!;
    const before = hashState(s);
    const withAccount = { ...s, ledger: { ...s.ledger, "cash:newcomer": 0 } };
    expect(hashState(withAccount)).not.toBe(before);
  });
});
