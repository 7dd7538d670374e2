/**
 * The seat's books: P&L, cash, capacity, contracts and market share, each figure with
 * its unit and its signed change since last quarter.
 */
import type { ActorState, Books, EnterpriseState, PlayerView } from "../../shared/index.ts";
import { type Delta, delta, fmt, quarterLabelOf, type Unit } from "./format.ts";

export interface BookRow {
  id: string;
  label: string;
  value: string;
  raw: number;
  unit: Unit;
  delta: Delta | null;
}

export interface BookSection {
  id: string;
  title: string;
  rows: BookRow[];
  /** a warning under the section's table, or none */
  note?: string;
}

export interface ContractRow {
  id: string;
  counterparty: string;
  direction: "buy" | "sell";
  volume: string;
  price: string;
  /** its first and last quarters ("2026Q3–2028Q2") */
  term: string;
  /** where it stands: "ends after this quarter", "2 quarters left", "starts 2027Q2" */
  status: string;
}

export interface BooksModel {
  title: string;
  subtitle: string;
  sections: BookSection[];
  contracts: ContractRow[];
  /**
   * A lab's warning that the compute its contracts deliver falls within a new contract's lead
   * time (a contract signed now would not be delivering yet), or null.
   */
  outlook: string | null;
  empty: boolean;
  /** null: this quarter's books, with changes; a quarter's label: the books of that past quarter (a failed company's last), without */
  asOf: string | null;
}

function row(id: string, label: string, now: number, prev: number | undefined, unit: Unit): BookRow {
  return { id, label, value: fmt(now, unit), raw: now, unit, delta: prev === undefined ? null : delta(now, prev, unit) };
}

/**
 * Rows of one view. A game opens with last quarter's revenue, a balance sheet, capacity and stock;
 * the quarter's other flows (costs, income, cash flow, tokens, units, tasks) have no figure until a
 * quarter is played. So before the first quarter a flow shows "–", not a zero, and in the first
 * quarter it shows no change, not a change from zero.
 */
function rowsOf(quarter: number) {
  return {
    stock: row,
    flow(id: string, label: string, now: number, prev: number | undefined, unit: Unit): BookRow {
      const r = row(id, label, now, quarter >= 2 ? prev : undefined, unit);
      return quarter >= 1 ? r : { ...r, value: fmt(null, unit) };
    },
  };
}

/**
 * @param prevOwn the seat's own state one quarter earlier, when the client kept it; the
 * public history is used for the figures it carries.
 */
export function booksModel(view: PlayerView, prevOwn: ActorState | null = null): BooksModel {
  const own = view.own;
  if (!own || !view.seat)
    return {
      title: "No private books",
      subtitle: "Spectators see the public market only.",
      sections: [],
      contracts: [],
      outlook: null,
      empty: true,
      asOf: null,
    };
  const seat = view.seat;
  if (own.failed) return failedBooks(view, own, seat);
  const b: Books = own.books;
  const pb: Books | undefined = prevOwn?.books;
  const hist = view.history;
  const prevH = hist.length >= 2 ? hist[hist.length - 2]?.actors[seat] : undefined;
  const lastH = hist.length >= 1 ? hist[hist.length - 1]?.actors[seat] : undefined;
  const prev = (k: keyof Books): number | undefined => {
    if (pb) return pb[k];
    if (prevH && k in prevH) return (prevH as unknown as Record<string, number>)[k];
    return undefined;
  };
  const { stock, flow } = rowsOf(view.quarter);
  const pl: BookSection = {
    id: "pl",
    title: "Profit & loss (quarter)",
    rows: [
      // the game opens with last quarter's revenue
      stock("revenue", "Revenue", b.revenue, prev("revenue"), "$"),
      flow("costOfRevenue", "Cost of revenue", b.costOfRevenue, prev("costOfRevenue"), "$"),
      flow("grossMargin", "Gross margin", b.grossMargin, prev("grossMargin"), "%"),
      flow("rnd", "R&D", b.rnd, prev("rnd"), "$"),
      flow("operatingIncome", "Operating income", b.operatingIncome, prev("operatingIncome"), "$"),
      flow("netIncome", "Net income", b.netIncome, prev("netIncome"), "$"),
    ],
  };
  const cash: BookSection = {
    id: "cash",
    title: "Cash & balance sheet",
    rows: [
      stock("cash", "Cash", b.cash, prev("cash"), "$"),
      flow("fcf", "Free cash flow", b.fcf, prev("fcf"), "$"),
      flow("capex", "Capex", b.capex, prev("capex"), "$"),
      stock("debt", "Debt", b.debt, prev("debt"), "$"),
      loanRateRow(flow("loanRate", "Loan rate", b.loanRate, prev("loanRate"), "%"), prev("loanRate")),
      flow("payouts", "Returned to shareholders", b.payouts, prev("payouts"), "$"),
      stock("valuation", "Valuation", b.valuation, prev("valuation"), "$"),
      stock("sharePrice", "Share price", b.sharePrice, prev("sharePrice"), "$"),
    ],
  };
  // TSR as the ranking shows it (tsrOf): the share price path with dividends reinvested
  const tsrNow = view.actors.find((a) => a.id === seat)?.tsr;
  if (tsrNow !== undefined && own.role !== "enterprise") cash.rows.push(row("tsr", "Total shareholder return", tsrNow, prevH?.tsr, "%"));
  if (b.loanRate === 0 && b.debt > 0)
    cash.note = `The ${fmt(b.debt, "$")} of debt was drawn during the quarter: it pays interest from next quarter, at the rate lenders then ask.`;
  const capTitle = own.role === "enterprise" ? "AI work and score" : own.role === "chipmaker" ? "Production" : "Capacity";
  const cap: BookSection = { id: "capacity", title: capTitle, rows: capacityRows(own, prevOwn, view.quarter) };
  const notes =
    own.role === "hyperscaler"
      ? [idleNote(view, own), waitingNote(view, own), chipOrdersNote(view, own)]
      : own.role === "lab"
        ? [servingNote(view, own), withheldNote(view, own), unfilledBidNote(view, own), underCostNote(view, own)]
        : own.role === "enterprise"
          ? [strandedNote(view, own)]
          : [waferNote(view, own), unsoldNote(view, own), underCostNote(view, own)];
  const said = notes.filter((x): x is string => x !== null);
  if (said.length) cap.note = said.join(" ");
  const shareNow = lastH?.share;
  const sharePrev = prevH?.share;
  const share: BookSection = { id: "share", title: "Market share", rows: [] };
  if (shareNow !== undefined) share.rows.push(row("share", shareLabel(own), shareNow, sharePrev, "%"));
  if (own.role === "lab") {
    for (const m of view.models.filter((x) => x.lab === seat)) {
      share.rows.push(row(`tokenShare-${m.id}`, `${m.name} token share`, m.tokenShare, undefined, "%"));
    }
  }
  const contracts: ContractRow[] = view.ownContracts.map((c) => {
    const buy = c.lab === seat;
    const other = buy ? c.provider : c.lab;
    return {
      id: c.id,
      counterparty: nameOf(view, other),
      direction: buy ? "buy" : "sell",
      volume: fmt(c.gpuHoursPerQuarter, "GPU-h") + "/q",
      price: fmt(c.price, "$/GPU-h"),
      term: `${quarterLabelOf(view, c.startQuarter)}–${quarterLabelOf(view, c.endQuarter)}`,
      status: contractStatus(view, c.startQuarter, c.endQuarter),
    };
  });
  return {
    title: own.name,
    subtitle: identity(own),
    sections: [pl, cash, cap, share].filter((s) => s.rows.length > 0),
    contracts,
    outlook: own.role === "lab" ? contractOutlook(view, seat) : own.role === "hyperscaler" ? salesOutlook(view, seat) : null,
    empty: false,
    asOf: null,
  };
}

/**
 * A cloud whose GPU-hours sat idle while its spot floor was above the market's price: the spot
 * market sells no hour below its operator's floor (compute.ts, spotAsks), so those hours earned
 * nothing. Said from a fifth of its hours idle on.
 */
function idleNote(view: PlayerView, own: Extract<ActorState, { role: "hyperscaler" }>): string | null {
  const g = own.gpu;
  const market = view.world.spotGpuHourPrice;
  if (view.quarter < 1 || view.finished || !(g.capacity > 0) || g.idle < 0.2 * g.capacity || !(own.spotFloor > market)) return null;
  return (
    `${fmt(g.idle, "GPU-h")} of your GPU-hours (${fmt(g.idle / g.capacity, "%")}) sat idle last quarter, and your spot floor, ` +
    `${fmt(own.spotFloor, "$/GPU-h")}, is above the market's ${fmt(market, "$/GPU-h")}: no hour sells below your floor. ` +
    "Lower it in GPU-hour prices, or sell the hours to labs on contract."
  );
}

/**
 * A cloud holding accelerators that wait for power the data centres it is building will not
 * give them: they earn nothing until it builds more (compute.ts installs them as power frees).
 */
function waitingNote(view: PlayerView, own: Extract<ActorState, { role: "hyperscaler" }>): string | null {
  if (view.finished) return null;
  const units = sum(own.warehouseUnits.map((x) => x.units));
  const needMw = sum(own.warehouseUnits.map((x) => x.units * x.kwPerUnit)) / 1000;
  const buildingMw = sum(own.pipeline.map((x) => x.mw));
  if (!(units >= 1) || needMw <= buildingMw) return null;
  const cost = sum(own.warehouseUnits.map((x) => x.costCents)) / 100;
  return (
    `${fmt(units, "")} accelerators (${fmt(cost, "$")}) wait for power: they need ${fmt(needMw, "MW")}, and ` +
    `${fmt(buildingMw, "MW")} is being built. Build data-centre power for them: it takes ${view.rules.buildQuarters} quarters.`
  );
}

/**
 * A cloud's accelerator orders that buy less than they say: those placed before the game are a
 * booking that takes only what the power ready for chips holds (a mid-stream start,
 * create-game.ts; supply.ts, bookedShare), and a standing order whose most is under the
 * chipmaker's list price is not filled (supply.ts, chipOrders), as after a new generation
 * launches at a higher price. Each chipmaker's, or null when every order stands as placed.
 */
export function chipOrdersNote(view: PlayerView, own: Extract<ActorState, { role: "hyperscaler" }>, chipmaker?: string): string | null {
  if (view.finished) return null;
  const said: string[] = [];
  for (const o of own.acceleratorOrders) {
    const maker = view.actors.find((a) => a.id === o.chipmaker);
    if (!maker || maker.failed || (chipmaker !== undefined && o.chipmaker !== chipmaker)) continue;
    const list = Number(maker.facts.unitPrice);
    if (o.maxPrice < list) {
      said.push(
        `Your ${o.booked ? "booking" : "standing order"} for ${fmt(o.units, "")} accelerators a quarter from ${maker.name} pays at most ${fmt(o.maxPrice, "$/unit")}, under its list price of ` +
          `${fmt(list, "$/unit")}: it buys nothing. ${o.booked ? "Order" : "Raise its max price"} under Accelerators from ${maker.name}.`,
      );
    } else if (o.booked) {
      said.push(
        `Your booking with ${maker.name}, placed before the game, takes up to ${fmt(o.units, "")} accelerators a quarter, only as far as your power ready for them holds: ` +
          `once the data centres you are building are full it takes none. To buy a set number every quarter, order under Accelerators from ${maker.name}.`,
      );
    }
  }
  return said.length ? said.join(" ") : null;
}

/**
 * The warning an order form's group repeats from the books, where a player on a phone decides:
 * the lab's contracts about to lapse on its contract form, a chipmaker's order that buys
 * nothing on that chipmaker's accelerators form, wafers short for want of prepaying on the wafer
 * order, and prices under cost on the price forms (group ids as `orderForm` makes them).
 */
export function formOutlook(view: PlayerView, groupId: string): string | null {
  const own = view.own;
  if (!view.seat || !own) return null;
  if (groupId === "lab/signContract") return contractOutlook(view, view.seat);
  if (groupId === "chipmaker/orderWafers" && own.role === "chipmaker") return waferNote(view, own);
  if (groupId === "chipmaker/setPrice") return underCostNote(view, own);
  if (groupId === "lab/allocateCompute" && own.role === "lab") return servingNote(view, own);
  if (groupId === "lab/releaseModel" && own.role === "lab") return withheldNote(view, own);
  const tier = /^lab\/setPrices:(.+)$/.exec(groupId);
  if (tier) return underCostNote(view, own, tier[1]);
  const chip = /^hyperscaler\/orderAccelerators:(.+)$/.exec(groupId);
  return chip && own.role === "hyperscaler" ? chipOrdersNote(view, own, chip[1]) : null;
}

/**
 * A lab that left a fifth or more of the tokens asked of it unserved last quarter: its serving
 * compute (its split's serving share of what it holds) could not serve them (tokens.ts), and
 * the revenue went to rivals or was not earned. A split that puts little on serving (all of it
 * on training or internal use) serves nothing, however much compute the lab holds.
 */
function servingNote(view: PlayerView, own: Extract<ActorState, { role: "lab" }>): string | null {
  const { demanded, served } = own.tokens;
  if (view.quarter < 1 || view.finished || !(demanded > 0) || served >= demanded * 0.8) return null;
  return (
    `${fmt(1 - served / demanded, "%")} of the tokens asked of you went unserved last quarter: serving had ` +
    `${fmt(own.split.serving, "%")} of your compute (${fmt(own.compute.serving, "GPU-h")}). ` +
    "Put more of it on serving under Compute split, or add compute with a contract or a spot bid."
  );
}

/**
 * A lab that withholds its next model: no release comes while it does (progress.ts), so its
 * models stand still while rivals release theirs, and the best of theirs takes its demand.
 */
function withheldNote(view: PlayerView, own: Extract<ActorState, { role: "lab" }>): string | null {
  if (view.quarter < 1 || view.finished || own.releaseMode !== "withhold") return null;
  const best = (mine: boolean) =>
    view.models.filter((m) => (m.lab === own.id) === mine && !m.banned).sort((a, b) => b.capability - a.capability)[0];
  const ours = best(true);
  const theirs = best(false);
  const behind =
    ours && theirs && theirs.capability > ours.capability
      ? ` ${theirs.name} (${nameOf(view, theirs.lab)}, ${theirs.capability.toFixed(1)}) leads your ${ours.name} (${ours.capability.toFixed(1)}).`
      : "";
  return `You withhold your next model: none is released while you do, and your models fall behind as rivals release theirs.${behind} Release it under Next model release.`;
}

/**
 * A lab whose spot bid bought nothing last quarter because its most was under the price the
 * market cleared at (compute.ts: a uniform-price auction matches only bids at or above it).
 */
function unfilledBidNote(view: PlayerView, own: Extract<ActorState, { role: "lab" }>): string | null {
  const market = view.world.spotGpuHourPrice;
  if (view.quarter < 1 || view.finished || !(own.spotBid.gpuHours > 0) || own.compute.spot > 0 || !(own.spotBid.maxPrice < market))
    return null;
  return (
    `Your spot bid for ${fmt(own.spotBid.gpuHours, "GPU-h")} at up to ${fmt(own.spotBid.maxPrice, "$/GPU-h")} bought none last quarter: ` +
    `the market cleared at ${fmt(market, "$/GPU-h")}. Raise your most in the spot compute bid, or sign a contract.`
  );
}

/**
 * An enterprise's classes of work routed to one named model that no one serves now (its lab
 * failed, or it is banned) with no fallback that is: the tokens routing finds nowhere to go,
 * so that work is not done (tokens.ts, namedShares).
 */
function strandedNote(view: PlayerView, own: Extract<ActorState, { role: "enterprise" }>): string | null {
  if (view.finished) return null;
  const serves = (id: string | undefined) => {
    const m = id ? view.models.find((x) => x.id === id) : undefined;
    return m !== undefined && !m.banned && !view.actors.find((a) => a.id === m.lab)?.failed;
  };
  const why = (id: string) => {
    const m = view.models.find((x) => x.id === id);
    if (!m) return `${id} is no longer served`;
    return m.banned ? `${m.name} is banned` : `${m.name}'s lab, ${nameOf(view, m.lab)}, has failed`;
  };
  const out: string[] = [];
  for (const tc of view.taskClasses) {
    const r = own.routing[tc.id];
    if (r?.policy !== "named" || !r.model || serves(r.model) || serves(r.fallback)) continue;
    const fallback = r.fallback ? (view.models.find((x) => x.id === r.fallback)?.name ?? r.fallback) : null;
    out.push(`${tc.name}: ${why(r.model)}, and ${fallback ? `its fallback, ${fallback}, is not served either` : "it has no fallback"}`);
  }
  if (!out.length) return null;
  return `Work routed to one model that no one serves is not done. ${out.join("; ")}. Route it to another model, or to the cheapest or the frontier.`;
}

/**
 * Prices under cost, where every sale loses money (a price typed a few zeros short): a lab's
 * model whose input and output prices are both under what a million of its tokens cost to serve
 * (its compute's average cost per GPU-hour over the model's throughput), a chipmaker's list price
 * under its unit cost. `tier` (a lab's) or the chipmaker's list alone, for its order form.
 */
export function underCostNote(view: PlayerView, own: ActorState, tier?: string): string | null {
  if (view.finished || own.failed) return null;
  if (own.role === "chipmaker") {
    const cost = own.unitCostCents / 100;
    if (!(cost > 0) || own.unitPrice >= cost) return null;
    return `Your list price of ${fmt(own.unitPrice, "$/unit")} is under your unit cost of ${fmt(cost, "$/unit")}: every unit you sell loses money. Raise it under Accelerator price.`;
  }
  if (own.role !== "lab" || !(own.compute.total > 0) || !(own.compute.cost > 0)) return null;
  const perHour = own.compute.cost / own.compute.total;
  const said: string[] = [];
  for (const m of view.ownModels) {
    if ((tier !== undefined && m.tier !== tier) || !(m.mtokPerGpuHour > 0)) continue;
    const cost = perHour / m.mtokPerGpuHour;
    if (Math.max(m.inputPrice, m.outputPrice) >= cost) continue;
    said.push(
      `${m.name} at ${fmt(m.inputPrice, "$/Mtok")} in and ${fmt(m.outputPrice, "$/Mtok")} out costs ${fmt(cost, "$/Mtok")} to serve`,
    );
  }
  if (!said.length) return null;
  const one = said.length === 1;
  return `Prices under cost: ${said.join("; ")}. Every token ${one ? "it serves" : "they serve"} loses money: raise ${one ? "its" : "their"} prices under Token prices.`;
}

/**
 * A chipmaker whose wafer order is not prepaid and was short by a fifth or more: at a full
 * foundry prepaid orders are served first (supply.ts, allocateWafers), so as rivals' prepaid
 * orders grow its share shrinks, quarter after quarter, and with it what it can sell.
 */
function waferNote(view: PlayerView, own: Extract<ActorState, { role: "chipmaker" }>): string | null {
  if (view.quarter < 1 || view.finished || own.prepay || !(own.wafersPerQuarter > 0) || own.wafersReceived >= own.wafersPerQuarter * 0.8)
    return null;
  return (
    `The foundry delivered ${fmt(own.wafersReceived, "")} of the ${fmt(own.wafersPerQuarter, "")} wafers you ordered last quarter: it serves prepaid orders first, ` +
    "and yours is not prepaid. Prepay it under Wafer order to keep your share."
  );
}

/**
 * A chipmaker holding a quarter's output or more unsold: buyers' orders at its list price took
 * less than it makes (supply.ts sells only to orders whose most is at or above the list price).
 */
function unsoldNote(view: PlayerView, own: Extract<ActorState, { role: "chipmaker" }>): string | null {
  if (view.quarter < 1 || view.finished || !(own.produced > 0) || own.inventoryUnits < own.produced) return null;
  return (
    `${fmt(own.inventoryUnits, "")} accelerators are unsold in stock, ${fmt(own.inventoryUnits / own.produced, "")} quarters of your output: ` +
    `orders at your list price of ${fmt(own.unitPrice, "$/unit")} took ${fmt(own.sold, "")} last quarter. Lower your price, or order fewer wafers.`
  );
}

function nameOf(view: PlayerView, id: string): string {
  return view.actors.find((a) => a.id === id)?.name ?? id;
}

/** Where a contract stands against the quarter being decided (the view's quarter plus one). */
function contractStatus(view: PlayerView, start: number, end: number): string {
  const n = view.quarter + 1;
  if (view.finished) return "";
  if (start > n) return `starts ${quarterLabelOf(view, start)}`;
  const left = end - n + 1;
  return left === 1 ? "ends after this quarter" : `${left} quarters left`;
}

/**
 * A lab's contracted GPU-hours fall by a fifth or more within the lead time of a new contract
 * with a hyperscaler (`rules.orders.contractLeadQuarters`): one signed this quarter starts only
 * after it, so the lab is told which contracts end, and when one signed now would start. Its
 * revenue is capped by the compute it has (seed-facts §5 fact 6), so a lapse it does not see
 * coming takes its serving capacity away at once.
 */
export function contractOutlook(view: PlayerView, seat: string): string | null {
  if (view.own?.role !== "lab") return null;
  const lapse = lapseOf(view, (c) => c.lab === seat);
  if (!lapse) return null;
  const { now, then, t, ending } = lapse;
  const who = [...new Set(ending.map((c) => nameOf(view, c.provider)))];
  const label = (q: number) => quarterLabelOf(view, q);
  const n = view.quarter + 1;
  const o = view.rules.orders;
  const neocloud = view.actors.some((a) => a.role === "hyperscaler" && !a.failed && a.facts.neocloud === true);
  const starts =
    neocloud && o.neocloudLeadQuarters < o.contractLeadQuarters
      ? `${label(n + o.contractLeadQuarters)} with a hyperscaler, ${label(n + o.neocloudLeadQuarters)} with a neocloud`
      : label(n + o.contractLeadQuarters);
  return (
    `Your contracts deliver ${fmt(now, "GPU-h")} a quarter now and ${fmt(then, "GPU-h")} from ${label(t)}` +
    (who.length
      ? `, as your ${ending.length === 1 ? "contract" : `${ending.length} contracts`} with ${who.join(" and ")} end${ending.length === 1 ? "s" : ""}`
      : "") +
    `. A contract signed this quarter starts delivering in ${starts}: sign one now, or bid for spot hours.`
  );
}

/**
 * The first quarter, within a hyperscaler contract's lead time after the one being decided, in
 * which the seat's contracts that `mine` picks deliver a fifth or more fewer GPU-hours than now;
 * with the hours now and then, and the contracts in force now that have ended by then. Null when
 * there is none (or nothing under contract now, or the game is over).
 */
function lapseOf(view: PlayerView, mine: (c: PlayerView["ownContracts"][number]) => boolean) {
  if (view.finished) return null;
  const n = view.quarter + 1;
  const held = view.ownContracts.filter(mine);
  const hoursIn = (t: number) => sum(held.map((c) => (c.startQuarter <= t && c.endQuarter >= t ? c.gpuHoursPerQuarter : 0)));
  const now = hoursIn(n);
  if (!(now > 0)) return null;
  for (let t = n + 1; t <= Math.min(n + view.rules.orders.contractLeadQuarters, view.quarters); t++) {
    const then = hoursIn(t);
    if (then < now * 0.8) return { now, then, t, ending: held.filter((c) => c.startQuarter <= n && c.endQuarter >= n && c.endQuarter < t) };
  }
  return null;
}

/**
 * A cloud's hours under contract fall by a fifth or more within a new contract's lead time: the
 * hours labs stop taking go to the spot market, where none sells below its floor, unless a lab
 * signs again (labs sign; a cloud sets the prices they see).
 */
function salesOutlook(view: PlayerView, seat: string): string | null {
  const lapse = lapseOf(view, (c) => c.provider === seat);
  if (!lapse) return null;
  const labs = [...new Set(lapse.ending.map((c) => nameOf(view, c.lab)))];
  return (
    `Labs' contracts take ${fmt(lapse.now, "GPU-h")} of your hours a quarter now and ${fmt(lapse.then, "GPU-h")} from ${quarterLabelOf(view, lapse.t)}` +
    (labs.length ? (labs.length === 1 ? `, as ${labs[0]}'s contract ends` : `, as the contracts of ${labs.join(" and ")} end`) : "") +
    ". The hours they leave sell on spot only at or above your floor, unless a lab signs again at your contract price: set both in GPU-hour prices."
  );
}

/** "AI lab · US": a seat's role and region, under its name. */
function identity(own: ActorState): string {
  return `${roleName(own.role)} · ${own.region.toUpperCase()}`;
}

/**
 * The loan rate is the rate paid on the quarter's debt (`interest` in finance.ts); 0 means there
 * was no debt to pay it on (a loan drawn later in the quarter pays from the next: the cash
 * section's note says so), not a free loan: it shows "–", and no change to or from it.
 */
function loanRateRow(r: BookRow, prev: number | undefined): BookRow {
  if (r.raw === 0) return { ...r, value: fmt(null, r.unit), delta: null };
  return prev === 0 ? { ...r, delta: null } : r;
}

/**
 * A failed company's books. Once it fails every figure of its books is 0 (no business is left,
 * `books` in finance.ts), so it shows its last quarter in business from its own history, the
 * figures the history keeps, without changes.
 */
function failedBooks(view: PlayerView, own: ActorState, seat: string): BooksModel {
  const failedIn = view.history.find((h) => h.actors[seat]?.failed)?.label;
  const subtitle = `${identity(own)} · FAILED${failedIn ? ` in ${failedIn}` : ""}`;
  const last = view.history.findLast((h) => h.actors[seat] !== undefined && !h.actors[seat].failed);
  const a = last?.actors[seat];
  if (!last || !a) return { title: own.name, subtitle, sections: [], contracts: [], outlook: null, empty: false, asOf: null };
  const pl: BookSection = {
    id: "pl",
    title: `Its last quarter in business (${last.label})`,
    rows: [row("revenue", "Revenue", a.revenue, undefined, "$"), row("grossMargin", "Gross margin", a.grossMargin, undefined, "%")],
  };
  const cash: BookSection = {
    id: "cash",
    title: "Cash & balance sheet",
    rows: [
      row("cash", "Cash", a.cash, undefined, "$"),
      row("fcf", "Free cash flow", a.fcf, undefined, "$"),
      row("capex", "Capex", a.capex, undefined, "$"),
      row("debt", "Debt", a.debt, undefined, "$"),
      row("valuation", "Valuation", a.valuation, undefined, "$"),
      row("sharePrice", "Share price", a.sharePrice, undefined, "$"),
    ],
  };
  if (own.role !== "enterprise") cash.rows.push(row("tsr", "Total shareholder return", a.tsr, undefined, "%"));
  return { title: own.name, subtitle, sections: [pl, cash], contracts: [], outlook: null, empty: false, asOf: last.label };
}

function shareLabel(a: ActorState): string {
  switch (a.role) {
    case "lab":
      return "Share of tokens served";
    case "hyperscaler":
      return "Share of GPU-hours";
    case "chipmaker":
      return "Share of accelerators";
    case "enterprise":
      return "Share of AI tasks";
  }
}

export function roleName(r: string): string {
  return r === "lab"
    ? "AI lab"
    : r === "hyperscaler"
      ? "Hyperscaler"
      : r === "chipmaker"
        ? "Chipmaker"
        : r === "enterprise"
          ? "Enterprise"
          : r;
}

function capacityRows(a: ActorState, p: ActorState | null, quarter: number): BookRow[] {
  const { stock, flow } = rowsOf(quarter);
  switch (a.role) {
    case "lab": {
      const q = p?.role === "lab" ? p : null;
      return [
        flow("computeTotal", "Compute", a.compute.total, q?.compute.total, "GPU-h"),
        flow("computeServing", "…serving", a.compute.serving, q?.compute.serving, "GPU-h"),
        flow("computeTraining", "…training", a.compute.training, q?.compute.training, "GPU-h"),
        flow("tokensServed", "Tokens served", a.tokens.served, q?.tokens.served, "Mtok"),
        flow("tokensDemanded", "Tokens demanded", a.tokens.demanded, q?.tokens.demanded, "Mtok"),
      ];
    }
    case "hyperscaler": {
      const q = p?.role === "hyperscaler" ? p : null;
      return [
        stock("powerMw", "Power online", a.powerMw, q?.powerMw, "MW"),
        stock("pipelineMw", "Power being built", sum(a.pipeline.map((x) => x.mw)), q ? sum(q.pipeline.map((x) => x.mw)) : undefined, "MW"),
        stock("gpuCapacity", "GPU-hours", a.gpu.capacity, q?.gpu.capacity, "GPU-h"),
        flow("gpuIdle", "…idle", a.gpu.idle, q?.gpu.idle, "GPU-h"),
        stock(
          "warehouse",
          "Accelerators waiting for power",
          sum(a.warehouseUnits.map((x) => x.units)),
          q ? sum(q.warehouseUnits.map((x) => x.units)) : undefined,
          "units",
        ),
      ];
    }
    case "chipmaker": {
      const q = p?.role === "chipmaker" ? p : null;
      return [
        flow("wafersReceived", "Wafers received", a.wafersReceived, q?.wafersReceived, "wafers"),
        flow("produced", "Accelerators produced", a.produced, q?.produced, "units"),
        flow("sold", "Accelerators sold", a.sold, q?.sold, "units"),
        stock("inventory", "Inventory", a.inventoryUnits, q?.inventoryUnits, "units"),
      ];
    }
    case "enterprise": {
      const q = p?.role === "enterprise" ? p : null;
      return [
        flow("tasksDone", "Tasks done by AI", a.tasksDone, q?.tasksDone, "tasks"),
        stock("adoption", "Adoption", a.adoption, q?.adoption, "%"),
        flow("valueCreated", "Value created", a.valueCreated, q?.valueCreated, "$"),
        // the score's quarter, line by line: realised, less the AI and the integration it paid for
        flow("valueRealised", "…realised in its business", a.valueRealised, q?.valueRealised, "$"),
        flow("spend", "AI spend", a.spend, q?.spend, "$"),
        flow("integration", "Integration spend", a.integrationPerQuarter, q?.integrationPerQuarter, "$"),
        flow("netValueQuarter", "Net value this quarter", netThisQuarter(a), q ? netThisQuarter(q) : undefined, "$"),
        stock("netValue", "Net value (score)", a.netValueCumulative, q?.netValueCumulative, "$"),
        // rivals use AI too: part of its gains goes to its clients as lower prices, off its revenue
        flow("aiGainsPassed", "Gains passed to clients", a.aiGainsPassed, q?.aiGainsPassed, "$"),
      ];
    }
  }
}

/** An enterprise's quarter of its score (finance.ts): what its AI work realised, less the AI and the integration it paid for. */
function netThisQuarter(a: EnterpriseState): number {
  return a.valueRealised - a.spend - a.integrationPerQuarter;
}

function sum(xs: number[]): number {
  let s = 0;
  for (const x of xs) s += x;
  return s;
}
