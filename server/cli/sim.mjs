#!/usr/bin/env node
/**
 * The Compute Cycle command line: `npm run sim -- <command>` (docs/cli.md, docs/analysis.md).
 *   run          one bot game, per-quarter tables, --out writes a replayable log
 *   replay       re-simulate a log and verify every quarter's hash
 *   batch        n seeded games on worker threads → summary.json, runs.csv.gz, wide.csv, manifest.json
 *   sweep        a grid or Latin hypercube over parameters, a batch per point
 *   sensitivity  a tornado over parameters' low and high, paired seeds (optionally Sobol indices)
 *   fork         n seeded continuations of a saved game from a quarter
 *   compare      any number of batches, with bootstrap intervals
 *   report       one self-contained HTML page of batches, sweeps, tornados and comparisons
 *   worker       play the runs other machines enqueue on Redis (--queue)
 *   list         scenarios, shock catalogue, metric ids; --params: every parameter
 *   facts        the stylized facts of seed-facts.md §5 as the model's card (A/B over ranges of set-ups)
 * Exit codes: 0 ok, 1 replay diverged or every run failed (or any, with --strict), 2 bad input,
 * 130 interrupted (what finished is written).
 */
import { useCompileCache } from "../compile-cache.mjs";

// before the commands' imports (ESM loads a module's whole static import graph before it runs):
// the compile caches; git, for the manifest of a command that writes one, while the process is
// small (git-info.ts); and the worker threads a batch-like command will want, which load the
// engine while the main thread does. Plain JavaScript, and every TypeScript module imported
// after the caches are on, so that Node's own type stripper never loads (compile-cache.mjs).
useCompileCache();
const { gitInfo } = await import("./git-info.ts");
if (["batch", "sweep", "sensitivity", "fork", "worker"].includes(process.argv[2] ?? "")) void gitInfo();
const { prestartWorkers } = await import("./prestart.ts");
prestartWorkers(process.argv.slice(2));
await import("./program.ts");
