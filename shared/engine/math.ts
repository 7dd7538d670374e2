/** Small numeric helpers for the engine. Pure; no state. */
import { exp, pow } from "./dmath.ts";

/** A fraction's array: `doubles` slices it for its element kind (read only). */
const DOUBLES_TEMPLATE: readonly number[] = [0.5];

/**
 * An array of unboxed doubles holding `values` (none by default). V8 gives each array an element
 * kind (small integers, unboxed doubles, or any value): an array of numbers made empty or of
 * small integers changes kind at its first fraction, which costs a copy, and code optimized
 * for one kind deoptimizes when an array of the other reaches it. This one is an empty slice of
 * an array of a fraction, whose kind it keeps when small integers are added. A slice, not a
 * literal: V8 learns from where a literal's arrays go, and one of them turned into boxed values
 * (a non-number stored, a generic sort) would start every later array of the literal boxed,
 * the state's columns included. Numbers only.
 */
export function doubles(values: readonly number[] = []): number[] {
  const out = DOUBLES_TEMPLATE.slice(0, 0);
  for (let i = 0; i < values.length; i++) out.push(values[i]!);
  return out;
}

/** `n` copies of `value` in an array of unboxed doubles (see `doubles`). */
export function filledDoubles(n: number, value: number): number[] {
  const out = doubles();
  for (let i = 0; i < n; i++) out.push(value);
  return out;
}

/** An object's array: `mapped` slices it for its element kind, any value (read only). */
const VALUES_TEMPLATE: readonly unknown[] = [{}];

/**
 * `f` of each element of `a`, in a packed array of any values, empty or not. `Array.prototype.map`
 * returns a holey array from optimized code and a packed one from the interpreter, so a function
 * handed its results sees both kinds and deoptimizes when its caller is optimized. A slice of a
 * template, not a literal, as in `doubles`. For numbers use `mappedDoubles`.
 */
export function mapped<T, U>(a: readonly T[], f: (x: T, i: number) => U): U[] {
  const out = VALUES_TEMPLATE.slice(0, 0) as U[];
  for (let i = 0; i < a.length; i++) out.push(f(a[i]!, i));
  return out;
}

/** `f` of each element of `a` as unboxed doubles (see `doubles` and `mapped`). */
export function mappedDoubles<T>(a: readonly T[], f: (x: T, i: number) => number): number[] {
  const out = doubles();
  for (let i = 0; i < a.length; i++) out.push(f(a[i]!, i));
  return out;
}

export function clamp(x: number, lo: number, hi: number): number {
  return x < lo ? lo : Math.min(x, hi);
}

/** Standard normal CDF (Abramowitz–Stegun 7.1.26 via erf, |error| < 1.5e-7). */
export function normCdf(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * z);
  const y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * exp(-z * z);
  return x >= 0 ? 0.5 * (1 + y) : 0.5 * (1 - y);
}

export function logistic(x: number): number {
  return 1 / (1 + exp(-x));
}

/** Rounds a dollar amount to integer cents. */
export function toCents(dollars: number): number {
  if (!Number.isFinite(dollars)) throw new Error(`non-finite money: ${dollars}`);
  return Math.round(dollars * 100);
}

export function centsToDollars(cents: number): number {
  return cents / 100;
}

/** Sum of an array of numbers. */
export function sum(xs: readonly number[]): number {
  let s = 0;
  for (const x of xs) s += x;
  return s;
}

/**
 * Sorts a small array in place by insertion (stable, like Array.prototype.sort, so the result is
 * the same for any consistent comparator), and returns it. The engine sorts a handful of bids,
 * contracts or quotes at a time, many times a quarter: Array.prototype.sort allocates a work
 * area for each call, an insertion sort of under 16 items none. Larger arrays go to it.
 */
export function sortSmall<T>(a: T[], cmp: (x: T, y: T) => number): T[] {
  const n = a.length;
  if (n > 16) return a.sort(cmp);
  for (let i = 1; i < n; i++) {
    const x = a[i]!;
    let j = i - 1;
    while (j >= 0 && cmp(a[j]!, x) > 0) {
      a[j + 1] = a[j]!;
      j--;
    }
    a[j + 1] = x;
  }
  return a;
}

/**
 * Merges lists each already sorted by `cmp` into one sorted list: what a stable sort of their
 * concatenation gives (on a tie the earlier list's item first), in time linear in the items
 * for a few lists. The spot market's curves come this way: each seller's tranches and each
 * group of bids are generated in order, so the market's curve is their merge, not a sort.
 */
export function mergeSorted<T>(lists: readonly (readonly T[])[], cmp: (x: T, y: T) => number): T[] {
  const out: T[] = [];
  const at: number[] = [];
  for (let k = 0; k < lists.length; k++) at.push(0);
  for (;;) {
    let best = -1;
    for (let k = 0; k < lists.length; k++) {
      if (at[k]! >= lists[k]!.length) continue;
      if (best < 0 || cmp(lists[k]![at[k]!]!, lists[best]![at[best]!]!) < 0) best = k;
    }
    if (best < 0) return out;
    out.push(lists[best]![at[best]!]!);
    at[best] = at[best]! + 1;
  }
}

function byString(x: string, y: string): number {
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Strings sorted in place as Array.prototype.sort() sorts them (by UTF-16 code units), small arrays by insertion. */
export function sortStrings(a: string[]): string[] {
  return sortSmall(a, byString);
}

export function assertNever(x: never): never {
  throw new Error(`unexpected variant: ${JSON.stringify(x)}`);
}

/**
 * Deep copy of plain JSON data (objects, arrays, numbers, strings, booleans, null).
 * Objects are copied by spread, which clones a fast-mode object's hidden class in one step;
 * building them key by key (`out[k] = v`) turns any object of more than about 16 keys (every
 * actor) into a slow dictionary-mode object, and every step after the copy pays for that on
 * each property read. A key whose value is undefined is kept as such (JSON and the state hash
 * ignore it).
 */
export function cloneJson<T>(x: T): T {
  if (x === null || typeof x !== "object") return x;
  return cloneNode(x);
}

function cloneNode<T>(x: T): T {
  if (Array.isArray(x)) {
    const n = x.length;
    const out = new Array(n);
    for (let i = 0; i < n; i++) {
      const v = x[i];
      out[i] = typeof v === "object" && v !== null ? cloneNode(v) : v;
    }
    return out as T;
  }
  const out = { ...(x as object) } as Record<string, unknown>;
  for (const k in out) {
    const v = out[k];
    if (typeof v === "object" && v !== null) out[k] = cloneNode(v);
  }
  return out as T;
}

/**
 * Value-weighted share of a log-normal's mass above cost c: P(V > c). `lnC` is ln(c), which the
 * caller takes once for both this and valueAbove.
 */
export function shareAbove(c: number, lnC: number, mu: number, sigma: number): number {
  if (c <= 0) return 1;
  return 1 - normCdf((lnC - mu) / sigma);
}

/** E[V; V > c] for V ~ LogNormal(mu, sigma): the value of the tasks worth doing, per potential task. `lnC` = ln(c). */
export function valueAbove(c: number, lnC: number, mu: number, sigma: number): number {
  const mean = exp(mu + (sigma * sigma) / 2);
  if (c <= 0) return mean;
  return mean * normCdf((mu + sigma * sigma - lnC) / sigma);
}

/**
 * The factor that bends x towards a bound: x × boundFactor(x, cap, n) is the smooth minimum
 * x / (1 + (x / cap)^n)^(1/n), which follows x while it is small against the cap and
 * approaches the cap, never crossing it. The sharpness n sets how early the bound is felt: at
 * n = 3, x at a fifth of the cap loses under 0.3% of itself.
 */
export function boundFactor(x: number, cap: number, n: number): number {
  return 1 / pow(1 + pow(x / cap, n), 1 / n);
}

/** Formats a number with a T/B/M/k suffix, for event texts. */
export function fmtG(x: number): string {
  const a = Math.abs(x);
  if (a >= 1e12) return `${fixed(x / 1e12, 2)}T`;
  if (a >= 1e9) return `${fixed(x / 1e9, 2)}B`;
  if (a >= 1e6) return `${fixed(x / 1e6, 1)}M`;
  if (a >= 1e3) return `${fixed(x / 1e3, 1)}k`;
  return fixed(x, 2);
}

const POW10 = [1, 10, 100];

/**
 * `x.toFixed(digits)` for 0 to 2 digits, the same string (test/engine/fixed.test.ts compares
 * them on millions of values, ties and their neighbours among them) in under half the time:
 * V8's toFixed goes through its runtime, and event texts call it about 20 times a quarter.
 * The rule (ECMA-262): the integer n nearest to x × 10^digits, the larger on a tie, for |x|.
 * x × 10^digits is taken exactly, as two doubles: x split in halves of 26 bits (Veltkamp), each
 * times 1, 10 or 100 exact; the remainder's sign and tie are read exactly (TwoSum). Values of
 * 10^12 and more (where the halves' products stop being exact) and non-finite ones go to toFixed.
 */
export function fixed(x: number, digits: 0 | 1 | 2): string {
  if (!(Math.abs(x) < 1e12)) return x.toFixed(digits);
  const neg = x < 0;
  const v = neg ? -x : x;
  let n: number;
  if (digits === 0) n = Math.round(v);
  else {
    const p = POW10[digits]!;
    const c = v * 134217729; // 2^27 + 1
    const vh = c - (c - v);
    const hi = vh * p;
    const lo = (v - vh) * p;
    n = Math.floor(hi + lo);
    // r = (hi - n) + lo exactly, as s + e; hi - n is exact (n is within one of hi, or 0)
    for (let k = 0; ; k++) {
      if (k === 4) return x.toFixed(digits);
      const a = hi - n;
      const s = a + lo;
      const b = s - a;
      const e = a - (s - b) + (lo - b);
      if (s < 0 || (s === 0 && e < 0)) n -= 1;
      else if (s > 1 || (s === 1 && e >= 0)) n += 1;
      else {
        if (s > 0.5 || (s === 0.5 && e >= 0)) n += 1;
        break;
      }
    }
  }
  const sign = neg ? "-" : "";
  if (digits === 0) return `${sign}${n}`;
  const p = POW10[digits]!;
  const whole = Math.floor(n / p);
  const frac = n - whole * p;
  return `${sign}${whole}.${digits === 2 && frac < 10 ? "0" : ""}${frac}`;
}

/** Keys of a record in sorted order (by UTF-16 code units, as Array.prototype.sort). */
export function sortedIds<T>(rec: Readonly<Record<string, T>>): string[] {
  return Object.keys(rec).sort();
}

/** Whether two lists of strings are the same, in the same order. */
export function sameStrings(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
