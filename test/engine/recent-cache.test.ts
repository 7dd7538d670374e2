/**
 * RecentCache (shared/engine/math.ts): values derived from recurring objects, by identity, for
 * the last few keys; and sortedIds, which reuses a sorted key list while a record's keys match.
 */
import { describe, expect, it } from "vitest";
import { RecentCache, sortedIds } from "../../shared/engine/math.ts";

describe("RecentCache", () => {
  it("makes a value once per key while the key is held, by identity, and forgets the oldest", () => {
    const cache = new RecentCache<object, number>(2);
    let made = 0;
    const make = () => ++made;
    const a = {};
    const b = {};
    const c = {};
    expect(cache.get(a, make)).toBe(1);
    expect(cache.get(a, make)).toBe(1);
    expect(cache.get({}, make)).toBe(2); // an equal object is another key
    expect(cache.get(b, make)).toBe(3); // a is now the oldest and is forgotten
    expect(cache.find(a)).toBeUndefined();
    expect(cache.get(a, make)).toBe(4);
    cache.put(c, 99);
    expect(cache.find(c)).toBe(99);
    expect(cache.find(b)).toBeUndefined();
  });

  it("sortedIds follows a record's keys as they change", () => {
    const rec: Record<string, number> = { b: 1, a: 2 };
    expect(sortedIds(rec)).toEqual(["a", "b"]);
    rec.c = 3;
    expect(sortedIds(rec)).toEqual(["a", "b", "c"]);
    delete rec.a;
    expect(sortedIds(rec)).toEqual(["b", "c"]);
    expect(sortedIds({ c: 0, b: 0 })).toEqual(["b", "c"]);
    expect(sortedIds(rec)).toBe(sortedIds({ b: 0, c: 0 })); // the same list while the keys match
  });
});
