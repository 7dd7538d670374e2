import { FileStore } from "./file-store.ts";
import { PgStore } from "./pg-store.ts";
import type { GameStore } from "./types.ts";

export type { GameStore, HeaderRecord, LogRecord } from "./types.ts";
export { FileStore, PgStore };

/** DATABASE_URL → PostgreSQL; otherwise the embedded file store under dataDir. */
export async function makeStore(env: {
  DATABASE_URL?: string;
  DATA_DIR?: string;
  PG_TABLE_PREFIX?: string;
  FSYNC?: string;
}): Promise<GameStore> {
  if (env.DATABASE_URL) {
    const s = new PgStore(env.DATABASE_URL, { prefix: env.PG_TABLE_PREFIX || "cc_" });
    await s.init();
    return s;
  }
  return new FileStore(env.DATA_DIR || "./data", { fsync: env.FSYNC === "1" });
}
