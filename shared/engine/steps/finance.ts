/**
 * Step 7: finance. Operating costs, the rest of each company's business, interest, maturing
 * debt, distress and failure, then books (P&L, cash flow, balance sheet) and valuations.
 * Valuation = a revenue multiple × annualised revenue − net debt; the multiple rises with
 * growth and margin, falls with rates and moves with sector sentiment [MODEL.md].
 */
import { activeRows, emit, payFlow, type TurnContext } from "../context.ts";
import { addRow, keepRows } from "../declare.ts";
import { exp, log, pow } from "../dmath.ts";
import { balanceCents, cashAccount, cashOf, settleWorldAccounts, transfer, WORLD } from "../ledger.ts";
import { clamp } from "../math.ts";
import { COHORTS, CONTRACTS, type GameState, LOTS } from "../state.ts";

const QUARTERS_PER_YEAR = 4;

/** What a company could borrow: leverage appetite × annual revenue, plus a share of its fixed assets. */
export function debtCapacity(state: GameState, i: number): number {
  const C = state.companies;
  const h = C.revenueHistory[i]!;
  const annual = Math.max(C.books.revenue[i]!, h[h.length - 1] ?? 0) * QUARTERS_PER_YEAR;
  return state.world.capital.leverageAppetite * annual + C.books.ppe[i]! * state.world.rules.finance.ppeCollateral;
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
 * The fundamental factor of the valuation multiple: it rises with growth and margin. Investors
 * revise it gradually (geometrically part of the way each quarter), so one lumpy quarter does not
 * multiply or divide a company's value; sentiment and rates still move it at once.
 */
export function expectationOf(state: GameState, i: number, revenue: number, opMargin: number): number {
  const v = state.world.rules.valuation;
  const g = growthOf(state, state.companies.revenueHistory[i]!, revenue);
  const growthFactor = clamp(v.growthFactorBase + v.growthFactorSlope * g, v.growthFactorMin, v.growthFactorMax);
  const marginFactor = clamp(1 + v.marginFactorSlope * opMargin, v.marginFactorMin, v.marginFactorMax);
  const seen = growthFactor * marginFactor;
  const e = state.companies.expectation[i]!;
  if (!(e > 0)) return seen;
  return exp((1 - v.expectationRevision) * log(e) + v.expectationRevision * log(seen));
}

/**
 * Valuation = multiple × forward revenue − net debt (MODEL.md): the multiple is investors'
 * expectation of growth and margin, falls with rates and moves with sector sentiment; forward
 * revenue is the smoothed run-rate.
 */
export function valuationOf(state: GameState, i: number, revenue: number): number {
  const C = state.companies;
  const v = state.world.rules.valuation;
  const rateFactor = (v.referenceRate + v.rateOffset) / (state.capital.rate + v.rateOffset);
  const multiple = state.world.capital.baseMultiple * roleMultiple(state, i) * C.expectation[i]! * rateFactor * sectorSentiment(state, i);
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

/** A company fails: its compute contracts are auctioned to rivals, its creditors take the loss. */
export function failCompany(state: GameState, ctx: TurnContext, i: number, reason: "insolvency shock" | "could not pay its bills"): void {
  const C = state.companies;
  if (C.failed[i]) return;
  C.failed[i] = true;
  const f = ctx.rules.finance;
  if (C.role[i] === "lab") {
    // Asset auction to several buyers, so that no single rival doubles its compute [002/A7].
    const rivals = activeRows(state, state.labs).map((r) => state.labs.company[r]!);
    const K = state.contracts;
    const mine: number[] = [];
    for (let c = 0; c < K.n; c++) if (K.lab[c] === i && K.endQuarter[c]! >= ctx.q) mine.push(c);
    for (const c of mine) {
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
  }
  if (C.role[i] === "hyperscaler") {
    // Its accelerators are sold to rivals at a deep discount.
    const h = C.roleRow[i]!;
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
          costCents: Math.round(F.bookCents[c]! * f.fleetAuctionShare),
          partnerLab: null,
        });
      }
    }
    removeCohortsOf(state, h);
    const K = state.contracts;
    for (let c = 0; c < K.n; c++) if (K.provider[c] === i) K.endQuarter[c] = Math.min(K.endQuarter[c]!, ctx.q);
  }
  const cash = balanceCents(state, cashAccount(i));
  if (cash < 0) {
    // Creditors absorb the hole: financing losses.
    transfer(state, WORLD.lenders, cashAccount(i), -cash);
    ctx.stats.creditLosses += -cash / 100;
  }
  ctx.stats.creditLosses += C.debtCents[i]! / 100;
  C.debtCents[i] = 0;
  emit(ctx, { kind: "actor/failed", quarter: ctx.q, company: C.id[i]!, reason });
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
  transfer(state, cashAccount(i), WORLD.lenders, repayCents);
  C.debtCents[i] = debt - repayCents;
  ctx.pnl.financing[i]! -= repayCents / 100;
  emit(ctx, { kind: "finance/refinancingShort", quarter: ctx.q, company: C.id[i]!, repaid: repayCents / 100 });
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
      const integrationLevel = E.integrationStock[r]! / (E.integrationStock[r]! + f.integrationHalfRevenue * E.baseRevenue[r]!);
      // Value shows up in the books only through throughput or reduced labour [000].
      const realisation = f.realisationBase + f.realisationSpan * integrationLevel;
      let totalPotential = 0;
      const tasks = E.tasks[r]!;
      for (let k = 0; k < tasks.length; k++) if (!Number.isNaN(tasks[k]!)) totalPotential += tasks[k]!;
      const automation = totalPotential > 0 ? clamp(E.tasksDone[r]! / totalPotential, 0, 1) : 0;
      const labourSaved = E.labourCost[r]! * E.labourSubstitution[r]! * automation;
      const throughput = E.valueCreated[r]! * realisation * f.throughputShare;
      payFlow(state, ctx, WORLD.customers, me, E.baseRevenue[r]! + throughput, null, "revenue");
      payFlow(state, ctx, me, WORLD.suppliers, E.baseRevenue[r]! * (1 - E.baseMargin[r]!) - E.labourCost[r]!, "costOfRevenue", null);
      payFlow(state, ctx, me, WORLD.labour, E.labourCost[r]! - labourSaved, "sga", null);
      payFlow(state, ctx, me, WORLD.suppliers, E.integrationPerQuarter[r]!, "sga", null);
      E.integrationStock[r] = E.integrationStock[r]! * f.integrationDecay + E.integrationPerQuarter[r]!;
      E.netValueCumulative[r] =
        E.netValueCumulative[r]! + (E.valueCreated[r]! * realisation + labourSaved - E.spend[r]! - E.integrationPerQuarter[r]!);
      E.baseRevenue[r] = E.baseRevenue[r]! * f.baseRevenueGrowth;
      break;
    }
  }
}

/** Interest: the rate plus a spread that widens with leverage; longer GPU lives lower it [fact 12]. */
function interest(state: GameState, ctx: TurnContext, i: number): void {
  const C = state.companies;
  const f = ctx.rules.finance;
  const debt = C.debtCents[i]! / 100;
  if (!(debt > 0)) return;
  const revenueAnnual = Math.max(1, ctx.pnl.revenue[i]! * QUARTERS_PER_YEAR);
  let spread = f.spreadBase + f.spreadLeverage * clamp(debt / revenueAnnual - 1, 0, f.spreadLeverageCap);
  if (C.role[i] === "hyperscaler") {
    const h = C.roleRow[i]!;
    spread +=
      f.spreadGpuLife / Math.max(1, Math.min(state.world.params.economicLifeYears, state.clouds.usefulLifeYears[h]!)) +
      (state.clouds.neocloud[h] ? f.spreadNeocloud : 0);
  }
  if (C.distressQuarters[i]! > 0) spread += f.spreadDistress;
  payFlow(state, ctx, cashAccount(i), WORLD.lenders, (debt * (state.capital.rate + spread)) / QUARTERS_PER_YEAR, "interest", null);
}

/** Distress: emergency financing, then failure. */
function distress(state: GameState, ctx: TurnContext, i: number): void {
  const C = state.companies;
  const f = ctx.rules.finance;
  const cash = cashOf(state, i);
  if (cash >= 0) {
    C.distressQuarters[i] = 0;
    return;
  }
  const room = debtCapacity(state, i) * f.emergencyRoom - C.debtCents[i]! / 100;
  const need = -cash + Math.max(f.emergencyMinimum, ctx.pnl.revenue[i]! * f.emergencyRevenueShare);
  const enterprise = C.role[i] === "enterprise";
  if (room >= need && !enterprise) {
    const drawn = payFlow(state, ctx, WORLD.lenders, cashAccount(i), need, null, null);
    C.debtCents[i] = C.debtCents[i]! + Math.round(drawn * 100);
    C.distressQuarters[i] = C.distressQuarters[i]! + 1;
    emit(ctx, { kind: "actor/distress", quarter: ctx.q, company: C.id[i]!, amount: drawn });
  } else if (enterprise) {
    // working capital
    const drawn = payFlow(state, ctx, WORLD.lenders, cashAccount(i), need, null, null);
    C.debtCents[i] = C.debtCents[i]! + Math.round(drawn * 100);
  } else {
    C.distressQuarters[i] = C.distressQuarters[i]! + f.distressPenalty;
  }
  if (C.distressQuarters[i]! >= f.failureQuarters) failCompany(state, ctx, i, "could not pay its bills");
}

/** The quarter's books of one company, its valuation and its revenue history. */
function books(state: GameState, ctx: TurnContext, i: number): void {
  const C = state.companies;
  const b = C.books;
  const pnl = ctx.pnl;
  if (C.failed[i]) {
    b.revenue[i] = 0;
    b.valuation[i] = 0;
    b.sharePrice[i] = 0;
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
  const operatingIncome = grossProfit - b.rnd[i]! - b.sga[i]! - (b.depreciation[i]! - pnl.depreciationInCost[i]!);
  b.operatingIncome[i] = operatingIncome;
  b.netIncome[i] = operatingIncome - b.interest[i]!;
  b.capex[i] = pnl.capex[i]!;
  b.fcf[i] = b.netIncome[i]! + b.depreciation[i]! - b.capex[i]!;
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
  C.expectation[i] = expectationOf(state, i, revenue, opMargin);
  b.valuation[i] = valuationOf(state, i, revenue);
  b.sharePrice[i] = C.sharesMillions[i]! > 0 ? b.valuation[i]! / (C.sharesMillions[i]! * 1e6) : 0;
  const h = C.revenueHistory[i]!;
  h.push(revenue);
  if (h.length > 8) h.shift();
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
  for (let i = 0; i < C.n; i++) if (!C.failed[i]) distress(state, ctx, i);
  for (let i = 0; i < C.n; i++) books(state, ctx, i);
  settleWorldAccounts(state);
}
