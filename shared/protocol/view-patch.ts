/**
 * Deep patches between two JSON-like values (a seat's views of two moments): only the changed
 * leaves travel. `diffValue(a, b)` builds the patch, `applyPatch(a, patch)` rebuilds `b` from `a`
 * without modifying `a` (unchanged subtrees are shared between the two). docs/protocol.md
 * describes the format for clients that do not use this file.
 *
 * A patch (an "op") is one of:
 * - a number, string, boolean or null: the new value;
 * - an object: an object patch, { key: op } for each key whose value changed or was added;
 * - an array whose first element is a tag:
 *   - [SET, value]: the new value, whole (an object or array that is new or replaced);
 *   - [DEL]: the key is removed (only as a value in an object patch);
 *   - [KEYED, ids | 0, { id: op }]: an array of objects keyed by their string `id`: the elements
 *     in the order `ids` (0: the old ids in their old order), each the old element with that id
 *     patched by its op when it has one; an element with no old one comes as [SET, element];
 *   - [LIST, length, { index: op }, shift?]: an array of `length` elements, element i being the
 *     old element i + shift (shift 0 when absent) patched by its op when it has one; a list that
 *     drops its first element and appends one (a sliding window) is a shift of 1. An element
 *     past the old array's end always has an op, applied to the old array's last element (a new
 *     history entry is sent as what differs from the one before it; {} copies it as it is).
 *
 * Values are compared with Object.is (NaN equals NaN, -0 differs from 0). `undefined` inside
 * objects is a value like another (msgpack keeps it).
 *
 * Shapes (packShapes, and applyPatch's `shapes`): in a packed patch, an object patch or a
 * { key: op } map of KEYED or LIST may be [SHAPE, i, op1, op2, ...]: the map whose keys are
 * `shapes[i]`, in order, with those ops. `shapes` is a table that sender and receiver both
 * hold; a patch adds the key sets it uses more than once that the table lacks.
 */

export const SET = 0;
export const DEL = 1;
export const KEYED = 2;
export const LIST = 3;
export const SHAPE = 4;

/** A patch; see the file's comment for the forms. */
export type PatchOp = null | boolean | number | string | undefined | { [key: string]: PatchOp } | readonly unknown[];

/** Thrown by applyPatch when a patch does not fit the value it is applied to (the client must resync). */
export class PatchError extends Error {}

/** Returned by diffValue when nothing changed. */
export const UNCHANGED: unique symbol = Symbol("unchanged");

type Obj = Record<string, unknown>;

function isObject(x: unknown): x is Obj {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}

const same = Object.is;

const own = (o: object, k: string) => Object.hasOwn(o, k);

/** The op that sets `b` whole. */
function setOp(b: unknown): PatchOp {
  return typeof b === "object" && b !== null ? [SET, b] : (b as PatchOp);
}

/** The patch that turns `a` into `b`, or UNCHANGED. */
export function diffValue(a: unknown, b: unknown): PatchOp | typeof UNCHANGED {
  if (same(a, b)) return UNCHANGED;
  if (typeof a === "object" && a !== null && typeof b === "object" && b !== null) {
    const aArray = Array.isArray(a);
    if (aArray !== Array.isArray(b)) return setOp(b);
    return aArray ? diffArray(a as unknown[], b as unknown[]) : diffObject(a as Obj, b as Obj);
  }
  return setOp(b);
}

/**
 * Patches already computed, by old value then new value (objects and arrays only): the views
 * of several seats share their public parts, which are then diffed once for all of them.
 */
export type DiffMemo = Map<object, Map<object, PatchOp | typeof UNCHANGED>>;

/** diffValue of two objects whose object-valued fields are looked up in (and added to) `memo`. */
export function diffFields(a: Obj, b: Obj, memo: DiffMemo): PatchOp | typeof UNCHANGED {
  return diffObject(a, b, (x, y) => {
    if (typeof x !== "object" || x === null || typeof y !== "object" || y === null) return diffValue(x, y);
    let m = memo.get(x);
    if (!m) {
      m = new Map();
      memo.set(x, m);
    }
    let op = m.get(y);
    if (op === undefined) {
      op = diffValue(x, y);
      m.set(y, op);
    }
    return op;
  });
}

function diffObject(a: Obj, b: Obj, diff: (x: unknown, y: unknown) => PatchOp | typeof UNCHANGED = diffValue): PatchOp | typeof UNCHANGED {
  let ops: { [key: string]: PatchOp } | null = null;
  const bKeys = Object.keys(b);
  const aKeys = Object.keys(a);
  // the usual case: the same keys in the same order
  let sameKeys = aKeys.length === bKeys.length;
  for (let i = 0; sameKeys && i < bKeys.length; i++) sameKeys = aKeys[i] === bKeys[i];
  for (const k of bKeys) {
    const op = sameKeys || own(a, k) ? diff(a[k], b[k]) : setOp(b[k]);
    if (op === UNCHANGED) continue;
    ops ??= {};
    ops[k] = op;
  }
  if (!sameKeys)
    for (const k of aKeys) {
      if (own(b, k)) continue;
      ops ??= {};
      ops[k] = [DEL];
    }
  return ops ?? UNCHANGED;
}

/** The elements' ids when every element is an object with a distinct string `id`; else null. */
function idsOf(xs: readonly unknown[]): string[] | null {
  const ids: string[] = [];
  for (const x of xs) {
    const id = isObject(x) ? x.id : undefined;
    if (typeof id !== "string") return null;
    ids.push(id);
  }
  return new Set(ids).size === ids.length ? ids : null;
}

function diffArray(a: readonly unknown[], b: readonly unknown[]): PatchOp | typeof UNCHANGED {
  const aIds = a.length > 0 ? idsOf(a) : null;
  const bIds = aIds ? idsOf(b) : null;
  if (aIds && bIds) return diffKeyed(a as Obj[], aIds, b as Obj[], bIds);
  return diffList(a, b);
}

function diffKeyed(a: Obj[], aIds: string[], b: Obj[], bIds: string[]): PatchOp | typeof UNCHANGED {
  const old = new Map<string, Obj>();
  for (let i = 0; i < a.length; i++) old.set(aIds[i]!, a[i]!);
  let ops: { [id: string]: PatchOp } | null = null;
  for (let i = 0; i < b.length; i++) {
    const prev = old.get(bIds[i]!);
    const op = prev === undefined ? ([SET, b[i]] as PatchOp) : diffValue(prev, b[i]);
    if (op === UNCHANGED) continue;
    ops ??= {};
    ops[bIds[i]!] = op;
  }
  const reordered = aIds.length !== bIds.length || aIds.some((id, i) => bIds[i] !== id);
  if (!ops && !reordered) return UNCHANGED;
  return [KEYED, reordered ? bIds : 0, ops ?? {}];
}

/**
 * Positional patch of b against a shifted by `shift`: how many elements it sets or patches, and
 * how many of those it patches in part (an element that keeps some of the old one's fields).
 */
function listOps(
  a: readonly unknown[],
  b: readonly unknown[],
  shift: number,
): { ops: { [i: string]: PatchOp }; changed: number; partial: number } {
  const ops: { [i: string]: PatchOp } = {};
  let changed = 0;
  let partial = 0;
  for (let i = 0; i < b.length; i++) {
    const j = i + shift;
    let op: PatchOp | typeof UNCHANGED;
    if (j < a.length) op = diffValue(a[j], b[i]);
    else {
      const last = a[a.length - 1];
      const x = b[i];
      op = isObject(last) && isObject(x) ? diffObject(last, x) : setOp(x);
      if (op === UNCHANGED) op = {};
    }
    if (op === UNCHANGED) continue;
    ops[i] = op;
    changed++;
    if (j < a.length && isPartial(op)) partial++;
  }
  return { ops, changed, partial };
}

/** Whether an op keeps part of the value it patches (an object patch, or a KEYED or LIST one). */
function isPartial(op: PatchOp): boolean {
  if (typeof op !== "object" || op === null) return false;
  return !Array.isArray(op) || op[0] === KEYED || op[0] === LIST;
}

function diffList(a: readonly unknown[], b: readonly unknown[]): PatchOp | typeof UNCHANGED {
  let best = listOps(a, b, 0);
  let shift = 0;
  // a sliding window: the first element dropped, one appended
  if (best.changed > 1 && a.length > 1 && b.length >= a.length - 1) {
    const shifted = listOps(a, b, 1);
    if (shifted.changed < best.changed) {
      best = shifted;
      shift = 1;
    }
  }
  if (best.changed === 0 && a.length === b.length) return UNCHANGED;
  // nothing kept from the old array: send it whole (an element patched in part keeps the
  // rest of its old self, and its patch packs smaller than the element: packShapes)
  if (best.changed === b.length && best.partial === 0 && b.length > 0) return [SET, b];
  return shift ? [LIST, b.length, best.ops, shift] : [LIST, b.length, best.ops];
}

function fail(why: string): never {
  throw new PatchError(`the patch does not fit this view: ${why}`);
}

/** The key sets that SHAPE maps index (a message's `shapes`). */
export type Shapes = readonly (readonly string[])[];

/**
 * `a` with the patch applied (a new value; `a` is not modified; unchanged parts are shared).
 * `shapes`: the key sets its SHAPE maps index. Throws PatchError when it does not fit.
 */
export function applyPatch(a: unknown, op: unknown, shapes: Shapes = []): unknown {
  if (typeof op !== "object" || op === null) return op;
  if (!Array.isArray(op)) return applyObject(a, op, shapes);
  switch (op[0]) {
    case SET:
      return op[1];
    case KEYED:
      return applyKeyed(a, op[1], op[2], shapes);
    case LIST:
      return applyList(a, op[1], op[2], op[3], shapes);
    case SHAPE:
      return applyObject(a, op, shapes);
    default:
      return fail(`unknown tag ${JSON.stringify(op[0])}`);
  }
}

/** The keys of a { key: op } map or a SHAPE map, and where its ops are (ops[from + i] is keys[i]'s). */
function entriesOf(m: unknown, shapes: Shapes): { keys: readonly string[]; ops: readonly unknown[]; from: number } {
  if (Array.isArray(m)) {
    const keys = m[0] === SHAPE ? shapes[m[1] as number] : undefined;
    if (!Array.isArray(keys) || keys.length !== m.length - 2) fail(`no shape ${JSON.stringify(m[1])} of ${m.length - 2} keys`);
    return { keys, ops: m, from: 2 };
  }
  if (!isObject(m)) fail("a map that is neither an object nor a shape");
  const keys = Object.keys(m);
  return { keys, ops: keys.map((k) => m[k]), from: 0 };
}

/** A { key: op } map or a SHAPE map as a Map. */
function opsMap(m: unknown, shapes: Shapes): Map<string, unknown> {
  const { keys, ops, from } = entriesOf(m, shapes);
  const out = new Map<string, unknown>();
  for (let i = 0; i < keys.length; i++) out.set(keys[i]!, ops[from + i]);
  return out;
}

function applyObject(a: unknown, m: unknown, shapes: Shapes): Obj {
  if (!isObject(a)) fail("an object patch for a value that is not an object");
  const { keys, ops, from } = entriesOf(m, shapes);
  const out: Obj = { ...a };
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    if (k === "__proto__") fail("a key named __proto__");
    const op = ops[from + i];
    if (Array.isArray(op) && op[0] === DEL) delete out[k];
    else out[k] = applyPatch(a[k], op, shapes);
  }
  return out;
}

function applyKeyed(a: unknown, order: unknown, m: unknown, shapes: Shapes): unknown[] {
  if (!Array.isArray(a)) fail("a keyed patch for a value that is not an array");
  const ops = opsMap(m, shapes);
  const old = new Map<unknown, unknown>();
  for (const x of a) old.set(isObject(x) ? x.id : undefined, x);
  const ids = order === 0 ? a.map((x) => (isObject(x) ? x.id : undefined)) : order;
  if (!Array.isArray(ids)) fail("a keyed patch without its ids");
  return ids.map((id) => {
    if (typeof id !== "string") fail("an id that is not a string");
    if (ops.has(id)) return applyPatch(old.get(id), ops.get(id), shapes);
    if (!old.has(id)) fail(`no element "${id}" to keep`);
    return old.get(id);
  });
}

function applyList(a: unknown, length: unknown, m: unknown, shift: unknown, shapes: Shapes): unknown[] {
  const by = shift ?? 0;
  if (!Array.isArray(a) || typeof length !== "number" || typeof by !== "number") fail("a list patch for a value that is not an array");
  const ops = opsMap(m, shapes);
  const out = new Array<unknown>(length);
  for (let i = 0; i < length; i++) {
    const j = i + by;
    const k = String(i);
    if (ops.has(k)) out[i] = applyPatch(j < a.length ? a[j] : a[a.length - 1], ops.get(k), shapes);
    else if (j < a.length) out[i] = a[j];
    else fail(`no element ${j} to keep`);
  }
  return out;
}

// ---------- shapes ----------

/** A packed patch: `op` uses SHAPE maps that index the receiver's table followed by `shapes`. */
export interface PackedPatch {
  /** the key sets added to the table */
  shapes: string[][];
  op: PatchOp;
}

/** Calls fn on every { key: op } map of the patch (object patches and the maps of KEYED and LIST). */
function eachMap(op: unknown, fn: (m: Obj) => void): void {
  if (typeof op !== "object" || op === null) return;
  if (!Array.isArray(op)) {
    fn(op as Obj);
    for (const k in op) eachMap((op as Obj)[k], fn);
    return;
  }
  if (op[0] !== KEYED && op[0] !== LIST) return;
  const m = op[2] as Obj;
  fn(m);
  for (const k in m) eachMap(m[k], fn);
}

/**
 * The key-set table a packed message uses: `known` (what the receiver holds), then each other
 * key set of two keys or more that `each` visits at least `uses` times (added, in the order
 * first seen).
 */
function shapeTable(
  known: Shapes,
  uses: number,
  each: (visit: (keys: string[]) => void) => void,
): { index: Map<string, number>; shapes: string[][] } {
  const index = new Map<string, number>();
  for (let i = 0; i < known.length; i++) index.set(known[i]!.join("\u0000"), i);
  const counts = new Map<string, number>();
  each((keys) => {
    if (keys.length < 2) return;
    const sig = keys.join("\u0000");
    if (!index.has(sig)) counts.set(sig, (counts.get(sig) ?? 0) + 1);
  });
  const shapes: string[][] = [];
  for (const [sig, n] of counts) {
    if (n < uses) continue;
    index.set(sig, known.length + shapes.length);
    shapes.push(sig.split("\u0000"));
  }
  return { index, shapes };
}

/**
 * Flat objects (a quarter's events) with their key sets named by index, as packShapes names
 * a patch's: each object of two keys or more becomes [SHAPE, i, value…] (its values as they
 * are), its key set added to the table when the table lacks it, since the same kinds of event
 * come back quarter after quarter. Returns the key sets added (indexed after `known`) and the
 * packed objects; unpackRows reverses it.
 */
export function packRows(rows: readonly object[], known: Shapes = []): { shapes: string[][]; rows: unknown[] } {
  const { index, shapes } = shapeTable(known, 1, (visit) => {
    for (const r of rows) visit(Object.keys(r));
  });
  const packed = rows.map((r) => {
    const keys = Object.keys(r);
    const i = keys.length >= 2 ? index.get(keys.join("\u0000")) : undefined;
    return i === undefined ? r : [SHAPE, i, ...keys.map((k) => (r as Obj)[k])];
  });
  return { shapes, rows: packed };
}

/** The objects packRows packed, rebuilt with the key-set table (`shapes`: the known and the added). */
export function unpackRows(rows: readonly unknown[], shapes: Shapes): Obj[] {
  return rows.map((r) => {
    if (!Array.isArray(r)) return r as Obj;
    if (r[0] !== SHAPE) throw new PatchError(`a packed row is not a SHAPE: ${JSON.stringify(r[0])}`);
    const keys = shapes[r[1] as number];
    if (!keys || keys.length !== r.length - 2) throw new PatchError(`a packed row names key set ${r[1]}, which does not fit it`);
    const out: Obj = {};
    for (let k = 0; k < keys.length; k++) out[keys[k]!] = r[k + 2];
    return out;
  });
}

/**
 * The patch with its key sets named by index: those in `known` (the table the receiver holds)
 * wherever they occur, and each other key set used by two maps or more, added to the table.
 * Returns the added key sets (indexed after `known`) and the packed patch.
 */
export function packShapes(op: PatchOp, known: Shapes = []): PackedPatch {
  const { index, shapes } = shapeTable(known, 2, (visit) => eachMap(op, (m) => visit(Object.keys(m))));
  if (index.size === 0) return { shapes, op };
  const packMap = (m: Obj): unknown => {
    const keys = Object.keys(m);
    const i = keys.length >= 2 ? index.get(keys.join("\u0000")) : undefined;
    if (i === undefined) {
      const out: Obj = {};
      for (const k of keys) out[k] = pack(m[k]);
      return out;
    }
    return [SHAPE, i, ...keys.map((k) => pack(m[k]))];
  };
  const pack = (x: unknown): unknown => {
    if (typeof x !== "object" || x === null) return x;
    if (!Array.isArray(x)) return packMap(x as Obj);
    if (x[0] === KEYED || x[0] === LIST) return [x[0], x[1], packMap(x[2] as Obj), ...x.slice(3)];
    return x;
  };
  return { shapes, op: pack(op) as PatchOp };
}
