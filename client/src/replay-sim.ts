/**
 * The replay's re-simulation (pure: no DOM), shared by the replay screen and the tests. It runs
 * the engine's own replayLog (which applies a host's live injections after the quarter they were
 * made in) and keeps a public frame per quarter; frame 0 is the start.
 */
import {
  createGame,
  divergenceReason,
  type GameEvent,
  type PlayerView,
  playerView,
  readLog,
  replayLog,
  scenarioOfLog,
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

export function simulateLog(raw: unknown): ReplayData {
  // a downloaded log is checked, brought up to date and its orders parsed (a trust boundary);
  // one from another rules version is refused with a one-line error
  const log = readLog(raw);
  const start = createGame(scenarioOfLog(log), log.seed);
  const frames: ReplayFrame[] = [{ view: playerView(start, null), events: [] }];
  const r = replayLog(log, (state, events) => frames.push({ view: playerView(state, null), events: events.filter((e) => !e.seat) }));
  const d = r.firstDivergence;
  const divergence = d
    ? `quarter ${d.quarter}: state hash ${d.actual.slice(0, 12)}… differs from the log's ${d.expected.slice(0, 12)}… — ${divergenceReason()}.`
    : null;
  return { frames, ok: r.ok, divergence };
}
