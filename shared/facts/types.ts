/**
 * The shape of the stylized-fact card (seed-facts.md §5): each fact is an A/B experiment played
 * over a declared range of set-ups and many seeds, with common random numbers (both arms of a
 * pair play the same seed). spec.ts declares the facts; run.ts plays one point of one fact;
 * verdict.ts turns the paired values into effects, intervals and a verdict.
 */

/** A value of one dimension of a fact's range (a shock quarter, a magnitude, a scenario id). */
export type RangeValue = number | string;

/** One point of a fact's range: a value for each of its dimensions. */
export type Point = Record<string, RangeValue>;

export interface Override {
  path: string;
  value: unknown;
}

export interface ShockAt {
  shock: string;
  /** the quarter it fires in (1-based) */
  quarter: number;
  params?: Record<string, number | string | boolean>;
}

/** Orders one seat gives in one quarter (1-based), or in every quarter. */
export interface OrdersAt {
  quarter: number | "every";
  seat: string;
  orders: unknown[];
}

/**
 * One arm of an experiment: a built-in scenario, `--set` overrides, injected shocks and fixed
 * orders. Random shocks are off in every arm, so a pair differs only in what the fact declares.
 * `play`: who decides the seats' other orders: the bots (`bots`), or nobody, every seat keeping
 * its standing policies (`standing`). Under `bots`, a seat's fixed orders replace its bot's
 * orders of the same type in that quarter.
 */
export interface Setup {
  scenario: string;
  sets?: Override[];
  shocks?: ShockAt[];
  orders?: OrdersAt[];
  play: "bots" | "standing";
  /** quarters played */
  quarters: number;
}

/**
 * What one check observes. The metric (shared/sim/metrics.ts factMetricIds) is averaged over
 * a window of quarters in each arm; the effect of one seed is B − A (`diff`), (B − A) / |A|
 * (`rel`), or B's value alone (`level`: a claim about one arm). With `versus`, the effect is the
 * metric's relative effect less `versus`'s (a contrast: "hits the neocloud harder than the
 * hyperscaler"). The prediction holds at a point when the 95% interval of the mean effect over
 * seeds lies wholly on the predicted side of `threshold` (default 0); `sign` 0 predicts no
 * effect: the interval contains the threshold.
 */
export interface Check {
  text: string;
  metric: string;
  /** A's metric when it differs from B's (e.g. realised vs unconstrained revenue of one run) */
  metricA?: string;
  versus?: string;
  /** quarters of arm B (1-based, inclusive) */
  window: [number, number];
  /** quarters of arm A when they differ from B's (a claim about one run over time) */
  windowA?: [number, number];
  effect?: "diff" | "rel" | "level";
  sign: 1 | -1 | 0;
  threshold?: number;
}

export interface Fact {
  /** e.g. "f07", "f09-threadA" */
  id: string;
  /** the fact's number in seed-facts.md §5 */
  number: number;
  /** for a disputed fact: whose side this entry plays (e.g. "004", "001 thread A") */
  side?: string;
  title: string;
  /** the fact's wording in seed-facts.md §5 (abridged, quoted) */
  claim: string;
  /** the seed documents the fact cites */
  source: string;
  /** the dimensions of the range and their values; the points are their product */
  range: Record<string, readonly RangeValue[]>;
  /** where the range's values come from (the seed's text, a parameter's plausible range) */
  rangeWhy: string;
  arms: (p: Point) => { a: Setup; b: Setup };
  checks: (p: Point) => Check[];
}

/** A fact the card is known to fail today, with a one-line reason (reviewed, kept honest by test/facts/card.test.ts). */
export interface KnownFailing {
  id: string;
  reason: string;
}
