/**
 * Starts the game server from the environment (server/index.ts documents it and loads this
 * module once the compile cache is on).
 */
import { startServer } from "./app.ts";
import { makeStore } from "./store/index.ts";

const env = process.env;

/** A start-up failure (configuration, database) is one line on stderr and exit status 1, not a stack trace. */
function fatal(e: unknown): never {
  console.error(`[server] cannot start: ${e instanceof Error ? e.message : String(e)}`.split("\n")[0]);
  process.exit(1);
}

const store = await makeStore(env).catch(fatal);

let hook: Parameters<typeof startServer>[0]["hook"];
if (env.CC_CRASH_AT) {
  // "<point>:<quarter>": SIGKILL ourselves at that point (crash-recovery tests only)
  const [point, q] = env.CC_CRASH_AT.split(":");
  hook = (p, info) => {
    if (p === point && info.quarter === Number(q)) {
      console.log(`[server] CC_CRASH_AT ${p}:${info.quarter}: killing myself`);
      process.kill(process.pid, "SIGKILL");
    }
  };
}

const running = await startServer({
  port: Number(env.PORT ?? 2567),
  host: env.HOST || "localhost",
  store,
  redisUrl: env.REDIS_URL || undefined,
  publicAddress: env.PUBLIC_ADDRESS || undefined,
  staticDir: env.STATIC_DIR || "dist/client",
  idleMs: env.IDLE_MINUTES ? Number(env.IDLE_MINUTES) * 60_000 : undefined,
  hook,
  rate: env.CC_RATE_HOLD_MS ? { baseHoldMs: Number(env.CC_RATE_HOLD_MS) } : undefined,
  forkWorkers: env.FORK_WORKERS ? Number(env.FORK_WORKERS) : undefined,
}).catch(fatal);
console.log(
  `[server] listening on http://${env.HOST || "localhost"}:${running.port} (store: ${store.kind}${env.REDIS_URL ? ", redis" : ""})`,
);

let stopping = false;
for (const sig of ["SIGTERM", "SIGINT"] as const) {
  process.on(sig, () => {
    if (stopping) return;
    stopping = true;
    console.log(`[server] ${sig}: shutting down gracefully`);
    const force = setTimeout(() => process.exit(1), 15_000);
    force.unref();
    running.shutdown().then(
      () => process.exit(0),
      (e) => {
        console.error(e);
        process.exit(1);
      },
    );
  });
}
