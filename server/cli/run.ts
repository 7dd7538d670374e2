/**
 * `sim run`: one bot game, printed as per-quarter tables, optionally saved as a replayable log.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { actorsOf, type GameEvent, type GameState, type QuarterIndicators, runGame } from "../../shared/index.ts";
import { describeEvent } from "../../shared/present/news.ts";
import { CliError, type GameSetup, parseSeed, resolveInputs, resolveSetup, type SetupOptions, scenarioForSeed } from "./common.ts";
import { formatValue, table } from "./format.ts";

export interface RunOptions extends SetupOptions {
  seed?: string;
  out?: string;
  json?: boolean;
}

export function runCommand(opts: RunOptions): void {
  const setup = resolveSetup(opts);
  const seed = parseSeed(opts.seed);
  // a scenario with an inputs section: draw them from the seed, as run `seed` of a batch does
  const { scenario, draws } = scenarioForSeed(setup, resolveInputs(setup, {}), seed);
  const played: GameSetup = draws.length ? { ...setup, scenario, overrides: [...setup.overrides, ...draws] } : setup;
  const { log, state, events } = runGame({ scenario, seed, injected: setup.injected, quarters: setup.quarters });
  if (opts.out) {
    try {
      mkdirSync(dirname(opts.out), { recursive: true });
      writeFileSync(opts.out, `${JSON.stringify(log)}\n`);
    } catch (e) {
      throw new CliError(`cannot write ${opts.out}: ${(e as Error).message}`);
    }
  }
  if (opts.json) {
    process.stdout.write(`${JSON.stringify({ seed, scenario: setup.scenario.id, history: state.history, events }, null, 2)}\n`);
    return;
  }
  process.stdout.write(renderGame(played, seed, state, events));
  if (opts.out) process.stdout.write(`\nGame log written to ${opts.out} (verify with: npm run sim -- replay ${opts.out})\n`);
}

function shortName(name: string, max = 22): string {
  return name.length <= max ? name : `${name.slice(0, max - 1)}…`;
}

function labsOf(state: GameState) {
  return Object.values(actorsOf(state)).filter((a) => a.role === "lab");
}

/** The per-quarter tables, notable events and the final companies table. */
export function renderGame(setup: GameSetup, seed: number, state: GameState, events: GameEvent[]): string {
  const sc = setup.scenario;
  const h: QuarterIndicators[] = state.history;
  const out: string[] = [];
  out.push(
    `Compute Cycle · scenario ${sc.id} v${sc.version} "${sc.title}" · seed ${seed} · ${h.length} quarters · ${state.companies.n} seats, all bots`,
  );
  if (setup.overrides.length) out.push(`--set ${setup.overrides.map((o) => `${o.path}=${JSON.stringify(o.value)}`).join("  ")}`);
  if (setup.injected.length) out.push(`--shock ${setup.injected.map((s) => `${s.shock}@${s.quarter}`).join("  ")}`);
  out.push("");

  const labs = labsOf(state);
  out.push(
    "Market · prices in $ per unit, flows ($, tokens) per quarter, utilisations as fractions; K M B T = 10^3 10^6 10^9 10^12, 3.54e15 = 3.54·10^15",
  );
  out.push(
    table(
      [
        { header: "Quarter", align: "left" },
        { header: "Tokens $/MTok" },
        { header: "Fixed-cap $/MTok" },
        { header: "GPU $/hour" },
        { header: "Tokens" },
        { header: "AI capex" },
        { header: "Wafer util" },
        { header: "GPU util" },
        { header: "Shadow output" },
        { header: "Leading lab", align: "left" },
        { header: "Revenue" },
        { header: "Margin" },
      ],
      h.map((q) => {
        let lead: { name: string; revenue: number; grossMargin: number } | null = null;
        for (const lab of labs) {
          const a = q.actors[lab.id];
          if (a && (!lead || a.revenue > lead.revenue)) lead = { name: lab.name, revenue: a.revenue, grossMargin: a.grossMargin };
        }
        return [
          q.label,
          formatValue(q.tokenPriceIndex, "usdPrice"),
          formatValue(q.fixedCapabilityPrice, "usdPrice"),
          formatValue(q.gpuHourPrice, "usdPrice"),
          formatValue(q.totalTokens, "tokens"),
          formatValue(q.aiCapex, "usd"),
          formatValue(q.waferUtilization, "fraction"),
          formatValue(q.gpuUtilization, "fraction"),
          formatValue(q.shadowOutput, "usd"),
          lead ? shortName(lead.name) : "–",
          lead ? formatValue(lead.revenue, "usd") : "–",
          lead ? formatValue(lead.grossMargin, "fraction") : "–",
        ];
      }),
    ),
  );

  if (labs.length) {
    out.push("");
    out.push("Labs · revenue $ per quarter (gross margin)");
    out.push(
      table(
        [{ header: "Quarter", align: "left" }, ...labs.map((l) => ({ header: shortName(l.name) }))],
        h.map((q) => [
          q.label,
          ...labs.map((l) => {
            const a = q.actors[l.id];
            return a ? `${formatValue(a.revenue, "usd")} (${formatValue(a.grossMargin, "fraction")})` : "–";
          }),
        ]),
      ),
    );
  }

  const names = new Map<string, string>([
    ...state.companies.id.map((id, i) => [id, state.companies.name[i]!] as const),
    ...state.models.id.map((id, m) => [id, state.models.name[m]!] as const),
  ]);
  const name = (id: string) => names.get(id) ?? id;
  const notable = events.filter((e) => e.seat === undefined && describeEvent(e, name).notable);
  out.push("");
  out.push(notable.length ? "Events" : "Events · none notable (no shocks, failures or releases)");
  for (const e of notable) {
    const label = h[e.quarter - 1]?.label ?? `Q${e.quarter}`;
    const w = describeEvent(e, name);
    out.push(`  ${label}  ${e.kind.padEnd(24)} ${w.headline}${w.text ? `. ${w.text}` : ""}`);
  }

  const last = h[h.length - 1];
  if (last) {
    out.push("");
    out.push(`Companies · ${last.label} · $ per quarter except cash and valuation ($)`);
    out.push(
      table(
        [
          { header: "Company", align: "left" },
          { header: "Role", align: "left" },
          { header: "Revenue" },
          { header: "Gross margin" },
          { header: "FCF" },
          { header: "Cash" },
          { header: "Valuation" },
          { header: "Status", align: "left" },
        ],
        Object.values(actorsOf(state)).map((a) => {
          const m = last.actors[a.id];
          return [
            shortName(a.name, 24),
            a.role,
            formatValue(m?.revenue, "usd"),
            formatValue(m?.grossMargin, "fraction"),
            formatValue(m?.fcf, "usd"),
            formatValue(m?.cash, "usd"),
            formatValue(m?.valuation, "usd"),
            a.failed ? "failed" : a.distressQuarters > 0 ? "distress" : "",
          ];
        }),
      ),
    );
  }
  return `${out.join("\n")}\n`;
}
