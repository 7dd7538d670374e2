/**
 * The one scenario file format (JSON). Every object is strict: an unknown or misspelled
 * field is an error that names its path. Numbers are documented with their units; money
 * is in US dollars in scenario files (the ledger turns it into integer cents).
 */
import { z } from "zod";
import { InputsSchema } from "../analysis/inputs.ts";

export const SCENARIO_FORMAT_VERSION = 1;

/**
 * The longest game, in quarters (six years). The economy is calibrated to mid-2026 and its real
 * growth compounds: in the boom scenarios the largest companies' cash passes what integer cents
 * hold exactly (2^53 cents, about $90T) somewhere past 30 quarters (jevons-boom, worst of 30
 * seeds: 92% of that at 32 quarters, 36% at 28, 12% at 24). Past 2030 the figures are a stress
 * test, not a forecast.
 */
export const MAX_QUARTERS = 24;

/** A game's length in quarters, with an error that says the limit in words. */
export const GameQuarters = z
  .number()
  .int()
  .min(1)
  .max(MAX_QUARTERS, { error: `a game lasts at most ${MAX_QUARTERS} quarters (six years)` });

export const RoleSchema = z.enum(["lab", "hyperscaler", "chipmaker", "enterprise"]);
export type Role = z.infer<typeof RoleSchema>;
export const TierSchema = z.enum(["frontier", "mid", "small"]);
export type Tier = z.infer<typeof TierSchema>;
export const RegionSchema = z.enum(["us", "europe", "asia"]);
export type Region = z.infer<typeof RegionSchema>;
export const PersonalitySchema = z.enum(["cautious", "aggressive"]);
export type Personality = z.infer<typeof PersonalitySchema>;
export const RoutingPolicySchema = z.enum(["cheapest", "frontier", "named"]);
export type RoutingPolicy = z.infer<typeof RoutingPolicySchema>;

const Id = z.string().regex(/^[a-z][a-z0-9-]{0,31}$/, "ids are lower-case letters, digits and dashes");
const Frac = z.number().min(0).max(1);
const NonNeg = z.number().min(0).finite();
const Pos = z.number().positive().finite();

/** Starting books common to every company (US dollars). */
const BooksSchema = z.strictObject({
  cash: NonNeg,
  debt: NonNeg.default(0),
  /** shares outstanding (millions); valuation / shares = price per share */
  sharesMillions: Pos.default(1000),
  /** revenue of the previous quarter, used for the first growth and valuation figures */
  lastQuarterRevenue: NonNeg.default(0),
});

const ModelSpecSchema = z.strictObject({
  id: Id,
  name: z.string().min(1).max(60),
  tier: TierSchema,
  /** Intelligence-Index-like capability score [seed 000: 60.2 vs 61.4] */
  capability: z.number().min(0).max(150),
  /** tokens per task relative to the reference (the "overthinking tax") [seed 000] */
  verbosity: Pos,
  /** serving throughput: million tokens per H100-equivalent GPU-hour */
  mtokPerGpuHour: Pos,
  /** list prices, $ per million tokens */
  inputPrice: NonNeg,
  outputPrice: NonNeg,
  /** open weights can be served by any lab or hyperscaler at cost */
  openWeights: z.boolean().default(false),
});

const LabSpecSchema = z.strictObject({
  id: Id,
  role: z.literal("lab"),
  name: z.string().min(1).max(60),
  personality: PersonalitySchema.default("cautious"),
  books: BooksSchema,
  region: RegionSchema.default("us"),
  models: z.array(ModelSpecSchema).min(1).max(3),
  /** initial compute split */
  split: z.strictObject({ training: Frac, serving: Frac, internal: Frac }),
  /** compute contracts in force at the start */
  contracts: z
    .array(
      z.strictObject({
        provider: Id,
        gpuHoursPerQuarter: Pos,
        price: Pos,
        quartersLeft: z.number().int().min(1).max(40),
      }),
    )
    .max(8)
    .default([]),
  /** research payroll and G&A, $ per quarter */
  payroll: NonNeg,
  /** sales and marketing as a share of revenue [seed 002/A3: ~40% at OpenAI] */
  salesShare: Frac,
  /** consumer subscribers (millions) on flat plans */
  subscribersMillions: NonNeg.default(0),
  /** training compute accumulated towards the next model (GPU-hours) */
  trainingPool: NonNeg.default(0),
  /** efficiency knowledge stock: lowers verbosity and raises throughput */
  efficiencySpend: NonNeg.default(0),
});

const HyperscalerSpecSchema = z.strictObject({
  id: Id,
  role: z.literal("hyperscaler"),
  name: z.string().min(1).max(60),
  personality: PersonalitySchema.default("cautious"),
  books: BooksSchema,
  region: RegionSchema.default("us"),
  /** neoclouds have no allocation priority and pay more for credit [seed 000] */
  neocloud: z.boolean().default(false),
  /** data-centre power online (MW) */
  powerMw: NonNeg,
  /** installed accelerators, H100-equivalent units */
  installedUnits: NonNeg,
  /** net book value of the installed accelerators ($) */
  fleetBookValue: NonNeg,
  /** MW under construction: [{ mw, quartersLeft }] */
  pipeline: z
    .array(z.strictObject({ mw: Pos, quartersLeft: z.number().int().min(1).max(16) }))
    .max(16)
    .default([]),
  /** the rest of its business (cloud, ads): revenue and operating margin per quarter */
  otherRevenue: NonNeg,
  otherRevenueGrowth: z.number().min(-0.2).max(0.3),
  otherMargin: Frac,
  /** own AI products use this share of its GPU-hours */
  ownUseShare: Frac,
  contractPrice: Pos,
  spotFloor: Pos,
  usefulLifeYears: z.number().min(1).max(15),
});

const ChipmakerSpecSchema = z.strictObject({
  id: Id,
  role: z.literal("chipmaker"),
  name: z.string().min(1).max(60),
  personality: PersonalitySchema.default("cautious"),
  books: BooksSchema,
  /** merchant GPU designer, or custom-ASIC partner (needs a guarantor) [seed 002/A1] */
  kind: z.enum(["merchant", "asic"]),
  /** current generation: H100-equivalents per unit, kW per unit, good dies per wafer */
  perfPerUnit: Pos,
  kwPerUnit: Pos,
  diesPerWafer: Pos,
  /** HBM stacks per unit */
  hbmPerUnit: Pos,
  /** packaging and other cost per unit ($) */
  packagingCost: NonNeg,
  unitPrice: Pos,
  wafersPerQuarter: NonNeg,
  rndPerQuarter: NonNeg,
  /** for ASICs: the lab whose models the chip serves, and the guarantor hyperscaler */
  partnerLab: Id.optional(),
  guarantor: Id.optional(),
  inventoryUnits: NonNeg.default(0),
});

const EnterpriseSpecSchema = z.strictObject({
  id: Id,
  role: z.literal("enterprise"),
  name: z.string().min(1).max(60),
  personality: PersonalitySchema.default("cautious"),
  books: BooksSchema,
  /** its base business: revenue per quarter and operating margin */
  baseRevenue: Pos,
  baseMargin: Frac,
  /** labour cost per quarter that AI can substitute */
  labourCost: NonNeg,
  /** potential tasks per quarter by task class id */
  tasks: z.record(Id, NonNeg),
  budget: NonNeg,
  routing: z.record(Id, z.strictObject({ policy: RoutingPolicySchema, model: Id.optional(), fallback: Id.optional() })),
  /** adoption of its potential tasks (0..1) and the ceiling integration can lift it to */
  adoption: Frac,
  adoptionCeiling: Frac,
  integrationPerQuarter: NonNeg,
  labourSubstitution: Frac,
});

export const ActorSpecSchema = z.discriminatedUnion("role", [
  LabSpecSchema,
  HyperscalerSpecSchema,
  ChipmakerSpecSchema,
  EnterpriseSpecSchema,
]);
export type ActorSpec = z.infer<typeof ActorSpecSchema>;
export type LabSpec = z.infer<typeof LabSpecSchema>;
export type HyperscalerSpec = z.infer<typeof HyperscalerSpecSchema>;
export type ChipmakerSpec = z.infer<typeof ChipmakerSpecSchema>;
export type EnterpriseSpec = z.infer<typeof EnterpriseSpecSchema>;

export const TaskClassSchema = z.strictObject({
  id: Id,
  name: z.string().min(1).max(60),
  /** capability needed for the task (same scale as model capability) */
  qualityBar: z.number().min(0).max(150),
  /** tokens per attempt at reference verbosity */
  tokensPerTask: Pos,
  /** share of a task's tokens that are output tokens */
  outputShare: Frac,
  /** log-normal value per task: median ($) and sigma (log scale) */
  valueMedian: Pos,
  valueSigma: z.number().min(0.05).max(5),
  /** tasks per quarter the rest of the economy could send to AI */
  restPotential: NonNeg,
  /** growth of potential tasks per quarter (e.g. 0.15 = +15%) */
  growth: z.number().min(-0.5).max(2),
  /** does the value of a task scale with capability above the bar (uncapped tasks)? */
  uncapped: z.boolean().default(false),
  /** share of the rest of the economy that sends this class to the best model whatever it costs [003a: "transitional behavior"] */
  frontierHabit: Frac.default(0.3),
});
export type TaskClass = z.infer<typeof TaskClassSchema>;

/** A typed effect of a shock. Durations are in the shock; magnitudes live here. */
export const EffectSchema = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("modelBan"), model: z.string().min(1).max(40) }),
  z.strictObject({ kind: z.literal("foundryCapacity"), multiplier: z.number().min(0).max(10) }),
  z.strictObject({ kind: z.literal("foundryCompetition"), capacityAdd: z.number().min(0).max(5), endsDiscipline: z.boolean() }),
  z.strictObject({ kind: z.literal("capexCap"), target: z.string().min(1).max(40), multiplier: z.number().min(0).max(2) }),
  z.strictObject({
    kind: z.literal("efficiencyBreakthrough"),
    target: z.string().min(1).max(40),
    throughputMultiplier: z.number().min(0.1).max(100),
    verbosityMultiplier: z.number().min(0.05).max(10),
  }),
  z.strictObject({ kind: z.literal("memoryEfficiency"), hbmMultiplier: z.number().min(0.05).max(2) }),
  z.strictObject({ kind: z.literal("memoryCapacity"), multiplier: z.number().min(0).max(10) }),
  z.strictObject({ kind: z.literal("energyPrice"), region: RegionSchema, multiplier: z.number().min(0.1).max(10) }),
  z.strictObject({ kind: z.literal("rateMove"), deltaBps: z.number().min(-1000).max(1000) }),
  z.strictObject({ kind: z.literal("sentiment"), sector: z.enum(["labs", "chips", "clouds", "all"]), delta: z.number().min(-1).max(1) }),
  z.strictObject({ kind: z.literal("priceWar"), target: z.string().min(1).max(40), priceMultiplier: z.number().min(0.05).max(2) }),
  z.strictObject({
    kind: z.literal("capabilitySpike"),
    target: z.string().min(1).max(40),
    jump: z.number().min(0).max(40),
    phasedShare: Frac,
  }),
  z.strictObject({
    kind: z.literal("buildDelay"),
    region: z.union([RegionSchema, z.literal("all")]),
    extraQuarters: z.number().int().min(0).max(12),
  }),
  z.strictObject({ kind: z.literal("labFailure"), target: z.string().min(1).max(40) }),
  z.strictObject({ kind: z.literal("demand"), taskClass: z.string().min(1).max(40), multiplier: z.number().min(0).max(20) }),
  z.strictObject({ kind: z.literal("tokensPerTask"), multiplier: z.number().min(0.1).max(10) }),
]);
export type Effect = z.infer<typeof EffectSchema>;

export const ShockSpecSchema = z.strictObject({
  id: Id,
  title: z.string().min(1).max(80),
  news: z.string().min(1).max(400),
  /** quarters the effects last; 0 = permanent */
  duration: z.number().int().min(0).max(40),
  /** chance per quarter when drawn at random (0 = only when scheduled or injected) */
  probability: Frac.default(0),
  /** earliest quarter (1-based) a random draw may fire */
  fromQuarter: z.number().int().min(1).max(MAX_QUARTERS).default(1),
  effects: z.array(EffectSchema).min(1).max(8),
  sources: z.array(z.string().max(80)).max(8).default([]),
});
export type ShockSpec = z.infer<typeof ShockSpecSchema>;

export const ScheduledShockSchema = z.strictObject({
  shock: Id,
  /** quarter number, 1 = the first quarter */
  quarter: z.number().int().min(1).max(MAX_QUARTERS),
  /** overrides of the shock's effect magnitudes, e.g. { "duration": 2, "effects.0.multiplier": 0.6 } */
  params: z.record(z.string().max(60), z.union([z.number(), z.string().max(40), z.boolean()])).default({}),
});
export type ScheduledShock = z.infer<typeof ScheduledShockSchema>;

/**
 * The simulated world and the model's parameters, including every disputed pair of
 * seed-facts.md (its last table) as a parameter, so either side can play out.
 */
export const WorldSchema = z.strictObject({
  foundry: z.strictObject({
    /** leading-node wafers per quarter available to AI accelerators */
    capacityWafers: Pos,
    pricePerWafer: Pos,
    /** TSMC discipline: capacity is added only after sustained >95% utilisation [seed 002/A8] */
    discipline: z.boolean(),
    /** capacity growth per quarter once triggered, and its lead time (quarters) */
    growthPerQuarter: z.number().min(0).max(0.5),
    leadQuarters: z.number().int().min(1).max(12),
  }),
  memory: z.strictObject({
    /** HBM stacks per quarter */
    capacityStacks: Pos,
    pricePerStack: Pos,
    /** lag (quarters) between a price signal and new capacity: the glut/shortage cycle [seed 004 #9] */
    lagQuarters: z.number().int().min(1).max(12),
    /** DISPUTED (004 #8 vs 001): elasticity of memory per unit of demand to memory efficiency; >1 Jevons */
    demandElasticity: z.number().min(0).max(3),
  }),
  energy: z.record(RegionSchema, z.strictObject({ pricePerMwh: Pos })),
  capital: z.strictObject({
    /** risk-free rate, annual */
    rate: z.number().min(0).max(0.2),
    /** equity sentiment index (1 = neutral) */
    sentiment: z.number().min(0.1).max(3),
    /** DISPUTED macro regime (001 vs 004): drift of the rate per quarter */
    macroRegime: z.enum(["deflation", "neutral", "inflation"]),
    /** revenue multiple at neutral sentiment for a company growing 100%/yr [seed 002/A6: ~20x] */
    baseMultiple: Pos,
    /** DISPUTED funding source (A8 vs 004 #11): how much credit is available per $ of revenue */
    leverageAppetite: z.number().min(0).max(10),
    /**
     * average term of companies' debt, years: each quarter 1/(4 × term) of a company's debt falls
     * due, and lenders roll it over only as far as they would lend today (leverage appetite ×
     * annual revenue + half the fixed assets); the rest is repaid from cash. A cloud's debt is
     * GPU-backed, so its term is at most its GPUs' economic life [seed-facts §2 #21: "underwrote
     * GPU loans on three to four year lives" (002/A8); §1.4: refinancing risk (000)].
     * 0 = debt rolls over indefinitely (scenario files written before this field)
     */
    debtTermYears: z.number().min(0).max(30).default(0),
  }),
  dataCentre: z.strictObject({
    costPerMw: Pos,
    buildQuarters: z.number().int().min(1).max(16),
    /** cost of non-chip capex per accelerator ($, networking etc.) */
    networkingPerUnit: NonNeg,
  }),
  params: z.strictObject({
    /** logistic scale of success probability vs capability margin */
    successScale: Pos,
    /** capability points per doubling of training compute over the reference [MODEL.md] */
    capabilityPerDoubling: z.number().min(0).max(20),
    /** DISPUTED scaling laws (004 #3 vs A10): multiplier on capability gains, <1 flattening */
    scalingStrength: z.number().min(0).max(3),
    /** training GPU-hours of a reference release */
    trainingReference: Pos,
    /** DISPUTED model-layer value (A4 vs A8): how fast trailing models catch up, share of the gap per quarter */
    catchUp: Frac,
    /** DISPUTED frontier vs cheap (003a vs A8) and ban effect: share of last quarter's routing kept */
    switchingStickiness: Frac,
    /** DISPUTED ban effect (001 thread vs reply): share of banned demand that moves to open/sovereign inference */
    sovereignShift: Frac,
    /** DISPUTED OpenAI unit economics (A3 vs 000): growth of tokens per task per quarter (reasoning) */
    reasoningGrowth: z.number().min(-0.3).max(1),
    /** DISPUTED GPU useful life (A8 vs 003r): economic life of accelerators, years */
    economicLifeYears: z.number().min(1).max(20),
    /** DISPUTED who wins from efficiency (003a vs 003r): chip pricing power, 0..1 */
    chipPricingPower: Frac,
    /** DISPUTED revenue trajectory (004 #5 vs A10): growth cone of demand per quarter, drawn per run */
    demandGrowthLow: z.number().min(-0.3).max(2),
    demandGrowthHigh: z.number().min(-0.3).max(2),
    /** DISPUTED Opus token cut (A10 vs A8): when capacity binds, ration by shortening outputs (quality falls) */
    rationing: z.enum(["throttle", "shorten"]),
    /** DISPUTED flat vs usage pricing (A4 vs A8): heavy-user token growth per quarter on flat plans */
    heavyUseGrowth: z.number().min(0).max(2),
    /** consumer tokens per subscriber per quarter (MTok) and flat plan price per month ($) */
    consumerMtokPerSub: NonNeg,
    flatPlanPrice: NonNeg,
    /** DISPUTED compute scarcity (A8 vs A9): how fast chipmakers can respond to orders beyond wafers */
    availability: Frac,
    /** consumer chat capability requirement */
    consumerBar: z.number().min(0).max(150),
    /** how fast the frontier-for-everything habit fades per quarter [003a] */
    habitDecay: Frac,
    /** attempts are capped: a model whose success probability is below this is not viable */
    minSuccess: z.number().min(0.01).max(0.99),
    // The three below came with format 1's value deflation; a scenario file written before them
    // plays as it did (no deflation, the old premium).
    /** the world economy's output per quarter ($, held for the game): what AI's output is measured against */
    economyOutput: z.number().min(1e9).max(1e16).default(29e12),
    /**
     * DISPUTED macro (001 vs 004 #3): how much the value of AI-done work falls as AI's output grows
     * relative to the economy (deployment is deflationary, seed-facts §2 #38; the gains are competed away,
     * §2 #11). What a task is worth moves a quarter of the way each quarter towards
     * 1 / (1 + valueDeflation × AI's real output / economyOutput); once caught up, the shadow output
     * stays below economyOutput / valueDeflation.
     */
    valueDeflation: z.number().min(0).max(100).default(0),
    /** value of an uncapped task per capability point above its quality bar (log-value; 002/A8) */
    capabilityValuePremium: z.number().min(0).max(1).default(0.08),
  }),
});
export type World = z.infer<typeof WorldSchema>;

export const ScenarioSchema = z.strictObject({
  formatVersion: z.literal(SCENARIO_FORMAT_VERSION),
  id: Id,
  version: z.number().int().min(1),
  title: z.string().min(1).max(80),
  description: z.string().max(2000),
  /** the seed facts the scenario is built on, e.g. "seed-facts §5 fact 7; 002/A8" */
  sources: z.array(z.string().max(200)).min(1).max(40),
  start: z.strictObject({ year: z.number().int().min(2000).max(2100), quarter: z.number().int().min(1).max(4) }),
  quarters: GameQuarters,
  actors: z.array(ActorSpecSchema).min(1).max(24),
  taskClasses: z.array(TaskClassSchema).min(1).max(12),
  world: WorldSchema,
  /** catalogue shocks that may fire at random (ids), and the scheduled ones */
  randomShocks: z.array(Id).max(40).default([]),
  schedule: z.array(ScheduledShockSchema).max(40).default([]),
  /** extra or replaced catalogue entries for this scenario */
  shocks: z.array(ShockSpecSchema).max(40).default([]),
  /** parameters drawn per run from distributions, with rank correlations (shared/analysis/inputs.ts); ignored by the engine */
  inputs: InputsSchema.optional(),
});
export type Scenario = z.infer<typeof ScenarioSchema>;
export type ScenarioInput = z.input<typeof ScenarioSchema>;
