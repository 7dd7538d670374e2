/**
 * Batches beyond one machine: `--queue` enqueues the runs on the local Redis (BullMQ), two
 * `sim worker` processes play them, and the folder is the same bytes as a local batch of the
 * same seeds; a worker that dies holding a run loses nothing (its run is retried); a worker of
 * another build refuses the runs. Skipped without Redis, except with CI=true, where it fails.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import net from "node:net";
import { join } from "node:path";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { SIM, sim, tempDir } from "./helpers.ts";

const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
const CI = process.env.CI === "true";

function reachable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect(port, "127.0.0.1");
    s.once("connect", () => {
      s.destroy();
      resolve(true);
    });
    s.once("error", () => resolve(false));
  });
}
const haveRedis = await reachable(Number(new URL(REDIS_URL).port || 6379));
if (CI && !haveRedis) throw new Error(`CI=true but Redis is not reachable at ${REDIS_URL}`);

interface Proc {
  child: ChildProcess;
  out: string[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}
const procs: Proc[] = [];
const queues: string[] = [];

function start(args: string[], env: Record<string, string>): Proc {
  const child = spawn(process.execPath, [SIM, ...args], { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  const out: string[] = [];
  child.stdout?.on("data", (d) => out.push(String(d)));
  child.stderr?.on("data", (d) => out.push(String(d)));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  const p = { child, out, exited };
  procs.push(p);
  return p;
}
async function waitFor(p: Proc, re: RegExp, ms = 30_000): Promise<void> {
  const t0 = Date.now();
  while (!re.test(p.out.join(""))) {
    if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${re}: ${p.out.join("")}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
afterAll(async () => {
  for (const p of procs) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill("SIGTERM");
  await Promise.all(procs.map((p) => Promise.race([p.exited, new Promise((r) => setTimeout(r, 5000))])));
  for (const n of queues) {
    const q = new Queue(n, { connection: { url: REDIS_URL, maxRetriesPerRequest: null } });
    await q.obliterate({ force: true }).catch(() => {});
    await q.close();
    // and what obliterate leaves (the events stream, the queue's meta)
    const redis = new Redis(REDIS_URL);
    const keys = await redis.keys(`bull:${n}:*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
  }
});

const same = (a: string, b: string, files: string[]) => {
  for (const f of files) expect(readFileSync(join(a, f)).equals(readFileSync(join(b, f))), `${f} of ${a} and ${b}`).toBe(true);
};

describe.skipIf(!haveRedis)("sim worker --queue (BullMQ on Redis)", () => {
  const dir = tempDir("cc-queue-");
  const name = `cc-test-${process.pid}-${Date.now()}`;
  const env = { COMPUTE_CYCLE_QUEUE: name };
  queues.push(name, `${name}-b`);

  it("two workers play a batch (one dies holding a run) and a sweep: the same bytes as local", async () => {
    const steady = start(["worker", "--queue", REDIS_URL, "--lock-ms", "3000"], env);
    // dies abruptly when it takes its second run, the run's lock still held (3 s: a lock short
    // enough to retry the run soon, long enough that a worker on a busy machine renews it in time)
    const doomed = start(["worker", "--queue", REDIS_URL, "--lock-ms", "3000"], { ...env, COMPUTE_CYCLE_WORKER_CRASH_AFTER: "1" });
    await waitFor(steady, /ready on queue/);
    await waitFor(doomed, /ready on queue/);
    const args = ["--scenario", "classroom", "--quarters", "3", "--runs", "12", "--seed", "9", "--no-progress"];
    const coordinator = start(["batch", ...args, "--queue", REDIS_URL, "--out", join(dir, "queued")], env);
    const done = await coordinator.exited;
    expect(done.code, coordinator.out.join("")).toBe(0);
    expect((await doomed.exited).signal).toBe("SIGKILL");
    expect(sim("batch", ...args, "--out", join(dir, "local")).code).toBe(0);
    same(join(dir, "queued"), join(dir, "local"), ["summary.json", "runs.csv.gz", "wide.csv", "scenario.json"]);
    expect(JSON.parse(readFileSync(join(dir, "queued", "summary.json"), "utf8")).completed).toBe(12);

    const sweep = ["--scenario", "classroom", "--quarters", "2", "--vary", "world.params.catchUp=0..0.4:2", "--runs", "3", "--no-progress"];
    const qs = start(["sweep", ...sweep, "--queue", REDIS_URL, "--out", join(dir, "qsweep")], env);
    expect((await qs.exited).code, qs.out.join("")).toBe(0);
    expect(sim("sweep", ...sweep, "--out", join(dir, "lsweep")).code).toBe(0);
    for (const p of ["point-001", "point-002"]) same(join(dir, "qsweep", p), join(dir, "lsweep", p), ["summary.json", "wide.csv"]);
    steady.child.kill("SIGTERM");
    await steady.exited;
  }, 120_000);

  it("a worker of another build refuses the runs; one of this build plays them, a fork's too", async () => {
    const q = { COMPUTE_CYCLE_QUEUE: `${name}-b` };
    const stranger = start(["worker", "--queue", REDIS_URL], { ...q, COMPUTE_CYCLE_BUILD: "some-other-build" });
    await waitFor(stranger, /ready on queue/);
    const coordinator = start(
      [
        "batch",
        "--scenario",
        "classroom",
        "--quarters",
        "2",
        "--runs",
        "3",
        "--queue",
        REDIS_URL,
        "--out",
        join(dir, "refused"),
        "--no-progress",
      ],
      q,
    );
    await waitFor(stranger, /refused the runs of batch .*: made by build [0-9a-f]{16} .*this worker is build some-other-build/);
    expect(stranger.out.join("")).not.toMatch(/playing runs/);
    const ours = start(["worker", "--queue", REDIS_URL, "--lock-ms", "2000"], q);
    expect((await coordinator.exited).code, coordinator.out.join("")).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, "refused", "summary.json"), "utf8")).completed).toBe(3);
    expect(ours.out.join("")).toMatch(/playing runs/);
    expect(stranger.out.join("")).not.toMatch(/playing runs/);
    // a fork's log travels in the plan and is read again on the worker: the same bytes as local
    const log = join(dir, "game.json");
    expect(sim("run", "--scenario", "classroom", "--seed", "4", "--quarters", "4", "--out", log).code).toBe(0);
    const fork = [log, "--from", "2", "--runs", "3", "--seed", "5", "--set", "world.rules.tokens.costDispersion=0.3", "--no-progress"];
    const qf = start(["fork", ...fork, "--queue", REDIS_URL, "--out", join(dir, "qfork")], q);
    expect((await qf.exited).code, qf.out.join("")).toBe(0);
    expect(sim("fork", ...fork, "--out", join(dir, "lfork")).code).toBe(0);
    same(join(dir, "qfork"), join(dir, "lfork"), ["summary.json", "runs.csv.gz", "wide.csv"]);
    stranger.child.kill("SIGTERM");
    ours.child.kill("SIGTERM");
    await Promise.all([stranger.exited, ours.exited]);
  }, 120_000);

  it("a bad queue URL is a one-line error", () => {
    const r = sim("worker", "--queue", "http://nope");
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^sim: error: --queue http:\/\/nope: expected a Redis URL/);
  });
});
