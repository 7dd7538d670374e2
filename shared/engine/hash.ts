/**
 * The state hash: a structural 64-bit hash of plain JSON data, the same on every machine.
 *
 * Two 32-bit lanes (FNV-style and murmur-style multiplies) are fed the value's structure:
 * arrays in order, numbers as their IEEE-754 bits (small integers as themselves), strings by
 * their code units. An object's entries are hashed one by one, each from a fresh seed over its
 * key and value, and summed, so the result does not depend on key order and no sorted key list
 * is built (JSON stores, PostgreSQL's JSONB among them, may reorder keys). No intermediate
 * string is built, so it is cheap enough to run every quarter.
 */
const F64 = new Float64Array(1);
const U32 = new Uint32Array(F64.buffer);
const SEED_A = 0x811c9dc5;
const SEED_B = 0x9747b28c;

// The running lanes. Module state, but only for the duration of one synchronous hashValue call.
let A = SEED_A;
let B = SEED_B;

function mix(x: number): void {
  A = Math.imul(A ^ x, 16777619);
  const b = Math.imul(B ^ x, 0x5bd1e995);
  B = b ^ (b >>> 15);
}

function mixString(s: string): void {
  mix(s.length);
  for (let i = 0; i < s.length; i++) mix(s.charCodeAt(i));
}

/*
 * Strings repeat across the state and across quarters (keys, ids, names): each one's own
 * two-lane hash is kept in a direct-mapped cache, indexed by its length and three of its
 * characters and checked by identity, which costs a few nanoseconds where a Map lookup cost
 * about thirty. A string whose slot holds another is hashed again (the result is the same).
 */
const SLOTS = 4096;
const SLOT_KEY: (string | null)[] = new Array<string | null>(SLOTS).fill(null);
const SLOT_A = new Int32Array(SLOTS);
const SLOT_B = new Int32Array(SLOTS);
// keyHash's result: the string's two lanes
let KA = 0;
let KB = 0;

function keyHash(k: string): void {
  const n = k.length;
  const i = n === 0 ? 0 : (n * 97 + k.charCodeAt(0) * 31 + k.charCodeAt(n >> 1) * 7 + k.charCodeAt(n - 1)) & (SLOTS - 1);
  if (SLOT_KEY[i] === k) {
    KA = SLOT_A[i]!;
    KB = SLOT_B[i]!;
    return;
  }
  const a = A;
  const b = B;
  A = SEED_A;
  B = SEED_B;
  mixString(k);
  KA = A | 0;
  KB = B | 0;
  A = a;
  B = b;
  SLOT_KEY[i] = k;
  SLOT_A[i] = KA;
  SLOT_B[i] = KB;
}

/** A 64-bit structural hash of a JSON value, as 16 hex digits. Same value ⇒ same hash everywhere. */
export function hashValue(value: unknown): string {
  hashBegin();
  walk(value);
  return hashEnd();
}

/*
 * The same lanes for a hasher written out field by field (state-walk.ts): the game state's
 * fields are known, so its hash reads each by name in a fixed order (no key hashing, no
 * type dispatch, one shape per read), about five times faster than the generic walk.
 * Usage: hashBegin(), then the mix* calls, then hashEnd(); synchronous, not re-entrant.
 */
export function hashBegin(): void {
  A = SEED_A;
  B = SEED_B;
}

export function hashEnd(): string {
  return (A >>> 0).toString(16).padStart(8, "0") + (B >>> 0).toString(16).padStart(8, "0");
}

/** A number: small integers (counts, cents that fit) as themselves, others by their IEEE-754 bits. Throws on NaN or ±Infinity. */
export function mixNumber(v: number): void {
  if ((v | 0) === v) {
    mix(0x69);
    mix(v);
    return;
  }
  if (!Number.isFinite(v)) throw new Error(`non-finite number in state: ${v}`);
  F64[0] = v === 0 ? 0 : v; // -0 and 0 hash alike, as in JSON
  mix(0x64);
  mix(U32[0]!);
  mix(U32[1]!);
}

/** A number array, in order. */
export function mixNumbers(a: readonly number[]): void {
  mix(0x5b);
  mix(a.length);
  for (let i = 0; i < a.length; i++) mixNumber(a[i]!);
}

/** A string: its own hash, cached (the state's strings are ids and names that recur every quarter), mixed in. */
export function mixText(s: string): void {
  keyHash(s);
  mix(0x73);
  mix(KA);
  mix(KB);
}

export function mixBool(b: boolean): void {
  mix(b ? 0x74 : 0x66);
}

/** null (and undefined, as in JSON). */
export function mixNull(): void {
  mix(0x6e);
}

/** A value of a field that may be absent (undefined hashes as null, as in JSON). */
export function mixOptionalText(s: string | undefined | null): void {
  if (s == null) mixNull();
  else mixText(s);
}

/** Any JSON value, by the generic walk (for the state's small, irregular parts). */
export function mixAny(v: unknown): void {
  walk(v);
}

/** A fixed-field object's start: its type tag and field count, so that shapes do not collide. */
export function mixShape(tag: number, fields: number): void {
  mix(0x7b);
  mix(tag);
  mix(fields);
}

/** A record of numbers keyed by ids. */
export function mixNumberRecord(rec: Readonly<Record<string, number>>): void {
  mixRecord(rec, mixNumber);
}

/**
 * A record keyed by ids, or any object for the generic walk, whose key order carries no meaning:
 * each entry is hashed from a fresh seed over its key and value (`each` mixes the value) and the
 * entries are summed. An undefined value is skipped, as JSON drops it.
 */
export function mixRecord<T>(rec: Readonly<Record<string, T>>, each: (v: T) => void): void {
  const a = A;
  const b = B;
  let sa = 0;
  let sb = 0;
  let n = 0;
  for (const k in rec) {
    const v = rec[k];
    if (v === undefined) continue;
    keyHash(k);
    A = KA;
    B = KB;
    each(v);
    sa = (sa + A) | 0;
    sb = (sb + B) | 0;
    n++;
  }
  A = a;
  B = b;
  mix(0x7b);
  mix(n);
  mix(sa);
  mix(sb);
}

function walk(v: unknown): void {
  switch (typeof v) {
    case "number":
      mixNumber(v);
      return;
    case "object":
      if (v === null) mixNull();
      else if (Array.isArray(v)) {
        mix(0x5b);
        mix(v.length);
        for (let i = 0; i < v.length; i++) walk(v[i]);
      } else mixRecord(v as Record<string, unknown>, walk);
      return;
    case "string":
      mix(0x73);
      mixString(v);
      return;
    case "boolean":
      mixBool(v);
      return;
    case "undefined":
      mixNull();
      return;
    default:
      throw new Error(`non-JSON value in state: ${typeof v}`);
  }
}
