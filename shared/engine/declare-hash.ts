/**
 * The hash of a declared struct (declare.ts), walking the declaration in its order. The
 * declaration is first turned into a plan: a flat list of steps per struct and per table
 * (groups inlined, each step with where its value is), made once when a declaration is
 * loaded. Hashing a table then finds each column once and walks its rows step by step, so a
 * leaf costs an array read and a switch, not a lookup by name.
 *
 * A record's rows (a record table's, with the rows of its variant tables) are independent
 * hashes, each from its key's lanes: their lanes are kept side by side in the hasher's scratch
 * lanes and each column is mixed into every row's lanes in turn; the sequence each row's lanes
 * see is the same as hashing the row alone.
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
  /** where the value is from the struct: its path of keys (a group's, then its field's) */
  path: readonly string[];
  /** a table column's key, and its group's key ("" for none): the path of a column, unrolled */
  key: string;
  group: string;
  /** REF: the table referred to; KEYED and LEDGER: the table keying it; TABLE and CHILDREN: the table (indices in Plan.tables) */
  table: number;
  optional: boolean;
  /** KEYED, DICT: how each entry is hashed */
  value: Step | null;
  /** GROUP_VALUE: its fields' steps (on the entry object) */
  steps: readonly Step[];
  /** SHAPE */
  tag: number;
  count: number;
  /** TEXT of a fixed column of a table: `table.path`, the key of its rows' lanes in the state's `lanes` */
  fixedKey: string;
}

/** A table's plan. */
interface TablePlan {
  name: string;
  steps: readonly Step[];
  decl: TableField;
  /** the key of its rows' ids' lanes in the state's `lanes` */
  idKey: string;
  /** each variant: the value of the variant field, its table (index) and its rows' shape */
  variants: readonly { key: string; table: number; tag: number; count: number }[];
}

/** A struct's plan, with the plans of the tables it holds. */
export interface Plan {
  steps: readonly Step[];
  tables: readonly TablePlan[];
}

function step(code: number, path: readonly string[], o: Partial<Step> = {}): Step {
  return {
    code,
    path,
    key: path[path.length - 1] ?? "",
    group: path.length === 2 ? path[0]! : "",
    table: -1,
    optional: false,
    value: null,
    steps: [],
    tag: 0,
    count: 0,
    fixedKey: "",
    ...o,
  };
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

/** Table names → their indices in the plan (while a plan is made). */
type Names = (name: string) => number;

/** The steps of a value of a field (for keyed and dict entries, which have no path). */
function valueStep(f: Field, names: Names): Step {
  if (f.kind === "keyed") return step(KEYED, [], { table: names(f.by), value: valueStep(f.value, names) });
  if (f.kind === "dict") return step(DICT, [], { value: valueStep(f.value, names) });
  if (f.kind === "group") {
    const steps = planFields(f.fields, [], "", names);
    return step(GROUP_VALUE, [], { steps: f.shape ? [step(SHAPE, [], { tag: f.shape[0], count: f.shape[1] }), ...steps] : steps });
  }
  if (f.kind === "ref") return step(REF, [], { table: names(f.table), optional: !!f.optional });
  const code = CODES[f.kind];
  if (code === undefined) throw new Error(`no hash for a ${f.kind} entry`);
  return step(code, []);
}

/**
 * A declaration's fields as steps, groups inlined (a shaped group opening with its shape).
 * `table`: the table these are the columns of (its fixed text columns' lanes are made once).
 */
function planFields(fields: Fields, prefix: readonly string[], table: string, names: Names): Step[] {
  const out: Step[] = [];
  for (const k in fields) {
    const f = fields[k]!;
    if (f.hash === false) continue;
    const path = [...prefix, k];
    switch (f.kind) {
      case "group":
        if (f.shape) out.push(step(SHAPE, [], { tag: f.shape[0], count: f.shape[1] }));
        out.push(...planFields(f.fields, path, table, names));
        break;
      case "children":
        out.push(step(CHILDREN, [], { table: names(f.table) }));
        break;
      case "table":
        if (f.as !== "elsewhere") out.push(step(TABLE, path, { table: names(k) }));
        break;
      case "keyed":
        out.push(step(KEYED, path, { table: names(f.by), value: valueStep(f.value, names) }));
        break;
      case "dict":
        out.push(step(DICT, path, { value: valueStep(f.value, names) }));
        break;
      case "ledger":
        out.push(step(LEDGER, path, { table: names(f.by) }));
        break;
      case "ref":
        out.push(step(REF, path, { table: names(f.table), optional: !!f.optional }));
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

/** The plan of a root struct's declaration: its steps and every table's (made once, when the declaration loads). */
export function planOf(fields: Fields): Plan {
  const tableNames: string[] = [];
  for (const k in fields) if (fields[k]!.kind === "table") tableNames.push(k);
  const names: Names = (name) => {
    const i = tableNames.indexOf(name);
    if (i < 0) throw new Error(`no table ${name}`);
    return i;
  };
  const tables = tableNames.map((name): TablePlan => {
    const decl = fields[name] as TableField;
    const v = decl.variants;
    return {
      name,
      steps: planFields(decl.fields, [], name, names),
      decl,
      idKey: `${name}.id`,
      variants: v ? Object.entries(v.tables).map(([key, x]) => ({ key, table: names(x.table), tag: x.shape[0], count: x.shape[1] })) : [],
    };
  });
  return { steps: planFields(fields, [], "", names), tables };
}

/** The plan of a struct that holds no table nor anything keyed by one (a history entry). */
export function planOfEntry(fields: Fields): Plan {
  return {
    steps: planFields(fields, [], "", (name) => {
      throw new Error(`an entry refers to table ${name}`);
    }),
    tables: [],
  };
}

/** Every fixed text column of a plan's tables: what a game's lanes are made for once (its key, table and path). */
export function fixedTextColumns(plan: Plan): { key: string; table: string; path: readonly string[] }[] {
  const out: { key: string; table: string; path: readonly string[] }[] = [];
  for (const tp of plan.tables) for (const st of tp.steps) if (st.fixedKey) out.push({ key: st.fixedKey, table: tp.name, path: st.path });
  return out;
}

/** What a hash reads besides the value: the root (child and variant tables) and the fixed text columns' lanes. */
export interface HashContext {
  root: Record<string, unknown>;
  plan: Plan;
  /** the state's `lanes`: each fixed text column's rows' lanes, A and B interleaved, by `table.column` */
  lanes: Readonly<Record<string, ArrayLike<number>>>;
}

function idLanes(ctx: HashContext, table: number): ArrayLike<number> {
  const lanes = ctx.lanes[ctx.plan.tables[table]!.idKey];
  if (!lanes) throw new Error(`no id lanes for table ${ctx.plan.tables[table]!.name}`);
  return lanes;
}

function at(o: unknown, path: readonly string[]): unknown {
  let v = o as Record<string, unknown>;
  for (let i = 0; i < path.length; i++) v = v[path[i]!] as Record<string, unknown>;
  return v;
}

/** A table's column of a step (a group's column through its group). */
function columnOf(t: Record<string, unknown>, st: Step): unknown[] {
  return (st.group ? (t[st.group] as Record<string, unknown>)[st.key] : t[st.key]) as unknown[];
}

/** Mixes a struct's steps into the hasher's running lanes. */
export function hashWithPlan(h: Hasher, steps: readonly Step[], s: unknown, ctx: HashContext): void {
  const o = s as Record<string, unknown>;
  for (let j = 0; j < steps.length; j++) {
    const st = steps[j]!;
    const path = st.path;
    const v = path.length === 1 ? o[st.key] : path.length === 0 ? null : at(o, path);
    if (st.code === NUM) h.number(v as number);
    else hashValueStep(h, st, v, ctx, -1);
  }
}

/** One step on one value, into the running lanes (`row`: the row, for CHILDREN). */
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
        if (!st.optional) throw new Error(`ref to ${ctx.plan.tables[st.table]!.name} missing`);
        h.nul();
        return;
      }
      const lanes = idLanes(ctx, st.table);
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
    case KEYED:
      hashKeyed(h, st, v as readonly unknown[], ctx);
      return;
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
    case LEDGER:
      hashLedger(h, st, v as { low: number[]; high: number[] }, ctx);
      return;
    case TABLE:
      if (ctx.plan.tables[st.table]!.decl.as === "list") hashList(h, st.table, v as Record<string, unknown>, ctx);
      else hashRecord(h, st.table, v as Record<string, unknown>, ctx);
      return;
    case CHILDREN: {
      // the rows of a child table owned by one row: hashed as the children of one owner
      const base = h.reserve(2);
      h.L[base] = h.laneA;
      h.L[base + 1] = h.laneB;
      hashChildren(h, st.table, row, 1, base, ctx);
      h.setLanes(h.L[base]!, h.L[base + 1]!);
      h.release(base);
      return;
    }
  }
}

/** A keyed field: a record of its present entries, each from its key's (row's id's) lanes. */
function hashKeyed(h: Hasher, st: Step, values: readonly unknown[], ctx: HashContext): void {
  const lanes = idLanes(ctx, st.table);
  const value = st.value!;
  const d = h.openRecord();
  if (value.code === NUM) {
    for (let r = 0; r < values.length; r++) {
      const x = values[r] as number;
      if (x === null || x === undefined || Number.isNaN(x)) continue;
      h.enterEntryLanes(lanes[2 * r]!, lanes[2 * r + 1]!);
      h.number(x);
      h.leaveEntry();
    }
  } else {
    for (let r = 0; r < values.length; r++) {
      const x = values[r];
      if (x === null || x === undefined || (typeof x === "number" && Number.isNaN(x))) continue;
      h.enterEntryLanes(lanes[2 * r]!, lanes[2 * r + 1]!);
      hashValueStep(h, value, x, ctx, -1);
      h.leaveEntry();
    }
  }
  h.closeRecord(d);
}

function hashLedger(h: Hasher, st: Step, l: { low: number[]; high: number[] }, ctx: HashContext): void {
  const lanes = idLanes(ctx, st.table);
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
}

/** A table hashed as a list: its row count, then each row (its shape, its fields in order). */
function hashList(h: Hasher, table: number, t: Record<string, unknown>, ctx: HashContext): void {
  const tp = ctx.plan.tables[table]!;
  const steps = tp.steps;
  const shape = tp.decl.shape;
  const n = t.n as number;
  const cols: (unknown[] | null)[] = [];
  const fixed: (ArrayLike<number> | null)[] = [];
  for (let j = 0; j < steps.length; j++) {
    const st = steps[j]!;
    cols.push(st.key ? columnOf(t, st) : null);
    fixed.push(st.fixedKey ? (ctx.lanes[st.fixedKey] ?? null) : null);
  }
  h.number(n);
  for (let i = 0; i < n; i++) {
    if (shape) h.shape(shape[0], shape[1]);
    for (let j = 0; j < steps.length; j++) {
      const st = steps[j]!;
      const fl = fixed[j];
      if (st.code === NUM) h.number(cols[j]![i] as number);
      else if (fl) h.textLanes(fl[2 * i]!, fl[2 * i + 1]!);
      else hashValueStep(h, st, st.key ? cols[j]![i] : null, ctx, i);
    }
  }
}

/** A table hashed as a record keyed by its rows' ids, its variant tables' rows continuing its rows. */
function hashRecord(h: Hasher, table: number, t: Record<string, unknown>, ctx: HashContext): void {
  const tp = ctx.plan.tables[table]!;
  const n = t.n as number;
  const d = h.openRecord();
  const ids = idLanes(ctx, table);
  const base = h.reserve(2 * n);
  const L = h.L;
  for (let x = 0; x < 2 * n; x++) L[base + x] = ids[x]!;
  const variants = tp.decl.variants;
  if (variants) {
    const which = t[variants.field] as string[];
    for (let i = 0; i < n; i++) {
      const v = variants.tables[which[i]!]!;
      h.wordsAt(base + 2 * i, 0x7b, v.shape[0], v.shape[1]);
    }
  } else if (tp.decl.shape) for (let i = 0; i < n; i++) h.wordsAt(base + 2 * i, 0x7b, tp.decl.shape[0], tp.decl.shape[1]);
  hashColumns(h, tp.steps, t, n, base, ctx);
  if (variants) {
    const which = t[variants.field] as string[];
    const rowOf = t[variants.row] as number[];
    for (const v of tp.variants) {
      // the variant table's rows, each continuing the lanes of the row that points to it:
      // gathered side by side, hashed, and put back
      const vt = ctx.root[ctx.plan.tables[v.table]!.name] as Record<string, unknown>;
      const m = vt.n as number;
      const vbase = h.reserve(2 * m);
      const L2 = h.L;
      for (let i = 0; i < n; i++) {
        if (which[i] !== v.key) continue;
        const r = rowOf[i]!;
        L2[vbase + 2 * r] = L2[base + 2 * i]!;
        L2[vbase + 2 * r + 1] = L2[base + 2 * i + 1]!;
      }
      hashColumns(h, ctx.plan.tables[v.table]!.steps, vt, m, vbase, ctx);
      const L3 = h.L;
      for (let i = 0; i < n; i++) {
        if (which[i] !== v.key) continue;
        const r = rowOf[i]!;
        L3[base + 2 * i] = L3[vbase + 2 * r]!;
        L3[base + 2 * i + 1] = L3[vbase + 2 * r + 1]!;
      }
      h.release(vbase);
    }
  }
  const L4 = h.L;
  for (let i = 0; i < n; i++) {
    h.enterEntryLanes(L4[base + 2 * i]!, L4[base + 2 * i + 1]!);
    h.leaveEntry();
  }
  h.release(base);
  h.closeRecord(d);
}

/** Mixes each step's column into the lanes of every row (row r's at base + 2r of the scratch lanes). */
function hashColumns(h: Hasher, steps: readonly Step[], t: Record<string, unknown>, n: number, base: number, ctx: HashContext): void {
  for (let j = 0; j < steps.length; j++) {
    const st = steps[j]!;
    switch (st.code) {
      case NUM: {
        const col = columnOf(t, st) as number[];
        for (let r = 0; r < n; r++) h.numberAt(base + 2 * r, col[r]!);
        break;
      }
      case BOOL: {
        const col = columnOf(t, st) as boolean[];
        for (let r = 0; r < n; r++) h.wordsAt(base + 2 * r, col[r] ? 0x74 : 0x66);
        break;
      }
      case SHAPE:
        for (let r = 0; r < n; r++) h.wordsAt(base + 2 * r, 0x7b, st.tag, st.count);
        break;
      case TEXT: {
        const fl = st.fixedKey ? ctx.lanes[st.fixedKey] : undefined;
        if (fl) for (let r = 0; r < n; r++) h.wordsAt(base + 2 * r, 0x73, fl[2 * r]!, fl[2 * r + 1]!);
        else {
          const col = columnOf(t, st) as string[];
          for (let r = 0; r < n; r++) h.textAt(base + 2 * r, col[r]!);
        }
        break;
      }
      case OPT_TEXT: {
        const col = columnOf(t, st) as (string | null)[];
        for (let r = 0; r < n; r++) {
          const v = col[r];
          if (v === null || v === undefined) h.wordsAt(base + 2 * r, 0x6e);
          else h.textAt(base + 2 * r, v);
        }
        break;
      }
      case NUMS: {
        const col = columnOf(t, st) as number[][];
        for (let r = 0; r < n; r++) {
          const a = col[r]!;
          h.wordsAt(base + 2 * r, 0x5b, a.length);
          for (let i = 0; i < a.length; i++) h.numberAt(base + 2 * r, a[i]!);
        }
        break;
      }
      case CHILDREN:
        hashChildren(h, st.table, 0, n, base, ctx);
        break;
      default: {
        // any other field: the hasher's running lanes set to the row's, the field mixed, the lanes read back
        const col = columnOf(t, st);
        for (let r = 0; r < n; r++) {
          const l = base + 2 * r;
          h.setLanes(h.L[l]!, h.L[l + 1]!);
          hashValueStep(h, st, col[r], ctx, r);
          h.L[l] = h.laneA;
          h.L[l + 1] = h.laneB;
        }
      }
    }
  }
}

/**
 * The rows of a child table owned by rows first .. first + n - 1 of its owner table (row
 * first + r's lanes at base + 2r of the scratch lanes): each owner's count, then its rows in
 * order, fields in order; in one pass over the child table.
 */
function hashChildren(h: Hasher, table: number, first: number, n: number, base: number, ctx: HashContext): void {
  const tp = ctx.plan.tables[table]!;
  const t = ctx.root[tp.name] as Record<string, unknown> & { n: number; owner: number[] };
  const owner = t.owner;
  const rows = t.n;
  for (let r = 0; r < n; r++) {
    let count = 0;
    for (let c = 0; c < rows; c++) if (owner[c] === first + r) count++;
    h.numberAt(base + 2 * r, count);
  }
  if (rows === 0) return;
  const steps = tp.steps;
  const cols: unknown[][] = [];
  for (let j = 0; j < steps.length; j++) cols.push(steps[j]!.key ? columnOf(t, steps[j]!) : []);
  const shape = tp.decl.shape;
  for (let c = 0; c < rows; c++) {
    const o = owner[c]! - first;
    if (o < 0 || o >= n) continue;
    const l = base + 2 * o;
    if (shape) h.wordsAt(l, 0x7b, shape[0], shape[1]);
    for (let j = 0; j < steps.length; j++) {
      const st = steps[j]!;
      const v = cols[j]![c];
      switch (st.code) {
        case NUM:
          h.numberAt(l, v as number);
          break;
        case TEXT:
          h.textAt(l, v as string);
          break;
        case OPT_TEXT:
          if (v === null || v === undefined) h.wordsAt(l, 0x6e);
          else h.textAt(l, v as string);
          break;
        default:
          h.setLanes(h.L[l]!, h.L[l + 1]!);
          hashValueStep(h, st, v, ctx, c);
          h.L[l] = h.laneA;
          h.L[l + 1] = h.laneB;
      }
    }
  }
}
