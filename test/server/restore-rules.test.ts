/**
 * A game's log records the rules version it was played under (server/store/types.ts header
 * `rules`), so a restore that cannot reproduce a recorded hash says whether the rules changed
 * since (an upgrade) or the log itself is damaged.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { GameService } from "../../server/game/game-service.ts";
import { FileStore } from "../../server/store/file-store.ts";
import type { HeaderRecord, LogRecord } from "../../server/store/types.ts";
import { allBotOrders, CreateOptionsSchema, createGame, loadScenario, RULES_VERSION, resolveTurn } from "../../shared/index.ts";

const store = new FileStore(mkdtempSync(join(tmpdir(), "cc-rules-")));
afterAll(() => store.close());

/** A created game's header and one resolved quarter as the service would log it. */
let games = 0;
async function loggedGame(): Promise<{ header: HeaderRecord; quarter: LogRecord & { kind: "quarter" } }> {
  const created = await GameService.create(`RULES${++games}`, CreateOptionsSchema.parse({ scenario: "classroom", seed: 5 }), { store });
  if (!created) throw new Error("not created");
  created.service.dispose();
  const header = created.service.header;
  const state = createGame(loadScenario("classroom"), 5);
  const ordersBySeat = allBotOrders(state);
  const quarter = { kind: "quarter" as const, quarter: 1, ordersBySeat, hash: resolveTurn(state, ordersBySeat).hash, at: 0 };
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
