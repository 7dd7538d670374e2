/**
 * `sim facts`: the stylized facts of seed-facts.md §5 as the model's card. Every fact of
 * shared/facts/spec.ts (both sides of the disputed ones) is played as an A/B experiment at each
 * point of its declared range over seeds 1..N, or from `--seed` on (common random numbers: both arms play the same
 * seed) on the batch worker pool, and judged (shared/facts/verdict.ts): a fact holds when the
 * paired effect's 95% interval has the predicted sign at every point of its range.
 * Output: a table (fact, holds/fails, the effect with its interval at the worst point, source),
 * or JSON; `--write-docs` rewrites the card in docs/model.md; `--strict` exits 1 on any failing
 * fact (known failures included).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type Card, cardMarkdown, replaceCard, verdictWord, worstEffect } from "../../shared/facts/card.ts";
import { cardJobs, type FactJob, type FactJobResult, FactPlayer } from "../../shared/facts/run.ts";
import { CARD_LEVEL, CARD_SEEDS, FACTS, KNOWN_FAILING, pointsOf } from "../../shared/facts/spec.ts";
import type { Fact } from "../../shared/facts/types.ts";
import { factVerdict } from "../../shared/facts/verdict.ts";
import { MAX_QUARTERS } from "../../shared/scenario/limits.ts";
import { CliError, parsePositiveInt, parseSeed } from "./common.ts";
import { table } from "./format.ts";
import { defaultWorkers, runPool } from "./pool.ts";
import { progressReporter } from "./progress.ts";

export const DOCS_MODEL = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "docs", "model.md");

export interface FactsCliOptions {
  only?: string[];
  seeds?: string;
  seed?: string;
  workers?: string;
  json?: boolean;
  writeDocs?: boolean;
  strict?: boolean;
  progress?: boolean;
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

/** Plays the card: every job on the pool, then the verdicts. */
export async function playCard(
  facts: readonly Fact[],
  seeds: number,
  workers: number,
  onProgress?: (done: number, total: number) => void,
  firstSeed = 1,
): Promise<Card> {
  const jobs = cardJobs(facts, seeds, firstSeed);
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
      workerData: null,
      player: () => new FactPlayer(),
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
  const verdicts = facts.map((f) => {
    const points = pointsOf(f);
    const effects = points.map((_, point) =>
      Array.from({ length: seeds }, (_, s) => results.get(`${f.id}:${point}:${firstSeed + s}`)?.effects ?? []),
    );
    const errors = points.map((_, point) => {
      for (let s = firstSeed; s < firstSeed + seeds; s++) {
        const e = results.get(`${f.id}:${point}:${s}`)?.error;
        if (e) return `seed ${s}: ${e}`;
      }
      return undefined;
    });
    return factVerdict(f, effects, CARD_LEVEL, errors);
  });
  return { seeds, firstSeed, level: CARD_LEVEL, facts: verdicts };
}

export async function factsCommand(opts: FactsCliOptions): Promise<number> {
  const facts = chooseFacts(opts.only);
  const seeds = opts.seeds === undefined ? CARD_SEEDS : parsePositiveInt(opts.seeds, "--seeds", 1000);
  const firstSeed = opts.seed === undefined ? 1 : parseSeed(opts.seed);
  if (opts.writeDocs && (facts.length !== FACTS.length || seeds !== CARD_SEEDS || firstSeed !== 1))
    throw new CliError(`--write-docs writes the whole card: leave out --only, --seeds and --seed (the card plays seeds 1..${CARD_SEEDS})`);
  const runs = cardJobs(facts, seeds, firstSeed).length;
  // a job plays both arms of a point, at most MAX_QUARTERS each
  const workers = opts.workers === undefined ? defaultWorkers(runs, 2 * MAX_QUARTERS) : parsePositiveInt(opts.workers, "--workers", 256);
  const progress = progressReporter(opts.progress !== false, "facts", "pairs");
  const t0 = performance.now();
  let card: Card;
  try {
    card = await playCard(facts, seeds, workers, progress.update, firstSeed);
  } finally {
    progress.stop();
  }
  const seconds = (performance.now() - t0) / 1000;
  if (opts.json) {
    process.stdout.write(`${JSON.stringify({ ...card, seconds: Number(seconds.toFixed(1)), knownFailing: KNOWN_FAILING }, null, 2)}\n`);
  } else {
    const rows = card.facts.map((f) => [
      f.id,
      verdictWord(f),
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
          { header: "effect [95% interval] at the worst point", align: "left" },
          { header: "worst check (point)", align: "left" },
          { header: "source", align: "left" },
        ],
        rows,
      )}\n\n${held} of ${card.facts.length} hold; ${seeds} seeds per point (${firstSeed}..${firstSeed + seeds - 1}), ${runs} paired runs in ${seconds.toFixed(1)}s on ${workers} worker${workers === 1 ? "" : "s"}\n`,
    );
  }
  if (opts.writeDocs) {
    const doc = readFileSync(DOCS_MODEL, "utf8");
    writeFileSync(DOCS_MODEL, replaceCard(doc, cardMarkdown(card)));
    process.stderr.write(`wrote the card to ${DOCS_MODEL}\n`);
  }
  return opts.strict && card.facts.some((f) => !f.holds) ? 1 : 0;
}
