/**
 * The language the game state is declared in (state.ts), and what follows from a declaration:
 * the TypeScript types, the working copy, the state hash, the JSON form and its validation.
 * Nothing here knows a field of the game; a new field is one line in state.ts.
 *
 * The state is a struct (one object) of fields. Entities that repeat (companies, models, task
 * classes, contracts, accelerator cohorts…) are tables: integer-indexed rows held as columns,
 * one plain array per field (a `group` is a set of columns under one name). Rows of a child
 * table belong to a row of another (its `owner` column); a table with `variants` continues each
 * of its rows in the row of another table chosen by a field (a company's role). Plain arrays
 * keep the state plain JSON; a column of numbers is an unboxed array of doubles.
 *
 * Copies. Every array in the state is copied one level deep by the working copy; what an array
 * holds below that (a window's numbers excepted, see below) is never modified in place, only
 * replaced. Fields marked `fixed` never change after createGame and are shared by every copy.
 *
 * Hash (declare-hash.ts). The hash walks the declaration in its order (the canonical order),
 * mixing each field as its kind says (hash.ts): numbers, booleans and strings as leaves; a
 * `group` with a `shape` opens with its tag and field count; lists as their length and items;
 * records (a table hashed `as: "record"`, a `keyed` field) entry by entry, each entry from a
 * fresh seed over its key, the entries summed so that order does not matter. Fields marked
 * `hash: false` are structure (an owner, a variant's row), implied by where a row is hashed.
 */

import { doubles } from "./math.ts";

// ---------------------------------------------------------------------------------------------
// Fields

interface Base {
  /** what the field means, with its unit */
  readonly doc: string;
  /** never changes after createGame: shared by every copy of the state */
  readonly fixed?: boolean;
  /** false: structure, not content (not hashed) */
  readonly hash?: boolean;
}

export interface NumField extends Base {
  readonly kind: "num";
  readonly unit: string;
}
export interface BoolField extends Base {
  readonly kind: "bool";
}
export interface TextField extends Base {
  readonly kind: "text";
}
/** a string or null */
export interface OptTextField extends Base {
  readonly kind: "optText";
}
/** a number or null */
export interface OptNumField extends Base {
  readonly kind: "optNum";
  readonly unit: string;
}
export interface EnumField<V extends string = string> extends Base {
  readonly kind: "enum";
  readonly values: readonly V[];
}
/** a row of another table (its index; -1 for none when `optional`), hashed as that row's id */
export interface RefField extends Base {
  readonly kind: "ref";
  readonly table: string;
  readonly optional?: boolean;
}
/** a list of numbers (e.g. the last quarters of a figure), modified in place by push and shift */
export interface NumsField extends Base {
  readonly kind: "nums";
  readonly unit: string;
  /** the longest it gets */
  readonly max: number;
}
/** a list of strings, replaced whole */
export interface TextsField extends Base {
  readonly kind: "texts";
}
/** one value per row of another table (NaN or null where absent), hashed as a record keyed by the rows' ids */
export interface KeyedField extends Base {
  readonly kind: "keyed";
  readonly by: string;
  readonly value: Field;
}
/** a record keyed by arbitrary strings (public figures by company id in history entries) */
export interface DictField extends Base {
  readonly kind: "dict";
  readonly value: Field;
}
/** fields under one name; with a shape, hashed as an object of its own (tag and field count) */
export interface GroupField<F extends Fields = Fields> extends Base {
  readonly kind: "group";
  readonly fields: F;
  readonly shape?: readonly [tag: number, count: number];
}
/** the rows of a child table that this row owns, in order, hashed as a list */
export interface ChildrenField extends Base {
  readonly kind: "children";
  readonly table: string;
}
/** any JSON value, immutable (replaced, never modified), hashed by the generic walk */
export interface JsonField<T = unknown> extends Base {
  readonly kind: "json";
  /** phantom: the value's type */
  readonly _type?: T;
}
/** a struct (the root) field holding a table */
export interface TableField<F extends Fields = Fields> extends Base {
  readonly kind: "table";
  readonly fields: F;
  /** how the table is hashed where it is declared: as a record keyed by its `id` field, as a list, or not there (via its owners) */
  readonly as: "record" | "list" | "elsewhere";
  /** each row's shape tag and field count (a record's or list's rows) */
  readonly shape?: readonly [tag: number, count: number];
  /** for a child table: the table whose rows own these (its `owner` column) */
  readonly owner?: string;
  /** each row continues in a row of another table, chosen by a field */
  readonly variants?: {
    readonly field: string;
    /** the column holding the row index in the variant's table */
    readonly row: string;
    readonly tables: Readonly<Record<string, { readonly table: string; readonly shape: readonly [number, number] }>>;
  };
  /** its stored columns (made from its fields when declared: addRow and keepRows walk these) */
  readonly columns: readonly Column[];
  /** how its working copy is made (made from its fields when declared) */
  readonly copy: CopyPlan;
}

/** A stored column of a table, or a group of them (its columns in `group`). */
export interface Column {
  readonly key: string;
  readonly group: readonly Column[] | null;
}

function columnsOf(fields: Fields): Column[] {
  const out: Column[] = [];
  for (const k in fields) {
    const f = fields[k]!;
    if (f.kind === "children") continue;
    out.push({ key: k, group: f.kind === "group" ? columnsOf(f.fields) : null });
  }
  return out;
}
/**
 * A special field: the ledger's balances, one per account, in integer cents held as two
 * numbers (low and high, balance = high × 2^52 + low), NaN where an account was never used.
 */
export interface LedgerField extends Base {
  readonly kind: "ledger";
  readonly by: string;
}

export type Field =
  | NumField
  | BoolField
  | TextField
  | OptTextField
  | OptNumField
  | EnumField
  | RefField
  | NumsField
  | TextsField
  | KeyedField
  | DictField
  | GroupField
  | ChildrenField
  | JsonField
  | TableField
  | LedgerField;
export type Fields = Readonly<Record<string, Field>>;

// Constructors, so that a declaration reads as a list of named fields.
type Opts = Omit<Base, "doc">;
export const num = (unit: string, doc: string, o: Opts = {}): NumField => ({ kind: "num", unit, doc, ...o });
export const bool = (doc: string, o: Opts = {}): BoolField => ({ kind: "bool", doc, ...o });
export const text = (doc: string, o: Opts = {}): TextField => ({ kind: "text", doc, ...o });
export const optText = (doc: string, o: Opts = {}): OptTextField => ({ kind: "optText", doc, ...o });
export const optNum = (unit: string, doc: string, o: Opts = {}): OptNumField => ({ kind: "optNum", unit, doc, ...o });
export const oneOf = <const V extends string>(values: readonly V[], doc: string, o: Opts = {}): EnumField<V> => ({
  kind: "enum",
  values,
  doc,
  ...o,
});
export const ref = (table: string, doc: string, o: Opts & { optional?: boolean } = {}): RefField => ({ kind: "ref", table, doc, ...o });
export const nums = (unit: string, max: number, doc: string, o: Opts = {}): NumsField => ({ kind: "nums", unit, max, doc, ...o });
export const texts = (doc: string, o: Opts = {}): TextsField => ({ kind: "texts", doc, ...o });
export const keyed = <const V extends Field>(by: string, value: V, doc: string, o: Opts = {}) =>
  ({ kind: "keyed", by, value, doc, ...o }) as const;
export const dict = <const V extends Field>(value: V, doc: string, o: Opts = {}) => ({ kind: "dict", value, doc, ...o }) as const;
export const group = <const F extends Fields>(fields: F, doc: string, o: Opts & { shape?: readonly [number, number] } = {}) =>
  ({ kind: "group", fields, doc, ...o }) as const;
export const children = (table: string, doc: string): ChildrenField => ({ kind: "children", table, doc });
export const json = <T>(doc: string, o: Opts = {}): JsonField<T> => ({ kind: "json", doc, ...o });
export const ledger = (by: string, doc: string): LedgerField => ({ kind: "ledger", by, doc });
export const table = <const F extends Fields>(
  fields: F,
  doc: string,
  o: Omit<TableField<F>, "kind" | "fields" | "doc" | "columns" | "copy"> & Opts,
): TableField<F> & { readonly fields: F } => ({
  kind: "table",
  fields,
  doc,
  ...o,
  columns: columnsOf(fields),
  copy: copyPlanOf(fields, true),
});

// ---------------------------------------------------------------------------------------------
// Types: what a declaration holds, in a struct (one value per field) and in a table (columns).

/** The value of a field in one row (or in the root struct). */
export type ValueOf<F> = F extends NumField
  ? number
  : F extends BoolField
    ? boolean
    : F extends TextField
      ? string
      : F extends OptTextField
        ? string | null
        : F extends OptNumField
          ? number | null
          : F extends EnumField<infer V>
            ? V
            : F extends RefField
              ? number
              : F extends NumsField
                ? number[]
                : F extends TextsField
                  ? readonly string[]
                  : F extends { kind: "keyed"; value: infer V }
                    ? KeyedValue<V>[]
                    : F extends { kind: "dict"; value: infer V }
                      ? Record<string, ValueOf<V>>
                      : F extends { kind: "group"; fields: infer G }
                        ? StructOf<G>
                        : F extends JsonField<infer T>
                          ? T
                          : F extends { kind: "table"; fields: infer G }
                            ? TableOf<G>
                            : F extends LedgerField
                              ? { low: number[]; high: number[] }
                              : never;

/** A keyed entry: a number (NaN when absent), or an object or list (null when absent). */
type KeyedValue<V> = V extends NumField ? number : V extends { kind: "keyed"; value: infer W } ? KeyedValue<W>[] | null : ValueOf<V> | null;

/** The fields that hold a value (children are found through the child table). */
type Stored<F extends Fields> = { [K in keyof F as F[K] extends ChildrenField ? never : K]: F[K] };

export type StructOf<F> = F extends Fields ? { -readonly [K in keyof Stored<F>]: ValueOf<Stored<F>[K]> } : never;

/** A column: one value per row; a group's columns under its name. */
export type ColumnOf<F> = F extends { kind: "group"; fields: infer G } ? ColumnsOf<G> : ValueOf<F>[];
export type ColumnsOf<F> = F extends Fields ? { -readonly [K in keyof Stored<F>]: ColumnOf<Stored<F>[K]> } : never;
/** A table: its row count `n` and its columns. */
export type TableOf<F> = { n: number } & ColumnsOf<F>;

/** One row's values, from a table's columns (a group's columns give a nested object). */
export type RowOf<T> = { [K in keyof T as K extends "n" ? never : K]: T[K] extends readonly (infer E)[] ? E : RowOf<T[K]> };

// ---------------------------------------------------------------------------------------------
// Making and growing tables

/** An empty table of a declaration (no rows). */
export function emptyTable<F extends Fields>(fields: F): TableOf<F> {
  const t: Record<string, unknown> = { n: 0 };
  for (const [k, f] of Object.entries(fields)) if (f.kind !== "children") t[k] = emptyColumns(f);
  // a spread of the object built key by key (which V8 turns into a slow dictionary past about
  // a dozen keys) is a fast-mode object, as the working copies are
  return { ...t } as TableOf<F>;
}

function emptyColumns(f: Field): unknown {
  if (f.kind === "group") {
    const g: Record<string, unknown> = {};
    for (const [k, sub] of Object.entries(f.fields)) if (sub.kind !== "children") g[k] = emptyColumns(sub);
    return { ...g };
  }
  if (f.kind === "num" || f.kind === "ref") return doubles();
  return [];
}

// V8 gives each array an element kind (small integers, unboxed doubles, or any value), and code
// optimized for one kind deoptimizes when an array of another kind reaches it. An array of
// numbers that starts as small integers changes kind at its first fraction, at a moment that
// differs by column, quarter and game; and V8 learns from an array literal's past arrays, so
// that the first game's columns started as small integers and later games' as doubles. So every
// array of numbers the state holds starts as unboxed doubles (`doubles`, math.ts), in every game and
// however it was made (created, read, copied: a copy keeps its source's kind). Columns of row
// indices too: rows are added with indices read from columns of numbers (`roleRow`), which
// are doubles.

/** Appends a row (its values by field, groups as nested objects); returns its index. */
export function addRow<T extends { n: number }>(table: TableField, t: T, row: RowOf<T>): number {
  push(table.columns, t as unknown as Record<string, unknown>, row as unknown as Record<string, unknown>);
  return t.n++;
}

/** Inserts a row before row `at` (its values by field, groups as nested objects). */
export function insertRow<T extends { n: number }>(table: TableField, t: T, at: number, row: RowOf<T>): void {
  if (at === t.n) addRow(table, t, row);
  else {
    push(table.columns, t as unknown as Record<string, unknown>, row as unknown as Record<string, unknown>, at);
    t.n++;
  }
}

function push(columns: readonly Column[], cols: Record<string, unknown>, values: Record<string, unknown>, at = -1): void {
  for (let j = 0; j < columns.length; j++) {
    const c = columns[j]!;
    const v = values[c.key];
    if (v === undefined || (c.group && (v === null || typeof v !== "object"))) throw new Error(`addRow: field ${c.key} missing`);
    if (c.group) push(c.group, cols[c.key] as Record<string, unknown>, v as Record<string, unknown>, at);
    else if (at < 0) (cols[c.key] as unknown[]).push(v);
    else (cols[c.key] as unknown[]).splice(at, 0, v);
  }
}

/**
 * Keeps the rows for which `keep(i)` is true, in order (the others are removed from every
 * column). `keep` is asked once per row, in order.
 */
export function keepRows(table: TableField, t: { n: number }, keep: (i: number) => boolean): void {
  const n = t.n;
  const removed: number[] = [];
  for (let i = 0; i < n; i++) if (!keep(i)) removed.push(i);
  if (removed.length === 0) return;
  removeRows(table.columns, t as unknown as Record<string, unknown>, removed);
  t.n = n - removed.length;
}

/**
 * Removes rows (ascending) from every column, the last first, by splice: it keeps a column's
 * element kind, where moving values down one by one through one store shared by columns of
 * every kind turns columns of numbers into arrays of boxed values.
 */
function removeRows(columns: readonly Column[], holder: Record<string, unknown>, removed: readonly number[]): void {
  for (let j = 0; j < columns.length; j++) {
    const c = columns[j]!;
    if (c.group) {
      removeRows(c.group, holder[c.key] as Record<string, unknown>, removed);
      continue;
    }
    const col = holder[c.key] as unknown[];
    for (let x = removed.length - 1; x >= 0; x--) col.splice(removed[x]!, 1);
  }
}

// ---------------------------------------------------------------------------------------------
// The working copy

// Copies start as a spread of the original (which clones its hidden class: a fast-mode
// object however many fields it has) and then replace the fields that must be copied. An
// object built key by key instead turns into a dictionary past about a dozen keys, and every
// column read in the steps then pays a hash lookup. What to replace, and how, is a plan made
// from the declaration once (a table's when it is declared, the root's when its module loads).

const SLICE = 0;
/** a column of rows modified in place (a window's push, a keyed entry replaced): the column and each row copied */
const ROWS = 1;
const LEDGER = 2;
const DICT = 3;
/** a group of fields or columns, or a table: copied by its own plan */
const NESTED = 4;

/** How a struct, a table or a group is copied: the fields to replace in the spread. */
export type CopyPlan = readonly { readonly key: string; readonly how: number; readonly sub: CopyPlan }[];

/** The copy plan of a struct's fields (`columns`: the fields are a table's columns). */
export function copyPlanOf(fields: Fields, columns = false): CopyPlan {
  const out: { key: string; how: number; sub: CopyPlan }[] = [];
  for (const k in fields) {
    const f = fields[k]!;
    if (f.fixed || f.kind === "children") continue;
    let how = -1;
    let sub: CopyPlan = [];
    switch (f.kind) {
      case "nums":
      case "keyed":
        how = columns ? ROWS : SLICE;
        break;
      case "ledger":
        how = LEDGER;
        break;
      case "dict":
        how = columns ? SLICE : DICT;
        break;
      case "group":
        how = NESTED;
        sub = copyPlanOf(f.fields, columns);
        break;
      case "table":
        how = NESTED;
        sub = f.copy;
        break;
      default:
        // a struct's scalars are in the spread; texts are replaced whole and json is immutable
        if (columns) how = SLICE;
    }
    if (how >= 0) out.push({ key: k, how, sub });
  }
  return out;
}

/** A copy of a struct (or table) by its plan: one level deep per array, fixed fields shared (see the header). */
export function copyWithPlan<T>(plan: CopyPlan, s: T): T {
  const src = s as unknown as Record<string, unknown>;
  const out: Record<string, unknown> = { ...src };
  for (let j = 0; j < plan.length; j++) {
    const st = plan[j]!;
    const v = src[st.key];
    switch (st.how) {
      case SLICE:
        out[st.key] = (v as unknown[]).slice();
        break;
      case ROWS: {
        const c = (v as unknown[]).slice();
        for (let i = 0; i < c.length; i++) {
          const r = c[i];
          if (r !== null) c[i] = (r as unknown[]).slice();
        }
        out[st.key] = c;
        break;
      }
      case LEDGER: {
        const l = v as { low: number[]; high: number[] };
        out[st.key] = { low: l.low.slice(), high: l.high.slice() };
        break;
      }
      case DICT:
        out[st.key] = { ...(v as object) };
        break;
      case NESTED:
        out[st.key] = copyWithPlan(st.sub, v);
        break;
    }
  }
  return out as T;
}

// ---------------------------------------------------------------------------------------------
// JSON: the state is plain JSON but for NaN (an absent keyed entry, an unused account), which
// JSON writes as null; toJson and fromJson say so, and fromJson checks every field.

/** The state as JSON-ready data (NaN written as null by JSON.stringify; fromJson reads it back). */
export function toJson(s: unknown): unknown {
  return JSON.parse(JSON.stringify(s));
}

export class StateError extends Error {}

/**
 * Reads a struct back from its JSON form, checking every field against the declaration, then
 * every link between tables: a reference, an owner or a variant's row names a row that exists,
 * and a keyed value has one entry per row of the table it is keyed by.
 */
export function fromJson<F extends Fields>(fields: F, data: unknown, path = "state"): StructOf<F> {
  const out = readStruct(fields, data, path, null);
  checkLinks(fields, out, out, path);
  return out as StructOf<F>;
}

/** Rows of the root's table `name` (0 when there is none). */
function rowsOf(root: Record<string, unknown>, name: string): number {
  const t = root[name] as { n?: unknown } | undefined;
  return typeof t?.n === "number" ? t.n : 0;
}

function checkLinks(fields: Fields, o: Record<string, unknown>, root: Record<string, unknown>, path: string): void {
  for (const [k, f] of Object.entries(fields)) {
    if (f.kind === "group") checkLinks(f.fields, o[k] as Record<string, unknown>, root, `${path}.${k}`);
    else if (f.kind === "keyed") checkKeyed(f, o[k] as unknown[], root, `${path}.${k}`);
    else if (f.kind === "table") checkTable(f, o[k] as Record<string, unknown>, root, `${path}.${k}`);
    else if (f.kind === "ref" && (o[k] as number) >= rowsOf(root, f.table))
      throw new StateError(`${path}.${k}: row ${o[k]} of ${f.table}, which has ${rowsOf(root, f.table)}`);
  }
}

function checkKeyed(f: KeyedField, v: unknown[], root: Record<string, unknown>, path: string): void {
  const n = rowsOf(root, f.by);
  if (v.length !== n) throw new StateError(`${path}: ${v.length} entries for the ${n} rows of ${f.by}`);
  if (f.value.kind !== "keyed") return;
  for (let i = 0; i < n; i++) if (v[i] !== null) checkKeyed(f.value, v[i] as unknown[], root, `${path}.${i}`);
}

function checkTable(f: TableField, t: Record<string, unknown>, root: Record<string, unknown>, path: string): void {
  const n = t.n as number;
  const checkColumns = (fields: Fields, cols: Record<string, unknown>, at: string): void => {
    for (const [k, cf] of Object.entries(fields)) {
      const col = cols[k] as unknown[];
      if (cf.kind === "group") checkColumns(cf.fields, col as unknown as Record<string, unknown>, `${at}.${k}`);
      else if (cf.kind === "keyed") for (let i = 0; i < n; i++) checkKeyed(cf, col[i] as unknown[], root, `${at}.${k}.${i}`);
      else if (cf.kind === "ref") {
        const rows = rowsOf(root, cf.table);
        for (let i = 0; i < n; i++) {
          const r = col[i] as number;
          if (r >= rows) throw new StateError(`${at}.${k}.${i}: row ${r} of ${cf.table}, which has ${rows}`);
        }
      }
    }
  };
  checkColumns(f.fields, t, path);
  const v = f.variants;
  if (!v) return;
  const kinds = t[v.field] as string[];
  const rowCol = t[v.row] as number[];
  for (let i = 0; i < n; i++) {
    const target = v.tables[kinds[i] as string]?.table;
    if (!target) continue;
    const r = rowCol[i] as number;
    const rows = rowsOf(root, target);
    if (!Number.isInteger(r) || r < 0 || r >= rows) throw new StateError(`${path}.${v.row}.${i}: row ${r} of ${target}, which has ${rows}`);
  }
}

function readStruct(fields: Fields, data: unknown, path: string, root: Record<string, unknown> | null): Record<string, unknown> {
  if (!data || typeof data !== "object" || Array.isArray(data)) throw new StateError(`${path}: not an object`);
  const o = data as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  const top = root ?? out;
  for (const k of Object.keys(o)) if (!(k in fields)) throw new StateError(`${path}.${k}: unknown field`);
  for (const [k, f] of Object.entries(fields)) {
    if (f.kind === "children") continue;
    if (!(k in o)) throw new StateError(`${path}.${k}: missing`);
    out[k] = readValue(f, o[k], `${path}.${k}`, top);
  }
  return { ...out }; // fast-mode (see emptyTable)
}

function readValue(f: Field, v: unknown, path: string, root: Record<string, unknown>): unknown {
  const fail = (what: string): never => {
    throw new StateError(`${path}: ${what}`);
  };
  switch (f.kind) {
    case "num":
    case "ref":
      if (typeof v !== "number" || !Number.isFinite(v)) fail("not a finite number");
      if (f.kind === "ref" && (!Number.isInteger(v) || (v as number) < (f.optional ? -1 : 0))) fail("not a row index");
      return v;
    case "optNum":
      if (v === null) return null;
      if (typeof v !== "number" || !Number.isFinite(v)) fail("not a finite number or null");
      return v;
    case "bool":
      if (typeof v !== "boolean") fail("not a boolean");
      return v;
    case "text":
      if (typeof v !== "string") fail("not a string");
      return v;
    case "optText":
      if (v !== null && typeof v !== "string") fail("not a string or null");
      return v;
    case "enum":
      if (typeof v !== "string" || !f.values.includes(v)) fail(`not one of ${f.values.join(", ")}`);
      return v;
    case "nums":
      if (!Array.isArray(v) || v.length > f.max || v.some((x) => typeof x !== "number" || !Number.isFinite(x)))
        fail(`not a list of at most ${f.max} finite numbers`);
      return doubles(v as number[]);
    case "texts":
      if (!Array.isArray(v) || v.some((x) => typeof x !== "string")) fail("not a list of strings");
      return (v as string[]).slice();
    case "keyed": {
      if (!Array.isArray(v)) fail("not a list");
      const out: unknown[] = f.value.kind === "num" ? doubles() : [];
      for (let i = 0; i < (v as unknown[]).length; i++) {
        const x = (v as unknown[])[i];
        if (x === null) out.push(f.value.kind === "num" ? Number.NaN : null);
        else out.push(readValue(f.value, x, `${path}.${i}`, root));
      }
      return out;
    }
    case "dict": {
      if (!v || typeof v !== "object" || Array.isArray(v)) fail("not an object");
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v as object)) out[k] = readValue(f.value, x, `${path}.${k}`, root);
      return { ...out }; // fast-mode (see emptyTable)
    }
    case "group":
      return readStruct(f.fields, v, path, root);
    case "json":
      return v === undefined ? fail("missing") : v;
    case "ledger": {
      const l = v as { low?: unknown; high?: unknown };
      if (!l || !Array.isArray(l.low) || !Array.isArray(l.high) || l.low.length !== l.high.length) fail("not a ledger");
      const inLow = l.low as unknown[];
      const inHigh = l.high as unknown[];
      const low = doubles();
      const high = doubles();
      for (let i = 0; i < inLow.length; i++) {
        const lo = inLow[i] === null ? Number.NaN : inLow[i];
        if (typeof lo !== "number" || !(Number.isNaN(lo) || Number.isSafeInteger(lo))) fail(`account ${i}: not integer cents`);
        if (!Number.isSafeInteger(inHigh[i])) fail(`account ${i}: not integer cents`);
        low.push(lo as number);
        high.push(inHigh[i] as number);
      }
      return { low, high };
    }
    case "table":
      return readTable(f, v, path, root);
    case "children":
      return undefined;
  }
}

function readTable(f: TableField, v: unknown, path: string, root: Record<string, unknown>): unknown {
  if (!v || typeof v !== "object") throw new StateError(`${path}: not a table`);
  const t = v as Record<string, unknown>;
  const n = t.n;
  if (typeof n !== "number" || !Number.isInteger(n) || n < 0) throw new StateError(`${path}.n: not a row count`);
  const out: Record<string, unknown> = { n };
  for (const k of Object.keys(t)) if (k !== "n" && !(k in f.fields)) throw new StateError(`${path}.${k}: unknown column`);
  for (const [k, cf] of Object.entries(f.fields)) {
    if (cf.kind === "children") continue;
    out[k] = readColumn(cf, t[k], n, `${path}.${k}`, root);
  }
  return { ...out }; // fast-mode (see emptyTable)
}

function readColumn(f: Field, v: unknown, n: number, path: string, root: Record<string, unknown>): unknown {
  if (f.kind === "group") {
    if (!v || typeof v !== "object") throw new StateError(`${path}: not a group of columns`);
    const out: Record<string, unknown> = {};
    for (const [k, sub] of Object.entries(f.fields)) {
      if (sub.kind === "children") continue;
      out[k] = readColumn(sub, (v as Record<string, unknown>)[k], n, `${path}.${k}`, root);
    }
    return { ...out }; // fast-mode (see emptyTable)
  }
  if (!Array.isArray(v) || v.length !== n) throw new StateError(`${path}: not a column of ${n} rows`);
  // a column of the same element kind as a new game's (see `doubles`)
  const out: unknown[] = f.kind === "num" || f.kind === "ref" ? doubles() : [];
  for (let i = 0; i < n; i++) out.push(readValue(f, v[i], `${path}.${i}`, root));
  return out;
}
