/**
 * What happened in a quarter, as data: a closed union of event kinds, each with typed fields
 * (company, model and shock ids; amounts in the unit their name says). The words are the
 * presenter's (shared/present/news.ts), used alike by the client's news, the projector, the
 * command line and the debrief; nothing reads meaning out of text.
 *
 * `seat` is set on a private event: only that seat (and the debrief) sees it.
 */

interface Base {
  quarter: number;
  /** undefined = public; otherwise only this seat sees it */
  seat?: string;
}

export type GameEvent = Base &
  (
    | { kind: "order/rejected"; index: number; code: string; orderType: string; message: string }
    | { kind: "contract/declined"; lab: string; provider: string; gpuHoursAsked: number }
    | {
        kind: "contract/signed";
        lab: string;
        provider: string;
        /** GPU-hours per quarter signed (asked: what the lab asked for) */
        gpuHours: number;
        asked: number;
        /** $ per GPU-hour */
        price: number;
        startQuarter: number;
        leadQuarters: number;
      }
    | { kind: "power/buildStarted"; company: string; mw: number; region: string }
    | { kind: "power/online"; company: string; mw: number; region: string }
    | { kind: "power/constrained"; company: string; unitsWaiting: number }
    | { kind: "fleet/retired"; company: string; units: number }
    | { kind: "finance/equityRaised"; company: string; amount: number; sharePrice: number }
    | { kind: "finance/debtDrawn"; company: string; amount: number }
    /** debt its lenders would not roll, repaid ($), and the part of it its cash covered ($; the rest leaves it short) */
    | { kind: "finance/refinancingShort"; company: string; repaid: number; fromCash: number }
    | { kind: "actor/distress"; company: string; amount: number }
    | { kind: "actor/failed"; company: string; reason: "insolvency shock" | "could not pay its bills" }
    /** a failed company's creditors' losses: debt not recovered, the cash hole, counterparties' lost contract revenue ($) */
    | { kind: "finance/defaulted"; company: string; debt: number; creditLosses: number }
    /** cash returned to shareholders this quarter ($) */
    | { kind: "finance/payout"; company: string; dividends: number; buybacks: number }
    | { kind: "shock/fired"; shock: string; title: string; news: string; targets: { id: string; name: string }[]; duration: number }
    | { kind: "shock/ended"; count: number }
    /** a chipmaker's wafers delivered short, and whether its order was prepaid (prepaid orders are served first) */
    | { kind: "supply/wafersShort"; company: string; wafers: number; ordered: number; prepaid: boolean }
    /**
     * an order delivered short: units of those ordered; the buyer's bid, and the lowest bid the
     * chipmaker's market filled after its allocation list (null: the list left the market nothing) ($ a unit)
     */
    | {
        kind: "supply/acceleratorsShort";
        company: string;
        chipmaker: string;
        units: number;
        ordered: number;
        bid: number;
        lowestBidServed: number | null;
      }
    | { kind: "compute/shortfall"; lab: string; provider: string; share: number }
    | { kind: "enterprise/budgetExhausted"; company: string; servedShare: number }
    | { kind: "lab/computeConstrained"; lab: string; servedShare: number }
    | { kind: "model/released"; lab: string; model: string; name: string; capability: number; gain: number; phased: boolean }
    | { kind: "chip/newGeneration"; chipmaker: string; generation: number; perfPerUnit: number }
  );

export type EventKind = GameEvent["kind"];
export type EventOf<K extends EventKind> = Extract<GameEvent, { kind: K }>;

/** Every event kind, for exhaustive presenters and tests. */
export const EVENT_KINDS = [
  "order/rejected",
  "contract/declined",
  "contract/signed",
  "power/buildStarted",
  "power/online",
  "power/constrained",
  "fleet/retired",
  "finance/equityRaised",
  "finance/debtDrawn",
  "finance/refinancingShort",
  "actor/distress",
  "actor/failed",
  "finance/defaulted",
  "finance/payout",
  "shock/fired",
  "shock/ended",
  "supply/wafersShort",
  "supply/acceleratorsShort",
  "compute/shortfall",
  "enterprise/budgetExhausted",
  "lab/computeConstrained",
  "model/released",
  "chip/newGeneration",
] as const satisfies readonly EventKind[];

/** The kinds of event a quarter's history counts, in this order: all but a seat's rejected orders. */
export const MARKET_EVENT_KINDS: readonly EventKind[] = EVENT_KINDS.filter((k) => k !== "order/rejected");

/** The companies an event names, in field order (a shock's targets, companies or models, are its own field). */
export function companiesOf(e: GameEvent): string[] {
  switch (e.kind) {
    case "order/rejected":
    case "shock/fired":
    case "shock/ended":
      return [];
    case "contract/declined":
    case "contract/signed":
    case "compute/shortfall":
      return [e.lab, e.provider];
    case "supply/acceleratorsShort":
      return [e.company, e.chipmaker];
    case "lab/computeConstrained":
    case "model/released":
      return [e.lab];
    case "chip/newGeneration":
      return [e.chipmaker];
    default:
      return [e.company];
  }
}
