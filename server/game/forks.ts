/**
 * The `fork` request: a what-if fan of the game as it stands (shared/protocol/messages.ts,
 * ForkRequestSchema). Who may ask for which figure, and the job the pool plays (fork-pool.ts):
 * - the host and co-hosts during the game (the lobby included: a fan from the start), every
 *   member once it has ended;
 * - any public figure (the world's, model prices, every company's public figures), and a
 *   player's own seat's private figures too (margin, cash, FCF, debt, unserved demand);
 * - with `shock`, the impact preview: the same continuations with that catalogue shock firing
 *   in the quarter after the fork (its parameters as in the catalogue).
 */
import {
  type ForkFanData,
  type ForkRequest,
  injectShock,
  METRIC_IDS,
  nearMetricIds,
  PRIVATE_FIGURES,
  type Reply,
} from "../../shared/index.ts";
import { toGameLog } from "../http/exports.ts";
import { ForkCancelled, type ForkJob, type ForkPool } from "./fork-pool.ts";
import type { GameService } from "./game-service.ts";
import { quartersResolved } from "./state-facts.ts";

type Fail = Extract<Reply, { ok: false }>;

const fail = (seq: number, code: Fail["code"], message: string): Fail => ({ ok: false, seq, code, message });

/** Why this member may not fan this figure now, or null. */
export function forkDenied(service: GameService, memberId: string, metric: string, seq: number): Fail | null {
  const m = service.members.get(memberId);
  if (!m) return fail(seq, "not_member", "you are not in this game");
  const staff = m.host || m.cohost;
  const ended = service.phase === "finished";
  if (!staff && !ended) return fail(seq, "not_host", "only the host may fork the game while it runs; every member may once it has ended");
  const ids = METRIC_IDS(service.state);
  if (!ids.includes(metric)) {
    const near = nearMetricIds(ids, metric);
    return fail(
      seq,
      "bad_message",
      `metric: no figure "${metric}" in this game${near.length ? ` (did you mean ${near.join(", ")}?)` : ""}`,
    );
  }
  const [, company, leaf] = metric.startsWith("actor.") ? metric.split(".") : [];
  const isPrivate = leaf !== undefined && (PRIVATE_FIGURES as readonly string[]).includes(leaf);
  if (isPrivate && m.seat !== company)
    return fail(seq, "not_your_seat", `metric: ${metric} is ${company}'s private figure; fan a public one or your own seat's`);
  return null;
}

export interface ForkDeps {
  service: GameService;
  pool: ForkPool;
  /** the member's fork key in the pool: a member's new request replaces its fan in progress */
  memberId: string;
}

/** Answers a fork request: checks it, queues the job and waits for the fan. */
export async function answerFork({ service, pool, memberId }: ForkDeps, msg: ForkRequest): Promise<Reply> {
  const seq = msg.seq;
  if ("cancel" in msg) {
    if (!service.members.get(memberId)) return fail(seq, "not_member", "you are not in this game");
    return { ok: true, seq, data: { cancelled: pool.cancel(memberId) } };
  }
  const denied = forkDenied(service, memberId, msg.metric, seq);
  if (denied) return denied;
  const resolved = quartersResolved(service.state);
  const from = msg.from ?? resolved;
  if (from > resolved) return fail(seq, "wrong_quarter", `from: quarter ${from} is not played yet (0..${resolved})`);
  if (from >= service.state.quarters)
    return fail(seq, "game_over", `the game has no quarter after ${from} to fork: every quarter is played (fork from an earlier one)`);
  let shocked: ForkJob["shocked"];
  if (msg.shock) {
    const shock = { shock: msg.shock, quarter: from + 1, params: {} };
    try {
      injectShock(service.state, shock.shock, shock.params, Math.min(resolved + 1, service.state.quarters)); // checks the id; the state is not changed
    } catch (e) {
      return fail(seq, "unknown_shock", `shock: ${e instanceof Error ? e.message.split("\n")[0] : String(e)}`);
    }
    shocked = [shock];
  }
  // the member's key is held from here, so a cancel sent while the log is read stops this one
  const ticket = pool.reserve(memberId);
  let records: Awaited<ReturnType<typeof service.store.load>>;
  try {
    await service.flush();
    records = await service.store.load(service.gameId);
  } catch (e) {
    pool.release(memberId, ticket);
    throw e;
  }
  if (!records) {
    pool.release(memberId, ticket);
    return fail(seq, "server_error", "the game's log is gone");
  }
  const t0 = performance.now();
  const job: ForkJob = { log: toGameLog(records), from, runs: msg.runs, metric: msg.metric, seed: 1, ...(shocked ? { shocked } : {}) };
  try {
    const r = await pool.run(memberId, job, ticket);
    const data: ForkFanData = {
      metric: msg.metric,
      from,
      runs: msg.runs,
      quarters: r.quarters,
      fan: r.fan,
      ...(msg.shock && r.shocked ? { shock: msg.shock, shocked: r.shocked } : {}),
      seconds: Number(((performance.now() - t0) / 1000).toFixed(2)),
    };
    return { ok: true, seq, data: { ...data } };
  } catch (e) {
    if (e instanceof ForkCancelled) return fail(seq, "cancelled", e.message);
    return fail(seq, "server_error", `the fan failed: ${e instanceof Error ? e.message : String(e)}`);
  }
}
