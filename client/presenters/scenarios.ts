/** The scenario picker on the landing page: title, length, seats and a one-line description. */
import { roleName } from "./books.ts";

export interface ScenarioInfo {
  id: string;
  title: string;
  description: string;
  quarters: number;
  actors: { role: string }[];
}

export interface ScenarioChoice {
  id: string;
  title: string;
  quarters: number;
  /** e.g. "8 quarters · 7 seats" */
  facts: string;
  /** e.g. "2 AI labs, 2 hyperscalers, 1 chipmaker, 2 enterprises" */
  seats: string;
  /** the first sentence of the description, at most ~110 characters */
  line: string;
  /** the whole description (for a tooltip) */
  description: string;
}

const ROLE_ORDER = ["lab", "hyperscaler", "chipmaker", "enterprise"];

export function oneLine(text: string, max = 110): string {
  const t = text.replace(/\s+/g, " ").trim();
  const first = /^.*?[.!?](?=\s|$)/.exec(t)?.[0] ?? t;
  return first.length > max ? `${first.slice(0, max - 1).replace(/\s+\S*$/, "")}…` : first;
}

export function scenarioChoice(s: ScenarioInfo): ScenarioChoice {
  const counts = new Map<string, number>();
  for (const a of s.actors) counts.set(a.role, (counts.get(a.role) ?? 0) + 1);
  const rank = (r: string) => (ROLE_ORDER.includes(r) ? ROLE_ORDER.indexOf(r) : 99);
  const roles = [...counts.keys()].sort((a, b) => rank(a) - rank(b));
  const seats = roles
    .map((r) => {
      const n = counts.get(r)!;
      const name = r === "lab" ? "AI lab" : roleName(r).toLowerCase();
      return `${n} ${n === 1 ? name : `${name}s`}`;
    })
    .join(", ");
  const n = s.actors.length;
  return {
    id: s.id,
    title: s.title,
    quarters: s.quarters,
    facts: `${s.quarters} quarter${s.quarters === 1 ? "" : "s"} · ${n} seat${n === 1 ? "" : "s"}`,
    seats,
    line: oneLine(s.description),
    description: s.description,
  };
}
