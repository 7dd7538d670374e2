/**
 * What a game's log header keeps so that the game can be rebuilt after a restart or an upgrade
 * (server/store/types.ts): the scenario as played (`scenarioInput`), so a changed scenario file
 * on disk does not change a game in progress, and the rules version it was played under
 * (`rules`), so a restore that cannot reproduce a recorded hash says whether the rules changed
 * since or the log itself is damaged.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { GameService } from "../../server/game/game-service.ts";
import { toGameLog } from "../../server/http/exports.ts";
import { FileStore } from "../../server/store/file-store.ts";
import type { HeaderRecord, LogRecord } from "../../server/store/types.ts";
import {
  allBotOrders,
  CreateOptionsSchema,
  createGame,
  injectShock,
  LOG_VERSION,
  parseScenario,
  RULES_VERSION,
  readLog,
  replayLog,
  resolveTurn,
} from "../../shared/index.ts";
import { sim } from "../cli/helpers.ts";

const store = new FileStore(mkdtempSync(join(tmpdir(), "cc-rules-")));
afterAll(() => store.close());

/** A created game's header and one resolved quarter as the service would log it. */
let games = 0;
async function loggedGame(quarters?: number): Promise<{ header: HeaderRecord; quarter: LogRecord & { kind: "quarter" } }> {
  const options = CreateOptionsSchema.parse({ scenario: "classroom", seed: 5, quarters });
  const created = await GameService.create(`RESTORE${++games}`, options, { store });
  if (!created) throw new Error("not created");
  created.service.dispose();
  const header = created.service.header;
  const state = createGame(parseScenario(header.scenarioInput), 5);
  const ordersBySeat = allBotOrders(state);
  const quarter = {
    kind: "quarter" as const,
    v: 2 as const,
    quarter: 1,
    ordersBySeat,
    hash: resolveTurn(state, ordersBySeat).hash,
    bots: [],
    cause: "all" as const,
    at: 0,
  };
  return { header, quarter };
}

describe("restoring a game under other rules", () => {
  it("a new game's header records this server's rules version, and an intact log restores", async () => {
    const { header, quarter } = await loggedGame();
    expect(header.rules).toBe(RULES_VERSION);
    const restored = GameService.restore([header, quarter], { store });
    restored.dispose();
    expect(restored.state.quarter).toBe(1);
  });

  it("a hash it cannot reproduce is refused, naming both rules versions when they differ", async () => {
    const { header, quarter } = await loggedGame();
    const damaged = { ...quarter, hash: "0123456789abcdef" };
    expect(() => GameService.restore([header, damaged], { store })).toThrow(/hash mismatch at quarter 1: \w+ != 0123456789abcdef$/);
    expect(() => GameService.restore([{ ...header, rules: RULES_VERSION - 1 }, damaged], { store })).toThrow(
      new RegExp(`played under rules v${RULES_VERSION - 1} and this server plays rules v${RULES_VERSION}`),
    );
    const { rules: _none, ...unversioned } = header;
    expect(() => GameService.restore([unversioned, damaged], { store })).toThrow(/records no version/);
  });
});

describe("restoring a game after its scenario file changed", () => {
  it("the header keeps the scenario as played, overrides applied", async () => {
    const { header } = await loggedGame(3);
    const played = parseScenario(header.scenarioInput);
    expect(played.id).toBe("classroom");
    expect(played.quarters).toBe(3);
  });

  it("a restore plays the header's scenario, not the one on disk now", async () => {
    const { header, quarter } = await loggedGame();
    // stand-in for a changed file: the header names a scenario whose file on disk differs
    const renamed: HeaderRecord = { ...header, scenario: { id: "base", version: 1 } };
    const restored = GameService.restore([renamed, quarter], { store });
    restored.dispose();
    expect(restored.state.scenarioId).toBe("classroom");
    expect(restored.lastHash).toBe(quarter.hash);
    // a game created before headers kept the scenario is rebuilt from the file on disk
    const { scenarioInput: _kept, ...older } = header;
    const fromDisk = GameService.restore([older, quarter], { store });
    fromDisk.dispose();
    expect(fromDisk.lastHash).toBe(quarter.hash);
    const { scenarioInput: _k, ...olderRenamed } = renamed;
    expect(() => GameService.restore([olderRenamed, quarter], { store })).toThrow(/hash mismatch at quarter 1/);
  });
});

describe("the host's log download", () => {
  it("is a format-2 log that readLog reads, as the CLI and the replay viewer read it, and replays", async () => {
    const { header, quarter } = await loggedGame();
    const raw = JSON.parse(JSON.stringify(toGameLog([header, quarter]))) as Record<string, unknown>;
    expect(raw.version).toBe(LOG_VERSION);
    // the server's own bookkeeping stays in its records
    for (const k of ["gameId", "createdAt", "overrides"]) expect(raw).not.toHaveProperty(k);
    const log = readLog(raw);
    expect(log.rules).toBe(RULES_VERSION);
    const r = replayLog(log);
    expect(r.ok).toBe(true);
    expect(r.quarters).toBe(1);
  });

  it("`npm run sim -- replay` verifies it, a host's injected shock included", async () => {
    const { header, quarter } = await loggedGame();
    // the host injected a shock before the first quarter resolved: it is part of the hash
    const injected = injectShock(createGame(parseScenario(header.scenarioInput), 5), "wafer-shortage", {}, 1);
    const ordersBySeat = allBotOrders(injected);
    const q1 = { ...quarter, ordersBySeat, hash: resolveTurn(injected, ordersBySeat).hash };
    const inject = { kind: "inject" as const, v: 1 as const, quarter: 1, shock: "wafer-shortage", params: {}, at: 0 };
    const file = join(mkdtempSync(join(tmpdir(), "cc-dl-")), "game.json");
    writeFileSync(file, JSON.stringify(toGameLog([header, inject, q1])));
    const r = sim("replay", file);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
  });

  it("a format-1 download of an older server (gameId, createdAt, overrides) still reads and replays", async () => {
    const { header, quarter } = await loggedGame();
    const { resolved: _resolved, ...v2 } = JSON.parse(JSON.stringify(toGameLog([header, quarter]))) as Record<string, unknown>;
    const v1 = {
      ...v2,
      version: 1,
      gameId: header.gameId,
      createdAt: new Date(header.createdAt).toISOString(),
      overrides: header.overrides,
    };
    const r = replayLog(readLog(v1));
    expect(r.ok).toBe(true);
    expect(r.quarters).toBe(1);
  });
});
