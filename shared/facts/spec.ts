/**
 * The 25 stylized facts of seed-facts.md §5 as A/B experiments, both sides of the disputed
 * ones: the model's card (`npm run sim -- facts`, docs/model.md).
 *
 * Each fact declares its two arms, what it observes (metrics, windows, the predicted sign) and
 * the range of set-ups it must hold over: the quarter its lever lands, the lever's size (from
 * the seed's own numbers or the parameter's plausible range, `npm run sim -- list --params`),
 * the scenario, and who plays the other seats (bots, or every seat on its standing policies).
 * The set-ups of test/facts/*.test.ts are one point of each range, never the only one.
 *
 * The ranges were declared from the seed text before any result was looked at; a range is
 * never narrowed to make a fact pass. Random shocks are off in every arm.
 */
import type { Check, Fact, KnownFailing, OrdersAt, Override, Point, Setup, ShockAt } from "./types.ts";

/**
 * Seeds per point of a range (the card's N): seeds 1..N, the same in both arms. At 60 the
 * verdicts do not hang on which seeds are played: seeds 1–60, 101–160, 1001–1060 and 5001–5060
 * give the same card, where ten seeds a point changed three verdicts between such sets and
 * thirty changed two (`npm run sim -- facts --seed 101`).
 */
export const CARD_SEEDS = 60;

/** Confidence level of the effects' intervals. */
export const CARD_LEVEL = 0.95;

const str = (v: unknown): string => String(v);
const num = (v: unknown): number => Number(v);

interface ArmOptions {
  sets?: Override[];
  shocks?: ShockAt[];
  orders?: OrdersAt[];
  quarters: number;
  play?: "bots" | "standing";
  scenario?: string;
}

/** An arm on the point's scenario and play (standing policies unless the point says bots). */
function arm(p: Point, o: ArmOptions): Setup {
  const play = o.play ?? (p.play === "bots" ? "bots" : "standing");
  const s: Setup = { scenario: o.scenario ?? str(p.scenario ?? "base"), play, quarters: o.quarters };
  if (o.sets?.length) s.sets = o.sets;
  if (o.shocks?.length) s.shocks = o.shocks;
  if (o.orders?.length) s.orders = o.orders;
  return s;
}

const set = (path: string, value: unknown): Override => ({ path, value });
/**
 * Serving compute to spare for the leading lab, where a fact's premise asks for it: its first
 * contract (3B GPU-hours a quarter in base and classroom) tripled. A serving split alone leaves
 * the lab's hours full in classroom, with its own demand or a short rival's overflow.
 */
const spareCompute = set("actors.meridian.contracts.0.gpuHoursPerQuarter", 9e9);
const at = (quarter: number | "every", seat: string, orders: unknown[]): OrdersAt => ({ quarter, seat, orders });
const win = (from: number, to: number): [number, number] => [from, to];

/** Both arms the same run (a claim about one run over time, or two metrics of one run). */
const same = (s: Setup): { a: Setup; b: Setup } => ({ a: s, b: s });

export const FACTS: readonly Fact[] = [
  // ------------------------------------------------------------------------------------------
  {
    id: "f01",
    number: 1,
    title: "The cheapest per token can be the dearest per task",
    claim:
      "A priced lower per output token than B but using more tokens per task: A's cost per completed task is higher than B's, and cost-minimising enterprises route volume to B",
    source: "000",
    range: { scenario: ["base", "classroom"], verbosity: [1.4, 2.5] },
    rangeWhy:
      "verbosity of the cheaper model: 1.4 (the 40% per-task gap, $25 vs $30 output, $5 input) and 2.5 (DeepSeek V4 Pro's 190M tokens vs GPT-5.5's ~75M), both from 000",
    arms: (p) => {
      const models = (route: unknown, verbosityA: number): Override[] => [
        set("actors.meridian.models.fable.capability", 61),
        set("actors.meridian.models.fable.verbosity", verbosityA),
        set("actors.meridian.models.fable.inputPrice", 5),
        set("actors.meridian.models.fable.outputPrice", 25),
        set("actors.helix.models.helix-5.capability", 61),
        set("actors.helix.models.helix-5.verbosity", 1),
        set("actors.helix.models.helix-5.inputPrice", 5),
        set("actors.helix.models.helix-5.outputPrice", 30),
        set("actors.codeworks.tasks", { coding: 150e6 }),
        set("actors.codeworks.budget", 1e11),
        set("actors.codeworks.routing", { coding: route }),
      ];
      const v = num(p.verbosity);
      return {
        a: arm(p, { quarters: 2, sets: models({ policy: "named", model: "helix-5" }, v) }),
        b: arm(p, { quarters: 2, sets: models({ policy: "named", model: "fable" }, v) }),
      };
    },
    checks: () => [
      {
        text: "cost per completed task on the per-token-cheaper, more verbose model (B) above that on the dearer, terser one (A)",
        metric: "enterprise.codeworks.costPerTask",
        window: win(1, 2),
        effect: "rel",
        sign: 1,
      },
    ],
  },
  {
    id: "f01-routing",
    number: 1,
    title: "Cost-minimising buyers route volume to the model cheaper per task",
    claim: "cost-minimising enterprises route volume to B (the model dearer per token but cheaper per task)",
    source: "000",
    range: { scenario: ["base", "classroom"], verbosity: [1.4, 2.5] },
    rangeWhy: "as f01 (000's two calibrations of the per-task gap)",
    arms: (p) => {
      const sets = (verbosityA: number): Override[] => [
        set("actors.meridian.models.fable.capability", 61),
        set("actors.meridian.models.fable.verbosity", verbosityA),
        set("actors.meridian.models.fable.inputPrice", 5),
        set("actors.meridian.models.fable.outputPrice", 25),
        set("actors.helix.models.helix-5.capability", 61),
        set("actors.helix.models.helix-5.verbosity", 1),
        set("actors.helix.models.helix-5.inputPrice", 5),
        set("actors.helix.models.helix-5.outputPrice", 30),
        set("actors.codeworks.tasks", { coding: 150e6 }),
        set("actors.codeworks.budget", 1e11),
        set("actors.codeworks.routing", { coding: { policy: "cheapest" } }),
      ];
      // A: equal verbosity (the per-token discount is all there is); B: the cheaper model is verbose.
      return { a: arm(p, { quarters: 2, sets: sets(1) }), b: arm(p, { quarters: 2, sets: sets(num(p.verbosity)) }) };
    },
    checks: () => [
      {
        text: "the cost-minimising buyer's share of coding on the terse model (helix-5) rises when the per-token-cheaper model is verbose",
        metric: "enterprise.codeworks.share.coding.helix-5",
        window: win(1, 2),
        sign: 1,
      },
    ],
  },
  // ------------------------------------------------------------------------------------------
  {
    id: "f02",
    number: 2,
    title: "Constant capability gets ~10x cheaper per year, and total inference spend still rises",
    claim:
      "the price of a fixed capability falls about an order of magnitude in 4 turns while total inference cost at the leading lab rises (OpenAI inference $8.4B → $14.1B)",
    source: "003a; 000; 002/A3",
    range: { scenario: ["base", "classroom"], cone: ["low", "high"] },
    rangeWhy:
      "the demand growth cone at both ends of its plausible range (low: −5%..+4% a quarter, high: +5%..+20%; 004 #5 vs A10), bots in every seat",
    arms: (p) => {
      const cone = p.cone === "low" ? [-0.05, 0.04] : [0.05, 0.2];
      return same(
        arm(p, {
          quarters: 8,
          play: "bots",
          sets: [set("world.params.demandGrowthLow", cone[0]), set("world.params.demandGrowthHigh", cone[1])],
        }),
      );
    },
    checks: () => [
      {
        text: "the first quarter's frontier capability costs at least 5x less four turns later (an order of magnitude, 'about')",
        metric: "fixedCapabilityPrice",
        windowA: win(1, 1),
        window: win(5, 5),
        effect: "rel",
        sign: -1,
        threshold: -0.8,
      },
      {
        text: "buyers' API spend in year 2 above year 1",
        metric: "apiSpend",
        windowA: win(1, 4),
        window: win(5, 8),
        effect: "rel",
        sign: 1,
      },
      {
        text: "the leading lab's inference compute (serving GPU-hours) in year 2 above year 1",
        metric: "lab.meridian.servingHours",
        windowA: win(1, 4),
        window: win(5, 8),
        effect: "rel",
        sign: 1,
      },
    ],
  },
  // ------------------------------------------------------------------------------------------
  {
    id: "f03",
    number: 3,
    title: "Jevons on a tier price cut",
    claim:
      "a price cut on the frontier tier with elasticity above 1: tier tokens rise by more than the price falls, so tier revenue rises, some mid-tier workloads move up, and lab compute demand rises",
    source: "002/A10; 001; 002/A4",
    range: { scenario: ["base", "classroom"], quarter: [2, 4], cut: [0.67, 0.5] },
    rangeWhy:
      "the cut's quarter (2, 4) and size (a third, a half: Opus's cut at the 4.5 launch was of that order, 002/A10); elasticity above 1 is the fact's premise: task values concentrated near the tier's cost (value sigma 0.8)",
    arms: (p) => {
      const q = num(p.quarter);
      const c = num(p.cut);
      const sets = [
        set("taskClasses.coding.valueSigma", 0.8),
        set("taskClasses.knowledge.valueSigma", 0.8),
        // serving compute to spare, so the cut is not capped by capacity (fact 6 is its own check)
        set("actors.meridian.split", { training: 0.1, serving: 0.85, internal: 0.05 }),
        spareCompute,
      ];
      const cut = at(q, "meridian", [{ type: "lab/setPrices", tier: "frontier", inputPrice: 5 * c, outputPrice: 25 * c }]);
      return { a: arm(p, { quarters: q + 1, sets }), b: arm(p, { quarters: q + 1, sets, orders: [cut] }) };
    },
    checks: (p) => {
      const w = win(num(p.quarter), num(p.quarter) + 1);
      return [
        { text: "frontier-tier revenue rises", metric: "model.fable.revenue", window: w, effect: "rel", sign: 1 },
        { text: "mid-tier workloads move up: the mid tier serves fewer tokens", metric: "model.sonnet.servedMtok", window: w, sign: -1 },
        { text: "the lab's compute (token) demand rises", metric: "lab.meridian.tokensDemanded", window: w, effect: "rel", sign: 1 },
      ];
    },
  },
  {
    id: "f03-memory-004",
    number: 3,
    side: "004 #8–9 (no Jevons for memory)",
    title: "Attention efficiency cuts memory demand into a glut (memory-demand elasticity below 1)",
    claim: "efficient attention cuts RAM needs by 80%+ and memory goes into a glut",
    source: "004 #8–9",
    range: { scenario: ["base", "classroom"], quarter: [2, 4], elasticity: [0.3, 0.6] },
    rangeWhy: "memory-demand elasticity below 1 over its plausible range (0.3, base's 0.6); the breakthrough's quarter 2 or 4",
    arms: (p) => {
      const q = num(p.quarter);
      const sets = [set("world.memory.demandElasticity", num(p.elasticity))];
      return {
        a: arm(p, { quarters: q + 2, play: "bots", sets }),
        b: arm(p, { quarters: q + 2, play: "bots", sets, shocks: [{ shock: "attention-breakthrough", quarter: q }] }),
      };
    },
    checks: (p) => {
      const w = win(num(p.quarter) + 1, num(p.quarter) + 2);
      return [
        { text: "HBM stacks demanded fall", metric: "world.hbmDemand", window: w, effect: "rel", sign: -1 },
        { text: "HBM prices fall", metric: "hbmPrice", window: w, effect: "rel", sign: -1 },
      ];
    },
  },
  {
    id: "f03-memory-001",
    number: 3,
    side: "001; A5 (Jevons for memory)",
    title: "Attention efficiency raises memory demand (memory-demand elasticity above 1)",
    claim: "people… forget [Jevons] when they say cheaper memory… will crush HBM / DRAM; memory per user could quintuple",
    source: "001; 002/A5",
    range: { scenario: ["base", "classroom"], quarter: [2, 4], elasticity: [1.3, 1.6] },
    rangeWhy: "memory-demand elasticity above 1 up to its plausible top (1.3, 1.6); the breakthrough's quarter 2 or 4",
    arms: (p) => {
      const q = num(p.quarter);
      const sets = [set("world.memory.demandElasticity", num(p.elasticity))];
      return {
        a: arm(p, { quarters: q + 2, play: "bots", sets }),
        b: arm(p, { quarters: q + 2, play: "bots", sets, shocks: [{ shock: "attention-breakthrough", quarter: q }] }),
      };
    },
    checks: (p) => {
      const w = win(num(p.quarter) + 1, num(p.quarter) + 2);
      return [
        { text: "HBM stacks demanded rise", metric: "world.hbmDemand", window: w, effect: "rel", sign: 1 },
        { text: "HBM prices rise", metric: "hbmPrice", window: w, effect: "rel", sign: 1 },
      ];
    },
  },
  // ------------------------------------------------------------------------------------------
  {
    id: "f04",
    number: 4,
    title: "Quality-bar routing bifurcates the market by volume, not necessarily by value",
    claim: "the frontier share of tokens falls while the frontier share of revenue can stay high (the check that fits both sides)",
    source: "003a; 002/A8",
    range: { scenario: ["base", "classroom"], play: ["standing", "bots"] },
    rangeWhy: "both built-in casts, with standing policies (the tests' set-up) and with bots",
    arms: (p) => same(arm(p, { quarters: 4 })),
    checks: () => [
      {
        text: "the frontier share of tokens falls over four turns",
        metric: "frontierTokenShare",
        windowA: win(1, 1),
        window: win(4, 4),
        sign: -1,
      },
      {
        text: "the frontier share of revenue stays above its share of tokens",
        metricA: "frontierTokenShare",
        metric: "frontierRevenueShare",
        window: win(1, 4),
        sign: 1,
      },
    ],
  },
  {
    id: "f04-values",
    number: 4,
    side: "003a vs 002/A8 (the lever)",
    title: "The distribution of task values decides whether the frontier keeps the value",
    claim: "the game should let either dominate through the distribution of task values",
    source: "003a; 002/A8",
    range: { scenario: ["base", "classroom"], play: ["standing", "bots"] },
    rangeWhy: "capabilityValuePremium at the ends of its plausible range (0.01 vs 0.1), in both casts, standing and bots",
    arms: (p) => ({
      a: arm(p, { quarters: 4, sets: [set("world.params.capabilityValuePremium", 0.01)] }),
      b: arm(p, { quarters: 4, sets: [set("world.params.capabilityValuePremium", 0.1)] }),
    }),
    checks: () => [
      {
        text: "a larger value premium for capability raises the frontier's share of revenue",
        metric: "frontierRevenueShare",
        window: win(1, 4),
        sign: 1,
      },
    ],
  },
  // ------------------------------------------------------------------------------------------
  ...fact5(),
  // ------------------------------------------------------------------------------------------
  {
    id: "f06",
    number: 6,
    title: "Revenue is capped by compute that has landed, and capacity arrives with a lag",
    claim:
      "realised revenue = min(demand, capacity × yield); capacity contracts arrive ~4 quarters after signing, and a tranche landing causes a step jump in ARR",
    source: "002/A8; 002/A10; 000",
    range: { scenario: ["base", "classroom"], quarter: [2, 3], lead: [2, 4] },
    rangeWhy:
      "the contract's quarter (2, 3) and the lead time from signing to landing (2, and the fact's ~4 quarters; contractLeadQuarters' plausible range 1–4)",
    arms: (p) => {
      const q = num(p.quarter);
      const lead = num(p.lead);
      const provider = p.scenario === "classroom" ? "stratus" : "nimbus";
      const sets = [
        set("world.rules.orders.contractLeadQuarters", lead),
        // a provider with spare capacity, so the tranche lands in full
        set(`actors.${provider}.ownUseShare`, 0.05),
        // demand above serving capacity: a research-heavy split
        set("actors.meridian.split", { training: 0.6, serving: 0.2, internal: 0.2 }),
      ];
      const sign = at(q, "meridian", [{ type: "lab/signContract", provider, gpuHoursPerQuarter: 2.5e9, quarters: 8 }]);
      return { a: arm(p, { quarters: q + lead + 1, sets }), b: arm(p, { quarters: q + lead + 1, sets, orders: [sign] }) };
    },
    checks: (p) => {
      const q = num(p.quarter);
      const lead = num(p.lead);
      return [
        {
          text: "before the contract: the constrained lab's realised revenue is below its unconstrained demand",
          metricA: "lab.meridian.revenue",
          metric: "lab.meridian.unconstrainedRevenue",
          window: win(1, q),
          effect: "rel",
          sign: 1,
        },
        {
          text: "no revenue from the contract before it lands",
          metric: "actor.meridian.revenue",
          window: win(q, q + lead - 1),
          sign: 0,
        },
        {
          text: "revenue steps up once the tranche lands",
          metric: "actor.meridian.revenue",
          window: win(q + lead, q + lead + 1),
          effect: "rel",
          sign: 1,
        },
      ];
    },
  },
  // ------------------------------------------------------------------------------------------
  {
    id: "f07",
    number: 7,
    title: "A wafer shortage raises GPU rental prices, caps lab revenue, and hits neoclouds hardest",
    claim:
      "GPU-hour rental prices rise; lab revenue is capped as in fact 6; neoclouds without allocation priority face higher input costs than hyperscalers that prepay; memory and ASIC makers see strong pricing",
    source: "002/A8; 000",
    range: { scenario: ["base", "jevons-boom"], quarter: [2, 4], supply: [0.4, 0.7], play: ["standing", "bots"] },
    rangeWhy:
      "the shortage's quarter (2, 4) and the leading-node output left (0.4, and the catalogue's 0.7 of capacity), six quarters long; standing policies with the tests' accelerator orders, or bots",
    arms: (p) => {
      const q = num(p.quarter);
      const orders =
        p.play === "bots"
          ? []
          : [
              at(1, "stratus", [{ type: "hyperscaler/orderAccelerators", chipmaker: "vector", units: 400000, maxPrice: 1e5 }]),
              at(1, "nimbus", [{ type: "hyperscaler/orderAccelerators", chipmaker: "vector", units: 300000, maxPrice: 1e5 }]),
              at(1, "coreforge", [{ type: "hyperscaler/orderAccelerators", chipmaker: "vector", units: 200000, maxPrice: 1e5 }]),
              at(1, "vector", [{ type: "chipmaker/setAllocation", priority: ["stratus", "nimbus"] }]),
              at(1, "meridian", [{ type: "lab/spotBid", gpuHours: 4e9, maxPrice: 6 }]),
            ];
      const shock = { shock: "wafer-shortage", quarter: q, params: { "effects.0.multiplier": num(p.supply), duration: 6 } };
      return { a: arm(p, { quarters: q + 4, orders }), b: arm(p, { quarters: q + 4, orders, shocks: [shock] }) };
    },
    checks: (p) => {
      const q = num(p.quarter);
      return [
        { text: "the GPU-hour rental price rises", metric: "gpuHourPrice", window: win(q + 1, q + 4), effect: "rel", sign: 1 },
        { text: "lab revenue is capped", metric: "actor.meridian.revenue", window: win(q + 2, q + 4), effect: "rel", sign: -1 },
        {
          text: "the neocloud's GPU revenue fares worse than the prepaying hyperscaler's",
          metric: "hyperscaler.coreforge.gpuRevenue",
          versus: "hyperscaler.stratus.gpuRevenue",
          window: win(q + 2, q + 4),
          sign: -1,
        },
        { text: "memory (HBM) pricing is stronger", metric: "hbmPrice", window: win(q + 1, q + 4), effect: "rel", sign: 1 },
      ];
    },
  },
  // ------------------------------------------------------------------------------------------
  {
    id: "f08",
    number: 8,
    title: "A second leading-edge foundry ends TSMC's discipline and makes a bubble possible",
    claim:
      "wafer supply jumps, GPU prices fall, capacity outruns demand, utilisation falls below 100%, and financing losses rise; without the trigger utilisation stays near 100%",
    source: "002/A8",
    range: { scenario: ["base", "classroom"], quarter: [2, 4], added: [0.5, 0.8] },
    rangeWhy:
      "the second foundry's quarter (2, 4) and the capacity it adds (half, and the catalogue's 0.8 of the incumbent's); bots, 12 quarters",
    arms: (p) => {
      const q = num(p.quarter);
      const shock = { shock: "second-foundry", quarter: q, params: { "effects.0.capacityAdd": num(p.added) } };
      return { a: arm(p, { quarters: 12, play: "bots" }), b: arm(p, { quarters: 12, play: "bots", shocks: [shock] }) };
    },
    checks: (p) => {
      const late = win(num(p.quarter) + 4, 12);
      return [
        { text: "wafer utilisation falls", metric: "waferUtilization", window: late, sign: -1 },
        { text: "the GPU-hour price falls", metric: "gpuHourPrice", window: late, effect: "rel", sign: -1 },
        { text: "GPU utilisation falls (capacity outruns demand)", metric: "gpuUtilization", window: late, sign: -1 },
        { text: "financing (credit) losses rise", metric: "creditLosses", window: late, sign: 1 },
      ];
    },
  },
  // ------------------------------------------------------------------------------------------
  ...fact9(),
  // ------------------------------------------------------------------------------------------
  {
    id: "f10-003a",
    number: 10,
    side: "003a scenario 1",
    title: "Capex cuts lift hyperscaler FCF and hurt semis",
    claim: "hyperscaler capex falls or plateaus: hyperscaler free cash flow rises sharply and semis/memory revenue falls",
    source: "003a",
    range: { scenario: ["base", "classroom"], quarter: [2, 4], cap: [0.3, 0.5] },
    rangeWhy: "every hyperscaler's capex capped at 30% or 50% (the catalogue's) for six quarters from quarter 2 or 4; bots",
    arms: (p) => {
      const q = num(p.quarter);
      const shock = {
        shock: "capex-cut",
        quarter: q,
        params: { duration: 6, "effects.0.target": "all-hyperscalers", "effects.0.multiplier": num(p.cap) },
      };
      return { a: arm(p, { quarters: q + 5, play: "bots" }), b: arm(p, { quarters: q + 5, play: "bots", shocks: [shock] }) };
    },
    checks: (p) => {
      const q = num(p.quarter);
      return [
        { text: "hyperscalers' free cash flow rises", metric: "world.hyperscalerFcf", window: win(q, q + 3), sign: 1 },
        {
          text: "the merchant chipmaker's revenue falls",
          metric: "actor.vector.revenue",
          window: win(q + 1, q + 5),
          effect: "rel",
          sign: -1,
        },
        { text: "HBM prices fall", metric: "hbmPrice", window: win(q + 1, q + 5), effect: "rel", sign: -1 },
      ];
    },
  },
  {
    id: "f10-boom",
    number: 10,
    side: "003a scenario 2",
    title: "Capex plus a revenue boom lifts everyone",
    claim: "capex stays high and demand explodes: all actors gain, with hyperscaler operating margins rising most",
    source: "003a",
    range: { scenario: ["base", "classroom"], quarter: [2, 4], surge: [1.6, 2.5] },
    rangeWhy: "an agentic-coding demand surge (the catalogue's ×1.6, and ×2.5) in quarter 2 or 4; bots",
    arms: (p) => {
      const q = num(p.quarter);
      const shock = { shock: "demand-surge", quarter: q, params: { "effects.0.multiplier": num(p.surge) } };
      return { a: arm(p, { quarters: q + 3, play: "bots" }), b: arm(p, { quarters: q + 3, play: "bots", shocks: [shock] }) };
    },
    checks: (p) => {
      const w = win(num(p.quarter), num(p.quarter) + 3);
      return [
        { text: "the leading lab's revenue rises", metric: "actor.meridian.revenue", window: w, effect: "rel", sign: 1 },
        { text: "the hyperscaler's revenue rises", metric: "actor.stratus.revenue", window: w, effect: "rel", sign: 1 },
        { text: "the chipmaker's revenue rises", metric: "actor.vector.revenue", window: w, effect: "rel", sign: 1 },
        { text: "the hyperscaler's operating margin rises", metric: "actor.stratus.operatingMargin", window: w, sign: 1 },
      ];
    },
  },
  {
    id: "f10-003r",
    number: 10,
    side: "003r (semis win in both cases)",
    title: "Efficiency raises value per chip: semis win",
    claim: "semis win in both cases, because efficiency raises value per chip and the installed base must be refreshed",
    source: "003r",
    range: { scenario: ["base", "jevons-boom"], quarter: [2, 4], pricingPower: [0.8, 1] },
    rangeWhy:
      "a DeepSeek-style efficiency shock in quarter 2 or 4 with chip pricing power at the top of its plausible range (0.8, 1: 003r's 'kingmakers'); bots",
    arms: (p) => {
      const q = num(p.quarter);
      const sets = [set("world.params.chipPricingPower", num(p.pricingPower))];
      return {
        a: arm(p, { quarters: q + 4, play: "bots", sets }),
        b: arm(p, { quarters: q + 4, play: "bots", sets, shocks: [{ shock: "efficiency-shock", quarter: q }] }),
      };
    },
    checks: (p) => [
      {
        text: "the merchant chipmaker's revenue rises after the efficiency shock",
        metric: "actor.vector.revenue",
        window: win(num(p.quarter) + 1, num(p.quarter) + 4),
        effect: "rel",
        sign: 1,
      },
    ],
  },
  // ------------------------------------------------------------------------------------------
  {
    id: "f11",
    number: 11,
    title: "A hyperscaler that flinches on capex loses share",
    claim: "one hyperscaler cutting capex while its peers hold: its share of lab workloads and AI revenue falls in later turns",
    source: "002/A8",
    range: { scenario: ["base", "classroom"], quarter: [2, 3], cap: [0.1, 0.5] },
    rangeWhy: "the flinching hyperscaler's capex capped at 10% or 50% (the catalogue's) for six quarters from quarter 2 or 3; bots",
    arms: (p) => {
      const q = num(p.quarter);
      const who = p.scenario === "classroom" ? "stratus" : "nimbus";
      const shock = {
        shock: "capex-cut",
        quarter: q,
        params: { "effects.0.target": who, "effects.0.multiplier": num(p.cap), duration: 6 },
      };
      return { a: arm(p, { quarters: q + 6, play: "bots" }), b: arm(p, { quarters: q + 6, play: "bots", shocks: [shock] }) };
    },
    checks: (p) => {
      const who = p.scenario === "classroom" ? "stratus" : "nimbus";
      return [
        {
          text: "the flinching hyperscaler's share of AI (GPU-hour) revenue falls in later turns",
          metric: `actor.${who}.share`,
          window: win(num(p.quarter) + 4, num(p.quarter) + 6),
          sign: -1,
        },
      ];
    },
  },
  {
    id: "f11-taper",
    number: 11,
    title: "Capex cannot outgrow revenue for long",
    claim:
      "aggregate capex growth that pushes capex above ~50% of revenue meets a forced taper: capex cannot go from ~$700B to $1.5T in a year",
    source: "002/A4",
    range: { scenario: ["base", "jevons-boom"], cone: ["base", "high"] },
    rangeWhy: "demand growth at the scenario's cone and at the top of the plausible cone (+5%..+20% a quarter); bots, two years",
    arms: (p) => {
      const sets = p.cone === "high" ? [set("world.params.demandGrowthLow", 0.05), set("world.params.demandGrowthHigh", 0.2)] : [];
      return same(arm(p, { quarters: 8, play: "bots", sets }));
    },
    checks: () => [
      {
        text: "AI capex in year 2 less than 2.14x year 1 ($700B → $1.5T is +114%)",
        metric: "aiCapex",
        windowA: win(1, 4),
        window: win(5, 8),
        effect: "rel",
        sign: -1,
        threshold: 1.14,
      },
    ],
  },
  // ------------------------------------------------------------------------------------------
  ...fact12(),
  // ------------------------------------------------------------------------------------------
  ...fact13(),
  // ------------------------------------------------------------------------------------------
  ...fact14(),
  // ------------------------------------------------------------------------------------------
  ...fact15(),
  // ------------------------------------------------------------------------------------------
  ...fact16(),
  // ------------------------------------------------------------------------------------------
  {
    id: "f17",
    number: 17,
    title: "A DeepSeek-style efficiency shock hurts hardware sentiment but raises hardware demand",
    claim:
      "chip and memory equity prices fall in the same turn; GPU rental prices and utilisation rise over the next turns; lab fundraising is not blocked",
    source: "002/A8; 002/A10",
    range: { scenario: ["base", "jevons-boom"], quarter: [2, 4], throughput: [3, 5] },
    rangeWhy: "the shock's quarter (2, 4) and the open model's throughput gain (the catalogue's 3x, and 5x); bots",
    arms: (p) => {
      const q = num(p.quarter);
      const shock = { shock: "efficiency-shock", quarter: q, params: { "effects.0.throughputMultiplier": num(p.throughput) } };
      return { a: arm(p, { quarters: q + 2, play: "bots" }), b: arm(p, { quarters: q + 2, play: "bots", shocks: [shock] }) };
    },
    checks: (p) => {
      const q = num(p.quarter);
      return [
        { text: "chip equity sentiment falls in the shock's turn", metric: "chipSentiment", window: win(q, q), sign: -1 },
        {
          text: "the merchant chipmaker's valuation falls in the shock's turn",
          metric: "actor.vector.valuation",
          window: win(q, q),
          effect: "rel",
          sign: -1,
        },
        {
          text: "the GPU-hour rental price rises over the next turns",
          metric: "gpuHourPrice",
          window: win(q + 1, q + 2),
          effect: "rel",
          sign: 1,
        },
        { text: "GPU utilisation rises over the next turns", metric: "gpuUtilization", window: win(q + 1, q + 2), sign: 1 },
        {
          text: "lab fundraising is not blocked: lab sentiment stays above the equity window in the shock's turn",
          metric: "labEquityHeadroom",
          window: win(q, q),
          effect: "level",
          sign: 1,
        },
      ];
    },
  },
  // ------------------------------------------------------------------------------------------
  {
    id: "f18",
    number: 18,
    title: "An energy shock is asymmetric by region",
    claim:
      "US gas falls ~20% while Asia/Europe gas doubles or triples; the cost of compute sited in Asia/Europe rises relative to US sites; AI equities sell off short-term",
    source: "002/A8",
    range: { scenario: ["base", "classroom"], quarter: [2, 4], asia: [2, 3], site: ["asia", "us"] },
    rangeWhy: "the shock's quarter (2, 4), Asian energy doubling or tripling (the seed's words), the neocloud sited in Asia or the US",
    arms: (p) => {
      const q = num(p.quarter);
      const sets = [set("actors.coreforge.region", str(p.site))];
      const shock = { shock: "energy-shock", quarter: q, params: { "effects.0.multiplier": num(p.asia) } };
      return { a: arm(p, { quarters: q, sets }), b: arm(p, { quarters: q, sets, shocks: [shock] }) };
    },
    checks: (p) => {
      const q = num(p.quarter);
      return [
        {
          text: p.site === "asia" ? "the cost of compute sited in Asia rises" : "the cost of compute sited in the US falls",
          metric: "actor.coreforge.costOfRevenue",
          window: win(q, q),
          effect: "rel",
          sign: p.site === "asia" ? 1 : -1,
        },
        { text: "AI equities sell off in the shock's turn", metric: "actor.stratus.valuation", window: win(q, q), effect: "rel", sign: -1 },
      ];
    },
  },
  // ------------------------------------------------------------------------------------------
  {
    id: "f19",
    number: 19,
    title: "Power and permits, not chips, can bind",
    claim: "chips available but zoning/permits throttled: capacity additions delayed, compute-constrained labs losing revenue",
    source: "002/A8; 001",
    range: { scenario: ["base", "classroom"], quarter: [1, 3], delay: [2, 4] },
    rangeWhy:
      "a zoning freeze from quarter 1 or 3 delaying new power by 2 quarters (the catalogue's) or 4 ('paused until after the midterms'), six quarters long; bots",
    arms: (p) => {
      const q = num(p.quarter);
      const shock = { shock: "zoning-freeze", quarter: q, params: { duration: 6, "effects.0.extraQuarters": num(p.delay) } };
      return { a: arm(p, { quarters: q + 3, play: "bots" }), b: arm(p, { quarters: q + 3, play: "bots", shocks: [shock] }) };
    },
    checks: (p) => {
      const w = win(num(p.quarter) + 1, num(p.quarter) + 3);
      return [
        { text: "installed GPU capacity falls behind", metric: "world.capacity", window: w, effect: "rel", sign: -1 },
        { text: "the GPU-hour price rises while power binds", metric: "gpuHourPrice", window: w, effect: "rel", sign: 1 },
        { text: "the compute-constrained lab loses revenue", metric: "actor.meridian.revenue", window: w, effect: "rel", sign: -1 },
      ];
    },
  },
  // ------------------------------------------------------------------------------------------
  {
    id: "f20",
    number: 20,
    title: "An IPO wave pressures listed AI stocks; price discovery takes about six months",
    claim: "listed AI equities fall ahead of supply, and listing prices drift for ~two turns (6 months) before settling",
    source: "002/A5; 004 #16; 001",
    range: { scenario: ["base", "classroom"], quarter: [2, 4], hit: [-0.2, -0.35] },
    rangeWhy: "the wave's quarter (2, 4) and its hit to lab sentiment (the catalogue's −0.2, and −0.35 for a ~$4T pipeline)",
    arms: (p) => {
      const q = num(p.quarter);
      const shock = { shock: "ipo-wave", quarter: q, params: { "effects.0.delta": num(p.hit) } };
      return { a: arm(p, { quarters: q + 2 }), b: arm(p, { quarters: q + 2, shocks: [shock] }) };
    },
    checks: (p) => {
      const q = num(p.quarter);
      return [
        {
          text: "the lab's valuation falls in the wave's turn",
          metric: "actor.meridian.valuation",
          window: win(q, q),
          effect: "rel",
          sign: -1,
        },
        {
          text: "it is still below two turns later (price discovery drifts)",
          metric: "actor.meridian.valuation",
          window: win(q + 2, q + 2),
          effect: "rel",
          sign: -1,
        },
      ];
    },
  },
  // ------------------------------------------------------------------------------------------
  {
    id: "f21",
    number: 21,
    title: "Custom ASICs lower cost per token but move risk onto a guarantor",
    claim:
      "the lab's cost per token and dependence on Nvidia fall and its gross margin rises once deployed; the ASIC designer demands a balance-sheet guarantee, and that guarantor's risk rises",
    source: "002/A1; 002/A8",
    range: { scenario: ["base", "bubble"], priceShare: [0.3, 0.9] },
    rangeWhy:
      "the ASIC hours' price as a share of the guarantor's contract price over its plausible range (0.3, 0.9); bots, eight quarters",
    arms: (p) => {
      const sets = [set("world.rules.compute.asicPriceShare", num(p.priceShare))];
      const none = [...sets, set("actors.lattice.wafersPerQuarter", 0), set("actors.lattice.inventoryUnits", 0)];
      // without ASICs the custom-ASIC maker orders no wafers in any quarter (its bot would order
      // what its guarantor ordered)
      const noWafers = at("every", "lattice", [{ type: "chipmaker/orderWafers", wafers: 0, prepay: false }]);
      return {
        a: arm(p, { quarters: 8, play: "bots", sets: none, orders: [noWafers] }),
        b: arm(p, { quarters: 8, play: "bots", sets }),
      };
    },
    checks: () => [
      {
        text: "the partner lab's compute cost per GPU-hour falls",
        metric: "lab.helix.computeCostPerHour",
        window: win(3, 8),
        effect: "rel",
        sign: -1,
      },
      { text: "the partner lab's gross margin rises", metric: "actor.helix.grossMargin", window: win(3, 8), sign: 1 },
      {
        text: "the guarantor carries the deployment: its capex rises",
        metric: "actor.stratus.capex",
        window: win(1, 8),
        effect: "rel",
        sign: 1,
      },
    ],
  },
  // ------------------------------------------------------------------------------------------
  {
    id: "f22",
    number: 22,
    title: "Diverting R&D or internal compute to customers pays now and costs later",
    claim:
      "a lab reallocating protected model-development and internal compute to serving: near-term revenue up, then weaker capability and token efficiency in later generations, and lost frontier position",
    source: "002/A10",
    range: { scenario: ["base", "classroom"], serving: [0.7, 0.9], play: ["standing", "bots"] },
    rangeWhy:
      "the serving share diverted to (0.7, and the test's 0.9) from a research-heavy split (0.5/0.2/0.3), held every quarter; standing policies or bots",
    arms: (p) => {
      const s = num(p.serving);
      const rest = (1 - s) / 2;
      const alloc = (t: number, sv: number, i: number) =>
        at("every", "meridian", [{ type: "lab/allocateCompute", training: t, serving: sv, internal: i }]);
      return {
        a: arm(p, { quarters: 6, orders: [alloc(0.5, 0.2, 0.3)] }),
        b: arm(p, { quarters: 6, orders: [alloc(rest, s, 1 - s - rest)] }),
      };
    },
    checks: () => [
      { text: "near-term revenue rises", metric: "actor.meridian.revenue", window: win(1, 2), effect: "rel", sign: 1 },
      { text: "later generations are less capable", metric: "model.fable.capability", window: win(5, 6), sign: -1 },
      { text: "later generations are less token-efficient", metric: "model.fable.verbosity", window: win(5, 6), sign: 1 },
      {
        text: "the frontier position is lost (capability lead over the best rival falls)",
        metric: "lab.meridian.frontierGap",
        window: win(5, 6),
        sign: -1,
      },
    ],
  },
  // ------------------------------------------------------------------------------------------
  ...fact23(),
  // ------------------------------------------------------------------------------------------
  {
    id: "f24",
    number: 24,
    title: "A fast policy gate vs slow hardware gates",
    claim:
      "the model gate cuts access within the turn; the hardware constraint moves only over several turns; buyers raise redundancy after the first model gate, which reduces frontier concentration",
    source: "001",
    range: { scenario: ["base", "classroom"], quarter: [2, 4], supply: [0.5, 0.7] },
    rangeWhy:
      "a ban on Fable (Meridian's frontier model, the leader's at the start) and a wafer shortage (0.5 of capacity, and the catalogue's 0.7) in the same quarter, 2 or 4; bots",
    arms: (p) => {
      const q = num(p.quarter);
      const shocks: ShockAt[] = [
        { shock: "model-ban", quarter: q, params: { "effects.0.model": "fable" } },
        { shock: "wafer-shortage", quarter: q, params: { "effects.0.multiplier": num(p.supply), duration: 4 } },
      ];
      return { a: arm(p, { quarters: q + 3, play: "bots" }), b: arm(p, { quarters: q + 3, play: "bots", shocks }) };
    },
    checks: (p) => {
      const q = num(p.quarter);
      return [
        {
          text: "the gated model serves fewer tokens within the turn",
          metric: "model.fable.servedMtok",
          window: win(q, q),
          effect: "rel",
          sign: -1,
        },
        { text: "installed compute is untouched in the gate's turn", metric: "world.capacity", window: win(q, q), sign: 0 },
        {
          text: "installed compute falls behind over later turns",
          metric: "world.capacity",
          window: win(q + 2, q + 3),
          effect: "rel",
          sign: -1,
        },
        { text: "buyers add fallback vendors after the gate", metric: "world.fallbackRoutes", window: win(q + 1, q + 3), sign: 1 },
        {
          text: "the gated model's share of revenue stays lower after the gate",
          metric: "model.fable.revenueShare",
          window: win(q + 1, q + 3),
          sign: -1,
        },
      ];
    },
  },
  // ------------------------------------------------------------------------------------------
  ...fact25(),
];

function fact5(): Fact[] {
  const range = { scenario: ["base", "classroom"], quarter: [2, 4], tokens: [1.5, 2.2] };
  const rangeWhy =
    "the reasoning switch's quarter (2, 4) and its tokens per task (×1.5, the catalogue's; ×2.2, the issue's audit); price per query held by cutting per-token prices by the same factor";
  const constrained = set("actors.meridian.split", { training: 0.6, serving: 0.2, internal: 0.2 });
  const reasoning = (q: number, m: number, leaderOnly = false): ShockAt => ({
    shock: "reasoning-shift",
    quarter: q,
    params: leaderOnly ? { "effects.0.multiplier": m, "effects.1.target": "meridian" } : { "effects.0.multiplier": m },
  });
  const holdPerQuery = (q: number, m: number): OrdersAt =>
    at(q, "meridian", [
      { type: "lab/setPrices", tier: "frontier", inputPrice: 5 / m, outputPrice: 25 / m },
      { type: "lab/setPrices", tier: "mid", inputPrice: 3 / m, outputPrice: 15 / m },
      { type: "lab/setPrices", tier: "small", inputPrice: 0.8 / m, outputPrice: 4 / m },
    ]);
  return [
    {
      id: "f05-A3",
      number: 5,
      side: "002/A3 (margin falls)",
      title: "Reasoning compresses gross margin unless price or efficiency catches up",
      claim: "compute per query +X% with the price per query held: lab gross margin falls (~40% → 33%)",
      source: "002/A3",
      range,
      rangeWhy,
      arms: (p) => {
        const q = num(p.quarter);
        const m = num(p.tokens);
        return {
          a: arm(p, { quarters: q + 2, sets: [constrained] }),
          b: arm(p, { quarters: q + 2, sets: [constrained], orders: [holdPerQuery(q, m)], shocks: [reasoning(q, m)] }),
        };
      },
      checks: (p) => [
        {
          text: "the lab's gross margin falls",
          metric: "actor.meridian.grossMargin",
          window: win(num(p.quarter), num(p.quarter) + 2),
          sign: -1,
        },
      ],
    },
    {
      id: "f05-recovery",
      number: 5,
      title: "…and margin recovers with a lag once per-token cost falls",
      claim: "then turn on a ~10x/yr fall in per-token cost and observe margin recover with a lag",
      source: "002/A3; 000",
      range,
      rangeWhy: `${rangeWhy}; the lab's own models then serve 3x the tokens per GPU-hour a quarter later`,
      arms: (p) => {
        const q = num(p.quarter);
        const m = num(p.tokens);
        const base: ArmOptions = { quarters: q + 3, sets: [constrained], orders: [holdPerQuery(q, m)], shocks: [reasoning(q, m)] };
        const efficiency: ShockAt = {
          shock: "efficiency-shock",
          quarter: q + 1,
          params: { "effects.0.target": "meridian", "effects.0.verbosityMultiplier": 1, "effects.1.delta": 0 },
        };
        return { a: arm(p, base), b: arm(p, { ...base, shocks: [reasoning(q, m), efficiency] }) };
      },
      checks: (p) => [
        {
          text: "no recovery in the switch's quarter",
          metric: "actor.meridian.grossMargin",
          window: win(num(p.quarter), num(p.quarter)),
          sign: 0,
        },
        {
          text: "the margin recovers once the per-token cost falls",
          metric: "actor.meridian.grossMargin",
          window: win(num(p.quarter) + 1, num(p.quarter) + 3),
          sign: 1,
        },
      ],
    },
    {
      id: "f05-000",
      number: 5,
      side: "000 (leader's margin improves)",
      title: "Leader unit economics are gross-margin positive and improving",
      claim: "leader unit economics are 'gross-margin positive and improving' (000), billed per token with spare serving compute",
      source: "000",
      range,
      rangeWhy: `${rangeWhy.split(";")[0]}; billed per token (prices unchanged), the leader ships reasoning first, with spare serving compute`,
      arms: (p) => {
        const q = num(p.quarter);
        const m = num(p.tokens);
        // spare serving compute: without it a short rival's overflow fills the classroom leader's
        // hours, and after the switch it is itself short, so dearer tasks only displace overflow
        const spare = [set("actors.meridian.split", { training: 0.2, serving: 0.7, internal: 0.1 }), spareCompute];
        return {
          a: arm(p, { quarters: q + 2, sets: spare }),
          b: arm(p, { quarters: q + 2, sets: spare, shocks: [reasoning(q, m, true)] }),
        };
      },
      checks: (p) => [
        {
          text: "the leader's gross margin rises",
          metric: "actor.meridian.grossMargin",
          window: win(num(p.quarter), num(p.quarter) + 2),
          sign: 1,
        },
      ],
    },
  ];
}

function fact9(): Fact[] {
  const routing = (p: Point): Override[] => {
    const out = [
      set("actors.ledgerline.routing", { routine: { policy: "cheapest" }, knowledge: { policy: "named", model: "fable" } }),
      set("actors.codeworks.routing", {
        coding: { policy: "named", model: "fable", fallback: "helix-5" },
        knowledge: { policy: "named", model: "fable", fallback: "helix-5" },
      }),
      set("actors.ledgerline.budget", 1e11),
      set("actors.codeworks.budget", 1e11),
    ];
    if (p.scenario !== "classroom") out.push(set("actors.genomix.budget", 1e11));
    return out;
  };
  // the set-up's model M is Fable, Meridian's frontier model, whoever leads when the ban lands
  // (the catalogue's ban takes the leader's, which another setting can make Helix's)
  const ban = (q: number, duration: number): ShockAt => ({
    shock: "model-ban",
    quarter: q,
    params: { duration, "effects.0.model": "fable" },
  });
  return [
    {
      id: "f09",
      number: 9,
      title: "Banning one frontier model moves its demand to substitutes within a turn",
      claim:
        "in the same turn, M's demand moves first to the same vendor's fallback, then to other labs' models; enterprises with routing and redundancy lose less output than single-model users",
      source: "001",
      range: { scenario: ["base", "classroom"], quarter: [2, 4], duration: [1, 2] },
      rangeWhy: "the ban's quarter (2, 4) and length (a quarter, as the poll's 'weekend' rounds up; two quarters)",
      arms: (p) => {
        const q = num(p.quarter);
        const sets = routing(p);
        return { a: arm(p, { quarters: q, sets }), b: arm(p, { quarters: q, sets, shocks: [ban(q, num(p.duration))] }) };
      },
      checks: (p) => {
        const w = win(num(p.quarter), num(p.quarter));
        return [
          { text: "the banned model serves fewer tokens", metric: "model.fable.servedMtok", window: w, effect: "rel", sign: -1 },
          { text: "the vendor's fallback (mid tier) serves more", metric: "model.sonnet.servedMtok", window: w, effect: "rel", sign: 1 },
          { text: "the rival lab's frontier model serves more", metric: "model.helix-5.servedMtok", window: w, effect: "rel", sign: 1 },
          {
            text: "the buyer with a fallback vendor keeps more of its output than the single-model buyer",
            metric: "enterprise.codeworks.tasksDone",
            versus: "enterprise.ledgerline.tasksDone",
            window: w,
            sign: 1,
          },
        ];
      },
    },
    {
      id: "f09-threadA",
      number: 9,
      side: "001 thread A (open/sovereign inference gains)",
      title: "Open/sovereign inference becomes the cleaner default",
      claim: "open/sovereign inference becomes 'the cleaner default' for volume and regulated work",
      source: "001",
      range: { scenario: ["base", "wafer-crunch"], quarter: [2, 4], sovereignShift: [0.45, 0.6] },
      rangeWhy: "sovereignShift in the upper part of its plausible range (0.45, 0.6); the ban's quarter 2 or 4, one quarter",
      arms: (p) => {
        const q = num(p.quarter);
        const sets = [set("world.params.sovereignShift", num(p.sovereignShift))];
        return { a: arm(p, { quarters: q, sets }), b: arm(p, { quarters: q, sets, shocks: [ban(q, 1)] }) };
      },
      checks: (p) => [
        {
          text: "the open lab's token demand gains more than the closed rival's",
          metric: "lab.tessera.tokensDemanded",
          versus: "lab.helix.tokensDemanded",
          window: win(num(p.quarter), num(p.quarter)),
          sign: 1,
        },
      ],
    },
    {
      id: "f09-replyB",
      number: 9,
      side: "001 reply B (the cloud/compliance layer gains; the queue resets)",
      title: "The ban reinforces the hyperscaler/compliance layer, and the queue resets",
      claim: "most customers already buy through hyperscalers, so the ban 'may reinforce the cloud / compliance layer'; 'the queue resets'",
      source: "001",
      range: { scenario: ["base", "wafer-crunch"], quarter: [2, 4], sovereignShift: [0, 0.1] },
      rangeWhy:
        "sovereignShift at the bottom of its plausible range (0, 0.1); a one-quarter ban in quarter 2 or 4; switching stickiness low (0.3) vs high (0.9) for the queue",
      arms: (p) => {
        const q = num(p.quarter);
        const sets = [set("world.params.sovereignShift", num(p.sovereignShift))];
        return { a: arm(p, { quarters: q, sets }), b: arm(p, { quarters: q, sets, shocks: [ban(q, 1)] }) };
      },
      checks: (p) => [
        {
          text: "the closed rival's token demand gains more than the open lab's",
          metric: "lab.helix.tokensDemanded",
          versus: "lab.tessera.tokensDemanded",
          window: win(num(p.quarter), num(p.quarter)),
          sign: 1,
        },
      ],
    },
    {
      id: "f09-queue",
      number: 9,
      side: "001 (ban duration and switching stickiness are the levers)",
      title: "With low switching stickiness the queue resets after a short ban",
      claim: "both outcomes should be reachable through ban duration and a switching-stickiness parameter",
      source: "001",
      range: { scenario: ["base", "classroom"], quarter: [2, 4] },
      rangeWhy: "a one-quarter ban in quarter 2 or 4, under switching stickiness at its plausible ends (0.3 vs 0.9)",
      arms: (p) => {
        const q = num(p.quarter);
        const sets = (st: number) => [...routing(p), set("world.params.switchingStickiness", st)];
        return {
          a: arm(p, { quarters: q + 1, sets: sets(0.9), shocks: [ban(q, 1)] }),
          b: arm(p, { quarters: q + 1, sets: sets(0.3), shocks: [ban(q, 1)] }),
        };
      },
      checks: (p) => [
        {
          text: "the turn after the ban, the banned model wins back more of its demand under low stickiness",
          metric: "model.fable.servedMtok",
          window: win(num(p.quarter) + 1, num(p.quarter) + 1),
          effect: "rel",
          sign: 1,
        },
      ],
    },
  ];
}

function fact12(): Fact[] {
  const lives = (p: Point, life: number): Override[] => {
    const out = [
      set("world.params.economicLifeYears", life),
      set("actors.coreforge.usefulLifeYears", life),
      set("actors.stratus.usefulLifeYears", life),
    ];
    if (p.scenario !== "classroom") out.push(set("actors.nimbus.usefulLifeYears", life));
    return out;
  };
  const range = { scenario: ["base", "classroom"], short: [3, 4], long: [10, 15] };
  const rangeWhy = "GPU life of 3–4 years (003r, the sceptics) vs 10–15 years (A8, disaggregated inference); six quarters";
  return [
    {
      id: "f12-A8",
      number: 12,
      side: "002/A8 (long lives)",
      title: "Longer GPU useful life lowers financing costs and the cost of the buildout",
      claim: "GPU loan rate falling from ~7% toward 5–6%, lower annual depreciation per token, and lower private-credit losses",
      source: "002/A8",
      range,
      rangeWhy,
      arms: (p) => ({
        a: arm(p, { quarters: 6, sets: lives(p, num(p.short)) }),
        b: arm(p, { quarters: 6, sets: lives(p, num(p.long)) }),
      }),
      checks: () => [
        { text: "the neocloud's loan rate falls", metric: "actor.coreforge.loanRate", window: win(2, 6), sign: -1 },
        {
          text: "depreciation per GPU-hour falls",
          metric: "hyperscaler.stratus.depPerGpuHour",
          window: win(2, 6),
          effect: "rel",
          sign: -1,
        },
        { text: "credit losses fall", metric: "creditLosses", window: win(2, 6), sign: -1 },
      ],
    },
    {
      id: "f12-003r",
      number: 12,
      side: "003r (the installed base obsolesces)",
      title: "With short lives the installed base is retired and must be refreshed",
      claim: "the installed base 'depreciates, becomes obsolete, and must be refreshed'",
      source: "003r; 002/A8 (sceptics)",
      range,
      rangeWhy,
      arms: (p) => ({
        a: arm(p, { quarters: 6, sets: lives(p, num(p.long)) }),
        b: arm(p, { quarters: 6, sets: lives(p, num(p.short)) }),
      }),
      checks: () => [
        { text: "installed GPU capacity is lower with short lives", metric: "world.capacity", window: win(2, 6), effect: "rel", sign: -1 },
      ],
    },
  ];
}

function fact13(): Fact[] {
  // New commitments of `leverage` × the open lab's annual run-rate ($0.4B a quarter in base and
  // bubble) over 12 quarters, shared between two providers at their opening contract prices
  // ($2.7 and $2.8 a GPU-hour): the fact's own examples, Anthropic's "more than $100 billion" on
  // a ~$47B run-rate (2.1×, 002/A10, 002/A6) and OpenAI's "more than $207B" of further capital
  // on $13.07B of 2025 revenue (15.8×, 002/A3; seed-facts §4.3, §4.6).
  const commitments = (p: Point) => {
    const perQuarter = (num(p.leverage) * 4 * 0.4e9) / 12;
    const hours = Math.round(perQuarter / (2.7 + 2.8));
    return at(1, "tessera", [
      { type: "lab/signContract", provider: "nimbus", gpuHoursPerQuarter: hours, quarters: 12 },
      { type: "lab/signContract", provider: "stratus", gpuHoursPerQuarter: hours, quarters: 12 },
    ]);
  };
  const cone = (lo: number, hi: number) => [set("world.params.demandGrowthLow", lo), set("world.params.demandGrowthHigh", hi)];
  return [
    {
      id: "f13-004",
      number: 13,
      side: "004 (the math doesn't math)",
      title: "Commitments leverage breaks a lab when growth slows or prices commoditise",
      claim: "commitments far above revenue, then slower revenue growth or price cuts: failure to service commitments leading to distress",
      source: "004",
      range: { scenario: ["base", "bubble"], leverage: [2.1, 15.8], war: [3, 5], slow: ["low", "flat"] },
      rangeWhy:
        "the open lab (~$0.4B a quarter of revenue) signs new commitments of 2.1× (Anthropic) or 15.8× (OpenAI) its annual run-rate over 12 quarters (seed-facts §5 fact 13's examples); growth from the bottom of the plausible cone (−5%..−1%, the issue's audit; or flat 0..+2%) with a price war in quarter 3 or 5, against the scenario's cone; bots, eight quarters",
      arms: (p) => {
        const slow = p.slow === "low" ? cone(-0.05, -0.01) : cone(0, 0.02);
        const war = { shock: "price-war", quarter: num(p.war) };
        return {
          a: arm(p, { quarters: 8, play: "bots", orders: [commitments(p)] }),
          b: arm(p, { quarters: 8, play: "bots", orders: [commitments(p)], sets: slow, shocks: [war] }),
        };
      },
      checks: () => [
        { text: "the committed lab's cash falls", metric: "actor.tessera.cash", window: win(6, 8), effect: "rel", sign: -1 },
        { text: "it fails (distress ends in failure)", metric: "actor.tessera.failed", window: win(8, 8), sign: 1 },
        { text: "its lenders take credit losses", metric: "creditLosses", window: win(1, 8), sign: 1 },
      ],
    },
    {
      id: "f13-A10",
      number: 13,
      side: "002/A10, 002/A8 (the raises fund the upper end of the cone)",
      title: "With growth at the upper end of the cone the same lab thrives",
      claim: "with growth at the upper end of the cone, the same lab thrives",
      source: "002/A10; 002/A8",
      range: { scenario: ["base", "bubble"], leverage: [2.1, 15.8], fast: ["high", "top"] },
      rangeWhy:
        "the same commitments (2.1× or 15.8× the lab's annual run-rate); growth at the top of the plausible cone (+5%..+20%, or +15%..+25%, the issue's audit) against the scenario's cone; bots, eight quarters",
      arms: (p) => {
        const fast = p.fast === "high" ? cone(0.05, 0.2) : cone(0.15, 0.25);
        return {
          a: arm(p, { quarters: 8, play: "bots", orders: [commitments(p)] }),
          b: arm(p, { quarters: 8, play: "bots", orders: [commitments(p)], sets: fast }),
        };
      },
      checks: () => [
        { text: "the committed lab's revenue grows more", metric: "actor.tessera.revenue", window: win(5, 8), effect: "rel", sign: 1 },
        { text: "its cash is higher", metric: "actor.tessera.cash", window: win(6, 8), effect: "rel", sign: 1 },
      ],
    },
  ];
}

function fact14(): Fact[] {
  const market = (p: Point, gap: number): Override[] => {
    const cap: Record<string, number> = { fable: 61.4, "helix-5": 61.4 - gap / 2, "tessera-v4": 61.4 - gap };
    const out: Override[] = [
      set("world.params.switchingStickiness", 0),
      set("world.params.catchUp", gap > 0 ? 0 : num(p.catchUp)),
      set("actors.meridian.personality", "aggressive"),
      set("actors.helix.personality", "aggressive"),
      set("actors.tessera.personality", "aggressive"),
      set("actors.meridian.split", { training: 0.45, serving: 0.45, internal: 0.1 }),
      set("actors.helix.split", { training: 0.45, serving: 0.45, internal: 0.1 }),
      set("actors.tessera.split", { training: 0.45, serving: 0.45, internal: 0.1 }),
      set("actors.tessera.books", { cash: 45e9, debt: 0, sharesMillions: 500, lastQuarterRevenue: 4e8 }),
      set("actors.tessera.contracts", [
        { provider: "coreforge", gpuHoursPerQuarter: 1.2e9, price: 2.8, quartersLeft: 8 },
        { provider: "nimbus", gpuHoursPerQuarter: 3e9, price: 2.8, quartersLeft: 8 },
      ]),
    ];
    const models: [string, string][] = [
      ["meridian", "fable"],
      ["helix", "helix-5"],
      ["tessera", "tessera-v4"],
    ];
    for (const [lab, m] of models) {
      const base = `actors.${lab}.models.${m}`;
      out.push(
        set(`${base}.capability`, cap[m]),
        set(`${base}.verbosity`, 1),
        set(`${base}.mtokPerGpuHour`, 0.4),
        set(`${base}.inputPrice`, 5),
        set(`${base}.outputPrice`, 25),
      );
    }
    return out;
  };
  const range = { scenario: ["base", "bubble"], catchUp: [0.3, 0.6], gap: [4, 6] };
  const rangeWhy =
    "three labs with equal frontier models, no switching cost, aggressive bots; catch-up at the scenario's 0.3 and the plausible top 0.6 (Pareto flips in ~9 months); the differentiated leader's capability gap 4 or 6 points with no catch-up";
  return [
    {
      id: "f14-A4",
      number: 14,
      side: "002/A4, 000 (commoditisation)",
      title: "With comparable labs and no differentiation, token prices fall toward marginal cost",
      claim:
        "the token price falling toward serving cost within a few turns (price war), lab margins compressing and customers capturing the surplus",
      source: "002/A4; 000; 002/A10",
      range,
      rangeWhy,
      arms: (p) => ({
        a: arm(p, { quarters: 6, play: "bots", sets: market(p, num(p.gap)) }),
        b: arm(p, { quarters: 6, play: "bots", sets: market(p, 0) }),
      }),
      checks: () => [
        {
          text: "the leader's frontier price is lower without differentiation",
          metric: "model.fable.blendedPrice",
          window: win(3, 6),
          effect: "rel",
          sign: -1,
        },
        { text: "the leader's gross margin is lower", metric: "actor.meridian.grossMargin", window: win(2, 6), sign: -1 },
        {
          text: "customers capture the surplus: value created (shadow output) is higher",
          metric: "shadowOutput",
          window: win(3, 6),
          effect: "rel",
          sign: 1,
        },
      ],
    },
    {
      id: "f14-price-war",
      number: 14,
      side: "002/A4, 000 (commoditisation)",
      title: "Without differentiation the frontier price falls turn after turn",
      claim: "the token price falling toward serving cost within a few turns (price war)",
      source: "002/A4; 000",
      range: { scenario: ["base", "bubble"], catchUp: [0.3, 0.6] },
      rangeWhy,
      arms: (p) => same(arm(p, { quarters: 6, play: "bots", sets: market(p, 0) })),
      checks: () => [
        {
          text: "the leader's frontier price falls from the first turn to turns 4–6",
          metric: "model.fable.blendedPrice",
          windowA: win(1, 1),
          window: win(4, 6),
          effect: "rel",
          sign: -1,
        },
      ],
    },
    {
      id: "f14-A8",
      number: 14,
      side: "002/A8 (frontier tokens keep a premium)",
      title: "A leader with a capability gap keeps its price premium",
      claim: "frontier tokens keep a premium; the levers are capability gaps and the speed of catch-up",
      source: "002/A8",
      range,
      rangeWhy,
      arms: (p) => ({
        a: arm(p, { quarters: 6, play: "bots", sets: market(p, 0) }),
        b: arm(p, { quarters: 6, play: "bots", sets: market(p, num(p.gap)) }),
      }),
      checks: () => [
        {
          text: "the differentiated leader's frontier price is higher",
          metric: "model.fable.blendedPrice",
          window: win(3, 6),
          effect: "rel",
          sign: 1,
        },
      ],
    },
  ];
}

function fact15(): Fact[] {
  const range = { scenario: ["base", "classroom"], quarter: [2, 4], heavy: [2.4, 30], growth: [0.15, 0.3] };
  const rangeWhy =
    "heavy users' tokens a subscriber a quarter (2.4 MTok, the plausible top; 30 MTok, A4's '$10,000 of tokens' user) growing 15% or 30% a quarter; the plan switch in quarter 2 or 4";
  const sets = (p: Point) => [set("world.params.heavyUseGrowth", num(p.growth)), set("world.params.consumerMtokPerSub", num(p.heavy))];
  const plan = (q: number, kind: string) => at(q, "meridian", [{ type: "lab/setConsumerPlan", plan: kind }]);
  return [
    {
      id: "f15",
      number: 15,
      title: "Flat-rate plans plus surging usage lose money per heavy user",
      claim: "a lab selling flat $20/month plans while its heaviest users' token use grows: per-user losses",
      source: "002/A4",
      range,
      rangeWhy,
      arms: (p) => same(arm(p, { quarters: num(p.quarter) + 2, sets: sets(p) })),
      checks: (p) => [
        {
          text: "serving a flat-plan subscriber comes to cost more than the plan brings in",
          metricA: "lab.meridian.flatPlanRevenuePerSub",
          metric: "lab.meridian.consumerCostPerSub",
          window: win(num(p.quarter), num(p.quarter) + 2),
          sign: 1,
        },
        {
          text: "and the cost per subscriber grows",
          metric: "lab.meridian.consumerCostPerSub",
          windowA: win(1, 1),
          window: win(num(p.quarter) + 2, num(p.quarter) + 2),
          effect: "rel",
          sign: 1,
        },
      ],
    },
    {
      id: "f15-A8",
      number: 15,
      side: "002/A8 (usage pricing is bullish)",
      title: "Usage pricing lifts revenue",
      claim: "after the switch, revenue per heavy user rises",
      source: "002/A8",
      range,
      rangeWhy,
      arms: (p) => {
        const q = num(p.quarter);
        return { a: arm(p, { quarters: q + 2, sets: sets(p) }), b: arm(p, { quarters: q + 2, sets: sets(p), orders: [plan(q, "usage")] }) };
      },
      checks: (p) => {
        const w = win(num(p.quarter), num(p.quarter) + 2);
        return [
          {
            text: "the lab's revenue rises after the switch to usage billing",
            metric: "actor.meridian.revenue",
            window: w,
            effect: "rel",
            sign: 1,
          },
          { text: "its gross margin rises", metric: "actor.meridian.grossMargin", window: w, sign: 1 },
        ];
      },
    },
    {
      id: "f15-A4",
      number: 15,
      side: "002/A4 (caps and throttling)",
      title: "Caps move flat-plan users to a throttled model",
      claim: "the lab adds caps/throttles; flat-plan users get a throttled ('lobotomized') model",
      source: "002/A4; 002/A8",
      range,
      rangeWhy,
      arms: (p) => {
        const q = num(p.quarter);
        return {
          a: arm(p, { quarters: q + 2, sets: sets(p) }),
          b: arm(p, { quarters: q + 2, sets: sets(p), orders: [plan(q, "capped")] }),
        };
      },
      checks: (p) => {
        const w = win(num(p.quarter), num(p.quarter) + 2);
        return [
          { text: "consumer tokens fall under the cap", metric: "lab.meridian.consumerTokens", window: w, effect: "rel", sign: -1 },
          { text: "the small (throttled) model serves more", metric: "model.haiku.servedMtok", window: w, effect: "rel", sign: 1 },
          { text: "the lab's gross margin rises", metric: "actor.meridian.grossMargin", window: w, sign: 1 },
        ];
      },
    },
  ];
}

function fact16(): Fact[] {
  const range = { scenario: ["base", "classroom"], budget: [6e7, 1.2e8], reasoning: [0.03, 0.1] };
  const rangeWhy =
    "the enterprise's quarterly AI budget (the scenario's $120M, and half of it) against frontier-for-everything routing, with agentic (reasoning) token growth of 3% (the scenario's) or 10% a quarter (the plausible top)";
  const buyer = (p: Point, budget: number, policy: string): Override[] => [
    set("world.params.reasoningGrowth", num(p.reasoning)),
    set("actors.ledgerline.budget", budget),
    set("actors.ledgerline.routing", { routine: { policy }, knowledge: { policy } }),
  ];
  return [
    {
      id: "f16",
      number: 16,
      title: "Enterprise budget exhaustion leads to caps",
      claim: "enterprise annual token budgets and a surge in agentic use: budgets running out in a quarter, followed by spend caps",
      source: "003a; 000",
      range,
      rangeWhy,
      arms: (p) => ({
        a: arm(p, { quarters: 3, sets: buyer(p, 1e11, "frontier") }),
        b: arm(p, { quarters: 3, sets: buyer(p, num(p.budget), "frontier") }),
      }),
      checks: () => [
        { text: "the budget runs out", metric: "enterprise.ledgerline.budgetExhausted", window: win(1, 3), sign: 1 },
        { text: "the cap cuts the work done", metric: "enterprise.ledgerline.tasksDone", window: win(1, 3), effect: "rel", sign: -1 },
      ],
    },
    {
      id: "f16-routing",
      number: 16,
      title: "…then routing cuts the bill per task by 50–80% at the same output",
      claim: "a shift to routing, which cuts the bill by 50–80% at the same output",
      source: "000; 003a",
      range,
      rangeWhy,
      arms: (p) => ({
        a: arm(p, { quarters: 3, sets: buyer(p, num(p.budget), "frontier") }),
        b: arm(p, { quarters: 3, sets: buyer(p, num(p.budget), "cheapest") }),
      }),
      checks: () => [
        {
          text: "routing cuts the cost per task by at least half",
          metric: "enterprise.ledgerline.costPerTask",
          window: win(1, 3),
          effect: "rel",
          sign: -1,
          threshold: -0.5,
        },
        { text: "at the same or higher output", metric: "enterprise.ledgerline.tasksDone", window: win(1, 3), effect: "rel", sign: 1 },
      ],
    },
  ];
}

function fact23(): Fact[] {
  const codeworks = (split: Record<string, number>, rationing?: string): Override[] => {
    const out = [
      set("actors.codeworks.tasks", { coding: 150e6 }),
      set("actors.codeworks.budget", 1e12),
      set("actors.codeworks.routing", { coding: { policy: "named", model: "fable" } }),
      set("actors.meridian.split", split),
    ];
    if (rationing) out.push(set("world.params.rationing", rationing));
    return out;
  };
  return [
    {
      id: "f23",
      number: 23,
      side: "002/A10, 000 (efficiency reading)",
      title: "Each model generation cuts cost per task faster than the per-token price falls",
      claim:
        "successive model generations that each cut tokens per task at a stable list price: cost per task falling even with flat per-token prices",
      source: "000; 002/A10",
      range: { scenario: ["base", "classroom"], training: [0.4, 0.5] },
      rangeWhy: "the lab's training share (the scenario's 0.4, and the test's 0.5), five quarters, list prices standing",
      arms: (p) => {
        const t = num(p.training);
        return same(arm(p, { quarters: 5, sets: codeworks({ training: t, serving: 0.9 - t, internal: 0.1 }) }));
      },
      checks: () => [
        {
          text: "cost per task falls by more than the model's per-token price",
          metric: "enterprise.codeworks.costPerTask",
          versus: "model.fable.blendedPrice",
          windowA: win(1, 1),
          window: win(5, 5),
          sign: -1,
        },
      ],
    },
    {
      id: "f23-A8",
      number: 23,
      side: "002/A8 (rationing reading)",
      title: "Shorter answers under a compute constraint are rationing: quality falls",
      claim: "Opus's 'roughly seventy percent fewer tokens' is capacity rationing that lowers answer quality, not efficiency",
      source: "002/A8",
      range: { scenario: ["base", "classroom"], serving: [0.2, 0.3] },
      rangeWhy: "a compute-bound lab (serving share 0.2, the test's, or 0.3) answering by shortening vs throttling; two quarters",
      arms: (p) => {
        const s = num(p.serving);
        const split = { training: 0.8 - s, serving: s, internal: 0.2 };
        return {
          a: arm(p, { quarters: 2, sets: codeworks(split, "throttle") }),
          b: arm(p, { quarters: 2, sets: codeworks(split, "shorten") }),
        };
      },
      checks: () => [
        {
          text: "shortened answers bill fewer tokens per task",
          metric: "enterprise.codeworks.costPerTask",
          window: win(1, 2),
          effect: "rel",
          sign: -1,
        },
        {
          text: "and are worth less (quality falls)",
          metric: "enterprise.codeworks.valuePerTask",
          window: win(1, 2),
          effect: "rel",
          sign: -1,
        },
      ],
    },
  ];
}

function fact25(): Fact[] {
  const range = { scenario: ["base", "classroom"], play: ["standing", "bots"] };
  const rangeWhy = "the macro regime against neutral, in both casts, with standing policies (the tests' set-up) or bots; eight quarters";
  const regime = (p: Point, r: string) => arm(p, { quarters: 8, sets: [set("world.capital.macroRegime", r)] });
  return [
    {
      id: "f25-001",
      number: 25,
      side: "001 (deflation)",
      title: "Deployment is deflationary: falling long rates, cheaper financing, rising valuations",
      claim: "a deflation regime: falling long rates, cheaper financing of GPUs and labs, and rising valuations",
      source: "001",
      range,
      rangeWhy,
      arms: (p) => ({ a: regime(p, "neutral"), b: regime(p, "deflation") }),
      checks: () => [
        { text: "the rate falls", metric: "rate", window: win(4, 8), sign: -1 },
        {
          text: "the levered neocloud's interest bill falls",
          metric: "actor.coreforge.interest",
          window: win(4, 8),
          effect: "rel",
          sign: -1,
        },
        { text: "the lab's valuation rises", metric: "actor.meridian.valuation", window: win(4, 8), effect: "rel", sign: 1 },
      ],
    },
    {
      id: "f25-004",
      number: 25,
      side: "004 (inflation)",
      title: "The buildout is inflationary: commitments harder to service, levered neoclouds stressed",
      claim: "input costs and interest rates higher: commitments harder to service, the IPO window harder, and levered neoclouds stressed",
      source: "004",
      range,
      rangeWhy,
      arms: (p) => ({ a: regime(p, "neutral"), b: regime(p, "inflation") }),
      checks: () => [
        { text: "the rate rises", metric: "rate", window: win(4, 8), sign: 1 },
        {
          text: "the levered neocloud's interest bill rises",
          metric: "actor.coreforge.interest",
          window: win(4, 8),
          effect: "rel",
          sign: 1,
        },
        { text: "its cash falls", metric: "actor.coreforge.cash", window: win(4, 8), effect: "rel", sign: -1 },
        { text: "dearer power and facilities cut its gross margin", metric: "actor.coreforge.grossMargin", window: win(4, 8), sign: -1 },
        {
          text: "the lab's valuation falls (the IPO window is harder)",
          metric: "actor.meridian.valuation",
          window: win(4, 8),
          effect: "rel",
          sign: -1,
        },
      ],
    },
  ];
}

/**
 * Facts the card fails today, each with a one-line reason. Reviewed: test/facts/card.test.ts
 * fails when a fact not listed here fails and when a listed one now holds.
 */
export const KNOWN_FAILING: readonly KnownFailing[] = [
  {
    id: "f12-A8",
    reason:
      "the long-lived arm holds $0.6–1.9B less allowance and books $56–108M a quarter less credit losses over quarters 1–6, all of it in quarter 1; in the window (quarters 2–6) it books more, +$4–14M a quarter against 4-year short lives, as debt is flat on standing policies, and +$314–403M against 3-year ones, whose neocloud's quarter-1 distress provision (~$1.7B) is released in quarter 2, inside it",
  },
  {
    id: "f03",
    reason:
      "with serving hours to spare the cut raises tier revenue in quarter 2 (+8% to +10%) but not in quarter 4 (−2% to −12%; base, a half cut: −12.0% [−14.4%, −9.7%]), nor does it move mid-tier work up there in base (a half cut: −5.3M MTok [−14.9M, +2.9M]): by quarter 4 a task costs on average about half the median task's value for coding and a third for knowledge work (1.3× and 0.8× in quarter 2), so most tasks are already worth doing and a cut adds few; the new uses it calls for arrive over adoptionLagQuarters (4), after the window",
  },
  {
    id: "f07",
    reason:
      "the shortage caps lab revenue at 8 of 16 points: at 4 of the 8 on standing policies the lab serves all its demand until its next model (its $6 spot bid buys idle hours, and in some seeds it runs out of cash in quarter 5); with bots (−18% to +5%) its hours are mostly contracts, served first, and spot, the only share the scarcity prices away, is a small part of them, while its bot moves compute to serving and passes dearer compute into its prices; the neocloud's GPU revenue fares worse than the prepaying hyperscaler's at 7 of the 8 points on standing policies (jevons-boom, a 0.4 shortage in quarter 2: −4.6% [−7.7%, +0.8%]) but at 2 of the 8 with bots (−2.4% to +15.5%): its bot buys the chips the list leaves at the listed cloud's bid, and its spot hours gain more from the dearer GPU-hour than the hyperscaler's contracts",
  },
  {
    id: "f08",
    reason:
      "credit losses rise at the four base points (+$148M to +$258M a quarter) but not in classroom (−$58M to −$15M, intervals of about ±$55–80M): with no defaults in the window they are the change in lenders' allowance plus write-offs, which follow how much the clouds borrow more than how risky they are, and in classroom the arm without the trigger busts too, inside the window; a recovery marked to the fleet's market value moves it by at most $17M",
  },
  {
    id: "f09-threadA",
    reason:
      "with the ban in quarter 2 no open model is quoted for coding or research, where most of the banned model's demand is (research has only the rival's frontier model left), so the closed rival gains 20–27 points more than the open lab (+44% against +18–24%); with the ban in quarter 4 the open lab gains 59–85 points more",
  },
  {
    id: "f13-004",
    reason:
      "at the seeds' leverage the committed open lab rarely fails within eight quarters: at 15.8× its cash falls in the low cone (−31% to −52%) and it fails in 25–26 of 60 seeds in bubble but 7–9 in base, its $8B of opening cash (5× its annual revenue), credit and the bots' raises carrying it; at 2.1× its cash moves little (−12% to +4%) and it never fails",
  },
  {
    id: "f13-A10",
    reason:
      "its revenue grows more at every point (+18% to +142%), but at 2.1× its cash is lower with faster growth (−7% to −35%): the aggressive bot spends growth on compute ahead of demand; at 15.8× cash is higher (+10% to +160%)",
  },
  {
    id: "f15",
    reason:
      "a flat-plan subscriber costs less to serve than the $60 a quarter it pays at 13 of 16 points (at 2.4 MTok always; at 30 MTok early on)",
  },
  {
    id: "f15-A4",
    reason:
      "at 2.4 MTok in base with the cap in quarter 2 the lab's gross margin does not rise (−0.07 and −0.02 points at the two growth rates): its consumers' use is ~1% of its serving compute, which is contracted and partly idle in quarter 3, so the cap saves little while capped subscribers leave",
  },
  {
    id: "f16",
    reason:
      "the enterprise's frontier-for-everything spend (~$9M a quarter) is far below the declared budgets ($60–120M): the budget never runs out",
  },
  {
    id: "f19",
    reason:
      "the compute-constrained lab's revenue falls at 4 of 8 points (−5.2% to +1.0%): capacity falls 4–24% and the GPU-hour price rises 12–70%, but spot is only 8–17% of the lab's hours (the rest are contracts, served first), and its revenue barely follows its hours over the window (10% fewer contracted hours: −0.9% to −3.2%) as its bot moves compute to serving, refills on spot and raises its prices while short; with the rest of the market's bids × 1.5 it holds at 4 of 8 but the price check fails at one",
  },
  {
    id: "f23-A8",
    reason:
      "shortened answers resolve fewer tasks in the quarter they are served, but the next quarter's quotes price the shortening in (more attempts, dearer tasks), so only more valuable tasks are bought: value per task is +0.6% to +4.3% (base, serving 0.2: +4.3% [+4.0%, +4.6%]), not lower",
  },
];

/** Every point of a fact's range (the product of its dimensions' values, in declaration order). */
export function pointsOf(fact: Fact): Point[] {
  let out: Point[] = [{}];
  for (const [dim, values] of Object.entries(fact.range)) {
    const next: Point[] = [];
    for (const p of out) for (const v of values) next.push({ ...p, [dim]: v });
    out = next;
  }
  return out;
}

/** A point as text, e.g. "scenario=base quarter=2". */
export function pointLabel(p: Point): string {
  return Object.entries(p)
    .map(([k, v]) => `${k}=${v}`)
    .join(" ");
}

export function factById(id: string): Fact | undefined {
  return FACTS.find((f) => f.id === id);
}

export type { Check };
