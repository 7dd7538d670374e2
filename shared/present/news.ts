/**
 * The words for the game's events: one presenter, used by the client's news, the projector,
 * the command line's table and the debrief. An event is data (engine/events.ts); here it gets
 * a category, a headline and a sentence. Pure: names come from the caller (a view's or the
 * state's companies and models).
 */
import type { EventKind, GameEvent } from "../engine/events.ts";
import { fixed, fmtG } from "../engine/math.ts";

/** What an event is about, for icons, order and filters. */
export type NewsCategory = "shock" | "market" | "company" | "private" | "game";

export interface EventWords {
  category: NewsCategory;
  headline: string;
  /** the sentence after the headline ("" when the headline says it all) */
  text: string;
  /** worth a line in a game's summary (shocks, failures, distress, releases, refinancing its cash could not meet) */
  notable: boolean;
}

/** Names of companies and models by id (an id is shown as is when unknown). */
export type Names = (id: string) => string;

const usd = (x: number) => `$${fmtG(x)}`;
const pct = (x: number) => `${fixed(x * 100, 0)}%`;
const REGION: Record<string, string> = { us: "the US", europe: "Europe", asia: "Asia" };

/** Each event kind's category and whether it is notable. */
const KINDS: Record<EventKind, { category: NewsCategory; notable: boolean }> = {
  "order/rejected": { category: "private", notable: false },
  "contract/declined": { category: "company", notable: false },
  "contract/signed": { category: "company", notable: false },
  "power/buildStarted": { category: "company", notable: false },
  "power/online": { category: "company", notable: false },
  "power/constrained": { category: "company", notable: false },
  "fleet/retired": { category: "company", notable: false },
  "finance/equityRaised": { category: "company", notable: false },
  "finance/debtDrawn": { category: "company", notable: false },
  "finance/refinancingShort": { category: "company", notable: true },
  "actor/distress": { category: "company", notable: true },
  "actor/failed": { category: "company", notable: true },
  "finance/defaulted": { category: "company", notable: true },
  "finance/payout": { category: "company", notable: false },
  "shock/fired": { category: "shock", notable: true },
  "shock/ended": { category: "shock", notable: false },
  "supply/wafersShort": { category: "market", notable: false },
  "supply/acceleratorsShort": { category: "market", notable: false },
  "compute/shortfall": { category: "market", notable: false },
  "enterprise/budgetExhausted": { category: "company", notable: false },
  "lab/computeConstrained": { category: "market", notable: false },
  "model/released": { category: "company", notable: true },
  "chip/newGeneration": { category: "company", notable: true },
};

/** The headline and sentence of one event. */
function words(e: GameEvent, name: Names): { headline: string; text: string } {
  switch (e.kind) {
    case "order/rejected":
      return { headline: `Order ${e.index + 1} (${e.orderType}) rejected`, text: e.message };
    case "contract/declined":
      return {
        headline: `${name(e.provider)} declined ${name(e.lab)}'s contract for ${fmtG(e.gpuHoursAsked)} GPU-hours a quarter`,
        text: `${name(e.provider)} has no capacity free to contract when it would start; another provider, or spot, may have some.`,
      };
    case "contract/signed":
      return {
        headline: `${name(e.lab)} signed ${fmtG(e.gpuHours)} GPU-hours a quarter with ${name(e.provider)}`,
        text: `At $${fixed(e.price, 2)}/GPU-hour, landing in ${e.leadQuarters} quarter${e.leadQuarters === 1 ? "" : "s"}${e.gpuHours < e.asked ? ` (asked for ${fmtG(e.asked)})` : ""}.`,
      };
    case "power/buildStarted":
      return { headline: `${name(e.company)} started building ${Math.round(e.mw)} MW in ${REGION[e.region] ?? e.region}`, text: "" };
    case "power/online":
      return { headline: `${name(e.company)}: ${Math.round(e.mw)} MW came online in ${REGION[e.region] ?? e.region}`, text: "" };
    case "power/constrained":
      return {
        headline: `${name(e.company)} has ${fmtG(e.unitsWaiting)} accelerators waiting for power`,
        text: "They sell no GPU-hours until data-centre power is built for them, after its build lead time.",
      };
    case "fleet/retired":
      return { headline: `${name(e.company)} retired ${fmtG(e.units)} obsolete accelerators`, text: "" };
    case "finance/equityRaised":
      return { headline: `${name(e.company)} raised ${usd(e.amount)} of equity`, text: `At $${fixed(e.sharePrice, 2)} a share.` };
    case "finance/debtDrawn":
      return { headline: `${name(e.company)} drew ${usd(e.amount)} of debt`, text: "" };
    case "finance/refinancingShort":
      return {
        headline: `Lenders would not roll over ${usd(e.repaid)} of ${name(e.company)}'s maturing debt`,
        text:
          e.fromCash >= e.repaid
            ? "It repaid that from cash."
            : e.fromCash > 0
              ? `Its cash covered only ${usd(e.fromCash)} of it.`
              : "It had no cash to repay it with.",
      };
    case "actor/distress":
      return {
        headline: `${name(e.company)} ran out of cash`,
        text: `It took ${usd(e.amount)} of emergency financing at a punitive rate.`,
      };
    case "actor/failed":
      return {
        headline: `${name(e.company)} failed`,
        text: `It ${e.reason === "insolvency shock" ? "was hit by an insolvency shock" : "could not pay its bills"}; its assets go to auction.`,
      };
    case "finance/defaulted":
      return {
        headline: `${name(e.company)} defaulted on ${usd(e.debt)} of debt`,
        text: `Its lenders and counterparties lost ${usd(e.creditLosses)}.`,
      };
    case "finance/payout":
      return {
        headline: `${name(e.company)} returned ${usd(e.dividends + e.buybacks)} to shareholders`,
        text: `${usd(e.dividends)} in dividends and ${usd(e.buybacks)} in buybacks: cash it has no use for.`,
      };
    case "shock/fired":
      return { headline: e.title, text: `${e.targets.length ? `${e.targets.map((t) => t.name).join(", ")}: ` : ""}${e.news}` };
    case "shock/ended":
      return { headline: e.count === 1 ? "A shock has run its course" : `${e.count} shocks have run their course`, text: "" };
    case "supply/wafersShort":
      return {
        headline: `${name(e.company)} received ${fmtG(e.wafers)} of ${fmtG(e.ordered)} wafers ordered`,
        // how the foundry shares a shortage (allocateWafers): prepaid orders first, up to a share of its capacity
        text: e.prepaid
          ? "Prepaid orders shared the part of the foundry's capacity it keeps for them; the rest went pro rata."
          : "Prepaid orders were served first; the rest of the foundry's capacity was shared pro rata.",
      };
    case "supply/acceleratorsShort":
      return {
        headline: `${name(e.company)} got ${fmtG(e.units)} of ${fmtG(e.ordered)} ${name(e.chipmaker)} accelerators ordered`,
        // what it would have taken: the market after the allocation list goes to the highest bids
        text:
          e.lowestBidServed === null
            ? `${name(e.chipmaker)} had none left for bids after its allocation list.`
            : e.lowestBidServed > e.bid
              ? `After its allocation list, bids of ${usd(e.lowestBidServed)} a unit and up took the rest; this one was ${usd(e.bid)}.`
              : `It had too few for every bid of ${usd(e.bid)} a unit: they shared what its allocation list left, listed buyers first.`,
      };
    case "compute/shortfall":
      return {
        headline: `${name(e.provider)} delivered ${pct(e.share)} of ${name(e.lab)}'s contract`,
        // serveContracts: a provider short of capacity serves every contract the same share
        text: `Its capacity fell short of the hours it had contracted; every contract got ${pct(e.share)}, paid for only as delivered.`,
      };
    case "enterprise/budgetExhausted":
      return { headline: `${name(e.company)} ran through its AI budget`, text: `${pct(e.servedShare)} of the work it wanted got done.` };
    case "lab/computeConstrained":
      return {
        headline: `${name(e.lab)} could serve only ${pct(e.servedShare)} of the demand for its models`,
        text: "It had too few serving GPU-hours; the rest went to rivals or was lost.",
      };
    case "model/released":
      return {
        headline: `${name(e.lab)} released ${e.name}`,
        text: `Capability ${fixed(e.capability, 1)} (+${fixed(e.gain, 1)})${e.phased ? ", in phases" : ""}.`,
      };
    case "chip/newGeneration":
      return {
        headline: `${name(e.chipmaker)} launched generation ${e.generation}`,
        text: `${fixed(e.perfPerUnit, 1)} H100-equivalents per unit.`,
      };
  }
}

/**
 * Events of a notable kind that are routine this time: maturing debt that lenders would not roll
 * over but the company repaid from cash (a levered company deleveraging, not one near distress).
 */
function routine(e: GameEvent): boolean {
  return e.kind === "finance/refinancingShort" && e.fromCash >= e.repaid;
}

/** An event in words. */
export function describeEvent(e: GameEvent, name: Names): EventWords {
  const k = KINDS[e.kind];
  return { ...words(e, name), category: e.seat !== undefined ? "private" : k.category, notable: k.notable && !routine(e) };
}

/** A stable key for an event of a quarter (kind and its fields), to tell events apart without reading words. */
export function eventKey(e: GameEvent): string {
  return JSON.stringify(e);
}
