/**
 * Seeded random streams for analysis (input distributions, designs, bootstrap), separate from
 * the game's generator: drawing a run's inputs never moves `state.rng`, so a batch with input
 * distributions plays the same shocks as one without, given the same seeds. sfc32 seeded by a
 * splitmix32 expansion of (seed, salt), like the engine's, but its own copy and its own state.
 */

function splitmix(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/** FNV-1a of a string: the salt of a named stream (e.g. an input's path). */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

export class Stream {
  #a: number;
  #b: number;
  #c: number;
  #d: number;
  constructor(seed: number, salt = 0) {
    const mix = splitmix((seed >>> 0) ^ Math.imul(salt >>> 0, 0x9e3779b1));
    const m2 = splitmix(salt >>> 0);
    this.#a = mix() ^ m2();
    this.#b = mix();
    this.#c = mix() ^ m2();
    this.#d = mix();
    for (let i = 0; i < 15; i++) this.uint32();
  }
  uint32(): number {
    const a = this.#a >>> 0;
    const b = this.#b >>> 0;
    const c = this.#c >>> 0;
    const d = this.#d >>> 0;
    const t = (((a + b) >>> 0) + d) >>> 0;
    this.#d = (d + 1) >>> 0;
    this.#a = b ^ (b >>> 9);
    this.#b = (c + (c << 3)) >>> 0;
    this.#c = (((c << 21) | (c >>> 11)) + t) >>> 0;
    return t >>> 0;
  }
  /** A float strictly inside (0, 1): never 0 or 1, so inverse CDFs stay finite. */
  open(): number {
    return (this.uint32() + 0.5) / 4294967296;
  }
  /** A float in [0, 1), as a uniform random source for libraries that take one. */
  next = (): number => this.uint32() / 4294967296;
  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
}

/** Salts of the analysis streams, so that no two uses share a stream. */
export const SALT = {
  inputs: 0x1a9e7,
  design: 0x2d35,
  bootstrap: 0xb0075,
} as const;
