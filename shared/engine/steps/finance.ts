/**
 * Step 7: finance. Operating costs, the rest of each company's business, interest priced by
 * risk, maturing debt, the credit line and the lender of last resort, defaults and write-offs,
 * payouts, then books (P&L, cash flow, balance sheet), valuations and total shareholder return,
 * and lenders' provisions for expected credit losses. Valuation = a multiple × annualised
 * revenue − net debt; the multiple prices the slope (growth and margin fading to the long run,
 * discounted), falls with rates and moves with sector sentiment [MODEL.md; seed-facts §2 #37].
 */
import { activeRows, emit, payFlow, type TurnContext } from "../context.ts";
import { addRow, keepRows } from "../declare.ts";
import { exp, log, pow } from "../dmath.ts";
import { balanceCents, cashAccount, cashOf, settleWorldAccounts, transfer, WORLD } from "../ledger.ts";
import { clamp, mappedDoubles } from "../math.ts";
import { BOOKS, type Books, COHORTS, CONTRACTS, type GameState, LOTS } from "../state.ts";

const QUARTERS_PER_YEAR = 4;
/** Quarters of revenue a company's history keeps (the state declares revenueHistory with this many). */
export const REVENUE_HISTORY_QUARTERS = 8;

/**
 * What lenders will lend a company in all: leverage appetite × annual revenue plus a share of
 * its fixed assets, and never more than `loanToValue` of what its business is worth before net
 * debt (last quarter's valuation plus net debt, at least its fixed assets): lenders say no when
 * the equity cannot support more debt.
 */
export function debtCapacity(state: GameState, i: number): number {
  return Math.min(lendingAgainst(state, i), state.world.rules.finance.loanToValue * operatingValue(state, i));
}

/** Leverage appetite × annual revenue plus a share of fixed assets: what lenders lend before they look at the equity. */
function lendingAgainst(state: GameState, i: number): number {
  const C = state.companies;
  const h = C.revenueHistory[i]!;
  const annual = Math.max(C.books.revenue[i]!, h[h.length - 1] ?? 0) * QUARTERS_PER_YEAR;
  return state.world.capital.leverageAppetite * annual + C.books.ppe[i]! * state.world.rules.finance.ppeCollateral;
}

/** What investors pay for a company's business before net debt (last quarter's books), at least its fixed assets. */
export function operatingValue(state: GameState, i: number): number {
  const b = state.companies.books;
  if (state.companies.failed[i]) return 0;
  return Math.max(b.ppe[i]!, b.valuation[i]! + b.debt[i]! - b.cash[i]!);
}

/**
 * The rate a company pays on its debt: the policy rate plus a spread that widens with leverage
 * (debt over annual revenue), with falling interest coverage (last quarter's EBITDA over the
 * interest at the base spread) and in distress; a cloud's GPU-backed debt is cheaper the longer
 * its GPUs last [fact 12], a neocloud's dearer [§1.4] [seed-facts §2 #35: SOFR+375 to SOFR+550].
 * Coverage counts once the books hold a quarter the game resolved (`booksClosed`; the opening
 * books have no EBITDA).
 */
export function loanRateOf(
  state: GameState,
  i: number,
  debt: number,
  revenueAnnual: number,
  booksClosed: boolean = state.history.length > 0,
): number {
  const C = state.companies;
  const f = state.world.rules.finance;
  const rate = state.capital.rate;
  let spread = f.spreadBase + f.spreadLeverage * clamp(debt / Math.max(1, revenueAnnual) - 1, 0, f.spreadLeverageCap);
  if (booksClosed && debt > 0) {
    const b = C.books;
    const ebitda = (b.operatingIncome[i]! + b.depreciation[i]!) * QUARTERS_PER_YEAR;
    const coverage = ebitda / (debt * Math.max(1e-6, rate + f.spreadBase));
    spread += f.spreadCoverage * clamp(1 - coverage / f.coverageTarget, 0, 1);
  }
  if (C.role[i] === "hyperscaler") {
    const h = C.roleRow[i]!;
    spread +=
      f.spreadGpuLife / Math.max(1, Math.min(state.world.params.economicLifeYears, state.clouds.usefulLifeYears[h]!)) +
      (state.clouds.neocloud[h] ? f.spreadNeocloud : 0);
  }
  if (C.distressQuarters[i]! > 0) spread += f.spreadDistress;
  return rate + spread;
}

/**
 * Lenders' expected credit loss on a company's debt, as the allowance for expected credit losses
 * holds it (CECL, ASC 326; IFRS 9 §5.5): the loss is provided for as the risk arises, not when
 * the borrower defaults. The risk is the one lenders price: the part of its spread above
 * `spreadBase` (what a borrower pays whatever its risk) is its risk spread, of which
 * `expectedLossShare` pays for expected losses (the rest is lenders' risk premium), so the
 * default intensity lenders expect is that over the loss given default (the credit triangle:
 * spread ≈ default intensity × loss given default) [seed-facts §4.7, 000: 3% default / 60%
 * recovery → ~120 bps loss against SOFR+550]. The allowance is debt × loss given default × the
 * chance of default within the horizon: `allowanceHorizonYears` for a performing borrower (IFRS 9
 * stage 1: 12 months); the debt's lifetime (its term, at least that horizon) for one in distress,
 * whose credit risk has risen significantly (stages 2 and 3). Priced on the company's books as they
 * stand (`booksClosed`: with the coverage its last resolved quarter shows); 0 once it failed.
 */
export function expectedCreditLoss(state: GameState, i: number, booksClosed: boolean): number {
  const C = state.companies;
  const f = state.world.rules.finance;
  const debt = C.debtCents[i]! / 100;
  if (C.failed[i] || !(debt > 0) || !(f.lossGivenDefault > 0)) return 0;
  const revenueAnnual = C.books.revenue[i]! * QUARTERS_PER_YEAR;
  const riskSpread = Math.max(0, loanRateOf(state, i, debt, revenueAnnual, booksClosed) - state.capital.rate - f.spreadBase);
  const intensity = (f.expectedLossShare * riskSpread) / f.lossGivenDefault;
  const horizon =
    C.distressQuarters[i]! > 0
      ? Math.max(f.allowanceHorizonYears, debtTermQuarters(state, i) / QUARTERS_PER_YEAR)
      : f.allowanceHorizonYears;
  return debt * f.lossGivenDefault * (1 - exp(-intensity * horizon));
}

/**
 * The quarter's credit loss expense of lenders and counterparties on each company, as lenders
 * book it: the change in the allowance for expected credit losses (expectedCreditLoss at the
 * quarter's end, on its closed books) plus what they wrote off at its default (failCompany)
 * beyond the allowance it had; so a default that was foreseen is not expensed twice, and a
 * borrower that de-risks or repays releases provision (a negative expense). Neither moves money:
 * the write-off's cash is what the ledger did not pay lenders back, and the allowance is an
 * estimate on lenders' books (the state keeps it, in the books, as the next quarter's opening).
 */
function provisions(state: GameState, ctx: TurnContext): void {
  const b = state.companies.books;
  for (let i = 0; i < state.companies.n; i++) {
    const allowance = expectedCreditLoss(state, i, true);
    const expense = allowance - b.creditAllowance[i]! + ctx.pnl.writeOffs[i]!;
    b.creditAllowance[i] = allowance;
    b.creditLosses[i] = expense;
  }
}

function roleMultiple(state: GameState, i: number): number {
  const v = state.world.rules.valuation;
  switch (state.companies.role[i]!) {
    case "lab":
      return v.labMultiple;
    case "hyperscaler":
      return v.hyperscalerMultiple;
    case "chipmaker":
      return v.chipmakerMultiple;
    case "enterprise":
      return v.enterpriseMultiple;
  }
}

function sectorSentiment(state: GameState, i: number): number {
  const s = state.capital.sentiment;
  switch (state.companies.role[i]!) {
    case "lab":
      return s.labs;
    case "chipmaker":
      return s.chips;
    case "hyperscaler":
      return s.clouds;
    case "enterprise":
      return (s.labs + s.clouds) / 2;
  }
}

/**
 * The revenue investors capitalise: the average of this quarter and the last, so a lumpy
 * quarter (a chip order landing, a capacity tranche) moves the run-rate by half.
 */
function runRate(previous: number | undefined, current: number): number {
  return previous === undefined ? current : (current + previous) / 2;
}

/**
 * Annualised revenue growth, on the smoothed run-rate, over up to `growthQuarters` of history
 * (newest last). With less than a year of history the observed rate counts in proportion (one
 * quarter's jump annualised to the fourth power is not a year's growth).
 */
export function growthOf(state: GameState, history: readonly number[], current: number): number {
  const v = state.world.rules.valuation;
  const n = history.length;
  if (n === 0 || current <= 0) return 0;
  const back = Math.min(n, v.growthQuarters);
  const now = runRate(history[n - 1], current);
  const then = runRate(history[n - back - 1], history[n - back]!);
  if (then <= 0) return 1;
  const observed = pow(now / then, QUARTERS_PER_YEAR / back) - 1;
  return clamp((observed * back) / QUARTERS_PER_YEAR, v.growthMin, v.growthMax);
}

/**
 * Value per dollar of annual revenue of a company growing `g` a year at operating margin `m`:
 * growth fades towards the long run by `growthFade` a year and the margin towards the long-run
 * margin by `marginFade` (today's losses of a fast grower are mostly investment), each year's cash (revenue × margin) discounted at the reference rate plus the
 * equity risk premium, with a growing perpetuity after the horizon. Investors price the slope:
 * a fast grower is worth many times its revenue, a shrinking firm little [002/A6: "pricing the
 * slope"; §4.8: ~20x run-rate, ~65x trailing]. No company outgrows its market: the growth above
 * the long run shrinks in proportion as revenue nears `ceiling` (in units of today's revenue,
 * growing at the long run; expectationOf: `revenueCeilingShare` of the world's output), as in
 * logistic growth, so a company already selling trillions is not priced for growth only a small
 * one could have [002/A4: "there isn't $10 trillion a year"]. A decline is not slowed by it.
 */
export function slopeValue(state: GameState, g: number, m: number, ceiling = Number.POSITIVE_INFINITY): number {
  const v = state.world.rules.valuation;
  const r = v.referenceRate + v.equityRiskPremium;
  const gL = Math.min(v.longRunGrowth, r - 0.01);
  let revenue = 1;
  let discount = 1;
  let fade = 1;
  let marginGap = m - v.longRunMargin;
  let pv = 0;
  let margin = m;
  let market = ceiling;
  for (let t = 1; t <= v.horizonYears; t++) {
    const excess = (g - gL) * fade;
    revenue *= 1 + gL + (excess > 0 ? excess * Math.max(0, 1 - revenue / market) : excess);
    market *= 1 + gL;
    fade *= v.growthFade;
    marginGap *= v.marginFade;
    margin = v.longRunMargin + marginGap;
    discount /= 1 + r;
    pv += revenue * margin * discount;
  }
  return pv + (revenue * (1 + gL) * margin * discount) / (r - gL);
}

/**
 * The slope value of a company growing 100% a year at the long-run margin, for which the base
 * multiple holds: the reference of every company's expectation (expectationOf). It depends on
 * the rules alone, so it is worked out once for all companies.
 */
export function referenceSlopeValue(state: GameState): number {
  return slopeValue(state, 1, state.world.rules.valuation.longRunMargin);
}

/**
 * How far an enterprise (its row) has integrated AI, from 0 to 1: its integration spending over
 * that plus `integrationHalfRevenue` × its base revenue (0 before it has spent anything).
 */
export function integrationLevelOf(state: GameState, r: number): number {
  const E = state.firms;
  const stock = E.integrationStock[r]!;
  return stock > 0 ? stock / (stock + state.world.rules.finance.integrationHalfRevenue * E.baseRevenue[r]!) : 0;
}

/**
 * The fundamental factor of the valuation multiple: the slope value of the company's growth and
 * margin relative to the reference company's (`reference`: referenceSlopeValue). The margin is
 * today's operating margin however deep the losses, so a company losing several times its
 * revenue is priced on those losses [seed-facts §4.3: OpenAI's operating loss was 237% and 160%
 * of revenue]. Investors revise it gradually (geometrically part of the way each quarter), so
 * one lumpy quarter does not multiply or divide a company's value; sentiment and rates still
 * move it at once.
 */
export function expectationOf(state: GameState, i: number, revenue: number, opMargin: number, reference: number): number {
  const v = state.world.rules.valuation;
  const h = state.companies.revenueHistory[i]!;
  const g = growthOf(state, h, revenue);
  // the ceiling in units of today's revenue (both are run-rates; the economy's output per quarter)
  const now = runRate(h[h.length - 1], revenue);
  const ceiling = now > 0 ? (v.revenueCeilingShare * state.world.params.economyOutput) / now : Number.POSITIVE_INFINITY;
  const seen = clamp(slopeValue(state, g, Math.min(opMargin, 1), ceiling) / reference, v.expectationMin, v.expectationMax);
  const e = state.companies.expectation[i]!;
  if (!(e > 0)) return seen;
  return exp((1 - v.expectationRevision) * log(e) + v.expectationRevision * log(seen));
}

/**
 * Valuation = multiple × forward revenue − net debt (MODEL.md): the multiple is investors'
 * expectation of growth and margin (the company's, unless given), falls with rates and moves
 * with sector sentiment; forward revenue is the smoothed run-rate.
 */
export function valuationOf(state: GameState, i: number, revenue: number, expectation = state.companies.expectation[i]!): number {
  const C = state.companies;
  const v = state.world.rules.valuation;
  const rateFactor = (v.referenceRate + v.rateOffset) / (state.capital.rate + v.rateOffset);
  const multiple = state.world.capital.baseMultiple * roleMultiple(state, i) * expectation * rateFactor * sectorSentiment(state, i);
  const cash = cashOf(state, i);
  const debt = C.debtCents[i]! / 100;
  const netDebt = debt - cash;
  const floor = Math.max(0, C.books.ppe[i]! + cash - debt);
  const h = C.revenueHistory[i]!;
  return Math.max(floor, multiple * runRate(h[h.length - 1], revenue) * QUARTERS_PER_YEAR - netDebt);
}

export function sharePrice(state: GameState, i: number): number {
  const C = state.companies;
  const h = C.revenueHistory[i]!;
  const v = C.books.valuation[i]! > 0 ? C.books.valuation[i]! : valuationOf(state, i, h[h.length - 1] ?? 0);
  return C.sharesMillions[i]! > 0 ? v / (C.sharesMillions[i]! * 1e6) : 0;
}

/**
 * A company fails: its compute contracts are auctioned to rivals, its cash goes to its lenders
 * (what is left over to its shareholders), and its creditors write off the loss: the debt not
 * recovered, any cash hole, and the revenue its compute providers lose on the contracts it
 * leaves (re-let to rivals at a discount) [seed-facts §1.12: default and recovery; 002/A7].
 * The write-off is charged first against the allowance lenders hold for it (provisions).
 */
export function failCompany(state: GameState, ctx: TurnContext, i: number, reason: "insolvency shock" | "could not pay its bills"): void {
  const C = state.companies;
  if (C.failed[i]) return;
  C.failed[i] = true;
  const contractLoss = C.role[i] === "lab" ? auctionContracts(state, ctx, i) : 0;
  if (C.role[i] === "hyperscaler") auctionFleet(state, ctx, i);
  const debt = C.debtCents[i]!;
  const losses = payCreditors(state, ctx, i) / 100 + contractLoss;
  ctx.stats.creditWriteOffs += losses;
  ctx.pnl.writeOffs[i]! += losses;
  C.debtCents[i] = 0;
  emit(ctx, { kind: "actor/failed", quarter: ctx.q, company: C.id[i]!, reason });
  if (losses > 0) emit(ctx, { kind: "finance/defaulted", quarter: ctx.q, company: C.id[i]!, debt: debt / 100, creditLosses: losses });
}

/**
 * A failed lab's (company row i) compute contracts still to run are auctioned to several rival
 * labs, so that no single rival doubles its compute [002/A7], at `labAuctionPriceShare` of their
 * price. Returns what its providers lose on them (all of it when no rival is left).
 */
function auctionContracts(state: GameState, ctx: TurnContext, i: number): number {
  const f = ctx.rules.finance;
  const rivals = mappedDoubles(activeRows(state, state.labs), (r) => state.labs.company[r]!);
  const K = state.contracts;
  const mine: number[] = [];
  for (let c = 0; c < K.n; c++) if (K.lab[c] === i && K.endQuarter[c]! >= ctx.q) mine.push(c);
  const kept = rivals.length > 0 ? clamp(f.labAuctionPriceShare, 0, 1) : 0;
  let contractLoss = 0;
  for (const c of mine) {
    const from = Math.max(ctx.q + 1, K.startQuarter[c]!);
    const quartersLeft = Math.max(0, K.endQuarter[c]! - from + 1);
    contractLoss += K.gpuHoursPerQuarter[c]! * K.price[c]! * quartersLeft * (1 - kept);
    if (rivals.length > 0) {
      const per = K.gpuHoursPerQuarter[c]! / rivals.length;
      for (const r of rivals) {
        addRow(CONTRACTS, K, {
          id: `c${state.nextContractId++}`,
          lab: r,
          provider: K.provider[c]!,
          gpuHoursPerQuarter: per,
          price: K.price[c]! * f.labAuctionPriceShare,
          startQuarter: ctx.q + 1,
          endQuarter: K.endQuarter[c]!,
        });
      }
    }
    K.endQuarter[c] = ctx.q - 1;
  }
  return contractLoss;
}

/**
 * A failed hyperscaler's (company row i) accelerators are sold to rivals at a deep discount
 * (`fleetAuctionShare` of their book value), and the contracts it provided end.
 */
function auctionFleet(state: GameState, ctx: TurnContext, i: number): void {
  const h = state.companies.roleRow[i]!;
  const buyers = activeRows(state, state.clouds);
  const F = state.cohorts;
  if (buyers.length) {
    for (let c = 0; c < F.n; c++) {
      if (F.owner[c] !== h) continue;
      addRow(LOTS, state.lots, {
        owner: buyers[Math.floor(F.units[c]!) % buyers.length]!,
        chipmaker: F.chipmaker[c]!,
        units: F.units[c]!,
        perfPerUnit: F.perfPerUnit[c]!,
        kwPerUnit: F.kwPerUnit[c]!,
        costCents: Math.round(F.bookCents[c]! * ctx.rules.finance.fleetAuctionShare),
        partnerLab: null,
      });
    }
  }
  removeCohortsOf(state, h);
  const K = state.contracts;
  for (let c = 0; c < K.n; c++) if (K.provider[c] === i) K.endQuarter[c] = Math.min(K.endQuarter[c]!, ctx.q);
}

/**
 * A failed company's (row i) cash goes to its lenders, and anything beyond its debt to its
 * shareholders; a cash hole is absorbed by its creditors. Returns the cents its lenders lose:
 * the debt not recovered and the hole.
 */
function payCreditors(state: GameState, ctx: TurnContext, i: number): number {
  const me = cashAccount(i);
  const cash = balanceCents(state, me);
  const debt = state.companies.debtCents[i]!;
  let lost = debt;
  if (cash < 0) {
    transfer(state, WORLD.lenders, me, -cash);
    lost += -cash;
  } else if (cash > 0) {
    const recovered = Math.min(cash, debt);
    transfer(state, me, WORLD.lenders, recovered);
    lost -= recovered;
    if (cash > recovered) {
      transfer(state, me, WORLD.investors, cash - recovered);
      ctx.pnl.financing[i]! -= (cash - recovered) / 100;
    }
  }
  return lost;
}

function removeCohortsOf(state: GameState, h: number): void {
  keepRows(COHORTS, state.cohorts, (c) => state.cohorts.owner[c] !== h);
}

/**
 * The quarters over which a company's debt falls due (0: it never does). A cloud's debt is
 * secured on its GPUs, so lenders underwrite it over their economic life at most [§2 #21].
 */
export function debtTermQuarters(state: GameState, i: number): number {
  const years = state.world.capital.debtTermYears;
  if (!(years > 0)) return 0;
  if (state.companies.role[i] !== "hyperscaler") return years * QUARTERS_PER_YEAR;
  const h = state.companies.roleRow[i]!;
  return Math.min(years, state.world.params.economicLifeYears, state.clouds.usefulLifeYears[h]!) * QUARTERS_PER_YEAR;
}

/**
 * This quarter's maturity: a 1/term share of the debt falls due. Lenders roll it over as far as
 * the debt left stays within what they would lend today (debtCapacity); the rest is repaid from
 * cash, which may run it out (distress follows) [seed-facts §1.4: refinancing and residual risk
 * (000); §2 #35 credit plumbing].
 */
function refinance(state: GameState, ctx: TurnContext, i: number): void {
  const C = state.companies;
  const term = debtTermQuarters(state, i);
  if (term <= 0) return;
  const debt = C.debtCents[i]!;
  const due = Math.min(debt, Math.ceil(debt / term));
  const capacityCents = Math.max(0, debtCapacity(state, i)) * 100;
  const rolled = clamp(capacityCents - (debt - due), 0, due);
  const repayCents = Math.round(due - rolled);
  if (repayCents <= 0) return;
  const fromCashCents = clamp(balanceCents(state, cashAccount(i)), 0, repayCents);
  transfer(state, cashAccount(i), WORLD.lenders, repayCents);
  C.debtCents[i] = debt - repayCents;
  ctx.pnl.financing[i]! -= repayCents / 100;
  emit(ctx, {
    kind: "finance/refinancingShort",
    quarter: ctx.q,
    company: C.id[i]!,
    repaid: repayCents / 100,
    fromCash: fromCashCents / 100,
  });
}

/** Operating costs and the rest of each company's business, by role. */
function operations(state: GameState, ctx: TurnContext, i: number): void {
  const C = state.companies;
  const f = ctx.rules.finance;
  const pnl = ctx.pnl;
  const me = cashAccount(i);
  const r = C.roleRow[i]!;
  switch (C.role[i]!) {
    case "lab": {
      const L = state.labs;
      payFlow(state, ctx, me, WORLD.labour, L.payroll[r]!, "rnd", null);
      payFlow(state, ctx, me, WORLD.suppliers, L.efficiencyPerQuarter[r]!, "rnd", null);
      payFlow(state, ctx, me, WORLD.suppliers, pnl.revenue[i]! * L.salesShare[r]!, "sga", null);
      L.efficiencyStock[r] = L.efficiencyStock[r]! + L.efficiencyPerQuarter[r]!;
      break;
    }
    case "hyperscaler": {
      const H = state.clouds;
      H.otherRevenue[r] = H.otherRevenue[r]! * (1 + H.otherRevenueGrowth[r]!);
      const other = H.otherRevenue[r]!;
      payFlow(state, ctx, WORLD.customers, me, other, null, "revenue");
      payFlow(state, ctx, me, WORLD.suppliers, other * (1 - H.otherMargin[r]!) * f.otherCostOfRevenueShare, "costOfRevenue", null);
      payFlow(state, ctx, me, WORLD.labour, other * (1 - H.otherMargin[r]!) * f.otherOpexShare, "sga", null);
      // The rest of the business has capex of its own (servers, networks, offices), kept
      // apart from AI capex; treated as maintenance, so it adds to capex but not to the AI fleet.
      payFlow(state, ctx, me, WORLD.suppliers, other * f.otherCapexShare, "capex", null);
      break;
    }
    case "chipmaker": {
      const K = state.chips;
      payFlow(state, ctx, me, WORLD.labour, K.rndPerQuarter[r]!, "rnd", null);
      payFlow(state, ctx, me, WORLD.labour, pnl.revenue[i]! * f.chipOpexShare + f.chipOpexFixed, "sga", null);
      K.rndStock[r] = K.rndStock[r]! + K.rndPerQuarter[r]!;
      break;
    }
    case "enterprise": {
      const E = state.firms;
      const integrationLevel = integrationLevelOf(state, r);
      // Value shows up in the books only through throughput or reduced labour [000].
      const realisation = f.realisationBase + f.realisationSpan * integrationLevel;
      let totalPotential = 0;
      const tasks = E.tasks[r]!;
      for (let k = 0; k < tasks.length; k++) if (!Number.isNaN(tasks[k]!)) totalPotential += tasks[k]!;
      const automation = totalPotential > 0 ? clamp(E.tasksDone[r]! / totalPotential, 0, 1) : 0;
      const labourSaved = E.labourCost[r]! * E.labourSubstitution[r]! * automation;
      const throughput = E.valueCreated[r]! * realisation * f.throughputShare;
      // Its rivals use AI too, so competition passes its gains to its clients as lower prices, by
      // degrees: the price cuts close part of the way each quarter on a share of its gains
      // [seed-facts §2 #11: "Productivity gains accrue to clients, not margins"].
      const passed =
        E.aiGainsPassed[r]! + f.aiGainsCompetitionSpeed * (f.aiGainsCompetedShare * (throughput + labourSaved) - E.aiGainsPassed[r]!);
      E.aiGainsPassed[r] = passed;
      payFlow(state, ctx, WORLD.customers, me, Math.max(0, E.baseRevenue[r]! + throughput - passed), null, "revenue");
      payFlow(state, ctx, me, WORLD.suppliers, E.baseRevenue[r]! * (1 - E.baseMargin[r]!) - E.labourCost[r]!, "costOfRevenue", null);
      payFlow(state, ctx, me, WORLD.labour, E.labourCost[r]! - labourSaved, "sga", null);
      payFlow(state, ctx, me, WORLD.suppliers, E.integrationPerQuarter[r]!, "sga", null);
      E.integrationStock[r] = E.integrationStock[r]! * f.integrationDecay + E.integrationPerQuarter[r]!;
      // its score: what the AI work realised, less what the AI and the integration cost
      E.valueRealised[r] = E.valueCreated[r]! * realisation + labourSaved;
      E.netValueCumulative[r] = E.netValueCumulative[r]! + (E.valueRealised[r]! - E.spend[r]! - E.integrationPerQuarter[r]!);
      E.baseRevenue[r] = E.baseRevenue[r]! * f.baseRevenueGrowth;
      break;
    }
  }
}

/** Interest at the company's loan rate (loanRateOf), which the books report. */
function interest(state: GameState, ctx: TurnContext, i: number): void {
  const C = state.companies;
  const debt = C.debtCents[i]! / 100;
  const rate = loanRateOf(state, i, debt, ctx.pnl.revenue[i]! * QUARTERS_PER_YEAR);
  C.books.loanRate[i] = debt > 0 ? rate : 0;
  if (!(debt > 0)) return;
  payFlow(state, ctx, cashAccount(i), WORLD.lenders, (debt * rate) / QUARTERS_PER_YEAR, "interest", null);
}

/** The quarter's outflows so far: costs, interest and capex (what the cash buffers are measured in). */
function outflows(ctx: TurnContext, i: number): number {
  const p = ctx.pnl;
  return p.costOfRevenue[i]! + p.rnd[i]! + p.sga[i]! + p.other[i]! + p.interest[i]! + p.capex[i]!;
}

function borrow(state: GameState, ctx: TurnContext, i: number, dollars: number): number {
  const drawn = payFlow(state, ctx, WORLD.lenders, cashAccount(i), dollars, null, null);
  state.companies.debtCents[i] = state.companies.debtCents[i]! + Math.round(drawn * 100);
  ctx.pnl.financing[i]! += drawn;
  return drawn;
}

/**
 * Whether investors buy a company's new shares this quarter: for a lab, only while lab sentiment
 * is at least `labEquityWindowSentiment` (the window shuts in a sell-off) [seed-facts §4.8: a
 * liquidity window of "roughly 12 months", 002/A5].
 */
export function equityWindowOpen(state: GameState, i: number): boolean {
  return state.companies.role[i] !== "lab" || state.capital.sentiment.labs >= state.world.rules.orders.labEquityWindowSentiment;
}

/**
 * What a company's equity is worth to investors now: its valuation (valuationOf) on the
 * quarter's revenue and operating margin, as investors revise their expectation on them (the
 * slope, losses included), less today's debt, plus today's cash, so the hole it must fill
 * counts against it.
 */
function equityValueNow(state: GameState, ctx: TurnContext, i: number): number {
  const revenue = ctx.pnl.revenue[i]!;
  const opMargin = revenue > 0 ? operatingIncomeOf(ctx, i) / revenue : 0;
  return valuationOf(state, i, revenue, expectationOf(state, i, revenue, opMargin, referenceSlopeValue(state)));
}

/**
 * What a down-round could raise this quarter: at most `equityMaxShareOfValuation` of what its
 * equity is worth now (equityValueNow), less what it raised by order, and nothing while its
 * equity window is shut or its equity is worth nothing (a failure to raise).
 */
function downRoundRoom(state: GameState, ctx: TurnContext, i: number): number {
  if (!equityWindowOpen(state, i) || !(state.companies.sharesMillions[i]! > 0)) return 0;
  const equity = equityValueNow(state, ctx, i);
  if (!(equity > 0)) return 0;
  return Math.max(0, equity * ctx.rules.orders.equityMaxShareOfValuation - ctx.pnl.equityRaised[i]!);
}

/**
 * A down-round: new shares sold to investors at what the equity is worth now (equityValueNow,
 * below last quarter's price by the hole), diluting its shareholders [seed-facts §5 fact 13:
 * distress is "a down-round, failure to raise, or an asset auction"; §2 #19, 002/A10: the raises
 * "fund the upper end of the cone"]. Returns what it raised.
 */
function downRound(state: GameState, ctx: TurnContext, i: number, amount: number): number {
  const C = state.companies;
  const price = equityValueNow(state, ctx, i) / (C.sharesMillions[i]! * 1e6);
  if (!(price > 0) || !(amount > 0)) return 0;
  const raised = payFlow(state, ctx, WORLD.investors, cashAccount(i), amount, null, null);
  C.sharesMillions[i] = C.sharesMillions[i]! + raised / 1e6 / price;
  ctx.pnl.financing[i]! += raised;
  ctx.pnl.equityRaised[i]! += raised;
  emit(ctx, { kind: "finance/equityRaised", quarter: ctx.q, company: C.id[i]!, amount: raised, sharePrice: price });
  return raised;
}

/**
 * The quarter's end must leave no company with negative cash. First the credit line: a company
 * tops its cash up to a runway of `runwayQuarters` of the quarter's operating burn (costs less
 * revenue: a lab's compute) and at least `creditLineQuarters` of its outflows (capex included),
 * within what lenders will lend (debtCapacity), so leverage appetite decides how far debt rather
 * than equity funds capex and compute [seed-facts last table: A8 vs 004 #11; §2 #35: equity
 * "levered 4-5x"]. Short of cash beyond that, it is in distress: the lender of last resort lends
 * up to `emergencyRoom` × what lenders lend against revenue and assets, and never past the
 * business's value, at a distress spread, and what it will not lend the company raises in a
 * down-round (downRound), as far as investors value its equity (debt before equity, as a
 * distressed borrower prefers). A company in distress for `failureQuarters` in a row fails. When
 * the two together cannot fill the hole (its business is worth too little to carry more debt and
 * its equity too little to sell), the company defaults now and its creditors take the loss
 * [seed-facts §5 fact 13: distress is "a down-round, failure to raise, or an asset auction";
 * §1.12; 002/A7]. Enterprises draw working capital against their base business.
 */
function liquidity(state: GameState, ctx: TurnContext, i: number): void {
  const C = state.companies;
  const f = ctx.rules.finance;
  let cash = cashOf(state, i);
  if (C.role[i] === "enterprise") {
    if (cash < 0) borrow(state, ctx, i, -cash + Math.max(f.emergencyMinimum, ctx.pnl.revenue[i]! * f.emergencyRevenueShare));
    return;
  }
  const capacity = debtCapacity(state, i);
  const out = outflows(ctx, i);
  // a runway of the quarter's operating burn, and a buffer of its outflows, as far as lenders will lend
  const burn = Math.max(0, out - ctx.pnl.capex[i]! - ctx.pnl.revenue[i]!);
  const want = Math.max(f.runwayQuarters * burn, f.creditLineQuarters * out) - cash;
  const room = capacity - C.debtCents[i]! / 100;
  if (want > 0 && room > 0) cash += borrow(state, ctx, i, Math.min(want, room));
  if (cash >= 0) {
    C.distressQuarters[i] = 0;
    return;
  }
  const need = -cash + Math.max(f.emergencyMinimum, ctx.pnl.revenue[i]! * f.emergencyRevenueShare);
  // the lender of last resort looks past the usual limits, but not past the business's value;
  // what it will not lend, investors may put in as equity in a down-round
  const lastResort = Math.max(0, Math.min(lendingAgainst(state, i) * f.emergencyRoom, operatingValue(state, i)) - C.debtCents[i]! / 100);
  const equityRoom = need > lastResort ? downRoundRoom(state, ctx, i) : 0;
  if (lastResort + equityRoom >= need) {
    const lent = Math.min(need, lastResort);
    const drawn = lent > 0 ? borrow(state, ctx, i, lent) : 0;
    if (need > lent) downRound(state, ctx, i, need - lent);
    C.distressQuarters[i] = C.distressQuarters[i]! + 1;
    if (drawn > 0) emit(ctx, { kind: "actor/distress", quarter: ctx.q, company: C.id[i]!, amount: drawn });
    if (C.distressQuarters[i]! >= f.failureQuarters) failCompany(state, ctx, i, "could not pay its bills");
  } else {
    failCompany(state, ctx, i, "could not pay its bills");
  }
}

/**
 * Capital returned when cash has no use: above its debt and a buffer of `payoutBufferQuarters` of outflows,
 * `payoutShare` of the excess goes back to shareholders each quarter, `buybackShare` of it as
 * buybacks at the share price (fewer shares) and the rest as dividends. Not while it burns
 * cash, in distress or owing more than lenders would lend today. Enterprises keep their cash:
 * their valuation is a revenue multiple well below what their cash flows are worth, so dividends
 * reinvested at it would compound into returns no market gives.
 */
function payouts(state: GameState, ctx: TurnContext, i: number): void {
  const C = state.companies;
  const f = ctx.rules.finance;
  C.books.payouts[i] = 0;
  C.books.dividendPerShare[i] = 0;
  if (C.role[i] === "enterprise" || C.distressQuarters[i]! > 0) return;
  if (C.debtCents[i]! / 100 > Math.max(0, debtCapacity(state, i))) return;
  // only cash the business throws off: not while it burns cash (and borrows to fund it)
  const out = outflows(ctx, i);
  if (out > ctx.pnl.revenue[i]!) return;
  // cash that could repay the debt still has a use
  const excess = cashOf(state, i) - f.payoutBufferQuarters * out - C.debtCents[i]! / 100;
  if (!(excess > 0)) return;
  const amount = excess * f.payoutShare;
  const price = sharePrice(state, i);
  const shares = C.sharesMillions[i]! * 1e6;
  // a buyback retires at most a fifth of the shares in a quarter; the rest is paid as dividends
  const buyback = price > 0 ? Math.min(amount * f.buybackShare, price * shares * 0.2) : 0;
  const bought = payFlow(state, ctx, cashAccount(i), WORLD.investors, buyback, null, null);
  if (bought > 0) C.sharesMillions[i] = (shares - bought / price) / 1e6;
  const dividends = payFlow(state, ctx, cashAccount(i), WORLD.investors, amount - bought, null, null);
  ctx.pnl.financing[i]! -= bought + dividends;
  C.books.payouts[i] = bought + dividends;
  C.books.dividendPerShare[i] = dividends / (C.sharesMillions[i]! * 1e6);
  emit(ctx, { kind: "finance/payout", quarter: ctx.q, company: C.id[i]!, dividends, buybacks: bought });
}

/**
 * The quarter's operating income: revenue less cost of revenue (a cloud's depreciation in it),
 * R&D, SG&A and other costs, and depreciation not in cost of revenue.
 */
function operatingIncomeOf(ctx: TurnContext, i: number): number {
  const p = ctx.pnl;
  const grossProfit = p.revenue[i]! - (p.costOfRevenue[i]! + p.depreciationInCost[i]!);
  return grossProfit - p.rnd[i]! - (p.sga[i]! + p.other[i]!) - (p.depreciation[i]! - p.depreciationInCost[i]!);
}

/** What a failed company's books keep: its shares, its cash and its lenders' credit losses (the credit step's). */
const FAILED_KEEP: readonly string[] = ["sharesMillions", "cash", "creditLosses", "creditAllowance"];
/** Every other figure of the books (read-only, from their declaration), which a failed company shows as 0. */
const FAILED_ZERO = (Object.keys(BOOKS.fields) as (keyof Books)[]).filter((k) => !FAILED_KEEP.includes(k));

/**
 * The quarter's books of one company, its valuation and its revenue history (`reference`:
 * referenceSlopeValue, the same for every company).
 */
function books(state: GameState, ctx: TurnContext, i: number, reference: number): void {
  const C = state.companies;
  const b = C.books;
  const pnl = ctx.pnl;
  if (C.failed[i]) {
    // A failed company has no business left: every flow and balance is 0 (its lenders' losses
    // on it are the credit step's), so no figure of its last quarter lives on beside it.
    for (const line of FAILED_ZERO) b[line][i] = 0;
    b.cash[i] = cashOf(state, i);
    return;
  }
  const revenue = pnl.revenue[i]!;
  b.revenue[i] = revenue;
  // A cloud's accelerators and data centres are the cost of the GPU-hours it sells: their
  // depreciation is in cost of revenue (and not again below gross profit).
  b.costOfRevenue[i] = pnl.costOfRevenue[i]! + pnl.depreciationInCost[i]!;
  const grossProfit = revenue - b.costOfRevenue[i]!;
  b.grossProfit[i] = grossProfit;
  b.grossMargin[i] = revenue > 0 ? clamp(grossProfit / revenue, ctx.rules.finance.grossMarginFloor, 1) : 0;
  b.rnd[i] = pnl.rnd[i]!;
  b.sga[i] = pnl.sga[i]! + pnl.other[i]!;
  b.depreciation[i] = pnl.depreciation[i]!;
  b.interest[i] = pnl.interest[i]!;
  const operatingIncome = operatingIncomeOf(ctx, i);
  b.operatingIncome[i] = operatingIncome;
  b.netIncome[i] = operatingIncome - b.interest[i]!;
  b.capex[i] = pnl.capex[i]!;
  // Operating cash flow (net income, depreciation added back, less the cash put into working
  // capital) less capex: with financing flows and payouts it is the change in cash.
  b.fcf[i] = b.netIncome[i]! + b.depreciation[i]! - pnl.workingCapital[i]! - b.capex[i]!;
  b.cash[i] = cashOf(state, i);
  b.debt[i] = C.debtCents[i]! / 100;
  const r = C.roleRow[i]!;
  if (C.role[i] === "hyperscaler") {
    let fleetCents = 0;
    for (let c = 0; c < state.cohorts.n; c++) if (state.cohorts.owner[c] === r) fleetCents += state.cohorts.bookCents[c]!;
    let warehouseCents = 0;
    for (let c = 0; c < state.lots.n; c++) if (state.lots.owner[c] === r) warehouseCents += state.lots.costCents[c]!;
    b.ppe[i] = (fleetCents + state.clouds.dcBookCents[r]! + warehouseCents) / 100;
  } else if (C.role[i] === "chipmaker") {
    const K = state.chips;
    b.ppe[i] = ((K.inventoryUnits[r]! + K.inTransitUnits[r]!) * K.unitCostCents[r]!) / 100;
  }
  b.equity[i] = b.cash[i]! + b.ppe[i]! - b.debt[i]!;
  b.sharesMillions[i] = C.sharesMillions[i]!;
  const opMargin = revenue > 0 ? operatingIncome / revenue : 0;
  C.expectation[i] = expectationOf(state, i, revenue, opMargin, reference);
  b.valuation[i] = valuationOf(state, i, revenue);
  b.sharePrice[i] = C.sharesMillions[i]! > 0 ? b.valuation[i]! / (C.sharesMillions[i]! * 1e6) : 0;
  const h = C.revenueHistory[i]!;
  h.push(revenue);
  if (h.length > REVENUE_HISTORY_QUARTERS) h.shift();
}

/**
 * Total shareholder return: the share price path with dividends reinvested, from the price at
 * the start: the product over quarters of (price + dividend per share) / last quarter's price,
 * less one. A buyback shows through the price (fewer shares); a quarter that starts from a price
 * of 0 adds nothing, so a failed company's TSR stays where it was. The one definition every reader of TSR uses (views, ranking, books,
 * exports, metrics): the last recorded quarter's (history), carried a quarter further by an
 * unrecorded one if given.
 */
export function tsrOf(state: Readonly<GameState>, i: number, current?: { sharePrice: number; dividendPerShare: number }): number {
  const last = state.history[state.history.length - 1]?.actors[state.companies.id[i]!];
  const index = last ? last.tsr + 1 : 1;
  if (!current) return index - 1;
  const price = last ? last.sharePrice : state.companies.startSharePrice[i]!;
  return price > 0 ? index * ((current.sharePrice + current.dividendPerShare) / price) - 1 : index - 1;
}

export function finance(state: GameState, ctx: TurnContext): void {
  const C = state.companies;
  for (let i = 0; i < C.n; i++) {
    if (C.failed[i]) continue;
    operations(state, ctx, i);
    interest(state, ctx, i);
  }
  // Maturities: lenders roll over what falls due only as far as they would lend today.
  for (let i = 0; i < C.n; i++) if (!C.failed[i] && C.debtCents[i]! > 0) refinance(state, ctx, i);
  for (let i = 0; i < C.n; i++) if (!C.failed[i]) liquidity(state, ctx, i);
  for (let i = 0; i < C.n; i++) if (!C.failed[i]) payouts(state, ctx, i);
  const reference = referenceSlopeValue(state);
  for (let i = 0; i < C.n; i++) books(state, ctx, i, reference);
  provisions(state, ctx);
  settleWorldAccounts(state);
}
