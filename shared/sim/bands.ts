/**
 * The seeds' bands over the whole game (issue 22, item 1): figures that should stay inside a
 * range the seed facts give, in every quarter of a long game. Each band reads one statistic of
 * a finished game per quarter (from the same metrics the CLI, charts and exports show), and
 * holds when the batch's p10–p90 of that statistic lies inside [lo, hi] in every quarter of its
 * window. Tail runs may leave a band (busts, distress); the middle of the batch may not.
 *
 * The ranges are read from ../shared/seed-facts.md (each band cites where) and are not tuned to
 * the model: a band the model misses is a finding, not a band to widen.
 */

import { quantile } from "../analysis/stats.ts";
import type { GameState } from "../engine/state.ts";
import { errorLine } from "../scenario/errors.ts";
import { metricsOf } from "./metrics.ts";
import { type InjectedShock, runGame } from "./run-game.ts";

/** One band: a statistic per quarter (null where undefined that quarter) and its source range. */
export interface Band {
  id: string;
  /** what the statistic is, with its unit */
  what: string;
  /** where the range comes from in seed-facts.md */
  source: string;
  lo: number;
  hi: number;
  /** first and last quarter (1-based, inclusive) the band applies to; last clipped to the game */
  from: number;
  to: number;
  /** the statistic in quarter q (1-based) of a finished game */
  value(g: BandContext, q: number): number | null;
}

/** What a band reads of one finished game. */
export interface BandContext {
  metrics: Record<string, (number | null)[]>;
  /** company ids by role */
  roles: Record<string, string[]>;
  economyOutput: number;
  spotPriceMin: number;
}

export function bandContextOf(state: GameState): BandContext {
  const roles: Record<string, string[]> = {};
  const C = state.companies;
  for (let i = 0; i < C.n; i++) {
    const role = C.role[i]!;
    roles[role] = [...(roles[role] ?? []), C.id[i]!];
  }
  return {
    metrics: metricsOf(state),
    roles,
    economyOutput: state.world.params.economyOutput,
    spotPriceMin: state.world.rules.compute.spotPriceMin,
  };
}

const at = (g: BandContext, id: string, q: number): number | null => g.metrics[id]?.[q - 1] ?? null;

/** Σ over a role's companies of a metric in quarter q. */
function sumOf(g: BandContext, role: string, metric: string, q: number): number {
  let s = 0;
  for (const id of g.roles[role] ?? []) s += at(g, `actor.${id}.${metric}`, q) ?? 0;
  return s;
}

/** Σ of a world metric over quarters [q − n + 1, q], or null before it has n quarters. */
function trailing(g: BandContext, id: string, q: number, n: number): number | null {
  if (q < n) return null;
  let s = 0;
  for (let t = q - n + 1; t <= q; t++) {
    const v = at(g, id, t);
    if (v === null) return null;
    s += v;
  }
  return s;
}

/** The revenue-weighted gross margin of a role's companies in quarter q (null without revenue). */
function grossMarginOf(g: BandContext, role: string, q: number): number | null {
  let rev = 0;
  let gross = 0;
  for (const id of g.roles[role] ?? []) {
    const r = at(g, `actor.${id}.revenue`, q) ?? 0;
    rev += r;
    gross += r * (at(g, `actor.${id}.grossMargin`, q) ?? 0);
  }
  return rev > 0 ? gross / rev : null;
}

/** Year-on-year growth of a role's summed metric: quarter q over quarter q − 4. */
function yearOnYear(g: BandContext, role: string, metric: string, q: number): number | null {
  if (q <= 4) return null;
  const then = sumOf(g, role, metric, q - 4);
  return then > 0 ? sumOf(g, role, metric, q) / then : null;
}

export const BANDS: readonly Band[] = [
  {
    id: "fixed-capability-deflation",
    what: "price of a fixed capability over its price a year earlier (×)",
    source:
      "seed-facts §3 fact 4 and §4.1: ~10× cheaper a year (a16z, 000, A3); Epoch 9× to 900× for one benchmark; 3× taken as the slow end",
    lo: 1 / 40,
    hi: 1 / 3,
    from: 5,
    to: 99,
    value: (g, q) => {
      const now = at(g, "fixedCapabilityPrice", q);
      const then = q > 4 ? at(g, "fixedCapabilityPrice", q - 4) : null;
      return now !== null && then !== null && then > 0 ? now / then : null;
    },
  },
  {
    id: "year-old-capability-deflation",
    what: "the price now of the frontier capability of a year earlier over its price then (×)",
    source:
      "seed-facts §4.2 and fact 4: cost for equal performance ~10× lower a year (a16z, 000, A3); Epoch ~40× a year for GPT-4-level, 9× to 900×, each measured from when the level was the frontier; 3× taken as the slow end",
    lo: 1 / 40,
    hi: 1 / 3,
    from: 5,
    to: 99,
    value: (g, q) => at(g, "yearOldCapabilityPrice", q),
  },
  {
    id: "lab-gross-margin",
    what: "the labs' gross margin, revenue-weighted (fraction)",
    source:
      "seed-facts §3 fact 9 and §4.3: OpenAI ~40% (2024) → 33% (2025) (A3; 000 '~33%'); leaders 'gross-margin positive and improving' (000)",
    lo: 0.2,
    hi: 0.6,
    from: 1,
    to: 99,
    value: (g, q) => grossMarginOf(g, "lab", q),
  },
  {
    id: "lab-revenue-multiple",
    what: "the labs' valuation over their annualised revenue (×)",
    source: "seed-facts §3 fact 37 and §4.4: Anthropic ~20× run-rate (A6), OpenAI ~65×; Baker's unconstrained view ~5× (A8)",
    lo: 5,
    hi: 80,
    from: 1,
    to: 99,
    value: (g, q) => {
      const rev = sumOf(g, "lab", "revenue", q);
      return rev > 0 ? sumOf(g, "lab", "valuation", q) / (4 * rev) : null;
    },
  },
  {
    id: "lab-revenue-growth",
    what: "the labs' revenue over a year earlier (×), in the game's first three years",
    source: "seed-facts §4.4 and §1.1: 233% a year (000), $9B → $30B+ ARR in a quarter and $47B by May (A10, A6)",
    lo: 1.5,
    hi: 12,
    from: 5,
    to: 12,
    value: (g, q) => yearOnYear(g, "lab", "revenue", q),
  },
  {
    id: "ai-capex-level",
    what: "AI capex, annualised ($/year), in the game's first two years",
    source: "seed-facts §3 fact 34 and §4: about $700B of hyperscaler capex guidance (A4, A8); half to twice it",
    lo: 350e9,
    hi: 1.4e12,
    from: 1,
    to: 8,
    value: (g, q) => {
      const v = at(g, "aiCapex", q);
      return v === null ? null : 4 * v;
    },
  },
  {
    id: "ai-capex-growth",
    what: "AI capex over the last four quarters against the four before (×)",
    source: "seed-facts §3 fact 34 and §6 test 11: capex 'cannot leap' from $700B to $1.5T in a year (A4)",
    lo: 0.3,
    hi: 2,
    from: 8,
    to: 99,
    value: (g, q) => {
      const now = trailing(g, "aiCapex", q, 4);
      const then = q > 4 ? trailing(g, "aiCapex", q - 4, 4) : null;
      return now !== null && then !== null && then > 0 ? now / then : null;
    },
  },
  {
    id: "capex-over-cloud-revenue",
    what: "AI capex over the clouds' revenue (fraction)",
    source:
      "seed-facts §1.3 and fact 34: hyperscaler capex above 50% of revenue cannot keep compounding ('financial gravity', A4); telecoms 15–20%",
    lo: 0,
    hi: 0.75,
    from: 1,
    to: 99,
    value: (g, q) => {
      const rev = sumOf(g, "hyperscaler", "revenue", q);
      const v = at(g, "aiCapex", q);
      return rev > 0 && v !== null ? v / rev : null;
    },
  },
  {
    id: "shadow-output-share",
    what: "AI's shadow output over world output (fraction)",
    source: "seed-facts §2 #38 (001 'Shadow Output Gap'): what AI adds is part of the economy's output, never more than it",
    lo: 0,
    hi: 1,
    from: 1,
    to: 99,
    value: (g, q) => {
      const v = at(g, "shadowOutput", q);
      return v === null ? null : v / g.economyOutput;
    },
  },
  {
    id: "neocloud-gross-margin",
    what: "the neoclouds' and clouds' gross margin, revenue-weighted (fraction)",
    source:
      "seed-facts §1.4: triple-net build-to-suit leases (~$147M a year each, 000), 15-year bonds and GPU loans on 3–4 year lives (A8): power, facilities and depreciation are costs of every GPU-hour sold",
    lo: 0.15,
    hi: 0.75,
    from: 1,
    to: 99,
    value: (g, q) => grossMarginOf(g, "hyperscaler", q),
  },
  {
    id: "gpu-price-off-floor-when-full",
    what: "1 when the GPU-hour price is above its floor or GPUs are not fully used, else 0",
    source: "seed-facts §3 fact 7 and §6 test 7: scarcity raises GPU rental prices (A8); a market at full use does not price at its floor",
    lo: 1,
    hi: 1,
    from: 1,
    to: 99,
    value: (g, q) => {
      const util = at(g, "gpuUtilization", q);
      const price = at(g, "gpuHourPrice", q);
      if (util === null || price === null) return null;
      return util < 0.95 || price > g.spotPriceMin * 1.05 ? 1 : 0;
    },
  },
  {
    id: "chipmaker-revenue-growth",
    what: "the chipmakers' revenue over a year earlier (×)",
    source:
      "seed-facts §4.6–4.7 and fact 45: chip demand of $2–3T in 2026–27 against ~$200B a year of supply (A8): revenue grows with wafers and price, not by orders of magnitude a year",
    lo: 0.3,
    hi: 4,
    from: 5,
    to: 99,
    value: (g, q) => yearOnYear(g, "chipmaker", "revenue", q),
  },
];

/** A band's result over a batch: its p10 and p90 in each quarter of its window, and where they left it. */
export interface BandResult {
  band: Band;
  quarters: { quarter: number; p10: number; p90: number; runs: number }[];
  /** quarters whose p10–p90 leaves [lo, hi] */
  outside: { quarter: number; p10: number; p90: number }[];
  holds: boolean;
}

/** Each band's statistic in quarters 1..quarters of one finished game: [band][quarter − 1], null where undefined. */
export function bandValuesOf(g: BandContext, bands: readonly Band[] = BANDS): (number | null)[][] {
  const quarters = g.metrics.tokenPriceIndex?.length ?? 0;
  return bands.map((band) => {
    const row: (number | null)[] = [];
    for (let q = 1; q <= quarters; q++) {
      const v = q >= band.from && q <= band.to ? band.value(g, q) : null;
      row.push(v !== null && Number.isFinite(v) ? v : null);
    }
    return row;
  });
}

/** Checks every band over a batch of finished games (their contexts). */
export function checkBands(games: readonly BandContext[], bands: readonly Band[] = BANDS): BandResult[] {
  return checkBandValues(
    games.map((g) => bandValuesOf(g, bands)),
    bands,
  );
}

/** Checks every band over a batch given each game's band values (bandValuesOf). */
export function checkBandValues(games: readonly (number | null)[][][], bands: readonly Band[] = BANDS): BandResult[] {
  return bands.map((band, b) => {
    const quarters = Math.max(0, ...games.map((g) => g[b]?.length ?? 0));
    const rows: BandResult["quarters"] = [];
    const outside: BandResult["outside"] = [];
    for (let q = band.from; q <= Math.min(band.to, quarters); q++) {
      const xs: number[] = [];
      for (const g of games) {
        const v = g[b]?.[q - 1] ?? null;
        if (v !== null) xs.push(v);
      }
      if (xs.length < games.length / 2) continue; // undefined for most runs that quarter
      const p10 = quantile(xs, 0.1)!;
      const p90 = quantile(xs, 0.9)!;
      rows.push({ quarter: q, p10, p90, runs: xs.length });
      if (p10 < band.lo || p90 > band.hi) outside.push({ quarter: q, p10, p90 });
    }
    return { band, quarters: rows, outside, holds: rows.length > 0 && outside.length === 0 };
  });
}

/** What a band worker needs to play one seed: the scenario (after --set), shocks injected and the quarters. */
export interface BandPlan {
  scenario: unknown;
  injected: InjectedShock[];
  quarters: number;
}

export interface BandJob {
  seed: number;
  /** a scan's set-up (`sim bands --params`): its index, and the overrides it plays on top of the plan's scenario */
  cell?: number;
  overrides?: { path: string; value: unknown }[];
}

export interface BandJobResult {
  seed: number;
  cell?: number;
  /** bandValuesOf the finished game; empty when the run failed */
  values: (number | null)[][];
  error?: string;
}

/** Plays one seed of a band check and reads every band's statistic from the finished game. */
export function playBandJob(plan: BandPlan, job: BandJob): BandJobResult {
  try {
    const { state } = runGame({
      scenario: plan.scenario,
      seed: job.seed,
      injected: plan.injected,
      quarters: plan.quarters,
      overrides: job.overrides,
    });
    return { seed: job.seed, cell: job.cell, values: bandValuesOf(bandContextOf(state)) };
  } catch (e) {
    return { seed: job.seed, cell: job.cell, values: [], error: errorLine(e) };
  }
}
