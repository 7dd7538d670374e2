/**
 * Number formatting with units and plain-text tables for the command line.
 * Money is US dollars, prices dollars per unit, fractions 0..1 (shown as 0.33).
 */

import { significant } from "../../shared/present/numbers.ts";
import { metricInfo } from "../../shared/sim/metrics.ts";

export type Unit = "usd" | "usdPrice" | "fraction" | "tokens" | "count" | "plain";

const SUFFIXES: [number, string][] = [
  [1e12, "T"],
  [1e9, "B"],
  [1e6, "M"],
  [1e3, "K"],
];

/**
 * Counts from 10^15 up (a quarter's tokens reach 10^18) in powers of ten, "3.20e15": past T the
 * letters are ones few readers know, and "3204T" hides the size.
 */
const SCIENTIFIC_FROM = 1e15;

/** 3.2e15 → "3.20e15" (three significant digits, no "+" in the exponent). */
function scientific(value: number): string {
  return value.toExponential(2).replace("e+", "e");
}

/** 1234567 → "1.23M" (three significant digits); 3.2e15 → "3.20e15". */
export function compact(value: number): string {
  if (!Number.isFinite(value)) return "–";
  const abs = Math.abs(value);
  if (abs >= SCIENTIFIC_FROM * 0.9995) return scientific(value);
  for (const [size, suffix] of SUFFIXES) {
    if (abs >= size * 0.9995) return `${significant(value / size)}${suffix}`;
  }
  return significant(value);
}

/** A count's change with its sign: +2, −1, ±0. */
export function signed(n: number): string {
  return n > 0 ? `+${n}` : n < 0 ? `−${-n}` : "±0";
}

/** Formats a value in its unit: $1.23B, $0.42, 0.87, 3.4M. */
export function formatValue(value: number | null | undefined, unit: Unit): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "–";
  switch (unit) {
    case "usd":
      return value < 0 ? `-$${compact(-value)}` : `$${compact(value)}`;
    case "usdPrice":
      return value < 0 ? `-$${significant(-value)}` : `$${significant(value)}`;
    case "fraction":
      return value === 0 || Math.abs(value) >= 0.01 ? value.toFixed(2) : significant(value);
    case "tokens":
    case "count":
      return compact(value);
    default:
      return significant(value);
  }
}

/** A signed difference in the metric's unit, e.g. "+$1.2M", "-0.03". */
export function formatDelta(value: number | null | undefined, unit: Unit): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "–";
  const s = formatValue(Math.abs(value), unit);
  if (value === 0) return unit === "fraction" ? "0.00" : s;
  return (value < 0 ? "-" : "+") + s;
}

/** An estimate with its interval, as the tables show one. */
export interface Estimate {
  estimate: number | null;
  lo: number | null;
  hi: number | null;
}

/**
 * "0.966 [0.962, 0.969]", "+0.0095 [+0.0078, +0.0098]", "$1.23B [$1.10B, $1.35B]": an estimate
 * and its interval (delta: signed, as a difference). Fractions and plain numbers share one
 * count of decimals, enough for two significant digits of the interval's width, so that an
 * interval narrower than two decimals does not read as "+0.02 [+0.01, +0.02]".
 */
export function formatEstimate(x: Estimate | null | undefined, unit: Unit, delta = false): string {
  if (!x || x.estimate === null) return "–";
  if (x.lo === null || x.hi === null) return (delta ? formatDelta : formatValue)(x.estimate, unit);
  const { estimate, lo, hi } = x;
  if ((unit === "fraction" || unit === "plain") && Number.isFinite(hi - lo)) {
    const largest = Math.max(Math.abs(estimate), Math.abs(lo), Math.abs(hi));
    // plain numbers of 1,000 or more keep their own format (significant, no decimals)
    if (unit === "fraction" || largest < 1000) {
      const width = hi - lo;
      const decimals = width > 0 ? Math.min(8, Math.max(unit === "fraction" ? 2 : 0, Math.floor(-Math.log10(width)) + 2)) : -1;
      if (decimals >= 0) {
        const f = (v: number): string => {
          const t = v.toFixed(decimals);
          return delta && v >= 0 ? `+${t}` : t;
        };
        return `${f(estimate)} [${f(lo)}, ${f(hi)}]`;
      }
    }
  }
  if ((unit === "tokens" || unit === "count") && Math.max(Math.abs(estimate), Math.abs(lo), Math.abs(hi)) >= SCIENTIFIC_FROM * 0.9995) {
    // one notation for the three: "-7.85e14 [-4.39e15, +4.28e15]", not "-785T [-4.39e15, …]"
    const f = (v: number): string => (delta && v >= 0 ? "+" : "") + scientific(v);
    return `${f(estimate)} [${f(lo)}, ${f(hi)}]`;
  }
  const f = delta ? formatDelta : formatValue;
  return `${f(estimate, unit)} [${f(lo, unit)}, ${f(hi, unit)}]`;
}

export function formatPercent(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "–";
  const p = value * 100;
  return `${p >= 0 ? "+" : ""}${Math.abs(p) >= 100 ? p.toFixed(0) : p.toFixed(1)}%`;
}

/**
 * How a metric's figures are formatted, from the unit its declaration gives (`metricInfo`, the
 * history entry's INDICATORS), so that every table labels and formats a metric alike; plain for
 * an id with no declaration.
 */
export function unitOf(metric: string): Unit {
  const declared = metricInfo(metric)?.unit;
  if (declared === undefined) return "plain";
  if (declared === "$") return "usd";
  if (declared.startsWith("$/")) return "usdPrice";
  switch (declared) {
    case "fraction":
    case "fraction/yr":
      return "fraction";
    case "tokens":
      return "tokens";
    case "count":
    case "units":
    case "GPU-hours":
      return "count";
    default:
      return "plain";
  }
}

/** The unit of a metric as people write it: "$/MTok", "$/GPU-hour", "$", "fraction", "tokens". */
export function unitLabel(metric: string): string {
  const declared = metricInfo(metric)?.unit;
  if (declared !== undefined) return declared;
  const u = unitOf(metric);
  return u === "usd" ? "$" : u;
}

export interface Column {
  header: string;
  align?: "left" | "right";
}

/** Renders rows as an aligned plain-text table with a header rule. */
export function table(columns: Column[], rows: string[][]): string {
  const widths = columns.map((c, i) => Math.max(c.header.length, ...rows.map((r) => (r[i] ?? "").length)));
  const cell = (text: string, i: number): string => {
    const w = widths[i] ?? 0;
    return (columns[i]?.align ?? "right") === "left" ? text.padEnd(w) : text.padStart(w);
  };
  const lines = [columns.map((c, i) => cell(c.header, i)).join("  "), widths.map((w) => "─".repeat(w)).join("  ")];
  for (const r of rows) lines.push(columns.map((_, i) => cell(r[i] ?? "", i)).join("  "));
  return lines.map((l) => l.trimEnd()).join("\n");
}
