/**
 * The server's game log: zod schemas per record kind, migrations between record versions, and
 * one `applyRecord` used by live play and by restore.
 *
 * The fixtures in test/server/fixtures/v1-logs/ are real logs written by the server as it was
 * before records carried versions (an unfinished game with a team, a spectator, a timer change,
 * a pause, an injected shock, a seat moved and freed; and a finished game). Their records
 * migrate to the current versions, from the file store and from PostgreSQL (which gives records
 * back with their keys reordered); they were played under rules v1, so a restore refuses them,
 * naming both versions, while their records before the first quarter still restore.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../server/game/clock.ts";
import { GameService } from "../../server/game/game-service.ts";
import { FileStore } from "../../server/store/file-store.ts";
import { PgStore } from "../../server/store/pg-store.ts";
import { type LogRecord, migrateRecord, parseLog, RECORD_VERSIONS } from "../../server/store/records.ts";
import { botOrders, CreateOptionsSchema, type NoticeMessage, playerView, RULES_VERSION } from "../../shared/index.ts";

const FIXTURES = join(import.meta.dirname, "fixtures", "v1-logs");
const CI = process.env.CI === "true";
const PG_URL = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";

function rawLines(file: string): Record<string, unknown>[] {
  return readFileSync(join(FIXTURES, file), "utf8")
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

/** A fresh file store holding the fixture logs under their own names. */
function fixtureStore(): FileStore {
  const dir = mkdtempSync(join(tmpdir(), "cc-fixtures-"));
  mkdirSync(join(dir, "games"), { recursive: true });
  for (const f of ["ZEGDH8.jsonl", "6E9ZWR.done.jsonl"]) copyFileSync(join(FIXTURES, f), join(dir, "games", f));
  return new FileStore(dir);
}

const stores: { close(): Promise<void> }[] = [];
afterAll(async () => {
  for (const s of stores) await s.close();
});

/** The records before the first quarter resolved, under this server's rules: nothing in them was played yet. */
function beforeFirstQuarter(records: LogRecord[]): LogRecord[] {
  const cut = records.slice(
    0,
    records.findIndex((r) => r.kind === "quarter"),
  );
  return [{ ...cut[0]!, rules: RULES_VERSION } as LogRecord, ...cut.slice(1)];
}

describe("logs written before records had versions", () => {
  it("played under rules v1, they are refused in one line naming both versions", async () => {
    const store = fixtureStore();
    stores.push(store);
    for (const id of ["ZEGDH8", "6E9ZWR"]) {
      const raw = rawLines(id === "ZEGDH8" ? "ZEGDH8.jsonl" : "6E9ZWR.done.jsonl");
      expect(raw.every((r) => r.v === undefined)).toBe(true); // written by the old server
      const records = (await store.load(id))!;
      expect(records).toHaveLength(raw.length);
      expect(() => GameService.restore(records, { store })).toThrow(
        new RegExp(
          `^game ${id} was played under rules v1 and this server plays rules v${RULES_VERSION}: restore it with the version that played it$`,
        ),
      );
    }
  });

  it("their members, seats and submissions migrate: a log cut before quarter 1 restores with the team's empty resubmission pending", async () => {
    const store = fixtureStore();
    stores.push(store);
    const service = GameService.restore(beforeFirstQuarter((await store.load("ZEGDH8"))!), { store });
    service.dispose();
    expect(service.state.quarter).toBe(0);
    expect(service.phase).toBe("playing");
    // Ann submitted two orders, then Bob submitted none: the old server's submission replaced them (issue 21's lost orders)
    expect(service.pendingFor("codeworks")).toMatchObject({ orders: [], by: "Bob" });
    expect(service.pendingFor("coreforge")?.orders).toHaveLength(2);
    const people = [...service.members.values()].map((m) => [m.name, m.host]);
    expect(people).toContainEqual(["Ms K", true]);
    expect(people).toContainEqual(["Ann", false]);
  });

  it("each v1 record kind migrates to its current version", () => {
    const migrated = parseLog(rawLines("ZEGDH8.jsonl"));
    for (const r of migrated) expect(r.v).toBe(RECORD_VERSIONS[r.kind]);
    expect(migrated.find((r) => r.kind === "member")).toMatchObject({ cohost: false });
    expect(migrated.find((r) => r.kind === "submit")).toMatchObject({ mode: "replace", remove: [] });
    expect(migrated.find((r) => r.kind === "control" && r.action === "turnLength")).toMatchObject({ seconds: 600, restartQuarter: true });
    expect(migrated.find((r) => r.kind === "quarter")).toMatchObject({ bots: [], cause: "unknown" });
  });
});

describe("a log that cannot be restored says why, in one line", () => {
  it("a record of a newer version than this server knows", () => {
    expect(() => migrateRecord({ kind: "member", v: 99 }, "line 3")).toThrow(
      /^line 3: member record is format v99, this server reads up to v2/,
    );
  });

  it("a damaged record names its place and field", async () => {
    const lines = rawLines("ZEGDH8.jsonl");
    const i = lines.findIndex((r) => r.kind === "submit");
    lines[i] = { ...lines[i], orders: "not a list" };
    const dir = mkdtempSync(join(tmpdir(), "cc-damaged-"));
    mkdirSync(join(dir, "games"));
    writeFileSync(join(dir, "games", "ZEGDH8.jsonl"), `${lines.map((l) => JSON.stringify(l)).join("\n")}\n`);
    const store = new FileStore(dir);
    stores.push(store);
    await expect(store.load("ZEGDH8")).rejects.toThrow(new RegExp(`game ZEGDH8, record ${i + 1}: submit record v2: orders:`));
  });

  it("a log played under other rules is refused before anything is replayed, naming both versions", async () => {
    const records = parseLog(rawLines("ZEGDH8.jsonl"));
    const header = { ...records[0], rules: RULES_VERSION + 1 } as LogRecord;
    let message = "";
    try {
      GameService.restore([header, ...records.slice(1)], { store: fixtureStore() });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toBe(
      `game ZEGDH8 was played under rules v${RULES_VERSION + 1} and this server plays rules v${RULES_VERSION}: restore it with the version that played it`,
    );
    expect(message).not.toContain("\n");
  });
});

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
const havePg = await reachable(5432);
if (CI && !havePg) throw new Error("CI=true but PostgreSQL is not reachable at 127.0.0.1:5432");

describe.skipIf(!havePg)("the fixtures through PostgreSQL", () => {
  it("the same records from jsonb (keys reordered); refused under other rules, its opening restores", async () => {
    const prefix = `cc_l${process.pid}_${Date.now().toString(36)}_`;
    const pg = new PgStore(PG_URL, { prefix });
    await pg.init();
    try {
      const raw = rawLines("ZEGDH8.jsonl");
      // stored as the old server stored them: raw records, no versions
      await pg.pool.query(`INSERT INTO ${prefix}games (game_id, created_at, header) VALUES ($1, $2, $3)`, [
        "ZEGDH8",
        raw[0]!.createdAt,
        JSON.stringify(raw[0]),
      ]);
      for (let i = 1; i < raw.length; i++)
        await pg.pool.query(`INSERT INTO ${prefix}records (game_id, seq, rec) VALUES ($1, $2, $3)`, ["ZEGDH8", i, JSON.stringify(raw[i])]);
      const records = (await pg.load("ZEGDH8"))!;
      // the same records as the file store gives, whatever order jsonb put their keys in
      expect(records).toEqual(parseLog(raw));
      expect(() => GameService.restore(records, { store: pg })).toThrow(/played under rules v1 and this server plays/);
      const service = GameService.restore(beforeFirstQuarter(records), { store: pg });
      service.dispose();
      expect(service.pendingFor("coreforge")?.orders).toHaveLength(2);
      await pg.delete("ZEGDH8");
      expect(await pg.load("ZEGDH8")).toBeNull();
    } finally {
      await pg.drop();
      await pg.close();
    }
  });
});

/** A game driven live through the service on a manual clock, with what it told whom. */
async function liveGame(extra: Partial<Record<string, unknown>> = {}) {
  const dir = mkdtempSync(join(tmpdir(), "cc-live-"));
  const store = new FileStore(dir);
  stores.push(store);
  const clock = new ManualClock();
  const notices: { to: string[]; n: NoticeMessage }[] = [];
  const drafts: string[] = [];
  const options = CreateOptionsSchema.parse({ scenario: "classroom", seed: 9, quarters: 4, turnSeconds: 120, ...extra });
  const created = (await GameService.create("LIVE01", options, { store, clock }))!;
  const s = created.service;
  s.listener = { notice: (to, n) => notices.push({ to, n }), draft: (seat) => drafts.push(seat) };
  s.start();
  const enter = async (name: string, o: { seat?: string; spectator?: boolean; choose?: boolean; creator?: boolean } = {}) => {
    const { member } = await s.join({ name, ...o });
    s.connect(member.id);
    return member;
  };
  let seq = 0;
  const host = await enter("Host", { creator: true });
  return { s, store, clock, notices, drafts, host, join: enter, seq: () => ++seq, hostKey: created.hostKey };
}

/** What a restore must reproduce of a live game. */
function snapshot(s: GameService) {
  return {
    hash: s.lastHash,
    quarter: s.state.quarter,
    phase: s.phase,
    turnSeconds: s.options.turnSeconds,
    cause: s.lastCause,
    members: [...s.members.values()].map((m) => ({ id: m.id, name: m.name, seat: m.seat, host: m.host, cohost: m.cohost })),
    locked: [...s.seats.locked].sort(),
    teamCap: s.seats.teamCap,
    pending: Object.fromEntries(s.seatIds.map((id) => [id, s.draftFor(id).pending.map((p) => [p.key, p.by, p.orders])])),
    submitted: s.seatIds.filter((id) => s.draftFor(id).submitted),
  };
}

describe("one applyRecord for live play and restore", () => {
  it("a game played live and the same game restored from its log are the same game", async () => {
    const g = await liveGame();
    const { s, host } = g;
    const ann = await g.join("Ann", { seat: "helix" });
    const bob = await g.join("Bob", { seat: "helix" });
    const cy = await g.join("Cy", { choose: true });
    expect(cy.seat).toBeNull();
    const H = (command: Parameters<GameService["host"]>[1]["command"]) => s.host(host.id, { seq: g.seq(), command });
    expect(await H({ action: "teamCap", max: 2 })).toMatchObject({ ok: true });
    expect(await s.claimSeat(cy.id, { seq: g.seq(), seat: "helix" })).toMatchObject({ ok: false, code: "team_full" });
    expect(await s.claimSeat(cy.id, { seq: g.seq(), seat: "meridian" })).toMatchObject({ ok: true });
    expect(await H({ action: "lockSeats", seats: ["meridian"], locked: true })).toMatchObject({ ok: true });
    expect(await s.claimSeat(cy.id, { seq: g.seq(), seat: null })).toMatchObject({ ok: false, code: "seat_locked" });
    expect(await H({ action: "cohost", member: cy.id, on: true })).toMatchObject({ ok: true });
    expect(await H({ action: "start" })).toMatchObject({ ok: true });
    // the co-host has the host's controls, without the key
    expect(await s.host(cy.id, { seq: g.seq(), command: { action: "setTurnLength", seconds: 90 } })).toMatchObject({ ok: true });
    expect(await s.host(cy.id, { seq: g.seq(), command: { action: "delete" } })).toMatchObject({ ok: false, code: "not_host" });
    expect(await H({ action: "addTime", seconds: 30 })).toMatchObject({ ok: true });
    const view = playerView(s.state, "helix");
    const [prices, ...rest] = botOrders(view) as { type: string }[];
    expect(await s.submit(ann.id, { seq: g.seq(), quarter: 1, orders: [prices!] })).toMatchObject({ ok: true });
    expect(await s.submit(bob.id, { seq: g.seq(), quarter: 1, orders: rest })).toMatchObject({ ok: true });
    expect(await H({ action: "pause" })).toMatchObject({ ok: true });
    expect(await H({ action: "injectShock", shock: "wafer-shortage", params: {} })).toMatchObject({ ok: true });
    expect(await H({ action: "resume" })).toMatchObject({ ok: true });
    expect(await H({ action: "resolveNow" })).toMatchObject({ ok: true });
    expect(await s.submit(ann.id, { seq: g.seq(), quarter: 2, orders: [] })).toMatchObject({ ok: true });
    expect(await H({ action: "moveMember", member: bob.id, seat: null })).toMatchObject({ ok: true });
    await s.flush();
    const live = snapshot(s);
    expect(live.cause).toBe("host");
    s.dispose();
    const restored = GameService.restore((await g.store.load("LIVE01"))!, { store: g.store });
    restored.dispose();
    expect(snapshot(restored)).toEqual(live);
  });
});

describe("a team's shared draft", () => {
  it("merges by order: neither mate's orders are lost, the same key is the last submitter's, a removal is explicit", async () => {
    const g = await liveGame({ turnSeconds: 0, waitForAll: false });
    const { s } = g;
    const ann = await g.join("Ann", { seat: "helix" });
    const bob = await g.join("Bob", { seat: "helix" });
    await s.host(g.host.id, { seq: g.seq(), command: { action: "start" } });
    const frontier = { type: "lab/setPrices", tier: "frontier", inputPrice: 4, outputPrice: 25 };
    const budget = { type: "lab/investEfficiency", perQuarter: 1e8 };
    expect(await s.submit(ann.id, { seq: g.seq(), quarter: 1, orders: [frontier] })).toMatchObject({ ok: true });
    // Bob's submission without Ann's order keeps it: a seat's orders merge by their merge key
    expect(await s.submit(bob.id, { seq: g.seq(), quarter: 1, orders: [budget] })).toMatchObject({ ok: true });
    expect(s.pendingFor("helix")?.orders).toEqual([frontier, budget]);
    // the same field: the last to submit wins, and Ann is told
    const bobs = { ...frontier, outputPrice: 30 };
    await s.submit(bob.id, { seq: g.seq(), quarter: 1, orders: [bobs] });
    expect(s.pendingFor("helix")?.orders).toEqual([bobs, budget]);
    const replaced = g.notices.find((x) => x.n.kind === "replaced");
    expect(replaced?.to).toEqual([ann.id]);
    expect(replaced?.n.text).toMatch(/Bob's submission replaced your pending order \(frontier token prices\): the last to submit wins/);
    const draft = s.draftFor("helix");
    expect(draft.pending.map((p) => [p.key, p.by])).toEqual([
      ["lab/setPrices:frontier", "Bob"],
      ["lab/investEfficiency", "Bob"],
    ]);
    expect(draft.changes.at(-1)).toMatchObject({ by: "Bob", key: "lab/setPrices:frontier", replaced: { by: "Ann" } });
    // live edits are shown to the team, never resolved
    await s.edit(ann.id, { seq: g.seq(), quarter: 1, orders: [{ ...frontier, outputPrice: 27 } as never], remove: [] });
    expect(s.draftFor("helix").editing).toMatchObject([{ name: "Ann", orders: [{ outputPrice: 27 }] }]);
    expect(s.pendingFor("helix")?.orders).toEqual([bobs, budget]);
    // a removal is an explicit action, named in the draft
    await s.submit(ann.id, { seq: g.seq(), quarter: 1, orders: [], remove: ["lab/investEfficiency"] });
    expect(s.pendingFor("helix")?.orders).toEqual([bobs]);
    expect(s.draftFor("helix").changes.at(-1)).toMatchObject({ by: "Ann", action: "remove", key: "lab/investEfficiency" });
    expect(s.draftFor("helix").editing).toEqual([]);
    s.dispose();
  });
});

describe("the quarter's timer", () => {
  it("adds time to this quarter and sets the turn length from the next, separately; warns at 10 s; never waits for a failed company", async () => {
    const g = await liveGame({ turnSeconds: 60 });
    const { s, clock } = g;
    const ann = await g.join("Ann", { seat: "helix" });
    const H = (command: Parameters<GameService["host"]>[1]["command"]) => s.host(g.host.id, { seq: g.seq(), command });
    await H({ action: "start" });
    const t0 = clock.now();
    expect(s.timer.deadline).toBe(t0 + 60_000);
    await H({ action: "setTurnLength", seconds: 20 });
    expect(s.timer.deadline).toBe(t0 + 60_000); // this quarter keeps its time
    await H({ action: "addTime", seconds: 30 });
    expect(s.timer.deadline).toBe(t0 + 90_000);
    clock.advance(80_500);
    await s.flush();
    const warning = g.notices.find((x) => x.n.kind === "timer");
    expect(warning?.to).toEqual([ann.id]);
    expect(warning?.n.text).toMatch(/^10 seconds left/);
    clock.advance(10_000);
    await s.flush();
    expect(s.state.quarter).toBe(1);
    expect(s.lastCause).toBe("timer");
    // told that the quarter resolved before the seat submitted
    expect(g.notices.some((x) => x.n.kind === "timer" && /resolved when the timer ran out before Helix/.test(x.n.text))).toBe(true);
    // the next quarter runs at the new turn length
    expect(s.timer.deadline).toBe(clock.now() + 20_000);
    // helix fails (an injected insolvency aimed at it): its team is told why, and is not waited for
    await H({ action: "injectShock", shock: "lab-insolvency", params: { "effects.0.target": "helix" } });
    await H({ action: "resolveNow" });
    await s.flush();
    expect(s.failed("helix")).toBe(true);
    const failed = g.notices.find((x) => x.n.kind === "failed");
    expect(failed?.to).toEqual([ann.id]);
    expect(failed?.n.text).toMatch(/failed\. It was hit by an insolvency shock/);
    expect(await s.submit(ann.id, { seq: g.seq(), quarter: 3, orders: [] })).toMatchObject({ ok: false, code: "seat_failed" });
    const bob = await g.join("Bob", { seat: "meridian" });
    expect(await s.submit(bob.id, { seq: g.seq(), quarter: 3, orders: [] })).toMatchObject({ ok: true });
    await s.flush();
    expect(s.state.quarter).toBe(3); // resolved without waiting for the failed helix
    // the failed team may take another seat
    expect(await s.claimSeat(ann.id, { seq: g.seq(), seat: "meridian" })).toMatchObject({ ok: true });
    s.dispose();
  });
});
