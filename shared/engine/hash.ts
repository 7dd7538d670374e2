/**
 * The state hash: a structural 64-bit hash, the same on every machine.
 *
 * Two 32-bit lanes (FNV-style and murmur-style multiplies) are fed the value's structure:
 * numbers as their IEEE-754 bits (small integers as themselves), strings by their code units,
 * lists as their length and items. A record's entries are each hashed from a fresh seed (the
 * lanes of its key) and summed, so the result does not depend on key order (JSON stores,
 * PostgreSQL's JSONB among them, may reorder keys). The game state is walked in its declared
 * order (declare.ts); any other JSON value goes through `any`, the generic walk.
 *
 * A Hasher holds its lanes and the few words of scratch it needs; each hash makes its own.
 */

const SEED_A = 0x811c9dc5;
const SEED_B = 0x9747b28c;

function stepA(a: number, x: number): number {
  return Math.imul(a ^ x, 16777619);
}

function stepB(b: number, x: number): number {
  const m = Math.imul(b ^ x, 0x5bd1e995);
  return m ^ (m >>> 15);
}

/** Character codes of the hex digits 0-9a-f (a read-only table). */
const HEX = "0123456789abcdef";

function hex8(x: number): string {
  let s = "";
  for (let shift = 28; shift >= 0; shift -= 4) s += HEX[(x >>> shift) & 15];
  return s;
}

/** Frames of open records: saved lanes, entry sums and count (5 words each). */
const FRAME = 5;
const MAX_DEPTH = 16;
/** Scratch lanes a hasher starts with (pairs side by side, see declare-hash.ts); it grows when a hash needs more. */
const SCRATCH = 64;

export class Hasher {
  /**
   * The running lanes, A in L[0] and B in L[1], then scratch lanes (pairs of lanes hashed side
   * by side, reserved and released as a stack): an Int32Array, not number fields, because a
   * lane is any int32 and a field holding one past 2^30 is a heap number V8 may allocate on
   * every write; an element holds the raw 32 bits.
   */
  L: Int32Array;
  /** a number's IEEE-754 bits, through two views of the same 8 bytes (little-endian words) */
  private readonly f64: Float64Array;
  private readonly words: Int32Array;
  /** open records' frames (a plain array: a typed array this long is allocated outside V8's young heap, slowly) */
  private readonly frames: number[] = [];
  private depth = 0;
  /** the first free scratch lane */
  private top = 2;

  constructor() {
    // one buffer for the bits' views and the lanes: allocating an ArrayBuffer is slow, so a hasher makes one
    const bytes = new ArrayBuffer(8 + 4 * (2 + 2 * SCRATCH));
    this.f64 = new Float64Array(bytes, 0, 1);
    this.words = new Int32Array(bytes, 0, 2);
    this.L = new Int32Array(bytes, 8, 2 + 2 * SCRATCH);
    this.L[0] = SEED_A;
    this.L[1] = SEED_B;
  }

  /** Back to a fresh hash's start (a hasher is reused by the hashes of one quarter). */
  reset(): void {
    this.L[0] = SEED_A;
    this.L[1] = SEED_B;
    this.depth = 0;
    this.top = 2;
  }

  private mix(x: number): void {
    const L = this.L;
    L[0] = stepA(L[0]!, x);
    L[1] = stepB(L[1]!, x);
  }

  /** Reserves k scratch lanes (k/2 pairs); returns where they start. Release them with release(start). */
  reserve(k: number): number {
    const at = this.top;
    if (at + k > this.L.length) {
      const grown = new Int32Array(Math.max(2 * this.L.length, at + k));
      grown.set(this.L);
      this.L = grown;
    }
    this.top = at + k;
    return at;
  }

  release(at: number): void {
    this.top = at;
  }

  /** The running lanes (to hash a record's entries one field at a time for all entries, see declare-hash.ts). */
  get laneA(): number {
    return this.L[0]!;
  }
  get laneB(): number {
    return this.L[1]!;
  }
  setLanes(a: number, b: number): void {
    this.L[0] = a;
    this.L[1] = b;
  }

  /** `number(v)` applied to the lanes at p and p + 1 of L (a scratch pair, or 0: the running lanes). */
  numberAt(p: number, v: number): void {
    const L = this.L;
    let a = L[p]!;
    let b = L[p + 1]!;
    if ((v | 0) === v) {
      a = stepA(stepA(a, 0x69), v);
      b = stepB(stepB(b, 0x69), v);
    } else {
      if (!Number.isFinite(v)) throw new Error(`non-finite number in state: ${v}`);
      this.f64[0] = v;
      const lo = this.words[0]!;
      const hi = this.words[1]!;
      a = stepA(stepA(stepA(a, 0x64), lo), hi);
      b = stepB(stepB(stepB(b, 0x64), lo), hi);
    }
    L[p] = a;
    L[p + 1] = b;
  }

  /** Mixes raw words (a tag, a boolean's code) into the lanes at p and p + 1 of L. */
  wordsAt(p: number, x: number, y?: number, z?: number): void {
    const L = this.L;
    let a = stepA(L[p]!, x);
    let b = stepB(L[p + 1]!, x);
    if (y !== undefined) {
      a = stepA(a, y);
      b = stepB(b, y);
    }
    if (z !== undefined) {
      a = stepA(a, z);
      b = stepB(b, z);
    }
    L[p] = a;
    L[p + 1] = b;
  }

  /** `text(s)` applied to the lanes at p and p + 1 of L. */
  textAt(p: number, s: string): void {
    let ka = stepA(SEED_A, s.length);
    let kb = stepB(SEED_B, s.length);
    for (let j = 0; j < s.length; j++) {
      const c = s.charCodeAt(j);
      ka = stepA(ka, c);
      kb = stepB(kb, c);
    }
    this.wordsAt(p, 0x73, ka, kb);
  }

  /** A number: small integers (-0 among them, as in JSON) as themselves, others by their bits; NaN and ±Infinity throw. */
  number(v: number): void {
    this.numberAt(0, v);
  }

  /** A list of numbers: a list tag, its length, each number. */
  numbers(a: readonly number[]): void {
    this.mix(0x5b);
    this.mix(a.length);
    for (let i = 0; i < a.length; i++) this.number(a[i]!);
  }

  bool(x: boolean): void {
    this.mix(x ? 0x74 : 0x66);
  }

  /** null (and undefined, as in JSON). */
  nul(): void {
    this.mix(0x6e);
  }

  /** A string, by its own lanes (stringLanes). */
  text(s: string): void {
    this.textAt(0, s);
  }

  /** A string given its lanes (stringLanes), for ids whose lanes are known. */
  textLanes(ka: number, kb: number): void {
    this.mix(0x73);
    this.mix(ka);
    this.mix(kb);
  }

  /** An object's start: its type tag and field count, so that shapes do not collide. */
  shape(tag: number, fields: number): void {
    this.mix(0x7b);
    this.mix(tag);
    this.mix(fields);
  }

  /** Opens a record (then enterEntry/leaveEntry for each entry, then closeRecord). */
  openRecord(): number {
    const d = this.depth++;
    if (d >= MAX_DEPTH) throw new Error("hash: records nested too deep");
    const f = d * FRAME;
    this.frames[f] = this.L[0]!;
    this.frames[f + 1] = this.L[1]!;
    this.frames[f + 2] = 0;
    this.frames[f + 3] = 0;
    this.frames[f + 4] = 0;
    return d;
  }

  /** An entry starts from its key's lanes. */
  enterEntry(key: string): void {
    let a = stepA(SEED_A, key.length);
    let b = stepB(SEED_B, key.length);
    for (let j = 0; j < key.length; j++) {
      const c = key.charCodeAt(j);
      a = stepA(a, c);
      b = stepB(b, c);
    }
    this.enterEntryLanes(a, b);
  }

  enterEntryLanes(ka: number, kb: number): void {
    this.L[0] = ka;
    this.L[1] = kb;
  }

  /** An entry ends: its lanes are added to the record's sums. */
  leaveEntry(): void {
    const f = (this.depth - 1) * FRAME;
    this.frames[f + 2] = (this.frames[f + 2]! + this.L[0]!) | 0;
    this.frames[f + 3] = (this.frames[f + 3]! + this.L[1]!) | 0;
    this.frames[f + 4] = this.frames[f + 4]! + 1;
  }

  /** A record's end: the lanes it opened with, then its entry count and sums. */
  closeRecord(depth: number): void {
    if (depth !== this.depth - 1) throw new Error("hash: records closed out of order");
    const f = depth * FRAME;
    this.depth = depth;
    this.L[0] = this.frames[f]!;
    this.L[1] = this.frames[f + 1]!;
    this.mix(0x7b);
    this.mix(this.frames[f + 4]!);
    this.mix(this.frames[f + 2]!);
    this.mix(this.frames[f + 3]!);
  }

  /** Any JSON value, by the generic walk: objects as records, strings by their characters. */
  any(v: unknown): void {
    switch (typeof v) {
      case "number":
        this.number(v);
        return;
      case "object":
        if (v === null) this.nul();
        else if (Array.isArray(v)) {
          this.mix(0x5b);
          this.mix(v.length);
          for (let i = 0; i < v.length; i++) this.any(v[i]);
        } else {
          const rec = v as Record<string, unknown>;
          const d = this.openRecord();
          for (const k in rec) {
            const x = rec[k];
            if (x === undefined) continue;
            this.enterEntry(k);
            this.any(x);
            this.leaveEntry();
          }
          this.closeRecord(d);
        }
        return;
      case "string": {
        const L = this.L;
        let a = stepA(stepA(L[0]!, 0x73), v.length);
        let b = stepB(stepB(L[1]!, 0x73), v.length);
        for (let i = 0; i < v.length; i++) {
          const c = v.charCodeAt(i);
          a = stepA(a, c);
          b = stepB(b, c);
        }
        L[0] = a;
        L[1] = b;
        return;
      }
      case "boolean":
        this.bool(v);
        return;
      case "undefined":
        this.nul();
        return;
      default:
        throw new Error(`non-JSON value in state: ${typeof v}`);
    }
  }

  /** The lanes as 16 lower-case hex digits, A's then B's. */
  end(): string {
    if (this.depth !== 0) throw new Error("hash: a record was left open");
    return hex8(this.L[0]!) + hex8(this.L[1]!);
  }
}

/** A string's own two lanes: what a record entry keyed by it starts from, and what `text` mixes. */
export function stringLanes(s: string): [number, number] {
  let a = stepA(SEED_A, s.length);
  let b = stepB(SEED_B, s.length);
  for (let j = 0; j < s.length; j++) {
    const c = s.charCodeAt(j);
    a = stepA(a, c);
    b = stepB(b, c);
  }
  return [a, b];
}

/** The lanes of each string of a list, A and B interleaved (for a table's row ids). */
export function lanesOf(ids: readonly string[]): number[] {
  const out: number[] = [];
  for (let i = 0; i < ids.length; i++) {
    const s = ids[i]!;
    let a = stepA(SEED_A, s.length);
    let b = stepB(SEED_B, s.length);
    for (let j = 0; j < s.length; j++) {
      const c = s.charCodeAt(j);
      a = stepA(a, c);
      b = stepB(b, c);
    }
    out.push(a, b);
  }
  return out;
}

/** A 64-bit structural hash of a JSON value, as 16 hex digits. Same value ⇒ same hash everywhere. */
export function hashValue(value: unknown): string {
  const h = new Hasher();
  h.any(value);
  return h.end();
}
