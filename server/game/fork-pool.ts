/**
 * What-if fans off the rooms' thread (issue: the analyst's workbench, in the game). A fork job
 * replays a game's log to its last resolved quarter and plays n seeded continuations with bots
 * in every seat (shared/sim/fork.ts); it runs on a worker thread, at most `size` at once (one
 * per core, less one for the rooms), the rest queued in the order asked. A quarter never waits
 * for a fan: the room only posts the job and answers when it is done.
 *
 * Each job has a key (the member who asked): a new job with the same key cancels the one
 * before, and `cancel(key)` drops it. A queued job is just removed; a running one has its
 * thread ended and replaced. Either way its promise rejects with ForkCancelled. A request holds
 * its key from the moment it is accepted (`reserve`), while it still reads the game's log, so
 * a cancel or a newer request that arrives meanwhile wins over it.
 */
import { availableParallelism } from "node:os";
import type { Worker } from "node:worker_threads";
import type { FanBand, GameLog, InjectedShock } from "../../shared/index.ts";
import { cachedWorker } from "../compile-cache.mjs";

export interface ForkJob {
  log: GameLog;
  /** the last resolved quarter: continuations differ from the next one on */
  from: number;
  runs: number;
  metric: string;
  /** seed of continuation 1: the same seeds with and without the shock (common random numbers) */
  seed: number;
  /** the impact preview: the same continuations again with these shocks injected */
  shocked?: InjectedShock[];
}

export interface ForkJobResult {
  quarters: string[];
  fan: FanBand;
  shocked?: FanBand;
}

/** What the worker thread answers (fork-worker.ts). */
export type ForkWorkerReply = { id: number; ok: true; result: ForkJobResult } | { id: number; ok: false; error: string };

export class ForkCancelled extends Error {
  constructor() {
    super("cancelled: a newer request replaced it, or it was cancelled");
  }
}

interface Pending {
  id: number;
  key: string;
  job: ForkJob;
  resolve: (r: ForkJobResult) => void;
  reject: (e: Error) => void;
}

const WORKER_SCRIPT = new URL("./fork-worker.ts", import.meta.url);

export class ForkPool {
  readonly size: number;
  #queue: Pending[] = [];
  #running = new Map<Worker, Pending>();
  #idle: Worker[] = [];
  #nextId = 1;
  #closed = false;
  /** each key's request that is reading its log (not yet queued): its ticket */
  #reserved = new Map<string, number>();
  #nextTicket = 1;

  constructor(size = Math.max(1, availableParallelism() - 1)) {
    this.size = Math.max(1, Math.floor(size));
  }

  /** Jobs waiting for a thread. */
  get queued(): number {
    return this.#queue.length;
  }

  /** Jobs on a thread now. */
  get running(): number {
    return this.#running.size;
  }

  /**
   * Holds the key for a request that will `run` once it has its job: cancels the key's job
   * before (queued, running or itself reserved) and returns the ticket `run` must show.
   */
  reserve(key: string): number {
    this.cancel(key);
    const ticket = this.#nextTicket++;
    this.#reserved.set(key, ticket);
    return ticket;
  }

  /**
   * Plays a job (cancelling the key's job before, queued or running). With the ticket of a
   * `reserve`, it rejects with ForkCancelled when a cancel or a newer request came meanwhile.
   */
  run(key: string, job: ForkJob, ticket?: number): Promise<ForkJobResult> {
    if (this.#closed) return Promise.reject(new Error("the server is shutting down"));
    if (ticket !== undefined) {
      if (this.#reserved.get(key) !== ticket) return Promise.reject(new ForkCancelled());
      this.#reserved.delete(key);
    }
    this.cancel(key);
    return new Promise((resolve, reject) => {
      this.#queue.push({ id: this.#nextId++, key, job, resolve, reject });
      this.#pump();
    });
  }

  /** Gives up a reservation that will not run (its ticket only: a newer request keeps its own). */
  release(key: string, ticket: number): void {
    if (this.#reserved.get(key) === ticket) this.#reserved.delete(key);
  }

  /** Cancels the key's job, reserved, queued or running; false when it had none. */
  cancel(key: string): boolean {
    if (this.#reserved.delete(key)) return true;
    const q = this.#queue.findIndex((p) => p.key === key);
    if (q >= 0) {
      const [p] = this.#queue.splice(q, 1);
      p!.reject(new ForkCancelled());
      return true;
    }
    for (const [w, p] of this.#running) {
      if (p.key !== key) continue;
      this.#running.delete(w);
      void w.terminate();
      p.reject(new ForkCancelled());
      this.#pump();
      return true;
    }
    return false;
  }

  /** Ends every thread; queued and running jobs reject. */
  async close(): Promise<void> {
    this.#closed = true;
    const why = new Error("the server is shutting down");
    for (const p of this.#queue.splice(0)) p.reject(why);
    for (const [, p] of this.#running) p.reject(why);
    const all = [...this.#running.keys(), ...this.#idle];
    this.#running.clear();
    this.#idle = [];
    await Promise.all(all.map((w) => w.terminate()));
  }

  #pump(): void {
    while (this.#queue.length && this.#running.size < this.size) {
      const p = this.#queue.shift() as Pending;
      const w = this.#idle.pop() ?? this.#spawn();
      this.#running.set(w, p);
      w.postMessage({ id: p.id, job: p.job });
    }
  }

  #spawn(): Worker {
    const w = cachedWorker(WORKER_SCRIPT, {});
    w.unref(); // the server's sockets keep the process alive, not an idle fan thread
    w.on("message", (msg: ForkWorkerReply) => {
      const p = this.#running.get(w);
      if (!p || p.id !== msg.id) return; // cancelled meanwhile
      this.#running.delete(w);
      this.#idle.push(w);
      if (msg.ok) p.resolve(msg.result);
      else p.reject(new Error(msg.error));
      this.#pump();
    });
    const lost = (why: string): void => {
      this.#idle = this.#idle.filter((x) => x !== w);
      const p = this.#running.get(w);
      if (!p) return;
      this.#running.delete(w);
      p.reject(new Error(`the fan's worker thread stopped (${why})`));
      this.#pump();
    };
    w.on("error", (e) => lost(e.message));
    w.on("exit", (code) => lost(`exit code ${code}`));
    return w;
  }
}
