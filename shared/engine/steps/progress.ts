/**
 * Step 8: progress. Training compute raises the next model's capability with diminishing
 * returns; releasing it pushes the previous frontier down the lineup (distillation);
 * internal use raises the rate of progress; efficiency work lowers tokens per task and
 * raises throughput; trailing labs catch up; chip R&D brings new generations; demand,
 * adoption, rates and sentiment move.
 */
import type { TurnContext } from "../context.ts";
import { log2, pow } from "../dmath.ts";
import { clamp } from "../math.ts";
import type { GameState } from "../state.ts";
import { integrationLevelOf } from "./finance.ts";

function bestCapability(state: GameState): number {
  const M = state.models;
  let best = 0;
  for (let m = 0; m < M.n; m++) if (!state.companies.failed[M.lab[m]!]) best = Math.max(best, M.capability[m]!);
  return best;
}

function rowOf(ids: readonly string[], id: string): number {
  for (let i = 0; i < ids.length; i++) if (ids[i] === id) return i;
  return -1;
}

/** A release planned for this quarter: the lab's row, its models' rows by tier (-1: none) and its gain. */
interface Release {
  lab: number;
  frontier: number;
  mid: number;
  small: number;
  gain: number;
  /** the lab's research speed (internal use speeds research [002/A10]) */
  research: number;
}

/** The lab's (its row) model of each tier (the last one listed, should there be two), or -1. */
function tiersOf(state: GameState, l: number): { small: number; mid: number; top: number } {
  const M = state.models;
  let small = -1;
  let mid = -1;
  let top = -1;
  for (const id of state.labs.models[l]!) {
    const m = rowOf(M.id, id);
    const tier = M.tier[m];
    if (tier === "frontier") top = m;
    else if (tier === "mid") mid = m;
    else small = m;
  }
  return { small, mid, top };
}

/**
 * The releases of the quarter: each lab adds its training to its pool and releases its next
 * frontier model once the pool is large enough and its frontier model is old enough
 * (releaseMinQuarters after it came out, so labs whose models came out at different times keep
 * releasing in turn: the scenario's `released`). A new model gains on its lab's last one with
 * diminishing returns to the training behind it. A closed lab's generation also builds on the
 * field: the frontier labs draw on one pool of published research and of people, so a new model
 * that would trail the best of the quarter (the best before it, and the other labs' new models,
 * each counted before this pull) starts part of the way to it (within catchUpMargin): the
 * leaders stay a few points apart [seed-facts §4.1 (000: GPT-5.5 and Opus 4.8 ~1 point apart),
 * §2 #12 (002/A4: no sustainable differentiation between models)], the larger trainer ahead
 * (docs/model.md). The share follows the disputed catch-up (none at catchUp 0, 002/A8's lasting
 * premium). An open-weights lab has no such pool: it gains on the frontier by distilling
 * released models, the quarterly catch-up [002/A8: without API releases, open source falls
 * behind].
 */
function releases(state: GameState, ctx: TurnContext, best: number): void {
  const p = state.world.params;
  const g = ctx.rules.progress;
  const C = state.companies;
  const L = state.labs;
  const M = state.models;
  const planned: Release[] = [];
  let field = best;
  for (let i = 0; i < C.n; i++) {
    if (C.failed[i] || C.role[i] !== "lab") continue;
    const l = C.roleRow[i]!;
    L.trainingPool[l] = L.trainingPool[l]! + L.compute.training[l]!;
    const { small, mid, top } = tiersOf(state, l);
    const frontier = top >= 0 ? top : mid >= 0 ? mid : small;
    if (
      frontier < 0 ||
      L.releaseMode[l] === "withhold" ||
      L.trainingPool[l]! < p.trainingReference * g.releaseThreshold ||
      ctx.q - M.releasedQuarter[frontier]! < g.releaseMinQuarters
    )
      continue;
    // Internal use speeds research [002/A10]: share of compute beyond a floor helps, below it hurts.
    const total = L.compute.total[l]!;
    const internalShare = total > 0 ? L.compute.internal[l]! / total : g.defaultInternalShare;
    const research = clamp(g.researchBase + g.researchPerInternalShare * internalShare, g.researchMin, g.researchMax);
    const gain = p.capabilityPerDoubling * p.scalingStrength * log2(1 + L.trainingPool[l]! / p.trainingReference) * research;
    planned.push({ lab: l, frontier, mid, small, gain, research });
    field = Math.max(field, M.capability[frontier]! + gain);
  }
  const share = Math.min(1, p.catchUp * g.releaseCatchUpScale);
  for (const r of planned) {
    const own = M.capability[r.frontier]! + r.gain;
    const gap = field - g.catchUpMargin - own;
    const pulled = gap > 0 && !M.openWeights[r.frontier] ? own + share * gap : own;
    release(state, ctx, r, pulled);
  }
}

/** A lab releases its next frontier model (a planned release, at capability `capability`). */
function release(state: GameState, ctx: TurnContext, r: Release, capability: number): void {
  const g = ctx.rules.progress;
  const L = state.labs;
  const M = state.models;
  const { lab: l, frontier, mid, small } = r;
  const old = { capability: M.capability[frontier]!, verbosity: M.verbosity[frontier]! };
  // Distillation: the old frontier becomes the mid tier, the old mid the small tier.
  if (small >= 0 && mid >= 0) M.capability[small] = Math.max(M.capability[small]!, M.capability[mid]!);
  if (mid >= 0 && mid !== frontier) {
    M.capability[mid] = Math.max(M.capability[mid]!, old.capability);
    M.verbosity[mid] = Math.min(M.verbosity[mid]!, old.verbosity);
  }
  M.capability[frontier] = capability;
  // Each generation is more token-efficient [000: "40% fewer tokens for the same score"; 002/A10],
  // by as much more as its research ran faster: the efficiency multiplier comes from the same
  // research (RL "inside a sandbox") that internal use speeds, so a lab that diverts internal
  // compute to serving ships generations that cut tokens per task less [002/A10].
  M.verbosity[frontier] = Math.max(g.verbosityFloorRelease, M.verbosity[frontier]! * pow(g.releaseVerbosity, r.research));
  M.mtokPerGpuHour[frontier] = M.mtokPerGpuHour[frontier]! * g.releaseThroughput;
  L.generation[l] = L.generation[l]! + 1;
  M.name[frontier] = `${M.name[frontier]!.replace(/\s+\d+(\.\d+)?$/, "")} ${L.generation[l]!}`;
  M.releasedQuarter[frontier] = ctx.q;
  const phased = L.releaseMode[l] === "phased";
  M.availability[frontier] = phased ? g.phasedAvailability : 1;
  L.trainingPool[l] = 0;
  ctx.events.push({
    kind: "model/released",
    quarter: ctx.q,
    lab: state.companies.id[L.company[l]!]!,
    model: M.id[frontier]!,
    name: M.name[frontier]!,
    capability: M.capability[frontier]!,
    gain: capability - old.capability,
    phased,
  });
}

export function progress(state: GameState, ctx: TurnContext): void {
  const C = state.companies;
  const best = bestCapability(state);
  releases(state, ctx, best);
  const openEff = publishedEfficiency(state, ctx);
  for (let i = 0; i < C.n; i++) {
    if (C.failed[i]) continue;
    const r = C.roleRow[i]!;
    switch (C.role[i]!) {
      case "lab":
        labResearch(state, ctx, r, best, openEff);
        break;
      case "chipmaker":
        chipGeneration(state, ctx, i, r);
        break;
      case "enterprise": {
        const E = state.firms;
        const level = integrationLevelOf(state, r);
        E.adoption[r] = Math.min(
          E.adoptionCeiling[r]!,
          E.adoption[r]! + (E.adoptionCeiling[r]! - E.adoption[r]!) * ctx.rules.progress.adoptionSpeed * level,
        );
        break;
      }
      case "hyperscaler":
        break;
    }
  }
  demandGrowth(state, ctx);
  capitalMarkets(state, ctx);
}

/**
 * Efficiency research is published: an open-weight model gains as much as the most
 * efficiency-minded lab's research brings this quarter [seed-facts §1.2 (DeepSeek's sparse
 * attention, MiniMax, Nvidia's Nemotron: open efficiency work), 002/A2; 000: open source
 * "commoditizes the input cost"]. Returns that gain.
 */
function publishedEfficiency(state: GameState, ctx: TurnContext): number {
  const C = state.companies;
  const g = ctx.rules.progress;
  let openEff = 0;
  for (let i = 0; i < C.n; i++) {
    if (C.failed[i] || C.role[i] !== "lab") continue;
    const spend = state.labs.efficiencyPerQuarter[C.roleRow[i]!]!;
    if (spend > 0) openEff = Math.max(openEff, g.efficiencyGain * log2(1 + spend / g.efficiencyReference));
  }
  return openEff;
}

/**
 * Lab r (by row) banks its internal-use compute; its efficiency research cuts its models' tokens
 * per task and raises their tokens per GPU-hour [000; 002/A10] (an open-weight model gains at
 * least `openEff`, the published research); and its trailing models close part of the gap to
 * the best (`best`) through distillation and open research, at most all of it: catching up
 * never overtakes.
 */
function labResearch(state: GameState, ctx: TurnContext, r: number, best: number, openEff: number): void {
  const L = state.labs;
  const M = state.models;
  const g = ctx.rules.progress;
  const catchUp = state.world.params.catchUp;
  L.internalStock[r] = L.internalStock[r]! + L.compute.internal[r]!;
  const spend = L.efficiencyPerQuarter[r]!;
  const own = spend > 0 ? g.efficiencyGain * log2(1 + spend / g.efficiencyReference) : 0;
  for (const id of L.models[r]!) {
    const m = rowOf(M.id, id);
    const eff = M.openWeights[m] ? Math.max(own, openEff) : own;
    M.verbosity[m] = Math.max(g.verbosityFloor, M.verbosity[m]! * (1 - eff));
    M.mtokPerGpuHour[m] = M.mtokPerGpuHour[m]! * (1 + eff + g.servingStackGain); // serving-stack improvements
    const gap = best - g.catchUpMargin - M.capability[m]!;
    if (gap > 0) M.capability[m] = M.capability[m]! + gap * Math.min(1, catchUp * (M.openWeights[m] ? g.openCatchUp : 1) * g.catchUpScale);
  }
}

/**
 * Chipmaker r (company row i): a new generation takes R&D and time (about two years), and
 * brings more performance per unit and per watt, launched at a higher price; how much higher is
 * the chipmaker's pricing power [003r].
 */
function chipGeneration(state: GameState, ctx: TurnContext, i: number, r: number): void {
  const K = state.chips;
  const g = ctx.rules.progress;
  const asic = K.kind[r] === "asic";
  const threshold = asic ? g.asicRndThreshold : g.merchantRndThreshold;
  K.quartersSinceGeneration[r] = K.quartersSinceGeneration[r]! + 1;
  if (K.rndStock[r]! < threshold || K.quartersSinceGeneration[r]! < g.generationMinQuarters) return;
  K.rndStock[r] = K.rndStock[r]! - threshold;
  K.generation[r] = K.generation[r]! + 1;
  K.quartersSinceGeneration[r] = 0;
  K.perfPerUnit[r] = K.perfPerUnit[r]! * (asic ? g.asicPerfGain : g.merchantPerfGain);
  K.kwPerUnit[r] = K.kwPerUnit[r]! * g.generationPowerGain;
  K.unitPrice[r] = K.unitPrice[r]! * (1 + g.generationPriceStep * state.world.params.chipPricingPower);
  ctx.events.push({
    kind: "chip/newGeneration",
    quarter: ctx.q,
    chipmaker: state.companies.id[i]!,
    generation: K.generation[r]!,
    perfPerUnit: K.perfPerUnit[r]!,
  });
}

/** Demand grows along its per-run draw from the growth cone; reasoning lengthens tasks; the rest of the economy adopts. */
function demandGrowth(state: GameState, ctx: TurnContext): void {
  const g = ctx.rules.progress;
  const reasoning = state.world.params.reasoningGrowth;
  const K = state.classes;
  for (let k = 0; k < K.n; k++) {
    state.classScale[k] = state.classScale[k]! * Math.max(g.classGrowthFloor, 1 + K.growth[k]! + state.demandGrowth);
    K.tokensPerTask[k] = K.tokensPerTask[k]! * (1 + reasoning);
  }
  state.reasoningScale *= 1 + reasoning;
  state.restAdoption = Math.min(g.restAdoptionMax, state.restAdoption * g.restAdoptionGrowth);
}

/** Capital markets: rates drift with the macro regime; sentiment reverts to neutral. */
function capitalMarkets(state: GameState, ctx: TurnContext): void {
  const g = ctx.rules.progress;
  const regime = state.world.capital.macroRegime;
  const drift = regime === "deflation" ? -g.rateDrift : regime === "inflation" ? g.rateDrift : 0;
  state.capital.rate = clamp(state.capital.rate + drift, 0, g.rateMax);
  const neutral = state.world.capital.sentiment;
  const s = state.capital.sentiment;
  for (const k of ["labs", "chips", "clouds"] as const) s[k] += g.sentimentReversion * (neutral - s[k]);
}
