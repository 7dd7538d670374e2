/**
 * The room's small synced metadata (phase, quarter, deadline, join code, seats) read
 * defensively from the Colyseus state's JSON, and the lobby's display model.
 */

import { roleName } from "./books.ts";
import { clock } from "./format.ts";
import { type NodeKind, ROLE_STYLE } from "./roles.ts";

export interface SeatMeta {
  id: string;
  role: string;
  name: string;
  controller: string;
  connected: number;
  submitted: boolean;
  players: string[];
  /** only the host moves people in or out */
  locked: boolean;
  /** the company failed */
  failed: boolean;
  /** a bot plays it for these away players ("" when none) */
  botFor: string;
}

export interface PersonMeta {
  id: string;
  name: string;
  /** "" = no seat */
  seat: string;
  connected: boolean;
  host: boolean;
  cohost: boolean;
}

export interface RoomMeta {
  phase: string;
  quarter: number;
  quarters: number;
  deadline: number;
  /** ms left while paused */
  remainingMs: number;
  /** the turn length a new quarter starts with (0 = no timer) */
  turnSeconds: number;
  paused: boolean;
  code: string;
  scenario: string;
  title: string;
  seats: SeatMeta[];
  people: PersonMeta[];
  spectators: number;
  teamCap: number;
  rehearsal: boolean;
  /** the market figures players forecast each quarter (FORECAST_TARGETS ids) */
  forecastTargets: string[];
  /** after the end: the debrief section the host shows on the projector */
  debriefSection: string;
}

type Json = Record<string, unknown>;

function obj(x: unknown): Json {
  return x && typeof x === "object" ? (x as Json) : {};
}
function str(x: unknown, d = ""): string {
  return typeof x === "string" ? x : typeof x === "number" ? String(x) : d;
}
function n(x: unknown, d = 0): number {
  return typeof x === "number" && Number.isFinite(x) ? x : d;
}
function first(o: Json, keys: string[]): unknown {
  for (const k of keys) if (o[k] !== undefined) return o[k];
  return undefined;
}

export function readMeta(state: unknown): RoomMeta {
  const s = obj(state);
  const seatsRaw = first(s, ["seats", "seat"]);
  const list: [string, Json][] = Array.isArray(seatsRaw)
    ? seatsRaw.map((x, i) => [str(obj(x).id, String(i)), obj(x)])
    : Object.entries(obj(seatsRaw)).map(([k, v]) => [k, obj(v)]);
  const seats: SeatMeta[] = list.map(([key, v]) => {
    const playersRaw = first(v, ["players", "members", "names", "team"]);
    const players = Array.isArray(playersRaw)
      ? playersRaw.map((p) => (typeof p === "string" ? p : str(obj(p).name, "player")))
      : typeof playersRaw === "object" && playersRaw
        ? Object.values(playersRaw as Json).map((p) => (typeof p === "string" ? p : str(obj(p).name, "player")))
        : [];
    const conn = first(v, ["connected", "online", "connections"]);
    return {
      id: str(first(v, ["id", "seat"]), key),
      role: str(v.role, "lab"),
      name: str(first(v, ["name", "title", "company"]), key),
      controller: str(first(v, ["controller", "control", "kind"]), "bot"),
      connected: typeof conn === "boolean" ? (conn ? 1 : 0) : n(conn),
      submitted: Boolean(first(v, ["submitted", "ready"])),
      players,
      locked: v.locked === true,
      failed: v.failed === true,
      botFor: str(v.botFor),
    };
  });
  const people: PersonMeta[] = Object.values(obj(s.people)).map((x) => {
    const p = obj(x);
    return {
      id: str(p.id),
      name: str(p.name),
      seat: str(p.seat),
      connected: p.connected === true,
      host: p.host === true,
      cohost: p.cohost === true,
    };
  });
  return {
    phase: str(first(s, ["phase", "status"]), "lobby"),
    quarter: n(s.quarter),
    quarters: n(first(s, ["quarters", "length"])),
    deadline: n(first(s, ["deadline", "deadlineAt", "deadlineMs"])),
    remainingMs: n(s.remainingMs),
    turnSeconds: n(s.turnSeconds),
    paused: Boolean(s.paused) || str(s.phase) === "paused",
    code: str(first(s, ["code", "joinCode", "gameId"])),
    scenario: str(first(s, ["scenario", "scenarioId"])),
    title: str(s.title),
    seats,
    people,
    spectators: n(s.spectators),
    teamCap: n(s.teamCap),
    rehearsal: s.rehearsal === true,
    forecastTargets: Array.isArray(s.forecastTargets) ? s.forecastTargets.filter((x): x is string => typeof x === "string") : [],
    debriefSection: str(s.debriefSection, "ranking"),
  };
}

/**
 * The one way every screen names the quarter: the quarter being decided ("Quarter 2 of 8"),
 * with its calendar label when known ("Quarter 2 of 8 · 2026Q4"); after the end, "Final · 8 quarters
 * played" (or "Final · 3 of 8 quarters played").
 */
/**
 * How many of a seat's people are connected, as the host's seat table says it: "● 2 of 3",
 * "○ 0 of 2", or "–" for a seat nobody holds (a seat's own flag says only whether anyone is).
 */
export function seatOnline(meta: RoomMeta, seat: string): string {
  const people = meta.people.filter((p) => p.seat === seat);
  if (!people.length) return "–";
  const on = people.filter((p) => p.connected).length;
  return `${on > 0 ? "●" : "○"} ${on} of ${people.length}`;
}

/**
 * Whether a seat's company was in distress (on emergency financing) in the last quarter played,
 * a public figure: the host's seat table marks it, so a teacher walking the room knows whom to
 * visit.
 */
export function inDistress(
  view: { history: { actors: Record<string, { distressed: number; failed: number }> }[] } | null,
  seat: string,
): boolean {
  const a = view?.history[view.history.length - 1]?.actors[seat];
  return a !== undefined && a.distressed === 1 && a.failed !== 1;
}

export function quarterWords(resolved: number, quarters: number, opts: { label?: string; finished?: boolean } = {}): string {
  // a game the host ended early says how many of its quarters were played, as the debrief does
  if (opts.finished) return `Final · ${resolved < quarters ? `${resolved} of ` : ""}${quarters} quarter${quarters === 1 ? "" : "s"} played`;
  const q = Math.min(resolved + 1, Math.max(quarters, 1));
  return `Quarter ${q} of ${quarters || "?"}${opts.label ? ` · ${opts.label}` : ""}`;
}

export interface LobbySeatRow {
  id: string;
  name: string;
  role: string;
  roleLabel: string;
  glyph: string;
  colour: string;
  who: string;
  status: "human" | "team" | "bot" | "open" | "failed";
  connected: boolean;
  own: boolean;
  /** may this player take the seat (or join its team) now */
  canTake: boolean;
  /** what the seat's button says, or why it cannot be taken */
  action: string;
  locked: boolean;
  full: boolean;
  failed: boolean;
}

export interface LobbyModel {
  code: string;
  codeSpaced: string;
  title: string;
  groups: { role: string; label: string; seats: LobbySeatRow[] }[];
  humans: number;
  bots: number;
  canStart: boolean;
}

export function lobbyModel(meta: RoomMeta, ownSeat: string | null, isHost: boolean): LobbyModel {
  const ownMeta = meta.seats.find((x) => x.id === ownSeat);
  // a player may move by themselves unless their seat is locked (a failed company's players may always move)
  const mayMove = !ownMeta?.locked || ownMeta.failed;
  const rows: LobbySeatRow[] = meta.seats.map((s) => {
    const humans = s.players.length;
    const status: LobbySeatRow["status"] = s.failed
      ? "failed"
      : s.controller === "bot" && humans === 0
        ? "bot"
        : humans > 1
          ? "team"
          : humans === 1 || s.controller === "human"
            ? "human"
            : "open";
    const style = ROLE_STYLE[(s.role as NodeKind) in ROLE_STYLE ? (s.role as NodeKind) : "lab"];
    const own = s.id === ownSeat;
    const full = meta.teamCap > 0 && humans >= meta.teamCap;
    const canTake = !own && !s.failed && !s.locked && !full && mayMove;
    const action = own
      ? "Your seat"
      : s.failed
        ? "Failed"
        : s.locked
          ? "Locked by the host"
          : full
            ? `Team full (${meta.teamCap})`
            : !mayMove
              ? "Your seat is locked"
              : humans > 0
                ? "Join this team"
                : "Take this seat";
    return {
      id: s.id,
      name: s.name,
      role: s.role,
      roleLabel: roleName(s.role),
      glyph: style.glyph,
      colour: style.colour,
      who: s.botFor ? `bot playing for ${s.botFor}` : humans > 0 ? s.players.join(", ") : status === "bot" ? "Bot (free to take)" : "Free",
      status,
      connected: s.connected > 0,
      own,
      canTake,
      action,
      locked: s.locked,
      full,
      failed: s.failed,
    };
  });
  const order = ["chipmaker", "hyperscaler", "lab", "enterprise"];
  const groups = order
    .map((role) => ({ role, label: `${roleName(role)}s`, seats: rows.filter((r) => r.role === role) }))
    .filter((g) => g.seats.length > 0);
  const code = meta.code;
  return {
    code,
    codeSpaced: code.length === 6 ? `${code.slice(0, 3)} ${code.slice(3)}` : code,
    title: meta.title || meta.scenario,
    groups,
    humans: rows.filter((r) => r.status === "human" || r.status === "team").length,
    bots: rows.filter((r) => r.status === "bot").length,
    canStart: isHost && meta.phase === "lobby",
  };
}

export interface TimerModel {
  text: string;
  /** the last ten seconds */
  urgent: boolean;
  label: string;
  /** ms left (null: no timer running) */
  left: number | null;
}

/** Seats are warned this long before the deadline (the server sends the same warning). */
export const WARNING_MS = 10_000;

export function timerModel(meta: RoomMeta, now: number): TimerModel {
  if (meta.phase === "finished") return { text: "—", urgent: false, label: "Game over", left: null };
  if (meta.paused)
    return meta.remainingMs > 0
      ? { text: `paused ${clock(meta.remainingMs)}`, urgent: false, label: `Timer paused with ${clock(meta.remainingMs)} left`, left: null }
      : { text: "paused", urgent: false, label: "Timer paused", left: null };
  if (!meta.deadline) return { text: "no timer", urgent: false, label: "No timer this quarter", left: null };
  const left = meta.deadline - now;
  return { text: clock(left), urgent: left <= WARNING_MS, label: `${clock(left)} left to submit`, left };
}
