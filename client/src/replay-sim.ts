/**
 * The replay's re-simulation (pure: no DOM), shared by the replay screen and the tests.
 */
import {
  createGame,
  type GameEvent,
  type GameLog,
  type GameState,
  injectShock,
  type PlayerView,
  parseScenario,
  playerView,
  resolveTurn,
} from "../../shared/index.ts";

export interface ReplayFrame {
  view: PlayerView;
  events: GameEvent[];
}

export interface ReplayData {
  frames: ReplayFrame[];
  ok: boolean;
  divergence: string | null;
}

/**
 * Re-simulates a log quarter by quarter; frame 0 is the start. Each injected shock is applied
 * when `after` quarters have been resolved (a host's live injection; the server's log writes
 * `after`), or before the first quarter when `after` is absent (CLI logs): the state hash covers
 * the shock schedule, so the point of injection matters.
 *
 * This is the loop `replayLog(log, onQuarter)` in shared/sim/run-game.ts is meant to run: as of
 * commit 302cce4 shared's replayLog takes no onQuarter and still injects every shock up front,
 * so it diverges at the first quarter of any game with a live injection. Switch to it once it
 * honours `after`.
 */
export function simulateLog(raw: unknown): ReplayData {
  const log = raw as GameLog;
  if (log?.format !== "compute-cycle-log" || !Array.isArray(log.quarters)) throw new Error("This file is not a Compute Cycle game log.");
  const scenario = parseScenario(log.scenarioInput);
  let state: GameState = createGame(scenario, log.seed);
  const pending = [...(log.injected ?? [])];
  const injectDue = () => {
    for (let i = 0; i < pending.length; ) {
      const s = pending[i]!;
      if ((s.after ?? 0) <= state.quarter) {
        state = injectShock(state, s.shock, s.params ?? {}, s.quarter);
        pending.splice(i, 1);
      } else i++;
    }
  };
  injectDue();
  const frames: ReplayFrame[] = [{ view: playerView(state, null), events: [] }];
  let divergence: string | null = null;
  for (const rec of log.quarters) {
    const r = resolveTurn(state, rec.ordersBySeat);
    state = r.state;
    if (r.hash !== rec.hash && !divergence)
      divergence = `quarter ${rec.quarter}: state hash ${r.hash.slice(0, 12)}… differs from the log's ${rec.hash.slice(0, 12)}…`;
    frames.push({ view: playerView(state, null), events: r.events.filter((e) => !e.seat) });
    injectDue();
  }
  return { frames, ok: divergence === null, divergence };
}
