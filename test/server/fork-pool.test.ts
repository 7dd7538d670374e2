/**
 * The fork pool's keys: a request holds its member's key from the moment it is accepted, while
 * it still reads the game's log, so a cancel or a newer request that arrives meanwhile wins.
 * (Playing a fan on a worker thread is tested with a real server in forks.test.ts.)
 */
import { describe, expect, it } from "vitest";
import { ForkCancelled, type ForkJob, ForkPool } from "../../server/game/fork-pool.ts";

const job = {} as ForkJob; // never played: every run below is refused before it reaches a thread

describe("ForkPool reservations", () => {
  it("a cancel while the request reads its log is answered true, and the request then refuses to run", async () => {
    const pool = new ForkPool(1);
    const ticket = pool.reserve("ann");
    expect(pool.cancel("ann")).toBe(true);
    expect(pool.cancel("ann")).toBe(false);
    await expect(pool.run("ann", job, ticket)).rejects.toBeInstanceOf(ForkCancelled);
    expect(pool.running + pool.queued).toBe(0);
    await pool.close();
  });

  it("a newer request of the same member wins over one still reading its log", async () => {
    const pool = new ForkPool(1);
    const older = pool.reserve("ann");
    const newer = pool.reserve("ann");
    await expect(pool.run("ann", job, older)).rejects.toBeInstanceOf(ForkCancelled);
    // the older one giving up does not release the newer one's hold; another member's is its own
    pool.release("ann", older);
    const bob = pool.reserve("bob");
    expect(pool.cancel("ann")).toBe(true);
    await expect(pool.run("ann", job, newer)).rejects.toBeInstanceOf(ForkCancelled);
    pool.release("bob", bob);
    expect(pool.cancel("bob")).toBe(false);
    await pool.close();
  });
});
