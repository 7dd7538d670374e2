/**
 * The PostgreSQL store (DATABASE_URL): the same append-only log in two tables,
 * `<prefix>games` (one row per game) and `<prefix>records` (one row per record, ordered by seq).
 */
import pg from "pg";
import { parseLog } from "./records.ts";
import type { GameStore, HeaderRecord, LogRecord } from "./types.ts";

export class PgStore implements GameStore {
  readonly kind = "postgres";
  readonly pool: pg.Pool;
  readonly prefix: string;
  private seqs = new Map<string, number>();

  constructor(url: string, opts: { prefix?: string; env?: Record<string, string | undefined> } = {}) {
    this.prefix = opts.prefix ?? "cc_";
    if (!/^[a-z_][a-z0-9_]{0,40}$/.test(this.prefix)) throw new Error(`bad table prefix ${this.prefix}`);
    checkDatabaseUrl(url, opts.env ?? process.env);
    this.pool = new pg.Pool({ connectionString: url, max: 8 });
  }

  private get games(): string {
    return `${this.prefix}games`;
  }
  private get records(): string {
    return `${this.prefix}records`;
  }

  async init(): Promise<void> {
    try {
      await this.pool.query("SELECT 1");
    } catch (e) {
      await this.pool.end().catch(() => {});
      throw new Error(`DATABASE_URL: cannot use the PostgreSQL database (${e instanceof Error ? e.message : String(e)})`);
    }
    await this.pool.query(`CREATE TABLE IF NOT EXISTS ${this.games} (
      game_id text PRIMARY KEY, created_at bigint NOT NULL, finished boolean NOT NULL DEFAULT false, header jsonb NOT NULL)`);
    await this.pool.query(`CREATE TABLE IF NOT EXISTS ${this.records} (
      game_id text NOT NULL REFERENCES ${this.games}(game_id) ON DELETE CASCADE, seq integer NOT NULL, rec jsonb NOT NULL,
      PRIMARY KEY (game_id, seq))`);
  }

  async create(header: HeaderRecord): Promise<boolean> {
    const r = await this.pool.query(`INSERT INTO ${this.games} (game_id, created_at, header) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, [
      header.gameId,
      header.createdAt,
      JSON.stringify(header),
    ]);
    if (r.rowCount !== 1) return false;
    this.seqs.set(header.gameId, 0);
    return true;
  }

  private async nextSeq(gameId: string): Promise<number> {
    let s = this.seqs.get(gameId);
    if (s === undefined) {
      const r = await this.pool.query(`SELECT COALESCE(MAX(seq), 0) AS m FROM ${this.records} WHERE game_id = $1`, [gameId]);
      s = Number(r.rows[0].m);
    }
    s += 1;
    this.seqs.set(gameId, s);
    return s;
  }

  async append(gameId: string, record: LogRecord): Promise<void> {
    const seq = await this.nextSeq(gameId);
    await this.pool.query(`INSERT INTO ${this.records} (game_id, seq, rec) VALUES ($1, $2, $3)`, [gameId, seq, JSON.stringify(record)]);
  }

  async load(gameId: string): Promise<LogRecord[] | null> {
    const h = await this.pool.query(`SELECT header FROM ${this.games} WHERE game_id = $1`, [gameId]);
    if (h.rowCount === 0) return null;
    const r = await this.pool.query(`SELECT rec FROM ${this.records} WHERE game_id = $1 ORDER BY seq`, [gameId]);
    // jsonb keeps no key order (orders come back with their keys reordered); the schemas rebuild each record
    return parseLog([h.rows[0].header, ...r.rows.map((x) => x.rec)], `game ${gameId}`);
  }

  async listUnfinished(): Promise<string[]> {
    const r = await this.pool.query(`SELECT game_id FROM ${this.games} WHERE NOT finished ORDER BY game_id`);
    return r.rows.map((x) => x.game_id as string);
  }

  async markFinished(gameId: string): Promise<void> {
    await this.pool.query(`UPDATE ${this.games} SET finished = true WHERE game_id = $1`, [gameId]);
  }

  async delete(gameId: string): Promise<void> {
    await this.pool.query(`DELETE FROM ${this.games} WHERE game_id = $1`, [gameId]); // records go with it (ON DELETE CASCADE)
    this.seqs.delete(gameId);
  }

  /** Drops this prefix's tables (tests). */
  async drop(): Promise<void> {
    await this.pool.query(`DROP TABLE IF EXISTS ${this.records}`);
    await this.pool.query(`DROP TABLE IF EXISTS ${this.games}`);
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

/**
 * A DATABASE_URL the driver would only fail on later, with a raw error: not a postgres URL, or
 * no user name in it while neither PGUSER nor USER names one (the driver's fallbacks).
 */
export function checkDatabaseUrl(url: string, env: Record<string, string | undefined>): void {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new Error("DATABASE_URL is not a URL (expected postgres://user@host:5432/database)");
  }
  if (u.protocol !== "postgres:" && u.protocol !== "postgresql:")
    throw new Error(`DATABASE_URL must start with postgres:// (it starts with ${u.protocol}//)`);
  if (!u.username && !env.PGUSER && !env.USER)
    throw new Error(
      `DATABASE_URL names no user and neither PGUSER nor USER is set: write it as postgres://USER@${u.host || "host"}${u.pathname}`,
    );
}
