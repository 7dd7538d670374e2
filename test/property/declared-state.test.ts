/**
 * Property tests of the declared state (shared/engine/state.ts, declare.ts, state-io.ts): the
 * copy, the hash and the JSON form all follow from the one declaration, so these tests take
 * their field paths from the declaration too (a walk of STATE), never from a hand-written list:
 * a field added to STATE is covered here without a line changed.
 *
 * States: several scenarios at several quarters, bots in every seat (some with shocks, so that
 * the rarer tables, a warehouse waiting for power or a scheduled shock, have rows).
 *
 * (a) copyState gives a deep-equal state, independent of the original: a write to any column,
 *     row or struct field of either leaves the other unchanged (fixed fields excepted: they
 *     never change after createGame, and every copy shares them by design).
 * (b) changing any single hashed field (every hashed column of every table and row, every
 *     struct field) changes hashState.
 * (c) a JSON round trip is exact, and stateFromJson refuses a corrupted field with a StateError
 *     that names it.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addRow, type Field, type Fields, keepRows, type TableField } from "../../shared/engine/declare.ts";
import { STATE } from "../../shared/engine/state.ts";
import { fixedLanesOf } from "../../shared/engine/state-io.ts";
import {
  copyState,
  createGame,
  type GameState,
  hashState,
  loadScenario,
  runGame,
  StateError,
  stateFromJson,
  stateToJson,
} from "../../shared/index.ts";

// ---------------------------------------------------------------------------------------------
// The states

interface Sample {
  name: string;
  state: GameState;
}

/** A scenario's state after `quarters` quarters of bots (0: as created). */
function played(scenario: string, seed: number, quarters: number, injected: { shock: string; quarter: number }[] = []): Sample {
  const name = `${scenario}#${seed} q${quarters}${injected.length ? ` (${injected.map((s) => s.shock).join(", ")})` : ""}`;
  if (quarters === 0) return { name, state: createGame(loadScenario(scenario), seed) };
  return { name, state: runGame({ scenario: loadScenario(scenario), seed, quarters, injected }).state };
}

const SAMPLES: Sample[] = [
  played("base", 1, 0),
  played("base", 2, 3, [{ shock: "zoning-freeze", quarter: 1 }]),
  played("classroom", 3, 8),
  played("bubble", 4, 6),
  played("model-ban", 5, 3),
  played("wafer-crunch", 6, 2, [{ shock: "capex-cut", quarter: 4 }]),
];

// ---------------------------------------------------------------------------------------------
// The declaration's fields, as leaves of one state

type Seg = string | number;

/**
 * One field of one state: a struct field, a table's cell (a column's value in one row), an
 * entry of a keyed value, a field of a keyed entry's group, or one account of the ledger.
 */
interface Leaf {
  /** where it is, from the state's root (a table's cell: table, column path, row) */
  path: Seg[];
  /** its declared field (a cell's: its column's; a keyed entry's: the keyed value's) */
  field: Field;
  /** the declaration's name for it, without rows (`companies.books.revenue`) */
  decl: string;
  /** part of the hash: every field on its way hashed, and in a table that is hashed */
  hashed: boolean;
  /** never changes after createGame: shared by every copy */
  fixed: boolean;
  /** a keyed entry (NaN or null: absent) */
  entry: boolean;
  /** the ledger: which part of an account (its low part is NaN for an account never used) */
  ledger?: "low" | "high";
  /**
   * How many containers on `path` (from the root) the working copy owns: writing below them
   * must replace, not modify (declare.ts: "what an array holds below that is never modified
   * in place, only replaced").
   */
  owned: number;
}

const STATE_FIELDS = STATE as unknown as Fields;

/** The tables whose rows the hash sees: records and lists, children of a hashed table, and variants. */
function hashedTables(): Set<string> {
  const out = new Set<string>();
  const tables = Object.entries(STATE_FIELDS).filter((e): e is [string, TableField] => e[1].kind === "table");
  for (const [name, t] of tables) {
    if (t.as !== "elsewhere") out.add(name);
    if (t.variants) for (const v of Object.values(t.variants.tables)) out.add(v.table);
  }
  for (let grew = true; grew; ) {
    grew = false;
    for (const [name, t] of tables)
      if (t.owner && out.has(t.owner) && !out.has(name)) {
        out.add(name);
        grew = true;
      }
  }
  return out;
}
const HASHED_TABLES = hashedTables();

/** Every leaf of a state, found by walking the declaration (and the rows the state has). */
function leavesOf(s: GameState): Leaf[] {
  const out: Leaf[] = [];
  const root = s as unknown as Record<string, unknown>;
  const entries = (
    path: Seg[],
    decl: string,
    f: Field,
    value: unknown,
    hashed: boolean,
    fixed: boolean,
    owned: number,
    keyedBy: string,
  ) => {
    // the entries of a keyed value: one per row of the table it is keyed by
    const n = (root[keyedBy] as { n: number }).n;
    for (let k = 0; k < n; k++) {
      const p = [...path, k];
      const v = (value as unknown[])[k];
      if (f.kind === "keyed" && v !== null && v !== undefined) entries(p, `${decl}.*`, f.value, v, hashed, fixed, owned, f.by);
      else if (f.kind === "group" && v !== null && v !== undefined)
        for (const [g, sub] of Object.entries(f.fields))
          out.push({ path: [...p, g], field: sub, decl: `${decl}.*.${g}`, hashed, fixed, entry: false, owned });
      else out.push({ path: p, field: f, decl: `${decl}.*`, hashed, fixed, entry: true, owned });
    }
  };
  const value = (path: Seg[], decl: string, f: Field, v: unknown, hashed: boolean, fixed: boolean, owned: number) => {
    if (f.kind === "keyed") entries(path, decl, f.value, v, hashed, fixed, owned, f.by);
    else out.push({ path, field: f, decl, hashed, fixed, entry: false, owned });
  };
  const struct = (fields: Fields, path: Seg[], decl: string, hashed: boolean, fixed: boolean) => {
    for (const [k, f] of Object.entries(fields)) {
      const h = hashed && f.hash !== false;
      const x = fixed || !!f.fixed;
      const p = [...path, k];
      const d = decl ? `${decl}.${k}` : k;
      if (f.kind === "children") continue;
      if (f.kind === "group") struct(f.fields, p, d, h, x);
      else if (f.kind === "table") table(k, f, h && HASHED_TABLES.has(k), x);
      else if (f.kind === "ledger") {
        const l = at(root, p) as { low: number[]; high: number[] };
        for (let a = 0; a < l.low.length; a++) {
          out.push({
            path: [...p, "low", a],
            field: f,
            decl: `${d}.low`,
            hashed: h,
            fixed: x,
            entry: false,
            ledger: "low",
            owned: 2,
          });
          // an account never used is absent from the hash, whatever its high part holds
          const used = !Number.isNaN(l.low[a]!);
          out.push({
            path: [...p, "high", a],
            field: f,
            decl: `${d}.high`,
            hashed: h && used,
            fixed: x,
            entry: false,
            ledger: "high",
            owned: 2,
          });
        }
      } else {
        // a struct's own arrays (nums, keyed) are copied one level deep
        value(p, d, f, at(root, p), h, x, f.kind === "nums" || f.kind === "keyed" ? p.length : p.length - 1);
      }
    }
  };
  const table = (name: string, t: TableField, hashed: boolean, fixed: boolean) => {
    const tab = root[name] as { n: number };
    const columns = (fields: Fields, path: Seg[], decl: string, h0: boolean, x0: boolean) => {
      for (const [k, f] of Object.entries(fields)) {
        if (f.kind === "children") continue;
        const h = h0 && f.hash !== false;
        const x = x0 || !!f.fixed;
        const p = [...path, k];
        if (f.kind === "group") {
          columns(f.fields, p, `${decl}.${k}`, h, x);
          continue;
        }
        const col = at(root, p) as unknown[];
        // the column is owned; so is each row of a nums or keyed column (copied row by row)
        for (let r = 0; r < tab.n; r++) {
          const rowOwned = f.kind === "nums" || f.kind === "keyed" ? p.length + 1 : p.length;
          value([...p, r], `${decl}.${k}`, f, col[r], h, x, rowOwned);
        }
      }
    };
    columns(t.fields, [name], name, hashed, fixed);
  };
  struct(STATE_FIELDS, [], "", true, false);
  return out;
}

function at(o: unknown, path: readonly Seg[]): unknown {
  let v = o;
  for (const k of path) v = (v as Record<Seg, unknown>)[k];
  return v;
}

/** Writes a value at a leaf's path, replacing (copying) every container below those the copy owns. */
function write(s: GameState, leaf: Leaf, v: unknown): void {
  let c = s as unknown as Record<Seg, unknown>;
  for (let d = 0; d < leaf.path.length - 1; d++) {
    const k = leaf.path[d]!;
    let next = c[k] as Record<Seg, unknown>;
    if (d + 1 > leaf.owned) {
      next = (Array.isArray(next) ? next.slice() : { ...next }) as Record<Seg, unknown>;
      c[k] = next;
    }
    c = next;
  }
  c[leaf.path.at(-1)!] = v;
}

/** The leaf's table's row count, for a reference (the rows of the table it refers to). */
function rowsOf(s: GameState, table: string): number {
  return (s as unknown as Record<string, { n: number }>)[table]!.n;
}

/** Inputs for a change: a choice in [0, 1) and a number to try. */
interface Change {
  pick: number;
  alt: number;
}

/** A number other than v (and not -0 for 0: the hash sees JSON's numbers, where they are one). */
function otherNumber(v: number, alt: number): number {
  if (Number.isFinite(alt) && alt !== v && !(alt === 0 && v === 0)) return alt;
  if (!Number.isFinite(v) || v === 0) return 1;
  return v * 2;
}

/**
 * Changes one leaf of s to a different value of its field's kind, as the engine writes (in place
 * where the copy owns the container, else a replacement). Returns a description.
 */
function change(s: GameState, leaf: Leaf, { pick, alt }: Change): string {
  const f = leaf.field;
  const v = at(s, leaf.path);
  const set = (x: unknown) => {
    write(s, leaf, x);
    return `${leaf.path.join(".")}: ${JSON.stringify(v)} → ${JSON.stringify(x)}`;
  };
  if (leaf.ledger === "low") return set(Number.isNaN(v as number) ? Math.round(alt) || 1 : (v as number) + (pick < 0.5 ? 1 : -1));
  if (leaf.ledger === "high") return set((v as number) + (pick < 0.5 ? 1 : -1));
  if (leaf.entry) {
    // an absent entry appears, a present one changes or goes
    const absent = v === null || v === undefined || (typeof v === "number" && Number.isNaN(v));
    if (f.kind === "num") return set(absent ? otherNumber(Number.NaN, alt) : pick < 0.3 ? Number.NaN : otherNumber(v as number, alt));
    if (f.kind === "keyed") {
      const n = rowsOf(s, f.by);
      const inner = new Array<number>(n).fill(Number.NaN);
      inner[Math.floor(pick * n)] = 0.5;
      return set(inner);
    }
    if (f.kind === "group") return set(absent ? { policy: "cheapest", model: null, fallback: null } : null);
  }
  switch (f.kind) {
    case "num":
      return set(otherNumber(v as number, alt));
    case "optNum":
      return set(v === null ? otherNumber(Number.NaN, alt) : pick < 0.5 ? null : otherNumber(v as number, alt));
    case "bool":
      return set(!v);
    case "text":
      return set(`${v as string}~`);
    case "optText":
      return set(v === null ? "x" : pick < 0.5 ? null : `${v as string}~`);
    case "enum": {
      const others = f.values.filter((x) => x !== v);
      return set(others[Math.floor(pick * others.length)]);
    }
    case "ref": {
      const n = rowsOf(s, f.table);
      const choices = [...(f.optional ? [-1] : []), ...Array.from({ length: n }, (_, i) => i)].filter((x) => x !== v);
      return set(choices[Math.floor(pick * choices.length)]);
    }
    case "nums": {
      // a window of numbers is modified in place (push, shift, or one number changed)
      const a = at(s, leaf.path) as number[];
      const before = JSON.stringify(a);
      if (a.length < f.max && (a.length === 0 || pick < 0.34)) a.push(otherNumber(Number.NaN, alt));
      else if (pick < 0.67) a.shift();
      else {
        const i = Math.floor(((pick - 0.67) / 0.33) * a.length);
        a[i] = otherNumber(a[i]!, alt);
      }
      return `${leaf.path.join(".")}: ${before} → ${JSON.stringify(a)}`;
    }
    case "texts": {
      const a = v as string[];
      return set(a.length && pick < 0.5 ? a.slice(1) : [...a, "x"]);
    }
    case "json":
      return set(Array.isArray(v) ? [...v, { changed: pick }] : { ...(v as object), changed: pick });
    default:
      throw new Error(`no change for a ${f.kind} at ${leaf.path.join(".")}`);
  }
}

const LEAVES = SAMPLES.map((x) => leavesOf(x.state));
const change$ = fc.record({
  pick: fc.noBias(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true })),
  alt: fc.double({ noNaN: true }),
});
/** A sample's leaves by declared field (`decl`), in the declaration's order. */
function byField(leaves: readonly Leaf[]): Leaf[][] {
  const m = new Map<string, Leaf[]>();
  for (const l of leaves) m.set(l.decl, [...(m.get(l.decl) ?? []), l]);
  return [...m.values()];
}

/**
 * A sample, a declared field of it, a leaf of that field (a row, an entry) and a change: the
 * field is drawn first, so a column of 12 rows is drawn as often as a keyed field of 500 entries.
 */
const anyLeaf = (keep: (l: Leaf) => boolean) => {
  const pools = LEAVES.map((ls) => byField(ls.filter(keep)));
  // unbiased (fast-check leans towards small numbers by default, which would favour the first fields)
  const index = fc.noBias(fc.nat({ max: 0x7fffffff }));
  return fc.tuple(fc.nat(SAMPLES.length - 1), index, index, change$).map(([i, u, w, c]) => {
    const fields = pools[i]!;
    const leaves = fields[u % fields.length]!;
    return { i, leaf: leaves[w % leaves.length]!, c };
  });
};

/** Every declared field (struct fields, groups' fields, every table's columns), by the declaration's name. */
function declaredNames(): { name: string; hashed: boolean }[] {
  const out: { name: string; hashed: boolean }[] = [];
  const walk = (fields: Fields, prefix: string, hashed: boolean) => {
    for (const [k, f] of Object.entries(fields)) {
      if (f.kind === "children") continue;
      const name = prefix ? `${prefix}.${k}` : k;
      const h = hashed && f.hash !== false;
      if (f.kind === "group") walk(f.fields, name, h);
      else if (f.kind === "table") walk(f.fields, k, h && HASHED_TABLES.has(k));
      else if (f.kind === "ledger") out.push({ name: `${name}.low`, hashed: h }, { name: `${name}.high`, hashed: h });
      else out.push({ name, hashed: h });
    }
  };
  walk(STATE_FIELDS, "", true);
  return out;
}

/** A leaf's declared name without keyed entries' and groups-in-entries' parts. */
const fieldName = (l: Leaf) => l.decl.replace(/\.\*.*$/, "");

describe("declared state: the samples cover the declaration", () => {
  it("every declared field has a value in some sample state (so every property below reaches it)", () => {
    const seen = new Set(LEAVES.flat().map(fieldName));
    const missing = declaredNames()
      .map((d) => d.name)
      .filter((n) => !seen.has(n));
    expect(missing).toEqual([]);
    // and the walk found the hashed fields the declaration declares hashed
    const hashedSeen = new Set(
      LEAVES.flat()
        .filter((l) => l.hashed)
        .map(fieldName),
    );
    const hashedMissing = declaredNames()
      .filter((d) => d.hashed)
      .map((d) => d.name)
      .filter((n) => !hashedSeen.has(n));
    expect(hashedMissing).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------
// (a) the working copy

describe("declared state (a): copyState is deep-equal and independent", () => {
  it("a copy is deep-equal to its state, with the same hash, and shares exactly its fixed fields", () => {
    for (const { name, state } of SAMPLES) {
      const copy = copyState(state);
      expect(copy, name).toEqual(state);
      expect(hashState(copy), name).toBe(hashState(state));
      for (const [k, f] of Object.entries(STATE_FIELDS)) {
        const a = (state as unknown as Record<string, unknown>)[k];
        const b = (copy as unknown as Record<string, unknown>)[k];
        if (f.fixed) expect(b, `${name}: fixed ${k} shared`).toBe(a);
        // json values and lists of texts are replaced whole, never modified: shared too
        else if (a !== null && typeof a === "object" && f.kind !== "json" && f.kind !== "texts")
          expect(b, `${name}: ${k} copied`).not.toBe(a);
      }
    }
  });

  /** A write to one leaf of one of two states; the other must not change. */
  const independent = (writeTo: "copy" | "original") =>
    fc.property(
      anyLeaf((l) => !l.fixed),
      ({ i, leaf, c }) => {
        const original = SAMPLES[i]!.state;
        const snapshot = structuredClone(original);
        const copy = copyState(original);
        const target = writeTo === "copy" ? copy : original;
        const other = writeTo === "copy" ? original : copy;
        const otherBefore = writeTo === "copy" ? snapshot : structuredClone(copy);
        const hashBefore = hashState(other);
        const what = change(target, leaf, c);
        expect(at(target, leaf.path), what).not.toEqual(at(otherBefore, leaf.path));
        expect(other, `${what} leaked into the ${writeTo === "copy" ? "original" : "copy"}`).toEqual(otherBefore);
        expect(hashState(other), what).toBe(hashBefore);
        if (writeTo === "original") {
          // put the shared sample back (the write may have replaced a container or changed one in place)
          SAMPLES[i]!.state = snapshot;
          LEAVES[i] = leavesOf(snapshot);
        }
      },
    );

  it("writing any field of the copy (column cells, rows of nums and keyed columns, struct fields, the ledger) leaves the original unchanged", () => {
    fc.assert(independent("copy"), { numRuns: 400, seed: 2001 });
  });

  it("writing any field of the original leaves the copy unchanged", () => {
    fc.assert(independent("original"), { numRuns: 300, seed: 2002 });
  });

  it("every declared field, in its first and last row or entry, written in the copy or the original, leaves the other unchanged (exhaustive)", () => {
    const written = new Set<string>();
    for (const [i, { name, state }] of SAMPLES.entries()) {
      const snapshot = structuredClone(state);
      for (const leaves of byField(LEAVES[i]!.filter((l) => !l.fixed))) {
        for (const leaf of new Set([leaves[0]!, leaves.at(-1)!])) {
          // in the copy: the sample itself must stay as it was
          const copy = copyState(state);
          let what = change(copy, leaf, { pick: 0.2, alt: 0.5 });
          expect(state, `${name}: ${what} in the copy leaked`).toEqual(snapshot);
          // in the original (a fresh one): its copy must stay equal to the sample
          const original = structuredClone(snapshot);
          const other = copyState(original);
          what = change(original, leaf, { pick: 0.8, alt: 0.5 });
          expect(other, `${name}: ${what} in the original leaked`).toEqual(snapshot);
        }
        written.add(leaves[0]!.decl.replace(/\.\*.*$/, ""));
      }
    }
    const fixed = new Set(
      LEAVES.flat()
        .filter((l) => l.fixed)
        .map((l) => l.decl.replace(/\.\*.*$/, "")),
    );
    expect(
      declaredNames()
        .map((d) => d.name)
        .filter((n) => !fixed.has(n) && !written.has(n)),
    ).toEqual([]);
  }, 120_000); // every field of every sample: tens of seconds on a loaded 2-core machine

  it("adding and removing rows of any table that grows in a game, in the copy or the original, leaves the other unchanged", () => {
    // a table with a fixed column never gains or loses rows (the column is shared by every copy)
    const fixedColumn = (fields: Fields): boolean =>
      Object.values(fields).some((f) => f.fixed || (f.kind === "group" && fixedColumn(f.fields)));
    const tables = Object.entries(STATE_FIELDS).filter(
      (e): e is [string, TableField] => e[1].kind === "table" && !e[1].fixed && !fixedColumn(e[1].fields),
    );
    expect(tables.map(([t]) => t).sort()).toEqual(["accelOrders", "builds", "cohorts", "contracts", "lots"]);
    /** row r of a table as the values addRow takes (groups as objects) */
    const rowOf = (fields: Fields, cols: Record<string, unknown>, r: number): Record<string, unknown> => {
      const out: Record<string, unknown> = {};
      for (const [k, f] of Object.entries(fields)) {
        if (f.kind === "children") continue;
        out[k] = f.kind === "group" ? rowOf(f.fields, cols[k] as Record<string, unknown>, r) : structuredClone((cols[k] as unknown[])[r]);
      }
      return out;
    };
    let checked = 0;
    for (const { name, state } of SAMPLES) {
      for (const [t, decl] of tables) {
        for (const target of ["copy", "original"] as const) {
          const original = structuredClone(state);
          const copy = copyState(original);
          const other = target === "copy" ? original : copy;
          const before = structuredClone(other);
          const tab = (target === "copy" ? copy : original) as unknown as Record<string, { n: number }>;
          const n = tab[t]!.n;
          if (n === 0) continue;
          // a row appended (a copy of the last), then the first removed
          addRow(decl, tab[t]!, rowOf(decl.fields, tab[t] as unknown as Record<string, unknown>, n - 1) as never);
          keepRows(decl, tab[t]!, (r) => r !== 0);
          expect(tab[t]!.n).toBe(n);
          expect(other, `${name}: rows of ${t} of the ${target} leaked`).toEqual(before);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThanOrEqual(2 * tables.length);
  }, 120_000); // every field of every sample: tens of seconds on a loaded 2-core machine
});

// ---------------------------------------------------------------------------------------------
// (b) the hash sees every field

describe("declared state (b): changing any single hashed field changes hashState", () => {
  /** A changed state's hash; a fixed text column's lanes are made again, as for a state read from JSON. */
  const hashAfter = (s: GameState, leaf: Leaf) => {
    if (leaf.fixed) s.lanes = fixedLanesOf(s);
    return hashState(s);
  };

  it("every declared hashed field, in its first and last row or entry, changes the hash (exhaustive over the declaration)", () => {
    const changed = new Set<string>();
    for (const [i, { name, state }] of SAMPLES.entries()) {
      const original = hashState(state);
      // each declared field's first and last leaf in this sample
      const byField = new Map<string, Leaf[]>();
      for (const leaf of LEAVES[i]!) if (leaf.hashed) byField.set(leaf.decl, [...(byField.get(leaf.decl) ?? []), leaf]);
      for (const [decl, leaves] of byField) {
        for (const leaf of new Set([leaves[0]!, leaves.at(-1)!])) {
          for (const pick of [0.1, 0.9]) {
            const s = structuredClone(state);
            const what = change(s, leaf, { pick, alt: 0.123456789 });
            expect(hashAfter(s, leaf), `${name}: ${what}`).not.toBe(original);
          }
        }
        changed.add(decl.replace(/\.\*.*$/, ""));
      }
    }
    // every hashed field of the declaration was changed in some sample
    const hashed = declaredNames()
      .filter((d) => d.hashed)
      .map((d) => d.name);
    expect(hashed.filter((n) => !changed.has(n))).toEqual([]);
  });

  it("any hashed leaf of any sample, changed to any other value, changes the hash (fast-check)", () => {
    fc.assert(
      fc.property(
        anyLeaf((l) => l.hashed),
        ({ i, leaf, c }) => {
          const state = SAMPLES[i]!.state;
          const s = structuredClone(state);
          const what = change(s, leaf, c);
          expect(hashAfter(s, leaf), what).not.toBe(hashState(state));
        },
      ),
      { numRuns: 600, seed: 2003 },
    );
  });

  it("removing any row of a list or child table changes the hash", () => {
    const tables = Object.entries(STATE_FIELDS).filter(
      (e): e is [string, TableField] => e[1].kind === "table" && (e[1].as === "list" || !!e[1].owner) && e[0] !== "classes",
    );
    expect(tables.map(([t]) => t).sort()).toEqual(["accelOrders", "builds", "cohorts", "contracts", "lots"]);
    for (const { name, state } of SAMPLES) {
      for (const [t, decl] of tables) {
        const n = (state as unknown as Record<string, { n: number }>)[t]!.n;
        for (let r = 0; r < n; r++) {
          const s = structuredClone(state);
          keepRows(decl, (s as unknown as Record<string, { n: number }>)[t]!, (x) => x !== r);
          expect(hashState(s), `${name}: ${t} row ${r} removed`).not.toBe(hashState(state));
        }
      }
    }
  });

  it("the world, the catalogue and the history are hashed through their digests only: changing them leaves the hash", () => {
    const through = Object.entries(STATE_FIELDS)
      .filter(([, f]) => f.kind === "json" && f.hash === false && f !== STATE.lanes)
      .map(([k]) => k);
    expect(through.sort()).toEqual(["catalogue", "history", "world"]);
    for (const [i, { name, state }] of SAMPLES.entries()) {
      for (const leaf of LEAVES[i]!.filter((l) => through.includes(String(l.path[0])))) {
        const s = structuredClone(state);
        const what = change(s, leaf, { pick: 0.5, alt: 7 });
        expect(hashState(s), `${name}: ${what}`).toBe(hashState(state));
      }
    }
  });
});

// ---------------------------------------------------------------------------------------------
// (c) JSON

/** The JSON form of a state, as a server or a file keeps it. */
const jsonOf = (s: GameState) => JSON.parse(JSON.stringify(stateToJson(s))) as Record<string, unknown>;

/** A value of the wrong kind for a field. */
function corruptValue(leaf: Leaf): unknown {
  switch (leaf.field.kind) {
    case "num":
    case "optNum":
    case "ref":
    case "ledger":
    case "bool":
    case "enum":
      return "x";
    case "text":
    case "optText":
      return 5;
    case "nums":
      return ["x"];
    case "texts":
      return [5];
    case "keyed":
      return "x";
    case "group":
      return 5;
    default:
      return undefined;
  }
}

describe("declared state (c): JSON", () => {
  it("a JSON round trip is exact: deep-equal, the same hash, and it resolves the same", () => {
    for (const { name, state } of SAMPLES) {
      const back = stateFromJson(jsonOf(state));
      expect(back, name).toEqual(state);
      expect(hashState(back), name).toBe(hashState(state));
      expect(stateToJson(back), name).toEqual(stateToJson(state));
    }
  });

  it("stateFromJson refuses any corrupted field with a StateError naming it", () => {
    fc.assert(
      fc.property(
        anyLeaf((l) => l.field.kind !== "json"),
        ({ i, leaf }) => {
          const data = jsonOf(SAMPLES[i]!.state);
          const bad = corruptValue(leaf);
          let c = data as Record<Seg, unknown>;
          for (const k of leaf.path.slice(0, -1)) c = c[k] as Record<Seg, unknown>;
          c[leaf.path.at(-1)!] = bad;
          // the ledger's parts are named by account: "state.ledger: account 12: …"
          const named = leaf.ledger
            ? `state.${leaf.path.slice(0, -2).join(".")}: account ${leaf.path.at(-1)}:`
            : `state.${leaf.path.join(".")}:`;
          let error: unknown = null;
          try {
            stateFromJson(data);
          } catch (e) {
            error = e;
          }
          expect(error, `${named} ${JSON.stringify(bad)} was accepted`).toBeInstanceOf(StateError);
          expect((error as Error).message.startsWith(named), (error as Error).message).toBe(true);
        },
      ),
      { numRuns: 400, seed: 2004 },
    );
  });

  it("refuses a missing field, an unknown field, a short column and a bad row count, naming each", () => {
    const data = () => jsonOf(SAMPLES[1]!.state);
    const fails = (d: Record<string, unknown>, named: string) => {
      expect(() => stateFromJson(d)).toThrow(StateError);
      expect(() => stateFromJson(d)).toThrow(new RegExp(`^${named.replace(/[.*]/g, "\\$&")}`));
    };
    for (const k of Object.keys(STATE_FIELDS)) {
      const d = data();
      delete d[k];
      fails(d, `state.${k}: missing`);
    }
    fails({ ...data(), extra: 1 }, "state.extra: unknown field");
    const short = data();
    (short.contracts as { price: unknown[] }).price.pop();
    fails(short, "state.contracts.price: not a column of");
    const count = data();
    (count.models as { n: unknown }).n = -1;
    fails(count, "state.models.n: not a row count");
    const column = data();
    (column.companies as Record<string, unknown>).bogus = [];
    fails(column, "state.companies.bogus: unknown column");
  });

  it("refuses a reference to a row that does not exist, naming it", () => {
    for (const [table, column] of [
      ["contracts", "lab"],
      ["cohorts", "owner"],
      ["companies", "roleRow"],
    ] as const) {
      const d = jsonOf(SAMPLES[1]!.state);
      ((d[table] as Record<string, unknown[]>)[column] as number[])[0] = 999;
      expect(() => stateFromJson(d)).toThrow(new RegExp(`^state\\.${table}\\.${column}\\.0:`));
    }
  });

  it("refuses a keyed value without one entry per row of its table, naming it", () => {
    const d = jsonOf(SAMPLES[1]!.state);
    d.classScale = [1];
    expect(() => stateFromJson(d)).toThrow(/^state\.classScale:/);
  });

  it("the hash's lanes are made again when a state is read, not trusted", () => {
    const { state } = SAMPLES[0]!;
    const d = jsonOf(state);
    const lanes = d.lanes as Record<string, number[]>;
    for (const k of Object.keys(lanes)) lanes[k] = lanes[k]!.map(() => 0);
    const back = stateFromJson(d);
    expect(back.lanes).toEqual(state.lanes);
    expect(hashState(back)).toBe(hashState(state));
  });
});
