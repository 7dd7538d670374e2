/**
 * Deep patches of views (shared/protocol/view-patch.ts) and their merge (applyView in
 * shared/protocol/messages.ts):
 * (a) for random JSON-like values and random edits of them, applying the packed patch to a copy
 *     of the old value gives the new value, and never modifies the old one;
 * (b) the same for every seat's views of real games quarter to quarter, with bots, shocks and
 *     a failed company, and the patch is much smaller than the view;
 * (c) applyView applies a patch only to the view it names, ignores an older one, and refuses
 *     one that does not fit.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  allBotOrders,
  applyPatch,
  applyView,
  createGame,
  diffValue,
  injectShock,
  loadScenario,
  PatchError,
  type PlayerView,
  packShapes,
  playerView,
  resolveTurn,
  UNCHANGED,
  type ViewMessage,
  viewPatch,
} from "../../shared/index.ts";

function deepFreeze<T>(x: T): T {
  if (typeof x === "object" && x !== null && !Object.isFrozen(x)) {
    Object.freeze(x);
    for (const v of Object.values(x)) deepFreeze(v);
  }
  return x;
}

/**
 * b from a through the wire: diff, pack with the key-set table both sides hold, a structured
 * copy of both (what decoding makes), apply. The table grows by what the patch adds.
 */
function roundTrip(a: unknown, b: unknown, table: string[][] = []): unknown {
  const op = diffValue(a, b);
  if (op === UNCHANGED) return a;
  const wire = structuredClone(packShapes(op, table));
  table.push(...wire.shapes);
  return applyPatch(deepFreeze(structuredClone(a)), wire.op, structuredClone(table));
}

/** A small deterministic generator (mulberry32) for the edits. */
function rng(seed: number): () => number {
  let t = seed >>> 0;
  return () => {
    t = (t + 0x6d2b79f5) >>> 0;
    let r = Math.imul(t ^ (t >>> 15), 1 | t);
    r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r;
    return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
  };
}

const leaf = fc.oneof(
  fc.integer({ min: -5, max: 5 }),
  fc.double({ noDefaultInfinity: true }),
  fc.constantFrom("x", "y", "", "__proto__x"),
  fc.boolean(),
  fc.constant(null),
);
const KEYS = ["a", "b", "c", "d", "e"];
const IDS = ["m1", "m2", "m3", "m4", "m5"];
const { value } = fc.letrec<{ value: unknown; obj: unknown; list: unknown; keyed: unknown }>((tie) => ({
  value: fc.oneof({ depthSize: "small", withCrossShrink: true }, leaf, tie("obj"), tie("list"), tie("keyed")),
  obj: fc.dictionary(fc.constantFrom(...KEYS), tie("value"), { maxKeys: 5 }),
  list: fc.array(tie("value"), { maxLength: 5 }),
  keyed: fc
    .uniqueArray(fc.constantFrom(...IDS), { maxLength: 5 })
    .chain((ids) => fc.tuple(...ids.map((id) => fc.record({ id: fc.constant(id), v: tie("value"), w: leaf })))),
}));

/** A random edit of x: leaves changed, keys added and removed, elements reordered, dropped, appended, shifted. */
function edit(x: unknown, r: () => number, depth = 0): unknown {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  if (r() < 0.3 || depth > 4) return x;
  if (Array.isArray(x)) {
    let out = x.map((e) => edit(e, r, depth + 1));
    const k = r();
    if (k < 0.15 && out.length > 1) out = [...out.slice(1), out[0]];
    else if (k < 0.3) out = out.slice(0, -1);
    else if (k < 0.45 && out.length) out = [...out.slice(1), structuredClone(out[out.length - 1])];
    else if (k < 0.6)
      out.push(x.length && typeof x[0] === "object" && x[0] !== null && "id" in x[0] ? { id: `n${out.length}`, v: 1 } : r());
    return out;
  }
  if (typeof x === "object" && x !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(x)) if (k === "id" || r() > 0.15) out[k] = edit(v, r, depth + 1);
    if (r() < 0.2) out[pick(KEYS)] = pick([1, "z", null, { a: 2 }, [3]]);
    return out;
  }
  return r() < 0.5 ? x : pick([0, -0, 7.25, Number.NaN, "w", true, null, { a: 1 }, [1, 2]]);
}

describe("deep patches", () => {
  it("(a) rebuild the new value from a copy of the old one, for random values and edits", () => {
    fc.assert(
      fc.property(value, fc.integer(), (a, seed) => {
        const b = edit(a, rng(seed));
        expect(roundTrip(a, b)).toEqual(b);
        // and from b back to a
        expect(roundTrip(b, a)).toEqual(a);
      }),
      { numRuns: 400 },
    );
  });

  it("(a) patch a list whose every element changes in part element by element, not whole", () => {
    // a fleet's cohorts: each quarter every cohort ages and depreciates, and a new one arrives
    const cohort = (i: number, q: number) => ({
      chipmaker: i % 2 ? "vector" : "legacy",
      units: 1000 * (i + 1),
      perfPerUnit: 2.5,
      kwPerUnit: 1.6,
      bookCents: 1e9 - q * 1e7 * (i + 1),
      ageQuarters: q - i,
      partnerLab: null,
    });
    const a = [0, 1, 2, 3, 4, 5].map((i) => cohort(i, 8));
    const b = [0, 1, 2, 3, 4, 5, 6].map((i) => cohort(i, 9));
    const op = diffValue(a, b);
    expect(Array.isArray(op) && op[0]).toBe(3); // LIST
    expect(roundTrip(a, b)).toEqual(b);
    expect(JSON.stringify(packShapes(op as never).op).length).toBeLessThan(0.6 * JSON.stringify(b).length);
    // a list of new values with nothing kept is still sent whole
    expect(diffValue([1, 2, 3], [4, 5, 6])).toEqual([0, [4, 5, 6]]);
    expect(diffValue([{ a: 1 }], [[1]])).toEqual([0, [[1]]]);
  });

  it("(b) rebuild every seat's view of real games quarter to quarter, far smaller than the view", () => {
    for (const [scenario, seed] of [
      ["classroom", 3],
      ["bubble", 8],
    ] as const) {
      let state = createGame(loadScenario(scenario), seed);
      const seats = [...state.companies.id, null];
      let prev = seats.map((s) => playerView(state, s));
      // each seat's table of key sets, kept from quarter to quarter
      const tables = seats.map((): string[][] => []);
      let patchBytes = 0;
      let viewBytes = 0;
      for (let q = 1; q <= 10 && !state.finished; q++) {
        if (q === 3) state = injectShock(state, "lab-insolvency", { "effects.0.target": "helix" }, q);
        state = resolveTurn(state, allBotOrders(state)).state;
        const next = seats.map((s) => playerView(state, s));
        for (let i = 0; i < seats.length; i++) {
          const before = structuredClone(tables[i]!);
          expect(roundTrip(prev[i], next[i], tables[i]), `${scenario} ${seats[i]} q${q}`).toEqual(next[i]);
          const op = diffValue(prev[i], next[i]);
          patchBytes += JSON.stringify(op === UNCHANGED ? null : packShapes(op, before)).length;
          viewBytes += JSON.stringify(next[i]).length;
        }
        prev = next;
      }
      expect(prev[seats.indexOf("helix")]?.own?.failed).toBe(true);
      expect(patchBytes / viewBytes).toBeLessThan(0.3);
    }
  });
});

describe("applyView", () => {
  const state = createGame(loadScenario("classroom"), 1);
  const v0 = playerView(state, "helix");
  const r1 = resolveTurn(state, allBotOrders(state));
  const s1 = r1.state;
  const v1 = playerView(s1, "helix");
  const events = r1.events.filter((e) => e.seat === undefined || e.seat === "helix");
  const full: ViewMessage = {
    reason: "join",
    seq: 4,
    quarter: 0,
    hash: "h0",
    resolvedAt: 0,
    view: v0,
    events: [],
    pending: null,
    shapes: [],
  };
  const next = { reason: "resolved" as const, seq: 9, quarter: 1, hash: "h1", resolvedAt: 1, view: v1, events, pending: null };
  const patch = viewPatch({ seq: 4, view: v0, shapes: [] }, next)!;

  it("(c) sends the quarter's events by the patch's key-set table, and merges them back as they were", () => {
    // the fixture's quarter has several events of several kinds (each a key set of its own)
    expect(events.length).toBeGreaterThanOrEqual(3);
    expect(new Set(events.map((e) => e.kind)).size).toBeGreaterThanOrEqual(3);
    // every event travels as [SHAPE, i, value…], its key set added to the table once
    expect(patch.events.every((e) => Array.isArray(e))).toBe(true);
    const r = applyView(structuredClone(full), structuredClone(patch));
    expect(r.ok && r.message.events).toEqual(events);
    // the next quarter's events of the same kinds name the key sets already in the table
    const r2 = resolveTurn(s1, allBotOrders(s1));
    const events2 = r2.events.filter((e) => e.seat === undefined || e.seat === "helix");
    const next2 = { ...next, seq: 10, quarter: 2, view: playerView(r2.state, "helix"), events: events2 };
    const patch2 = viewPatch({ seq: 9, view: v1, shapes: patch.shapes }, next2)!;
    const kinds1 = new Set(events.map((e) => e.kind));
    const repeated = events2.filter((e) => kinds1.has(e.kind)).length;
    expect(repeated).toBeGreaterThan(0);
    expect(JSON.stringify(patch2.events).length).toBeLessThan(0.7 * JSON.stringify(events2).length);
    const merged2 = applyView(r.ok ? r.message : null, structuredClone(patch2));
    expect(merged2.ok && merged2.message.events).toEqual(events2);
    // a packed event that names a key set the table lacks is refused like a patch that does not fit
    const bad = { ...patch, events: [[4, 999, "x"]] };
    expect(applyView(structuredClone(full), bad)).toMatchObject({ ok: false, stale: false });
  });

  it("(c) applies a patch to the view it names only", () => {
    expect(patch).toMatchObject({ delta: true, base: 4, seq: 9 });
    const r = applyView(structuredClone(full), structuredClone(patch));
    expect(r.ok && r.message).toEqual({ ...next, cause: undefined, shapes: patch.shapes });
    expect(applyView({ ...full, seq: 3 }, patch)).toMatchObject({ ok: false, stale: false });
    expect(applyView(null, patch)).toMatchObject({ ok: false, stale: false });
    expect(applyView({ ...full, seq: 9 }, patch)).toEqual({ ok: false, stale: true });
    // a patch that does not fit the view (another seat's, say) is refused, not thrown
    const other: PlayerView = playerView(state, "stratus");
    const bad = applyView({ ...full, view: { ...other, actors: [] } }, patch);
    expect(bad).toMatchObject({ ok: false, stale: false });
    expect(() => applyPatch([], [2, 0, { x: 1 }])).not.toThrow();
    expect(() => applyPatch([], [2, ["x"], {}])).toThrow(PatchError);
    expect(() => applyPatch(1, { a: 1 })).toThrow(PatchError);
  });
});
