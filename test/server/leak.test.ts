/**
 * Hidden information: every client (players on different seats, a team mate, a spectator, a
 * late joiner, a reconnected player) decodes everything it receives — state patches, messages
 * and the views it merges from view patches — and must find no other seat's private fields. The true private values are
 * taken from the host's log (replayed) and searched for as canaries.
 */
import { describe, expect, it } from "vitest";
import { actorOf, botOrders, createGame, type GameState, readLog, resolveTurn, scenarioOfLog } from "../../shared/index.ts";
import { FaultProxy } from "./fault-proxy.ts";
import { Player, PRIVATE_KEYS, serverForSuite, waitFor } from "./helpers.ts";

const server = serverForSuite();

/** Walks a decoded value; calls fn(path, key, value, parent) for every property. */
function walk(v: unknown, fn: (path: string, key: string, value: unknown, parent: Record<string, unknown>) => void, path = "$"): void {
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) walk(v[i], fn, `${path}[${i}]`);
  } else if (v && typeof v === "object") {
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      fn(`${path}.${k}`, k, x, v as Record<string, unknown>);
      walk(x, fn, `${path}.${k}`);
    }
  }
}

/** Distinctive private numbers of a seat (≥ 6 significant digits, so a coincidence is implausible). */
function canaries(state: GameState, seat: string): Set<number> {
  const a = actorOf(state, seat) as unknown as Record<string, unknown>;
  const out = new Set<number>();
  const add = (x: unknown) => {
    if (
      typeof x === "number" &&
      Number.isFinite(x) &&
      Math.abs(x) >= 1000 &&
      String(Math.abs(x)).replace(/e.*$/, "").replace(/\./g, "").replace(/^0+/, "").replace(/0+$/, "").length >= 6
    )
      out.add(x);
  };
  add(a.debtCents);
  const books = a.books as Record<string, number>;
  for (const k of ["cash", "debt", "costOfRevenue", "sga", "interest", "netIncome", "fcf"]) add(books?.[k]);
  for (const k of ["budget", "payroll", "spend", "labourCost", "integrationStock", "efficiencyStock"]) add(a[k]);
  return out;
}

describe("hidden information", () => {
  it("no client ever receives another seat's private books", async () => {
    const host = await new Player(server.proc.url).create({
      name: "H",
      scenario: "classroom",
      quarters: 4,
      turnSeconds: 0,
      seed: 99,
      graceSeconds: 30,
    });
    const seats = Object.keys(host.meta.seats).sort();
    const proxy = await new FaultProxy(server.proc.port).listen();
    const a = await new Player(proxy.url).join(host.code, { name: "A", seat: seats[0] });
    const a2 = await new Player(server.proc.url).join(host.code, { name: "A2", seat: seats[0] });
    const b = await new Player(server.proc.url).join(host.code, { name: "B", seat: seats[1] });
    const c = await new Player(server.proc.url).join(host.code, { name: "C", seat: seats[2] });
    const spec = await new Player(server.proc.url).join(host.code, { name: "S", spectator: true });
    const players = [a, b, c];
    expect(await host.host({ action: "start" })).toMatchObject({ ok: true });
    let late: Player | null = null;
    a.room.reconnection.minUptime = 0;
    a.room.reconnection.minDelay = 50;
    for (let q = 1; q <= 4; q++) {
      for (const p of players) expect(await p.submit(botOrders(p.view))).toMatchObject({ ok: true });
      await waitFor(() => players.every((p) => p.views.some((v) => v.quarter >= q)), 15_000, `quarter ${q}`);
      if (q === 2) {
        late = await new Player(server.proc.url).join(host.code, { name: "Late", seat: seats[3] });
        players.push(late);
        proxy.drop(); // A's socket dies; the SDK reconnects and A gets a fresh view
        await waitFor(() => a.views.at(-1)?.reason === "join", 10_000, "A reconnected");
      }
    }
    const clients = [a, a2, b, c, spec, late!];

    // true private values, from the host's log
    const res = await fetch(`${server.proc.url}/api/games/${host.code}/log`, { headers: { "x-host-key": host.welcome!.hostKey! } });
    const log = readLog(await res.json());
    let st = createGame(scenarioOfLog(log), log.seed);
    const states = [st];
    for (const q of log.quarters) {
      st = resolveTurn(st, q.ordersBySeat).state;
      states.push(st);
    }

    let checkedValues = 0;
    for (const cl of clients) {
      const mine = cl.welcome!.seat;
      const others = seats.filter((s) => s !== mine);
      const secret = new Map<number, string>();
      for (const s of states) for (const o of others) for (const n of canaries(s, o)) secret.set(n, o);
      // view patches name objects by their place, not by an `id` field: their structure is
      // checked in the views they merge into (every value of a patch is in the view after it)
      const isPatch = ([t, p]: [string, unknown]) => t === "view" && (p as { delta?: boolean }).delta === true;
      const whole: unknown[] = [...cl.received.filter((m) => !isPatch(m)).map(([, p]) => p), ...cl.views, ...cl.states];
      const everything: unknown[] = [...whole, ...cl.received.filter(isPatch).map(([, p]) => p)];
      expect(everything.length).toBeGreaterThan(3);
      for (const item of whole) {
        walk(item, (path, key, value, parent) => {
          checkedValues++;
          // an object describing another seat must not carry private keys
          const id = (parent as { id?: unknown }).id;
          if (typeof id === "string" && others.includes(id) && PRIVATE_KEYS.includes(key))
            throw new Error(`${cl.welcome!.name}: private ${path} of ${id}`);
          // `own` is always the viewer's own seat (or null)
          if (key === "own" && value !== null) expect((value as { id: string }).id).toBe(mine);
        });
      }
      for (const item of everything) {
        walk(item, (path, _key, value) => {
          if (typeof value === "number" && secret.has(value))
            throw new Error(`${cl.welcome!.name}: ${path} = ${value} is a private value of ${secret.get(value)}`);
        });
      }
      // per-actor history entries of other seats have their private columns blanked
      for (const v of cl.views) {
        for (const h of v.view.history) for (const o of others) if (h.actors[o]) expect(h.actors[o]).toMatchObject({ cash: 0, fcf: 0 });
      }
    }
    expect(checkedValues).toBeGreaterThan(1000);
    // the check can fail: the seat's own private values do reach it
    const ownCanaries = canaries(states.at(-1)!, seats[0]!);
    const seenByA = new Set<number>();
    for (const [, p] of a.received) walk(p, (_p, _k, v) => typeof v === "number" && seenByA.add(v));
    expect([...ownCanaries].some((n) => seenByA.has(n))).toBe(true);
    for (const p of clients) await p.leave();
    await host.leave();
    await proxy.close();
  }, 90_000);
});
