/**
 * Deterministic elementary functions. ECMAScript leaves Math.exp, Math.log, Math.pow (`**`)
 * and the trigonometric functions "implementation-approximated": Chromium and Node were seen
 * to differ in the last bit for about one result in ten, which made a browser replay of a
 * server's game diverge. These are ports of fdlibm's e_exp.c and e_log.c (Sun Microsystems,
 * freely distributable) using only + − × ÷ and comparisons, which IEEE-754 and ECMAScript define
 * exactly, so every engine gives the same bits. Accuracy: under 1 ulp, as fdlibm.
 *
 * Where fdlibm reads a double's bits (its sign, its exponent, the top bits of its mantissa, to
 * compare them with thresholds), these compare the double itself with the doubles those
 * thresholds stand for, or take its exponent by search in a table of powers of two: the same
 * decisions, exactly, with no scratch memory to write (so no state outside a call).
 */
// biome-ignore-all lint/correctness/noPrecisionLoss: fdlibm's constants as published (they round to the intended doubles)

/** The double whose bits are (hi, lo); used when this module loads, to make its constants. */
function fromBits(hi: number, lo: number): number {
  const v = new DataView(new ArrayBuffer(8));
  v.setInt32(0, hi);
  v.setUint32(4, lo);
  return v.getFloat64(0);
}

/**
 * 2^k for k = -1024 … 1023, at index k + POW2_BIAS, made by halving and doubling 1 (exact, so
 * the same on every engine, unlike `**`, which ECMAScript leaves approximated).
 */
const POW2_BIAS = 1024;
const POW2 = new Float64Array(1023 + POW2_BIAS + 1);
POW2[POW2_BIAS] = 1;
for (let k = 1; k <= 1023; k++) POW2[POW2_BIAS + k] = POW2[POW2_BIAS + k - 1]! * 2;
for (let k = 1; k <= POW2_BIAS; k++) POW2[POW2_BIAS - k] = POW2[POW2_BIAS - k + 1]! / 2;

/** The doubles fdlibm's exp compares |x|'s high word with: 0x3fd62e42 (its next: ≥ ½ ln 2), 0x3ff0a2b2 (< 1.5 ln 2), 0x3e300000 (2^-28). */
const EXP_HALF_LN2 = fromBits(0x3fd62e43, 0);
const EXP_THREE_HALVES_LN2 = fromBits(0x3ff0a2b2, 0);
const EXP_TINY = fromBits(0x3e300000, 0);
/** The smallest normal double, 2^-1022. */
const MIN_NORMAL = POW2[-1022 + POW2_BIAS]!;

/**
 * e such that 2^e ≤ x < 2^(e+1), for a normal positive finite x (exact). Between 2^-32 and 2^32
 * Math.clz32 (an integer count, exact everywhere) of x or of 1/x gives it to within one, which
 * the exact powers of POW2 correct; elsewhere a binary search of POW2 finds it.
 */
function exponentOf(x: number): number {
  let e: number;
  if (x >= 1 && x < 4294967296) e = 31 - Math.clz32(x);
  else if (x < 1 && x >= 2.3283064365386963e-10) e = Math.clz32(1 / x) - 32;
  else {
    let lo = -1022;
    let hi = 1023;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (POW2[mid + POW2_BIAS]! <= x) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
  while (POW2[e + POW2_BIAS]! > x) e--;
  while (POW2[e + 1 + POW2_BIAS]! <= x) e++;
  return e;
}

const LN2_HI = 6.9314718036912381649e-1;
const LN2_LO = 1.90821492927058770002e-10;
const INV_LN2 = Math.LOG2E; // fdlibm invln2, 0x3ff71547652b82fe
const P1 = 1.66666666666666019037e-1;
const P2 = -2.77777777770155933842e-3;
const P3 = 6.61375632143793436117e-5;
const P4 = -1.6533902205465251539e-6;
const P5 = 4.13813679705723846039e-8;
const TWO_M1000 = 9.3326361850321887899e-302;

/** e^x, bit-identical on every engine. */
export function exp(x: number): number {
  if (Number.isNaN(x)) return x;
  if (x > 7.09782712893383973096e2) return Number.POSITIVE_INFINITY;
  if (x < -7.4513321910194110842e2) return 0;
  // fdlibm's tests of |x|'s high word, as comparisons of |x| with the doubles they stand for
  const xsb = x < 0 ? 1 : 0;
  const ax = Math.abs(x);
  let k = 0;
  let hiPart = 0;
  let loPart = 0;
  if (ax >= EXP_HALF_LN2) {
    if (ax < EXP_THREE_HALVES_LN2) {
      hiPart = xsb ? x + LN2_HI : x - LN2_HI;
      loPart = xsb ? -LN2_LO : LN2_LO;
      k = 1 - xsb - xsb;
    } else {
      k = Math.trunc(INV_LN2 * x + (xsb ? -0.5 : 0.5));
      hiPart = x - k * LN2_HI;
      loPart = k * LN2_LO;
    }
    x = hiPart - loPart;
  } else if (ax < EXP_TINY) {
    return 1 + x;
  }
  const t = x * x;
  const c = x - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))));
  if (k === 0) return 1 - ((x * c) / (c - 2) - x);
  const y = 1 - (loPart - (x * c) / (2 - c) - hiPart);
  // y × 2^k: fdlibm adds k to y's exponent bits; multiplying by a power of two is the same,
  // exactly, while the result is a normal number (k ≥ -1021), without two trips through the bits
  if (k >= -1021) return k <= 1023 ? y * POW2[k + POW2_BIAS]! : y * POW2[1023 + POW2_BIAS]! * 2;
  // a subnormal result: y × 2^(k + 1000) is exact (a normal number), the last factor rounds once
  return y * POW2[k + 1000 + POW2_BIAS]! * TWO_M1000;
}

const TWO54 = 1.8014398509481984e16;
const LG1 = 6.66666666666673513e-1;
const LG2 = 3.999999999940941908e-1;
const LG3 = 2.857142874366239149e-1;
const LG4 = 2.222219843214978396e-1;
const LG5 = 1.818357216161805012e-1;
const LG6 = 1.531383769920937332e-1;
const LG7 = 1.479819860511658591e-1;

/** ln(x), bit-identical on every engine. */
export function log(x: number): number {
  let k = 0;
  if (!(x >= MIN_NORMAL)) {
    if (x === 0) return Number.NEGATIVE_INFINITY;
    if (!(x > 0)) return Number.NaN; // negative, or NaN
    k -= 54;
    x *= TWO54; // a subnormal, scaled to a normal
  }
  if (x === Number.POSITIVE_INFINITY) return x + x;
  // x = m × 2^e, m in [1, 2); hx: the top 20 bits of m's fraction (fdlibm's high word, masked)
  const e = exponentOf(x);
  const hx = Math.floor((x * POW2[-e + POW2_BIAS]! - 1) * 1048576);
  const i0 = (hx + 0x95f64) & 0x100000;
  // x's exponent set to 0 or -1 (fdlibm writes the bits): x × 2^-(e + i0 bit), exact (x is normal)
  x *= POW2[-(e + (i0 >> 20)) + POW2_BIAS]!;
  k += e + (i0 >> 20);
  const f = x - 1;
  if ((0x000fffff & (2 + hx)) < 3) {
    if (f === 0) return k === 0 ? 0 : k * LN2_HI + k * LN2_LO;
    const r = f * f * (0.5 - 0.33333333333333333 * f);
    return k === 0 ? f - r : k * LN2_HI - (r - k * LN2_LO - f);
  }
  const s = f / (2 + f);
  const dk = k;
  const z = s * s;
  let i = hx - 0x6147a;
  const w = z * z;
  const j = 0x6b851 - hx;
  const t1 = w * (LG2 + w * (LG4 + w * LG6));
  const t2 = z * (LG1 + w * (LG3 + w * (LG5 + w * LG7)));
  i |= j;
  const r = t2 + t1;
  if (i > 0) {
    const hfsq = 0.5 * f * f;
    return k === 0 ? f - (hfsq - s * (hfsq + r)) : dk * LN2_HI - (hfsq - (s * (hfsq + r) + dk * LN2_LO) - f);
  }
  return k === 0 ? f - s * (f - r) : dk * LN2_HI - (s * (f - r) - dk * LN2_LO - f);
}

/** log2(x) = ln(x) / ln 2. */
export function log2(x: number): number {
  return log(x) / (LN2_HI + LN2_LO);
}

/**
 * x^y for x > 0 as e^(y ln x); integer powers by repeated squaring (exact to rounding).
 * Not a general pow: the engine only raises positive numbers to powers.
 */
export function pow(x: number, y: number): number {
  if (Number.isInteger(y) && Math.abs(y) <= 64) {
    let result = 1;
    let base = x;
    let n = Math.abs(y);
    while (n > 0) {
      if (n & 1) result *= base;
      base *= base;
      n >>= 1;
    }
    return y < 0 ? 1 / result : result;
  }
  if (x === 0) return y > 0 ? 0 : Number.POSITIVE_INFINITY;
  if (x < 0) return Number.NaN;
  return exp(y * log(x));
}
