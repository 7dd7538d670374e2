/** An enterprise's orders: the AI budget, routing per task class, integration, labour substitution. */
import { z } from "zod";
import { classIndex, modelIndex } from "../engine/context.ts";
import { type GameState, POLICIES } from "../engine/state.ts";
import { defineOrder, Frac, field, Money, Ref, refuse } from "./define.ts";
import { fundable } from "./lab.ts";

const usd = (x: number) =>
  x >= 1e9 ? `$${(x / 1e9).toFixed(2)}B` : x >= 1e6 ? `$${(x / 1e6).toFixed(1)}M` : `$${Math.round(x).toLocaleString("en-US")}`;

export const setBudget = defineOrder({
  type: "enterprise/setBudget",
  role: "enterprise",
  label: "AI budget",
  help: "The most you spend on AI per quarter; past it, work stops.",
  kind: "policy",
  mergeKey: null,
  schema: z.strictObject({
    type: z.literal("enterprise/setBudget"),
    perQuarter: field(Money, { label: "Budget", unit: "$/q", step: 1e5 }),
  }),
  check: () => null,
  cost: (_s, _i, o) => o.perQuarter,
  apply: (state, _ctx, i, o) => {
    state.firms.budget[state.companies.roleRow[i]!] = o.perQuarter;
  },
  describe: (o) => `AI budget ${usd(o.perQuarter)}/q`,
  form: (view) => (view.own?.role === "enterprise" ? [{ key: "", title: "AI budget", values: { perQuarter: view.own.budget } }] : []),
});

export const setRouting = defineOrder({
  type: "enterprise/setRouting",
  role: "enterprise",
  label: "Routing",
  help: "Which model does a class of tasks: the cheapest that clears its bar, the frontier for everything, or a named model with a fallback.",
  kind: "policy",
  mergeKey: "taskClass",
  schema: z.strictObject({
    type: z.literal("enterprise/setRouting"),
    taskClass: field(Ref, { label: "Task class" }),
    policy: field(z.enum(POLICIES), {
      label: "Policy",
      labels: { cheapest: "Cheapest that clears the bar", frontier: "Frontier for everything", named: "A named model" },
    }),
    model: field(Ref.optional(), { label: "Model", options: "modelsOrNone" }),
    fallback: field(Ref.optional(), { label: "Fallback", options: "modelsOrNone" }),
  }),
  check: (state, _i, o) => {
    const s = state as GameState;
    if (classIndex(s, o.taskClass) < 0) return refuse("unknown_task_class", `unknown task class "${o.taskClass}"`);
    if (o.policy === "named" && !o.model) return refuse("missing_model", "a named routing policy needs a model");
    if (o.model && modelIndex(s, o.model) < 0) return refuse("unknown_model", `unknown model "${o.model}"`);
    if (o.fallback && modelIndex(s, o.fallback) < 0) return refuse("unknown_model", `unknown fallback model "${o.fallback}"`);
    return null;
  },
  cost: () => 0,
  apply: (state, _ctx, i, o) => {
    const routes = state.firms.routing[state.companies.roleRow[i]!]!;
    routes[classIndex(state, o.taskClass)] = { policy: o.policy, model: o.model ?? null, fallback: o.fallback ?? null };
  },
  describe: (o, name) =>
    `Route ${o.taskClass}: ${o.policy}${o.model ? ` → ${name(o.model)}` : ""}${o.fallback ? ` (fallback ${name(o.fallback)})` : ""}`,
  form: (view) => {
    const own = view.own;
    if (own?.role !== "enterprise") return [];
    return view.taskClasses.map((tc) => {
      const r = own.routing[tc.id] ?? { policy: "cheapest" as const };
      const values: { taskClass: string; policy: (typeof POLICIES)[number]; model?: string; fallback?: string } = {
        taskClass: tc.id,
        policy: r.policy,
      };
      if (r.model) values.model = r.model;
      if (r.fallback) values.fallback = r.fallback;
      return { key: tc.id, title: `Routing: ${tc.name}`, values };
    });
  },
});

export const investIntegration = defineOrder({
  type: "enterprise/investIntegration",
  role: "enterprise",
  label: "Workflow integration",
  help: "Spend per quarter that turns pilots into realised value.",
  kind: "policy",
  mergeKey: null,
  schema: z.strictObject({
    type: z.literal("enterprise/investIntegration"),
    perQuarter: field(Money, { label: "Integration", unit: "$/q", step: 1e5 }),
  }),
  check: (state, i, o) => fundable(state as GameState, i, o.perQuarter),
  cost: (_s, _i, o) => o.perQuarter,
  apply: (state, _ctx, i, o) => {
    state.firms.integrationPerQuarter[state.companies.roleRow[i]!] = o.perQuarter;
  },
  describe: (o) => `Integration ${usd(o.perQuarter)}/q`,
  form: (view) =>
    view.own?.role === "enterprise"
      ? [{ key: "", title: "Workflow integration", values: { perQuarter: view.own.integrationPerQuarter } }]
      : [],
});

export const setLabourSubstitution = defineOrder({
  type: "enterprise/setLabourSubstitution",
  role: "enterprise",
  label: "Labour substitution",
  help: "Share of AI-replaceable labour actually reduced.",
  kind: "policy",
  mergeKey: null,
  schema: z.strictObject({
    type: z.literal("enterprise/setLabourSubstitution"),
    share: field(Frac, { label: "Share reduced", percent: true }),
  }),
  check: () => null,
  cost: () => 0,
  apply: (state, _ctx, i, o) => {
    state.firms.labourSubstitution[state.companies.roleRow[i]!] = o.share;
  },
  describe: (o) => `Reduce ${Math.round(o.share * 100)}% of replaceable labour`,
  form: (view) =>
    view.own?.role === "enterprise" ? [{ key: "", title: "Labour substitution", values: { share: view.own.labourSubstitution } }] : [],
});

export const ENTERPRISE_ORDERS = [setBudget, setRouting, investIntegration, setLabourSubstitution] as const;
