/**
 * Step 7: finance. Operating costs, the rest of each company's business, interest,
 * distress and failure, then books (P&L, cash flow, balance sheet) and valuations.
 * Valuation = a revenue multiple × annualised revenue − net debt; the multiple rises with
 * growth and margin, falls with rates and moves with sector sentiment [MODEL.md].
 */
import { activeActors, actorList, emit, payFlow, type TurnContext } from "../context.ts";
import { exp, log, pow } from "../dmath.ts";
import { balanceCents, cashAccount, cashOf, settleWorldAccounts, transfer } from "../ledger.ts";
import { clamp, fmtG } from "../math.ts";
import type { ActorState, GameState } from "../state.ts";

/** What a company could borrow: leverage appetite × annual revenue, plus half its fixed assets. */
export function debtCapacity(state: GameState, a: ActorState): number {
  const annual = Math.max(a.books.revenue, a.revenueHistory[a.revenueHistory.length - 1] ?? 0) * 4;
  return state.world.capital.leverageAppetite * annual + a.books.ppe * 0.5;
}

/** Non-AI capex of a hyperscaler's other business, as a share of its revenue. */
const OTHER_CAPEX_SHARE = 0.12;

const ROLE_MULTIPLE = { lab: 1, hyperscaler: 0.45, chipmaker: 0.8, enterprise: 0.2 } as const;

function sectorSentiment(state: GameState, a: ActorState): number {
  const s = state.capital.sentiment;
  return a.role === "lab" ? s.labs : a.role === "chipmaker" ? s.chips : a.role === "hyperscaler" ? s.clouds : (s.labs + s.clouds) / 2;
}

/**
 * The revenue investors capitalise: the average of this quarter and the last, so a lumpy
 * quarter (a chip order landing, a capacity tranche) moves the run-rate by half.
 */
function runRate(previous: number | undefined, current: number): number {
  return previous === undefined ? current : (current + previous) / 2;
}

/**
 * Annualised revenue growth, on the smoothed run-rate, over up to four quarters of history
 * (newest last). With less than a year of history the observed rate counts in proportion
 * (one quarter's jump annualised to the fourth power is not a year's growth).
 */
export function growthOf(history: readonly number[], current: number): number {
  const n = history.length;
  if (n === 0 || current <= 0) return 0;
  const back = Math.min(n, 4);
  const now = runRate(history[n - 1], current);
  const then = runRate(history[n - back - 1], history[n - back]!);
  if (then <= 0) return 1;
  const observed = pow(now / then, 4 / back) - 1;
  return clamp((observed * back) / 4, -0.6, 2);
}

/** How fast investors revise their view of a company's growth and margin: half-way each quarter. */
const EXPECTATION_REVISION = 0.5;

/**
 * The fundamental factor of the valuation multiple: it rises with growth and margin. Investors
 * revise it gradually (geometrically half-way each quarter), so one lumpy quarter does not
 * multiply or divide a company's value; sentiment and rates still move it at once.
 */
export function expectationOf(a: ActorState, revenue: number, opMargin: number): number {
  const g = growthOf(a.revenueHistory, revenue);
  const growthFactor = clamp(0.25 + 0.75 * g, 0.15, 3);
  const marginFactor = clamp(1 + 0.5 * opMargin, 0.5, 1.6);
  const seen = growthFactor * marginFactor;
  if (!(a.expectation > 0)) return seen;
  return exp((1 - EXPECTATION_REVISION) * log(a.expectation) + EXPECTATION_REVISION * log(seen));
}

/**
 * Valuation = multiple × forward revenue − net debt (MODEL.md): the multiple is investors'
 * expectation of growth and margin, falls with rates and moves with sector sentiment; forward
 * revenue is the smoothed run-rate.
 */
export function valuationOf(state: GameState, a: ActorState, revenue: number): number {
  const cap = state.world.capital;
  const rateFactor = (0.04 + 0.03) / (state.capital.rate + 0.03);
  const multiple = cap.baseMultiple * ROLE_MULTIPLE[a.role] * a.expectation * rateFactor * sectorSentiment(state, a);
  const netDebt = a.debtCents / 100 - cashOf(state, a.id);
  const floor = Math.max(0, a.books.ppe + cashOf(state, a.id) - a.debtCents / 100);
  return Math.max(floor, multiple * runRate(a.revenueHistory[a.revenueHistory.length - 1], revenue) * 4 - netDebt);
}

export function sharePrice(state: GameState, a: ActorState): number {
  const v = a.books.valuation > 0 ? a.books.valuation : valuationOf(state, a, a.revenueHistory[a.revenueHistory.length - 1] ?? 0);
  return a.sharesMillions > 0 ? v / (a.sharesMillions * 1e6) : 0;
}

/** A company fails: its compute contracts are auctioned to rivals, its creditors take the loss. */
export function failActor(state: GameState, ctx: TurnContext, id: string, why: string): void {
  const a = state.actors[id];
  if (!a || a.failed) return;
  a.failed = true;
  if (a.role === "lab") {
    // Asset auction to several buyers, so that no single rival doubles its compute [002/A7].
    const rivals = activeActors(state, "lab");
    const mine = state.contracts.filter((c) => c.lab === id && c.endQuarter >= ctx.q);
    for (const c of mine) {
      if (rivals.length === 0) {
        c.endQuarter = ctx.q - 1;
        continue;
      }
      const per = c.gpuHoursPerQuarter / rivals.length;
      for (const r of rivals) {
        state.contracts.push({
          ...c,
          id: `c${state.nextContractId++}`,
          lab: r.id,
          gpuHoursPerQuarter: per,
          price: c.price * 0.6,
          startQuarter: ctx.q + 1,
        });
      }
      c.endQuarter = ctx.q - 1;
    }
  }
  if (a.role === "hyperscaler") {
    // Its accelerators are sold to rivals at a deep discount.
    const buyers = activeActors(state, "hyperscaler");
    if (buyers.length) {
      for (const c of a.fleet) {
        const b = buyers[c.units % buyers.length]!;
        b.warehouseUnits.push({
          chipmaker: c.chipmaker,
          units: c.units,
          perfPerUnit: c.perfPerUnit,
          kwPerUnit: c.kwPerUnit,
          costCents: Math.round(c.bookCents * 0.3),
          partnerLab: null,
        });
      }
    }
    a.fleet = [];
    for (const c of state.contracts) if (c.provider === id) c.endQuarter = Math.min(c.endQuarter, ctx.q);
  }
  const cash = balanceCents(state, cashAccount(id));
  if (cash < 0) {
    // Creditors absorb the hole: financing losses.
    transfer(state, "world:lenders", cashAccount(id), -cash, "credit loss");
    ctx.stats.creditLosses += -cash / 100;
  }
  ctx.stats.creditLosses += a.debtCents / 100;
  a.debtCents = 0;
  emit(ctx, "actor/failed", `${a.name} failed (${why}); its assets go to auction`, { actor: id });
}

/**
 * The quarters over which a company's debt falls due (0: it never does). A cloud's debt is
 * secured on its GPUs, so lenders underwrite it over their economic life at most [§2 #21].
 */
export function debtTermQuarters(state: GameState, a: ActorState): number {
  const years = state.world.capital.debtTermYears;
  if (!(years > 0)) return 0;
  if (a.role !== "hyperscaler") return years * 4;
  return Math.min(years, state.world.params.economicLifeYears, a.usefulLifeYears) * 4;
}

/**
 * This quarter's maturity: a 1/term share of the debt falls due. Lenders roll it over as far as
 * the debt left stays within what they would lend today (debtCapacity: leverage appetite ×
 * annual revenue + half the fixed assets); the rest is repaid from cash, which may run it out
 * (distress follows) [seed-facts §1.4: refinancing and residual risk (000); §2 #35 credit plumbing].
 */
function refinance(state: GameState, ctx: TurnContext, a: ActorState): void {
  const term = debtTermQuarters(state, a);
  if (term <= 0) return;
  const due = Math.min(a.debtCents, Math.ceil(a.debtCents / term));
  const capacityCents = Math.max(0, debtCapacity(state, a)) * 100;
  const rolled = clamp(capacityCents - (a.debtCents - due), 0, due);
  const repayCents = Math.round(due - rolled);
  if (repayCents <= 0) return;
  transfer(state, cashAccount(a.id), "world:lenders", repayCents, "debt maturity");
  a.debtCents -= repayCents;
  ctx.pnl[a.id]!.financing -= repayCents / 100;
  emit(
    ctx,
    "finance/refinancingShort",
    `Lenders would not roll over $${fmtG(repayCents / 100)} of ${a.name}'s maturing debt; it repaid that from cash`,
    { actor: a.id, repaid: repayCents / 100 },
  );
}

export function finance(state: GameState, ctx: TurnContext): void {
  const q = ctx.q;
  for (const a of actorList(state)) {
    const id = a.id;
    if (a.failed) continue;
    const pnl = ctx.pnl[id]!;
    switch (a.role) {
      case "lab": {
        payFlow(state, ctx, id, "world:labour", a.payroll, "research payroll and G&A", "rnd", null);
        payFlow(state, ctx, id, "world:suppliers", a.efficiencyPerQuarter, "efficiency research", "rnd", null);
        payFlow(state, ctx, id, "world:suppliers", pnl.revenue * a.salesShare, "sales and marketing", "sga", null);
        a.efficiencyStock += a.efficiencyPerQuarter;
        break;
      }
      case "hyperscaler": {
        a.otherRevenue *= 1 + a.otherRevenueGrowth;
        payFlow(state, ctx, "world:customers", id, a.otherRevenue, "cloud and ads", null, "revenue");
        payFlow(
          state,
          ctx,
          id,
          "world:suppliers",
          a.otherRevenue * (1 - a.otherMargin) * 0.55,
          "cloud and ads cost",
          "costOfRevenue",
          null,
        );
        payFlow(state, ctx, id, "world:labour", a.otherRevenue * (1 - a.otherMargin) * 0.45, "operating expenses", "sga", null);
        // The rest of the business has capex of its own (servers, networks, offices), kept
        // apart from AI capex; treated as maintenance, so it adds to capex but not to the AI fleet.
        payFlow(state, ctx, id, "world:suppliers", a.otherRevenue * OTHER_CAPEX_SHARE, "non-AI capex", "capex", null);
        break;
      }
      case "chipmaker": {
        payFlow(state, ctx, id, "world:labour", a.rndPerQuarter, "chip R&D", "rnd", null);
        payFlow(state, ctx, id, "world:labour", pnl.revenue * 0.04 + 2e8, "operating expenses", "sga", null);
        a.rndStock += a.rndPerQuarter;
        break;
      }
      case "enterprise": {
        const integrationLevel = a.integrationStock / (a.integrationStock + 0.5 * a.baseRevenue);
        // Value shows up in the books only through throughput or reduced labour [000].
        const realisation = 0.3 + 0.7 * integrationLevel;
        let totalPotential = 0;
        for (const k in a.tasks) totalPotential += a.tasks[k]!;
        const automation = totalPotential > 0 ? clamp(a.tasksDone / totalPotential, 0, 1) : 0;
        const labourSaved = a.labourCost * a.labourSubstitution * automation;
        const throughput = a.valueCreated * realisation * 0.5;
        payFlow(state, ctx, "world:customers", id, a.baseRevenue + throughput, "base business", null, "revenue");
        payFlow(state, ctx, id, "world:suppliers", a.baseRevenue * (1 - a.baseMargin) - a.labourCost, "base costs", "costOfRevenue", null);
        payFlow(state, ctx, id, "world:labour", a.labourCost - labourSaved, "labour", "sga", null);
        payFlow(state, ctx, id, "world:suppliers", a.integrationPerQuarter, "workflow integration", "sga", null);
        a.integrationStock = a.integrationStock * 0.97 + a.integrationPerQuarter;
        a.netValueCumulative += a.valueCreated * realisation + labourSaved - a.spend - a.integrationPerQuarter;
        a.baseRevenue *= 1.01;
        break;
      }
    }
    // Interest: the rate plus a spread that widens with leverage; longer GPU lives lower it [fact 12].
    const debt = a.debtCents / 100;
    if (debt > 0) {
      const revenueAnnual = Math.max(1, pnl.revenue * 4);
      let spread = 0.02 + 0.03 * clamp(debt / revenueAnnual - 1, 0, 3);
      if (a.role === "hyperscaler")
        spread += 0.09 / Math.max(1, Math.min(state.world.params.economicLifeYears, a.usefulLifeYears)) + (a.neocloud ? 0.02 : 0);
      if (a.distressQuarters > 0) spread += 0.06;
      payFlow(state, ctx, id, "world:lenders", (debt * (state.capital.rate + spread)) / 4, "interest", "interest", null);
    }
  }

  // Maturities: lenders roll over what falls due only as far as they would lend today.
  for (const a of actorList(state)) {
    if (!a.failed && a.debtCents > 0) refinance(state, ctx, a);
  }

  // Distress: emergency financing, then failure.
  for (const a of actorList(state)) {
    const id = a.id;
    if (a.failed) continue;
    const cash = cashOf(state, id);
    if (cash >= 0) {
      a.distressQuarters = 0;
      continue;
    }
    const room = debtCapacity(state, a) * 1.2 - a.debtCents / 100;
    const need = -cash + Math.max(1e8, ctx.pnl[id]!.revenue * 0.1);
    if (room >= need && a.role !== "enterprise") {
      const drawn = payFlow(state, ctx, "world:lenders", id, need, "emergency financing", null, null);
      a.debtCents += Math.round(drawn * 100);
      a.distressQuarters += 1;
      emit(ctx, "actor/distress", `${a.name} ran out of cash and took $${fmtG(drawn)} of emergency financing at a punitive rate`, {
        actor: id,
        amount: drawn,
      });
    } else if (a.role === "enterprise") {
      const drawn = payFlow(state, ctx, "world:lenders", id, need, "working capital", null, null);
      a.debtCents += Math.round(drawn * 100);
    } else {
      a.distressQuarters += 2;
    }
    if (a.distressQuarters >= 3) failActor(state, ctx, id, "could not pay its bills");
  }

  // Books.
  for (const a of actorList(state)) {
    const id = a.id;
    const pnl = ctx.pnl[id]!;
    const b = a.books;
    if (a.failed) {
      b.revenue = 0;
      b.valuation = 0;
      b.sharePrice = 0;
      b.cash = cashOf(state, id);
      continue;
    }
    b.revenue = pnl.revenue;
    b.costOfRevenue = pnl.costOfRevenue;
    b.grossProfit = pnl.revenue - pnl.costOfRevenue;
    b.grossMargin = pnl.revenue > 0 ? clamp(b.grossProfit / pnl.revenue, -10, 1) : 0;
    b.rnd = pnl.rnd;
    b.sga = pnl.sga + pnl.other;
    b.depreciation = pnl.depreciation;
    b.interest = pnl.interest;
    b.operatingIncome = b.grossProfit - b.rnd - b.sga - b.depreciation;
    b.netIncome = b.operatingIncome - b.interest;
    b.capex = pnl.capex;
    b.fcf = b.netIncome + b.depreciation - b.capex;
    b.cash = cashOf(state, id);
    b.debt = a.debtCents / 100;
    if (a.role === "hyperscaler") {
      let fleetCents = 0;
      for (const c of a.fleet) fleetCents += c.bookCents;
      let warehouseCents = 0;
      for (const w of a.warehouseUnits) warehouseCents += w.costCents;
      b.ppe = (fleetCents + a.dcBookCents + warehouseCents) / 100;
      // AI capex: chips, networking and data-centre construction (set in supply and compute).
      pnl.depreciation += a.otherRevenue * OTHER_CAPEX_SHARE;
    } else if (a.role === "chipmaker") {
      b.ppe = ((a.inventoryUnits + a.inTransitUnits) * a.unitCostCents) / 100;
    }
    b.equity = b.cash + b.ppe - b.debt;
    b.sharesMillions = a.sharesMillions;
    const opMargin = b.revenue > 0 ? b.operatingIncome / b.revenue : 0;
    a.expectation = expectationOf(a, b.revenue, opMargin);
    b.valuation = valuationOf(state, a, b.revenue);
    b.sharePrice = a.sharesMillions > 0 ? b.valuation / (a.sharesMillions * 1e6) : 0;
    a.revenueHistory.push(b.revenue);
    if (a.revenueHistory.length > 8) a.revenueHistory.shift();
  }
  settleWorldAccounts(state);
  void q;
}
