/**
 * Determinism across Node versions (../shared/perf-anchors.md, reliability test T11b): the same
 * scenario, seed and orders give the same state hash on Node 22 and on Node 24, the two LTS lines
 * the project runs on. A server may be upgraded between a game's quarters, and an investment team's
 * batch on one machine must match a colleague's on another. The engine's own exp, log and pow
 * (shared/engine/dmath.ts) exist for this: V8's Math.* may change between versions.
 *
 * test/engine/fixtures/play-hashes.ts plays every shipped scenario on two seeds to its end and a
 * 24-quarter `base`, and replays the golden logs; it runs under this process's Node and under the
 * other LTS line, and the two outputs must be equal, quarter by quarter. The other Node is taken
 * from COMPUTE_CYCLE_OTHER_NODE (a path to its binary), else from ~/.node<major>, where it is
 * installed from the npm registry when missing (scripts/node-install.mjs, which also brings
 * Node 22 to an older machine for scripts/run.mjs). With CI=true a Node that cannot be had fails the test;
 * elsewhere (no registry, say) the test is skipped and says why.
 */
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { nodeBinary } from "../../scripts/node-install.mjs";

const script = join(import.meta.dirname, "fixtures", "play-hashes.ts");
const major = Number(process.versions.node.split(".")[0]);
/** the other LTS line than the one running the tests */
const otherMajor = major === 22 ? 24 : 22;

interface Output {
  node: string;
  games: Record<string, string[]>;
  goldens: Record<string, { ok: boolean; quarters: number; firstDivergence: number | null }>;
}

/** The other Node's binary: COMPUTE_CYCLE_OTHER_NODE, else ~/.node<major>, installed there if missing. */
function otherNode(): string {
  return process.env.COMPUTE_CYCLE_OTHER_NODE || nodeBinary(otherMajor, { quiet: true, timeoutMs: 170_000 });
}

function play(node: string): Output {
  return JSON.parse(execFileSync(node, [script], { encoding: "utf8", maxBuffer: 16 << 20, timeout: 120_000 })) as Output;
}

describe(`Determinism across Node ${major} and Node ${otherMajor}`, () => {
  let other: string | null = null;
  let why = "";
  beforeAll(() => {
    try {
      other = otherNode();
    } catch (e) {
      why = e instanceof Error ? e.message.split("\n")[0]! : String(e);
      // in CI a missing Node is a failure, not a skip
      if (process.env.CI === "true") throw new Error(`cannot get Node ${otherMajor} for the cross-version test: ${why}`);
    }
  }, 180_000);

  it("every scenario's games and the golden replays give the same hash every quarter", (ctx) => {
    if (!other) {
      console.warn(`skipped: Node ${otherMajor} is not available (${why}); set COMPUTE_CYCLE_OTHER_NODE to its binary`);
      ctx.skip();
      return;
    }
    const here = play(process.execPath);
    const there = play(other);
    expect(there.node.startsWith(`v${otherMajor}.`), `${other} is Node ${otherMajor}`).toBe(true);
    expect(Object.keys(here.games).length).toBeGreaterThanOrEqual(15); // 7 scenarios × 2 seeds + the long game
    for (const [game, hashes] of Object.entries(here.games)) {
      const theirs = there.games[game] ?? [];
      const first = hashes.findIndex((h, i) => theirs[i] !== h);
      expect(first === -1 ? null : `quarter ${first + 1}`, `${game}: first quarter whose hash differs on ${there.node}`).toBeNull();
      expect(theirs.length, `${game}: quarters played on ${there.node}`).toBe(hashes.length);
    }
    for (const [name, r] of Object.entries(there.goldens)) {
      expect(r, `${name} replayed on ${there.node}`).toEqual({ ok: true, quarters: r.quarters, firstDivergence: null });
    }
    expect(there.goldens).toEqual(here.goldens);
  }, 180_000);
});
