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

/** Object keys repeat across the state: each key's own two-lane hash is computed once. */
const KEY_HASHES = new Map<string, number[]>();
function keyHash(k: string): number[] {
  let kh = KEY_HASHES.get(k);
  if (!kh) {
    const a = A;
    const b = B;
    A = SEED_A;
    B = SEED_B;
    mixString(k);
    kh = [A, B];
    A = a;
    B = b;
    if (KEY_HASHES.size < 100_000) KEY_HASHES.set(k, kh);
  }
  return kh;
}

/** A 64-bit structural hash of a JSON value, as 16 hex digits. Same value ⇒ same hash everywhere. */
export function hashValue(value: unknown): string {
  A = SEED_A;
  B = SEED_B;
  walk(value);
  return (A >>> 0).toString(16).padStart(8, "0") + (B >>> 0).toString(16).padStart(8, "0");
}

function walkObject(o: Record<string, unknown>): void {
  const a = A;
  const b = B;
  let sa = 0;
  let sb = 0;
  let n = 0;
  for (const k in o) {
    const v = o[k];
    if (v === undefined) continue;
    const kh = keyHash(k);
    A = kh[0]!;
    B = kh[1]!;
    walk(v);
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
      if ((v | 0) === v) {
        // small integers (counts, cents that fit, ids) skip the float encoding
        mix(0x69);
        mix(v);
        return;
      }
      if (!Number.isFinite(v)) throw new Error(`non-finite number in state: ${v}`);
      F64[0] = v === 0 ? 0 : v; // -0 and 0 hash alike, as in JSON
      mix(0x64);
      mix(U32[0]!);
      mix(U32[1]!);
      return;
    case "object":
      if (v === null) {
        mix(0x6e);
        return;
      }
      if (Array.isArray(v)) {
        mix(0x5b);
        mix(v.length);
        for (let i = 0; i < v.length; i++) walk(v[i]);
        return;
      }
      walkObject(v as Record<string, unknown>);
      return;
    case "string":
      mix(0x73);
      mixString(v);
      return;
    case "boolean":
      mix(v ? 0x74 : 0x66);
      return;
    case "undefined":
      mix(0x6e);
      return;
    default:
      throw new Error(`non-JSON value in state: ${typeof v}`);
  }
}
