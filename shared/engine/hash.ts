/**
 * Canonical JSON (sorted keys) and a 64-bit FNV-1a hash over it, as 16 hex digits.
 * The state hash is what replays and golden tests compare.
 */
export function stableStringify(value: unknown): string {
  if (value === null || typeof value !== "object") {
    if (typeof value === "number" && !Number.isFinite(value)) {
      throw new Error(`non-finite number in state: ${value}`);
    }
    return JSON.stringify(value) ?? "null";
  }
  if (Array.isArray(value)) {
    return `[${value.map((v) => stableStringify(v)).join(",")}]`;
  }
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${stableStringify(obj[k])}`).join(",")}}`;
}

/** FNV-1a 64-bit over the UTF-16 code units of a string. */
export function fnv1a64(text: string): string {
  // 64-bit arithmetic in two 32-bit halves.
  let h0 = 0x84222325; // low
  let h1 = 0xcbf29ce4; // high
  for (let i = 0; i < text.length; i++) {
    h0 ^= text.charCodeAt(i);
    // multiply by FNV prime 0x100000001b3 = 2^40 + 0x1b3
    const lo = h0 & 0xffff;
    const hi = h0 >>> 16;
    const a = lo * 0x1b3;
    const b = hi * 0x1b3;
    let low = (a + ((b & 0xffff) << 16)) >>> 0;
    let carry = Math.floor((a + (b & 0xffff) * 65536) / 4294967296);
    let high = (h1 * 0x1b3 + (b >>> 16) + carry) >>> 0;
    // + h0 << 40  (i.e. (h0 << 8) into the high word)
    high = (high + ((h0 << 8) >>> 0)) >>> 0;
    carry = 0;
    low = low >>> 0;
    h0 = low;
    h1 = high;
  }
  return (h1 >>> 0).toString(16).padStart(8, "0") + (h0 >>> 0).toString(16).padStart(8, "0");
}

/** The hash of any JSON value. */
export function hashValue(value: unknown): string {
  return fnv1a64(stableStringify(value));
}
