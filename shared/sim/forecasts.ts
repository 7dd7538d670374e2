/**
 * Players' forecasts of next quarter's market figures, and their scores.
 *
 * A forecast names a public figure (a world indicator of the history, e.g. the token price
 * index) for a quarter not yet resolved, either as a median with an 80% interval or as
 * probabilities that the figure goes up, stays flat (within ±FLAT_BAND of the last value) or
 * goes down. Scores are proper scoring rules, lower is better:
 * - an interval forecast: the weighted interval score (Bracher et al. 2021) of the median and
 *   the 80% interval, on the logarithm of the figure, so a forecast of a price in dollars and
 *   one of capex in billions score on one scale (relative error);
 * - a three-way forecast: the Brier score, the sum of squared differences between the stated
 *   probabilities and what happened (0 to 2).
 * A proper rule rewards stating what one believes: no other report has a better expected score.
 */
import { z } from "zod";
import { log } from "../engine/dmath.ts";
import type { QuarterIndicators } from "../engine/state.ts";

/** Figures a host may ask for: positive world indicators of the public history. */
export const FORECAST_TARGETS = {
  tokenPriceIndex: { label: "token price index", unit: "$/MTok" },
  gpuHourPrice: { label: "GPU-hour price", unit: "$/GPU-hour" },
  aiCapex: { label: "hyperscalers' AI capex", unit: "$" },
  totalTokens: { label: "tokens served", unit: "tokens" },
  hbmPrice: { label: "HBM price", unit: "$/stack" },
  apiSpend: { label: "API spend", unit: "$" },
} as const satisfies Record<string, { label: string; unit: string }>;

export type ForecastTarget = keyof typeof FORECAST_TARGETS;
export const FORECAST_TARGET_IDS = Object.keys(FORECAST_TARGETS) as ForecastTarget[];

/** A change within this fraction of the last value counts as flat. */
export const FLAT_BAND = 0.02;
/** The interval forecast's coverage: 80%, so alpha = 0.2. */
export const INTERVAL_ALPHA = 0.2;

const Target = z.enum(FORECAST_TARGET_IDS as [ForecastTarget, ...ForecastTarget[]]);
const Positive = z.number().positive().max(1e18);
const Prob = z.number().min(0).max(1);

/** What a player sends: a forecast of one figure for the quarter being decided. */
export const ForecastSchema = z.discriminatedUnion("kind", [
  z
    .strictObject({ kind: z.literal("interval"), target: Target, median: Positive, low: Positive, high: Positive })
    .refine((f) => f.low <= f.median && f.median <= f.high, { message: "needs low ≤ median ≤ high" }),
  z
    .strictObject({ kind: z.literal("direction"), target: Target, up: Prob, flat: Prob, down: Prob })
    .refine((f) => Math.abs(f.up + f.flat + f.down - 1) < 1e-6, { message: "up, flat and down must add up to 1" }),
]);
export type Forecast = z.infer<typeof ForecastSchema>;

/** A forecast as recorded in a game log: who made it, for which quarter. */
export const ForecastRecordSchema = z.strictObject({
  seat: z.string().min(1),
  /** display name of the member who made it */
  by: z.string().min(1).max(40),
  /** the quarter forecast (the one being decided when it was made) */
  quarter: z.number().int().min(1),
  forecast: ForecastSchema,
});
export type ForecastRecord = z.infer<typeof ForecastRecordSchema>;

/** Weighted interval score of a median and one central interval at level 1 − alpha, on values. */
export function weightedIntervalScore(median: number, low: number, high: number, y: number, alpha = INTERVAL_ALPHA): number {
  const is = high - low + (2 / alpha) * Math.max(0, low - y) + (2 / alpha) * Math.max(0, y - high);
  return (0.5 * Math.abs(y - median) + (alpha / 2) * is) / 1.5;
}

/** Brier score of a three-way forecast against the outcome. */
export function brierScore(f: { up: number; flat: number; down: number }, outcome: "up" | "flat" | "down"): number {
  const o = (k: "up" | "flat" | "down") => (k === outcome ? 1 : 0);
  const sq = (x: number) => x * x;
  return sq(f.up - o("up")) + sq(f.flat - o("flat")) + sq(f.down - o("down"));
}

/** Which way a figure moved: up, flat (within FLAT_BAND) or down. */
export function directionOf(last: number, next: number): "up" | "flat" | "down" {
  if (!(last > 0)) return next > 0 ? "up" : "flat";
  const r = next / last - 1;
  return r > FLAT_BAND ? "up" : r < -FLAT_BAND ? "down" : "flat";
}

export interface ScoredForecast extends ForecastRecord {
  /** the figure before (the quarter before the forecast one) and as it came out */
  last: number;
  actual: number;
  outcome: "up" | "flat" | "down";
  /** the proper score (lower is better) */
  score: number;
  /** for an interval forecast: whether the outcome fell inside the interval */
  covered?: boolean;
}

/** Scores a forecast against the history (entry k is quarter k + 1); null if its quarter has not resolved. */
export function scoreForecast(r: ForecastRecord, history: readonly QuarterIndicators[]): ScoredForecast | null {
  const entry = history[r.quarter - 1];
  if (!entry) return null;
  const actual = entry[r.forecast.target];
  const lastEntry = history[r.quarter - 2];
  const last = lastEntry ? lastEntry[r.forecast.target] : actual;
  const outcome = directionOf(last, actual);
  const f = r.forecast;
  if (f.kind === "interval") {
    const y = log(Math.max(actual, Number.MIN_VALUE));
    const score = weightedIntervalScore(log(f.median), log(f.low), log(f.high), y);
    return { ...r, last, actual, outcome, score, covered: actual >= f.low && actual <= f.high };
  }
  return { ...r, last, actual, outcome, score: brierScore(f, outcome) };
}

export interface ForecastStanding {
  by: string;
  seat: string;
  /** mean score of each kind (lower is better); null when none of that kind */
  interval: number | null;
  direction: number | null;
  /** share of interval forecasts whose interval held the outcome */
  coverage: number | null;
  count: number;
}

/**
 * The forecasters' leaderboard: each member's mean score per kind, best (lowest) interval score
 * first, then best Brier score, then most forecasts. Unresolved forecasts are left out.
 */
export function forecastLeaderboard(records: readonly ForecastRecord[], history: readonly QuarterIndicators[]): ForecastStanding[] {
  const by = new Map<string, { seat: string; iv: number[]; dir: number[]; cov: number }>();
  for (const r of records) {
    const s = scoreForecast(r, history);
    if (!s) continue;
    const key = `${r.seat}\u0000${r.by}`;
    let acc = by.get(key);
    if (!acc) {
      acc = { seat: r.seat, iv: [], dir: [], cov: 0 };
      by.set(key, acc);
    }
    if (s.forecast.kind === "interval") {
      acc.iv.push(s.score);
      if (s.covered) acc.cov++;
    } else acc.dir.push(s.score);
  }
  const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);
  const rows: ForecastStanding[] = [...by.entries()].map(([key, a]) => ({
    by: key.split("\u0000")[1]!,
    seat: a.seat,
    interval: mean(a.iv),
    direction: mean(a.dir),
    coverage: a.iv.length ? a.cov / a.iv.length : null,
    count: a.iv.length + a.dir.length,
  }));
  const key = (x: number | null) => (x === null ? Number.POSITIVE_INFINITY : x);
  return rows.sort(
    (a, b) => key(a.interval) - key(b.interval) || key(a.direction) - key(b.direction) || b.count - a.count || a.by.localeCompare(b.by),
  );
}
