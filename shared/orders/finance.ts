/** Orders open to every company: equity, debt drawn, debt repaid. */
import { z } from "zod";
import { emit, payFlow } from "../engine/context.ts";
import { cashAccount, cashOf, WORLD } from "../engine/ledger.ts";
import type { GameState } from "../engine/state.ts";
import { debtCapacity, equityWindowOpen, sharePrice } from "../engine/steps/finance.ts";
import { defineOrder, field, refuse } from "./define.ts";

const usd = (x: number) =>
  x >= 1e9 ? `$${(x / 1e9).toFixed(2)}B` : x >= 1e6 ? `$${(x / 1e6).toFixed(1)}M` : `$${Math.round(x).toLocaleString("en-US")}`;
const Amount = z.number().gt(0).max(1e13);

export const raiseEquity = defineOrder({
  type: "finance/raiseEquity",
  role: "company",
  label: "Raise equity",
  help: "New shares sold at today's share price this quarter.",
  kind: "action",
  mergeKey: null,
  schema: z.strictObject({
    type: z.literal("finance/raiseEquity"),
    amount: field(Amount, { label: "Raise equity", unit: "$", step: 1e6 }),
  }),
  check: (state, i, o) => {
    const r = state.world.rules.orders;
    const limit = Math.max(0, state.companies.books.valuation[i]!) * r.equityMaxShareOfValuation;
    if (o.amount > limit)
      return refuse(
        "too_large",
        `at most ${Math.round(r.equityMaxShareOfValuation * 100)}% of the valuation ($${(limit / 1e9).toFixed(1)}B) a quarter`,
      );
    if (!equityWindowOpen(state as GameState, i)) return refuse("window_shut", "the equity window is shut");
    return null;
  },
  cost: (_s, _i, o) => -o.amount,
  apply: (state, ctx, i, o) => {
    const price = sharePrice(state, i);
    const raised = payFlow(state, ctx, WORLD.investors, cashAccount(i), o.amount, null, null);
    const newShares = price > 0 ? raised / 1e6 / price : 0;
    state.companies.sharesMillions[i] = state.companies.sharesMillions[i]! + newShares;
    ctx.pnl.financing[i]! += raised;
    ctx.pnl.equityRaised[i]! += raised;
    const id = state.companies.id[i]!;
    emit(ctx, { kind: "finance/equityRaised", quarter: ctx.q, seat: id, company: id, amount: raised, sharePrice: price });
  },
  describe: (o) => `Raise ${usd(o.amount)} equity`,
  form: () => [],
});

export const drawDebt = defineOrder({
  type: "finance/drawDebt",
  role: "company",
  label: "Draw debt",
  help: "Borrow this quarter, within what lenders will lend against your revenue and fixed assets.",
  kind: "action",
  mergeKey: null,
  schema: z.strictObject({ type: z.literal("finance/drawDebt"), amount: field(Amount, { label: "Draw debt", unit: "$", step: 1e6 }) }),
  check: (state, i, o) => {
    const room = debtCapacity(state as GameState, i) - state.companies.debtCents[i]! / 100;
    return o.amount > room ? refuse("over_leverage", `lenders will lend at most $${(Math.max(0, room) / 1e9).toFixed(2)}B more`) : null;
  },
  cost: (_s, _i, o) => -o.amount,
  apply: (state, ctx, i, o) => {
    const drawn = payFlow(state, ctx, WORLD.lenders, cashAccount(i), o.amount, null, null);
    state.companies.debtCents[i] = state.companies.debtCents[i]! + Math.round(drawn * 100);
    ctx.pnl.financing[i]! += drawn;
    const id = state.companies.id[i]!;
    emit(ctx, { kind: "finance/debtDrawn", quarter: ctx.q, seat: id, company: id, amount: drawn });
  },
  describe: (o) => `Draw ${usd(o.amount)} debt`,
  form: () => [],
});

export const repayDebt = defineOrder({
  type: "finance/repayDebt",
  role: "company",
  label: "Repay debt",
  help: "Repay debt from cash this quarter.",
  kind: "action",
  mergeKey: null,
  schema: z.strictObject({ type: z.literal("finance/repayDebt"), amount: field(Amount, { label: "Repay debt", unit: "$", step: 1e6 }) }),
  check: (state, i, o) => {
    if (o.amount > state.companies.debtCents[i]! / 100 + 0.01) return refuse("too_large", "more than the debt outstanding");
    if (o.amount > cashOf(state, i)) return refuse("insufficient_cash", "not enough cash to repay that much");
    return null;
  },
  cost: (_s, _i, o) => o.amount,
  apply: (state, ctx, i, o) => {
    const amount = Math.min(o.amount, state.companies.debtCents[i]! / 100, Math.max(0, cashOf(state, i)));
    const repaid = payFlow(state, ctx, cashAccount(i), WORLD.lenders, amount, null, null);
    state.companies.debtCents[i] = state.companies.debtCents[i]! - Math.round(repaid * 100);
    ctx.pnl.financing[i]! -= repaid;
  },
  describe: (o) => `Repay ${usd(o.amount)} debt`,
  form: () => [],
});

export const FINANCE_ORDERS = [raiseEquity, drawDebt, repayDebt] as const;
