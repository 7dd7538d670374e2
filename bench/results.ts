/**
 * Shared by every bench: print a figure as `name: value unit` and merge figures into
 * bench/results.json (read-modify-write; other benches' keys are kept); and the thread CPU clock
 * the engine benches time with.
 * Keys are flat dotted names, e.g. "engine.quartersPerSecondPerCore"; nested objects are
 * flattened, so recordResults({ engine: { x: 1 } }) and recordResults({ "engine.x": 1 }) agree.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const RESULTS_FILE = join(dirname(fileURLToPath(import.meta.url)), "results.json");

type Json = number | string | boolean | null | { [k: string]: Json };

function flatten(obj: Record<string, Json>, prefix = "", into: Record<string, Json> = {}): Record<string, Json> {
  for (const [k, v] of Object.entries(obj)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (v !== null && typeof v === "object" && !Array.isArray(v)) flatten(v, key, into);
    else into[key] = v;
  }
  return into;
}

/** Merges the figures into bench/results.json and returns the merged content. */
export function recordResults(figures: Record<string, Json>, file = RESULTS_FILE): Record<string, Json> {
  let current: Record<string, Json> = {};
  if (existsSync(file)) {
    try {
      current = flatten(JSON.parse(readFileSync(file, "utf8")) as Record<string, Json>);
    } catch {
      current = {};
    }
  }
  const merged = { ...current, ...flatten(figures) };
  const sorted = Object.fromEntries(
    Object.keys(merged)
      .sort()
      .map((k) => [k, merged[k] as Json]),
  );
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(sorted, null, 2)}\n`);
  renameSync(tmp, file);
  return sorted;
}

/** Prints `name: value unit` (value rounded to a sensible precision). */
export function report(name: string, value: number, unit: string): void {
  const shown = Math.abs(value) >= 100 ? Math.round(value) : Number(value.toPrecision(3));
  process.stdout.write(`${name}: ${shown} ${unit}\n`);
}

/** CPU time of this thread (µs): process.threadCpuUsage on Node ≥ 22.19, else the process's. */
export function threadCpu(): number {
  const p = process as NodeJS.Process & { threadCpuUsage?: () => NodeJS.CpuUsage };
  const u = p.threadCpuUsage ? p.threadCpuUsage() : process.cpuUsage();
  return u.user + u.system;
}
