/**
 * `npm start`: the Compute Cycle game server.
 *
 * Environment: PORT (2567; 0 = any free port), HOST (localhost), DATA_DIR (./data, the embedded
 * file log store), DATABASE_URL (PostgreSQL log store instead), PG_TABLE_PREFIX (cc_),
 * REDIS_URL (RedisPresence + RedisDriver for several processes) with PUBLIC_ADDRESS
 * (host:port clients can reach this process at), STATIC_DIR (dist/client), FSYNC=1,
 * IDLE_MINUTES (60). CC_CRASH_AT is a test hook (see test/server/crash.test.ts); CC_RATE_HOLD_MS
 * shortens the first hold-off of a flooding member (tests; default 10 s).
 */
import { useCompileCache } from "./compile-cache.mjs";

// before the server's imports: ESM loads a module's whole static import graph before it runs
useCompileCache();
await import("./start.ts");
