/**
 * The embedded store: one JSON-lines file per game under <dataDir>/games/<id>.jsonl,
 * header first. Appends are `write(2)` on an open descriptor (in the OS page cache before
 * the promise resolves, so they survive a process crash; set fsync to survive power loss).
 * A torn last line (killed mid-write) is ignored on load; every other line is parsed with the
 * records' schemas and migrated to the current versions (records.ts).
 */
import { existsSync, mkdirSync } from "node:fs";
import { type FileHandle, open, readdir, readFile, rename, rm } from "node:fs/promises";
import { join } from "node:path";
import { parseLog } from "./records.ts";
import type { GameStore, HeaderRecord, LogRecord } from "./types.ts";

const ID = /^[A-Za-z0-9_-]{1,64}$/;

export class FileStore implements GameStore {
  readonly kind = "file";
  readonly dir: string;
  readonly fsync: boolean;
  private handles = new Map<string, Promise<FileHandle>>();

  constructor(dataDir: string, opts: { fsync?: boolean } = {}) {
    this.dir = join(dataDir, "games");
    this.fsync = opts.fsync ?? false;
    mkdirSync(this.dir, { recursive: true });
  }

  private path(id: string, finished = false): string {
    if (!ID.test(id)) throw new Error(`bad game id ${JSON.stringify(id)}`);
    return join(this.dir, finished ? `${id}.done.jsonl` : `${id}.jsonl`);
  }

  async create(header: HeaderRecord): Promise<boolean> {
    if (existsSync(this.path(header.gameId, true))) return false;
    let fh: FileHandle;
    try {
      fh = await open(this.path(header.gameId), "wx");
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "EEXIST") return false;
      throw e;
    }
    await fh.write(`${JSON.stringify(header)}\n`);
    if (this.fsync) await fh.datasync();
    this.handles.set(header.gameId, Promise.resolve(fh));
    return true;
  }

  private handle(id: string): Promise<FileHandle> {
    let h = this.handles.get(id);
    if (!h) {
      // a finished game's log was renamed: keep appending there (e.g. a spectator joining later)
      const done = this.path(id, true);
      h = open(existsSync(done) && !existsSync(this.path(id)) ? done : this.path(id), "a");
      this.handles.set(id, h);
    }
    return h;
  }

  async append(gameId: string, record: LogRecord): Promise<void> {
    const fh = await this.handle(gameId);
    await fh.write(`${JSON.stringify(record)}\n`);
    if (this.fsync) await fh.datasync();
  }

  async load(gameId: string): Promise<LogRecord[] | null> {
    let text: string;
    try {
      text = await readFile(this.path(gameId), "utf8");
    } catch {
      try {
        text = await readFile(this.path(gameId, true), "utf8");
      } catch {
        return null;
      }
    }
    const raws: unknown[] = [];
    const lines = text.split("\n");
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i]!;
      if (!line) continue;
      try {
        raws.push(JSON.parse(line));
      } catch (e) {
        // a torn last line (the process was killed mid-write) is dropped; a bad line before it is damage
        if (lines.slice(i + 1).some((l) => l.trim() !== "")) throw new Error(`game ${gameId}: line ${i + 1} is not JSON (${String(e)})`);
        break;
      }
    }
    if (raws.length === 0) return null;
    return parseLog(raws, `game ${gameId}`);
  }

  async listUnfinished(): Promise<string[]> {
    const names = await readdir(this.dir);
    return names
      .filter((n) => n.endsWith(".jsonl") && !n.endsWith(".done.jsonl"))
      .map((n) => n.slice(0, -".jsonl".length))
      .sort();
  }

  async markFinished(gameId: string): Promise<void> {
    const h = this.handles.get(gameId);
    this.handles.delete(gameId);
    if (h) await (await h).close();
    await rename(this.path(gameId), this.path(gameId, true));
  }

  async delete(gameId: string): Promise<void> {
    const h = this.handles.get(gameId);
    this.handles.delete(gameId);
    if (h) await (await h).close().catch(() => {});
    await rm(this.path(gameId), { force: true });
    await rm(this.path(gameId, true), { force: true });
  }

  async close(): Promise<void> {
    const hs = [...this.handles.values()];
    this.handles.clear();
    await Promise.all(hs.map(async (h) => (await h).close().catch(() => {})));
  }
}
