/**
 * Step 1: news. Scheduled, injected and random shocks take effect. Shocks are data (the
 * catalogue); this step resolves their targets and either records a modifier for their
 * duration or applies a permanent change. Targets were checked when the scenario loaded
 * (scenario/load.ts), so every name here is one the game knows.
 */
import { type Effect, FRONTIER_OF, type ShockSpec, shockWithParams } from "../../scenario/shocks.ts";
import { activeRows, type TurnContext } from "../context.ts";
import { pow } from "../dmath.ts";
import { balanceCents, cashAccount } from "../ledger.ts";
import { nextFloat } from "../rng.ts";
import type { ActiveEffect, GameState } from "../state.ts";
import { failCompany } from "./finance.ts";

/** A lab's (company index) best model (its row), or -1. */
function frontierModelOf(state: GameState, lab: number): number {
  const M = state.models;
  const L = state.labs;
  let best = -1;
  let bestC = -1;
  for (const id of L.models[state.companies.roleRow[lab]!]!) {
    const m = rowOf(M.id, id);
    if (m >= 0 && M.capability[m]! > bestC) {
      bestC = M.capability[m]!;
      best = m;
    }
  }
  return best;
}

function rowOf(ids: readonly string[], id: string): number {
  for (let i = 0; i < ids.length; i++) if (ids[i] === id) return i;
  return -1;
}

/** The leading lab: the one serving the best model (ties: higher revenue, then id). */
function leaderLab(state: GameState): number {
  const C = state.companies;
  let best = -1;
  let bestC = -1;
  for (const l of activeRows(state, state.labs)) {
    const i = state.labs.company[l]!;
    const fm = frontierModelOf(state, i);
    const c = fm >= 0 ? state.models.capability[fm]! : -1;
    if (c > bestC || (c === bestC && best >= 0 && C.books.revenue[i]! > C.books.revenue[best]!)) {
      bestC = c;
      best = i;
    }
  }
  return best;
}

/** Resolves a target ("leader", "all-labs", "open-labs", "weakest-lab", "largest-hyperscaler", "all-hyperscalers", or a company id) to company indices. */
export function resolveCompanies(state: GameState, target: string): number[] {
  const C = state.companies;
  const labs = () => activeRows(state, state.labs).map((l) => state.labs.company[l]!);
  switch (target) {
    case "leader": {
      const l = leaderLab(state);
      return l >= 0 ? [l] : [];
    }
    case "all-labs":
      return labs();
    case "open-labs":
      return labs().filter((i) => state.labs.models[C.roleRow[i]!]!.some((id) => state.models.openWeights[rowOf(state.models.id, id)]));
    case "weakest-lab": {
      let w = -1;
      for (const i of labs()) if (w < 0 || balanceCents(state, cashAccount(i)) < balanceCents(state, cashAccount(w))) w = i;
      return w >= 0 ? [w] : [];
    }
    case "largest-hyperscaler": {
      let best = -1;
      let cap = -1;
      for (const h of activeRows(state, state.clouds)) {
        if (state.clouds.powerMw[h]! > cap) {
          cap = state.clouds.powerMw[h]!;
          best = state.clouds.company[h]!;
        }
      }
      return best >= 0 ? [best] : [];
    }
    case "all-hyperscalers": {
      const out: number[] = [];
      for (let i = 0; i < C.n; i++) if (C.role[i] === "hyperscaler") out.push(i);
      return out;
    }
    default: {
      const i = rowOf(C.id, target);
      return i >= 0 ? [i] : [];
    }
  }
}

/** Resolves a model target (a model id, or `frontier-of:<company target>`) to model rows. */
function resolveModels(state: GameState, target: string): number[] {
  if (target.startsWith(FRONTIER_OF)) {
    const out: number[] = [];
    for (const i of resolveCompanies(state, target.slice(FRONTIER_OF.length))) {
      const m = frontierModelOf(state, i);
      if (m >= 0) out.push(m);
    }
    return out;
  }
  const m = rowOf(state.models.id, target);
  return m >= 0 ? [m] : [];
}

/** Applies `fn` to every model (row) of the labs a target names; returns the labs. */
function forEachModelOf(state: GameState, target: string, fn: (m: number) => void): number[] {
  const ids = resolveCompanies(state, target);
  for (const i of ids) for (const id of state.labs.models[state.companies.roleRow[i]!]!) fn(rowOf(state.models.id, id));
  return ids;
}

/** Fires a shock now (quarter q): modifiers are recorded, permanent changes applied. */
export function fireShock(state: GameState, ctx: TurnContext, spec: ShockSpec): void {
  const q = ctx.q;
  const C = state.companies;
  const M = state.models;
  const until = spec.duration === 0 ? null : q + spec.duration - 1;
  /** who it hit: company (c) or model (m) indices, in order */
  const targets: { c: number; m: number }[] = [];
  const record = (effect: Effect) => {
    const e: ActiveEffect = { shock: spec.id, title: spec.title, effect, fromQuarter: q, untilQuarter: until };
    state.active.push(e);
  };
  const rs = ctx.rules.shocks;
  for (const effect of spec.effects) {
    switch (effect.kind) {
      case "modelBan":
        for (const m of resolveModels(state, effect.model)) {
          record({ ...effect, model: M.id[m]! });
          targets.push({ c: -1, m });
        }
        break;
      case "capexCap":
        for (const i of resolveCompanies(state, effect.target)) {
          record({ ...effect, target: C.id[i]! });
          targets.push({ c: i, m: -1 });
        }
        break;
      case "foundryCapacity":
      case "memoryCapacity":
      case "energyPrice":
        record(effect);
        break;
      case "buildDelay": {
        record(effect);
        const B = state.builds;
        for (let b = 0; b < B.n; b++) {
          if (effect.region === "all" || B.region[b] === effect.region) B.quartersLeft[b] = B.quartersLeft[b]! + effect.extraQuarters;
        }
        break;
      }
      case "foundryCompetition": {
        const f = state.foundry;
        f.pending = [
          ...f.pending,
          { wafers: f.capacityWafers * effect.capacityAdd * rs.competitionFirstShare, quarter: q + 1 },
          { wafers: f.capacityWafers * effect.capacityAdd * (1 - rs.competitionFirstShare), quarter: q + rs.competitionLaterQuarters },
        ];
        if (effect.endsDiscipline) f.discipline = false;
        break;
      }
      case "efficiencyBreakthrough":
        for (const i of forEachModelOf(state, effect.target, (m) => {
          M.mtokPerGpuHour[m] = M.mtokPerGpuHour[m]! * effect.throughputMultiplier;
          M.verbosity[m] = M.verbosity[m]! * effect.verbosityMultiplier;
        }))
          targets.push({ c: i, m: -1 });
        break;
      case "memoryEfficiency": {
        // DISPUTED (004 #8 vs 001): memory per unit falls by the multiplier, unless demand per
        // user rises to absorb it; elasticity e: per-unit memory × m^(1 − e).
        const e = state.world.memory.demandElasticity;
        const factor = pow(effect.hbmMultiplier, 1 - e);
        const K = state.chips;
        for (let c = 0; c < K.n; c++) K.hbmPerUnit[c] = Math.max(rs.hbmPerUnitFloor, K.hbmPerUnit[c]! * factor);
        break;
      }
      case "rateMove":
        state.capital.rate = Math.max(0, state.capital.rate + effect.deltaBps / 10000);
        break;
      case "sentiment": {
        const s = state.capital.sentiment;
        const sectors = effect.sector === "all" ? (["labs", "chips", "clouds"] as const) : ([effect.sector] as const);
        for (const k of sectors) s[k] = Math.max(rs.sentimentFloor, s[k] * (1 + effect.delta));
        break;
      }
      case "priceWar":
        for (const i of forEachModelOf(state, effect.target, (m) => {
          M.inputPrice[m] = M.inputPrice[m]! * effect.priceMultiplier;
          M.outputPrice[m] = M.outputPrice[m]! * effect.priceMultiplier;
        }))
          targets.push({ c: i, m: -1 });
        break;
      case "capabilitySpike":
        for (const i of resolveCompanies(state, effect.target)) {
          const m = frontierModelOf(state, i);
          if (m < 0) continue;
          M.capability[m] = M.capability[m]! + effect.jump;
          M.availability[m] = effect.phasedShare;
          targets.push({ c: -1, m });
        }
        break;
      case "labFailure":
        for (const i of resolveCompanies(state, effect.target)) {
          failCompany(state, ctx, i, "insolvency shock");
          targets.push({ c: i, m: -1 });
        }
        break;
      case "demand": {
        const k = rowOf(state.classes.id, effect.taskClass);
        if (k >= 0) state.classScale[k] = state.classScale[k]! * effect.multiplier;
        break;
      }
      case "tokensPerTask": {
        const K = state.classes;
        for (let k = 0; k < K.n; k++) K.tokensPerTask[k] = K.tokensPerTask[k]! * effect.multiplier;
        state.reasoningScale *= effect.multiplier;
        break;
      }
    }
  }
  state.fired = [...state.fired, { shock: spec.id, quarter: q }];
  ctx.events.push({
    kind: "shock/fired",
    quarter: q,
    shock: spec.id,
    title: spec.title,
    news: spec.news,
    targets: targets.map((t) => (t.c >= 0 ? { id: C.id[t.c]!, name: C.name[t.c]! } : { id: M.id[t.m]!, name: M.name[t.m]! })),
    duration: spec.duration,
  });
}

export function applyShocks(state: GameState, ctx: TurnContext): void {
  const q = ctx.q;
  // Effects that ended last quarter drop out (a new list, so the shocks fired below add to
  // this quarter's own); phased releases widen.
  const before = state.active.length;
  state.active = state.active.filter((e) => e.untilQuarter === null || e.untilQuarter >= q);
  if (state.active.length < before) ctx.events.push({ kind: "shock/ended", quarter: q, count: before - state.active.length });
  const M = state.models;
  for (let m = 0; m < M.n; m++)
    if (M.availability[m]! < 1) M.availability[m] = Math.min(1, M.availability[m]! + ctx.rules.shocks.phasedReleaseWidening);
  for (const s of state.schedule) {
    if (s.quarter !== q) continue;
    const spec = state.catalogue.find((c) => c.id === s.shock);
    if (spec) fireShock(state, ctx, shockWithParams(spec, s.params));
  }
  for (const id of state.randomShocks) {
    const u = nextFloat(state.rng);
    const spec = state.catalogue.find((c) => c.id === id);
    if (spec && q >= spec.fromQuarter && u < spec.probability) fireShock(state, ctx, spec);
  }
}
