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
}

export interface RoomMeta {
  phase: string;
  quarter: number;
  quarters: number;
  deadline: number;
  paused: boolean;
  code: string;
  scenario: string;
  title: string;
  seats: SeatMeta[];
  spectators: number;
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
    };
  });
  return {
    phase: str(first(s, ["phase", "status"]), "lobby"),
    quarter: n(s.quarter),
    quarters: n(first(s, ["quarters", "length"])),
    deadline: n(first(s, ["deadline", "deadlineAt", "deadlineMs"])),
    paused: Boolean(s.paused) || str(s.phase) === "paused",
    code: str(first(s, ["code", "joinCode", "gameId"])),
    scenario: str(first(s, ["scenario", "scenarioId"])),
    title: str(s.title),
    seats,
    spectators: n(s.spectators),
  };
}

export interface LobbySeatRow {
  id: string;
  name: string;
  role: string;
  roleLabel: string;
  glyph: string;
  colour: string;
  who: string;
  status: "human" | "team" | "bot" | "open";
  connected: boolean;
  own: boolean;
  canTake: boolean;
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
  const rows: LobbySeatRow[] = meta.seats.map((s) => {
    const humans = s.players.length;
    const status: LobbySeatRow["status"] =
      s.controller === "bot" && humans === 0 ? "bot" : humans > 1 ? "team" : humans === 1 || s.controller === "human" ? "human" : "open";
    const style = ROLE_STYLE[(s.role as NodeKind) in ROLE_STYLE ? (s.role as NodeKind) : "lab"];
    return {
      id: s.id,
      name: s.name,
      role: s.role,
      roleLabel: roleName(s.role),
      glyph: style.glyph,
      colour: style.colour,
      who: humans > 0 ? s.players.join(", ") : status === "bot" ? "Bot" : "Open",
      status,
      connected: s.connected > 0,
      own: s.id === ownSeat,
      canTake: ownSeat === null,
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
  urgent: boolean;
  label: string;
}

export function timerModel(meta: RoomMeta, now: number): TimerModel {
  if (meta.phase === "finished") return { text: "—", urgent: false, label: "Game over" };
  if (meta.paused) return { text: "paused", urgent: false, label: "Timer paused" };
  if (!meta.deadline) return { text: "—", urgent: false, label: "No timer" };
  const left = meta.deadline - now;
  return { text: clock(left), urgent: left < 15_000, label: `${clock(left)} left to submit` };
}
