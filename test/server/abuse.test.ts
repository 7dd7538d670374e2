/**
 * Hostile input against a live room: fast-check fuzzing of every message type (random,
 * malformed and hostile payloads), unknown types, oversized frames, and a 1,000 msg/s flood.
 * The room must answer, keep its state hash, stay alive, and other rooms must not notice.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { botOrders } from "../../shared/index.ts";
import { Player, serverForSuite, waitFor } from "./helpers.ts";

const server = serverForSuite();

const hostile = fc.oneof(
  fc.anything({ withNullPrototype: false, maxDepth: 3 }),
  fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, -0, 1e308, -1e308, 2 ** 53 + 1, "", "\u0000", "💥".repeat(500)),
  fc.record({
    seq: fc.oneof(fc.integer(), fc.double()),
    quarter: fc.oneof(fc.integer(), fc.double(), fc.string()),
    orders: fc.anything({ maxDepth: 2 }),
  }),
  fc.record({
    seq: fc.nat(1000),
    quarter: fc.constantFrom(0, 1, 2, 99, -1),
    orders: fc.array(
      fc.record({
        type: fc.constantFrom("lab/setPrices", "finance/raiseEquity", "x/y", "__proto__"),
        amount: fc.double(),
        tier: fc.string(),
      }),
      { maxLength: 60 },
    ),
  }),
  fc.record({
    seq: fc.nat(),
    hostKey: fc.string(),
    command: fc.record({
      action: fc.constantFrom("start", "end", "resolveNow", "injectShock", "freeSeat", "assignSeat", "nope"),
      seconds: fc.double(),
      shock: fc.string(),
      seat: fc.string(),
    }),
  }),
  fc.constant(JSON.parse('{"__proto__": {"polluted": true}, "seq": 1, "quarter": 1, "orders": []}')),
  fc.constant(JSON.parse('{"constructor": {"prototype": {"polluted": true}}, "seq": 2}')),
  fc.constant({ seq: 3, quarter: 1, orders: new Array(10_000).fill(0) }),
);

describe("hostile input", () => {
  it("fuzzed messages are answered, change nothing, and never kill the room", async () => {
    // waitForAll: false so an accidentally valid submission cannot resolve the quarter
    const host = await new Player(server.proc.url).create({ name: "H", scenario: "classroom", turnSeconds: 0, waitForAll: false, seed: 5 });
    const pl = await new Player(server.proc.url).join(host.code, { name: "Fuzz" });
    expect(await host.host({ action: "start" })).toMatchObject({ ok: true });
    const hash0 = pl.views.at(-1)!.hash;
    const quarter0 = pl.view.quarter;
    let answered = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom("submit", "claimSeat", "host", "resync", "bogus", "__proto__", "constructor"),
        hostile,
        async (type, payload) => {
          const r = (await pl.request(type, payload, 5000).catch((e: Error) => ({ colyseusError: e.message }))) as Record<string, unknown>;
          answered++;
          await new Promise((res) => setTimeout(res, 45)); // stay under the room's 25 msg/s limit
          // unknown types get a Colyseus error reply; known types always a Reply
          if (["submit", "claimSeat", "host", "resync"].includes(type)) expect(typeof r.ok).toBe("boolean");
          if (r.ok === false) expect(typeof r.code).toBe("string");
          expect(pl.left).toBeNull();
        },
      ),
      { numRuns: 200, seed: 42 },
    );
    // fire-and-forget garbage of unknown types is answered with a `reply`, not a kick
    const before = pl.replies.length;
    pl.room.send("no-such-type", { a: 1 });
    pl.room.send("submit", { seq: "x" });
    await waitFor(() => pl.replies.length >= before + 2, 5000, "replies to fire-and-forget");
    expect(pl.replies.slice(before).map((r) => (r as { code?: string }).code)).toEqual(["unknown_type", "bad_message"]);
    expect(answered).toBe(200);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    // state unchanged, room alive: a resync gives the same hash and quarter; a valid submission still works
    const r = await pl.request("resync", { seq: ++pl.seq + 10_000 });
    expect(r.ok).toBe(true);
    await waitFor(() => pl.views.at(-1)?.reason === "resync", 5000, "resync view");
    expect(pl.views.at(-1)!.hash).toBe(hash0);
    expect(pl.view.quarter).toBe(quarter0);
    pl.seq += 20_000;
    expect(await pl.submit(botOrders(pl.view))).toMatchObject({ ok: true });
    expect(await host.host({ action: "resolveNow" })).toMatchObject({ ok: true });
    await pl.waitQuarter(quarter0 + 1);
    await pl.leave();
    await host.leave();
  }, 120_000);

  it("an oversized frame closes only that connection; the room lives on", async () => {
    const host = await new Player(server.proc.url).create({ name: "H", scenario: "classroom", turnSeconds: 0 });
    const big = await new Player(server.proc.url).join(host.code, { name: "Big" });
    big.room.reconnection.enabled = false;
    big.room.send("submit", { seq: 1, quarter: 1, orders: [], pad: "x".repeat(64 * 1024) });
    await waitFor(() => big.left !== null, 5000, "oversized sender disconnected");
    expect(await host.host({ action: "start" })).toMatchObject({ ok: true });
    await host.leave();
  });

  it("a client flooding 1,000 msg/s is cut off within a second; another room does not notice", async () => {
    const hostA = await new Player(server.proc.url).create({ name: "A", scenario: "classroom", turnSeconds: 0 });
    const flooder = await new Player(server.proc.url).join(hostA.code, { name: "Flood" });
    flooder.room.reconnection.enabled = false;
    const hostB = await new Player(server.proc.url).create({ name: "B", scenario: "classroom", turnSeconds: 0 });
    const calm = await new Player(server.proc.url).join(hostB.code, { name: "Calm" });

    const rtt = async (n: number): Promise<number[]> => {
      const out: number[] = [];
      for (let i = 0; i < n; i++) {
        const t = performance.now();
        expect((await calm.request("resync", { seq: ++calm.seq })).ok).toBe(true);
        out.push(performance.now() - t);
        await new Promise((res) => setTimeout(res, 50)); // a normal client: well under the rate limit
      }
      return out.sort((a, b) => a - b);
    };
    const baseline = await rtt(20);

    const t0 = Date.now();
    let sent = 0;
    const timer = setInterval(() => {
      for (let i = 0; i < 10 && flooder.left === null; i++) {
        flooder.room.send("resync", { seq: ++flooder.seq });
        sent++;
      }
    }, 10); // ~1,000 msg/s
    const during = await rtt(20);
    await waitFor(() => flooder.left !== null, 3000, "flooder cut off");
    const cutAfter = flooder.leftAt - t0;
    clearInterval(timer);
    expect(cutAfter).toBeLessThan(1000);
    expect(sent).toBeGreaterThan(20);
    const p99 = (xs: number[]) => xs[Math.min(xs.length - 1, Math.floor(xs.length * 0.99))]!;
    // the other room keeps answering quickly (generous bound for a shared 2-core machine)
    expect(p99(during)).toBeLessThan(Math.max(50, p99(baseline) * 5));
    expect(calm.left).toBeNull();
    // room A is still alive for everybody else
    expect(await hostA.host({ action: "start" })).toMatchObject({ ok: true });
    for (const p of [hostA, hostB, calm]) await p.leave();
  });
});
