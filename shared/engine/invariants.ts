/**
 * checkInvariants(state) → a list of violations (empty when all hold): the state is well
 * formed (every field as declared), the ledger sums to zero in integer cents, no negative
 * stock or cash of a company in business, no capacity exceeded, the value of work in (0, 1] and
 * the value AI creates within world output. Programmer errors, not player errors: tests assert
 * it is empty.
 */
import { ledgerTotal } from "./ledger.ts";
import type { GameState } from "./state.ts";
import { StateError, stateFromJson, stateToJson } from "./state-io.ts";

export function checkInvariants(state: GameState): string[] {
  const out: string[] = [];
  try {
    stateFromJson(stateToJson(state));
  } catch (e) {
    out.push(e instanceof StateError ? e.message : String(e));
  }
  const total = ledgerTotal(state);
  if (total.high !== 0 || total.low !== 0) out.push(`ledger does not balance: ${total.high} × 2^52 + ${total.low} cents`);
  const C = state.companies;
  for (let i = 0; i < C.n; i++) {
    const id = C.id[i]!;
    if (C.debtCents[i]! < 0) out.push(`${id}: negative debt`);
    if (C.sharesMillions[i]! <= 0) out.push(`${id}: no shares`);
    // lenders' allowance for expected credit losses: within [0, debt], none on a failed company
    const allowance = C.books.creditAllowance[i]!;
    if (!(allowance >= 0) || allowance > C.debtCents[i]! / 100 + 1e-6)
      out.push(`${id}: credit allowance ${allowance} outside [0, its debt]`);
    if (C.failed[i] && allowance !== 0) out.push(`${id}: failed but lenders still hold an allowance`);
    // the quarter's financing leaves a company in business with cash (finance.ts, liquidity)
    if (!C.failed[i] && state.history.length > 0 && C.books.cash[i]! < 0) out.push(`${id}: ends the quarter with cash ${C.books.cash[i]}`);
  }
  const H = state.clouds;
  for (let h = 0; h < H.n; h++) {
    const id = C.id[H.company[h]!]!;
    if (H.powerMw[h]! < 0) out.push(`${id}: negative power`);
    let kw = 0;
    const F = state.cohorts;
    for (let c = 0; c < F.n; c++) {
      if (F.owner[c] !== h) continue;
      kw += F.units[c]! * F.kwPerUnit[c]!;
      if (F.units[c]! < 0 || F.bookCents[c]! < 0) out.push(`${id}: negative fleet cohort`);
    }
    if (kw > H.powerMw[h]! * 1000 * (1 + 1e-9) + 1e-6) out.push(`${id}: installed ${kw} kW exceeds ${H.powerMw[h]} MW`);
    const sold = H.gpu.ownUse[h]! + H.gpu.contracted[h]! + H.gpu.spot[h]!;
    if (sold > H.gpu.capacity[h]! * (1 + 1e-9) + 1) out.push(`${id}: sold ${sold} GPU-hours of ${H.gpu.capacity[h]}`);
  }
  const K = state.chips;
  for (let k = 0; k < K.n; k++)
    if (K.inventoryUnits[k]! < 0 || K.inTransitUnits[k]! < 0) out.push(`${C.id[K.company[k]!]}: negative inventory`);
  const L = state.labs;
  for (let l = 0; l < L.n; l++) {
    const c = L.compute;
    const id = C.id[L.company[l]!]!;
    if (c.training[l]! + c.serving[l]! + c.internal[l]! > c.total[l]! * (1 + 1e-9) + 1)
      out.push(`${id}: allocated more compute than it has`);
    if (L.trainingPool[l]! < 0) out.push(`${id}: negative training pool`);
  }
  // Budgets cap the spend of the quarter they were set for (a budget cut applies from the next quarter's routing).
  const E = state.firms;
  for (let e = 0; e < E.n; e++) {
    if (E.budgetExhausted[e] && E.spend[e]! > E.budget[e]! * 1.001 + 1 && E.spend[e]! > 0)
      out.push(`${C.id[E.company[e]!]}: spent beyond its budget`);
  }
  const M = state.models;
  for (let m = 0; m < M.n; m++) {
    if (M.inputPrice[m]! < 0 || M.outputPrice[m]! < 0 || M.servedMtok[m]! < 0) out.push(`model ${M.id[m]}: negative price or volume`);
  }
  if (state.foundry.capacityWafers < 0 || state.memory.capacityStacks < 0) out.push("negative foundry or memory capacity");
  const last = state.history[state.history.length - 1];
  if (last && !(last.valueScale > 0 && last.valueScale <= 1)) out.push(`value of work ${last.valueScale} outside (0, 1]`);
  // what AI's work is worth, paid for or not, stays within the economy it works in (tokens.aiValueCeiling)
  const economy = state.world.params.economyOutput;
  if (last && !(last.shadowOutput + last.apiSpend <= economy))
    out.push(`AI's value created ${last.shadowOutput + last.apiSpend} above world output ${economy}`);
  return out;
}
