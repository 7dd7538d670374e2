/**
 * checkInvariants(state) → a list of violations (empty when all hold): the ledger sums to
 * zero and is made of safe integers, no NaN or infinite number anywhere, no negative stock,
 * no capacity exceeded, the value of work in (0, 1]. Programmer errors, not player errors: tests
 * assert it is empty.
 */
import { ledgerTotalCents } from "./ledger.ts";
import { sortedIds, sortedKeys } from "./math.ts";
import type { GameState } from "./state.ts";

function scanNumbers(x: unknown, path: string, out: string[]): void {
  if (typeof x === "number") {
    if (!Number.isFinite(x)) out.push(`${path} is ${x}`);
    return;
  }
  if (Array.isArray(x)) {
    for (let i = 0; i < x.length; i++) scanNumbers(x[i], `${path}[${i}]`, out);
  } else if (x && typeof x === "object")
    for (const k of Object.keys(x)) scanNumbers((x as Record<string, unknown>)[k], `${path}.${k}`, out);
}

export function checkInvariants(state: GameState): string[] {
  const out: string[] = [];
  scanNumbers(state, "state", out);
  const total = ledgerTotalCents(state);
  if (total !== 0) out.push(`ledger does not balance: ${total} cents`);
  for (const k of sortedKeys(state.ledger)) if (!Number.isSafeInteger(state.ledger[k])) out.push(`ledger ${k} is not a safe integer`);
  for (const id of sortedIds(state.actors)) {
    const a = state.actors[id]!;
    if (a.debtCents < 0) out.push(`${id}: negative debt`);
    if (a.sharesMillions <= 0) out.push(`${id}: no shares`);
    if (a.role === "hyperscaler") {
      if (a.powerMw < 0) out.push(`${id}: negative power`);
      const kw = a.fleet.reduce((s, c) => s + c.units * c.kwPerUnit, 0);
      if (kw > a.powerMw * 1000 * (1 + 1e-9) + 1e-6) out.push(`${id}: installed ${kw} kW exceeds ${a.powerMw} MW`);
      for (const c of a.fleet) if (c.units < 0 || c.bookCents < 0) out.push(`${id}: negative fleet cohort`);
      const sold = a.gpu.ownUse + a.gpu.contracted + a.gpu.spot;
      if (sold > a.gpu.capacity * (1 + 1e-9) + 1) out.push(`${id}: sold ${sold} GPU-hours of ${a.gpu.capacity}`);
    }
    if (a.role === "chipmaker" && (a.inventoryUnits < 0 || a.inTransitUnits < 0)) out.push(`${id}: negative inventory`);
    if (a.role === "lab") {
      const c = a.compute;
      if (c.training + c.serving + c.internal > c.total * (1 + 1e-9) + 1) out.push(`${id}: allocated more compute than it has`);
      if (a.trainingPool < 0) out.push(`${id}: negative training pool`);
    }
    // Budgets cap the spend of the quarter they were set for (a budget cut applies from the next quarter's routing).
    if (a.role === "enterprise" && a.budgetExhausted && a.spend > a.budget * 1.001 + 1 && a.spend > 0)
      out.push(`${id}: spent beyond its budget`);
  }
  for (const id of sortedIds(state.models)) {
    const m = state.models[id]!;
    if (m.inputPrice < 0 || m.outputPrice < 0 || m.servedMtok < 0) out.push(`model ${id}: negative price or volume`);
  }
  if (state.foundry.capacityWafers < 0 || state.memory.capacityStacks < 0) out.push("negative foundry or memory capacity");
  const last = state.history[state.history.length - 1];
  if (last && !(last.valueScale > 0 && last.valueScale <= 1)) out.push(`value of work ${last.valueScale} outside (0, 1]`);
  return out;
}
