/**
 * Reconnection with really dropped sockets: within the grace period (Colyseus reconnection,
 * same session), after it (a bot plays the seat; the rejoin token takes it back), and
 * resubmission of what was not acknowledged (answered as a duplicate, never applied twice).
 */
import { afterAll, describe, expect, it } from "vitest";
import { botOrders } from "../../shared/index.ts";
import { FaultProxy } from "./fault-proxy.ts";
import { Player, serverForSuite, waitFor } from "./helpers.ts";

const server = serverForSuite();
const proxies: FaultProxy[] = [];
afterAll(async () => {
  for (const p of proxies) await p.close();
});

/** A player whose connection goes through its own fault proxy, so only its sockets are dropped. */
async function proxied(): Promise<{ proxy: FaultProxy; url: string }> {
  const proxy = await new FaultProxy(server.proc.port).listen();
  proxies.push(proxy);
  return { proxy, url: proxy.url };
}

describe("reconnection", () => {
  it("a dropped socket reconnects within grace to the same session and seat", async () => {
    const host = await new Player(server.proc.url).create({ name: "H", scenario: "classroom", turnSeconds: 0, graceSeconds: 20 });
    const { proxy, url } = await proxied();
    const pl = await new Player(url).join(host.code, { name: "Pat" });
    const seat = pl.welcome!.seat!;
    pl.room.reconnection.minUptime = 0;
    pl.room.reconnection.minDelay = 50;
    const session = pl.room.sessionId;
    let reconnected = false;
    pl.room.onReconnect(() => {
      reconnected = true;
    });
    const views = pl.views.length;
    expect(proxy.drop()).toBeGreaterThan(0);
    await waitFor(() => host.meta.seats[seat]?.connected === false, 10_000, "server notices the drop");
    await waitFor(() => reconnected, 10_000, "SDK reconnects");
    expect(pl.room.sessionId).toBe(session);
    await waitFor(() => pl.views.length > views, 5000, "a fresh view after reconnecting");
    await waitFor(() => host.meta.seats[seat]?.connected === true && host.meta.seats[seat]?.controller === "human", 5000, "seat back");
    // requests work again
    expect(await host.host({ action: "start" })).toMatchObject({ ok: true });
    expect(await pl.submit(botOrders(pl.view))).toMatchObject({ ok: true });
    await pl.waitQuarter(1);
    await pl.leave();
    await host.leave();
  });

  it("a submission sent while the socket is dead is resubmitted after reconnecting and applied once", async () => {
    const host = await new Player(server.proc.url).create({
      name: "H",
      scenario: "classroom",
      turnSeconds: 0,
      graceSeconds: 20,
      waitForAll: false,
    });
    const { proxy, url } = await proxied();
    const pl = await new Player(url).join(host.code, { name: "Pat" });
    const seat = pl.welcome!.seat!;
    expect(await host.host({ action: "start" })).toMatchObject({ ok: true });
    pl.room.reconnection.minUptime = 0;
    pl.room.reconnection.minDelay = 50;
    let reconnected = false;
    pl.room.onReconnect(() => {
      reconnected = true;
    });
    const orders = botOrders(pl.view);
    const seq = ++pl.seq;
    expect(proxy.drop()).toBeGreaterThan(0);
    // sent into the dead socket: no acknowledgement arrives
    const lost = await pl.request("submit", { seq, quarter: 1, orders }, 1500).catch((e: Error) => e);
    expect(lost).toBeInstanceOf(Error);
    await waitFor(() => reconnected, 10_000, "SDK reconnects");
    // resubmit everything not acknowledged (same seq); possibly twice (buffered + explicit)
    const r1 = await pl.request("submit", { seq, quarter: 1, orders });
    const r2 = await pl.request("submit", { seq, quarter: 1, orders });
    expect(r1.ok).toBe(true);
    expect(r2).toMatchObject({ ok: true, duplicate: true });
    await waitFor(() => host.meta.seats[seat]?.submitted === true, 5000, "submitted");
    await pl.leave();
    await host.leave();
  });

  it("after the grace period a bot plays the seat; the rejoin token takes it back", async () => {
    const host = await new Player(server.proc.url).create({ name: "H", scenario: "classroom", turnSeconds: 0, graceSeconds: 1 });
    const { proxy, url } = await proxied();
    const pl = await new Player(url).join(host.code, { name: "Pat" });
    const seat = pl.welcome!.seat!;
    const token = pl.welcome!.rejoinToken;
    pl.room.reconnection.enabled = false;
    expect(proxy.drop()).toBeGreaterThan(0);
    await waitFor(() => host.meta.seats[seat]?.controller === "bot", 10_000, "bot takes over after grace");
    // the game goes on without them: with no human seat left, the host resolves
    expect(await host.host({ action: "start" })).toMatchObject({ ok: true });
    expect(await host.host({ action: "resolveNow" })).toMatchObject({ ok: true });
    await host.waitQuarter(1);
    const back = await new Player(server.proc.url).join(host.code, { rejoin: token });
    expect(back.welcome?.memberId).toBe(pl.welcome?.memberId);
    expect(back.welcome?.seat).toBe(seat);
    expect(back.view.own?.id).toBe(seat);
    expect(back.view.quarter).toBe(1);
    await waitFor(() => host.meta.seats[seat]?.controller === "human", 5000, "human again");
    // a wrong token is refused with a reason
    await expect(new Player(server.proc.url).join(host.code, { rejoin: "not-a-real-token-xxxx" })).rejects.toThrow(/not_member/);
    await back.leave();
    await host.leave();
  });
});
