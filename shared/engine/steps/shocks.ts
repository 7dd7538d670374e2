/**
 * Step 1: news. Scheduled, injected and random shocks take effect. Shocks are data (the
 * catalogue); this step resolves their targets and either records a modifier for their
 * duration or applies a permanent change.
 */
import { ScenarioError } from "../../scenario/load.ts";
import { type Effect, type ShockSpec, ShockSpecSchema } from "../../scenario/schema.ts";
import { activeActors, emit, modelList, type TurnContext } from "../context.ts";
import { pow } from "../dmath.ts";
import { balanceCents, cashAccount } from "../ledger.ts";
import { sortedIds } from "../math.ts";
import { nextFloat } from "../rng.ts";
import type { GameState, LabState, ModelState } from "../state.ts";
import { failActor } from "./finance.ts";

/** Applies `{ "duration": 2, "effects.0.multiplier": 0.6 }`-style overrides to a catalogue shock. */
export function shockWithParams(spec: ShockSpec, params: Record<string, number | string | boolean>): ShockSpec {
  const copy = JSON.parse(JSON.stringify(spec)) as Record<string, unknown>;
  for (const key of Object.keys(params).sort()) {
    const parts = key.split(".");
    if (parts.some((p) => p === "__proto__" || p === "constructor" || p === "prototype" || p === "")) {
      throw new ScenarioError(`shock ${spec.id}: bad parameter "${key}"`);
    }
    let node: unknown = copy;
    for (let i = 0; i < parts.length - 1; i++) {
      const p = parts[i] as string;
      if (node && typeof node === "object" && Object.hasOwn(node, p)) node = (node as Record<string, unknown>)[p];
      else throw new ScenarioError(`shock ${spec.id}: no parameter "${key}"`);
    }
    const last = parts[parts.length - 1] as string;
    if (!(node && typeof node === "object" && Object.hasOwn(node, last)))
      throw new ScenarioError(`shock ${spec.id}: no parameter "${key}"`);
    (node as Record<string, unknown>)[last] = params[key];
  }
  const parsed = ShockSpecSchema.safeParse(copy);
  if (!parsed.success) {
    throw new ScenarioError(
      `shock ${spec.id}: bad parameters`,
      parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`),
    );
  }
  return parsed.data;
}

function frontierModelOf(state: GameState, lab: LabState): string | null {
  let best: string | null = null;
  let bestC = -1;
  for (const id of lab.models) {
    const m = state.models[id];
    if (m && m.capability > bestC) {
      bestC = m.capability;
      best = id;
    }
  }
  return best;
}

/** The leading lab: the one serving the best model (ties: higher revenue, then id). */
function leaderLab(state: GameState): LabState | null {
  let best: LabState | null = null;
  let bestC = -1;
  for (const l of activeActors(state, "lab")) {
    const fm = frontierModelOf(state, l);
    const c = fm ? state.models[fm]!.capability : -1;
    if (c > bestC || (c === bestC && best && l.books.revenue > best.books.revenue)) {
      bestC = c;
      best = l;
    }
  }
  return best;
}

/** Resolves a symbolic target ("leader", "all-labs", "open-labs", "largest-hyperscaler", …) to actor ids. */
export function resolveActors(state: GameState, target: string): string[] {
  switch (target) {
    case "leader": {
      const l = leaderLab(state);
      return l ? [l.id] : [];
    }
    case "all-labs":
      return activeActors(state, "lab").map((l) => l.id);
    case "open-labs":
      return activeActors(state, "lab")
        .filter((l) => l.models.some((m) => state.models[m]?.openWeights))
        .map((l) => l.id);
    case "weakest-lab": {
      const ls = activeActors(state, "lab");
      let w: LabState | null = null;
      for (const l of ls) if (!w || balanceCents(state, cashAccount(l.id)) < balanceCents(state, cashAccount(w.id))) w = l;
      return w ? [w.id] : [];
    }
    case "largest-hyperscaler": {
      let best = "";
      let cap = -1;
      for (const a of activeActors(state, "hyperscaler")) {
        if (a.powerMw > cap) {
          cap = a.powerMw;
          best = a.id;
        }
      }
      return best ? [best] : [];
    }
    case "all-hyperscalers":
      return sortedIds(state.actors).filter((id) => state.actors[id]!.role === "hyperscaler");
    default:
      return state.actors[target] ? [target] : [];
  }
}

function resolveModels(state: GameState, target: string): string[] {
  if (target.startsWith("frontier-of:")) {
    const ids = resolveActors(state, target.slice("frontier-of:".length));
    return ids.map((id) => frontierModelOf(state, state.actors[id] as LabState)).filter((x): x is string => !!x);
  }
  return state.models[target] ? [target] : [];
}

/** Applies `fn` to every model of the labs a target names; returns the labs' ids. */
function forEachModelOf(state: GameState, target: string, fn: (m: ModelState) => void): string[] {
  const ids = resolveActors(state, target);
  for (const id of ids) for (const mid of (state.actors[id] as LabState).models) fn(state.models[mid]!);
  return ids;
}

/** Fires a shock now (quarter q): modifiers are recorded, permanent changes applied. */
export function fireShock(state: GameState, ctx: TurnContext, spec: ShockSpec): void {
  const q = ctx.q;
  const until = spec.duration === 0 ? null : q + spec.duration - 1;
  const targets: string[] = [];
  const record = (effect: Effect) => state.active.push({ shock: spec.id, title: spec.title, effect, fromQuarter: q, untilQuarter: until });
  for (const effect of spec.effects) {
    switch (effect.kind) {
      case "modelBan":
        for (const m of resolveModels(state, effect.model)) {
          record({ ...effect, model: m });
          targets.push(m);
        }
        break;
      case "capexCap":
        for (const id of resolveActors(state, effect.target)) {
          record({ ...effect, target: id });
          targets.push(id);
        }
        break;
      case "foundryCapacity":
      case "memoryCapacity":
      case "energyPrice":
      case "buildDelay":
        record(effect);
        if (effect.kind === "buildDelay") {
          for (const id of sortedIds(state.actors)) {
            const a = state.actors[id]!;
            if (a.role !== "hyperscaler") continue;
            for (const p of a.pipeline) if (effect.region === "all" || p.region === effect.region) p.quartersLeft += effect.extraQuarters;
          }
        }
        break;
      case "foundryCompetition":
        state.foundry.pending.push({ wafers: state.foundry.capacityWafers * effect.capacityAdd * 0.5, quarter: q + 1 });
        state.foundry.pending.push({ wafers: state.foundry.capacityWafers * effect.capacityAdd * 0.5, quarter: q + 3 });
        if (effect.endsDiscipline) state.foundry.discipline = false;
        break;
      case "efficiencyBreakthrough":
        targets.push(
          ...forEachModelOf(state, effect.target, (m) => {
            m.mtokPerGpuHour *= effect.throughputMultiplier;
            m.verbosity *= effect.verbosityMultiplier;
          }),
        );
        break;
      case "memoryEfficiency": {
        // DISPUTED (004 #8 vs 001): memory per unit falls by the multiplier, unless demand per
        // user rises to absorb it; elasticity e: per-unit memory × m^(1 − e).
        const e = state.world.memory.demandElasticity;
        const factor = pow(effect.hbmMultiplier, 1 - e);
        for (const id of sortedIds(state.actors)) {
          const a = state.actors[id]!;
          if (a.role === "chipmaker") a.hbmPerUnit = Math.max(0.5, a.hbmPerUnit * factor);
        }
        break;
      }
      case "rateMove":
        state.capital.rate = Math.max(0, state.capital.rate + effect.deltaBps / 10000);
        break;
      case "sentiment": {
        const s = state.capital.sentiment;
        const sectors = effect.sector === "all" ? (["labs", "chips", "clouds"] as const) : ([effect.sector] as const);
        for (const k of sectors) s[k] = Math.max(0.1, s[k] * (1 + effect.delta));
        break;
      }
      case "priceWar":
        targets.push(
          ...forEachModelOf(state, effect.target, (m) => {
            m.inputPrice *= effect.priceMultiplier;
            m.outputPrice *= effect.priceMultiplier;
          }),
        );
        break;
      case "capabilitySpike":
        for (const id of resolveActors(state, effect.target)) {
          const fm = frontierModelOf(state, state.actors[id] as LabState);
          if (!fm) continue;
          const m = state.models[fm]!;
          m.capability += effect.jump;
          m.availability = effect.phasedShare;
          targets.push(fm);
        }
        break;
      case "labFailure":
        for (const id of resolveActors(state, effect.target)) {
          failActor(state, ctx, id, "insolvency shock");
          targets.push(id);
        }
        break;
      case "demand":
        if (state.classScale[effect.taskClass] !== undefined) state.classScale[effect.taskClass]! *= effect.multiplier;
        break;
      case "tokensPerTask":
        for (const t of state.taskClasses) t.tokensPerTask *= effect.multiplier;
        state.reasoningScale *= effect.multiplier;
        break;
    }
  }
  state.fired.push({ shock: spec.id, quarter: q });
  const who = targets.length ? ` (${targets.map((t) => state.actors[t]?.name ?? state.models[t]?.name ?? t).join(", ")})` : "";
  emit(ctx, "shock/fired", `${spec.title}${who}: ${spec.news}`, {
    shock: spec.id,
    title: spec.title,
    targets: targets.join(","),
    duration: spec.duration,
  });
}

export function applyShocks(state: GameState, ctx: TurnContext): void {
  const q = ctx.q;
  // Effects that ended last quarter drop out; phased releases widen.
  const before = state.active.length;
  state.active = state.active.filter((e) => e.untilQuarter === null || e.untilQuarter >= q);
  if (state.active.length < before) emit(ctx, "shock/ended", "Some shocks have run their course.", { ended: before - state.active.length });
  for (const m of modelList(state)) {
    if (m.availability < 1) m.availability = Math.min(1, m.availability + 0.35);
  }
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
