/**
 * What a game's log header keeps so that the game can be rebuilt after a restart or an upgrade
 * (server/store/types.ts): the scenario as played (`scenarioInput`), so a changed scenario file
 * on disk does not change a game in progress, and the rules version it was played under
 * (`rules`), so a restore that cannot reproduce a recorded hash says whether the rules changed
 * since or the log itself is damaged.
 */
import { mkdtempSync } from "node:fs";
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
  parseScenario,
  RULES_VERSION,
  readLog,
  replayLog,
  resolveTurn,
} from "../../shared/index.ts";
import { readServerLog, SERVER_ONLY_LOG_KEYS } from "./helpers.ts";

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
  // KNOWN BUG (reported): toGameLog writes format 1 with gameId, createdAt and overrides, and
  // readLog's schema refuses them ("Unrecognized keys"), so neither `sim replay` nor the replay
  // viewer reads a log a host downloads. Remove `.fails` (and readServerLog) once fixed.
  it.fails("reads with readLog, as the CLI and the replay viewer read it, and replays", async () => {
    const { header, quarter } = await loggedGame();
    const r = replayLog(readLog(JSON.parse(JSON.stringify(toGameLog([header, quarter])))));
    expect(r.ok).toBe(true);
  });

  it("replays once the server-only keys are dropped (what the server tests do meanwhile)", async () => {
    const { header, quarter } = await loggedGame();
    const raw = JSON.parse(JSON.stringify(toGameLog([header, quarter]))) as Record<string, unknown>;
    for (const k of SERVER_ONLY_LOG_KEYS) expect(raw).toHaveProperty(k);
    const log = readServerLog(raw);
    expect(log.rules).toBe(RULES_VERSION);
    const r = replayLog(log);
    expect(r.ok).toBe(true);
    expect(r.quarters).toBe(1);
  });
});
