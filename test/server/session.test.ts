/**
 * A class's session against the real server with real SDK clients: seat choice, team seats
 * whose shared draft merges by order (neither mate's orders lost), the host's seat rules, a
 * dropped player whose bot is visible and whose return brings a summary, the per-member rate
 * limit across rejoins, every request answered, and a DATABASE_URL without a user.
 */
import { describe, expect, it } from "vitest";
import { botOrders, type DraftMessage, type GameLog, NAME_MAX, type NoticeMessage } from "../../shared/index.ts";
import { httpJson, Player, type ServerProc, serverForSuite, startServerProcess, tempDataDir, waitFor } from "./helpers.ts";

const server = serverForSuite();

const drafts = (p: Player) => p.received.filter(([t]) => t === "draft").map(([, m]) => m as DraftMessage);
const notices = (p: Player) => p.notices as NoticeMessage[];

describe("seats and teams", () => {
  it("players choose seats; team mates share one draft that merges by order; the host's locks and cap hold", async () => {
    const host = await new Player(server.proc.url).create({
      name: "Ms K",
      scenario: "classroom",
      turnSeconds: 0,
      seed: 4,
      waitForAll: false,
    });
    const ann = await new Player(server.proc.url).join(host.code, { name: "Ann", choose: true });
    expect(ann.welcome?.seat).toBeNull();
    const bob = await new Player(server.proc.url).join(host.code, { name: "Bob", choose: true });
    const cy = await new Player(server.proc.url).join(host.code, { name: "Cy", choose: true });
    // the lobby lists every seat with its company, role and people
    await waitFor(() => Object.keys(host.meta.seats).length === 7, 5000, "seats in meta");
    expect(host.meta.seats.helix).toMatchObject({ role: "lab", members: [], controller: "bot" });

    expect(await ann.request("claimSeat", { seq: ++ann.seq, seat: "helix" })).toMatchObject({ ok: true });
    expect(await host.host({ action: "teamCap", max: 2 })).toMatchObject({ ok: true });
    expect(await bob.request("claimSeat", { seq: ++bob.seq, seat: "helix" })).toMatchObject({ ok: true });
    expect(await cy.request("claimSeat", { seq: ++cy.seq, seat: "helix" })).toMatchObject({ ok: false, code: "team_full" });
    expect(await host.host({ action: "lockSeats", seats: ["meridian"], locked: true })).toMatchObject({ ok: true });
    expect(await cy.request("claimSeat", { seq: ++cy.seq, seat: "meridian" })).toMatchObject({ ok: false, code: "seat_locked" });
    expect(await cy.request("claimSeat", { seq: ++cy.seq, seat: "vector" })).toMatchObject({ ok: true });
    await waitFor(() => host.meta.seats.helix?.members.length === 2, 5000, "a team of two in meta");
    // the reply comes before the room's next state patch: wait for the lock to reach the metadata
    await waitFor(() => (host.meta.seats.meridian as unknown as { locked: boolean }).locked === true, 5000, "the lock in meta");
    expect(await host.host({ action: "start" })).toMatchObject({ ok: true });
    await waitFor(() => ann.meta.phase === "playing", 5000, "playing");

    // Ann sets the frontier price; Bob sees it in the seat's draft, set by Ann
    const frontier = { type: "lab/setPrices", tier: "frontier", inputPrice: 4, outputPrice: 25 };
    expect(await ann.submit([frontier])).toMatchObject({ ok: true });
    await waitFor(() => drafts(bob).some((d) => d.pending.some((p) => p.by === "Ann")), 5000, "Bob sees Ann's pending order");
    // Bob starts editing the same price: Ann sees it live
    expect(await bob.request("draft", { seq: ++bob.seq, quarter: 1, orders: [{ ...frontier, outputPrice: 30 }] })).toMatchObject({
      ok: true,
    });
    await waitFor(() => drafts(ann).some((d) => d.editing.some((e) => e.name === "Bob")), 5000, "Ann sees Bob editing");
    // Bob submits another order: Ann's stands (team mates' orders merge by their merge key)
    const efficiency = { type: "lab/investEfficiency", perQuarter: 2e8 };
    expect(await bob.submit([efficiency])).toMatchObject({ ok: true, data: { pending: 2 } });
    // then the same price: the last to submit wins, and Ann is told so
    expect(await bob.submit([{ ...frontier, outputPrice: 30 }])).toMatchObject({ ok: true, data: { pending: 2 } });
    await waitFor(
      () => notices(ann).some((n) => n.kind === "replaced" && /Bob's submission replaced your pending order/.test(n.text)),
      5000,
    );
    // Ann adds a contract, then removes Bob's efficiency order: explicit, and Bob is told
    expect(await ann.submit([], undefined)).toMatchObject({ ok: true });
    expect(await ann.request("submit", { seq: ++ann.seq, quarter: 1, orders: [], remove: ["lab/investEfficiency"] })).toMatchObject({
      ok: true,
      data: { pending: 1 },
    });
    await waitFor(() => notices(bob).some((n) => n.kind === "replaced" && /Ann removed your pending order/.test(n.text)), 5000);
    expect(await bob.submit([efficiency])).toMatchObject({ ok: true, data: { pending: 2 } });
    // the seat's draft reaches Ann after Bob's reply: wait for the one with his last change
    const last = await waitFor(() => drafts(ann).find((d) => d.changes.length === 5), 5000, "Ann's draft after Bob's last submit");
    expect(last.pending.map((p) => [p.key, p.by])).toEqual([
      ["lab/setPrices:frontier", "Bob"],
      ["lab/investEfficiency", "Bob"],
    ]);
    expect(last.changes.map((c) => `${c.by} ${c.action} ${c.key}${c.replaced ? ` (was ${c.replaced.by}'s)` : ""}`)).toEqual([
      "Ann set lab/setPrices:frontier",
      "Bob set lab/investEfficiency",
      "Bob set lab/setPrices:frontier (was Ann's)",
      "Ann remove lab/investEfficiency (was Bob's)",
      "Bob set lab/investEfficiency",
    ]);
    // nobody outside the seat ever received its draft
    expect(drafts(cy).every((d) => d.seat === "vector")).toBe(true);
    expect(drafts(host)).toEqual([]);

    // the quarter resolves with both mates' orders
    expect(await host.host({ action: "resolveNow" })).toMatchObject({ ok: true });
    await ann.waitQuarter(1);
    const log = await httpJson(`${server.proc.url}/api/games/${host.code}/log`, { headers: { "x-host-key": host.welcome!.hostKey! } });
    const gl = log.body as GameLog;
    expect(gl.quarters[0]!.ordersBySeat.helix).toEqual([{ ...frontier, outputPrice: 30 }, efficiency]);
    // a new quarter starts with an empty draft
    expect(bob.views.at(-1)!.pending).toBeNull();
    expect(await ann.request("draft", { seq: ++ann.seq, quarter: 2, orders: [frontier] })).toMatchObject({ ok: true });
    await waitFor(() => drafts(bob).at(-1)?.quarter === 2, 5000, "the new quarter's draft");
    expect(drafts(bob).at(-1)).toMatchObject({ pending: [], changes: [], editing: [{ name: "Ann" }] });
    for (const p of [host, ann, bob, cy]) await p.leave();
  });

  it("two players with one name are told apart: the later gets a number, within the name's limit", async () => {
    const host = await new Player(server.proc.url).create({ name: "Sam", scenario: "classroom", turnSeconds: 0, seed: 5 });
    const sam = await new Player(server.proc.url).join(host.code, { name: " sam ", choose: true });
    const sam3 = await new Player(server.proc.url).join(host.code, { name: "SAM", choose: true });
    const long = "Team Rocket: Ana, Bo and Charlie";
    expect(long.length).toBe(NAME_MAX);
    const first = await new Player(server.proc.url).join(host.code, { name: long, choose: true });
    const second = await new Player(server.proc.url).join(host.code, { name: long, choose: true });
    expect([host.welcome?.name, sam.welcome?.name, sam3.welcome?.name]).toEqual(["Sam", "sam (2)", "SAM (3)"]);
    expect(first.welcome?.name).toBe(long);
    expect(second.welcome?.name).toBe("Team Rocket: Ana, Bo and Cha (2)");
    expect(second.welcome?.name.length).toBeLessThanOrEqual(NAME_MAX);
    // the host's list of people shows each name once
    const people = () => (host.meta as unknown as { people: Record<string, { name: string }> }).people ?? {};
    await waitFor(() => Object.keys(people()).length === 5, 5000, "five people in meta");
    const names = Object.values(people()).map((p) => p.name);
    expect(new Set(names.map((n) => n.toLowerCase())).size).toBe(5);
    // a rejoin keeps the name it was given
    const again = await new Player(server.proc.url).join(host.code, { name: "sam", rejoin: sam.welcome!.rejoinToken });
    expect(again.welcome?.name).toBe("sam (2)");
  });

  it("a dropped player's bot is shown as playing for them, and on return they get what it decided", async () => {
    const host = await new Player(server.proc.url).create({ name: "T", scenario: "classroom", turnSeconds: 0, graceSeconds: 1, seed: 8 });
    const dana = await new Player(server.proc.url).join(host.code, { name: "Dana", seat: "meridian" });
    const eve = await new Player(server.proc.url).join(host.code, { name: "Eve", seat: "helix" });
    expect(await host.host({ action: "start" })).toMatchObject({ ok: true });
    const token = dana.welcome!.rejoinToken;
    dana.room.reconnection.enabled = false;
    await dana.leave();
    await waitFor(
      () => (host.meta.seats.meridian as unknown as { botFor: string; controller: string }).botFor === "Dana",
      5000,
      "bot playing for Dana",
    );
    expect(host.meta.seats.meridian?.controller).toBe("bot");
    expect(await eve.submit(botOrders(eve.view))).toMatchObject({ ok: true }); // Eve is the only one waited for
    await eve.waitQuarter(1);
    const back = await new Player(server.proc.url).join(host.code, { rejoin: token });
    const summary = await waitFor(() => back.received.find(([t]) => t === "botSummary")?.[1], 5000, "the bot's summary");
    expect(summary).toMatchObject({ seat: "meridian", turns: [{ quarter: 1 }] });
    expect((summary as { turns: { orders: unknown[] }[] }).turns[0]!.orders.length).toBeGreaterThan(0);
    await waitFor(() => (host.meta.seats.meridian as unknown as { botFor: string }).botFor === "", 5000, "Dana back");
    for (const p of [host, back, eve]) await p.leave();
  });
});

describe("for the teacher", () => {
  it("a rehearsal: the teacher plays a lab alone against bots, each quarter resolving on submit, and may fast-forward", async () => {
    const host = await new Player(server.proc.url).create({
      name: "Ms K",
      scenario: "classroom",
      quarters: 3,
      rehearsal: true,
      public: true,
    });
    expect(host.welcome?.seat).toBe("helix");
    expect(host.welcome?.isHost).toBe(true);
    const list = await httpJson(`${server.proc.url}/api/games`);
    expect((list.body as { games: { code: string }[] }).games.map((g) => g.code)).not.toContain(host.code);
    expect(await host.host({ action: "start" })).toMatchObject({ ok: true });
    await waitFor(() => host.meta.phase === "playing", 5000, "playing");
    expect(await host.submit([])).toMatchObject({ ok: true });
    await host.waitQuarter(1);
    expect(await host.host({ action: "fastForward", quarters: 5 })).toMatchObject({ ok: true, data: { quarter: 3 } });
    await waitFor(() => host.meta.phase === "finished", 5000, "finished");
    await host.leave();
  });

  it("a co-host has the host's controls and downloads; the host deletes the game and its log", async () => {
    const host = await new Player(server.proc.url).create({ name: "Ms K", scenario: "classroom", turnSeconds: 0 });
    const ta = await new Player(server.proc.url).join(host.code, { name: "TA", spectator: true });
    const kid = await new Player(server.proc.url).join(host.code, { name: "Kid", seat: "helix" });
    const log = (token: string) => httpJson(`${server.proc.url}/api/games/${host.code}/log?member=${encodeURIComponent(token)}`);
    // a member who is not (yet) a co-host: the log is every member's only once the game has ended
    expect(await log(ta.welcome!.rejoinToken)).toMatchObject({ status: 409, body: { code: "game_running" } });
    expect(await ta.request("host", { seq: ++ta.seq, command: { action: "start" } })).toMatchObject({ ok: false, code: "not_host" });
    expect(await host.host({ action: "cohost", member: ta.welcome!.memberId, on: true })).toMatchObject({ ok: true });
    await waitFor(() => notices(ta).some((n) => /co-host/.test(n.text)), 5000, "the TA told");
    expect(await ta.request("host", { seq: ++ta.seq, command: { action: "start" } })).toMatchObject({ ok: true });
    expect((await log(ta.welcome!.rejoinToken)).status).toBe(200);
    expect(await log(kid.welcome!.rejoinToken)).toMatchObject({ status: 409, body: { code: "game_running" } });
    expect((await log("not-a-member-token")).status).toBe(403);
    // only the host deletes
    expect(await ta.request("host", { seq: ++ta.seq, command: { action: "delete" } })).toMatchObject({ ok: false, code: "not_host" });
    kid.room.reconnection.enabled = false;
    expect(await host.host({ action: "delete" })).toMatchObject({ ok: true });
    await waitFor(() => kid.left !== null, 5000, "everyone disconnected");
    expect(kid.left).toBe(4040);
    expect(notices(kid).some((n) => n.data?.code === "game_deleted")).toBe(true);
    const gone = await httpJson(`${server.proc.url}/api/games/${host.code}/log`, { headers: { "x-host-key": host.welcome!.hostKey! } });
    expect(gone.status).toBe(404);
    await expect(new Player(server.proc.url).join(host.code, { rejoin: kid.welcome!.rejoinToken })).rejects.toThrow();
  });
});

describe("protocol", () => {
  it("every request is answered, `*` included", async () => {
    const host = await new Player(server.proc.url).create({ name: "H", scenario: "classroom", turnSeconds: 0 });
    for (const type of ["submit", "draft", "claimSeat", "host", "resync", "*"]) {
      const r = (await host.request(type, {}, 5000)) as { ok: boolean; code?: string };
      expect(r, type).toMatchObject({ ok: false });
      expect(r.code, type).toBe(type === "*" ? "unknown_type" : "bad_message");
    }
    await expect(host.request("bogus", {}, 5000)).rejects.toThrow(/no_handler|bogus/);
    expect(host.left).toBeNull();
    await host.leave();
  });
});

describe("the rate limit is per member, across rejoins", () => {
  it("a flooding member is cut off and held off longer each time; another member is unaffected", async () => {
    const data = tempDataDir();
    let srv: ServerProc | null = null;
    try {
      srv = await startServerProcess({ DATA_DIR: data.dir, CC_RATE_HOLD_MS: "1500" });
      const host = await new Player(srv.url).create({ name: "H", scenario: "classroom", turnSeconds: 0 });
      const calm = await new Player(srv.url).join(host.code, { name: "Calm" });
      const flood = await new Player(srv.url).join(host.code, { name: "Flood" });
      const token = flood.welcome!.rejoinToken;
      let calmOk = 0;
      let calmBad = 0;
      let stop = false;
      const calmLoop = (async () => {
        while (!stop) {
          const r = await calm.request("resync", { seq: ++calm.seq }, 5000).catch(() => null);
          if (r?.ok) calmOk++;
          else calmBad++;
          await new Promise((res) => setTimeout(res, 100));
        }
      })();
      const burst = async (p: Player) => {
        for (let i = 0; i < 60 && p.left === null; i++) p.room.send("resync", { seq: ++p.seq });
        await waitFor(() => p.left !== null, 5000, "the flooder cut off");
      };
      await burst(flood);
      expect(flood.left).toBe(4029);
      // rejoining at once (with the member's token) is refused while held off
      const early = new Player(srv.url);
      await expect(early.join(host.code, { rejoin: token })).rejects.toThrow(/rate_limited: .* rejoin in 2 s/);
      await new Promise((r) => setTimeout(r, 1700));
      const again = await new Player(srv.url).join(host.code, { rejoin: token });
      expect(again.welcome?.memberId).toBe(flood.welcome?.memberId);
      await burst(again);
      // the second offence holds it off twice as long
      await expect(new Player(srv.url).join(host.code, { rejoin: token })).rejects.toThrow(/rejoin in 3 s/);
      stop = true;
      await calmLoop;
      expect(calm.left).toBeNull();
      expect(calmBad).toBe(0);
      expect(calmOk).toBeGreaterThan(10);
      for (const p of [host, calm]) await p.leave();
    } finally {
      await srv?.kill("SIGTERM");
      data.cleanup();
    }
  }, 60_000);
});

describe("start-up errors are one line", () => {
  it("DATABASE_URL without a user, and USER unset, is refused by name", async () => {
    const data = tempDataDir();
    try {
      await expect(
        startServerProcess({ DATA_DIR: data.dir, DATABASE_URL: "postgres://127.0.0.1:5432/test", USER: undefined, PGUSER: undefined }),
      ).rejects.toThrow(
        /exited before listening:\n\[server\] cannot start: DATABASE_URL names no user and neither PGUSER nor USER is set: write it as postgres:\/\/USER@127\.0\.0\.1:5432\/test\n$/,
      );
    } finally {
      data.cleanup();
    }
  });
});
