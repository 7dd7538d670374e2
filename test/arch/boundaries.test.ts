/**
 * shared/ is the game: pure and deterministic. It may not import Node, the browser, Phaser,
 * Colyseus, the server or the client, nor read a clock or call Math.random, nor use the
 * engine-approximated Math functions or `**` (their last bit differs between engines).
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..", "..");
function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : p.endsWith(".ts") ? [p] : [];
  });
}

const FORBIDDEN_IMPORTS = [
  /from\s+["'](node:|fs|path|os|crypto|child_process|worker_threads)/,
  /from\s+["'](phaser|@colyseus|colyseus|express|pg)/,
  /from\s+["'][./]*\/(server|client)\//,
];
const FORBIDDEN_GLOBALS = [
  /Math\.random/,
  /Date\.now/,
  /new Date\(/,
  /performance\.now/,
  /setTimeout/,
  /setInterval/,
  /\bprocess\./,
  /\bwindow\./,
  /\bdocument\./,
  /\bglobalThis\./,
];

/** Engine-approximated maths differs between engines (Node vs Chromium): use shared/engine/dmath.ts. */
const FORBIDDEN_MATH = [
  /Math\.(exp|expm1|log|log1p|log2|log10|pow|sin|cos|tan|asin|acos|atan|atan2|sinh|cosh|tanh|cbrt|hypot)\b/,
  /[\w)\]]\s*\*\*\s*[\w(]/,
];

describe("Architecture: shared/ stays pure", () => {
  const list = files(join(root, "shared"));
  it("has files to check", () => expect(list.length).toBeGreaterThan(10));
  for (const f of list) {
    it(`${relative(root, f)} imports nothing impure and reads no clock or randomness`, () => {
      const src = readFileSync(f, "utf8")
        .replace(/\/\*[\s\S]*?\*\//g, "")
        .replace(/\/\/.*$/gm, "");
      for (const re of [...FORBIDDEN_IMPORTS, ...FORBIDDEN_GLOBALS, ...FORBIDDEN_MATH]) expect(src, `${re}`).not.toMatch(re);
    });
  }
  it("the rule itself catches a violation", () => {
    const bad = 'import fs from "node:fs"; const x = Math.random(); const y = Math.exp(x) + x ** 2;';
    expect(FORBIDDEN_IMPORTS.some((re) => re.test(bad))).toBe(true);
    expect(FORBIDDEN_GLOBALS.some((re) => re.test(bad))).toBe(true);
    expect(FORBIDDEN_MATH.filter((re) => re.test(bad)).length).toBe(2);
  });
});
