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
import { stringSlot } from "./math.ts";

const SEED_A = 0x811c9dc5;
const SEED_B = 0x9747b28c;

/*
 * The running lanes, A in L[0] and B in L[1]. Module state, but only for the duration of one
 * synchronous hash. An Int32Array, not two module-level `let`s: a lane is any int32, and one
 * above 2^30 is not a small integer to V8, so a store to a `let` may allocate a heap number
 * (a mix into a typed array was twice as fast in a microbenchmark); an element holds the raw
 * 32 bits. Both views of a number's bits (QUEUE_WORDS, F64_WORDS) assume a little-endian
 * machine, as the Uint32Array view before them did.
 */
const L = new Int32Array(2);

// One step of each lane. The hot paths below read the lanes into locals, step them and store
// them back once; these are small enough that V8 inlines them.
function stepA(a: number, x: number): number {
  return Math.imul(a ^ x, 16777619);
}

function stepB(b: number, x: number): number {
  const m = Math.imul(b ^ x, 0x5bd1e995);
  return m ^ (m >>> 15);
}

function mix(x: number): void {
  if (queued !== 0) mixQueued();
  L[0] = stepA(L[0]!, x);
  L[1] = stepB(L[1]!, x);
}

/*
 * Numbers are most of the state's leaves (about 1,100 of 1,350), and a hasher written out field
 * by field calls mixNumber for each: too many calls for V8 to inline a mix into every one (its
 * inlining budget per function ran out after two or three of hashBooks's nineteen). So
 * mixNumber only queues its number, a call small enough to be inlined everywhere, and the
 * queue is mixed in, in order, in one loop over locals before anything else is mixed.
 * QUEUE_WORDS is the same memory as 32-bit words: a non-integer's IEEE-754 bits.
 */
const QUEUE_SIZE = 256;
const QUEUE = new Float64Array(QUEUE_SIZE);
const QUEUE_WORDS = new Int32Array(QUEUE.buffer);
let queued = 0;
const F64 = new Float64Array(1);
const F64_WORDS = new Int32Array(F64.buffer);

/*
 * How a number steps each lane: a small integer as a tag and itself (-0 among them: it hashes as
 * 0, as in JSON), any other finite number as a tag and its IEEE-754 bits (`lo`, `hi`, which the
 * caller reads from its own view). The queue and the number records both step their local
 * lanes with these; small enough for V8 to inline.
 */
function numberA(a: number, v: number, lo: number, hi: number): number {
  if ((v | 0) === v) return stepA(stepA(a, 0x69), v);
  if (!Number.isFinite(v)) throw new Error(`non-finite number in state: ${v}`);
  return stepA(stepA(stepA(a, 0x64), lo), hi);
}

function numberB(b: number, v: number, lo: number, hi: number): number {
  if ((v | 0) === v) return stepB(stepB(b, 0x69), v);
  return stepB(stepB(stepB(b, 0x64), lo), hi);
}

function mixQueued(): void {
  const n = queued;
  queued = 0;
  let a = L[0]!;
  let b = L[1]!;
  for (let i = 0; i < n; i++) {
    const v = QUEUE[i]!;
    const lo = QUEUE_WORDS[2 * i]!;
    const hi = QUEUE_WORDS[2 * i + 1]!;
    a = numberA(a, v, lo, hi);
    b = numberB(b, v, lo, hi);
  }
  L[0] = a;
  L[1] = b;
}

function mixString(s: string): void {
  mix(s.length);
  for (let i = 0; i < s.length; i++) mix(s.charCodeAt(i));
}

/*
 * Strings repeat across the state and across quarters (keys, ids, names): each one's own
 * two-lane hash is kept in a direct-mapped cache, indexed by stringSlot (its length and three of
 * its characters) and checked by identity, which costs a few nanoseconds where a Map lookup cost
 * about thirty. A string whose slot holds another is hashed again (the result is the same).
 * Every slot starts out holding "" and its lanes (not null: a slot array of strings only
 * lets V8 compare by identity, where a string-or-null one called its generic equality).
 */
const SLOTS = 4096;
const SLOT_KEY: string[] = new Array<string>(SLOTS).fill("");
const SLOT_A = new Int32Array(SLOTS).fill(stepA(SEED_A, 0));
const SLOT_B = new Int32Array(SLOTS).fill(stepB(SEED_B, 0));

/** The cache slot that holds `k`'s two lanes (SLOT_A, SLOT_B), filled first if need be. */
function keySlot(k: string): number {
  const i = stringSlot(k, SLOTS);
  if (SLOT_KEY[i] !== k) fillSlot(k, i);
  return i;
}

function fillSlot(k: string, i: number): void {
  let a = stepA(SEED_A, k.length);
  let b = stepB(SEED_B, k.length);
  for (let j = 0; j < k.length; j++) {
    a = stepA(a, k.charCodeAt(j));
    b = stepB(b, k.charCodeAt(j));
  }
  SLOT_KEY[i] = k;
  SLOT_A[i] = a;
  SLOT_B[i] = b;
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
  queued = 0;
  L[0] = SEED_A;
  L[1] = SEED_B;
}

/** Character codes of the hex digits 0-9a-f. */
const HEX = Uint8Array.from("0123456789abcdef", (c) => c.charCodeAt(0));

export function hashEnd(): string {
  if (queued !== 0) mixQueued();
  // the lanes as 16 lower-case hex digits, A's then B's (Number#toString(16) and padStart took
  // about half a microsecond a lane, through V8's runtime)
  return hex8(L[0]!) + hex8(L[1]!);
}

/** A 32-bit lane as 8 lower-case hex digits. */
function hex8(x: number): string {
  return String.fromCharCode(
    HEX[(x >>> 28) & 15]!,
    HEX[(x >>> 24) & 15]!,
    HEX[(x >>> 20) & 15]!,
    HEX[(x >>> 16) & 15]!,
    HEX[(x >>> 12) & 15]!,
    HEX[(x >>> 8) & 15]!,
    HEX[(x >>> 4) & 15]!,
    HEX[x & 15]!,
  );
}

/**
 * A number: small integers (counts, cents that fit) as themselves, others by their IEEE-754 bits.
 * Queued (see QUEUE); the hash throws on NaN or ±Infinity when it mixes them in.
 */
export function mixNumber(v: number): void {
  if (queued === QUEUE_SIZE) mixQueued();
  QUEUE[queued++] = v;
}

/** A number array, in order. */
export function mixNumbers(a: readonly number[]): void {
  mix(0x5b);
  mix(a.length);
  for (let i = 0; i < a.length; i++) mixNumber(a[i]!);
}

/** A string: its own hash, cached (the state's strings are ids and names that recur every quarter), mixed in. */
export function mixText(s: string): void {
  if (queued !== 0) mixQueued();
  const i = keySlot(s);
  const ka = SLOT_A[i]!;
  const kb = SLOT_B[i]!;
  L[0] = stepA(stepA(stepA(L[0]!, 0x73), ka), kb);
  L[1] = stepB(stepB(stepB(L[1]!, 0x73), ka), kb);
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

/**
 * A record of numbers keyed by ids: mixRecord with mixNumber, written out (about a third of the
 * state's records and entries are these), each entry's lanes in locals rather than queued.
 */
export function mixNumberRecord(rec: Readonly<Record<string, number>>): void {
  if (queued !== 0) mixQueued();
  let sa = 0;
  let sb = 0;
  let n = 0;
  for (const k in rec) {
    const v = rec[k];
    if (v === undefined) continue;
    const i = keySlot(k);
    F64[0] = v;
    const lo = F64_WORDS[0]!;
    const hi = F64_WORDS[1]!;
    sa = (sa + numberA(SLOT_A[i]!, v, lo, hi)) | 0;
    sb = (sb + numberB(SLOT_B[i]!, v, lo, hi)) | 0;
    n++;
  }
  mixEntrySums(n, sa, sb);
}

/**
 * A record keyed by ids, or any object for the generic walk, whose key order carries no meaning:
 * each entry is hashed from a fresh seed over its key and value (`each` mixes the value) and the
 * entries are summed. An undefined value is skipped, as JSON drops it.
 */
export function mixRecord<T>(rec: Readonly<Record<string, T>>, each: (v: T) => void): void {
  if (queued !== 0) mixQueued();
  const a = L[0]!;
  const b = L[1]!;
  let sa = 0;
  let sb = 0;
  let n = 0;
  for (const k in rec) {
    const v = rec[k];
    if (v === undefined) continue;
    const i = keySlot(k);
    L[0] = SLOT_A[i]!;
    L[1] = SLOT_B[i]!;
    each(v);
    if (queued !== 0) mixQueued();
    sa = (sa + L[0]!) | 0;
    sb = (sb + L[1]!) | 0;
    n++;
  }
  L[0] = a;
  L[1] = b;
  mixEntrySums(n, sa, sb);
}

// a record's end: its entry count and the sums of its entries' lanes
function mixEntrySums(n: number, sa: number, sb: number): void {
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
