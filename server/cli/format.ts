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

/** 1234567 → "1.23M" (three significant digits). */
export function compact(value: number): string {
  if (!Number.isFinite(value)) return "–";
  const abs = Math.abs(value);
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
