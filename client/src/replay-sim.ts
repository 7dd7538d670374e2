/**
 * The replay's re-simulation (pure: no DOM), shared by the replay screen and the tests. It runs
 * the engine's own replayLog (which applies a host's live injections after the quarter they were
 * made in) and keeps a public frame per quarter; frame 0 is the start.
 */
import {
  createGame,
  divergenceReason,
  type GameEvent,
  type GameState,
  type OrdersBySeat,
  type PlayerView,
  playerView,
  readLog,
  replayLog,
  scenarioOfLog,
} from "../../shared/index.ts";

export interface ReplayFrame {
  /** the public picture after the quarter */
  view: PlayerView;
  /** the quarter's public events */
  events: GameEvent[];
  /** the state after the quarter: every seat's books (the game has ended: nothing is private any more) */
  state: GameState;
  /** every seat's orders that resolved this quarter (none for the start) */
  orders: OrdersBySeat;
}

export interface ReplayData {
  frames: ReplayFrame[];
  ok: boolean;
  divergence: string | null;
  /** the seats, in the game's order */
  seats: { id: string; name: string; role: string }[];
}

/** A seat's own view of a frame: its books, contracts and models as they were after that quarter. */
export function seatView(frame: ReplayFrame, seat: string): PlayerView {
  return playerView(frame.state, seat);
}

export function simulateLog(raw: unknown): ReplayData {
  // a downloaded log is checked, brought up to date and its orders parsed (a trust boundary);
  // one from another rules version is refused with a one-line error
  const log = readLog(raw);
  const start = createGame(scenarioOfLog(log), log.seed);
  const frames: ReplayFrame[] = [{ view: playerView(start, null), events: [], state: start, orders: {} }];
  const r = replayLog(log, (state, events, rec) =>
    frames.push({ view: playerView(state, null), events: events.filter((e) => !e.seat), state, orders: rec.ordersBySeat }),
  );
  const d = r.firstDivergence;
  const divergence = d
    ? `quarter ${d.quarter}: state hash ${d.actual.slice(0, 12)}… differs from the log's ${d.expected.slice(0, 12)}… — ${divergenceReason()}.`
    : null;
  const seats = start.companies.id.map((id, i) => ({ id, name: start.companies.name[i]!, role: start.companies.role[i]! }));
  return { frames, ok: r.ok, divergence, seats };
}
