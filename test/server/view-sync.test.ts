/**
 * The browser client's connection (client/src/net.ts) against the real server: after each
 * quarter, the view it merged from the server's patches deep-equals the full view the server
 * computes for its seat (asked for with `resync` by a team mate on another connection). Played
 * over several quarters with scheduled and injected shocks, a company that fails, a dropped
 * socket that reconnects, a page reload (rejoin), a missed patch, the projector and a spectator.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Connection, type ConnHandlers, type Saved } from "../../client/src/net.ts";
import type { ViewMessage } from "../../shared/index.ts";
import { FaultProxy } from "./fault-proxy.ts";
import { Player, serverForSuite, waitFor } from "./helpers.ts";

const server = serverForSuite();
const proxies: FaultProxy[] = [];
const g = globalThis as unknown as { location?: { origin: string }; localStorage?: unknown };
const saved = { location: g.location, localStorage: g.localStorage };

beforeAll(() => {
  // what net.ts reads of the browser: the page's origin (the server it talks to) and localStorage
  const store = new Map<string, string>();
  g.localStorage = {
    getItem: (k: string) => store.get(k) ?? null,
    setItem: (k: string, v: string) => void store.set(k, v),
    removeItem: (k: string) => void store.delete(k),
  };
});
afterAll(async () => {
  g.location = saved.location;
  g.localStorage = saved.localStorage;
  for (const p of proxies) await p.close();
});

/** A client connection as the browser makes it, recording what it hands to the store. */
class Browser {
  conn!: Connection;
  views: ViewMessage[] = [];
  statuses: string[] = [];
  resyncs = 0;

  handlers(): ConnHandlers {
    return {
      onAttach: (c) => {
        this.conn = c;
        // count the resyncs it asks for (a missed patch)
        const room = c.room!;
        const send = room.send.bind(room);
        room.send = ((type: string, ...rest: unknown[]) => {
          if (type === "resync") this.resyncs++;
          return (send as (...a: unknown[]) => unknown)(type, ...rest);
        }) as typeof room.send;
      },
      onMeta: () => {},
      onView: (p) => this.views.push(p),
      onNotice: () => {},
      onDraft: () => {},
      onBotSummary: () => {},
      onStatus: (s) => this.statuses.push(s),
    };
  }

  static async join(origin: string, code: string, opts: { name: string; seat?: string; spectator?: boolean }): Promise<Browser> {
    const b = new Browser();
    g.location = { origin };
    await Connection.join({ code, ...opts }, b.handlers());
    await waitFor(() => b.conn.last, 10_000, `${opts.name}'s first view`);
    return b;
  }

  /** A page reload: what the page had saved, without its Colyseus session; the game's rejoin token brings the seat back. */
  static async reload(origin: string, saved: Saved): Promise<Browser> {
    const b = new Browser();
    g.location = { origin };
    await Connection.rejoin({ ...saved, token: "" }, b.handlers());
    await waitFor(() => b.conn.last, 10_000, "a view after the reload");
    return b;
  }

  get quarter(): number {
    return this.conn.last?.quarter ?? -1;
  }
}

describe("views merged by the browser client", () => {
  it("equal the server's full views every quarter: shocks, a failure, a reconnection, a reload, a missed patch", async () => {
    const url = server.proc.url;
    const proxy = await new FaultProxy(server.proc.port).listen();
    proxies.push(proxy);
    const host = await new Player(url).create({
      name: "Host",
      scenario: "bubble",
      quarters: 8,
      turnSeconds: 0,
      waitForAll: false,
      idle: "bot",
      seed: 5,
      graceSeconds: 30,
    });
    const code = host.code;
    const ann = await Browser.join(url, code, { name: "Ann", seat: "helix" });
    let bob = await Browser.join(proxy.url, code, { name: "Bob", seat: "stratus" });
    bob.conn.room!.reconnection.minDelay = 50;
    const cy = await Browser.join(url, code, { name: "Cy", seat: "vector" });
    const projector = await Browser.join(url, code, { name: "Projector", spectator: true });
    const spectator = await Browser.join(url, code, { name: "Spectator", spectator: true });
    // team mates on their own connections: their `resync` brings the server's full view of the seat
    const refs = new Map<string | null, Player>([
      ["helix", await new Player(url).join(code, { name: "Ref", seat: "helix" })],
      ["stratus", await new Player(url).join(code, { name: "Ref", seat: "stratus" })],
      ["vector", await new Player(url).join(code, { name: "Ref", seat: "vector" })],
      [null, await new Player(url).join(code, { name: "Ref", spectator: true })],
    ]);
    const browsers = () => [
      { b: ann, seat: "helix" },
      { b: bob, seat: "stratus" },
      { b: cy, seat: "vector" },
      { b: projector, seat: null },
      { b: spectator, seat: null },
    ];

    /** Every browser's merged view equals the server's full view of its seat. */
    const check = async (q: number) => {
      for (const { b } of browsers()) await waitFor(() => b.quarter >= q, 10_000, `quarter ${q} in the browser`);
      for (const [seat, ref] of refs) {
        const n = ref.views.length;
        expect(await ref.request("resync", { seq: ++ref.seq })).toMatchObject({ ok: true });
        const full = await waitFor(() => ref.views.length > n && ref.views.at(-1), 5000, "the full view");
        expect(full.reason).toBe("resync");
        expect(full.quarter).toBe(q);
        for (const { b } of browsers().filter((x) => x.seat === seat)) {
          expect(b.conn.view, `${seat ?? "spectators"}, quarter ${q}`).toEqual(full.view);
          expect(b.conn.last?.hash).toBe(full.hash);
          expect(b.conn.last?.seq).toBe(full.seq);
        }
      }
    };

    expect(await host.host({ action: "start" })).toMatchObject({ ok: true });
    await check(0);
    const resolve = async (q: number) => {
      expect(await host.host({ action: "resolveNow" })).toMatchObject({ ok: true });
      await host.waitQuarter(q);
    };

    await resolve(1);
    await check(1);
    // a shock injected between two resolutions (the scenario's own come at quarters 3, 4, 5 and 7)
    const shock = ann.conn.view!.catalogue.find((c) => c.id !== "lab-insolvency")!.id;
    expect(await host.host({ action: "injectShock", shock, params: {} })).toMatchObject({ ok: true });
    await resolve(2);
    await check(2);

    // Bob's socket drops and a quarter resolves before it is back: a full view on reconnection
    const reconnected = new Promise<void>((r) => bob.conn.room!.onReconnect(() => r()));
    expect(proxy.drop()).toBeGreaterThan(0);
    const people = () => (host.meta as unknown as { people: Record<string, { connected: boolean }> }).people;
    await waitFor(() => people()[bob.conn.saved.memberId!]?.connected === false, 10_000, "the server sees the drop");
    await resolve(3);
    await reconnected;
    await check(3);

    // helix fails (an insolvency aimed at it): its team keeps its last books
    expect(await host.host({ action: "injectShock", shock: "lab-insolvency", params: { "effects.0.target": "helix" } })).toMatchObject({
      ok: true,
    });
    await resolve(4);
    await check(4);
    expect(ann.conn.view?.own?.failed).toBe(true);
    expect(ann.conn.view?.actors.find((a) => a.id === "helix")?.failed).toBe(true);

    // Cy missed a patch (its view is not the one the next patch applies to): it asks for the full view
    const c = cy.conn as unknown as { last: ViewMessage };
    c.last = { ...c.last, seq: c.last.seq - 1 };
    await resolve(5);
    await waitFor(() => cy.resyncs > 0 && cy.conn.last?.reason === "resync", 10_000, "Cy's resync");
    await check(5);

    // Bob reloads the page: a new connection with the game's rejoin token
    const page = { ...bob.conn.saved };
    await bob.conn.leave();
    bob = await Browser.reload(url, page);
    expect(bob.conn.seat).toBe("stratus");
    for (let q = 6; q <= 8; q++) {
      await resolve(q);
      await check(q);
    }
    expect(ann.conn.view?.finished).toBe(true);

    // patches did the work: each reference connection got one per quarter but the one after it joined
    for (const ref of refs.values()) {
      expect(ref.deltas).toBeGreaterThanOrEqual(7);
      expect(ref.unmerged).toBe(0);
    }
    expect(cy.resyncs).toBe(1);
    expect(ann.resyncs + projector.resyncs + spectator.resyncs).toBe(0);
    for (const { b } of browsers()) await b.conn.leave();
    for (const ref of refs.values()) await ref.leave();
    await host.leave();
  });
});
