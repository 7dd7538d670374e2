/**
 * Number formatting for the terminal look: tabular figures, a unit on every figure,
 * signed deltas. Pure functions, no DOM.
 */

import { quarterLabel } from "../../shared/index.ts";

export type Unit =
  | "$"
  | "$/Mtok"
  | "$/GPU-h"
  | "$/unit"
  | "$/wafer"
  | "%"
  | "pp"
  | "MW"
  | "GPU-h"
  | "Mtok"
  | "units"
  | "wafers"
  | "tasks"
  | "x"
  | "idx"
  | "q"
  | "yr"
  | "";

const SUFFIXES: [number, string][] = [
  [1e12, "T"],
  [1e9, "B"],
  [1e6, "M"],
  [1e3, "k"],
];

/**
 * 1234567 → "1.23M"; keeps three significant figures, two below 0.01 (a token price late in a
 * game: 0.0017 → "0.0017"), in plain decimals down to a millionth (JavaScript's toPrecision).
 */
export function compact(x: number): string {
  if (!Number.isFinite(x)) return "–";
  const a = Math.abs(x);
  // a figure that rounds up to 1,000 of one unit is shown in the next (999,999,999.9 → "1.00B", not "1000M")
  for (const [v, s] of SUFFIXES) {
    if (a >= v * ROUNDS_UP) return `${trim(x / v)}${s}`;
  }
  if (a === 0) return "0";
  if (a < 0.01) return signed(x.toPrecision(2));
  return trim(x);
}

/** The least fraction of a unit that three significant figures round up to a whole one (999.5 → 1.00k). */
const ROUNDS_UP = 0.9995;

/** Three significant figures: 9.996 → "10.0", not "10.00"; 99.96 → "100", not "100.0". */
function trim(x: number): string {
  const a = Math.abs(x);
  let digits = a >= 100 ? 0 : a >= 10 ? 1 : 2;
  if (digits > 0 && Math.abs(Number(x.toFixed(digits))) >= 10 ** (3 - digits)) digits -= 1;
  return signed(x.toFixed(digits));
}

/** A number's text with a minus sign (U+2212) for its hyphen, and none on a zero it rounds to ("-0.0" → "0.0"). */
function signed(s: string): string {
  if (!s.startsWith("-")) return s;
  return /[1-9]/.test(s) ? `−${s.slice(1)}` : s.slice(1);
}

/**
 * The label of quarter q ("2028Q2"), counted from the view's own label, which is that of the
 * quarter it shows: the next one to play, or the last once the game is over (player-view.ts).
 */
export function quarterLabelOf(view: { label: string; quarter: number; quarters: number }, q: number): string {
  const m = /^(\d+)Q([1-4])$/.exec(view.label);
  if (!m) return `Q${q}`;
  // the engine's own labelling, counted from the quarter the view's label names
  return quarterLabel({ year: Number(m[1]), quarter: Number(m[2]) }, q - Math.min(view.quarter + 1, view.quarters) + 1);
}

/** A figure with its unit, e.g. "$1.2B", "42.0%", "3.10 $/GPU-h". */
export function fmt(x: number | null | undefined, unit: Unit): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return "–";
  switch (unit) {
    case "$":
      return `${x < 0 ? "−" : ""}$${compact(Math.abs(x))}`;
    case "%":
      return `${signed((x * 100).toFixed(1))}%`;
    case "pp":
      return `${signed((x * 100).toFixed(1))} pp`;
    case "$/Mtok":
    case "$/GPU-h":
    case "$/unit":
    case "$/wafer":
      return `$${compact(x)}${unit.slice(1)}`;
    case "":
      return compact(x);
    default:
      return `${compact(x)} ${unit}`;
  }
}

/**
 * Labels for a chart's value axis: as `fmt`, but when that would print two neighbouring ticks
 * alike (a series that moves by less than a hundredth), with as many decimals as the tick step
 * needs. Figures of a thousand or more keep their compact form.
 */
export function tickLabels(ticks: number[], unit: "%" | ""): string[] {
  const labels = ticks.map((t) => fmt(t, unit));
  if (ticks.length < 2 || new Set(labels).size === labels.length) return labels;
  if (Math.max(...ticks.map(Math.abs)) >= 1000) return labels;
  const scale = unit === "%" ? 100 : 1;
  const step = Math.abs(ticks[1]! - ticks[0]!) * scale;
  if (!(step > 0)) return labels;
  const digits = Math.min(6, Math.max(0, Math.ceil(-Math.log10(step))));
  return ticks.map((t) => `${(t * scale).toFixed(digits)}${unit}`);
}

/**
 * Labels for a log-scale axis, whose ticks come at 1–9 × 10^k: only the ticks that fit are
 * labelled (the powers of ten over two decades or more, 1-2-5 over one, all within one), so
 * labels never print over each other. Unlabelled ticks keep their grid line.
 */
export function logTickLabels(ticks: number[], unit: "%" | ""): string[] {
  const pos = ticks.filter((t) => t > 0 && Number.isFinite(t));
  if (pos.length === 0) return ticks.map(() => "");
  const decades = Math.log10(Math.max(...pos)) - Math.log10(Math.min(...pos));
  const keep = decades >= 2 ? [1] : decades >= 1 ? [1, 2, 5] : [1, 2, 3, 4, 5, 6, 7, 8, 9];
  const out: string[] = ticks.map((t) => {
    if (!(t > 0) || !Number.isFinite(t)) return "";
    const mantissa = Math.round(t / 10 ** Math.floor(Math.log10(t) + 1e-9));
    return keep.includes(mantissa) ? fmt(t, unit) : "";
  });
  // a range within one decade may have no 1-2-5 tick at all: then label its ends
  if (!out.some((x) => x.length > 0)) {
    out[0] = fmt(ticks[0]!, unit);
    out[out.length - 1] = fmt(ticks[ticks.length - 1]!, unit);
  }
  return out;
}

export type Sign = "up" | "down" | "flat";

export interface Delta {
  text: string;
  sign: Sign;
  /** screen-reader text, e.g. "up 12% since last quarter" */
  aria: string;
}

/** Signed change since last quarter. Percent units change in percentage points. */
export function delta(now: number | null | undefined, prev: number | null | undefined, unit: Unit): Delta | null {
  if (now === null || now === undefined || prev === null || prev === undefined) return null;
  if (!Number.isFinite(now) || !Number.isFinite(prev)) return null;
  const d = now - prev;
  // a change too small to show (under 0.05 pp for a share) is no change
  const shown = unit === "%" ? Math.abs(d * 100) >= 0.05 : true;
  const sign: Sign = !shown || Math.abs(d) < 1e-9 * Math.max(1, Math.abs(prev)) ? "flat" : d > 0 ? "up" : "down";
  const arrow = sign === "up" ? "▲" : sign === "down" ? "▼" : "■";
  const plus = sign === "up" ? "+" : sign === "down" ? "−" : "±";
  let body: string;
  if (unit === "%") body = `${plus}${sign === "flat" ? "0.0" : Math.abs(d * 100).toFixed(1)} pp`;
  else {
    const abs = fmt(Math.abs(d), unit).replace(/^−/, "");
    body = `${plus}${abs}`;
  }
  const word = sign === "up" ? "up" : sign === "down" ? "down" : "unchanged";
  return { text: `${arrow} ${body}`, sign, aria: `${word} ${body.replace(/^[+−±]/, "")} since last quarter` };
}

export function pct(x: number, digits = 1): string {
  return `${signed((x * 100).toFixed(digits))}%`;
}

/** CSV cell escaping (RFC 4180). */
export function csvCell(v: string | number | null | undefined): string {
  if (v === null || v === undefined) return "";
  const s = typeof v === "number" ? (Number.isFinite(v) ? String(v) : "") : v;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(header: string[], rows: (string | number | null | undefined)[][]): string {
  return [header, ...rows].map((r) => r.map(csvCell).join(",")).join("\n") + "\n";
}

/** mm:ss from milliseconds. */
export function clock(ms: number): string {
  const s = Math.max(0, Math.ceil(ms / 1000));
  const m = Math.floor(s / 60);
  return `${m}:${String(s % 60).padStart(2, "0")}`;
}
