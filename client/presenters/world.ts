/**
 * The world view's display model: the supply chain left to right (foundry & memory →
 * chipmakers → hyperscalers → labs → enterprises & the rest of the economy). Node size is
 * scale, ring is health, edges carry flows whose width is volume and colour is what flows.
 * Shocks are placed on the nodes they strike. Pure: the Phaser scene only draws this.
 */
import type { PlayerView, PublicActor } from "../../shared/index.ts";
import { fmt } from "./format.ts";
import { FLOW_STYLE, type FlowKind, type NodeKind, ROLE_STYLE } from "./roles.ts";

export interface WorldNode {
  id: string;
  kind: NodeKind;
  label: string;
  sub: string;
  column: number;
  /** 0..1 positions in the layout box */
  x: number;
  y: number;
  /** radius in layout units (px at 1000×560) */
  r: number;
  /** 0 (distress) .. 1 (healthy) */
  health: number;
  own: boolean;
  failed: boolean;
  banned: boolean;
  stamp: string | null;
  shocks: string[];
  colour: string;
  shape: string;
  tint: string | null;
}

export interface WorldEdge {
  id: string;
  from: string;
  to: string;
  kind: FlowKind;
  volume: number;
  /** 1..14 px */
  width: number;
  colour: string;
  label: string;
  /** narrowed by a shock (e.g. a wafer shortage) */
  constrained: boolean;
}

export interface WorldModel {
  quarterLabel: string;
  columns: { title: string; x: number }[];
  nodes: WorldNode[];
  edges: WorldEdge[];
  legend: { kind: FlowKind; label: string; colour: string }[];
  /** what changed, for the text alternative and the playback caption */
  summary: string[];
}

const COLUMNS = ["Foundry & memory", "Chipmakers", "Hyperscalers", "AI labs", "Enterprises & economy"];
const COLUMN_OF: Record<NodeKind, number> = { foundry: 0, memory: 0, chipmaker: 1, hyperscaler: 2, lab: 3, enterprise: 4, economy: 4 };

/** Which node kinds a catalogue shock strikes, by id (used to place its marker). */
function shockTargets(id: string): NodeKind[] {
  if (id.includes("wafer") || id.includes("foundry")) return ["foundry"];
  if (id.includes("attention") || id.includes("memory")) return ["memory"];
  if (id.includes("capex") || id.includes("zoning") || id.includes("watts") || id.includes("energy")) return ["hyperscaler"];
  if (id.includes("ban") || id.includes("price-war") || id.includes("capability") || id.includes("insolv") || id.includes("efficiency"))
    return ["lab"];
  if (id.includes("demand") || id.includes("reasoning")) return ["enterprise", "economy"];
  if (id.includes("rate") || id.includes("ipo")) return ["lab", "hyperscaler", "chipmaker"];
  return ["economy"];
}

function num(x: unknown): number {
  return typeof x === "number" && Number.isFinite(x) ? x : 0;
}

function scaleRadius(value: number, max: number): number {
  if (max <= 0 || value <= 0) return 14;
  return 14 + 26 * Math.sqrt(value / max);
}

function widthOf(v: number, max: number): number {
  if (max <= 0 || v <= 0) return 1;
  return 1 + 13 * Math.sqrt(v / max);
}

export function worldModel(view: PlayerView): WorldModel {
  const last = view.history[view.history.length - 1];
  const prev = view.history[view.history.length - 2];
  const active = view.world.activeShocks;
  const bannedLabs = new Set(view.models.filter((m) => m.banned).map((m) => m.lab));
  const maxRev = Math.max(1, ...view.actors.map((a) => a.revenue));
  const byColumn: WorldNode[][] = COLUMNS.map(() => []);
  const shocksFor = (kind: NodeKind) => active.filter((s) => shockTargets(s.shock).includes(kind)).map((s) => s.title);
  const energyHit = active.some((s) => s.shock.includes("energy"));

  const synth = (id: string, kind: NodeKind, label: string, sub: string, r: number, health: number): WorldNode => ({
    id,
    kind,
    label,
    sub,
    column: COLUMN_OF[kind],
    x: 0,
    y: 0,
    r,
    health,
    own: false,
    failed: false,
    banned: false,
    stamp: null,
    shocks: shocksFor(kind),
    colour: ROLE_STYLE[kind].colour,
    shape: ROLE_STYLE[kind].shape,
    tint: null,
  });
  byColumn[0]!.push(
    synth(
      "foundry",
      "foundry",
      "Foundry",
      // utilisation is wafer demand over capacity: past 100% it is what was ordered, not what was used
      `${fmt(view.world.foundryCapacityWafers, "wafers")}/q · ${
        view.world.foundryUtilization > 1
          ? `${fmt(view.world.foundryUtilization, "%")} of it ordered`
          : `${fmt(view.world.foundryUtilization, "%")} used`
      }`,
      30,
      1 - Math.max(0, view.world.foundryUtilization - 0.9) * 5,
    ),
  );
  byColumn[0]!.push(synth("memory", "memory", "Memory (HBM)", `${fmt(view.world.hbmPrice, "$")}/stack`, 24, 0.8));

  for (const a of view.actors) {
    const kind = a.role as NodeKind;
    const col = COLUMN_OF[kind];
    const banned = bannedLabs.has(a.id);
    const health = a.failed ? 0 : Math.max(0.05, Math.min(1, 0.6 + a.tsr));
    const node: WorldNode = {
      id: a.id,
      kind,
      label: a.name,
      sub: subOf(a),
      column: col,
      x: 0,
      y: 0,
      r: scaleRadius(a.revenue, maxRev),
      health,
      own: a.id === view.seat,
      failed: a.failed,
      banned,
      stamp: a.failed ? "FAILED" : banned ? "BANNED" : null,
      shocks: shocksFor(kind).filter((t) => !(kind === "lab" && t.toLowerCase().includes("ban") && !banned)),
      colour: ROLE_STYLE[kind].colour,
      shape: ROLE_STYLE[kind].shape,
      tint: energyHit && kind === "hyperscaler" && a.region !== "us" ? "#D55E00" : null,
    };
    byColumn[col]!.push(node);
  }
  byColumn[4]!.push(synth("economy", "economy", "Rest of economy", last ? `${fmt(last.shadowOutput, "$")} value` : "", 26, 0.8));

  const nodes: WorldNode[] = [];
  byColumn.forEach((col, ci) => {
    const n = col.length;
    col.forEach((node, i) => {
      node.x = 0.08 + (ci * 0.84) / (COLUMNS.length - 1);
      node.y = n === 1 ? 0.5 : 0.14 + (i * 0.74) / (n - 1);
      nodes.push(node);
    });
  });

  const edges: WorldEdge[] = [];
  const ids = (kind: NodeKind) => nodes.filter((x) => x.kind === kind);
  const chips = ids("chipmaker");
  const clouds = ids("hyperscaler");
  const labs = ids("lab");
  const buyers = [...ids("enterprise"), ...ids("economy")];
  const actor = (id: string) => view.actors.find((a) => a.id === id);
  const waferShort = active.some((s) => s.shock.includes("wafer"));
  const waferTotal = view.world.foundryCapacityWafers * view.world.foundryUtilization;
  for (const c of chips) {
    const v = chips.length > 0 ? waferTotal / chips.length : 0;
    edges.push(edge("foundry", c.id, "wafers", v, waferShort));
    edges.push(edge("memory", c.id, "hbm", num(actor(c.id)?.facts.unitsSold) * 8, false));
  }
  const totalUnits = chips.reduce((s, c) => s + num(actor(c.id)?.facts.unitsSold), 0);
  const cloudHours = clouds.map((h) => num(actor(h.id)?.facts.gpuHours));
  const totalHours = cloudHours.reduce((s, x) => s + x, 0);
  for (const c of chips) {
    const units = num(actor(c.id)?.facts.unitsSold);
    clouds.forEach((h, i) => {
      const share = totalHours > 0 ? cloudHours[i]! / totalHours : 1 / Math.max(1, clouds.length);
      edges.push(edge(c.id, h.id, "accelerators", units * share, false));
    });
  }
  const labTokens = labs.map((l) => num(actor(l.id)?.facts.tokensServedMtok));
  const totalTokens = labTokens.reduce((s, x) => s + x, 0);
  clouds.forEach((h, hi) => {
    labs.forEach((l, li) => {
      const share = totalTokens > 0 ? labTokens[li]! / totalTokens : 1 / Math.max(1, labs.length);
      edges.push(edge(h.id, l.id, "gpuHours", cloudHours[hi]! * share, false));
    });
  });
  const buyerWeights = buyers.map((b) => (b.kind === "economy" ? 2 : 1));
  const wsum = buyerWeights.reduce((s, x) => s + x, 0);
  labs.forEach((l, li) => {
    buyers.forEach((b, bi) => {
      const share = buyerWeights[bi]! / wsum;
      const banned = l.banned;
      edges.push(edge(l.id, b.id, "tokens", banned ? 0 : labTokens[li]! * share, banned));
    });
    edges.push(edge(buyers[buyers.length - 1]!.id, l.id, "dollars", num(actor(l.id)?.revenue), false));
  });

  const maxBy: Partial<Record<FlowKind, number>> = {};
  for (const e of edges) maxBy[e.kind] = Math.max(maxBy[e.kind] ?? 0, e.volume);
  for (const e of edges) e.width = widthOf(e.volume, maxBy[e.kind] ?? 0);
  void totalUnits;

  const summary: string[] = [];
  if (last) {
    summary.push(
      `${last.label}: tokens at ${fmt(last.tokenPriceIndex, "$/Mtok")}${prev ? ` (was ${fmt(prev.tokenPriceIndex, "$/Mtok")})` : ""}`,
    );
    summary.push(
      `GPU-hour price ${fmt(last.gpuHourPrice, "$/GPU-h")}, AI capex ${fmt(last.aiCapex, "$")}, total tokens ${fmt(last.totalTokens / 1e6, "Mtok")}`,
    );
  }
  for (const s of active) summary.push(`Shock in force: ${s.title}`);
  for (const n of nodes) if (n.stamp) summary.push(`${n.label}: ${n.stamp.toLowerCase()}`);

  return {
    quarterLabel: last?.label ?? "start",
    columns: COLUMNS.map((title, i) => ({ title, x: 0.08 + (i * 0.84) / (COLUMNS.length - 1) })),
    nodes,
    edges,
    legend: (Object.keys(FLOW_STYLE) as FlowKind[]).map((k) => ({ kind: k, label: FLOW_STYLE[k].label, colour: FLOW_STYLE[k].colour })),
    summary,
  };
}

function edge(from: string, to: string, kind: FlowKind, volume: number, constrained: boolean): WorldEdge {
  const st = FLOW_STYLE[kind];
  return {
    id: `${from}>${to}>${kind}`,
    from,
    to,
    kind,
    volume,
    width: 1,
    colour: st.colour,
    label: `${fmt(volume, "")} ${st.unit}`,
    constrained,
  };
}

function subOf(a: PublicActor): string {
  const f = a.facts;
  switch (a.role) {
    case "lab":
      return `${fmt(num(f.tokensServedMtok), "Mtok")} · ${fmt(a.revenue, "$")}`;
    case "hyperscaler":
      return `${fmt(num(f.powerMw), "MW")} · ${fmt(num(f.gpuHours), "GPU-h")}`;
    case "chipmaker":
      return `${fmt(num(f.unitsSold), "units")} · ${fmt(num(f.unitPrice), "$/unit")}`;
    case "enterprise":
      return `${fmt(num(f.tasksDone), "tasks")}`;
  }
}

/** Per-frame interpolation between two layouts (for the playback). Pure. */
export function lerpWorld(a: WorldModel, b: WorldModel, t: number): WorldModel {
  const k = Math.max(0, Math.min(1, t));
  const an = new Map(a.nodes.map((x) => [x.id, x]));
  const ae = new Map(a.edges.map((x) => [x.id, x]));
  const nodes = b.nodes.map((nb) => {
    const na = an.get(nb.id);
    if (!na) return nb;
    return { ...nb, r: na.r + (nb.r - na.r) * k, health: na.health + (nb.health - na.health) * k };
  });
  const edges = b.edges.map((eb) => {
    const ea = ae.get(eb.id);
    if (!ea) return eb;
    return { ...eb, width: ea.width + (eb.width - ea.width) * k };
  });
  return { ...b, nodes, edges };
}
