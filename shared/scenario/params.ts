/**
 * Every parameter of the model, declared once: the world a scenario sets (`world.foundry`,
 * `world.memory`, `world.capital`, `world.dataCentre`, `world.params`) and the rules each step
 * of a quarter uses (`world.rules.<step>.<name>`, with rules v1's values as defaults). Each has
 * its unit, its domain (the values the model accepts: outside it a scenario is refused with an
 * error naming the field), a plausible low and high (what sensitivity analysis varies), its
 * source in ../shared/seed-facts.md where there is one, and what it means.
 *
 * The zod schema of the scenario's `world` (schema.ts) is made from this file, and
 * `npm run sim -- list --params` prints it, so neither can disagree with it.
 */
import { z } from "zod";

export interface NumberDomain {
  readonly kind: "number";
  readonly min: number;
  readonly max: number;
  /** the minimum itself is outside the domain */
  readonly minOpen?: boolean;
  readonly int?: boolean;
}
export interface NumbersDomain {
  readonly kind: "numbers";
  readonly min: number;
  readonly max: number;
  readonly minOpen?: boolean;
  readonly length: number;
  /** each number at most the one before it (the prices of a demand curve, highest first) */
  readonly descending?: boolean;
}
export interface EnumDomain<V extends string = string> {
  readonly kind: "enum";
  readonly values: readonly V[];
}
export interface BooleanDomain {
  readonly kind: "boolean";
}
export type Domain = NumberDomain | NumbersDomain | EnumDomain | BooleanDomain;

export interface Param<D extends Domain = Domain> {
  readonly unit: string;
  readonly domain: D;
  /** what sensitivity analysis varies (numbers only) */
  readonly plausible?: readonly [number, number];
  /**
   * where the value comes from: a seed-facts reference where the seeds give the number or the
   * direction; "modelling choice (vN): <reason>" where the value is a judgement (vN: the rules
   * version that made it), with the seed reference that bounds it if any; "game rule (…)" for a
   * limit on what an order may ask; "reporting (…)" for a threshold that only changes what the
   * game shows
   */
  readonly source: string;
  readonly doc: string;
  /** the value when a scenario does not set it (rules: rules v1's constant); none: the scenario must set it */
  readonly default?: number | string | boolean | readonly number[];
}

/** A parameter's value type. */
export type ValueOfParam<P> =
  P extends Param<infer D>
    ? D extends NumberDomain
      ? number
      : D extends NumbersDomain
        ? number[]
        : D extends EnumDomain<infer V>
          ? V
          : D extends BooleanDomain
            ? boolean
            : never
    : never;

/** A number parameter: domain [min, max] (min excluded when `open`), plausible range, source, meaning, default. */
function num(
  unit: string,
  domain: readonly [number, number],
  plausible: readonly [number, number],
  source: string,
  doc: string,
  def?: number,
  o: { minOpen?: boolean; int?: boolean } = {},
): Param<NumberDomain> {
  return {
    unit,
    domain: { kind: "number", min: domain[0], max: domain[1], ...o },
    plausible,
    source,
    doc,
    ...(def === undefined ? {} : { default: def }),
  };
}
function choice<const V extends string>(values: readonly V[], source: string, doc: string, def?: V): Param<EnumDomain<V>> {
  return { unit: "choice", domain: { kind: "enum", values }, source, doc, ...(def === undefined ? {} : { default: def }) };
}
function flag(source: string, doc: string, def?: boolean): Param<BooleanDomain> {
  return { unit: "yes/no", domain: { kind: "boolean" }, source, doc, ...(def === undefined ? {} : { default: def }) };
}

/**
 * A rule's number: rules v1's constant as its default, plausible from half to one and a half times
 * it unless given. Its source is required: a rule says where its value comes from (Param.source).
 */
function rule(
  unit: string,
  def: number,
  domain: readonly [number, number],
  doc: string,
  o: { plausible?: readonly [number, number]; source: string; minOpen?: boolean; int?: boolean },
): Param<NumberDomain> {
  // (to 12 digits: 0.9, not the 0.8999999999999999 that 0.6 × 1.5 gives)
  let lo = Math.max(domain[0], Number((def > 0 ? def * 0.5 : def * 1.5).toPrecision(12)));
  let hi = Math.min(domain[1], Number((def > 0 ? def * 1.5 : def * 0.5).toPrecision(12)));
  // a whole-number rule varies over whole numbers
  if (o.int) [lo, hi] = [Math.ceil(lo), Math.floor(hi)];
  return num(unit, domain, o.plausible ?? [lo, hi], o.source, doc, def, { minOpen: o.minOpen, int: o.int });
}

// ---------------------------------------------------------------------------------------------
// The world a scenario sets (every scenario file gives these).

export const WORLD_PARAMS = {
  foundry: {
    capacityWafers: num(
      "wafers/quarter",
      [0, 1e9],
      [70000, 280000],
      "seed-facts §1.7, §4.6",
      "leading-node wafers per quarter available to AI accelerators",
      undefined,
      { minOpen: true },
    ),
    pricePerWafer: num("$", [0, 1e7], [15000, 40000], "seed-facts §4.7", "price of a leading-node wafer", undefined, { minOpen: true }),
    discipline: flag("seed-facts §1.7 (002/A8)", "TSMC discipline: capacity is added only after sustained >95% utilisation"),
    growthPerQuarter: num("fraction/quarter", [0, 0.5], [0.02, 0.12], "seed-facts §1.7", "capacity growth per quarter once triggered"),
    leadQuarters: num("quarters", [1, 12], [3, 10], "seed-facts §1.7", "lead time of new foundry capacity", undefined, { int: true }),
  },
  memory: {
    capacityStacks: num("stacks/quarter", [0, 1e12], [7e6, 28e6], "seed-facts §1.8", "HBM stacks per quarter", undefined, {
      minOpen: true,
    }),
    pricePerStack: num("$", [0, 1e6], [250, 700], "seed-facts §1.8", "price of an HBM stack", undefined, { minOpen: true }),
    lagQuarters: num(
      "quarters",
      [1, 12],
      [2, 8],
      "seed-facts §1.8 (004 #9)",
      "lag between a price signal and new memory capacity: the glut/shortage cycle",
      undefined,
      { int: true },
    ),
    demandElasticity: num(
      "elasticity",
      [0, 3],
      [0.3, 1.6],
      "seed-facts last table: 004 #8 vs 001",
      "DISPUTED: memory demand per unit under memory efficiency; below 1 a glut, above 1 Jevons",
    ),
  },
  capital: {
    rate: num("fraction/year", [0, 0.2], [0.02, 0.07], "seed-facts §4.8", "risk-free rate at the start"),
    sentiment: num("index", [0.1, 3], [0.6, 1.5], "seed-facts §4.8", "equity sentiment at the start (1 = neutral)"),
    macroRegime: choice(
      ["deflation", "neutral", "inflation"],
      "seed-facts last table: 001 vs 004",
      "DISPUTED macro regime: drift of the rate per quarter",
    ),
    baseMultiple: num(
      "× revenue",
      [0, 1000],
      [10, 40],
      "seed-facts §4.8 (002/A6: ~20x)",
      "revenue multiple at neutral sentiment for a company growing 100% a year",
      undefined,
      { minOpen: true },
    ),
    leverageAppetite: num(
      "× annual revenue",
      [0, 10],
      [0.5, 4],
      "seed-facts last table: A8 vs 004 #11",
      "DISPUTED funding source: credit available per $ of annual revenue",
    ),
    debtTermYears: {
      ...num(
        "years",
        [0, 30],
        [2, 8],
        "seed-facts §2 #21 (002/A8), §1.4 (000)",
        "average term of debt; each quarter 1/(4 × term) falls due and is rolled over only as far as lenders would lend today; 0 = debt rolls over indefinitely",
      ),
      default: 0,
    },
  },
  dataCentre: {
    costPerMw: num("$/MW", [0, 1e9], [7e6, 16e6], "seed-facts §4.6", "cost of a MW of data centre", undefined, { minOpen: true }),
    buildQuarters: num("quarters", [1, 16], [2, 8], "seed-facts §1.9", "quarters to build power", undefined, { int: true }),
    networkingPerUnit: num("$", [0, 1e6], [3000, 10000], "seed-facts §4.7", "non-chip capex per accelerator (networking, racks)"),
  },
  params: {
    successScale: num(
      "capability points",
      [0, 100],
      [1.5, 9],
      "modelling choice (v1): 3, against which the classes' quality bars were set. Seed-facts §4.9's scores read against base's capabilities (its frontier models at §4.1's Intelligence Index, 60.2 and 61.4) give about 7 (AutomationBench Finance: GPT-5.5 18%, Sonnet 4.6 8%, Haiku 4.5 3%, at base's 60.2, 55 and 46) to 9 (GPQA Diamond: Opus 4.8 92, Haiku 4.5 67.2, at 61.4 and 46), so the plausible range reaches 9 (docs/model.md, Known gaps)",
      "logistic scale of success probability against the capability margin",
      undefined,
      { minOpen: true },
    ),
    capabilityPerDoubling: num(
      "capability points",
      [0, 20],
      [1, 4],
      "MODEL.md",
      "capability gained per doubling of training compute over the reference",
    ),
    scalingStrength: num(
      "multiplier",
      [0, 3],
      [0.3, 1.7],
      "seed-facts last table: 004 #3 vs A10",
      "DISPUTED scaling laws: multiplier on capability gains; below 1 flattening",
    ),
    trainingReference: num(
      "GPU-hours",
      [0, 1e15],
      [1.5e9, 6e9],
      "seed-facts §1.1, §4.3 (002/A3: OpenAI's 2025 R&D, mostly training compute, $19.18B, $10.59B of it paid to Microsoft) at §4.7's ~$6.98 per H100-hour on demand (002/A3): 1.5e9 to 2.7e9 GPU-hours a year, so the reference is of the order of a frontier lab's yearly training (base's 3e9 a little above the top of it); the unit itself a modelling choice (v1), about base's opening frontier run",
      "training GPU-hours of a reference release",
      undefined,
      {
        minOpen: true,
      },
    ),
    catchUp: num(
      "share/quarter",
      [0, 1],
      [0.1, 0.6],
      "seed-facts last table: A4 vs A8",
      "DISPUTED model-layer value: how fast trailing models close the gap to the best",
    ),
    switchingStickiness: num(
      "share",
      [0, 1],
      [0.3, 0.9],
      "seed-facts last table: 003a vs A8; 001",
      "DISPUTED: share of last quarter's routing buyers keep",
    ),
    sovereignShift: num(
      "share",
      [0, 1],
      [0, 0.6],
      "seed-facts last table: 001 thread vs reply",
      "DISPUTED ban effect: share of a banned model's demand that moves to open or sovereign inference (the rest stays with closed models)",
    ),
    reasoningGrowth: num(
      "fraction/quarter",
      [-0.3, 1],
      [0, 0.1],
      "seed-facts last table: A3 vs 000",
      "DISPUTED OpenAI unit economics: growth of tokens per task per quarter (reasoning)",
    ),
    economicLifeYears: num(
      "years",
      [1, 20],
      [3, 8],
      "seed-facts last table: A8 vs 003r",
      "DISPUTED GPU useful life: economic life of accelerators",
    ),
    chipPricingPower: num(
      "share",
      [0, 1],
      [0.2, 1],
      "seed-facts last table: 003a vs 003r",
      "DISPUTED who wins from efficiency: chipmakers' pricing power",
    ),
    demandGrowthLow: num(
      "fraction/quarter",
      [-0.3, 2],
      [-0.05, 0.05],
      "seed-facts last table: 004 #5 vs A10",
      "DISPUTED revenue trajectory: low end of the demand growth cone, drawn per run",
    ),
    demandGrowthHigh: num(
      "fraction/quarter",
      [-0.3, 2],
      [0.04, 0.2],
      "seed-facts last table: 004 #5 vs A10",
      "DISPUTED revenue trajectory: high end of the demand growth cone",
    ),
    rationing: choice(
      ["throttle", "shorten"],
      "seed-facts last table: A10 vs A8",
      "DISPUTED Opus token cut: when capacity binds, throttle (serve fewer) or shorten outputs (quality falls)",
    ),
    heavyUseGrowth: num(
      "fraction/quarter",
      [0, 2],
      [0.05, 0.3],
      "seed-facts last table: A4 vs A8",
      "DISPUTED flat vs usage pricing: heavy users' token growth per quarter on flat plans",
    ),
    consumerMtokPerSub: num("MTok/quarter", [0, 1e6], [0.6, 2.4], "seed-facts §4.5", "consumer tokens per subscriber per quarter"),
    flatPlanPrice: num("$/month", [0, 1e4], [10, 40], "seed-facts §1.1 (A4: twenty dollars a month)", "flat consumer plan price"),
    availability: num(
      "share",
      [0, 1],
      [0, 1],
      "seed-facts last table: A8 vs A9",
      "DISPUTED compute scarcity: how available accelerators are (0.85 to 0.95 of hours)",
    ),
    consumerBar: num(
      "capability",
      [0, 150],
      [25, 45],
      "seed-facts §4.3, §4.5 (002/A3: 44 million ChatGPT Plus subscriptions in 2025 against ~800 million weekly users, Plus projected 'to fall… toward cheaper tiers'): most chat runs on free and cheap tiers, so the bar sits below every opening model in base (the weakest at 42) and any tier serves chat; base's 35 a modelling choice (v1)",
      "capability consumer chat needs",
    ),
    habitDecay: num("share/quarter", [0, 1], [0.02, 0.2], "seed-facts §2 (003a)", "how fast the frontier-for-everything habit fades"),
    minSuccess: num(
      "probability",
      [0.01, 0.99],
      [0.15, 0.5],
      "seed-facts §2 #5 (003a: the right model is 'the cheapest model that clears the task's quality bar'), §4.9 (002/A2: Haiku 4.5 at 3% and GPT-5.4-mini at 0% on AutomationBench Finance): a model under a class's bar is not bought for it; the 0.3 a modelling choice (v1): a model failing most attempts clears no bar",
      "a model whose success probability is below this is not viable for a task",
    ),
    economyOutput: {
      ...num(
        "$/quarter",
        [1e9, 1e16],
        [2e13, 4e13],
        "seed-facts §2 #38 (001)",
        "the world economy's output per quarter, held for the game",
      ),
      default: 29e12,
    },
    valueDeflation: {
      ...num(
        "factor",
        [0, 100],
        [0, 20],
        "seed-facts last table: 001 vs 004 #3; §2 #38, #11",
        "DISPUTED macro: how much the value of AI-done work falls as AI's output grows relative to the economy",
      ),
      default: 0,
    },
    capabilityValuePremium: {
      ...num(
        "log-value/point",
        [0, 1],
        [0.01, 0.1],
        "seed-facts §2 (002/A8)",
        "value of an uncapped task per capability point above its quality bar",
      ),
      default: 0.08,
    },
  },
} as const satisfies Record<string, Record<string, Param>>;

// ---------------------------------------------------------------------------------------------
// The rules of each step (world.rules.<step>.<name>): rules v1's constants, now parameters.

export const RULES = {
  orders: {
    contractLeadQuarters: rule("quarters", 2, [0, 8], "quarters before a hyperscaler's new contract starts delivering", {
      int: true,
      plausible: [1, 4],
      source:
        "seed-facts §4.6 (002/A10: new compute lands 'on ramps locked in 12 months prior'), §5 fact 6 (~4 quarters after signing): plausible up to 4",
    }),
    neocloudLeadQuarters: rule("quarters", 1, [0, 8], "quarters before a neocloud's new contract starts delivering", {
      source:
        "seed-facts §1.4 (000: GPU-hour rental, build-to-suit leases), §3 #35 (002/A7, 002/A10: 'xAI is reportedly handing older data centers to Anthropic': a capacity-constrained lab gains near-term capacity from a tier-2 provider): a neocloud rents out capacity it has, so it delivers sooner than a hyperscaler's compute 'on ramps locked in 12 months prior' (contractLeadQuarters); the one quarter a modelling choice (v1)",
      int: true,
      plausible: [0, 2],
    }),
    contractMaxShare: rule("fraction", 0.6, [0, 1], "the most of a provider's capacity one contract may ask for", {
      source:
        "game rule (a limit on what an order may ask), not a calibration; seed-facts §4.6 (002/A1: Microsoft guarantees 40% of Jalapeño chips), §1.1 (002/A10: Anthropic runs GPU, TPU and Trainium 'fungibly')",
      plausible: [0.4, 0.8],
    }),
    incomingAvailability: rule(
      "fraction",
      0.9,
      [0, 1],
      "share of the hours of accelerators waiting for power a provider counts on when it signs",
      {
        source:
          "seed-facts §2 #26 (002/A8: 'zoning and political approval, not chips or energy, are the gating factors'; watts ease in 2027–28): power delays hours more than it cancels them; the 0.9 a modelling choice (v1): a provider counts on most of the hours still waiting for power",
        plausible: [0.7, 1],
      },
    ),
    contractCapacityHeadroom: rule("factor", 1.05, [0.5, 2], "how far beyond its capacity a provider sells contracts", {
      source:
        "seed-facts §4.6 (002/A7: compute 'booked out three years and beyond'): providers sell ahead of what they have; the 5% oversell a modelling choice (v1)",
      plausible: [1, 1.2],
    }),
    contractOwnUseReserve: rule("factor", 1.1, [0.5, 3], "what a provider keeps for its own products, as a multiple of their use", {
      source:
        "seed-facts §1.3 (002/A8: 'Satya Nadella's current decision to use Microsoft compute for Copilot rather than reselling to OpenAI'): a hyperscaler serves its own products before it sells to labs; the 10% margin over their use a modelling choice (v1)",
      plausible: [1, 1.3],
    }),
    contractMinGpuHours: rule("GPU-hours", 1e6, [0, 1e12], "the smallest contract a provider signs", {
      source: "game rule (a limit on what an order may ask), not a calibration",
    }),
    equityMaxShareOfValuation: rule(
      "fraction",
      0.3,
      [0, 1],
      "the most equity a company may raise in a quarter, as a share of its valuation",
      {
        source:
          "seed-facts §4.8 (002/A6: Anthropic raised $65B at $965B post-money, 7%; 002/A3: OpenAI $122B at ~$852B post, 14%): a cap above the largest rounds",
        plausible: [0.1, 0.4],
      },
    ),
    labEquityWindowSentiment: rule("index", 0.45, [0, 3], "below this lab sentiment the equity window is shut for labs", {
      source:
        "modelling choice (v1): the window shuts when lab sentiment is under half of neutral (seed-facts §4.8: a liquidity window, 'within roughly a 12-month window', 002/A5; §3 #24, IPO supply)",
    }),
    waferOrderMaxCapacity: rule(
      "× capacity",
      3,
      [0, 100],
      "the most wafers a chipmaker may order, as a multiple of the foundry's capacity",
      { source: "game rule (a limit on what an order may ask), not a calibration" },
    ),
    splitTolerance: rule("fraction", 0.005, [0, 0.1], "how far a compute split may be from adding up to 1", {
      source: "game rule (a limit on what an order may ask), not a calibration: the rounding a compute split's shares may carry",
    }),
  },
  shocks: {
    phasedReleaseWidening: rule("share/quarter", 0.35, [0, 1], "how much a phased release widens each quarter", {
      source:
        "seed-facts §2 #31 (002/A10: after a capability spike release goes to a smaller, defence-first group and 'expands over time'); the pace a modelling choice (v1): full availability in about three quarters",
    }),
    competitionFirstShare: rule(
      "share",
      0.5,
      [0, 1],
      "share of a second foundry's capacity that lands in the next quarter (the rest two quarters later)",
      { source: "seed-facts §5 fact 8 (002/A8: a second leading-edge foundry, 'the other will follow'): its capacity ramps over quarters" },
    ),
    competitionLaterQuarters: rule("quarters", 3, [1, 12], "when the rest of a second foundry's capacity lands", {
      source: "seed-facts §5 fact 8 (002/A8): a second foundry's capacity ramps over quarters",
      int: true,
    }),
    hbmPerUnitFloor: rule("stacks", 0.5, [0, 100], "the fewest HBM stacks an accelerator can need", {
      source:
        "seed-facts §1.8, §4.2 (004 #8: efficient attention 'can cut RAM needs by 80% or more'): an 80% cut takes base's 8 and 6 HBM stacks a unit to 1.6 and 1.2, above the floor, so such a cut plays out in full; the 0.5 (a 94% cut of 8) a modelling choice (v1): an accelerator needs memory however efficient attention gets",
    }),
    sentimentFloor: rule("index", 0.1, [0, 3], "the lowest a sector's sentiment can fall", {
      source:
        "modelling choice (v1): mood alone never makes a sector unfinanceable; the seeds' deepest risk-asset fall is about half (seed-facts §4.8, 002/A7: Bitcoin 126K toward 60K), far above the floor",
    }),
  },
  supply: {
    supplyExecutionSpread: rule(
      "log spread/quarter",
      0.05,
      [0, 1],
      "spread of the leading-node wafer output and of the HBM output a quarter against plan, as yields and advanced packaging vary (median 1; one draw each a quarter)",
      {
        plausible: [0, 0.15],
        source:
          "modelling choice (v21); seed-facts §1.7 (002/A8: TSMC supplies less than the 'two to three trillion dollars' of GPUs demanded), §1.8 (HBM), §5 fact 24 (HBM and packaging as hardware bottlenecks, 001): output that binds from the first quarter is known only as it comes",
      },
    ),
    prepaidCapShare: rule("fraction", 0.85, [0, 1], "the most of its capacity the foundry gives prepaid orders first", {
      source:
        "seed-facts §1.3, §5 fact 7 (000: 'The prepay raises rivals' input costs by design'): prepaid orders come first; the 0.85 a modelling choice (v1): most, not all, of the capacity, so buyers who do not prepay still get some",
    }),
    utilizationCap: rule("fraction", 1.5, [1, 10], "the highest wafer utilisation reported (demand over capacity)", {
      source: "reporting (what the game shows), not the economy",
    }),
    waferPriceTarget: rule("fraction", 0.9, [0, 2], "a disciplined foundry raises its price above this utilisation", {
      source:
        "modelling choice (v1): the price rises before full use; seed-facts §1.7, §2 #23 (002/A8: TSMC's 'capacity discipline' and 'pricing discipline')",
    }),
    waferPriceSpeed: rule("per unit", 0.06, [0, 1], "how fast a disciplined foundry's price answers utilisation", {
      source:
        "modelling choice (v1): a disciplined foundry moves its price slowly; seed-facts §1.7, §2 #23 (002/A8: TSMC's 'pricing discipline')",
    }),
    waferPriceFall: rule("fraction", 0.03, [0, 1], "the most a disciplined foundry's price falls in a quarter", {
      source:
        "modelling choice (v1): a disciplined foundry's price rises faster than it falls; seed-facts §1.7, §2 #23 (002/A8: TSMC's 'pricing discipline')",
    }),
    waferPriceRise: rule("fraction", 0.08, [0, 1], "the most a disciplined foundry's price rises in a quarter", {
      source:
        "modelling choice (v1): a disciplined foundry's price rises faster than it falls; seed-facts §1.7, §2 #23 (002/A8: TSMC's 'pricing discipline')",
    }),
    openWaferPriceSpeed: rule("per unit", 0.08, [0, 1], "how fast an undisciplined foundry's price answers utilisation (around full)", {
      source:
        "modelling choice (v1): without discipline the price follows utilisation faster; seed-facts §3 #6, §5 fact 8 (002/A8: with a second leading-edge foundry 'TSMC's discipline collapses')",
    }),
    openWaferPriceFall: rule("fraction", 0.1, [0, 1], "the most an undisciplined foundry's price falls in a quarter", {
      source:
        "modelling choice (v1): without discipline the price falls faster than it rises; seed-facts §3 #6, §5 fact 8 (002/A8: 'TSMC's discipline collapses', GPU prices fall)",
    }),
    openWaferPriceRise: rule("fraction", 0.05, [0, 1], "the most an undisciplined foundry's price rises in a quarter", {
      source:
        "modelling choice (v1): without discipline the price falls faster than it rises; seed-facts §3 #6, §5 fact 8 (002/A8: 'TSMC's discipline collapses', GPU prices fall)",
    }),
    waferPriceFloor: rule("$", 3000, [0, 1e6], "the lowest wafer price", {
      source:
        "seed-facts §5 fact 8 (002/A8: with a second leading-edge foundry wafer supply jumps and GPU prices fall; fiber in 2000: 'ninety nine percent of fiber was unused') is the deepest glut the seeds describe, and they price no wafer; the floor at about an eighth of base's $25,000 leading-node wafer a modelling choice (v1): the most a glut takes off",
    }),
    memoryPriceTarget: rule("fraction", 0.92, [0, 2], "memory prices rise above this utilisation", { source: "seed-facts §1.8 (004 #9)" }),
    memoryPriceSpeed: rule("per unit", 0.35, [0, 5], "how fast memory prices answer utilisation", {
      source:
        "modelling choice (v1): memory prices swing wider than wafers'; seed-facts §1.8, §5 fact 3 (004 #9: the 'traditional glut versus shortage cycle'; 001 and A5: demand grows)",
    }),
    memoryPriceFall: rule("fraction", 0.25, [0, 1], "the most memory prices fall in a quarter", {
      source:
        "seed-facts §1.8, §3 #17, §5 fact 3 (004 #9: 'the traditional glut versus shortage cycle'; 004 #8: efficient attention 'can cut RAM needs by 80% or more'; 002/A5: 'memory per user could quintuple'): memory prices swing both ways, by an amount the seeds do not give; the 25% a quarter a modelling choice (v1): a glut takes memory down a little slower than a shortage takes it up (memoryPriceRise)",
    }),
    memoryPriceRise: rule("fraction", 0.3, [0, 2], "the most memory prices rise in a quarter", {
      source:
        "seed-facts §1.8, §3 #17, §5 fact 3 (004 #9: 'the traditional glut versus shortage cycle'; 004 #8: efficient attention 'can cut RAM needs by 80% or more'; 002/A5: 'memory per user could quintuple'): memory prices swing both ways, by an amount the seeds do not give; the 30% a quarter a modelling choice (v1): a shortage bids memory up a little faster than a glut takes it down (memoryPriceFall)",
    }),
    memoryPriceFloor: rule("$", 40, [0, 1e5], "the lowest price of an HBM stack", {
      source:
        "seed-facts §1.8, §4.2 (004 #8: efficient attention 'can cut RAM needs by 80% or more') is the deepest memory glut the seeds name, and they price no HBM stack; the floor at about a tenth of base's $450 stack a modelling choice (v1): the most a glut takes off",
    }),
    memoryBuildBase: rule("fraction/quarter", 0.02, [-0.5, 0.5], "memory capacity growth per quarter at the reference price", {
      source: "seed-facts §1.8 (004 #9)",
    }),
    memoryBuildResponse: rule("per unit", 0.12, [0, 2], "memory capacity growth per unit of the lagged price above the reference", {
      source:
        "seed-facts §1.8 (004 #9: memory makers set capacity through a 'traditional glut versus shortage cycle'): they build when prices are high; the 12% a quarter per unit of the lagged price above the reference a modelling choice (v1)",
    }),
    memoryBuildFall: rule("fraction", 0.06, [0, 1], "the most memory capacity shrinks in a quarter", {
      source:
        "seed-facts §1.8 (004 #9: the 'traditional glut versus shortage cycle'); the 6% a quarter a modelling choice (v1): memory makers idle capacity in a glut more slowly than they add it in a shortage (memoryBuildRise)",
    }),
    memoryBuildRise: rule("fraction", 0.2, [0, 2], "the most memory capacity grows in a quarter", {
      source:
        "seed-facts §1.8 (004 #9: the 'traditional glut versus shortage cycle'); the 20% a quarter a modelling choice (v1): memory makers add capacity in a shortage faster than they idle it in a glut (memoryBuildFall)",
    }),
    foundryHighUtilization: rule("fraction", 0.95, [0, 2], "utilisation counted as high by a disciplined foundry", {
      source:
        "modelling choice (v1): 95% counts as full use (the seeds give no threshold); seed-facts §1.7 (002/A8: 'capacity discipline'), §5 fact 8 (utilisation 'near 100%')",
    }),
    foundryHighQuarters: rule("quarters", 3, [1, 12], "quarters of high utilisation before a disciplined foundry adds capacity", {
      source: "modelling choice (v1): three quarters count as sustained full use; seed-facts §1.7 (002/A8: TSMC's 'capacity discipline')",
      int: true,
    }),
    openFoundryGrowthFactor: rule("× growth", 2, [0, 10], "an undisciplined foundry adds this multiple of the growth every quarter", {
      source: "seed-facts §5 fact 8 (002/A8: with a second foundry wafer supply jumps)",
    }),
    openFoundryLeadQuarters: rule("quarters", 2, [1, 12], "lead time of an undisciplined foundry's capacity", {
      source:
        "seed-facts §5 fact 8 (002/A8: once Intel or Samsung reaches the leading node 'the other will follow' and wafer supply jumps): foundries without discipline add capacity fast; the 2 quarters, against the 6 of base's disciplined foundry (world.foundry.leadQuarters), a modelling choice (v1)",
      int: true,
    }),
    chipScarcityPremiumMax: rule(
      "fraction",
      1,
      [0, 10],
      "the most scarcity adds to a chip's list price (the premium is convex in the shortfall up to this cap)",
      {
        plausible: [0.3, 2],
        source:
          "seed-facts §5 fact 7 (002/A8: Nvidia demand of $2-3T against what wafers allow; memory and ASIC makers see strong pricing)",
      },
    ),
    chipScarcityFull: rule(
      "fraction",
      0.5,
      [0, 1],
      "shortfall of supply (stock and this quarter's production) against two quarters of orders at which the premium reaches its cap",
      {
        minOpen: true,
        plausible: [0.25, 0.8],
        source:
          "modelling choice (v2): the premium is at its cap when supply covers half of two quarters' orders; seed-facts §5 fact 7 (002/A8: Nvidia demand of $2-3T against what wafers allow)",
      },
    ),
    chipGlutDiscount: rule(
      "per unit",
      1,
      [0, 10],
      "share of the list price's margin over unit cost given up per unit of supply in excess of orders (prices drift to cost in a glut)",
      { plausible: [0.3, 2], source: "seed-facts §5 fact 8 (002/A8: GPU prices fall when capacity outruns demand)" },
    ),
    chipPriorityShare: rule(
      "fraction",
      0.85,
      [0, 1],
      "the most of a chipmaker's stock its allocation list (long-standing customers) takes before the rest is sold by bid (at equal bids the list still comes first)",
      {
        plausible: [0.4, 1],
        source:
          "seed-facts §5 fact 7 (000: the prepay raises rivals' input costs; neoclouds lack allocation priority, so they pay more, not go without), §1.5 (003r: half of Nvidia's AI revenue comes from non-hyperscalers); most, not all, as the foundry's prepaidCapShare",
      },
    ),
    chipAllocation: choice(
      ["inOrder", "proRata"],
      "modelling choice (v8); seed-facts §1.5 (003r: half of Nvidia's AI revenue comes from non-hyperscalers: sales spread over many customers)",
      "how a chipmaker's allocation list shares scarce output: in its order (the first takes all it ordered before the next gets any), or pro rata to what each ordered",
      "inOrder",
    ),
    chipGlutDiscountMax: rule("fraction", 0.5, [0, 1], "the most of the list price's margin over unit cost a glut takes off in a quarter", {
      source:
        "modelling choice (v2): a glut takes at most half the margin off in a quarter, so prices drift to cost over quarters; seed-facts §5 fact 8 (002/A8: GPU prices fall)",
    }),
  },
  dataCentres: {
    dcLifeQuarters: rule("quarters", 80, [4, 400], "straight-line life of data-centre buildings (20 years)", {
      source:
        "seed-facts §1.4, §4.7 (000: a build-to-suit lease over 15 years; 001: $HUT's 15-year bonds): buildings outlive several GPU generations",
      plausible: [60, 100],
    }),
    buildExecutionSpread: rule(
      "log spread/quarter",
      0.15,
      [0, 1],
      "spread of how far an operator's construction gets in a quarter against its plan (median 1; one draw per operator a quarter)",
      {
        plausible: [0, 0.5],
        source:
          "modelling choice (v6); seed-facts §2 #26 (002/A8: zoning and political approval gate power; watts ease in 2027–28), §4 shocks #11 (capacity delayed)",
      },
    ),
    ownUseGrowth: rule("fraction/quarter", 0.1, [-0.5, 1], "growth of hyperscalers' own AI workloads per quarter", {
      source:
        "seed-facts §1.3, §4.4 (002/A5: AI-enabled ads from a quarter of Meta's and Google's toward all; 001: Google's tokens 50x in a year)",
      plausible: [0.05, 0.2],
    }),
    availabilityBase: rule("fraction", 0.85, [0, 1], "share of an accelerator's hours delivered at the lowest availability", {
      source:
        "seed-facts §4.6 and §2 #22 give no share of hours up: 002/A8's 'GPUs at 100%' is utilisation, and 002/A9's xAI Memphis cluster at 11% MFU is a share of FLOPs, not of hours; 0.85 to 0.95 of hours with availabilitySpan a modelling choice (v1)",
      plausible: [0.75, 0.9],
    }),
    availabilitySpan: rule("fraction", 0.1, [0, 1], "extra share of hours at the highest availability (world.params.availability)", {
      source:
        "modelling choice (v1): with availabilityBase, 0.85 to 0.95 of hours; seed-facts §4.6 gives no share of hours up (002/A8: 'GPUs at 100%' utilisation; 002/A9: 11% MFU)",
      plausible: [0.05, 0.15],
    }),
    defaultEnergyPrice: rule("$/MWh", 80, [0, 1e4], "energy price of a region the scenario does not price", {
      source:
        "modelling choice (v1): a US industrial power price, a little above base's US $70/MWh; the seeds give no $/MWh, only that after Hormuz US gas 'fell twenty percent' while Asian and European gas 'doubled or tripled' (seed-facts §3 #7, 002/A8)",
      plausible: [50, 160],
    }),
    facilityCostPerMw: rule(
      "$/MW/quarter",
      0,
      [0, 1e8],
      "facility operating cost of a MW of installed power (leases, staff, maintenance, property taxes), a cost of revenue",
      {
        plausible: [0, 500000],
        source: "modelling choice (v2); seed-facts §1.4 (000: a triple-net lease of ~$147M/yr, the operator pays power, utilities, taxes)",
      },
    ),
  },
  compute: {
    asicPriceShare: rule(
      "fraction",
      0.6,
      [0, 2],
      "a partner lab pays at least this share of its guarantor's contract price for custom-ASIC hours",
      { source: "seed-facts §1.6 (002/A1)" },
    ),
    asicMarkup: rule("factor", 1.25, [1, 5], "a guarantor charges custom-ASIC hours at cost times this at least", {
      source: "seed-facts §1.6 (002/A1)",
    }),
    worldUsageElasticity: rule(
      "elasticity",
      0.6,
      [0, 3],
      "the rest of the market's GPU demand follows the real value AI creates to this power",
      { source: "seed-facts §5 fact 17" },
    ),
    selfHostShare: rule(
      "fraction",
      0.3,
      [0, 1],
      "share of the rest of the market's GPU demand that runs open-weight models on rented GPUs",
      {
        plausible: [0.1, 0.5],
        source: "modelling choice (v2); seed-facts §1.2 (001: open weights served by managed and sovereign providers)",
      },
    ),
    selfHostElasticity: rule(
      "elasticity",
      1.5,
      [0, 5],
      "elasticity of self-hosted work to open models' work per GPU-hour; above 1, more efficient open models rent more GPU-hours",
      { plausible: [0.8, 2.5], source: "seed-facts §5 fact 17 (002/A8: GPU prices doubled after DeepSeek), §2 #10 (Jevons)" },
    ),
    selfHostMax: rule(
      "factor",
      8,
      [1, 1000],
      "the most the self-hosted share of the rest of the market's GPU demand grows with open models' work per GPU-hour",
      {
        plausible: [4, 20],
        source:
          "modelling choice (v20): the bound tokens.adoptionMax puts on the new uses cheaper tasks bring (seed-facts §2 #10); a larger shock still raises GPU demand, never lowers it (seed-facts §5 fact 17)",
      },
    ),
    selfHostSharpness: rule("exponent", 3, [1, 20], "how sharply selfHostMax binds (1: felt from the start; higher: only near it)", {
      plausible: [1, 6],
      source: "modelling choice (v20): the shape tokens.aiValueSharpness gives the ceiling on AI's value",
    }),
    worldDemandBase: rule("GPU-hours", 0.8e9, [0, 1e13], "the rest of the market's GPU demand per step of its curve at the start", {
      source: "modelling choice (v1): sized so that base opens with GPUs near full use (seed-facts §4.6, 002/A8: 'GPUs at 100%')",
    }),
    worldGrowthDrift: rule(
      "fraction/quarter",
      0.04,
      [-0.5, 1],
      "before any value is measured, the rest of the market grows at the demand draw plus this",
      {
        source:
          "seed-facts §4.4 (002/A5: AI ecosystem revenue ~$140B 'today', ~$300B 'this year', 'expected to double in 2027'): the seeds' AI market grows about 100% a year; the 4% a quarter (~17% a year; 26–57% with base's demand draw of 2–8% a quarter) is well below it, a modelling choice (v1) read only before any value is measured",
      },
    ),
    worldBidValueElasticity: rule(
      "elasticity",
      0.3,
      [0, 2],
      "the rest of the market's bid prices for a GPU-hour follow the value of work (what AI-done work is worth against the first quarter) to this power",
      {
        plausible: [0.25, 1],
        source:
          "seed-facts §2 #38 (001: deployment is deflationary), §2 #11 (002/A4: the gains are competed away to clients), fact 8 (002/A8: GPU prices fall when capacity outruns demand); the power a modelling choice (v2): below 1 as part of that demand (training, sovereign and internal use) is not sold at the deflating value",
      },
    ),
    worldBidQtyStart: rule("factor", 0.6, [0, 10], "the first step's share of the base demand", {
      source: "modelling choice (v1): the shape of the rest of the market's demand curve (more hours at lower prices)",
    }),
    worldBidQtyStep: rule("factor", 0.15, [0, 10], "each further step's extra share of the base demand", {
      source: "modelling choice (v1): the shape of the rest of the market's demand curve (more hours at lower prices)",
    }),
    worldBidPrices: {
      unit: "$/GPU-hour",
      domain: { kind: "numbers", min: 0, max: 1000, minOpen: true, length: 10, descending: true },
      source:
        "seed-facts §4.7 (002/A3: Azure H100 on demand ~$6.98/GPU-hour): the top steps bid above it, the bottom near an old GPU's cost",
      doc: "prices of the ten steps of the rest of the market's demand curve for GPU-hours, at the first quarter's value of work",
      default: [9, 6, 4.5, 3.6, 3, 2.5, 2.1, 1.8, 1.5, 1.2],
    } as Param<NumbersDomain>,
    worldBidSubsteps: rule("count", 6, [1, 100], "sub-steps each step of the rest of the market's demand curve is spread over", {
      int: true,
      plausible: [3, 12],
      source:
        "modelling choice (v2): numerical smoothing, so the clearing price moves with demand instead of snapping between worldBidPrices' ten steps",
    }),
    spotAskSteps: rule("count", 32, [1, 100], "tranches each operator's spare capacity is offered in on the spot market", {
      int: true,
      plausible: [16, 64],
      source: "modelling choice (v2): the resolution of each operator's rising ask curve, not a calibration",
    }),
    spotScarcityMarkup: rule(
      "factor",
      4,
      [0, 100],
      "how far above its cost an operator asks for its last GPU-hour at full use (the ask rises convexly with utilisation)",
      { plausible: [2, 8], source: "seed-facts §4.7 (002/A3: $6.98/H100-hour on demand; 002/A8: GPUs at 100% utilisation), fact 7" },
    ),
    spotScarcityExponent: rule("power", 20, [1, 100], "convexity of the ask in utilisation: the markup is utilisation to this power", {
      plausible: [10, 30],
      source:
        "modelling choice (v2): the ask stays near cost until the last few percent of capacity (0.9^20: 12% of the markup at 90% use); seed-facts §4.6 (002/A8: GPUs at 100%)",
    }),
    spotQueueMarkup: rule(
      "factor",
      1,
      [0, 10],
      "how much a queue left at full use (as a share of the spare GPU-hours on offer) raises operators' scarcity markup",
      { plausible: [0.5, 2], source: "seed-facts §5 fact 7 (002/A8: a 'doubled' regional price when availability fell)" },
    ),
    gpuQueueKeep: rule(
      "fraction",
      0.5,
      [0, 1],
      "share of the rest of the market's unserved GPU demand that waits and bids again the next quarter",
      {
        plausible: [0.2, 0.8],
        source:
          "modelling choice (v2): half of unserved demand waits a quarter, the rest goes without; seed-facts §3 #15 (002/A8: GPU prices 'had already doubled', availability had fallen)",
      },
    ),
    soldOutSliver: rule(
      "fraction",
      0.01,
      [0, 0.1],
      "the share of the operators' capacity that may be left unsold, at asks above every bid, in a quarter that counts as sold out when more demand than that went unserved",
      {
        plausible: [0, 0.02],
        source:
          "modelling choice (v25): the operators' last ask tranches (spotAskSteps) are lumpy, so a market at 99.7% use with most of its willing demand unserved is sold out and its queue bids the price up (seed-facts §3 #15, §4.7: prices rise while capacity is short)",
      },
    ),
    gpuQueueBidUp: rule("fraction", 0.25, [0, 10], "how far above the last price queued GPU demand bids", {
      plausible: [0.1, 0.5],
      source: "seed-facts §3 #15, §4.7 (002/A8: AWS Asia GPU prices 'had already doubled', availability had fallen)",
    }),
    spotPriceMin: rule("$/GPU-hour", 0.2, [0, 100], "the lowest spot price", {
      source:
        "modelling choice (v1): a floor on the clearing price, above a GPU's power cost at the default energy price (1.4 kW at $80/MWh is about $0.11 an hour; facilities cost nothing by default) and about 3% of seed-facts §4.7's ~$6.98 per H100-hour on demand (002/A3), so it binds only in a deep glut",
    }),
    spotPriceMax: rule("$/GPU-hour", 100, [0, 1e4], "the highest spot price", {
      source:
        "seed-facts §4.7 (002/A3: Azure H100 ~$6.98/GPU-hour on demand; 002/A8: AWS Asia GPU prices 'had already doubled' at DeepSeek Monday): the dearest GPU-hour in the seeds is about $14, so $100 is a cap far above any bid; the 100 a modelling choice (v1)",
    }),
  },
  tokens: {
    rationingPenalty: rule("capability points", 6, [0, 50], "capability lost when a lab shortens all of its outputs", {
      source: "seed-facts §1.1 (002/A8)",
    }),
    costDispersion: rule(
      "log cost",
      0.25,
      [0.01, 10],
      "spread of cost-minimising buyers' choices: a model 10% dearer per task gets exp(-0.095/0.25) of the cheapest's weight",
      {
        source:
          "modelling choice (v1): cost-minimising buyers are not all alike (seed-facts §2 #6, 001: aggregators route subtasks to 'the cheapest capable model (including using sonnet > opus!!)')",
      },
    ),
    capabilityDispersion: rule(
      "capability points",
      1.5,
      [0.01, 50],
      "spread of frontier buyers' choices: a model 1.5 points behind gets 37% of the best's weight",
      {
        source:
          "seed-facts §4.1 (000: GPT-5.5 and Opus 4.8 'sit ~1 point apart on the Intelligence Index: 60.2 vs 61.4'): at 1.5 the model 1.2 points behind keeps exp(-1.2/1.5) = 45% of the leader's weight, so near-equals share frontier buyers; the 1.5 a modelling choice (v1)",
      },
    ),
    capabilityDispersionYears: rule(
      "years of frontier progress",
      0.1875,
      [0, 10],
      "spread of frontier buyers' choices in time behind the frontier: once the frontier gains more than capabilityDispersion points in this fraction of a year, a model that far behind in time (its gain over the last four quarters times this) gets 37% of the best's weight (0: in points only)",
      {
        plausible: [0.125, 0.25],
        source:
          "modelling choice (v24), read against seed-facts §5 fact 4 (002/A8: Gemini 3.1 Pro went from 'mindblowing' to 'intolerable' in nine months): nine months behind the frontier is four spreads, about 2% of the best's weight; in the first year, when the frontier gains ~8 points, this is capabilityDispersion's 1.5 points",
      },
    ),
    enterpriseStickinessShare: rule(
      "factor",
      0.5,
      [0, 1],
      "enterprises keep this share of the switching stickiness (they re-route faster)",
      {
        source:
          "seed-facts §2 #6-7 (003a: enterprises 'have no choice but to optimize costs'; routing cuts bills 50-80%, 000): they re-route faster than the rest",
      },
    ),
    qualityBarDrift: rule(
      "capability points per point",
      0,
      [0, 1],
      "how far a capped class's quality bar rises for each point the frontier has gained since the first quarter, the frontier averaged over the last adoptionLagQuarters (0: fixed bars; 1: the bar keeps its distance from the frontier)",
      {
        plausible: [0.5, 1],
        source:
          "seed-facts §2 #15 (001: 'as capability rises and cost falls, task complexity goes up'), fact 3 (002/A10: 'some mid-tier workloads move up'); the seeds give no rate. 0 in the built-in rules: every value from 0.25 to 1 breaks a controlled check (docs/model.md, Known gaps: Deflation of a fixed capability)",
      },
    ),
    adoptionElasticity: rule(
      "elasticity",
      1,
      [0, 3],
      "new uses as the lowest cost per resolved task a class has reached falls below where it started (1: the tasks built into workflows grow as fast as their cost falls)",
      {
        source:
          "seed-facts §2 #10 (002/A10: after the Opus price cut 'consumption rose far faster than the price drop', elasticity 'much higher than the standard SaaS playbook implies'; 001: Google's tokens 50x in a year as per-token cost collapsed; 003a)",
      },
    ),
    aiValueCeiling: rule(
      "share of world output",
      0.25,
      [0.01, 1],
      "the most value AI work can create in a quarter, as a share of the world economy's output",
      { plausible: [0.1, 0.5], source: 'seed-facts §3 (001: "EAT 50% OF ALL JOBS"; 002/A4: "there isn\'t $10 trillion a year")' },
    ),
    capabilityValueMax: rule(
      "×",
      10,
      [1, 1e6],
      "the most a stronger model multiplies an uncapped task's value by (world.params.capabilityValuePremium approaches it)",
      {
        plausible: [10, 100],
        source:
          'seed-facts §4 (002/A10: drug discovery and lab throughput "10x or 100x"): what stronger models may do for research is large, not without end; the lower figure',
      },
    ),
    capabilityValueSharpness: rule(
      "exponent",
      3,
      [1, 20],
      "how sharply capabilityValueMax binds (1: felt from the start; higher: only near it)",
      {
        source:
          "modelling choice (v1): the same S-curve as aiValueSharpness, so a stronger model's premium grows almost freely until close to capabilityValueMax",
        plausible: [1, 6],
      },
    ),
    aiValueSharpness: rule(
      "exponent",
      3,
      [1, 20],
      "how sharply the ceiling on AI's value binds (1: felt from the start; higher: only near it)",
      { source: "modelling choice (v1): how the ceiling on AI's value is approached (an S-curve)", plausible: [1, 6] },
    ),
    demandSurpriseSigma: rule("log spread/quarter", 0.1, [0, 1], "spread of the quarterly surprise in the rest of the economy's demand", {
      plausible: [0, 0.25],
      source: "seed-facts §1.1 (002/A10: $9B to $30B of ARR in one quarter, planned across a cone of uncertainty)",
    }),
    demandSurprisePersistence: rule("share/quarter", 0.7, [0, 0.99], "how much of a demand surprise carries into the next quarter", {
      source: "seed-facts §4.4 (002/A10, A6: run-rate revenue $9B to $30B to $47B within months: surprises persist)",
      plausible: [0.3, 0.9],
    }),
    adoptionLagQuarters: rule(
      "quarters",
      4,
      [1, 12],
      "quarters over which the new uses a lower cost per task brings are built (adoption is the mean of what each of the last quarters' lowest cost calls for)",
      {
        int: true,
        plausible: [2, 8],
        source: "modelling choice (v3); seed-facts §1.10 (003a: pilots move to production), 002/A4 (point solutions, one at a time)",
      },
    ),
    adoptionMin: rule("factor", 0.5, [0, 1], "the least adoption from cost", {
      source: "modelling choice (v1): a dearer task loses at most half of the uses built on it",
    }),
    adoptionMax: rule("factor", 8, [1, 1000], "the most adoption from cost", {
      source: "seed-facts §4.2, §4.5 (001: Google's tokens 50x in a year; 002/A4: one to two orders of magnitude more software)",
      plausible: [4, 20],
    }),
    valueAdjustment: rule("share/quarter", 0.25, [0, 1], "how far the value of work moves towards its target each quarter", {
      source: "seed-facts §2 #38",
    }),
    shortenFloor: rule("fraction", 0.3, [0, 1], "the least share of its tokens a shortened answer keeps", {
      source: "seed-facts §4.1 (002/A8: Opus answers with 'roughly seventy percent fewer' output tokens)",
      plausible: [0.2, 0.5],
    }),
  },
  consumer: {
    cappedUseLimit: rule("× base use", 1.5, [0, 100], "a capped plan's ceiling on use per subscriber", {
      source: "seed-facts §1.1 (002/A8)",
    }),
    usageBaseFeeShare: rule(
      "fraction",
      1,
      [0, 1],
      "a usage plan's base fee as a share of the flat price (it includes the tokens it buys at the usage rate)",
      {
        plausible: [0.5, 1],
        source:
          "seed-facts §2 #14 (002/A4: pricing tiers, as mobile data in 2009–10), §4.1 (002/A8: a $250/month plan 'no longer enough': heavy users pay beyond the plan)",
      },
    ),
    useSpread: rule(
      "log-sd",
      2,
      [0, 5],
      "spread of use across a plan's subscribers: the log-sd of a subscriber's tokens a quarter around the mean",
      {
        plausible: [1.5, 2.5],
        source:
          "seed-facts §4.1, §2 #14 (002/A4: 'twenty dollars a month can buy ten thousand dollars of tokens', ~4,000x the mean subscriber's use: at a log-sd of 2 about one in 6 million subscribers, at 2.5 one in 400,000); modelling choice (v2)",
      },
    ),
    usageOutputShare: rule("fraction", 0.3, [0, 1], "output share of consumer tokens for a usage plan's rate", {
      source:
        "seed-facts §4.1 (000: $5 input and $25–30 output per M tokens, so output is priced 5–6x input): the share sets a usage plan's blended rate; the 30% written a modelling choice (v1): consumer tokens are mostly context read",
    }),
    usageRateShare: rule("fraction", 0.6, [0, 5], "a usage plan's token rate as a share of the API price", {
      source: "seed-facts §4.1 (001: batching and caching at 50-90% off list): a usage plan bills tokens below the API list",
      plausible: [0.3, 1],
    }),
    unservedRevenueShare: rule("fraction", 0.5, [0, 1], "share of plan revenue kept when a lab cannot serve all of its subscribers' use", {
      source:
        "seed-facts §1.1, §2 #14 (002/A8: flat-fee subscribers 'are getting a lobotomized model', throttled rather than cut off): subscribers a lab cannot fully serve do not all leave; the half a modelling choice (v1): some cancel, some wait",
    }),
    cappedChurn: rule("fraction/quarter", 0.985, [0, 2], "subscribers kept each quarter on a capped plan", {
      source:
        "seed-facts §1.1, §4.3 (002/A8: flat-fee subscribers 'are getting a lobotomized model'; 002/A3: ChatGPT Plus projected 'to fall… toward cheaper tiers')",
      plausible: [0.95, 1],
    }),
    usageChurn: rule("fraction/quarter", 0.99, [0, 2], "subscribers kept each quarter on a usage plan", {
      source:
        "modelling choice (v1): usage plans lose fewer subscribers than capped ones (cappedChurn); seed-facts §2 #14 (002/A4: 'caps, throttling, and pricing tiers', as mobile data in 2009–10)",
      plausible: [0.97, 1],
    }),
    flatGrowth: rule("fraction/quarter", 1.02, [0, 2], "subscriber growth each quarter on a flat plan", {
      source: "seed-facts §4.3, §4.5 (002/A3: ChatGPT Plus at 44M in 2025; 800-900M weekly users)",
      plausible: [1, 1.05],
    }),
    subscriberCeiling: rule(
      "million",
      900,
      [0, 10000],
      "the most subscribers a lab's growth reaches (a scenario may open above it; it then does not grow)",
      {
        source:
          "seed-facts §4.5 (002/A3: ChatGPT at roughly 800-900 million weekly users): a lab's paying subscribers come from the people who use its product",
        plausible: [500, 2000],
        minOpen: true,
      },
    ),
  },
  finance: {
    ppeCollateral: rule("fraction", 0.5, [0, 1], "share of fixed assets lenders lend against", {
      source:
        "seed-facts §4.7 (002/A8: GPU loans on 3-4 year lives; 000: forced sales at 88): lenders advance about half of fixed assets' book",
      plausible: [0.3, 0.7],
    }),
    otherCapexShare: rule("fraction", 0.12, [0, 1], "non-AI capex of a hyperscaler's other business, as a share of its revenue", {
      source:
        "seed-facts §4.6 (002/A4: telecoms' capex 15-20% of revenue, hyperscalers' over 50% with AI): the rest of the business's share",
      plausible: [0.08, 0.18],
    }),
    otherCostOfRevenueShare: rule("fraction", 0.55, [0, 1], "share of the other business's costs that are cost of revenue", {
      source:
        "modelling choice (v1): a cloud-and-software business's costs, a little over half cost of revenue (running its services), the rest operating expense (otherOpexShare); the seeds give no hyperscaler's cost split",
    }),
    otherOpexShare: rule("fraction", 0.45, [0, 1], "share of the other business's costs that are operating expense", {
      source:
        "modelling choice (v1): a cloud-and-software business's costs, a little under half operating expense, the rest cost of revenue (otherCostOfRevenueShare); the seeds give no hyperscaler's cost split",
    }),
    chipOpexShare: rule("fraction", 0.04, [0, 1], "a chipmaker's operating expenses as a share of revenue", {
      source:
        "seed-facts §1.5 (a merchant's costs are TSMC wafers, HBM and R&D); the 4% a modelling choice (v1): a fabless chipmaker's overheads beyond R&D (R&D is its own order)",
    }),
    chipOpexFixed: rule("$/quarter", 2e8, [0, 1e11], "a chipmaker's fixed operating expenses per quarter", {
      source:
        "modelling choice (v1): a fabless chipmaker's fixed overheads, $0.8B a year beside chipOpexShare's 4% of revenue (R&D is its own order); the seeds give no chipmaker's operating expenses",
    }),
    integrationHalfRevenue: rule(
      "× base revenue",
      0.5,
      [0, 10],
      "integration spending at which an enterprise is half integrated, per $ of base revenue",
      {
        source:
          "seed-facts §1.10 (000: time saved 'is not ROI until management actually does one of three things'; 003a: moving from pilot to production), §2 #40 (000: generic copilots on unchanged workflows fail, 'workflow-native AI compounds'): value needs integration work; half integrated at half a quarter's base revenue spent a modelling choice (v1)",
        minOpen: true,
      },
    ),
    realisationBase: rule("fraction", 0.3, [0, 1], "share of AI value an enterprise books with no integration", {
      source: "seed-facts §1.10 (000)",
    }),
    realisationSpan: rule("fraction", 0.7, [0, 1], "extra share of AI value an enterprise books when fully integrated", {
      source: "seed-facts §1.10 (000)",
    }),
    throughputShare: rule("fraction", 0.5, [0, 1], "share of realised AI value that shows up as revenue", {
      source:
        "seed-facts §1.10 (000: 'Time saved is not ROI until management actually does one of three things of reducing labor, increasing throughput, or ships more revenue with the same headcount'): realised value shows either as revenue or as cost saved; the half-and-half split a modelling choice (v1)",
    }),
    aiGainsCompetedShare: rule(
      "fraction",
      0.75,
      [0, 1],
      "share of an enterprise's AI gains (extra output and labour saved) its rivals' competition passes to its clients in lower prices, in the long run",
      {
        source:
          "seed-facts §2 #11 (002/A4: 'Productivity gains accrue to clients, not margins'), §1.10 (002/A8: most of the value at the application layer destroyed, not created); the share a modelling choice (v18)",
        plausible: [0.5, 0.9],
      },
    ),
    aiGainsCompetitionSpeed: rule(
      "fraction/quarter",
      0.25,
      [0, 1],
      "how far each quarter the price cuts catch up with that share of the enterprise's AI gains",
      {
        source:
          "modelling choice (v18): about 70% of the way in a year, the fade of an excess margin investors price (rules.valuation.marginFade); seed-facts §2 #11",
        plausible: [0.1, 0.5],
      },
    ),
    integrationDecay: rule("fraction/quarter", 0.97, [0, 1], "integration kept each quarter", {
      source: "modelling choice (v1): integration wears out without spending (about 11% a year)",
    }),
    baseRevenueGrowth: rule(
      "factor/quarter",
      1.01,
      [0.9, 1.1],
      "an enterprise's base business growth per quarter (at most 1.1: ~10× over a six-year game)",
      {
        source: "seed-facts §4.4 (002/A7: the real economy grows ~2% a year; 001: US PCE ~2.3%): ~4% a year nominal",
        plausible: [1, 1.02],
      },
    ),
    spreadBase: rule("fraction/year", 0.02, [0, 0.5], "interest spread over the rate", {
      source: "seed-facts §4.7 (000: syndicated loans at SOFR+375, direct lending at SOFR+550; 002/A8: GPU loans in the 'low sevens')",
      plausible: [0.01, 0.04],
    }),
    spreadLeverage: rule("fraction/year", 0.03, [0, 0.5], "extra spread per turn of debt to annual revenue above one", {
      source: "seed-facts §5 fact 12",
    }),
    spreadLeverageCap: rule("turns", 3, [0, 100], "leverage beyond which the spread stops widening", {
      source:
        "modelling choice (v1): past three turns of revenue the distress spread prices the rest; the leverage part then stops at 9 points, a rate near the seeds' riskiest lending before coverage and distress spreads (~15%: seed-facts §4.7, 002/A7; 000: senior secured 11–12%)",
    }),
    spreadGpuLife: rule("fraction·year", 0.09, [0, 1], "a hyperscaler's extra spread, divided by its GPUs' life in years", {
      source: "seed-facts §5 fact 12",
    }),
    spreadNeocloud: rule("fraction/year", 0.02, [0, 0.5], "a neocloud's extra spread", { source: "seed-facts §1.4 (000)" }),
    spreadDistress: rule("fraction/year", 0.06, [0, 1], "extra spread while in distress", {
      source:
        "seed-facts §4.7 (000: senior secured at 11-12% gross; 002/A8: GPU loans in the 'low sevens'; 002/A7: around 15% or more on NFT-backed loans)",
      plausible: [0.04, 0.1],
    }),
    spreadCoverage: rule(
      "fraction/year",
      0.04,
      [0, 1],
      "extra spread as interest coverage (EBITDA over interest at the base spread) falls from coverageTarget to zero or below",
      { source: "seed-facts §2 #35, §4 (000: SOFR+375 syndicated vs SOFR+550 direct lending)", plausible: [0.01, 0.08] },
    ),
    coverageTarget: rule("× interest", 3, [0.1, 100], "interest coverage at and above which lenders charge no coverage spread", {
      source:
        "modelling choice (v2): a borrower earning three times its interest pays no coverage spread (the seeds give no coverage figure; §2 #35, 000: spreads of SOFR+375 to +550)",
      plausible: [2, 5],
    }),
    loanToValue: rule(
      "fraction",
      0.5,
      [0, 1],
      "the most any lender, the lender of last resort included, lends against a company's operating value (its valuation before net debt)",
      { source: "seed-facts §2 #35 (001: equity levered 4-5x), modelling choice (v2)", plausible: [0.25, 0.75] },
    ),
    creditLineQuarters: rule(
      "quarters",
      1,
      [0, 20],
      "cash a company keeps against a quarter of its outflows (costs, interest, capex) by drawing on its credit line, within what lenders will lend",
      {
        source:
          "modelling choice (v2): a company keeps a quarter of its outflows in cash, drawn on its credit line as far as lenders will lend",
        plausible: [0.5, 2],
      },
    ),
    runwayQuarters: rule(
      "quarters",
      8,
      [0, 40],
      "quarters of its burn (outflows less revenue) a company keeps in cash by drawing on its credit line, within what lenders will lend: as long a runway as the lab bots keep before they raise equity, so debt comes first where lenders have room",
      { source: "seed-facts §1.1 (002/A10: raises fund the upper end of the cone), modelling choice (v2)", plausible: [4, 12] },
    ),
    emergencyRoom: rule(
      "× lending",
      1.2,
      [0, 10],
      "lenders of last resort lend up to this multiple of what lenders lend against revenue and assets, and never past the business's value before net debt",
      {
        source:
          "seed-facts §5 fact 13 (distress: a down-round, failure to raise, or an asset auction), §1.12 (credit's constraint: default and recovery): rescue money exists, bounded by what the business is worth; 1.2 times what ordinary lenders lend a modelling choice (v1)",
      },
    ),
    emergencyMinimum: rule("$", 1e8, [0, 1e12], "the least emergency financing drawn", {
      source: "modelling choice (v1): the smallest rescue a lender of last resort arranges",
    }),
    emergencyRevenueShare: rule("fraction", 0.1, [0, 10], "emergency financing drawn beyond the hole, as a share of revenue", {
      source: "modelling choice (v1): a rescue covers the hole and a cushion",
    }),
    failureQuarters: rule("quarters", 3, [1, 20], "quarters in a row on emergency financing before a company fails", {
      source:
        "seed-facts §5 fact 13 (distress ends in failure to raise or an 'asset auction… to multiple buyers'), §3 #32 (002/A7: a failed lab's assets 'auctioned instantly'); the seeds give no time to failure: three quarters in a row on rescue money a modelling choice (v1)",
      int: true,
    }),
    payoutBufferQuarters: rule(
      "quarters",
      1,
      [0, 40],
      "cash kept against planned outflows (costs, interest, capex), beyond its debt, before anything is returned to shareholders",
      {
        source: "modelling choice (v2): a quarter of outflows stays in cash, beyond the debt, before anything goes back to shareholders",
        plausible: [0.5, 3],
      },
    ),
    payoutShare: rule("fraction/quarter", 0.5, [0, 1], "share of the cash above the payout buffer returned to shareholders each quarter", {
      source: "modelling choice (v2): half of the spare cash goes back each quarter, so payouts follow cash without emptying it at once",
      plausible: [0.25, 0.75],
    }),
    buybackShare: rule("fraction", 0.6, [0, 1], "share of payouts made as buybacks (the rest as dividends)", {
      source: "modelling choice (v2): most payouts as buybacks, as large US tech companies make them; the seeds give no split",
      plausible: [0.3, 0.9],
    }),
    labAuctionPriceShare: rule("fraction", 0.6, [0, 5], "price of a failed lab's contracts to its rivals, as a share of the original", {
      source:
        "seed-facts §3 #32 (002/A7: a failed lab's assets 'auctioned instantly to multiple buyers'), §4.7 (000: a loss stress at 3% default / 60% recovery, as lossGivenDefault's 0.4): the failed lab's providers recover 0.6 of its contracts' price; the 0.6 a modelling choice (v1): rivals pay well under the original",
    }),
    fleetAuctionShare: rule("fraction", 0.3, [0, 1], "what a failed hyperscaler's accelerators fetch, as a share of their book value", {
      source:
        "seed-facts §4.7 (000: loans dumped 'at 88', a loss stress at 60% recovery; 002/A8: GPUs 'obsolete in two years'): a failed operator's GPUs fetch well under book",
      plausible: [0.15, 0.5],
    }),
    lossGivenDefault: rule(
      "fraction",
      0.4,
      [0, 1],
      "the share of a defaulted loan lenders expect to lose (one less the expected recovery): the loss given default of the allowance for expected credit losses",
      { source: "seed-facts §4.7 (000: loss stress of 3% default / 60% recovery → ~120 bps loss)", plausible: [0.25, 0.7] },
    ),
    expectedLossShare: rule(
      "fraction",
      0.35,
      [0, 1],
      "share of a loan's risk spread (its spread above spreadBase) that pays for expected credit losses; the rest is the premium lenders earn for bearing the risk. The default intensity lenders expect is this share of the risk spread over lossGivenDefault",
      {
        source:
          "seed-facts §4.7 (000: ~120 bps expected loss on direct lending at SOFR+550, i.e. 120 of the 350 bps above spreadBase), modelling choice (v2)",
        plausible: [0.2, 0.6],
      },
    ),
    allowanceHorizonYears: rule(
      "years",
      1,
      [0, 30],
      "the horizon of the expected credit loss lenders provide for on a performing borrower's debt (12 months, as IFRS 9 stage 1); on a borrower in distress they provide for the debt's lifetime (its term, at least this horizon)",
      { source: "IFRS 9 §5.5 (12-month vs lifetime expected credit losses), modelling choice (v8)", plausible: [0.5, 3] },
    ),
    grossMarginFloor: rule("fraction", -10, [-1e6, 0], "the lowest gross margin reported", {
      source: "reporting (what the game shows), not the economy",
    }),
  },
  valuation: {
    labMultiple: rule("factor", 1, [0, 10], "labs' revenue multiple relative to the base multiple", { source: "seed-facts §4.8" }),
    hyperscalerMultiple: rule("factor", 0.45, [0, 10], "hyperscalers' revenue multiple relative to the base multiple", {
      source: "seed-facts §4.8",
    }),
    chipmakerMultiple: rule("factor", 0.8, [0, 10], "chipmakers' revenue multiple relative to the base multiple", {
      source: "seed-facts §4.8",
    }),
    enterpriseMultiple: rule("factor", 0.2, [0, 10], "enterprises' revenue multiple relative to the base multiple", {
      source: "seed-facts §4.8 (000: accounting firms sold 'at single-digit multiples')",
    }),
    referenceRate: rule("fraction/year", 0.04, [0, 0.5], "the rate at which the base multiple holds", {
      source: "seed-facts §4.7 (001: a BBB- 15-year bond at Treasuries + ~125 bps; 000: loans priced over SOFR): a ~4% risk-free rate",
      plausible: [0.02, 0.06],
    }),
    rateOffset: rule("fraction/year", 0.03, [0.001, 1], "added to the rate in the multiple's rate factor", {
      source:
        "seed-facts §3 #28 (004: 'Interest rates are higher'; rate moves hit long-duration equities, then lab valuations): multiples fall as the rate rises; the strength a modelling choice (v1): at referenceRate's 4%, a rate one point higher takes about 12% off multiples",
      minOpen: true,
    }),
    growthQuarters: rule("quarters", 4, [1, 8], "quarters of history the growth rate is measured over", {
      source: "seed-facts §4.4 (000: growth quoted year on year, '233% YoY')",
      int: true,
    }),
    growthMin: rule("fraction/year", -0.6, [-1, 0], "the lowest growth investors see", {
      source: "modelling choice (v1): the steepest decline investors extrapolate",
    }),
    growthMax: rule("fraction/year", 2, [0, 100], "the highest growth investors see", {
      source: "seed-facts §4.4 (000: 233% a year; 002/A8: 'growing a thousand percent'): investors extrapolate at most 200% a year",
    }),
    revenueCeilingShare: rule(
      "fraction of world output",
      0.085,
      [0, 10],
      "the most revenue a year investors believe any one company can reach, as a share of the world economy's output in a year (world.params.economyOutput × 4): the growth above the long run they extrapolate shrinks in proportion as revenue nears it (logistic growth)",
      {
        minOpen: true,
        plausible: [0.04, 0.25],
        source:
          "seed-facts §4.6 (002/A4: 'there isn't $10 trillion a year' of capex, the market the chipmakers sell into), §4.5 (002/A4: three to six frontier model makers spending 'somewhere between two hundred billion and two trillion dollars a year'): about $10T a year against world output of ~$117T (IMF 2026, outside the seeds, as economyOutput); 0.25, the ceiling on AI's value (tokens.aiValueCeiling), would put all of AI's value in one company",
      },
    ),
    equityRiskPremium: rule("fraction/year", 0.06, [0, 0.5], "added to the reference rate to discount a company's future cash flows", {
      source:
        "modelling choice (v2): a conventional equity risk premium, so cash flows are discounted at ~10% with referenceRate's 4%; the seeds give none",
      plausible: [0.04, 0.09],
    }),
    longRunGrowth: rule("fraction/year", 0.03, [-0.1, 0.1], "the growth every company's growth fades towards", {
      source:
        "modelling choice (v2): growth fades to the economy's; plausible from seed-facts §4.4 (002/A7: the real economy grows ~2% a year; 001: US PCE ~2.3%)",
      plausible: [0.02, 0.05],
    }),
    growthFade: rule("fraction/year", 0.6, [0, 0.95], "share of the growth above the long-run growth that remains after each year", {
      source: "seed-facts §2 #37 (002/A6: 'pricing the slope'), modelling choice (v2)",
      plausible: [0.45, 0.75],
    }),
    marginFade: rule(
      "fraction/year",
      0.3,
      [0, 0.95],
      "share of the gap between today's operating margin and the long-run margin left after each year",
      {
        source: "seed-facts §4.8 (002/A3: ~65x revenue while burning $1.60 per $1), modelling choice (v2)",
        plausible: [0.15, 0.6],
      },
    ),
    longRunMargin: rule("fraction", 0.25, [-1, 1], "the cash margin every company's margin converges to", {
      source:
        "modelling choice (v2): a mature company's cash margin, below seed-facts §4.3's gross margins (002/A3: OpenAI's ~40% in 2024, 33% in 2025)",
      plausible: [0.15, 0.35],
    }),
    horizonYears: rule("years", 20, [1, 60], "years of explicit forecast before the terminal value", {
      int: true,
      source: "modelling choice (v2): long enough for growth and margin to fade before the terminal value",
      plausible: [10, 30],
    }),
    expectationMin: rule(
      "factor",
      0.02,
      [0, 10],
      "the lowest fundamental factor (relative to a company growing 100% a year at the long-run margin)",
      {
        source:
          "modelling choice (v2): a collapsing company keeps some value: 2% of the reference's, ~0.4x revenue for a lab at base's 20x",
        minOpen: true,
      },
    ),
    expectationMax: rule("factor", 5, [0, 100], "the highest fundamental factor", {
      source:
        "modelling choice (v2): 5x the reference's, ~100x revenue for a lab at base's 20x: the top of seed-facts §4.8 (002/A5: private multiples of '50x to 100x revenue')",
    }),
    expectationRevision: rule(
      "share/quarter",
      0.5,
      [0, 1],
      "how far investors revise their view of growth and margin each quarter (geometrically)",
      {
        source:
          "seed-facts §4.8 (002/A5: price discovery takes 'six months and a day'): revising half-way each quarter, investors have moved three quarters of the way in two quarters (six months); the geometric half a modelling choice (v1)",
      },
    ),
  },
  progress: {
    researchBase: rule("factor", 0.75, [0, 10], "research speed with no internal use", { source: "seed-facts §1.1 (002/A10)" }),
    researchPerInternalShare: rule("factor", 2.5, [0, 100], "research speed per unit of internal-use share", {
      source: "seed-facts §1.1 (002/A10)",
    }),
    researchMin: rule("factor", 0.5, [0, 10], "the slowest research", {
      source: "seed-facts §1.1, §2 #17 (002/A10: a 'non negotiable floor' on model development): the slowest research speed",
    }),
    researchMax: rule("factor", 1.6, [0, 10], "the fastest research", {
      source: "seed-facts §1.1 (002/A10: internal use speeds research): the fastest research speed",
    }),
    defaultInternalShare: rule("fraction", 0.1, [0, 1], "internal-use share assumed for a lab with no compute", {
      source:
        "seed-facts §1.1, §4.4 (002/A10: cutting internal employee use, 'the freed compute could serve billions of dollars of additional revenue', against a run-rate 'north of $30 billion'): internal use is of the order of a tenth of what serves customers (inference); the 0.1 a modelling choice (v1), read only before a lab has compute (base's labs split 0.1 to 0.15 to internal use)",
    }),
    releaseThreshold: rule("× reference", 0.6, [0, 100], "training accumulated before a release, as a share of the reference", {
      source: "modelling choice (v1): a release needs most of a reference run's training",
    }),
    releaseMinQuarters: rule("quarters", 2, [0, 20], "the fewest quarters between releases", {
      source:
        "seed-facts §4.1, §4.4 (000: GPT-5.4 to 5.5, Opus 4.7 to 4.8; 002/A10: releases accelerating): a frontier release at most every two quarters",
      int: true,
    }),
    releaseVerbosity: rule(
      "factor",
      0.85,
      [0, 2],
      "a new frontier model's verbosity relative to the old, at research speed 1 (raised to the power of the lab's research speed)",
      {
        source: "seed-facts §1.1 (000: 40% fewer tokens; 002/A10)",
      },
    ),
    verbosityFloorRelease: rule("factor", 0.2, [0, 10], "the lowest verbosity a release reaches", {
      source:
        "seed-facts §4.1 (002/A8: 'roughly seventy percent fewer' output tokens; 000: 40% fewer a release): verbosity falls far, not to nothing",
    }),
    releaseThroughput: rule("factor", 1.15, [0, 10], "a new frontier model's throughput relative to the old", {
      source: "seed-facts §1.1 (002/A10)",
    }),
    phasedAvailability: rule("share", 0.3, [0, 1], "availability of a model released in phases", {
      source: "seed-facts §2 #31 (002/A10: a phased release opens to 'a smaller, defence-first group'); the third a modelling choice (v1)",
    }),
    efficiencyGain: rule(
      "per doubling",
      0.015,
      [0, 1],
      "verbosity and throughput gain per doubling of efficiency research over the reference",
      { source: "seed-facts §4.2 (000; 002/A10)" },
    ),
    efficiencyReference: rule("$/quarter", 5e8, [1, 1e13], "efficiency research spending of the reference", {
      source: "modelling choice (v1): the efficiency spending efficiencyGain is measured from",
      minOpen: true,
    }),
    verbosityFloor: rule("factor", 0.15, [0, 10], "the lowest verbosity efficiency research reaches", {
      source: "seed-facts §4.1 (002/A8: 'roughly seventy percent fewer' output tokens): verbosity falls far, not to nothing",
    }),
    servingStackGain: rule("fraction/quarter", 0.02, [0, 1], "throughput gain per quarter from serving-stack improvements", {
      source: "seed-facts §4.2",
    }),
    catchUpMargin: rule("capability points", 1.5, [0, 50], "trailing models catch up to this far behind the best", {
      source: "seed-facts §4.1 (000: GPT-5.5 and Opus 4.8 ~1 point apart on the Intelligence Index)",
    }),
    openCatchUp: rule("factor", 1.5, [0, 10], "open models catch up this much faster", {
      source:
        "modelling choice (v1): open labs build on released frontier work; seed-facts §2 #43 (002/A8: without API releases 'Chinese open source falls steadily behind'), §4.1 (000: DeepSeek V4 Pro 52)",
    }),
    catchUpScale: rule("factor", 0.25, [0, 10], "share of the catch-up rate applied each quarter", {
      source:
        "modelling choice (v1): a quarter of catchUp applies each quarter, so at base's catchUp 0.3 a trailing closed model closes 7.5% of its gap to the best a quarter (an open one openCatchUp times that)",
    }),
    releaseCatchUpScale: rule(
      "factor",
      2,
      [0, 10],
      "a closed lab's new frontier model (its last one plus its gain) moves this times catchUp of the way to the best model of the quarter (less catchUpMargin), at most all of it",
      {
        source:
          "seed-facts §4.1 (000: GPT-5.5 and Opus 4.8 ~1 point apart), §2 #12 (002/A4: no sustainable differentiation between models); the factor a modelling choice: at base's catchUp 0.3 a release moves 60% of the way, and the two frontier labs stay within about 6 points over six years (docs/model.md)",
      },
    ),
    asicRndThreshold: rule("$", 10e9, [0, 1e13], "R&D a custom-ASIC maker needs for a new generation", { source: "seed-facts §1.6" }),
    merchantRndThreshold: rule("$", 30e9, [0, 1e13], "R&D a merchant chipmaker needs for a new generation", { source: "seed-facts §1.5" }),
    generationMinQuarters: rule("quarters", 6, [1, 40], "the fewest quarters between chip generations (about two years)", {
      source: "seed-facts §4.2 (002/A9: Hopper to Grace Blackwell in two years)",
      plausible: [4, 8],
      int: true,
    }),
    asicPerfGain: rule("factor", 1.8, [1, 10], "a custom-ASIC generation's performance per unit relative to the last", {
      source:
        "seed-facts §1.3, §5 fact 21 (002/A8: Google's 'conservative TPU V8 design' lost it per-token cost leadership), §1.6, §2 #32 (002/A1: nine months to tape-out; 'less flexible than Nvidia's GPU but less expensive'): a custom generation gains less than a merchant one (merchantPerfGain); the 1.8 a modelling choice (v1)",
      plausible: [1.4, 2.4],
    }),
    merchantPerfGain: rule("factor", 2.7, [1, 10], "a merchant generation's performance per unit relative to the last", {
      source:
        "seed-facts §1.5, §4.2 (002/A9: Grace Blackwell NVLink72 a 50x speed-up over Hopper in two years, tokens per watt 50x in one generation); within MODEL.md's ~2-3 a generation",
      plausible: [2, 3.5],
    }),
    generationPowerGain: rule("factor", 1.25, [0.5, 5], "a new generation's power per unit relative to the last", {
      source:
        "seed-facts §4.6, §4.2 (002/A8: a 72-GPU Blackwell rack draws 100 kW; 002/A9: tokens per watt 50x a generation): more power a unit, far more work a watt",
      plausible: [1.1, 1.5],
    }),
    generationPriceStep: rule("factor", 0.6, [0, 10], "a new generation's price rise per unit of chip pricing power", {
      source: "seed-facts last table: 003r",
    }),
    adoptionSpeed: rule("share/quarter", 0.15, [0, 1], "how fast integration lifts an enterprise's adoption towards its ceiling", {
      source:
        "modelling choice (v1): fully integrated, adoption goes half-way to its ceiling in about four quarters; seed-facts §1.10 (003a: pilots move to production), §2 #40 (002/A4: enterprise adoption arrives as 'one at a time point solutions')",
    }),
    classGrowthFloor: rule("factor", 0.2, [0, 1], "the least a class's potential can be multiplied by in a quarter", {
      source: "modelling choice (v1): a shock cannot take a class below a fifth of itself in a quarter",
    }),
    restAdoptionGrowth: rule("factor/quarter", 1.03, [0, 2], "growth of the rest of the economy's adoption per quarter", {
      source: "seed-facts §4.5 (002/A4: about 40% used AI last week; 800-900M weekly users): adoption grows ~12% a year",
      plausible: [1.01, 1.05],
    }),
    restAdoptionMax: rule("factor", 3, [0, 100], "the highest adoption of the rest of the economy", {
      source: "seed-facts §4.5 (002/A4: 40% of people use it weekly, so adoption can still grow a few times)",
      plausible: [2, 5],
    }),
    rateDrift: rule("fraction/quarter", 0.001, [0, 0.05], "how far the rate drifts each quarter in a deflation or inflation regime", {
      source: "seed-facts last table: 001 vs 004",
    }),
    inputPriceDrift: rule(
      "fraction/quarter",
      0.015,
      [0, 0.2],
      "how far the prices of inputs (power, facilities, data-centre construction and chip packaging; memory and wafers have market prices of their own) drift each quarter in a deflation (down) or inflation (up) regime",
      {
        source:
          "seed-facts §5 fact 25 (004: 'input costs are higher (commodities, chips, power)'; 001: deployment lowers prices and wages); the size a modelling choice (v17): 6% a year",
        plausible: [0.005, 0.03],
      },
    ),
    rateMax: rule("fraction/year", 0.15, [0, 1], "the highest rate", {
      source:
        "modelling choice (v1): the highest rate the rate regimes reach, over three times base's 4.2% and above the lending rates of seed-facts §4.7 (002/A8: GPU loans at 'low sevens'; 000: senior secured 11–12%)",
    }),
    sentimentReversion: rule("share/quarter", 0.2, [0, 1], "how far sentiment reverts to neutral each quarter", {
      source:
        "modelling choice (v1): sentiment reverts half-way in about three quarters, a little slower than seed-facts §4.8's price discovery in 'six months and a day' (002/A5), which expectationRevision follows",
    }),
  },
  start: {
    legacyKwPerUnit: rule("kW", 1.4, [0.01, 100], "power per unit of the installed base at the start", {
      source:
        "seed-facts §4.6 (002/A8: a Blackwell rack of 72 GPUs draws 100 kW, 1.4 kW each); at most 1.45 kW, about what the built-in scenarios' opening power allows their installed bases (a scenario whose fleet draws more than its powerMw is refused)",
      plausible: [1, 1.45],
    }),
    dcBookShare: rule("fraction", 0.6, [0, 1], "book value of the data centres at the start, as a share of their cost", {
      source:
        "seed-facts §2 #20 (003a: hyperscalers' operating leverage on a 'partly depreciated' installed base): the opening data centres are some years into their lives; the 0.6 (8 of dcLifeQuarters' 20 years gone) a modelling choice (v1)",
    }),
    quartersSinceGeneration: rule("quarters", 2, [0, 40], "quarters since each chipmaker's last generation at the start", {
      source:
        "seed-facts §2 #49 (002/A9: Hopper to Grace Blackwell NVLink72 in two years, Vera Rubin next); the half year a modelling choice (v1), so the next generation lands in the game's second year",
      int: true,
    }),
    midStream: rule(
      "yes (1) / no (0)",
      1,
      [0, 1],
      "start mid-stream: a quarter of chips on the line and booked by hyperscalers, so first-quarter chip sales are at their steady level; each booking stands until the cloud orders, taking what its power ready for chips holds",
      {
        int: true,
        plausible: [0, 1],
        source:
          "modelling choice (v2): first-quarter chip sales at their steady level, as compute is 'booked out three years and beyond' (seed-facts §4.6, 002/A7)",
      },
    ),
    standingOrderBid: rule(
      "× list price",
      1.1,
      [1, 10],
      "what hyperscalers' accelerator bookings at the start bid, as a multiple of the list price",
      {
        source:
          "modelling choice (v2): the opening orders bid a little over list so they clear; seed-facts §5 fact 7 (002/A8: Nvidia demand of $2-3T against what wafers allow)",
      },
    ),
  },
  indicators: {
    indexOutputShare: rule(
      "fraction",
      0.25,
      [0, 1],
      "output share of the blended list price in the fixed-capability price (a 3:1 input:output mix)",
      {
        source:
          "modelling choice (v1): a 3:1 input:output token mix; seed-facts §4.1 (000: prices quoted per input and per output token), §3 #21 (001: a token price index)",
      },
    ),
  },
  news: {
    wafersShort: rule(
      "fraction",
      0.95,
      [0, 1],
      "news when a chipmaker gets less than this share of the wafers it ordered (no effect on the economy)",
      { source: "reporting (what the game shows), not the economy" },
    ),
    acceleratorsShort: rule(
      "fraction",
      0.9,
      [0, 1],
      "news when a buyer gets less than this share of the accelerators it ordered (no effect on the economy)",
      { source: "reporting (what the game shows), not the economy" },
    ),
    contractShortfall: rule("fraction", 0.999, [0, 1], "news when a contract is delivered below this share (no effect on the economy)", {
      source: "reporting (what the game shows), not the economy",
    }),
    computeConstrained: rule(
      "fraction",
      0.98,
      [0, 1],
      "news when a lab serves less than this share of its demand (no effect on the economy)",
      { source: "reporting (what the game shows), not the economy" },
    ),
  },
} as const satisfies Record<string, Record<string, Param>>;

/** The values of a group of parameters. */
export type ValuesOf<G> = { -readonly [K in keyof G]: ValueOfParam<G[K]> };
/** The rules' values, by step and name (what `state.world.rules` holds). */
export type Rules = { -readonly [G in keyof typeof RULES]: ValuesOf<(typeof RULES)[G]> };

// ---------------------------------------------------------------------------------------------
// The zod schemas made from the declarations

function schemaOf(p: Param): z.ZodType {
  const d = p.domain;
  let s: z.ZodType;
  switch (d.kind) {
    case "number": {
      let n = z.number();
      n = d.minOpen ? n.gt(d.min) : n.min(d.min);
      n = n.max(d.max);
      if (d.int) n = n.int();
      s = n;
      break;
    }
    case "numbers": {
      let n = z.number();
      n = d.minOpen ? n.gt(d.min) : n.min(d.min);
      const list = z.array(n.max(d.max)).length(d.length);
      s = d.descending
        ? list.refine((xs) => xs.every((x, i) => i === 0 || x <= xs[i - 1]!), "must not rise from one number to the next (highest first)")
        : list;
      break;
    }
    case "enum":
      s = z.enum(d.values as [string, ...string[]]);
      break;
    case "boolean":
      s = z.boolean();
      break;
  }
  return p.default === undefined ? s : s.default(p.default as never);
}

/** A strict object of a group's parameters (its type follows the declaration). */
function groupSchema<G extends Record<string, Param>>(params: G): z.ZodType<ValuesOf<G>, Partial<ValuesOf<G>>> {
  const shape: Record<string, z.ZodType> = {};
  for (const [k, p] of Object.entries(params)) shape[k] = schemaOf(p);
  return z.strictObject(shape) as unknown as z.ZodType<ValuesOf<G>, Partial<ValuesOf<G>>>;
}

/** The `world.rules` section: every rule at its rules v1 value unless the scenario (or `--set`) says otherwise. */
export const RulesSchema = z
  .strictObject(Object.fromEntries(Object.entries(RULES).map(([g, params]) => [g, groupSchema(params).prefault({})])))
  .prefault({}) as unknown as z.ZodType<Rules, Partial<{ [G in keyof Rules]: Partial<Rules[G]> }>>;

export const WorldParamSchemas = {
  foundry: groupSchema(WORLD_PARAMS.foundry),
  memory: groupSchema(WORLD_PARAMS.memory),
  capital: groupSchema(WORLD_PARAMS.capital),
  dataCentre: groupSchema(WORLD_PARAMS.dataCentre),
  params: groupSchema(WORLD_PARAMS.params),
};

// ---------------------------------------------------------------------------------------------
// The list

export interface ParamInfo {
  /** the scenario path, for --set */
  path: string;
  unit: string;
  /** rules v1's value, or null where every scenario sets its own */
  default: number | string | boolean | readonly number[] | null;
  domain: Domain;
  plausible: readonly [number, number] | null;
  source: string;
  doc: string;
}

/** Every parameter: the world's, then the rules', in declaration order. */
export function listParams(): ParamInfo[] {
  const out: ParamInfo[] = [];
  const add = (prefix: string, params: Record<string, Param>) => {
    for (const [k, p] of Object.entries(params)) {
      out.push({
        path: `${prefix}.${k}`,
        unit: p.unit,
        default: p.default ?? null,
        domain: p.domain,
        plausible: p.plausible ?? null,
        source: p.source,
        doc: p.doc,
      });
    }
  };
  for (const [g, params] of Object.entries(WORLD_PARAMS)) add(`world.${g}`, params);
  for (const [g, params] of Object.entries(RULES)) add(`world.rules.${g}`, params);
  return out;
}

/** The rules whose value differs from rules v1's (what the world's digest covers of them). */
export function rulesChanged(rules: Rules): Record<string, Record<string, unknown>> | null {
  let out: Record<string, Record<string, unknown>> | null = null;
  for (const { group, key, value, json } of RULE_DEFAULTS) {
    const v = (rules[group] as Record<string, unknown>)[key];
    const same = json !== null ? Array.isArray(v) && JSON.stringify(v) === json : Object.is(v, value);
    if (same) continue;
    out ??= {};
    out[group] ??= {};
    out[group][key] = v;
  }
  return out;
}

/** Every rule's default, in RULES's order (a list's as JSON, to compare): a read-only table made at load. */
const RULE_DEFAULTS: readonly { group: keyof Rules; key: string; value: unknown; json: string | null }[] = (
  Object.entries(RULES) as [keyof Rules, Record<string, Param>][]
).flatMap(([group, params]) =>
  Object.entries(params).map(([key, p]) => ({
    group,
    key,
    value: p.default,
    json: Array.isArray(p.default) ? JSON.stringify(p.default) : null,
  })),
);
