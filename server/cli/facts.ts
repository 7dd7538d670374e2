/**
 * `sim facts`: the stylized facts of seed-facts.md §5 as the model's card. Every fact of
 * shared/facts/spec.ts (both sides of the disputed ones) is played as an A/B experiment at each
 * point of its declared range over seeds 1..N, or from `--seed` on (common random numbers: both arms play the same
 * seed) on the batch worker pool, and judged (shared/facts/verdict.ts): a fact holds when the
 * paired effect's 95% interval has the predicted sign at every point of its range.
 * Output: a table (fact, holds/fails, the effect with its interval at the worst point, source),
 * or JSON; `--write-docs` rewrites the card in docs/model.md; `--strict` exits 1 on any failing
 * fact (known failures included). With `--sets k` it plays k consecutive sets of seeds and
 * judges each on its own, which is how a verdict is checked not to rest on the card's seeds.
 * With `--params` it plays the card again with each parameter at its plausible low and at its
 * plausible high (`list --params`) and lists the settings that change a verdict: how a verdict
 * is checked not to rest on the scenarios' settings. With `--points n` as well, it plays the
 * card in n worlds drawn over all those ranges at once (a Latin hypercube): how a verdict fares
 * when every assumption moves together, as a set-up nobody tuned to would move them.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { latinHypercube } from "../../shared/analysis/design.ts";
import { type Card, cardMarkdown, pointsHeldText, replaceCard, verdictWord, worstEffect } from "../../shared/facts/card.ts";
import { cardJobs, type FactJob, type FactJobResult, FactPlayer } from "../../shared/facts/run.ts";
import { CARD_LEVEL, CARD_SEEDS, FACTS, KNOWN_FAILING, pointsOf } from "../../shared/facts/spec.ts";
import type { Fact, Override } from "../../shared/facts/types.ts";
import { closestPoint, type FactVerdict, factVerdict } from "../../shared/facts/verdict.ts";
import { ScenarioError } from "../../shared/scenario/errors.ts";
import { MAX_QUARTERS } from "../../shared/scenario/limits.ts";
import { applyOverrides, parseScenario } from "../../shared/scenario/load.ts";
import { loadScenario, scenarioInput } from "../../shared/scenario/registry.ts";
import { CliError, parsePositiveInt, parseSeed, parseSet, scenarioErrorLine } from "./common.ts";
import { compact, signed, table } from "./format.ts";
import { type ParamChoice, type ParamRange, parseParamChoice } from "./params.ts";
import { defaultWorkers, runPool } from "./pool.ts";
import { progressReporter } from "./progress.ts";

export const DOCS_MODEL = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "docs", "model.md");

export interface FactsCliOptions {
  only?: string[];
  seeds?: string;
  seed?: string;
  sets?: string;
  workers?: string;
  json?: boolean;
  writeDocs?: boolean;
  strict?: boolean;
  progress?: boolean;
  /** overrides of every fact's scenario, before the fact's own set-up (the card in another world) */
  set?: string[];
  /** scan: the parameters to play the card at each end of (`all`, or comma-separated declared paths or `<path>=<low>..<high>`) */
  params?: string;
  /** with params: n worlds of a Latin hypercube over all their ranges at once, instead of each end */
  points?: string;
}

/**
 * The `--set` overrides, each checked on every scenario the chosen facts play: a path the
 * scenario lacks or a value outside the model's domain is a one-line error naming both. The
 * length of a game is each fact's own (its windows are set in quarters).
 */
function worldOverrides(raw: string[] | undefined, facts: readonly Fact[]): Override[] {
  const world = (raw ?? []).map(parseSet);
  for (const o of world) if (o.path === "quarters") throw new CliError(`--set ${o.path}: each fact plays its own number of quarters`);
  checkWorld(world, scenariosOf(facts));
  return world;
}

/** The scenarios the facts play, in either arm at any point. */
function scenariosOf(facts: readonly Fact[]): string[] {
  const scenarios = new Set<string>();
  for (const f of facts)
    for (const p of pointsOf(f)) {
      const { a, b } = f.arms(p);
      scenarios.add(a.scenario);
      scenarios.add(b.scenario);
    }
  return [...scenarios];
}

/** Every scenario the facts play must accept the overrides (a one-line error naming the scenario and field). */
function checkWorld(world: readonly Override[], scenarios: readonly string[]): void {
  const why = worldRefusal(world, scenarios);
  if (why) throw new CliError(why);
}

/** Why a scenario the facts play refuses the overrides ("<scenario>: <field>: <reason>"), or null. */
function worldRefusal(world: readonly Override[], scenarios: readonly string[]): string | null {
  if (!world.length) return null;
  for (const id of scenarios) {
    try {
      parseScenario(applyOverrides(scenarioInput(id), world));
    } catch (e) {
      if (e instanceof ScenarioError) return `${id}: ${scenarioErrorLine(e)}`;
      throw e;
    }
  }
  return null;
}

function chooseFacts(only: string[] | undefined): Fact[] {
  const ids = (only ?? [])
    .flatMap((s) => s.split(","))
    .map((s) => s.trim())
    .filter(Boolean);
  if (!ids.length) return [...FACTS];
  const out: Fact[] = [];
  for (const id of ids) {
    // a bare number picks every entry of that fact (e.g. 9: f09, f09-threadA, …)
    const hits = /^\d+$/.test(id) ? FACTS.filter((f) => f.number === Number(id)) : FACTS.filter((f) => f.id === id);
    if (!hits.length) throw new CliError(`--only ${id}: no such fact (ids: ${FACTS.map((f) => f.id).join(", ")})`);
    for (const f of hits) if (!out.includes(f)) out.push(f);
  }
  return out;
}

/**
 * Plays the card on `sets` consecutive sets of `seeds` seeds from `firstSeed`: every job on the
 * pool at once, then each set's verdicts on its own seeds.
 */
export async function playCards(
  facts: readonly Fact[],
  seeds: number,
  sets: number,
  workers: number,
  onProgress?: (done: number, total: number) => void,
  firstSeed = 1,
  world: readonly Override[] = [],
): Promise<Card[]> {
  const jobs = cardJobs(facts, seeds * sets, firstSeed);
  const results = new Map<string, FactJobResult>();
  const key = (j: FactJob) => `${j.fact}:${j.point}:${j.seed}`;
  let done = 0;
  const abort = new AbortController();
  const onSigint = () => abort.abort();
  process.once("SIGINT", onSigint);
  try {
    const { interrupted } = await runPool<FactJob, FactJobResult>({
      jobs,
      workers,
      signal: abort.signal,
      script: new URL("./facts-worker.ts", import.meta.url),
      workerData: { world },
      player: () => new FactPlayer(FACTS, world),
      key,
      failed: (job, why) => ({ ...job, effects: [], error: why }),
      onResult: (r) => {
        results.set(key(r), r);
        onProgress?.(++done, jobs.length);
      },
    });
    if (interrupted) throw new CliError("interrupted", 130);
  } finally {
    process.removeListener("SIGINT", onSigint);
  }
  return Array.from({ length: sets }, (_, k) => {
    const first = firstSeed + k * seeds;
    const verdicts = facts.map((f) => {
      const points = pointsOf(f);
      const effects = points.map((_, point) =>
        Array.from({ length: seeds }, (_, s) => results.get(`${f.id}:${point}:${first + s}`)?.effects ?? []),
      );
      const errors = points.map((_, point) => {
        for (let s = first; s < first + seeds; s++) {
          const e = results.get(`${f.id}:${point}:${s}`)?.error;
          if (e) return `seed ${s}: ${e}`;
        }
        return undefined;
      });
      return factVerdict(f, effects, CARD_LEVEL, errors);
    });
    return { seeds, firstSeed: first, level: CARD_LEVEL, facts: verdicts };
  });
}

/** How near a verdict is to failing: a failed one first, then the margin of its closest point. */
function closeness(f: FactVerdict): number {
  return f.holds ? (closestPoint(f.checks)?.point.margin ?? Number.POSITIVE_INFINITY) : Number.NEGATIVE_INFINITY;
}

/**
 * The report of several sets of seeds: per fact, on how many sets it holds, and its verdict on
 * the set where its check came closest to failing (or failed worst).
 */
function printSets(cards: readonly Card[], json: boolean, done: string): void {
  const facts = cards[0]!.facts.map((f, i) => {
    const per = cards.map((c) => c.facts[i]!);
    // the set where it failed, or else came closest to failing: the smallest margin of a point
    // (in a check's own units; a fact's closest check is mostly the same one on every set)
    let worst = 0;
    for (let k = 1; k < per.length; k++) if (closeness(per[k]!) < closeness(per[worst]!)) worst = k;
    return { f, per, worst };
  });
  if (json) {
    process.stdout.write(
      `${JSON.stringify(
        {
          seeds: cards[0]!.seeds,
          firstSeed: cards[0]!.firstSeed,
          sets: cards.length,
          level: CARD_LEVEL,
          facts: facts.map(({ f, per }) => ({
            id: f.id,
            heldOn: per.filter((x) => x.holds).length,
            sets: per.map((x, k) => ({ firstSeed: cards[k]!.firstSeed, holds: x.holds, worst: x.worst })),
          })),
          knownFailing: KNOWN_FAILING,
        },
        null,
        2,
      )}\n`,
    );
    return;
  }
  const seeds = cards[0]!.seeds;
  const rows = facts.map(({ f, per, worst }) => {
    const w = per[worst]!;
    const from = cards[worst]!.firstSeed;
    return [
      f.id,
      `${per.filter((x) => x.holds).length} of ${per.length}${KNOWN_FAILING.some((k) => k.id === f.id) ? " (known)" : ""}`,
      `seeds ${from}–${from + seeds - 1}: ${w.holds ? "holds" : "fails"}, ${worstEffect(w)}`,
      w.worst ? `${w.worst.check} (${w.worst.point})` : "–",
    ];
  });
  const everywhere = facts.filter(({ per }) => per.every((x) => x.holds)).length;
  const last = cards[cards.length - 1]!.firstSeed + seeds - 1;
  process.stdout.write(
    `${table(
      [
        { header: "fact", align: "left" },
        { header: "sets held", align: "left" },
        { header: "closest set: verdict, effect [95% interval]", align: "left" },
        { header: "its worst check (point)", align: "left" },
      ],
      rows,
    )}\n\n${everywhere} of ${facts.length} hold on every one of ${cards.length} sets of ${seeds} seeds (seeds ${cards[0]!.firstSeed}–${last}); ${done}\n`,
  );
}

/** The ranges `--params` names, each narrowed to what every scenario takes (parseParamChoice on each). */
function commonRanges(text: string, scenarios: readonly string[]): ParamChoice {
  const choices = scenarios.map((id) => parseParamChoice(text, loadScenario(id), "--params"));
  const skipped = [...choices[0]!.skipped];
  const params: ParamRange[] = [];
  for (const p of choices[0]!.params) {
    const all = choices.map((c) => c.params.find((x) => x.path === p.path));
    if (all.some((x) => !x)) continue;
    const low = Math.max(...all.map((x) => x!.low));
    const high = Math.min(...all.map((x) => x!.high));
    if (high > low) params.push({ ...p, low, high });
    else skipped.push({ path: p.path, why: `no width common to ${scenarios.join(", ")}` });
  }
  return { params, skipped };
}

/** The cards of several worlds on the same seeds, one after another on the pool, with one progress bar. */
async function playWorlds(
  opts: FactsCliOptions,
  facts: readonly Fact[],
  seeds: number,
  firstSeed: number,
  worlds: readonly (readonly Override[] | null)[],
): Promise<{ cards: (Card | null)[]; runs: number; workers: number; seconds: number }> {
  const runs = cardJobs(facts, seeds, firstSeed).length;
  const workers = opts.workers === undefined ? defaultWorkers(runs, 2 * MAX_QUARTERS) : parsePositiveInt(opts.workers, "--workers", 256);
  const progress = progressReporter(opts.progress !== false, "facts", "pairs");
  const t0 = performance.now();
  const cards: (Card | null)[] = [];
  try {
    for (const [i, w] of worlds.entries()) {
      const update = (done: number) => progress.update(i * runs + done, worlds.length * runs);
      cards.push(w === null ? null : (await playCards(facts, seeds, 1, workers, update, firstSeed, w))[0]!);
    }
  } finally {
    progress.stop();
  }
  return { cards, runs, workers, seconds: (performance.now() - t0) / 1000 };
}

const heldOf = (c: Card): number => c.facts.filter((f) => f.holds).length;

/** The verdicts a card turns against the baseline card: facts it breaks (`lost`) and brings in (`won`). */
function turned(card: Card, base: Card): { lost: FactVerdict[]; won: FactVerdict[] } {
  return {
    lost: card.facts.filter((f, i) => !f.holds && base.facts[i]!.holds),
    won: card.facts.filter((f, i) => f.holds && !base.facts[i]!.holds),
  };
}
const verdictsOf = (c: Card) => c.facts.map((f) => ({ id: f.id, holds: f.holds, worst: f.worst }));

/** "With the scenarios' values 34 of 46 facts hold; failing: …." */
function baselineLine(base: Card): string {
  const failing = base.facts.filter((f) => !f.holds).map((f) => f.id);
  return `With the scenarios' values ${heldOf(base)} of ${base.facts.length} facts hold${failing.length ? `; failing: ${failing.join(", ")}` : ""}.`;
}

/**
 * `facts --params`: the card with each parameter at the low and at the high end of its plausible
 * range (the others at the scenarios' values, with any `--set`), every world playing the same
 * seeds, against the scenarios' own values, as `bands --params` scans the bands. Says which
 * plausible settings break a fact that holds, and which bring a failing one in. A range is the
 * part of the plausible one every scenario the facts play takes (the demand cone's ends may not
 * cross a scenario's other end), and each end is checked on every one of them.
 */
async function factsScan(
  opts: FactsCliOptions,
  facts: readonly Fact[],
  seeds: number,
  firstSeed: number,
  world: Override[],
): Promise<number> {
  const scenarios = scenariosOf(facts);
  const { params, skipped } = commonRanges(opts.params ?? "all", scenarios);
  if (!params.length) throw new CliError("--params: no parameters to vary");
  if (opts.points !== undefined) return factsPoints(opts, facts, seeds, firstSeed, world, scenarios, { params, skipped });
  const sides = params.flatMap((p) => [
    { path: p.path, side: "low" as const, value: p.low },
    { path: p.path, side: "high" as const, value: p.high },
  ]);
  const worlds = [world, ...sides.map((x) => [...world, { path: x.path, value: x.value }])];
  for (const w of worlds.slice(1)) checkWorld(w, scenarios);
  const played = await playWorlds(opts, facts, seeds, firstSeed, worlds);
  const cards = played.cards as Card[];
  const baseHeld = heldOf(cards[0]!);
  const changes = sides.map((_, k) => turned(cards[k + 1]!, cards[0]!));
  const done = doneLine(worlds.length, played, world);
  if (opts.json) {
    const report = {
      seeds,
      firstSeed,
      sets: world,
      baseline: verdictsOf(cards[0]!),
      sides: sides.map((x, k) => ({ ...x, facts: verdictsOf(cards[k + 1]!) })),
      skipped,
      seconds: Number(played.seconds.toFixed(1)),
    };
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  } else {
    // each side that changes a verdict, most facts held first
    const rows = sides.flatMap((x, k) => {
      const card = cards[k + 1]!;
      const { lost, won } = changes[k]!;
      if (!won.length && !lost.length) return [];
      const h = heldOf(card);
      return [
        {
          held: h,
          cells: [
            x.path,
            `${x.side} ${compact(x.value)}`,
            `${h} (${signed(h - baseHeld)})`,
            won.map((f) => f.id).join(", ") || "–",
            lost.map((f) => `${f.id} ${worstEffect(f)}`).join(", ") || "–",
          ],
        },
      ];
    });
    rows.sort((a, b) => b.held - a.held);
    process.stdout.write(
      `${baselineLine(cards[0]!)}\n\n${table(
        [
          { header: "parameter", align: "left" },
          { header: "at", align: "left" },
          { header: "held", align: "left" },
          { header: "brought in", align: "left" },
          { header: "broken (effect [95% interval] at its worst point)", align: "left" },
        ],
        rows.map((r) => r.cells),
      )}\n\n${sides.length - rows.length} of ${sides.length} settings leave every verdict as it is${skipped.length ? `; ${skipped.length} parameters have no plausible range to vary` : ""}; ${seeds} seeds per point (${firstSeed}..${firstSeed + seeds - 1}), ${done}\n`,
    );
  }
  return opts.strict && changes.some((c) => c.lost.length > 0) ? 1 : 0;
}

/** "47 cards of 2,064 paired runs in 1500.2s on 2 workers; every scenario with …" */
function doneLine(cards: number, played: { runs: number; workers: number; seconds: number }, world: readonly Override[]): string {
  const set = world.length ? `; every scenario with ${world.map((o) => `${o.path}=${JSON.stringify(o.value)}`).join(", ")}` : "";
  return `${cards} cards of ${played.runs} paired runs in ${played.seconds.toFixed(1)}s on ${played.workers} worker${played.workers === 1 ? "" : "s"}${set}`;
}

/**
 * `facts --params … --points n`: the card in n worlds, each a point of a Latin hypercube over all
 * the named parameters' ranges at once (seeded by `--seed`, as `bands --points` draws), every
 * world playing the same seeds. Says, per fact, in how many of the worlds it holds, and, per
 * world, which verdicts differ from the scenarios' own values. A world some scenario refuses
 * (two drawn values that contradict each other) is reported, not played.
 */
async function factsPoints(
  opts: FactsCliOptions,
  facts: readonly Fact[],
  seeds: number,
  firstSeed: number,
  world: Override[],
  scenarios: readonly string[],
  choice: ParamChoice,
): Promise<number> {
  const n = parsePositiveInt(opts.points!, "--points", 10_000);
  // a parameter fixed with --set stays fixed: the others are drawn around it
  const params = choice.params.filter((p) => !world.some((o) => o.path === p.path));
  const skipped = [
    ...choice.skipped,
    ...choice.params.filter((p) => !params.includes(p)).map((p) => ({ path: p.path, why: "fixed by --set" })),
  ];
  if (!params.length) throw new CliError("--points: every parameter --params names is fixed by --set");
  const ranges = params.map((p) => ({ path: p.path, low: p.low, high: p.high, steps: 2, integer: p.int }));
  const design = latinHypercube(ranges, n, firstSeed);
  const drawn = design.map((x) => params.map((p, k) => ({ path: p.path, value: x[k]! })));
  const refused = drawn.map((d) => worldRefusal([...world, ...d], scenarios));
  const worlds = [world, ...drawn.map((d, k) => (refused[k] ? null : [...world, ...d]))];
  const played = await playWorlds(opts, facts, seeds, firstSeed, worlds);
  const base = played.cards[0]!;
  const points = drawn.map((d, k) => ({ point: k + 1, overrides: d, refused: refused[k], card: played.cards[k + 1] ?? null }));
  const done = doneLine(worlds.length - refused.filter(Boolean).length, played, world);
  if (opts.json) {
    const report = {
      seeds,
      firstSeed,
      sets: world,
      ranges: params.map((p) => ({ path: p.path, low: p.low, high: p.high })),
      baseline: verdictsOf(base),
      points: points.map((p) => ({
        point: p.point,
        values: Object.fromEntries(p.overrides.map((x) => [x.path, x.value])),
        refused: p.refused,
        held: p.card ? heldOf(p.card) : null,
        facts: p.card ? verdictsOf(p.card) : null,
      })),
      skipped,
      seconds: Number(played.seconds.toFixed(1)),
    };
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  } else {
    const cards = points.flatMap((p) => (p.card ? [p.card] : []));
    const perFact = base.facts.map((f, i) => [f.id, verdictWord(f), `${cards.filter((c) => c.facts[i]!.holds).length} of ${cards.length}`]);
    const lines = points.map((p) => {
      if (!p.card) return `point ${p.point}: not played (${p.refused})`;
      const { lost, won } = turned(p.card, base);
      const ids = (fs: FactVerdict[]) => fs.map((f) => f.id).join(", ") || "–";
      return `point ${p.point}: ${heldOf(p.card)} of ${p.card.facts.length} hold; lost: ${ids(lost)}; brought in: ${ids(won)}`;
    });
    const helds = cards.map(heldOf).sort((a, b) => a - b);
    const spread = helds.length
      ? `Facts held in a world: ${helds[0]} to ${helds[helds.length - 1]} of ${base.facts.length} (median ${helds[Math.floor(helds.length / 2)]}); each world's values are in --json.`
      : "No world could be played.";
    process.stdout.write(
      `${baselineLine(base)}\n\n${n} points of a Latin hypercube over ${params.length} parameters' ranges at once:\n\n${table(
        [
          { header: "fact", align: "left" },
          { header: "scenarios' values", align: "left" },
          { header: "holds in", align: "left" },
        ],
        perFact,
      )}\n\n${spread}\n${lines.join("\n")}\n\n${skipped.length ? `${skipped.length} parameters not drawn (no plausible range to vary, or fixed by --set); ` : ""}${seeds} seeds per point (${firstSeed}..${firstSeed + seeds - 1}), ${done}\n`,
    );
  }
  const lostAny = points.some((p) => p.card !== null && turned(p.card, base).lost.length > 0);
  return opts.strict && lostAny ? 1 : 0;
}

export async function factsCommand(opts: FactsCliOptions): Promise<number> {
  const facts = chooseFacts(opts.only);
  const seeds = opts.seeds === undefined ? CARD_SEEDS : parsePositiveInt(opts.seeds, "--seeds", 1000);
  const firstSeed = opts.seed === undefined ? 1 : parseSeed(opts.seed);
  const sets = opts.sets === undefined ? 1 : parsePositiveInt(opts.sets, "--sets", 1000);
  if (firstSeed + seeds * sets - 1 > 0xffffffff)
    throw new CliError(`--seed ${firstSeed} with ${sets} sets of ${seeds} seeds passes the last seed (2^32 - 1)`);
  const world = worldOverrides(opts.set, facts);
  if (opts.points !== undefined && opts.params === undefined)
    throw new CliError("--points draws over the parameters --params names: give --params");
  if (opts.params !== undefined) {
    if (sets !== 1 || opts.writeDocs)
      throw new CliError("--params plays one set of seeds in each world: leave out --sets and --write-docs");
    return factsScan(opts, facts, seeds, firstSeed, world);
  }
  if (opts.writeDocs && (facts.length !== FACTS.length || seeds !== CARD_SEEDS || firstSeed !== 1 || sets !== 1 || world.length))
    throw new CliError(
      `--write-docs writes the whole card: leave out --only, --seeds, --seed, --sets and --set (the card plays seeds 1..${CARD_SEEDS} of the scenarios as they are)`,
    );
  const runs = cardJobs(facts, seeds * sets, firstSeed).length;
  // a job plays both arms of a point, at most MAX_QUARTERS each
  const workers = opts.workers === undefined ? defaultWorkers(runs, 2 * MAX_QUARTERS) : parsePositiveInt(opts.workers, "--workers", 256);
  const progress = progressReporter(opts.progress !== false, "facts", "pairs");
  const t0 = performance.now();
  let cards: Card[];
  try {
    cards = await playCards(facts, seeds, sets, workers, progress.update, firstSeed, world);
  } finally {
    progress.stop();
  }
  const seconds = (performance.now() - t0) / 1000;
  const under = world.length ? `; every scenario with ${world.map((o) => `${o.path}=${JSON.stringify(o.value)}`).join(", ")}` : "";
  const done = `${runs} paired runs in ${seconds.toFixed(1)}s on ${workers} worker${workers === 1 ? "" : "s"}${under}`;
  if (sets > 1) {
    printSets(cards, !!opts.json, done);
    return opts.strict && cards.some((c) => c.facts.some((f) => !f.holds)) ? 1 : 0;
  }
  const card = cards[0]!;
  if (opts.json) {
    process.stdout.write(
      `${JSON.stringify({ ...card, sets: world, seconds: Number(seconds.toFixed(1)), knownFailing: KNOWN_FAILING }, null, 2)}\n`,
    );
  } else {
    const rows = card.facts.map((f) => [
      f.id,
      verdictWord(f),
      pointsHeldText(f),
      worstEffect(f),
      f.worst ? `${f.worst.check} (${f.worst.point})` : "–",
      f.source,
    ]);
    const held = card.facts.filter((f) => f.holds).length;
    process.stdout.write(
      `${table(
        [
          { header: "fact", align: "left" },
          { header: "verdict", align: "left" },
          { header: "points held", align: "right" },
          { header: "effect [95% interval] at the worst point", align: "left" },
          { header: "worst check (point)", align: "left" },
          { header: "source", align: "left" },
        ],
        rows,
      )}\n\n${held} of ${card.facts.length} hold; ${seeds} seeds per point (${firstSeed}..${firstSeed + seeds - 1}), ${done}\n`,
    );
  }
  if (opts.writeDocs) {
    const doc = readFileSync(DOCS_MODEL, "utf8");
    writeFileSync(DOCS_MODEL, replaceCard(doc, cardMarkdown(card)));
    process.stderr.write(`wrote the card to ${DOCS_MODEL}\n`);
  }
  return opts.strict && card.facts.some((f) => !f.holds) ? 1 : 0;
}
