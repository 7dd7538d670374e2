/**
 * Reading a batch folder back: summary.json, and every run's values from wide.csv (or the
 * long runs.csv.gz / runs.csv of older folders), as per-metric, per-quarter columns over runs.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { CliError } from "./common.ts";
import type { Summary } from "./writer.ts";

export function readSummary(dir: string): Summary {
  const file = join(dir, "summary.json");
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, "utf8"));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new CliError(
      code === "ENOENT" ? `${dir}: no summary.json (is it a batch output directory?)` : `${file}: ${(e as Error).message}`,
    );
  }
  const s = data as Partial<Summary>;
  if (!s || typeof s !== "object" || !Array.isArray(s.quarters) || !s.metrics || typeof s.metrics !== "object") {
    throw new CliError(`${file}: not a batch summary (needs quarters and metrics)`);
  }
  const full = s as Summary;
  full.failures ??= [];
  full.completed ??= full.runs;
  return full;
}

export interface RunTable {
  /** run numbers present, in order */
  runs: number[];
  seeds: number[];
  /** metric → quarter label → values by position in `runs` (NaN where none) */
  get(metric: string, quarter: string): Float64Array | null;
  metrics: string[];
}

/** Every run's values of a batch folder; null when it has no per-run file. */
export function readRuns(dir: string, summary: Summary): RunTable | null {
  const wide = join(dir, "wide.csv");
  const rowsOf = new Map<number, number>();
  const runs: number[] = [];
  const seeds: number[] = [];
  const slot = (run: number, seed: number): number => {
    let i = rowsOf.get(run);
    if (i === undefined) {
      i = runs.length;
      rowsOf.set(run, i);
      runs.push(run);
      seeds.push(seed);
    }
    return i;
  };
  const columns = new Map<string, Map<string, number[]>>();
  const put = (metric: string, quarter: string, i: number, v: number): void => {
    let byQ = columns.get(metric);
    if (!byQ) {
      byQ = new Map();
      columns.set(metric, byQ);
    }
    let col = byQ.get(quarter);
    if (!col) {
      col = [];
      byQ.set(quarter, col);
    }
    col[i] = v;
  };
  if (existsSync(wide)) {
    const lines = readFileSync(wide, "utf8").split("\n");
    const header = (lines[0] ?? "").split(",");
    const ids = header.slice(3);
    for (let l = 1; l < lines.length; l++) {
      const line = lines[l] as string;
      if (!line) continue;
      const parts = line.split(",");
      const i = slot(Number(parts[0]), Number(parts[1]));
      const q = parts[2] as string;
      ids.forEach((id, m) => {
        const raw = parts[m + 3];
        put(id, q, i, raw === "" || raw === undefined ? Number.NaN : Number(raw));
      });
    }
  } else {
    const gz = join(dir, "runs.csv.gz");
    const plain = join(dir, "runs.csv");
    const text = existsSync(gz) ? gunzipSync(readFileSync(gz)).toString("utf8") : existsSync(plain) ? readFileSync(plain, "utf8") : null;
    if (text === null) return null;
    for (const line of text.split("\n")) {
      const parts = line.split(",");
      if (parts.length !== 5 || parts[0] === "run") continue;
      const i = slot(Number(parts[0]), Number(parts[1]));
      put(parts[3] as string, parts[2] as string, i, parts[4] === "" ? Number.NaN : Number(parts[4]));
    }
  }
  void summary;
  const n = runs.length;
  return {
    runs,
    seeds,
    metrics: [...columns.keys()],
    get(metric, quarter) {
      const col = columns.get(metric)?.get(quarter);
      if (!col) return null;
      const out = new Float64Array(n).fill(Number.NaN);
      for (let i = 0; i < n; i++) if (col[i] !== undefined) out[i] = col[i] as number;
      return out;
    },
  };
}
