/**
 * shared/ is the game: pure and deterministic. It may not import Node, the browser, Phaser,
 * Colyseus, the server or the client, nor read a clock or call Math.random, nor use the
 * engine-approximated Math functions or `**` (their last bit differs between engines), nor
 * hold module-level mutable state (module-state.ts: a module-level `let`, or a module-level
 * object or array written after the module has loaded; tables built at load are listed below).
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { moduleStateIssues, structure } from "./module-state.ts";

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

/**
 * Tables filled while their module loads and only read afterwards: allowed here, each with its
 * reason ("path#binding"). Anything else module-level that is written after its declaration
 * is mutable state shared by every game in the process (issue 20, item 2).
 */
const BUILT_AT_LOAD: Record<string, string> = {
  "shared/engine/dmath.ts#POW2":
    "2^k for k = -1024…1023, made exactly by halving and doubling when the module loads; exp and log only read it",
};

describe("Architecture: no module-level mutable state in shared/", () => {
  const sources = new Map(files(join(root, "shared")).map((f) => [relative(root, f).split("\\").join("/"), readFileSync(f, "utf8")]));
  const issues = moduleStateIssues(sources, BUILT_AT_LOAD);
  for (const file of [...sources.keys()].sort()) {
    it(`${file}: no module-level let, and no module-level object or array written after it loads`, () => {
      // the check read the module's structure: with comments, strings and regexes blanked, every brace closes
      const s = structure(sources.get(file)!);
      expect(s.code.length).toBe(sources.get(file)!.length);
      expect(s.regions.filter((r) => r.close >= s.code.length).map((r) => s.lineOf(r.open))).toEqual([]);
      expect(issues.filter((x) => x.file === file).map((x) => x.message)).toEqual([]);
    });
  }

  it("the list of tables built at load is exact: each is still filled at load, and nothing else is", () => {
    const built = moduleStateIssues(sources, {}).filter((x) => x.kind === "built-at-load");
    expect(built.map((x) => `${x.file}#${x.name}`).sort()).toEqual(Object.keys(BUILT_AT_LOAD).sort());
    for (const reason of Object.values(BUILT_AT_LOAD)) expect(reason.length).toBeGreaterThan(20);
  });
});

describe("Architecture: the module-state check itself", () => {
  const check = (src: string, built: Record<string, string> = {}) =>
    moduleStateIssues(new Map([["m.ts", src]]), built).map((x) => `${x.kind} ${x.name}`);

  it("finds a module-level let or var", () => {
    expect(check("let counter = 0;\nexport function next() { return ++counter; }")).toEqual(["let counter"]);
    expect(check("export let x = 1;\nvar y;\nfor (var i = 0; i < 2; i++) {}")).toEqual(["let x", "let y", "let i"]);
    // block-scoped ones are not module-level
    expect(check("for (let k = 0; k < 3; k++) {}\nexport function f() { let n = 0; n++; return n; }")).toEqual([]);
  });

  it("finds a module-level Map, Set, array, object, typed array or DataView written inside a function", () => {
    const written = [
      "const cache = new Map<string, number>();\nexport function f(k: string) { cache.set(k, 1); }",
      "const seen = new Set<string>();\nexport function f(k: string) { if (!seen.has(k)) seen.add(k); }",
      "const list: number[] = [];\nexport const add = (x: number) => list.push(x);",
      "const list: number[] = [];\nexport function f() { list.length = 0; }",
      "const s = { n: 0 };\nexport function inc() { s.n += 1; }",
      "const s = { n: 0 };\nexport function inc() { s.n++; }",
      "const s = { n: 0 };\nexport function inc() { return ++s.n; }",
      'const s: Record<string, number> = {};\nexport function put(k: string) { s[k] = 1; delete s["x"]; }',
      "const s = { n: 0 };\nexport function reset() { Object.assign(s, { n: 0 }); }",
      "const rows = [[0]];\nexport function f() { rows[0]![0] = 1; }",
      "const byId = new Map<string, number[]>();\nexport function f() { byId.get('a')!.push(1); }",
      "const scratch = new Float64Array(8);\nexport function f(x: number) { scratch[0] = x; return scratch[0]; }",
      "const buf = new DataView(new ArrayBuffer(8));\nfunction hi(x: number): number {\n  buf.setFloat64(0, x);\n  return buf.getInt32(0);\n}\nexport const f = hi;",
      "const Q: number[] = [];\nexport class K { m() { Q.push(1); } }",
      "const Z: number[] = [];\nexport const O = { get x() { Z.push(1); return 1; } };",
      "const X: number[] = [];\nexport function f(): { a: number } { X.sort(); return { a: 1 }; }",
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the source of a template literal
      "const X: number[] = [];\nexport function f() { return `${X.pop()}`; }",
      "const X = { a: [1] };\nexport function f(o = 1) { return o ? X.a.reverse() : 0; }",
    ];
    for (const src of written) {
      const name = /const (\w+)/.exec(src)![1]!;
      expect(check(src), src).toEqual([`written ${name}`]);
    }
  });

  it("finds a table filled while the module loads, and allows it when it is listed", () => {
    const src = "const T = new Float64Array(4);\nfor (let i = 0; i < 4; i++) T[i] = i * 2;\nexport const f = (i: number) => T[i];";
    expect(check(src)).toEqual(["built-at-load T"]);
    expect(check(src, { "m.ts#T": "read-only after load" })).toEqual([]);
    expect(check("const o: { a: number[] } = { a: [] };\nif (Math.abs(1) > 0) {\n  o.a.push(1);\n}")).toEqual(["built-at-load o"]);
    // written at load and in a function: mutable state, listed or not
    expect(check(`${src}\nexport function g() { T.fill(0); }`, { "m.ts#T": "x" })).toEqual(["written T"]);
  });

  it("does not count reads, comparisons, new arrays, locals, parameters, comments, strings or regular expressions", () => {
    const clean = [
      "const T = [1, 2, 3];\nexport function f(i: number) { return T[i]! === 2 || T[i]! <= 3 || T[i]! >= 1 || T[i] !== 0 || T[i] == 1; }",
      "const T = [3, 1];\nexport function f() { return T.slice().sort().concat(T.map((x) => x).reverse()); }",
      "const T = [3, 1];\nexport function f() { return [...T].sort(); }",
      "const R = { a: 1 };\nexport function g(R: { a: number }) { R.a = 2; }",
      "const R = { a: 1 };\nexport const g = (R: { a: number }) => { R.a = 2; };",
      "const T: number[] = [];\nexport function h() { const T: number[] = []; T.push(1); return T; }",
      "const T: number[] = [];\nexport function h() { for (const T of [[1]]) T.push(2); }",
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the source of a template literal
      "const X: number[] = []; // X.push(1)\nconst s = 'X.push(1)';\n/* X.push(3) */\nconst t = `X.push(2) ${s}`;\nconst re = /X.push\\(/;\nexport { re, t };",
      "const M = new Map([['a', 1]]);\nexport function f(k: string) { return M.get(k) ?? M.size; }",
      "const O = { a: { b: 1 } };\nexport function f(x: { b: number }) { x.b = O.a.b; const y = { O: 1 }; y.O = 2; return y; }",
      "const ids = ['a'];\nexport function f(o: { ids: string[] }) { o.ids.push('b'); return ids; }",
    ];
    for (const src of clean) expect(check(src), src).toEqual([]);
  });

  it("sees a write from another module through its import", () => {
    const sources = new Map([
      ["shared/a.ts", "export const LIST: number[] = [];\nexport const READ = [1];"],
      ["shared/sub/b.ts", 'import { LIST as L, READ } from "../a.ts";\nexport function f() { L.push(READ[0]!); }'],
    ]);
    expect(moduleStateIssues(sources).map((x) => x.message)).toEqual([
      "shared/a.ts:1: module-level LIST is written inside a function (shared/sub/b.ts:2)",
    ]);
  });

  it("finds a module-level instance of a class whose methods write its fields (v1's ring caches)", () => {
    const ring = [
      "export class RecentCache<K extends object, V> {",
      "  readonly #keys: (K | null)[];",
      "  #next = 0;",
      "  constructor(size: number) {",
      "    this.#keys = new Array<K | null>(size).fill(null);",
      "  }",
      "  put(key: K): void {",
      "    this.#keys[this.#next] = key;",
      "    this.#next = (this.#next + 1) % this.#keys.length;",
      "  }",
      "}",
      "/**",
      " * a comment before it",
      " */",
      "const LISTS = new RecentCache<object, number>(4);",
      "export const f = (k: object) => LISTS.put(k);",
    ].join("\n");
    expect(moduleStateIssues(new Map([["m.ts", ring]])).map((x) => x.message)).toEqual([
      "m.ts:15: module-level LISTS is an instance of RecentCache, whose methods write its fields",
    ]);
    // a class written only by its constructor is not mutable state
    expect(check("class P { readonly x: number; constructor(x: number) { this.x = x; } }\nexport const ORIGIN = new P(0);")).toEqual([]);
  });

  it("finds class static fields and a module-level IIFE that returns a closure over its locals", () => {
    expect(check("export class C { static count = 0; m() { return 1; } }")).toEqual(["static count"]);
    expect(check("export const next = (() => {\n  let n = 0;\n  return () => ++n;\n})();")).toEqual(["closure (IIFE)"]);
  });

  it("finds v1-baseline's dmath.ts scratch DataView (written on every call) as it was", () => {
    const v1 = [
      "const buf = new DataView(new ArrayBuffer(8));",
      "function hi(x: number): number {",
      "  buf.setFloat64(0, x);",
      "  return buf.getInt32(0);",
      "}",
      "function withHi(x: number, h: number): number {",
      "  buf.setFloat64(0, x);",
      "  buf.setInt32(0, h);",
      "  return buf.getFloat64(0);",
      "}",
      "const POW2 = new Float64Array(2048);",
      "POW2[1024] = 1;",
      "for (let k = 1; k <= 1023; k++) POW2[1024 + k] = POW2[1024 + k - 1]! * 2;",
      "export const f = (x: number) => withHi(x, hi(x)) * POW2[1024]!;",
    ].join("\n");
    expect(moduleStateIssues(new Map([["shared/engine/dmath.ts", v1]]), BUILT_AT_LOAD).map((x) => x.message)).toEqual([
      "shared/engine/dmath.ts:1: module-level buf is written inside a function (shared/engine/dmath.ts:3, shared/engine/dmath.ts:7, shared/engine/dmath.ts:8)",
    ]);
  });
});
