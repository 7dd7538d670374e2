/**
 * The ranking: one source for every screen and export that shows it (the ranking panel, the end
 * screen, the projector, the host console, the debrief and the downloads), so they cannot
 * disagree. Companies rank on total shareholder return, read from the view (the engine defines
 * it); enterprises on value created net of AI spend, which is private during play: it is known
 * for the seat's own enterprise, and for every enterprise once the whole state is read (the
 * debrief and replays re-simulate the finished game's log). Pure: figures only, no words.
 */
import { type PlayerView, playerView } from "../engine/player-view.ts";
import type { GameState } from "../engine/state.ts";

/** What drove a score: figures the presenters put into words. */
export type Driver =
  | { kind: "revenue"; from: number; to: number }
  | { kind: "valuation"; from: number; to: number }
  | { kind: "payouts"; amount: number }
  /** shares outstanding (millions) at the start and now, where they moved by a twentieth or more */
  | { kind: "shares"; from: number; to: number }
  | { kind: "tokenShare"; share: number }
  | { kind: "tasks"; tasks: number }
  | { kind: "failed" };

export interface StandingRow {
  /** 1-based within its table; 0 when its score is not known (an enterprise's, during play, to other seats) */
  rank: number;
  id: string;
  name: string;
  role: string;
  failed: boolean;
  /** the score: TSR (a fraction) for a company, net value created ($) for an enterprise; null when not known */
  score: number | null;
  scoreKind: "tsr" | "netValue";
  drivers: Driver[];
}

export interface Standings {
  finished: boolean;
  /** quarters resolved */
  quarter: number;
  /** the label of the last resolved quarter ("" before the first) */
  label: string;
  companies: StandingRow[];
  enterprises: StandingRow[];
  /** the top company's id, or null */
  winner: string | null;
}

/** How far the share count must move (as a fraction) before the ranking names it as a driver. */
const SHARES_MOVED = 0.05;

/** Net value created by each enterprise, where known (seat id → $). */
export type EnterpriseValues = Readonly<Record<string, number>>;

/**
 * The standings as a view shows them. `values` adds enterprises' net value created (from the
 * full state: standingsOfState); without it only the view's own enterprise is known.
 */
export function standingsOf(view: Readonly<PlayerView>, values: EnterpriseValues = {}): Standings {
  const hist = view.history;
  const last = hist[hist.length - 1];
  const known: Record<string, number> = { ...values };
  if (view.own?.role === "enterprise" && view.seat && known[view.seat] === undefined) known[view.seat] = view.own.netValueCumulative;
  const rows: StandingRow[] = view.actors.map((a) => {
    const isEnt = a.role === "enterprise";
    const drivers: Driver[] = [];
    // revenue and valuation from the start of the game, where TSR is measured from
    const r0 = a.startRevenue;
    const r1 = last?.actors[a.id]?.revenue;
    if (r1 !== undefined && r0 > 0) drivers.push({ kind: "revenue", from: r0, to: r1 });
    const v0 = a.startValuation;
    if (!isEnt && v0 > 0) drivers.push({ kind: "valuation", from: v0, to: a.valuation });
    const paid = hist.reduce((t, x) => t + (x.actors[a.id]?.payouts ?? 0), 0);
    if (!isEnt && paid > 0) drivers.push({ kind: "payouts", amount: paid });
    // TSR is per share: new equity (a lab funding its losses) or buybacks part it from the valuation
    const s0 = a.startSharesMillions;
    if (!isEnt && !a.failed && s0 > 0 && Math.abs(a.sharesMillions / s0 - 1) >= SHARES_MOVED)
      drivers.push({ kind: "shares", from: s0, to: a.sharesMillions });
    if (a.role === "lab") {
      const s = last?.actors[a.id]?.share;
      if (s !== undefined) drivers.push({ kind: "tokenShare", share: s });
    }
    if (isEnt) drivers.push({ kind: "tasks", tasks: Number(a.facts.tasksDone ?? 0) });
    if (a.failed) drivers.push({ kind: "failed" });
    const v = known[a.id];
    return {
      rank: 0,
      id: a.id,
      name: a.name,
      role: a.role,
      failed: a.failed,
      score: isEnt ? (v === undefined ? null : v) : a.tsr,
      scoreKind: isEnt ? "netValue" : "tsr",
      drivers,
    };
  });
  const order = (a: StandingRow, b: StandingRow) => {
    if (a.score === null || b.score === null) return (a.score === null ? 1 : 0) - (b.score === null ? 1 : 0) || a.id.localeCompare(b.id);
    return b.score - a.score || a.id.localeCompare(b.id);
  };
  const rank = (rs: StandingRow[]) => {
    rs.sort(order);
    let k = 0;
    for (const r of rs) r.rank = r.score === null ? 0 : ++k;
    return rs;
  };
  const companies = rank(rows.filter((r) => r.scoreKind === "tsr"));
  const enterprises = rank(rows.filter((r) => r.scoreKind === "netValue"));
  return {
    finished: view.finished,
    quarter: view.quarter,
    label: last?.label ?? "",
    companies,
    enterprises,
    winner: companies[0]?.id ?? null,
  };
}

/** Every enterprise's net value created, from the full state (what the debrief reveals). */
export function enterpriseValuesOf(state: Readonly<GameState>): Record<string, number> {
  const out: Record<string, number> = {};
  const C = state.companies;
  for (let i = 0; i < C.n; i++) if (C.role[i] === "enterprise") out[C.id[i]!] = state.firms.netValueCumulative[C.roleRow[i]!]!;
  return out;
}

/**
 * The standings with every figure known: the public picture of the state plus every enterprise's
 * value. `ended`: the host ended the game before its last quarter (the state is not finished).
 */
export function standingsOfState(state: GameState, opts: { ended?: boolean } = {}): Standings {
  const s = standingsOf(playerView(state, null), enterpriseValuesOf(state));
  return opts.ended ? { ...s, finished: true } : s;
}

/** Every standing as a flat row (ranking tables, the debrief's download, tests). */
export function standingRows(s: Standings): StandingRow[] {
  return [...s.companies, ...s.enterprises];
}

/** The standings as a table of raw figures (downloads): one row per seat, companies then enterprises. */
export function standingsTable(s: Standings): { header: string[]; rows: (string | number | null)[][] } {
  const header = [
    "table",
    "rank",
    "seat",
    "name",
    "role",
    "score_kind",
    "score",
    "failed",
    "revenue_first",
    "revenue_last",
    "valuation_first",
    "valuation_last",
  ];
  const rows = standingRows(s).map((r) => {
    const rev = r.drivers.find((d) => d.kind === "revenue");
    const val = r.drivers.find((d) => d.kind === "valuation");
    return [
      r.scoreKind === "tsr" ? "companies" : "enterprises",
      r.rank || null,
      r.id,
      r.name,
      r.role,
      r.scoreKind,
      r.score,
      r.failed ? 1 : 0,
      rev?.kind === "revenue" ? rev.from : null,
      rev?.kind === "revenue" ? rev.to : null,
      val?.kind === "valuation" ? val.from : null,
      val?.kind === "valuation" ? val.to : null,
    ];
  });
  return { header, rows };
}
