/**
 * The working copy resolveTurn makes each quarter must keep V8's fast object layout. A copy
 * built key by key turned every actor (about 40 keys) into a dictionary-mode object, and every
 * step after it then paid a hash lookup per property read (issue 2's speed). Objects of one
 * kind must also share one hidden class, or code reading them sees more shapes than it can
 * handle inline. V8 tells which
 * objects are slow only under --allow-natives-syntax, so the check runs in a child process.
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const SCRIPT = join(import.meta.dirname, "fixtures", "object-shapes.ts");

describe("the state's object layout after resolveTurn", () => {
  it.each(["base", "classroom"])("%s: no actor, model or book is a slow dictionary-mode object", (scenario) => {
    const r = spawnSync(process.execPath, ["--allow-natives-syntax", SCRIPT, scenario, "6"], { encoding: "utf8", timeout: 60_000 });
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { quarter: number; slow: string[]; maps: Record<string, number> };
    expect(out.quarter).toBe(6);
    // records keyed by ids may grow large enough to be kept as dictionaries; objects with fixed fields must not
    expect(out.slow.filter((p) => /^state\.actors\.[^.]+(\.[a-zA-Z]+)?$|^state\.models\.[^.]+$/.test(p))).toEqual([]);
  });

  it.each(["base", "classroom"])(
    "%s: all actors of a role, all books, models and fleet cohorts each share one hidden class",
    (scenario) => {
      const r = spawnSync(process.execPath, ["--allow-natives-syntax", SCRIPT, scenario, "6"], { encoding: "utf8", timeout: 60_000 });
      expect(r.status, r.stderr).toBe(0);
      const { maps } = JSON.parse(r.stdout) as { maps: Record<string, number> };
      // An ASIC maker once had two fields a merchant lacked, and a custom-ASIC cohort one field more
      // than others: five actor maps made every read of an actor's common fields (role, books,
      // failed…) megamorphic. Optional fields are now present and null.
      expect(maps).toEqual({
        lab: 1,
        hyperscaler: 1,
        chipmaker: 1,
        enterprise: 1,
        books: 1,
        models: 1,
        fleetCohorts: 1,
        warehouseUnits: expect.any(Number),
      });
      expect(maps.warehouseUnits).toBeLessThanOrEqual(1);
    },
  );
});
