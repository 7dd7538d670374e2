/**
 * `sim replay game.json`: re-simulates a game log and checks every quarter's state hash.
 * Exit 0 when every hash matches, 1 on the first divergence, 2 on a malformed file.
 */
import { readFileSync } from "node:fs";
import { divergenceReason, type GameLog, replayLog, rulesLabel, ScenarioError } from "../../shared/index.ts";
import { CliError, scenarioErrorLine } from "./common.ts";

export function readLog(file: string): GameLog {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    throw new CliError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (e as Error).message}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new CliError(`${file} is not valid JSON: ${(e as Error).message}`);
  }
  const bad = (what: string): never => {
    throw new CliError(`${file} is not a Compute Cycle game log: ${what}`);
  };
  if (!data || typeof data !== "object" || Array.isArray(data)) bad("expected a JSON object");
  const log = data as Record<string, unknown>;
  if (log.format !== "compute-cycle-log") bad(`format is ${JSON.stringify(log.format)}, expected "compute-cycle-log"`);
  if (log.version !== 1) bad(`version ${JSON.stringify(log.version)} is not supported (expected 1)`);
  if (log.rules !== undefined && !(typeof log.rules === "number" && Number.isInteger(log.rules) && log.rules >= 1))
    bad(`rules: expected a rules version (a positive integer), got ${JSON.stringify(log.rules)}`);
  if (typeof log.seed !== "number" || !Number.isInteger(log.seed)) bad("seed: expected an integer");
  if (!log.scenarioInput || typeof log.scenarioInput !== "object") bad("scenarioInput: missing");
  if (!Array.isArray(log.quarters)) bad("quarters: expected an array");
  (log.quarters as unknown[]).forEach((q, i) => {
    const o = q as Record<string, unknown> | null;
    if (!o || typeof o !== "object") bad(`quarters.${i}: expected an object`);
    else {
      if (o.quarter !== i + 1) bad(`quarters.${i}.quarter: expected ${i + 1}, got ${JSON.stringify(o.quarter)}`);
      if (typeof o.hash !== "string") bad(`quarters.${i}.hash: expected a string`);
      if (!o.ordersBySeat || typeof o.ordersBySeat !== "object") bad(`quarters.${i}.ordersBySeat: expected an object`);
    }
  });
  if (log.injected !== undefined && !Array.isArray(log.injected)) bad("injected: expected an array");
  return data as GameLog;
}

/** Returns the process exit code. */
export function replayCommand(file: string, opts: { json?: boolean }): number {
  const log = readLog(file);
  let result: ReturnType<typeof replayLog>;
  try {
    result = replayLog(log);
  } catch (e) {
    if (e instanceof ScenarioError) throw new CliError(scenarioErrorLine(e, `${file}: scenarioInput: `));
    throw new CliError(`${file}: replay failed: ${(e as Error).message}`);
  }
  const labelOf = (q: number): string => log.quarters[q - 1]?.label ?? `quarter ${q}`;
  if (opts.json) {
    process.stdout.write(
      `${JSON.stringify({ ok: result.ok, quarters: result.quarters, firstDivergence: result.firstDivergence, rules: result.rules })}\n`,
    );
    return result.ok ? 0 : 1;
  }
  const { rules } = result;
  if (result.ok) {
    const last = log.quarters[log.quarters.length - 1];
    const note =
      rules.log === rules.engine
        ? ""
        : ` (recorded under ${rulesLabel(rules.log)}, replayed under ${rulesLabel(rules.engine)}: this game plays out the same)`;
    process.stdout.write(
      `OK: ${file} replays identically: ${result.quarters} quarter${result.quarters === 1 ? "" : "s"} of scenario ${log.scenario?.id} (seed ${log.seed}), every state hash matches${last ? ` (final ${last.hash})` : ""}${note}\n`,
    );
    return 0;
  }
  const d = result.firstDivergence;
  if (d) {
    process.stdout.write(
      `DIVERGED: ${file} first diverges at quarter ${d.quarter} (${labelOf(d.quarter)}): expected hash ${d.expected}, replay gives ${d.actual}\n`,
    );
    process.stdout.write(`Why: ${divergenceReason(rules)}.\n`);
  } else {
    process.stdout.write(`DIVERGED: ${file} does not replay (${result.quarters} quarters checked)\n`);
  }
  return 1;
}
