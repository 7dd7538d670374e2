/**
 * Deterministic maths: fdlibm ports whose bits are fixed by IEEE-754 arithmetic, so the
 * browser's replay of a server's game gives the same hashes. Pinned by golden bit patterns.
 */
import { describe, expect, it } from "vitest";
import { exp, log, log2, pow } from "../../shared/engine/dmath.ts";

function bits(x: number): string {
  const v = new DataView(new ArrayBuffer(8));
  v.setFloat64(0, x);
  return v.getBigUint64(0).toString(16);
}

describe("dmath: deterministic exp, log, pow", () => {
  it("gives pinned bit patterns", () => {
    expect(bits(exp(1))).toBe("4005bf0a8b14576a");
    expect(bits(exp(-3.25))).toBe(bits(0.03877420783172201));
    expect(bits(log(10))).toBe("40026bb1bbb55516");
    expect(bits(log(0.003))).toBe(bits(-5.809142990314028));
    expect(pow(1.1, 4)).toBe(1.1 * 1.1 * (1.1 * 1.1));
    // the scaling by 2^k at both ends of its range (k = 1024, large and small k, and below -1021,
    // where the result is subnormal), pinned from fdlibm's exponent-bit version
    expect(bits(exp(709.78))).toBe("7fefe9ce5c4c52b4");
    expect(bits(exp(700))).toBe("7f0d945df4f8ec8e");
    expect(bits(exp(-700))).toBe("d14f2b0fb9307f");
    expect(bits(exp(-708.3))).toBe("119e98b83de7a3");
    expect(bits(exp(-708.5))).toBe("e6cf6d08897ac");
    expect(bits(exp(0.5))).toBe("3ffa61298e1e069c");
    expect(bits(exp(2))).toBe("401d8e64b8d4ddae");
    // log's rescaling of x to [1, 2): a subnormal, the largest double, near 1, below 1
    expect(bits(log(1e-310))).toBe("c0864e69394d9508");
    expect(bits(log(Number.MAX_VALUE))).toBe("40862e42fefa39ef");
    expect(bits(log(1.0000001))).toBe("3e7ad7f2847b6492");
    expect(bits(log(0.75))).toBe("bfd269621134db92");
    expect(bits(log(3e-200))).toBe("c07cb6b1cad0a7ef");
  });

  it("is accurate: within 1 ulp of the platform's functions over a wide range", () => {
    let s = 7;
    const rnd = () => {
      s = (Math.imul(s, 1103515245) + 12345) >>> 0;
      return s / 4294967296;
    };
    for (let i = 0; i < 20000; i++) {
      const x = (rnd() - 0.5) * 200;
      expect(Math.abs(exp(x) - Math.exp(x))).toBeLessThanOrEqual(Math.exp(x) * 2.3e-16);
      const y = rnd() * 1e9 + 1e-12;
      expect(Math.abs(log(y) - Math.log(y))).toBeLessThanOrEqual(Math.abs(Math.log(y)) * 2.3e-16 + 1e-300);
    }
    expect(log2(8)).toBeCloseTo(3, 14);
    expect(pow(2.5, 0.35)).toBeCloseTo(2.5 ** 0.35, 14);
  });

  it("handles the edges", () => {
    expect(exp(0)).toBe(1);
    expect(exp(800)).toBe(Number.POSITIVE_INFINITY);
    expect(exp(-800)).toBe(0);
    expect(log(1)).toBe(0);
    expect(log(0)).toBe(Number.NEGATIVE_INFINITY);
    expect(log(-1)).toBeNaN();
    expect(pow(0, 2)).toBe(0);
  });
});
