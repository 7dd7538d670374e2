/**
 * Seeded PRNG (sfc32). Its state (four 32-bit words) lives inside the game state so that
 * resolution stays a pure function of (state, orders).
 */
import { log } from "./dmath.ts";
import { doubles } from "./math.ts";

/** Builds the initial generator state from a 32-bit seed (splitmix32 expansion). */
export function seedRng(seed: number): number[] {
  let s = seed >>> 0;
  const next = (): number => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
  const st = doubles([next(), next(), next(), next()]); // words past 2^30 are not small integers
  // Warm up so that nearby seeds diverge.
  for (let i = 0; i < 12; i++) nextUint32(st);
  return st;
}

/** Advances the state in place and returns a uint32. */
export function nextUint32(st: number[]): number {
  let a = st[0]! >>> 0;
  let b = st[1]! >>> 0;
  let c = st[2]! >>> 0;
  let d = st[3]! >>> 0;
  const t = (((a + b) >>> 0) + d) >>> 0;
  d = (d + 1) >>> 0;
  a = b ^ (b >>> 9);
  b = (c + (c << 3)) >>> 0;
  c = (c << 21) | (c >>> 11);
  c = (c + t) >>> 0;
  st[0] = a >>> 0;
  st[1] = b >>> 0;
  st[2] = c >>> 0;
  st[3] = d >>> 0;
  return t >>> 0;
}

/** √3 / π: a standard logistic variable times this has unit variance. */
const LOGISTIC_UNIT = 0.5513288954217921;

/** A logistic variable of unit variance (mean 0): heavier-tailed than a normal, drawn with one uint32. */
export function nextLogistic(st: number[]): number {
  const u = (nextUint32(st) + 0.5) / 4294967296;
  return log(u / (1 - u)) * LOGISTIC_UNIT;
}

/** A float in [0, 1). */
export function nextFloat(st: number[]): number {
  return nextUint32(st) / 4294967296;
}
