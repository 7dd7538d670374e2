/**
 * Where a quarter's memory goes: `node bench/alloc.ts [root] [--seconds n] [--top n]`.
 *
 * Plays `base` games as engine.quartersPerSecondPerCore times them (bots in every seat, the
 * working copy, the state hash read each quarter) and samples every allocation with V8's
 * sampling heap profiler (objects the young-generation collector frees included), then prints
 * the kilobytes allocated per quarter, in all and by the function that allocated them.
 *
 * Unlike speed, this hardly moves with the machine, so a change's effect on it shows in one run.
 * It matters for speed: in a game each kilobyte allocated costs about twice what allocating it
 * costs alone (docs/architecture.md, "Speed habits in the engine"). Functions that V8 inlined
 * count as their caller; run with `--no-turbo-inlining --no-maglev-inlining` to see the callee
 * (which then allocates more: numbers passed to or returned from a call that is not inlined
 * are boxed).
 */
import { Session } from "node:inspector/promises";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { Command } from "commander";

const program = new Command()
  .name("alloc")
  .description("Kilobytes allocated per quarter of `base` with bots in every seat, by allocating function")
  .argument("[root]", "the checkout to measure", ".")
  .option("--seconds <n>", "seconds of sampled games (after 6 s of warm-up)", "8")
  .option("--top <n>", "functions to list", "25")
  .parse();
const root = program.args[0] ?? ".";
const opts = program.opts<{ seconds: string; top: string }>();

type Shared = typeof import("../shared/index.ts");
const m = (await import(pathToFileURL(resolve(root, "shared/index.ts")).href)) as Shared;
const scenario = m.parseScenario(m.scenarioInput("base"));
let seed = 1;
let state = m.createGame(scenario, seed);

/** Plays on for `ms`; returns the quarters played. */
function play(ms: number): number {
  const end = performance.now() + ms;
  let quarters = 0;
  while (performance.now() < end) {
    if (state.finished) {
      state = m.createGame(scenario, ++seed);
      continue;
    }
    const r = m.resolveTurn(state, m.allBotOrders(state));
    if (r.hash.length !== 16) throw new Error("bad hash");
    state = r.state;
    quarters++;
  }
  return quarters;
}

interface SamplingNode {
  callFrame: { functionName: string; url: string; lineNumber: number };
  selfSize: number;
  children: SamplingNode[];
}

play(6000);
const session = new Session();
session.connect();
await session.post("HeapProfiler.startSampling", {
  samplingInterval: 256,
  includeObjectsCollectedByMajorGC: true,
  includeObjectsCollectedByMinorGC: true,
});
const quarters = play(Number(opts.seconds) * 1000);
const { profile } = (await session.post("HeapProfiler.stopSampling")) as { profile: { head: SamplingNode } };
session.disconnect();

const bytes = new Map<string, number>();
let total = 0;
const stack = [profile.head];
while (stack.length) {
  const node = stack.pop()!;
  const f = node.callFrame;
  const where = f.url ? `${f.url.split("/").slice(-2).join("/")}:${f.lineNumber + 1}` : "(native)";
  const name = `${f.functionName || "(anonymous)"} ${where}`;
  bytes.set(name, (bytes.get(name) ?? 0) + node.selfSize);
  total += node.selfSize;
  stack.push(...node.children);
}
const kb = (b: number): string => (b / quarters / 1024).toFixed(1).padStart(6);
console.log(`${kb(total)} KB per quarter in all (${quarters} quarters of base, root ${root})`);
for (const [name, b] of [...bytes].sort((x, y) => y[1] - x[1]).slice(0, Number(opts.top))) console.log(`${kb(b)} KB  ${name}`);
