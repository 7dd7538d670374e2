/**
 * `sim replay game.json`: re-simulates a game log and checks every quarter's state hash.
 * Exit 0 when every hash matches, 1 on the first divergence, 2 on a malformed file or a log
 * from other rules.
 */
import { readFileSync } from "node:fs";
import { divergenceReason, type GameLog, LogError, readLog as readGameLog, replayLog, ScenarioError } from "../../shared/index.ts";
import { CliError, scenarioErrorLine } from "./common.ts";

/** A log file, read as the engine reads logs (schema, migrations, rules version, orders parsed). */
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
  try {
    return readGameLog(data);
  } catch (e) {
    if (e instanceof LogError) throw new CliError(`${file}: ${e.message}`);
    if (e instanceof ScenarioError) throw new CliError(scenarioErrorLine(e, `${file}: scenarioInput: `));
    throw e;
  }
}

/** Returns the process exit code. */
export function replayCommand(file: string, opts: { json?: boolean }): number {
  const log = readLog(file);
  let result: ReturnType<typeof replayLog>;
  try {
    result = replayLog(log);
  } catch (e) {
    if (e instanceof ScenarioError) throw new CliError(scenarioErrorLine(e, `${file}: scenarioInput: `));
    if (e instanceof LogError) throw new CliError(`${file}: ${e.message}`);
    throw new CliError(`${file}: replay failed: ${(e as Error).message}`);
  }
  const labelOf = (q: number): string => log.quarters[q - 1]?.label ?? `quarter ${q}`;
  if (opts.json) {
    process.stdout.write(
      `${JSON.stringify({ ok: result.ok, quarters: result.quarters, firstDivergence: result.firstDivergence, rules: log.rules })}\n`,
    );
    return result.ok ? 0 : 1;
  }
  if (result.ok) {
    const last = log.quarters[log.quarters.length - 1];
    process.stdout.write(
      `OK: ${file} replays identically: ${result.quarters} quarter${result.quarters === 1 ? "" : "s"} of scenario ${log.scenario.id} (seed ${log.seed}), every state hash matches${last ? ` (final ${last.hash})` : ""}\n`,
    );
    return 0;
  }
  const d = result.firstDivergence;
  if (d) {
    process.stdout.write(
      `DIVERGED: ${file} first diverges at quarter ${d.quarter} (${labelOf(d.quarter)}): expected hash ${d.expected}, replay gives ${d.actual}\n`,
    );
    process.stdout.write(`Why: ${divergenceReason()}.\n`);
  } else {
    process.stdout.write(`DIVERGED: ${file} does not replay (${result.quarters} quarters checked)\n`);
  }
  return 1;
}
