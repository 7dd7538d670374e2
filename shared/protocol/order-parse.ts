/**
 * parseOrder(raw): OrderSchema.safeParse(raw), with a fast path for the orders it accepts.
 *
 * Every seat's orders are parsed every quarter, and in a game of bots zod's general machinery
 * was about a tenth of a quarter's time. The fast path is not a second definition of the
 * orders: it is compiled once, at load, from OrderSchema's own zod definitions (objects, literals,
 * enums, numbers with their bounds, integer and custom checks, strings, booleans, arrays,
 * optional fields). It accepts an order only when every check passes, and then returns what zod
 * returns: a new object with the schema's keys in the schema's order. Anything else — an order
 * with a mistake, or a schema feature the compiler does not know — goes to zod, whose result and
 * message are returned. So it can only be stricter than zod, never looser, and
 * test/property/order-parse.test.ts checks that on random valid and invalid orders.
 */
import type { z } from "zod";
import { type Order, OrderSchema } from "./orders.ts";

/** A compiled check: the parsed value, or FAIL. */
type Check = (v: unknown) => unknown;
const FAIL: unique symbol = Symbol("fail");

/** Thrown while compiling a schema the fast path does not cover (that order type then always uses zod). */
class Unsupported extends Error {}

// zod's internal definitions, as far as the compiler reads them (the test builds its inputs from them too)
export interface Def {
  type: string;
  checks?: { _zod: { def: CheckDef } }[];
  values?: unknown[];
  entries?: Record<string, unknown>;
  shape?: Record<string, { _zod: { def: Def } }>;
  catchall?: { _zod: { def: Def } };
  element?: { _zod: { def: Def } };
  innerType?: { _zod: { def: Def } };
}
export interface CheckDef {
  check: string;
  value?: number;
  inclusive?: boolean;
  format?: string;
  minimum?: number;
  maximum?: number;
  fn?: (v: unknown) => unknown;
}

export function defOf(schema: unknown): Def {
  return (schema as { _zod: { def: Def } })._zod.def;
}

/**
 * A schema's checks folded into a few limits, so that a value is checked by one closure with
 * plain comparisons rather than by a list of predicates: of several bounds of one kind the
 * strictest is kept. Custom checks stay predicates, run after the others (they are pure, so the
 * order does not change the verdict). Any check it does not know makes the schema unsupported.
 */
interface Limits {
  lo: number;
  loOpen: boolean;
  hi: number;
  hiOpen: boolean;
  safeInt: boolean;
  minLength: number;
  maxLength: number;
  custom: ((v: never) => unknown)[];
}

function limitsOf(def: Def, kind: "number" | "length"): Limits {
  const l: Limits = {
    lo: Number.NEGATIVE_INFINITY,
    loOpen: false,
    hi: Number.POSITIVE_INFINITY,
    hiOpen: false,
    safeInt: false,
    minLength: 0,
    maxLength: Number.POSITIVE_INFINITY,
    custom: [],
  };
  for (const c of def.checks ?? []) {
    const d = c._zod.def;
    if (
      kind === "number"
        ? d.check === "min_length" || d.check === "max_length"
        : d.check !== "min_length" && d.check !== "max_length" && d.check !== "custom"
    )
      throw new Unsupported(`check ${d.check} on a ${def.type}`);
    switch (d.check) {
      case "greater_than": {
        const x = d.value!;
        if (x > l.lo || (x === l.lo && !d.inclusive)) {
          l.lo = x;
          l.loOpen = !d.inclusive;
        }
        break;
      }
      case "less_than": {
        const x = d.value!;
        if (x < l.hi || (x === l.hi && !d.inclusive)) {
          l.hi = x;
          l.hiOpen = !d.inclusive;
        }
        break;
      }
      case "number_format":
        if (d.format !== "safeint") throw new Unsupported(`number format ${d.format}`);
        l.safeInt = true;
        break;
      case "min_length":
        l.minLength = Math.max(l.minLength, d.minimum!);
        break;
      case "max_length":
        l.maxLength = Math.min(l.maxLength, d.maximum!);
        break;
      case "custom": {
        const fn = d.fn;
        if (typeof fn !== "function") throw new Unsupported("custom check without a function");
        l.custom.push(fn as (v: never) => unknown);
        break;
      }
      default:
        throw new Unsupported(`check ${d.check}`);
    }
  }
  return l;
}

/** Every custom check passes (an asynchronous one, a promise, is left to zod, which refuses it in a synchronous parse). */
function customPass(custom: ((v: never) => unknown)[], v: unknown): boolean {
  for (let i = 0; i < custom.length; i++) {
    const r = custom[i]!(v as never);
    if (r instanceof Promise || !r) return false;
  }
  return true;
}

/**
 * A compiled check. Plain values (literals, enums, booleans, numbers, strings) are checked by
 * their inline test (inlineTest, the one definition of each), generated into a function; arrays
 * check each element; objects are generated whole (compileObject).
 */
function compile(def: Def): Check {
  switch (def.type) {
    case "array": {
      const { minLength, maxLength, custom } = limitsOf(def, "length");
      const element = compile(def.element!._zod.def);
      return (v) => {
        if (!Array.isArray(v) || v.length < minLength || v.length > maxLength || (custom.length > 0 && !customPass(custom, v))) return FAIL;
        const out = new Array(v.length);
        for (let i = 0; i < v.length; i++) {
          const x = element(v[i]);
          if (x === FAIL) return FAIL;
          out[i] = x;
        }
        return out;
      };
    }
    case "object":
      return compileObject(def);
    default: {
      const consts: unknown[] = [];
      const test = inlineTest(def, "input", refTo(consts));
      if (test !== null) return generate(consts, `return (${test}) ? input : FAIL;`);
      // a literal or enum with NaN among its values: zod compares by SameValueZero, as includes does
      if (def.type === "literal" || def.type === "enum") {
        const values = def.type === "literal" ? def.values! : Object.values(def.entries!);
        return (v) => (values.includes(v) ? v : FAIL);
      }
      throw new Unsupported(`schema type ${def.type}`);
    }
  }
}

/** How generated code names a constant: its index in `consts`, which the code receives as C. */
function refTo(consts: unknown[]): (x: unknown) => string {
  return (x) => `C[${consts.push(x) - 1}]`;
}

/**
 * A check generated from the body of `function parse(input)` (new Function, as zod compiles its
 * own parsers), which reads its constants from C. Where generated code is refused (a page whose
 * Content-Security-Policy forbids it), Unsupported: zod then parses that order type.
 */
function generate(consts: unknown[], body: string): Check {
  let make: (...args: unknown[]) => Check;
  try {
    make = new Function("C", "FAIL", "customPass", `return function parse(input) {\n${body}\n};`) as typeof make;
  } catch (e) {
    throw new Unsupported(`generated code refused (${String(e)})`);
  }
  return make(consts, FAIL, customPass);
}

/**
 * A strict object: every key it enumerates known, every required key present, each value valid.
 * Compiled to one function per object schema (new Function, as zod itself compiles its object
 * parsers): the keys are checked by a switch, the plain fields (literals, enums, booleans,
 * numbers, strings) inline with their limits, and the result built as one literal of the
 * schema's keys in the schema's order, so each order type's parser reads and builds one layout.
 * The generic closures it replaced read and wrote every field by a key that varied, V8's slow
 * path, for about 40 orders a quarter.
 */
function compileObject(def: Def): Check {
  if (def.checks?.length) throw new Unsupported("checks on an object");
  if (defOf(def.catchall).type !== "never") throw new Unsupported("a non-strict object");
  const keys = Object.keys(def.shape!);
  const consts: unknown[] = [];
  const ref = refTo(consts);
  const lines: string[] = [
    'if (typeof input !== "object" || input === null || Array.isArray(input)) return FAIL;',
    // every key for-in sees (inherited ones too, as before) must be the schema's
    `for (const k in input) switch (k) { ${keys.map((k) => `case ${JSON.stringify(k)}:`).join(" ")} break; default: return FAIL; }`,
  ];
  const fields: string[] = [];
  keys.forEach((k, i) => {
    if (k === "__proto__") throw new Unsupported("a __proto__ key");
    const key = JSON.stringify(k);
    const d = defOf(def.shape![k]);
    const optional = d.type === "optional";
    const inner = optional ? d.innerType!._zod.def : d;
    const v = `v${i}`;
    // zod tests presence with `in`, and keeps an optional field that is present and undefined
    lines.push(`const h${i} = ${key} in input;`);
    if (!optional) lines.push(`if (!h${i}) return FAIL;`);
    lines.push(`let ${v} = h${i} ? input[${key}] : undefined;`);
    const test = inlineTest(inner, v, ref);
    const check = test ?? `(${v} = ${ref(compile(inner))}(${v})) !== FAIL`;
    lines.push(optional ? `if (h${i} && ${v} !== undefined && !(${check})) return FAIL;` : `if (!(${check})) return FAIL;`);
    fields.push(optional ? `if (h${i}) out[${key}] = ${v};` : `out[${key}] = ${v};`);
  });
  if (keys.every((k) => defOf(def.shape![k]).type !== "optional")) {
    lines.push(`return { ${keys.map((k, i) => `${JSON.stringify(k)}: v${i}`).join(", ")} };`);
  } else {
    lines.push("const out = {};", ...fields, "return out;");
  }
  return generate(consts, lines.join("\n"));
}

/**
 * A plain value's check as an expression over `v` (its value passes unchanged): the one definition
 * of each kind's test, inlined into object parsers and generated alone by compile. Null for what
 * is not inlined: arrays, objects, and literals or enums with NaN among their values.
 */
function inlineTest(def: Def, v: string, ref: (x: unknown) => string): string | null {
  switch (def.type) {
    case "literal":
    case "enum": {
      const values = def.type === "literal" ? def.values! : Object.values(def.entries!);
      if (values.some((x) => Number.isNaN(x))) return null;
      return values.map((x) => `${v} === ${ref(x)}`).join(" || ") || "false";
    }
    case "boolean":
      if (def.checks?.length) throw new Unsupported("checks on a boolean");
      return `typeof ${v} === "boolean"`;
    case "number": {
      const { lo, loOpen, hi, hiOpen, safeInt, custom } = limitsOf(def, "number");
      const t = [`typeof ${v} === "number"`, `Number.isFinite(${v})`];
      if (lo !== Number.NEGATIVE_INFINITY) t.push(`${v} ${loOpen ? ">" : ">="} ${ref(lo)}`);
      if (hi !== Number.POSITIVE_INFINITY) t.push(`${v} ${hiOpen ? "<" : "<="} ${ref(hi)}`);
      if (safeInt) t.push(`Number.isSafeInteger(${v})`);
      if (custom.length) t.push(`customPass(${ref(custom)}, ${v})`);
      return t.join(" && ");
    }
    case "string": {
      const { minLength, maxLength, custom } = limitsOf(def, "length");
      const t = [`typeof ${v} === "string"`];
      if (minLength > 0) t.push(`${v}.length >= ${ref(minLength)}`);
      if (maxLength !== Number.POSITIVE_INFINITY) t.push(`${v}.length <= ${ref(maxLength)}`);
      if (custom.length) t.push(`customPass(${ref(custom)}, ${v})`);
      return t.join(" && ");
    }
    default:
      return null;
  }
}

/** One compiled check per order type; types whose schema the compiler does not cover are absent. */
const FAST = new Map<unknown, Check>();
for (const option of (OrderSchema as unknown as { options: z.ZodType[] }).options) {
  const def = defOf(option);
  const type = defOf(def.shape!.type).values?.[0];
  try {
    FAST.set(type, compile(def));
  } catch (e) {
    if (!(e instanceof Unsupported)) throw e;
  }
}

/** The order types the fast path covers (for the tests: all of them today). */
export function fastOrderTypes(): unknown[] {
  return [...FAST.keys()];
}

/** The fast path alone: the parsed order, or null when it leaves the order to zod. */
export function parseOrderFast(raw: unknown): Order | null {
  if (typeof raw !== "object" || raw === null) return null;
  const check = FAST.get((raw as { type?: unknown }).type);
  if (!check) return null;
  const r = check(raw);
  return r === FAIL ? null : (r as Order);
}

/** OrderSchema.safeParse(raw), taking the fast path when it accepts the order. */
export function parseOrder(raw: unknown): ReturnType<typeof OrderSchema.safeParse> {
  const fast = parseOrderFast(raw);
  if (fast) return { success: true, data: fast } as ReturnType<typeof OrderSchema.safeParse>;
  return OrderSchema.safeParse(raw);
}
