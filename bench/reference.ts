/**
 * A fixed reference workload, to tell a faster engine from a faster machine.
 *
 * The development machine's speed varies from session to session by up to a factor of four, so
 * quarters per second alone cannot say whether the code got faster. This workload does the
 * kind of work a quarter does (copying and walking a tree of about 1,500 small JSON values:
 * objects of fixed fields, records keyed by ids, short arrays, floats and strings) and imports
 * nothing from the game (only the benches' CPU clock), so its rate moves only with the machine
 * and the Node version.
 * The engine bench reports its quarters per 1,000 reference units next to the raw rate, the two
 * measured in alternating windows.
 *
 * Do not change this workload: figures from before and after a change would not compare. If it
 * must change, rename the result key (`machine.referenceUnitsPerSecond`).
 */

import { threadCpu } from "./results.ts";

type Json = number | string | boolean | null | Json[] | { [k: string]: Json };

/** The tree: 12 records of 40 fields with a nested book of 20 and a short series, plus a keyed table. */
function buildTree(): Json {
  const records: Record<string, Json> = {};
  let x = 0.5;
  const next = (): number => {
    x = (x * 9301 + 49297) % 233280;
    return x / 233280;
  };
  for (let r = 0; r < 12; r++) {
    const rec: Record<string, Json> = { id: `r${r}`, kind: r % 3 === 0 ? "alpha" : "beta", flag: r % 2 === 0 };
    for (let f = 0; f < 36; f++) rec[`field${f}`] = f % 5 === 0 ? Math.floor(next() * 1e6) : next() * 1e3;
    const book: Record<string, Json> = {};
    for (let f = 0; f < 20; f++) book[`item${f}`] = next() * 1e9;
    rec.book = book;
    rec.series = Array.from({ length: 8 }, () => next() * 100);
    records[`rec${r}`] = rec;
  }
  const table: Record<string, Json> = {};
  for (let k = 0; k < 40; k++) table[`key${k}`] = { share: next(), price: next() * 10, name: `n${k}` };
  return { records, table, list: Array.from({ length: 60 }, (_, i) => ({ at: i, value: next() })) };
}

function copy(v: Json): Json {
  if (v === null || typeof v !== "object") return v;
  if (Array.isArray(v)) return v.map(copy);
  const out: { [k: string]: Json } = { ...v };
  for (const k in out) {
    const x = out[k]!;
    if (typeof x === "object" && x !== null) out[k] = copy(x);
  }
  return out;
}

function walk(v: Json, acc: number): number {
  if (typeof v === "number") return (acc * 31 + (v | 0)) | 0;
  if (typeof v === "string") return (acc * 31 + v.length) | 0;
  if (v === null || typeof v !== "object") return (acc * 31 + 1) | 0;
  if (Array.isArray(v)) {
    for (const x of v) acc = walk(x, acc);
    return acc;
  }
  for (const k in v) acc = walk(v[k]!, (acc * 31 + k.length) | 0);
  return acc;
}

const TREE = buildTree();
let sink = 0;

/** One reference unit: copy the tree and walk the copy. */
function unit(): void {
  sink = (sink + walk(copy(TREE), 7)) | 0;
}

/** Whether this process has warmed the workload up (the first window does). */
let warmedUp = false;

/**
 * Reference units done and this thread's CPU microseconds spent, over about `seconds`. The
 * first window of a process warms the workload up first (200 ms, not counted).
 */
export function referenceWindow(seconds: number): { units: number; cpuMicros: number } {
  if (!warmedUp) {
    const warm = performance.now() + 200;
    while (performance.now() < warm) unit();
    warmedUp = true;
  }
  let units = 0;
  const c0 = threadCpu();
  const end = performance.now() + seconds * 1000;
  while (performance.now() < end) {
    for (let i = 0; i < 20; i++) unit();
    units += 20;
  }
  const cpuMicros = threadCpu() - c0;
  if (sink === 42) process.stderr.write(""); // keep the work observable
  return { units, cpuMicros };
}
