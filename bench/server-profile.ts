/**
 * Summarises a V8 .cpuprofile (from `node --cpu-prof`, e.g. `node bench/server-load.ts --rooms 60
 * --cpu-prof`): self time and inclusive time per function, heaviest first.
 *
 * Usage: node bench/server-profile.ts <file.cpuprofile> [--top 30]
 */
import { readFileSync } from "node:fs";

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}
interface Profile {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

const args = process.argv.slice(2);
const file = args.find((a) => !a.startsWith("--"));
if (!file) {
  console.error("usage: node bench/server-profile.ts <file.cpuprofile> [--top 30]");
  process.exit(2);
}
const ti = args.indexOf("--top");
const TOP = ti >= 0 ? Number(args[ti + 1]) : 30;
const p = JSON.parse(readFileSync(file, "utf8")) as Profile;
const byId = new Map(p.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
// time per node from samples × deltas
const selfUs = new Map<number, number>();
for (let i = 0; i < p.samples.length; i++) {
  const id = p.samples[i]!;
  selfUs.set(id, (selfUs.get(id) ?? 0) + (p.timeDeltas[i + 1] ?? p.timeDeltas[i] ?? 0));
}
const label = (n: Node) => {
  const f = n.callFrame;
  const where = f.url ? `${f.url.replace(/^file:\/\/.*?\/(node_modules|server|shared|bench)\//, "$1/")}:${f.lineNumber + 1}` : "";
  return `${f.functionName || "(anonymous)"} ${where}`.trim();
};
const self = new Map<string, number>();
const incl = new Map<string, number>();
let total = 0;
let idle = 0;
for (const [id, us] of selfUs) {
  const n = byId.get(id)!;
  total += us;
  const name = label(n);
  if (name.startsWith("(idle)")) idle += us;
  self.set(name, (self.get(name) ?? 0) + us);
  // inclusive: each distinct function on the stack once
  const seen = new Set<string>();
  for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
    const l = label(byId.get(cur)!);
    if (seen.has(l)) continue;
    seen.add(l);
    incl.set(l, (incl.get(l) ?? 0) + us);
  }
}
const busy = total - idle;
const wall = p.endTime - p.startTime;
console.log(`profile: ${(wall / 1e6).toFixed(1)} s wall, ${(busy / 1e6).toFixed(2)} s busy (${((busy / wall) * 100).toFixed(1)} %)`);
const pctOf = (us: number) => `${((us / busy) * 100).toFixed(1).padStart(5)} %`;
console.log("\nself time (share of busy time):");
for (const [name, us] of [...self]
  .filter(([n]) => !n.startsWith("(idle)"))
  .sort((a, b) => b[1] - a[1])
  .slice(0, TOP))
  console.log(`${pctOf(us)}  ${name}`);
console.log("\ninclusive time:");
for (const [name, us] of [...incl]
  .filter(([n]) => !n.startsWith("(idle)") && !n.startsWith("(root)"))
  .sort((a, b) => b[1] - a[1])
  .slice(0, TOP))
  console.log(`${pctOf(us)}  ${name}`);
