/**
 * The one scenario file format (JSON). Every object is strict: an unknown or misspelled
 * field is an error that names its path. Numbers are documented with their units; money
 * is in US dollars in scenario files (the ledger turns it into integer cents).
 */
import { z } from "zod";
import { InputsSchema } from "../analysis/inputs.ts";
import { MAX_QUARTERS } from "./limits.ts";
import { RulesSchema, WorldParamSchemas } from "./params.ts";

export const SCENARIO_FORMAT_VERSION = 1;

export { MAX_QUARTERS };

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
/**
 * Every figure of a scenario has a declared ceiling, far beyond any real company yet low enough
 * that six years of the model's growth stay finite and the ledger exact (ledger.ts: exact to
 * about $4 × 10^28). Money: $10^15, some ten times the world's yearly output, whether a stock
 * (cash, debt, book value) or a quarter's flow (revenue, payroll, budget).
 */
export const MAX_DOLLARS = 1e15;
/** A non-negative figure up to `max` (in the field's unit). */
const NonNeg = (max: number) => z.number().min(0).max(max);
/** A positive figure up to `max` (in the field's unit). */
const Pos = (max: number) => z.number().positive().max(max);
const Dollars = NonNeg(MAX_DOLLARS);
/** A price per unit of something ($ per GPU-hour, per million tokens, per MWh): at most $100,000. */
const UnitPrice = 1e5;

/** Starting books common to every company (US dollars). */
const BooksSchema = z.strictObject({
  cash: Dollars,
  debt: Dollars.default(0),
  /** shares outstanding (millions); valuation / shares = price per share */
  sharesMillions: Pos(1e7).default(1000),
  /** revenue of the previous quarter, used for the first growth and valuation figures */
  lastQuarterRevenue: Dollars.default(0),
  /**
   * growth of revenue over the year before the game (fraction/year; 2.33 = "growing 233% YoY",
   * seed-facts §4.3): when given, the company opens with a revenue history of
   * `valuation.growthQuarters` quarters that grew at this rate to `lastQuarterRevenue`, so its
   * first valuations see the growth it had; when not, its history is the last quarter alone
   */
  revenueGrowth: z.number().min(-0.9).max(100).optional(),
  /**
   * operating margin of the previous quarter (operating income over revenue; −1.6 = an
   * operating loss of 160% of revenue, seed-facts §4.3), which the opening valuation prices
   */
  operatingMargin: z.number().min(-10).max(1).default(0),
});

const ModelSpecSchema = z.strictObject({
  id: Id,
  name: z.string().min(1).max(60),
  tier: TierSchema,
  /** Intelligence-Index-like capability score [seed 000: 60.2 vs 61.4] */
  capability: z.number().min(0).max(150),
  /** tokens per task relative to the reference (the "overthinking tax") [seed 000] */
  verbosity: Pos(100),
  /** serving throughput: million tokens per H100-equivalent GPU-hour */
  mtokPerGpuHour: Pos(1e5),
  /** list prices, $ per million tokens */
  inputPrice: NonNeg(UnitPrice),
  outputPrice: NonNeg(UnitPrice),
  /** open weights can be served by any lab or hyperscaler at cost */
  openWeights: z.boolean().default(false),
  /**
   * the quarter this version came out, counted from the game's first (0: just before it, −1 a
   * quarter earlier): a lab's next release falls due `releaseMinQuarters` after it, so labs whose
   * models came out at different times keep releasing in turn [seed-facts §2 #13 (002/A8)]
   */
  released: z.number().int().min(-8).max(0).default(0),
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
        gpuHoursPerQuarter: Pos(1e13),
        price: Pos(UnitPrice),
        quartersLeft: z.number().int().min(1).max(40),
      }),
    )
    .max(8)
    .default([]),
  /** research payroll and G&A, $ per quarter */
  payroll: Dollars,
  /** sales and marketing as a share of revenue [seed 002/A3: ~40% at OpenAI] */
  salesShare: Frac,
  /** consumer subscribers (millions) on flat plans */
  subscribersMillions: NonNeg(1e4).default(0),
  /** training compute accumulated towards the next model (GPU-hours) */
  trainingPool: NonNeg(1e15).default(0),
  /** efficiency knowledge stock: lowers verbosity and raises throughput */
  efficiencySpend: Dollars.default(0),
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
  powerMw: NonNeg(1e6),
  /** installed accelerators, H100-equivalent units */
  installedUnits: NonNeg(1e9),
  /** net book value of the installed accelerators ($) */
  fleetBookValue: Dollars,
  /** MW under construction: [{ mw, quartersLeft }] */
  pipeline: z
    .array(z.strictObject({ mw: Pos(1e6), quartersLeft: z.number().int().min(1).max(16) }))
    .max(16)
    .default([]),
  /** the rest of its business (cloud, ads): revenue and operating margin per quarter */
  otherRevenue: Dollars,
  otherRevenueGrowth: z.number().min(-0.2).max(0.3),
  otherMargin: Frac,
  /** own AI products use this share of its GPU-hours */
  ownUseShare: Frac,
  contractPrice: Pos(UnitPrice),
  spotFloor: Pos(UnitPrice),
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
  perfPerUnit: Pos(1000),
  kwPerUnit: Pos(1000),
  diesPerWafer: Pos(1e4),
  /** HBM stacks per unit */
  hbmPerUnit: Pos(1000),
  /** packaging and other cost per unit ($) */
  packagingCost: NonNeg(1e8),
  unitPrice: Pos(1e8),
  wafersPerQuarter: NonNeg(1e8),
  rndPerQuarter: Dollars,
  /** for ASICs: the lab whose models the chip serves, and the guarantor hyperscaler */
  partnerLab: Id.optional(),
  guarantor: Id.optional(),
  inventoryUnits: NonNeg(1e9).default(0),
});

const EnterpriseSpecSchema = z.strictObject({
  id: Id,
  role: z.literal("enterprise"),
  name: z.string().min(1).max(60),
  personality: PersonalitySchema.default("cautious"),
  books: BooksSchema,
  /** its base business: revenue per quarter and operating margin */
  baseRevenue: Pos(MAX_DOLLARS),
  baseMargin: Frac,
  /** labour cost per quarter that AI can substitute */
  labourCost: Dollars,
  /** potential tasks per quarter by task class id */
  tasks: z.record(Id, NonNeg(1e15)),
  budget: Dollars,
  routing: z.record(Id, z.strictObject({ policy: RoutingPolicySchema, model: Id.optional(), fallback: Id.optional() })),
  /** adoption of its potential tasks (0..1) and the ceiling integration can lift it to */
  adoption: Frac,
  adoptionCeiling: Frac,
  integrationPerQuarter: Dollars,
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
  tokensPerTask: Pos(1e10),
  /** share of a task's tokens that are output tokens */
  outputShare: Frac,
  /** log-normal value per task: median ($) and sigma (log scale) */
  valueMedian: Pos(1e8),
  valueSigma: z.number().min(0.05).max(5),
  /** tasks per quarter the rest of the economy could send to AI */
  restPotential: NonNeg(1e15),
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
 * seed-facts.md (its last table) as a parameter, so either side can play out. Each parameter is
 * declared once, with its unit, domain, plausible range and source, in params.ts; `rules` holds
 * the coefficients of each step (their defaults unless a scenario sets them).
 */
export const WorldSchema = z.strictObject({
  foundry: WorldParamSchemas.foundry,
  memory: WorldParamSchemas.memory,
  energy: z.record(RegionSchema, z.strictObject({ pricePerMwh: Pos(UnitPrice) })),
  capital: WorldParamSchemas.capital,
  dataCentre: WorldParamSchemas.dataCentre,
  params: WorldParamSchemas.params,
  rules: RulesSchema,
});
export type World = z.infer<typeof WorldSchema>;

/**
 * A debrief discussion prompt. `shocks` ties it to shocks of the catalogue (the debrief puts
 * prompts whose shocks fired first); none: it applies to every game. `facts` cites the
 * stylized facts and shocks it illustrates, as in ../shared/seed-facts.md (e.g. "fact 7", "§3 #5").
 */
export const DebriefPromptSchema = z.strictObject({
  prompt: z.string().min(1).max(400),
  /** what to look at while discussing it (a chart, a books line) */
  lookAt: z.string().max(200).optional(),
  shocks: z.array(Id).max(10).default([]),
  facts: z.array(z.string().min(1).max(40)).min(1).max(8),
});
export type DebriefPrompt = z.infer<typeof DebriefPromptSchema>;

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
  /** discussion prompts for the debrief, tied to the stylized facts its shocks illustrate; ignored by the engine */
  debrief: z.array(DebriefPromptSchema).max(20).optional(),
});
export type Scenario = z.infer<typeof ScenarioSchema>;
export type ScenarioInput = z.input<typeof ScenarioSchema>;
