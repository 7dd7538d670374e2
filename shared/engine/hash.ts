/**
 * The state hash: a structural 64-bit hash of plain JSON data, the same on every machine.
 */
const F64 = new Float64Array(1);
const U32 = new Uint32Array(F64.buffer);

/**
 * A 64-bit structural hash of a JSON value (two 32-bit FNV-style lanes), walking objects in
 * sorted key order and feeding numbers as their IEEE-754 bits. Same value ⇒ same hash on
 * every machine; no intermediate string is built, so it is fast enough to run every quarter.
 */
export function hashValue(value: unknown): string {
  const h = { a: 0x811c9dc5, b: 0x9747b28c };
  walk(value, h);
  return (h.a >>> 0).toString(16).padStart(8, "0") + (h.b >>> 0).toString(16).padStart(8, "0");
}

function mix(h: { a: number; b: number }, x: number): void {
  h.a = Math.imul(h.a ^ x, 16777619);
  let b = Math.imul(h.b ^ x, 0x5bd1e995);
  b ^= b >>> 15;
  h.b = b;
}

function mixString(h: { a: number; b: number }, s: string): void {
  mix(h, s.length);
  for (let i = 0; i < s.length; i++) mix(h, s.charCodeAt(i));
}

/** Object keys repeat across the state: each key's own two-lane hash is computed once. */
const KEY_HASHES = new Map<string, [number, number]>();
function mixKey(h: { a: number; b: number }, k: string): void {
  let kh = KEY_HASHES.get(k);
  if (!kh) {
    const x = { a: 0x811c9dc5, b: 0x9747b28c };
    mixString(x, k);
    kh = [x.a, x.b];
    if (KEY_HASHES.size < 100_000) KEY_HASHES.set(k, kh);
  }
  mix(h, kh[0]);
  mix(h, kh[1]);
}

function walk(v: unknown, h: { a: number; b: number }): void {
  if (v === null || v === undefined) {
    mix(h, 0x6e);
    return;
  }
  switch (typeof v) {
    case "number":
      if ((v | 0) === v) {
        // small integers (counts, cents that fit, ids) skip the float encoding
        mix(h, 0x69);
        mix(h, v);
        return;
      }
      if (!Number.isFinite(v)) throw new Error(`non-finite number in state: ${v}`);
      F64[0] = v === 0 ? 0 : v; // -0 and 0 hash alike, as in JSON
      mix(h, 0x64);
      mix(h, U32[0]!);
      mix(h, U32[1]!);
      return;
    case "string":
      mix(h, 0x73);
      mixString(h, v);
      return;
    case "boolean":
      mix(h, v ? 0x74 : 0x66);
      return;
    case "object": {
      if (Array.isArray(v)) {
        mix(h, 0x5b);
        mix(h, v.length);
        for (let i = 0; i < v.length; i++) walk(v[i], h);
        return;
      }
      const o = v as Record<string, unknown>;
      const keys = Object.keys(o).sort();
      mix(h, 0x7b);
      for (const k of keys) {
        if (o[k] === undefined) continue;
        mixKey(h, k);
        walk(o[k], h);
      }
      mix(h, 0x7d);
      return;
    }
    default:
      throw new Error(`non-JSON value in state: ${typeof v}`);
  }
}
