/**
 * Host downloads: the game log in the CLI's replay format (`npm run sim -- replay game.json`)
 * and a CSV of every seat's per-quarter metrics.
 */
import { type ForecastRecord, type GameLog, LOG_VERSION, parseScenario, playerView, quarterLabel } from "../../shared/index.ts";
import { standingsOf, standingsOfState, standingsTable } from "../../shared/present/standings.ts";
import { GameService, scenarioInputOf } from "../game/game-service.ts";
import { historyRows } from "../game/state-facts.ts";
import type { GameStore, HeaderRecord, LogRecord } from "../store/types.ts";

/**
 * A game's log as the CLI and the replay viewer read it (`readLog`, format LOG_VERSION): the
 * scenario as played (overrides applied), the world as the server resolved it, the seed, the
 * seats, the host's injections with when they were made, and each quarter's orders and hash.
 * The server's own bookkeeping (game id, creation time, overrides) stays in its log records.
 */
export function toGameLog(records: LogRecord[]): GameLog {
  const header = records[0] as HeaderRecord;
  const input = scenarioInputOf(header);
  // the world as this server resolves it when it restores the game (GameService.restore)
  const scenario = parseScenario(input);
  const quarters: { quarter: number; label: string; ordersBySeat: GameLog["quarters"][number]["ordersBySeat"]; hash: string }[] = [];
  // `after`: quarters resolved when the host injected it. The state hash covers the schedule, so a
  // replay must apply each injection after that many quarters, not all of them up front.
  const injected: { quarter: number; after: number; shock: string; params: Record<string, string | number | boolean> }[] = [];
  let resolved = 0;
  /** each member's last forecast of a figure for a quarter, in the order first made */
  const forecasts = new Map<string, ForecastRecord>();
  for (const r of records) {
    if (r.kind === "forecast") {
      const key = `${r.memberId}\u0000${r.quarter}\u0000${r.forecast.target}`;
      forecasts.set(key, { seat: r.seat, by: r.by, quarter: r.quarter, forecast: r.forecast });
      continue;
    }
    if (r.kind === "quarter") {
      quarters.push({
        quarter: r.quarter,
        label: quarterLabel(header.start ?? { year: 0, quarter: 1 }, r.quarter),
        // as logged: readLog parses them, as a restore does
        ordersBySeat: r.ordersBySeat as GameLog["quarters"][number]["ordersBySeat"],
        hash: r.hash,
      });
      resolved = r.quarter;
    } else if (r.kind === "inject") injected.push({ quarter: r.quarter, after: resolved, shock: r.shock, params: r.params });
  }
  return {
    format: "compute-cycle-log",
    version: LOG_VERSION,
    // 0: a game created before versions were recorded; readLog then names it as such and refuses it
    rules: header.rules ?? 0,
    scenario: header.scenario,
    scenarioInput: input,
    resolved: { world: scenario.world },
    seed: header.seed,
    seats: header.seats.map((id) => ({ id, role: header.roles?.[id] ?? "", name: header.names?.[id] ?? id })),
    injected,
    quarters,
    // a forecast of a quarter that never resolved (the host ended the game) is not scored: left out
    ...(forecasts.size ? { forecasts: [...forecasts.values()].filter((f) => f.quarter <= resolved) } : {}),
  };
}

/** Has this logged game ended (the host ended it, or its last quarter resolved)? */
export function logFinished(records: LogRecord[]): boolean {
  const header = records[0] as HeaderRecord;
  let resolved = 0;
  for (const r of records) {
    if (r.kind === "control" && r.action === "end") return true;
    if (r.kind === "quarter") resolved = r.quarter;
  }
  return resolved >= parseScenario(scenarioInputOf(header)).quarters;
}

function csvCell(v: unknown): string {
  const s = v === undefined || v === null ? "" : String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The ranking as the debrief shows it (standings.ts: the one source), every figure known. */
export function toStandingsCsv(records: LogRecord[], store: GameStore): string {
  const service = GameService.restore(records, { store });
  service.dispose();
  const ended = service.phase === "finished";
  // during play an enterprise's score is private to its seat: the host's download leaves it out until the end
  const s = ended ? standingsOfState(service.state, { ended: true }) : standingsOf(playerView(service.state, null));
  const { header, rows } = standingsTable(s);
  return `${[header.join(","), ...rows.map((r) => r.map(csvCell).join(","))].join("\n")}\n`;
}

export function toCsv(records: LogRecord[], store: GameStore): string {
  const service = GameService.restore(records, { store });
  service.dispose();
  const { figures, rows } = historyRows(service.state);
  const lines = [["quarter", "label", "seat", "role", "name", ...figures].join(",")];
  for (const r of rows) lines.push([r.quarter, r.label, r.seat, r.role, r.name, ...r.values].map(csvCell).join(","));
  return `${lines.join("\n")}\n`;
}
