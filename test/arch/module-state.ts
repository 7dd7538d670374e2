/**
 * A static check for module-level mutable state in TypeScript source (issue 20, item 2): a
 * module-level `let` or `var`, a module-level object or array (Map, Set, typed array, DataView…)
 * written inside a function, one filled while the module loads (a table built at load, allowed
 * only where a test lists it with a reason), a class's static field, and a module-level
 * immediately-invoked function that returns a closure over its locals.
 *
 * TypeScript's parser is not available as a library here (TypeScript 7 has no JS API), so this
 * reads the source itself: comments, strings, template literals and regular expressions are
 * blanked first (same length, same lines), then braces are classified (a function's body, a
 * block, an object or type literal, a class body) and arrow functions' expression bodies found,
 * so a write can be placed inside or outside a function.
 *
 * What it cannot see: a write through another name (an alias, or a function's argument: pass a
 * module-level array to a function that pushes to it) and a write from outside shared/. Writes
 * from another module of the same tree are seen through its imports.
 */

export interface ModuleStateIssue {
  file: string;
  line: number;
  /** the binding (or the construct) at fault */
  name: string;
  kind: "let" | "written" | "built-at-load" | "static" | "closure";
  /** one line: what and where */
  message: string;
}

// ---------------------------------------------------------------------------------------------
// Blanking comments, strings, templates and regular expressions

const KEYWORDS_BEFORE_REGEX = new Set([
  "return",
  "typeof",
  "case",
  "do",
  "else",
  "in",
  "of",
  "void",
  "yield",
  "await",
  "delete",
  "throw",
  "new",
]);

/** The source with every comment, string's, template literal's text and regex blanked (spaces; newlines kept). */
export function blank(src: string): string {
  const out = src.split("");
  const n = src.length;
  const templates: number[] = []; // per open `${`: braces opened inside it
  const clear = (from: number, to: number) => {
    for (let k = from; k < to; k++) if (out[k] !== "\n") out[k] = " ";
  };
  const regexAllowed = (at: number): boolean => {
    let k = at - 1;
    while (k >= 0 && /\s/.test(out[k]!)) k--;
    if (k < 0) return true;
    const c = out[k]!;
    if ("(,=:[!&|?{};+-*%<>~^".includes(c)) return true;
    if (/[\w$]/.test(c)) {
      let s = k;
      while (s > 0 && /[\w$]/.test(out[s - 1]!)) s--;
      return KEYWORDS_BEFORE_REGEX.has(out.slice(s, k + 1).join(""));
    }
    return false;
  };
  let i = 0;
  const template = () => {
    // inside a template literal's text, after its opening backtick or a `}` closing `${`
    while (i < n) {
      const c = src[i]!;
      if (c === "\\") {
        clear(i, i + 2);
        i += 2;
      } else if (c === "`") {
        i++;
        return;
      } else if (c === "$" && src[i + 1] === "{") {
        templates.push(0);
        i += 2;
        return;
      } else {
        clear(i, i + 1);
        i++;
      }
    }
  };
  while (i < n) {
    const c = src[i]!;
    const d = src[i + 1];
    if (c === "/" && d === "/") {
      const end = src.indexOf("\n", i);
      const to = end < 0 ? n : end;
      clear(i, to);
      i = to;
    } else if (c === "/" && d === "*") {
      const end = src.indexOf("*/", i + 2);
      const to = end < 0 ? n : end + 2;
      clear(i, to);
      i = to;
    } else if (c === '"' || c === "'") {
      let k = i + 1;
      while (k < n && src[k] !== c && src[k] !== "\n") k += src[k] === "\\" ? 2 : 1;
      clear(i + 1, k);
      i = k + 1;
    } else if (c === "`") {
      i++;
      template();
    } else if (c === "/" && regexAllowed(i)) {
      let k = i + 1;
      let inClass = false;
      while (k < n && src[k] !== "\n") {
        if (src[k] === "\\") k += 2;
        else {
          if (src[k] === "[") inClass = true;
          else if (src[k] === "]") inClass = false;
          else if (src[k] === "/" && !inClass) break;
          k++;
        }
      }
      clear(i + 1, k);
      i = k + 1;
      while (i < n && /[a-z]/.test(src[i]!)) i++;
    } else if (c === "{") {
      if (templates.length) templates[templates.length - 1]!++;
      i++;
    } else if (c === "}") {
      if (templates.length && templates[templates.length - 1] === 0) {
        templates.pop();
        i++;
        template();
      } else {
        if (templates.length) templates[templates.length - 1]!--;
        i++;
      }
    } else i++;
  }
  return out.join("");
}

// ---------------------------------------------------------------------------------------------
// Structure: braces and functions

type BraceKind = "function" | "block" | "object" | "class";

interface Region {
  kind: BraceKind;
  open: number;
  close: number;
  /** a function's parameters' text (for shadowing) */
  params: string;
  /** a function's name where it has one before its parameters (a method's, `constructor`) */
  name: string;
}

interface Structure {
  code: string;
  regions: Region[];
  /** arrow functions with an expression body: [from, to) of the body, and the parameters' text */
  arrows: { from: number; to: number; params: string }[];
  lineOf: (at: number) => number;
}

const BLOCK_KEYWORDS = new Set(["if", "for", "while", "switch", "catch", "with"]);
const STATEMENT_WORDS = new Set([
  "class",
  "interface",
  "enum",
  "namespace",
  "export",
  "function",
  "const",
  "let",
  "var",
  "type",
  "import",
  "return",
]);
const CLOSERS: Record<string, string> = { ")": "(", "]": "[", "}": "{", ">": "<" };

/** Index of the opener matching the closer at `at` (scanning back), or -1. */
function openerOf(code: string, at: number): number {
  const close = code[at]!;
  const open = CLOSERS[close]!;
  let depth = 0;
  for (let k = at; k >= 0; k--) {
    const c = code[k]!;
    if (c === close && !(close === ">" && code[k - 1] === "=")) depth++;
    else if (c === open) {
      depth--;
      if (depth === 0) return k;
    }
  }
  return -1;
}

function wordBefore(code: string, at: number): string {
  let k = at - 1;
  while (k >= 0 && /\s/.test(code[k]!)) k--;
  const end = k + 1;
  while (k >= 0 && /[\w$]/.test(code[k]!)) k--;
  return code.slice(k + 1, end);
}

/** What a `{` at `at` opens, and a function's parameters' text. */
function braceKind(code: string, at: number): { kind: BraceKind; params: string; name?: string } {
  let k = at - 1;
  while (k >= 0 && /\s/.test(code[k]!)) k--;
  if (k < 0) return { kind: "block", params: "" };
  const c = code[k]!;
  if (c === ">" && code[k - 1] === "=") return { kind: "function", params: arrowParams(code, k - 1) };
  if (c === ")") {
    const open = openerOf(code, k);
    const word = wordBefore(code, open);
    if (BLOCK_KEYWORDS.has(word)) return { kind: "block", params: "" };
    return { kind: "function", params: code.slice(open + 1, k), name: word };
  }
  // a return type: `f(a): T {`, `f(a): Record<K, { x: T }> {`
  for (let j = k; j >= 0; ) {
    const x = code[j]!;
    if (x === ":") {
      let p = j - 1;
      while (p >= 0 && /\s/.test(code[p]!)) p--;
      if (code[p] === ")") {
        const open = openerOf(code, p);
        const name = wordBefore(code, open);
        if (!BLOCK_KEYWORDS.has(name)) return { kind: "function", params: code.slice(open + 1, p), name };
      }
      break;
    }
    if (x in CLOSERS && !(x === ">" && code[j - 1] === "=")) {
      j = openerOf(code, j) - 1;
      continue;
    }
    if (/[\w$]/.test(x)) {
      // a word of the type; a declaration's keyword ends it (`class C<T> {` is no return type)
      let w = j;
      while (w > 0 && /[\w$]/.test(code[w - 1]!)) w--;
      if (STATEMENT_WORDS.has(code.slice(w, j + 1))) break;
      j = w - 1;
      continue;
    }
    if (/[.|&?,\s[\]]/.test(x)) {
      j--;
      continue;
    }
    break;
  }
  const word = wordBefore(code, k + 1);
  if (["else", "try", "finally", "do"].includes(word)) return { kind: "block", params: "" };
  if (word === "return" || "=(,:[?|&!".includes(c) || (c === "." && code[k - 1] === ".")) return { kind: "object", params: "" };
  // a class, an interface, an enum or a namespace: the statement's words before the brace
  let s = k;
  while (s >= 0 && !";{}".includes(code[s]!)) s--;
  if (/\b(class|interface|enum|namespace)\b/.test(code.slice(s + 1, at))) return { kind: "class", params: "" };
  return { kind: "block", params: "" };
}

/** The parameters' text of an arrow whose `=>` starts at `at` (`(a, b) =>` or `a =>`). */
function arrowParams(code: string, at: number): string {
  let k = at - 1;
  while (k >= 0 && /\s/.test(code[k]!)) k--;
  // a return type before the arrow: `(a): T =>` (not followed further)
  if (code[k] === ")") return code.slice(openerOf(code, k) + 1, k);
  let s = k;
  while (s >= 0 && /[\w$]/.test(code[s]!)) s--;
  return code.slice(s + 1, k + 1);
}

export function structure(src: string): Structure {
  const code = blank(src);
  const regions: Region[] = [];
  const open: Region[] = [];
  for (let i = 0; i < code.length; i++) {
    if (code[i] === "{") {
      const { kind, params, name } = braceKind(code, i);
      const r: Region = { kind, open: i, close: code.length, params, name: name ?? "" };
      regions.push(r);
      open.push(r);
    } else if (code[i] === "}") {
      const r = open.pop();
      if (r) r.close = i;
    }
  }
  // arrows with an expression body run to the first `,` `;` or closer at their own depth
  const arrows: Structure["arrows"] = [];
  for (let i = code.indexOf("=>"); i >= 0; i = code.indexOf("=>", i + 2)) {
    let k = i + 2;
    while (k < code.length && /\s/.test(code[k]!)) k++;
    if (code[k] === "{") continue;
    let depth = 0;
    let j = k;
    for (; j < code.length; j++) {
      const c = code[j]!;
      if ("([{".includes(c)) depth++;
      else if (")]}".includes(c)) {
        if (depth === 0) break;
        depth--;
      } else if ((c === "," || c === ";") && depth === 0) break;
    }
    arrows.push({ from: k, to: j, params: arrowParams(code, i) });
  }
  const starts = [0];
  for (let i = 0; i < src.length; i++) if (src[i] === "\n") starts.push(i + 1);
  const lineOf = (at: number) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= at) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
  return { code, regions, arrows, lineOf };
}

/** The functions (their parameters and body) enclosing a position, innermost last. */
function functionsAt(s: Structure, at: number): { from: number; to: number; params: string }[] {
  const out: { from: number; to: number; params: string }[] = [];
  for (const r of s.regions)
    if (r.kind === "function" && r.open < at && at < r.close) out.push({ from: r.open, to: r.close, params: r.params });
  for (const a of s.arrows) if (a.from <= at && at < a.to) out.push(a);
  return out.sort((x, y) => x.from - y.from);
}

function depthAt(s: Structure, at: number): number {
  let d = 0;
  for (const r of s.regions) if (r.open < at && at <= r.close) d++;
  return d;
}

// ---------------------------------------------------------------------------------------------
// Module-level bindings and writes to them

const ID = "[A-Za-z_$][\\w$]*";
const esc = (x: string) => x.replace(/\$/g, "\\$");

/** The module-level declarations: `let`/`var` and `const`, each binding's name and position. */
export function moduleBindings(s: Structure): { kind: "let" | "var" | "const"; name: string; at: number }[] {
  const out: { kind: "let" | "var" | "const"; name: string; at: number }[] = [];
  const re = new RegExp(`(^|[;}\\n])(\\s*)(?:export\\s+)?(?:declare\\s+)?(let|var|const)\\s+(${ID}|\\{[^}]*\\}|\\[[^\\]]*\\])`, "g");
  for (const m of s.code.matchAll(re)) {
    const at = m.index! + m[1]!.length + m[2]!.length;
    if (depthAt(s, at) !== 0) continue;
    const kind = m[3] as "let" | "var" | "const";
    const target = m[4]!;
    const names = /^[{[]/.test(target)
      ? [...target.matchAll(new RegExp(`(?:^|[{[,:]\\s*)(${ID})\\s*(?=[,}\\]=]|$)`, "g"))].map((x) => x[1]!)
      : [target];
    for (const name of names) out.push({ kind, name, at });
  }
  // `for (var …` at module level is a module-level binding too
  for (const m of s.code.matchAll(new RegExp(`\\bfor\\s*\\(\\s*var\\s+(${ID})`, "g"))) {
    if (depthAt(s, m.index!) === 0) out.push({ kind: "var", name: m[1]!, at: m.index! });
  }
  return out;
}

/** Methods that change the object they are called on (arrays, Map, Set, typed arrays, DataView). */
const MUTATORS = [
  "push",
  "pop",
  "shift",
  "unshift",
  "splice",
  "sort",
  "reverse",
  "fill",
  "copyWithin",
  "set",
  "add",
  "delete",
  "clear",
  "setInt8",
  "setUint8",
  "setInt16",
  "setUint16",
  "setInt32",
  "setUint32",
  "setFloat32",
  "setFloat64",
  "setBigInt64",
  "setBigUint64",
];
/**
 * A member chain after a binding: `.a`, `?.a`, `[…]` (one level of nested brackets), and the
 * reads that hand out an element to change (`.get(…)`, `.at(…)`), each maybe with `!`. Any other
 * call ends the chain (`x.slice().sort()` sorts a new array).
 */
const CHAIN = `(?:\\s*(?:\\??\\.\\s*(?:get|at)\\s*\\([^()]*\\)|\\??\\.\\s*#?${ID}(?![\\w$]*\\s*\\()|\\[(?:[^\\[\\]]|\\[[^\\[\\]]*\\])*\\])!?)`;
const ASSIGN = `\\s*(?:\\*\\*|<<|>>>?|&&|\\|\\||\\?\\?|[-+*/%&|^])?=(?!=)`;

/** Every write to a binding `name` in the code: assignment through it, ++/--, a mutating call, Object.assign, delete. */
export function writesTo(code: string, name: string): number[] {
  const n = esc(name);
  const head = `(?<![\\w$.])${n}`;
  const res = [
    new RegExp(`${head}${CHAIN}+${ASSIGN}`, "g"),
    new RegExp(`${head}${CHAIN}+\\s*(?:\\+\\+|--)`, "g"),
    new RegExp(`(?:\\+\\+|--)\\s*${head}${CHAIN}+`, "g"),
    new RegExp(`${head}${CHAIN}*\\s*\\.\\s*(?:${MUTATORS.join("|")})\\s*\\(`, "g"),
    new RegExp(
      `\\b(?:Object\\.(?:assign|defineProperty|defineProperties|setPrototypeOf)|Reflect\\.(?:set|defineProperty|deleteProperty))\\s*\\(\\s*${n}\\b`,
      "g",
    ),
    new RegExp(`\\bdelete\\s+${n}${CHAIN}+`, "g"),
  ];
  const out = new Set<number>();
  for (const re of res) for (const m of code.matchAll(re)) out.add(m.index!);
  return [...out].sort((a, b) => a - b);
}

/** Whether a function (its parameters, or its body before `at`) declares `name`, so that a write there is to a local. */
function shadowed(code: string, fn: { from: number; params: string }, at: number, name: string): boolean {
  const n = esc(name);
  if (new RegExp(`(?<![\\w$.])${n}(?![\\w$])`).test(fn.params.replace(/:[^,)]*/g, ""))) return true;
  const body = code.slice(fn.from, at);
  return new RegExp(`\\b(?:const|let|var)\\s+(?:${n}\\b|[{[][^=;]*(?<![\\w$.])${n}(?![\\w$])[^=;]*[}\\]]\\s*=)`).test(body);
}

/**
 * The classes whose methods (other than the constructor) write the instance's own fields: a
 * module-level instance of one is mutable state, whatever its methods are called.
 */
export function mutableClasses(s: Structure): Set<string> {
  const out = new Set<string>();
  for (const r of s.regions) {
    if (r.kind !== "class") continue;
    let st = r.open - 1;
    while (st >= 0 && !";{}".includes(s.code[st]!)) st--;
    const name = new RegExp(`\\bclass\\s+(${ID})`).exec(s.code.slice(st + 1, r.open))?.[1];
    if (!name) continue;
    const inMethod = (at: number) =>
      s.regions.filter((f) => f.kind === "function" && f.open > r.open && f.close < r.close && f.open < at && at < f.close).at(0);
    if (writesTo(s.code, "this").some((at) => at > r.open && at < r.close && inMethod(at)?.name !== "constructor")) out.add(name);
  }
  return out;
}

/** A module's imports of bindings: local name → [module specifier, exported name]. */
export function importsOf(src: string): Map<string, [string, string]> {
  const out = new Map<string, [string, string]>();
  const re = /\bimport\s+(?!type\b)\{([^}]*)\}\s*from\s*["']([^"']+)["']/g;
  for (const m of src.replace(/\/\*[\s\S]*?\*\//g, "").matchAll(re)) {
    for (const part of m[1]!.split(",")) {
      const p = part.trim();
      if (!p || p.startsWith("type ")) continue;
      const [exported, local] = p.split(/\s+as\s+/);
      out.set((local ?? exported)!.trim(), [m[2]!, exported!.trim()]);
    }
  }
  return out;
}

/** `from` resolved against the importing file's path (POSIX, relative specifiers only). */
function resolve(file: string, from: string): string | null {
  if (!from.startsWith(".")) return null;
  const parts = file.split("/").slice(0, -1);
  for (const seg of from.split("/")) {
    if (seg === "..") parts.pop();
    else if (seg !== ".") parts.push(seg);
  }
  return parts.join("/");
}

/**
 * The issues of a set of modules (path → source). `builtAtLoad`: bindings allowed to be filled
 * while their module loads ("path#name" → the reason), which are read-only afterwards.
 */
export function moduleStateIssues(
  sources: ReadonlyMap<string, string>,
  builtAtLoad: Readonly<Record<string, string>> = {},
): ModuleStateIssue[] {
  const issues: ModuleStateIssue[] = [];
  const parsed = new Map([...sources].map(([f, src]) => [f, structure(src)]));
  /** where each module-level const is written: in a function, or while a module loads */
  const writes = new Map<
    string,
    { fn: { file: string; at: number }[]; load: { file: string; at: number }[]; line: number; file: string; name: string }
  >();
  const scanWrites = (file: string, s: Structure, local: string, key: string) => {
    const w = writes.get(key)!;
    for (const at of writesTo(s.code, local)) {
      const fns = functionsAt(s, at);
      if (fns.some((fn) => shadowed(s.code, fn, at, local))) continue;
      (fns.length ? w.fn : w.load).push({ file, at });
    }
  };
  for (const [file, s] of parsed) {
    for (const b of moduleBindings(s)) {
      const line = s.lineOf(b.at);
      if (b.kind !== "const") {
        issues.push({ file, line, name: b.name, kind: "let", message: `${file}:${line}: module-level ${b.kind} ${b.name}` });
        continue;
      }
      writes.set(`${file}#${b.name}`, { fn: [], load: [], line, file, name: b.name });
    }
  }
  const mutable = new Set([...parsed.values()].flatMap((s) => [...mutableClasses(s)]));
  for (const [file, s] of parsed) {
    // instances of a class whose methods write its fields
    for (const b of moduleBindings(s)) {
      if (b.kind !== "const") continue;
      const cls = new RegExp(`^(?:export\\s+)?const\\s+${esc(b.name)}\\s*(?::[^=]*)?=\\s*new\\s+(${ID})`).exec(
        s.code.slice(b.at).trimStart(),
      )?.[1];
      if (cls && mutable.has(cls)) {
        const line = s.lineOf(b.at);
        issues.push({
          file,
          line,
          name: b.name,
          kind: "written",
          message: `${file}:${line}: module-level ${b.name} is an instance of ${cls}, whose methods write its fields`,
        });
      }
    }
    // its own bindings, then the ones it imports from the other modules
    for (const b of moduleBindings(s)) if (b.kind === "const") scanWrites(file, s, b.name, `${file}#${b.name}`);
    for (const [local, [from, exported]] of importsOf(sources.get(file)!)) {
      const target = resolve(file, from);
      if (target && writes.has(`${target}#${exported}`)) scanWrites(file, s, local, `${target}#${exported}`);
    }
    // static fields of classes
    for (const m of s.code.matchAll(new RegExp(`\\bstatic\\s+(?:readonly\\s+)?(${ID})\\s*[:=?!]`, "g"))) {
      const line = s.lineOf(m.index!);
      issues.push({
        file,
        line,
        name: m[1]!,
        kind: "static",
        message: `${file}:${line}: static field ${m[1]} (state shared by every instance)`,
      });
    }
    // a module-level IIFE whose body makes a closure: its locals live on after load
    for (const r of s.regions) {
      if (r.kind !== "function" || depthAt(s, r.open) !== 0) continue;
      const after = s.code.slice(r.close + 1).match(/^\s*\)\s*\(/);
      const inner = s.code.slice(r.open + 1, r.close);
      if (after && /=>|\bfunction\b/.test(inner) && /\b(let|var|const)\b/.test(inner)) {
        const line = s.lineOf(r.open);
        issues.push({
          file,
          line,
          name: "(IIFE)",
          kind: "closure",
          message: `${file}:${line}: a module-level IIFE returns a closure over its locals`,
        });
      }
    }
  }
  for (const [key, w] of writes) {
    const where = (x: { file: string; at: number }) => `${x.file}:${parsed.get(x.file)!.lineOf(x.at)}`;
    if (w.fn.length) {
      issues.push({
        file: w.file,
        line: w.line,
        name: w.name,
        kind: "written",
        message: `${w.file}:${w.line}: module-level ${w.name} is written inside a function (${w.fn.map(where).join(", ")})`,
      });
    } else if (w.load.length && !(key in builtAtLoad)) {
      issues.push({
        file: w.file,
        line: w.line,
        name: w.name,
        kind: "built-at-load",
        message: `${w.file}:${w.line}: module-level ${w.name} is filled while the module loads (${w.load.map(where).join(", ")}): list it with a reason if it is read-only after`,
      });
    }
  }
  return issues.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
}
