/**
 * A quarter's garbage must die young. Only the current state (about 40 KB) and its game's
 * history should outlive a quarter; when something keeps each quarter's state reachable from
 * the old generation (as a `get hash()` closure on an object literal once did), 9 to 13% of
 * young objects survived each scavenge and were copied and promoted, against about 1% now,
 * and the collector's share of a quarter doubled. V8 reports the rate under --trace-gc-nvp, so
 * the loop runs in a child process.
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const SCRIPT = join(import.meta.dirname, "fixtures", "gc-survival.ts");

describe("young-generation survival in a game loop", () => {
  it("under 4% of young objects survive a scavenge (median of the later scavenges)", () => {
    const r = spawnSync(process.execPath, ["--trace-gc-nvp", "--max-semi-space-size=16", SCRIPT, "900"], {
      encoding: "utf8",
      timeout: 120_000,
      maxBuffer: 64 * 1024 * 1024,
    });
    expect(r.status, r.stderr).toBe(0);
    const rates = r.stdout
      .split("\n")
      .filter((l) => l.includes("gc=s "))
      .map((l) => Number(/new_space_survive_rate_=([\d.]+)%/.exec(l)?.[1]))
      .filter((x) => Number.isFinite(x));
    // the first scavenges run while modules load and the young generation grows
    const later = rates.slice(Math.floor(rates.length / 2)).sort((a, b) => a - b);
    expect(later.length).toBeGreaterThanOrEqual(5);
    const median = later[Math.floor(later.length / 2)]!;
    expect(median).toBeLessThan(4);
  });
});
