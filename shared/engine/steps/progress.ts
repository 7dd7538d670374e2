/**
 * Step 8: progress. Training compute raises the next model's capability with diminishing
 * returns; releasing it pushes the previous frontier down the lineup (distillation);
 * internal use raises the rate of progress; efficiency work lowers tokens per task and
 * raises throughput; trailing labs catch up; chip R&D brings new generations; demand,
 * adoption, rates and sentiment move.
 */
import { actorList, emit, modelList, type TurnContext } from "../context.ts";
import { log2 } from "../dmath.ts";
import { clamp, fixed } from "../math.ts";
import type { GameState, LabState, ModelState } from "../state.ts";

function bestCapability(state: GameState): number {
  let best = 0;
  for (const m of modelList(state)) {
    const lab = state.actors[m.lab];
    if (lab && !lab.failed) best = Math.max(best, m.capability);
  }
  return best;
}

function release(state: GameState, ctx: TurnContext, lab: LabState): void {
  const p = state.world.params;
  const tiers: Record<string, ModelState | undefined> = {};
  for (const id of lab.models) tiers[state.models[id]!.tier] = state.models[id];
  const frontier = tiers.frontier ?? tiers.mid ?? tiers.small;
  if (!frontier) return;
  // Internal use speeds research [002/A10]: share of compute beyond 10% helps, below it hurts.
  const internalShare = lab.compute.total > 0 ? lab.compute.internal / lab.compute.total : 0.1;
  const research = clamp(0.75 + 2.5 * internalShare, 0.5, 1.6);
  const gain = p.capabilityPerDoubling * p.scalingStrength * log2(1 + lab.trainingPool / p.trainingReference) * research;
  const old = { capability: frontier.capability, verbosity: frontier.verbosity, mtok: frontier.mtokPerGpuHour };
  // Distillation: the old frontier becomes the mid tier, the old mid the small tier.
  if (tiers.small && tiers.mid) {
    tiers.small.capability = Math.max(tiers.small.capability, tiers.mid.capability);
  }
  if (tiers.mid && tiers.mid !== frontier) {
    tiers.mid.capability = Math.max(tiers.mid.capability, old.capability);
    tiers.mid.verbosity = Math.min(tiers.mid.verbosity, old.verbosity);
  }
  frontier.capability = old.capability + gain;
  // Each generation is more token-efficient [000: "40% fewer tokens for the same score"; 002/A10].
  frontier.verbosity = Math.max(0.2, frontier.verbosity * 0.85);
  frontier.mtokPerGpuHour *= 1.15;
  lab.generation += 1;
  frontier.name = frontier.name.replace(/\s+\d+(\.\d+)?$/, "") + ` ${lab.generation}`;
  frontier.releasedQuarter = ctx.q;
  frontier.availability = lab.releaseMode === "phased" ? 0.3 : 1;
  lab.trainingPool = 0;
  emit(
    ctx,
    "model/released",
    `${lab.name} released ${frontier.name}: capability ${fixed(frontier.capability, 1)} (+${fixed(gain, 1)})${lab.releaseMode === "phased" ? ", in phases" : ""}`,
    { lab: lab.id, model: frontier.id, capability: frontier.capability, gain },
  );
}

export function progress(state: GameState, ctx: TurnContext): void {
  const q = ctx.q;
  const p = state.world.params;
  const best = bestCapability(state);
  for (const a of actorList(state)) {
    if (a.failed) continue;
    if (a.role === "lab") {
      a.trainingPool += a.compute.training;
      a.internalStock += a.compute.internal;
      let lastRelease = Number.NEGATIVE_INFINITY;
      for (const m of a.models) lastRelease = Math.max(lastRelease, state.models[m]!.releasedQuarter);
      if (a.releaseMode !== "withhold" && a.trainingPool >= p.trainingReference * 0.6 && q - lastRelease >= 2) release(state, ctx, a);
      // Efficiency research: fewer tokens per task and more tokens per GPU-hour [000; 002/A10].
      const eff = a.efficiencyPerQuarter > 0 ? 0.015 * log2(1 + a.efficiencyPerQuarter / 5e8) : 0;
      for (const mid of a.models) {
        const m = state.models[mid]!;
        m.verbosity = Math.max(0.15, m.verbosity * (1 - eff));
        m.mtokPerGpuHour *= 1 + eff + 0.02; // serving-stack improvements
        // Catch-up: trailing models close part of the gap to the best (distillation, open research).
        const gap = best - 1.5 - m.capability;
        if (gap > 0) m.capability += gap * p.catchUp * (m.openWeights ? 1.5 : 1) * 0.25;
      }
    } else if (a.role === "chipmaker") {
      // A new generation takes R&D and time (about two years): more performance per unit and per watt.
      const threshold = a.kind === "asic" ? 10e9 : 30e9;
      a.quartersSinceGeneration += 1;
      if (a.rndStock >= threshold && a.quartersSinceGeneration >= 6) {
        a.rndStock -= threshold;
        a.generation += 1;
        a.quartersSinceGeneration = 0;
        a.perfPerUnit *= a.kind === "asic" ? 1.8 : 2.2;
        a.kwPerUnit *= 1.25;
        // A new generation launches at a higher price; how much higher is the chipmaker's pricing power [003r].
        a.unitPrice *= 1 + 0.6 * p.chipPricingPower;
        emit(
          ctx,
          "chip/newGeneration",
          `${a.name} launched generation ${a.generation}: ${fixed(a.perfPerUnit, 1)} H100-equivalents per unit`,
          {
            chipmaker: a.id,
            perf: a.perfPerUnit,
          },
        );
      }
    } else if (a.role === "enterprise") {
      const level = a.integrationStock / (a.integrationStock + 0.5 * a.baseRevenue);
      a.adoption = Math.min(a.adoptionCeiling, a.adoption + (a.adoptionCeiling - a.adoption) * 0.15 * level);
    }
  }
  // Demand grows along its per-run draw from the growth cone; reasoning lengthens tasks.
  for (const k of state.taskClasses) {
    state.classScale[k.id] = (state.classScale[k.id] ?? 1) * Math.max(0.2, 1 + k.growth + state.demandGrowth);
    k.tokensPerTask *= 1 + p.reasoningGrowth;
  }
  state.reasoningScale *= 1 + p.reasoningGrowth;
  state.restAdoption = Math.min(3, state.restAdoption * 1.03);
  // Capital markets: rates drift with the macro regime; sentiment reverts to neutral.
  const drift = state.world.capital.macroRegime === "deflation" ? -0.001 : state.world.capital.macroRegime === "inflation" ? 0.001 : 0;
  state.capital.rate = clamp(state.capital.rate + drift, 0, 0.15);
  const neutral = state.world.capital.sentiment;
  for (const k of ["labs", "chips", "clouds"] as const) {
    state.capital.sentiment[k] += 0.2 * (neutral - state.capital.sentiment[k]);
  }
}
