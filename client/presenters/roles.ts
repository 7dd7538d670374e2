/** Role colours (Okabe–Ito, colour-blind safe), always paired with a shape glyph and a label. */
import type { Role } from "../../shared/index.ts";

export type NodeKind = Role | "foundry" | "memory" | "economy";

export interface RoleStyle {
  label: string;
  colour: string;
  /** shape name used by the world view, and a text glyph for DOM */
  shape: "circle" | "square" | "triangle" | "diamond" | "hexagon";
  glyph: string;
}

export const ROLE_STYLE: Record<NodeKind, RoleStyle> = {
  foundry: { label: "Foundry", colour: "#A0A8B8", shape: "hexagon", glyph: "⬢" },
  memory: { label: "Memory", colour: "#A0A8B8", shape: "hexagon", glyph: "⬢" },
  chipmaker: { label: "Chipmaker", colour: "#E69F00", shape: "triangle", glyph: "▲" },
  hyperscaler: { label: "Hyperscaler", colour: "#56B4E9", shape: "square", glyph: "■" },
  lab: { label: "AI lab", colour: "#CC79A7", shape: "circle", glyph: "●" },
  enterprise: { label: "Enterprise", colour: "#F0E442", shape: "diamond", glyph: "◆" },
  economy: { label: "Rest of economy", colour: "#F0E442", shape: "diamond", glyph: "◇" },
};

export type FlowKind = "wafers" | "hbm" | "accelerators" | "gpuHours" | "tokens" | "dollars";

export const FLOW_STYLE: Record<FlowKind, { label: string; colour: string; unit: string; dash: boolean }> = {
  wafers: { label: "wafers", colour: "#E69F00", unit: "wafers", dash: false },
  hbm: { label: "HBM", colour: "#D55E00", unit: "stacks", dash: true },
  accelerators: { label: "accelerators", colour: "#56B4E9", unit: "units", dash: false },
  gpuHours: { label: "GPU-hours", colour: "#0072B2", unit: "GPU-h", dash: false },
  tokens: { label: "tokens", colour: "#009E73", unit: "Mtok", dash: false },
  dollars: { label: "dollars", colour: "#F0E442", unit: "$", dash: true },
};

/** Chart series palette: Okabe–Ito order, paired with dash patterns in the charts. */
export const SERIES_COLOURS = ["#56B4E9", "#E69F00", "#009E73", "#F0E442", "#CC79A7", "#D55E00", "#0072B2", "#FFFFFF"];
