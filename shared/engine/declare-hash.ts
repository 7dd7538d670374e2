/**
 * The hash of a declared struct (declare.ts), walking the declaration in its order. The
 * declaration is first turned into a plan: a flat list of steps per struct and per table
 * (groups inlined, each step with its column's path), made once when a declaration is
 * loaded. Hashing a table then finds each column once and walks its rows step by step, so a
 * leaf costs an array read and a switch, not a lookup by name.
 */
import type { Field, Fields, TableField } from "./declare.ts";
import type { Hasher } from "./hash.ts";

const NUM = 0;
const BOOL = 1;
const TEXT = 2;
const OPT_TEXT = 3;
const OPT_NUM = 4;
const REF = 5;
const NUMS = 6;
const TEXTS = 7;
const KEYED = 8;
const DICT = 9;
const SHAPE = 10;
const JSON_VALUE = 11;
const LEDGER = 12;
const TABLE = 13;
const CHILDREN = 14;
const GROUP_VALUE = 15;

/** One step of a plan. */
interface Step {
  code: number;
  /** where the value is from the struct or the row's columns: one key, or a group's then its field's */
  path: readonly string[];
  /** REF: the table referred to; KEYED and LEDGER: the table keying it; TABLE and CHILDREN: the table */
  table: string;
  optional: boolean;
  /** KEYED, DICT: how each entry is hashed */
  value: Step | null;
  /** GROUP_VALUE: its fields' steps (on the entry object) */
  steps: readonly Step[];
  /** SHAPE */
  tag: number;
  count: number;
  /** TEXT of a fixed column of a table: `table.path`, the key of its rows' lanes (HashContext.fixedLanes) */
  fixedKey: string;
}

function step(code: number, path: readonly string[], o: Partial<Step> = {}): Step {
  return { code, path, table: "", optional: false, value: null, steps: [], tag: 0, count: 0, fixedKey: "", ...o };
}

const CODES: Partial<Record<Field["kind"], number>> = {
  num: NUM,
  bool: BOOL,
  text: TEXT,
  enum: TEXT,
  optText: OPT_TEXT,
  optNum: OPT_NUM,
  nums: NUMS,
  texts: TEXTS,
  json: JSON_VALUE,
};

/** The steps of a value of a field (for keyed and dict entries, which have no path). */
function valueStep(f: Field): Step {
  if (f.kind === "keyed") return step(KEYED, [], { table: f.by, value: valueStep(f.value) });
  if (f.kind === "dict") return step(DICT, [], { value: valueStep(f.value) });
  if (f.kind === "group") {
    const steps = planFields(f.fields, []);
    return step(GROUP_VALUE, [], { steps: f.shape ? [step(SHAPE, [], { tag: f.shape[0], count: f.shape[1] }), ...steps] : steps });
  }
  if (f.kind === "ref") return step(REF, [], { table: f.table, optional: !!f.optional });
  const code = CODES[f.kind];
  if (code === undefined) throw new Error(`no hash for a ${f.kind} entry`);
  return step(code, []);
}

/**
 * A declaration's fields as steps, groups inlined (a shaped group opening with its shape).
 * `table`: the table these are the columns of (its fixed text columns' lanes are made once).
 */
export function planFields(fields: Fields, prefix: readonly string[], table = ""): Step[] {
  const out: Step[] = [];
  for (const k in fields) {
    const f = fields[k]!;
    if (f.hash === false) continue;
    const path = [...prefix, k];
    switch (f.kind) {
      case "group":
        if (f.shape) out.push(step(SHAPE, [], { tag: f.shape[0], count: f.shape[1] }));
        out.push(...planFields(f.fields, path, table));
        break;
      case "children":
        out.push(step(CHILDREN, [], { table: f.table }));
        break;
      case "table":
        if (f.as !== "elsewhere") out.push(step(TABLE, path, { table: k }));
        break;
      case "keyed":
        out.push(step(KEYED, path, { table: f.by, value: valueStep(f.value) }));
        break;
      case "dict":
        out.push(step(DICT, path, { value: valueStep(f.value) }));
        break;
      case "ledger":
        out.push(step(LEDGER, path, { table: f.by }));
        break;
      case "ref":
        out.push(step(REF, path, { table: f.table, optional: !!f.optional }));
        break;
      default: {
        const code = CODES[f.kind];
        if (code === undefined) throw new Error(`no hash for field ${k}`);
        out.push(step(code, path, { fixedKey: table && f.fixed && code === TEXT ? `${table}.${path.join(".")}` : "" }));
      }
    }
  }
  return out;
}

/** A struct's plan, with the plans of the tables it holds. */
export interface Plan {
  steps: readonly Step[];
  tables: Readonly<Record<string, { steps: readonly Step[]; decl: TableField }>>;
}

/** The plan of a root struct's declaration: its steps and every table's (made once, when the declaration loads). */
export function planOf(fields: Fields): Plan {
  const tables: Record<string, { steps: readonly Step[]; decl: TableField }> = {};
  for (const k in fields) {
    const f = fields[k]!;
    if (f.kind === "table") tables[k] = { steps: planFields(f.fields, [], k), decl: f };
  }
  return { steps: planFields(fields, []), tables };
}

/** What a hash reads besides the value: the root (child and variant tables) and each table's row ids' lanes. */
export interface HashContext {
  root: Record<string, unknown>;
  plan: Plan;
  /** table → its rows' ids' lanes, A and B interleaved */
  idLanes: (table: string) => ArrayLike<number>;
  /** the lanes of a fixed text column's rows (fixedTextColumns), A and B interleaved */
  fixedLanes: (key: string) => ArrayLike<number> | undefined;
}

/** Every fixed text column of a plan's tables: what a game's lanes are made for once (its key, table and path). */
export function fixedTextColumns(plan: Plan): { key: string; table: string; path: readonly string[] }[] {
  const out: { key: string; table: string; path: readonly string[] }[] = [];
  for (const [table, tp] of Object.entries(plan.tables))
    for (const st of tp.steps) if (st.fixedKey) out.push({ key: st.fixedKey, table, path: st.path });
  return out;
}

function at(o: unknown, path: readonly string[]): unknown {
  let v = o as Record<string, unknown>;
  for (let i = 0; i < path.length; i++) v = v[path[i]!] as Record<string, unknown>;
  return v;
}

/** Mixes a struct's steps into the hasher. */
export function hashWithPlan(h: Hasher, steps: readonly Step[], s: unknown, ctx: HashContext): void {
  for (let j = 0; j < steps.length; j++) {
    const st = steps[j]!;
    hashValueStep(h, st, st.code === SHAPE || st.code === CHILDREN ? null : at(s, st.path), ctx, -1);
  }
}

/** One step on one value (`row`: the row, for CHILDREN). */
function hashValueStep(h: Hasher, st: Step, v: unknown, ctx: HashContext, row: number): void {
  switch (st.code) {
    case NUM:
      h.number(v as number);
      return;
    case BOOL:
      h.bool(v as boolean);
      return;
    case TEXT:
      h.text(v as string);
      return;
    case OPT_TEXT:
      if (v === null || v === undefined) h.nul();
      else h.text(v as string);
      return;
    case OPT_NUM:
      if (v === null || v === undefined) h.nul();
      else h.number(v as number);
      return;
    case REF: {
      const r = v as number;
      if (r < 0) {
        if (!st.optional) throw new Error(`ref to ${st.table} missing`);
        h.nul();
        return;
      }
      const lanes = ctx.idLanes(st.table);
      h.textLanes(lanes[2 * r]!, lanes[2 * r + 1]!);
      return;
    }
    case NUMS:
      h.numbers(v as number[]);
      return;
    case TEXTS: {
      const a = v as readonly string[];
      h.number(a.length);
      for (let i = 0; i < a.length; i++) h.text(a[i]!);
      return;
    }
    case KEYED: {
      const values = v as readonly unknown[];
      const lanes = ctx.idLanes(st.table);
      const value = st.value!;
      const d = h.openRecord();
      for (let r = 0; r < values.length; r++) {
        const x = values[r];
        if (x === null || x === undefined || (typeof x === "number" && Number.isNaN(x))) continue;
        h.enterEntryLanes(lanes[2 * r]!, lanes[2 * r + 1]!);
        hashValueStep(h, value, x, ctx, -1);
        h.leaveEntry();
      }
      h.closeRecord(d);
      return;
    }
    case DICT: {
      const rec = v as Record<string, unknown>;
      const d = h.openRecord();
      for (const key in rec) {
        const x = rec[key];
        if (x === undefined) continue;
        h.enterEntry(key);
        hashValueStep(h, st.value!, x, ctx, -1);
        h.leaveEntry();
      }
      h.closeRecord(d);
      return;
    }
    case GROUP_VALUE:
      hashWithPlan(h, st.steps, v, ctx);
      return;
    case SHAPE:
      h.shape(st.tag, st.count);
      return;
    case JSON_VALUE:
      h.any(v);
      return;
    case LEDGER: {
      const l = v as { low: number[]; high: number[] };
      const lanes = ctx.idLanes(st.table);
      const d = h.openRecord();
      for (let r = 0; r < l.low.length; r++) {
        const low = l.low[r]!;
        if (Number.isNaN(low)) continue;
        h.enterEntryLanes(lanes[2 * r]!, lanes[2 * r + 1]!);
        // one number while the balance is exact as one (every game of rules v1), else both parts
        const balance = l.high[r]! * 4503599627370496 + low;
        if (Number.isSafeInteger(balance)) h.number(balance);
        else h.numbers([l.high[r]!, low]);
        h.leaveEntry();
      }
      h.closeRecord(d);
      return;
    }
    case TABLE:
      hashTable(h, st.table, v as { n: number }, ctx);
      return;
    case CHILDREN:
      hashChildren(h, st.table, row, ctx);
      return;
  }
}

/** A table's columns, in its plan's order (null for steps with no column). */
function columnsOf(t: unknown, steps: readonly Step[]): unknown[][] {
  const out: unknown[][] = [];
  for (const st of steps) out.push(st.path.length ? (at(t, st.path) as unknown[]) : []);
  return out;
}

function hashRow(h: Hasher, steps: readonly Step[], cols: readonly unknown[][], i: number, ctx: HashContext): void {
  for (let j = 0; j < steps.length; j++) {
    const st = steps[j]!;
    if (st.code === NUM) h.number(cols[j]![i] as number);
    else hashValueStep(h, st, cols[j]![i], ctx, i);
  }
}

function hashTable(h: Hasher, name: string, t: { n: number }, ctx: HashContext): void {
  const tp = ctx.plan.tables[name]!;
  const decl = tp.decl;
  if (decl.as === "list") {
    const cols = columnsOf(t, tp.steps);
    h.number(t.n);
    for (let i = 0; i < t.n; i++) {
      if (decl.shape) h.shape(decl.shape[0], decl.shape[1]);
      hashRow(h, tp.steps, cols, i, ctx);
    }
    return;
  }
  // A record: each row's entry is hashed from its key's lanes through its fields in order. The
  // rows' lanes are independent of one another, so they are kept side by side and each field is
  // mixed into every row's lanes in turn (a column at a time); the sequence each row's lanes
  // see is the same as hashing it alone.
  const n = t.n;
  const d = h.openRecord();
  const ids = ctx.idLanes(name);
  const lanes = new Int32Array(2 * n);
  for (let x = 0; x < 2 * n; x++) lanes[x] = ids[x]!;
  const variants = decl.variants;
  if (variants) {
    const which = at(t, [variants.field]) as string[];
    for (let i = 0; i < n; i++) {
      const v = variants.tables[which[i]!]!;
      h.wordsAt(lanes, i, 0x7b, v.shape[0], v.shape[1]);
    }
  } else if (decl.shape) for (let i = 0; i < n; i++) h.wordsAt(lanes, i, 0x7b, decl.shape[0], decl.shape[1]);
  hashColumns(h, tp.steps, columnsOf(t, tp.steps), n, null, lanes, ctx);
  if (variants) {
    const which = at(t, [variants.field]) as string[];
    const rowOf = at(t, [variants.row]) as number[];
    for (const [key, v] of Object.entries(variants.tables)) {
      // the variant table's rows, each continuing the lanes of the row that points to it
      const vt = ctx.root[v.table] as { n: number };
      const laneOf: number[] = new Array<number>(vt.n).fill(-1);
      for (let i = 0; i < n; i++) if (which[i] === key) laneOf[rowOf[i]!] = i;
      hashColumns(h, ctx.plan.tables[v.table]!.steps, columnsOf(vt, ctx.plan.tables[v.table]!.steps), vt.n, laneOf, lanes, ctx);
    }
  }
  for (let i = 0; i < n; i++) {
    h.enterEntryLanes(lanes[2 * i]!, lanes[2 * i + 1]!);
    h.leaveEntry();
  }
  h.closeRecord(d);
}

/** Mixes each step's column into the lanes of every row (row r into entry laneOf[r], or r). */
function hashColumns(
  h: Hasher,
  steps: readonly Step[],
  cols: readonly unknown[][],
  n: number,
  laneOf: readonly number[] | null,
  lanes: Int32Array,
  ctx: HashContext,
): void {
  for (let j = 0; j < steps.length; j++) {
    const st = steps[j]!;
    const col = cols[j]!;
    switch (st.code) {
      case NUM:
        for (let r = 0; r < n; r++) h.numberAt(lanes, laneOf ? laneOf[r]! : r, col[r] as number);
        break;
      case BOOL:
        for (let r = 0; r < n; r++) h.wordsAt(lanes, laneOf ? laneOf[r]! : r, col[r] ? 0x74 : 0x66);
        break;
      case SHAPE:
        for (let r = 0; r < n; r++) h.wordsAt(lanes, laneOf ? laneOf[r]! : r, 0x7b, st.tag, st.count);
        break;
      case TEXT: {
        const fl = st.fixedKey ? ctx.fixedLanes(st.fixedKey) : undefined;
        if (fl) for (let r = 0; r < n; r++) h.wordsAt(lanes, laneOf ? laneOf[r]! : r, 0x73, fl[2 * r]!, fl[2 * r + 1]!);
        else for (let r = 0; r < n; r++) h.textAt(lanes, laneOf ? laneOf[r]! : r, col[r] as string);
        break;
      }
      case OPT_TEXT:
        for (let r = 0; r < n; r++) {
          const v = col[r] as string | null;
          if (v === null || v === undefined) h.wordsAt(lanes, laneOf ? laneOf[r]! : r, 0x6e);
          else h.textAt(lanes, laneOf ? laneOf[r]! : r, v);
        }
        break;
      case NUMS:
        for (let r = 0; r < n; r++) {
          const l = laneOf ? laneOf[r]! : r;
          const a = col[r] as number[];
          h.wordsAt(lanes, l, 0x5b, a.length);
          for (let i = 0; i < a.length; i++) h.numberAt(lanes, l, a[i]!);
        }
        break;
      case CHILDREN:
        childrenColumns(h, st.table, n, laneOf, lanes, ctx);
        break;
      default:
        // any other field: the hasher's running lanes set to the row's, the field mixed, the lanes read back
        for (let r = 0; r < n; r++) {
          const l = laneOf ? laneOf[r]! : r;
          h.setLanes(lanes[2 * l]!, lanes[2 * l + 1]!);
          hashValueStep(h, st, col[r], ctx, r);
          lanes[2 * l] = h.laneA;
          lanes[2 * l + 1] = h.laneB;
        }
    }
  }
}

/**
 * The rows of a child table owned by each of n rows (row r's in entry laneOf[r], or r): each
 * owner's count, then its rows in order, fields in order; in one pass over the child table.
 */
function childrenColumns(h: Hasher, name: string, n: number, laneOf: readonly number[] | null, lanes: Int32Array, ctx: HashContext): void {
  const tp = ctx.plan.tables[name]!;
  const t = ctx.root[name] as { n: number; owner: number[] };
  const counts = new Array<number>(n).fill(0);
  for (let c = 0; c < t.n; c++) counts[t.owner[c]!]!++;
  for (let r = 0; r < n; r++) h.numberAt(lanes, laneOf ? laneOf[r]! : r, counts[r]!);
  if (t.n === 0) return;
  const steps = tp.steps;
  const cols = columnsOf(t, steps);
  const shape = tp.decl.shape;
  for (let c = 0; c < t.n; c++) {
    const o = t.owner[c]!;
    const l = laneOf ? laneOf[o]! : o;
    if (shape) h.wordsAt(lanes, l, 0x7b, shape[0], shape[1]);
    for (let j = 0; j < steps.length; j++) {
      const st = steps[j]!;
      const v = cols[j]![c];
      switch (st.code) {
        case NUM:
          h.numberAt(lanes, l, v as number);
          break;
        case TEXT:
          h.textAt(lanes, l, v as string);
          break;
        case OPT_TEXT:
          if (v === null || v === undefined) h.wordsAt(lanes, l, 0x6e);
          else h.textAt(lanes, l, v as string);
          break;
        default:
          h.setLanes(lanes[2 * l]!, lanes[2 * l + 1]!);
          hashValueStep(h, st, v, ctx, c);
          lanes[2 * l] = h.laneA;
          lanes[2 * l + 1] = h.laneB;
      }
    }
  }
}

/** The rows of a child table owned by one row: their count, then each in order. */
function hashChildren(h: Hasher, name: string, owner: number, ctx: HashContext): void {
  const tp = ctx.plan.tables[name]!;
  const t = ctx.root[name] as { n: number; owner: number[] };
  let count = 0;
  for (let i = 0; i < t.n; i++) if (t.owner[i] === owner) count++;
  h.number(count);
  if (count === 0) return;
  const cols = columnsOf(t, tp.steps);
  for (let i = 0; i < t.n; i++) {
    if (t.owner[i] !== owner) continue;
    if (tp.decl.shape) h.shape(tp.decl.shape[0], tp.decl.shape[1]);
    hashRow(h, tp.steps, cols, i, ctx);
  }
}
