/**
 * The host's shock form: a catalogue shock's parameters (shockParamList) as fields with the
 * catalogue's values, and the overrides a host's changes make of them. A company target is a
 * choice of the game's companies of the role it needs (or the catalogue's symbolic target), a
 * model ban's a lab's frontier model or a model, a task class one of the game's.
 */
import type { PlayerView } from "../../shared/index.ts";
import { FRONTIER_OF, type ShockParam, shockParamList } from "../../shared/scenario/shocks.ts";

export interface ShockField {
  key: string;
  label: string;
  input: "number" | "checkbox" | "select" | "text";
  /** the catalogue's value, as the input holds it */
  value: string;
  options?: { value: string; label: string }[];
}

/** "throughputMultiplier" → "throughput multiplier" */
function words(id: string): string {
  return id.replace(/([a-z0-9])([A-Z])/g, "$1 $2").toLowerCase();
}

function label(p: ShockParam, view: PlayerView, id: string): string {
  if (p.key === "duration") return "Duration (quarters; 0: once)";
  const [, i, field] = p.key.split(".");
  const effect = view.catalogue.find((c) => c.id === id)?.effects[Number(i)];
  const what = effect ? words(effect.kind) : `effect ${Number(i) + 1}`;
  return `${what.charAt(0).toUpperCase()}${what.slice(1)}: ${words(field ?? "")}`;
}

function options(p: ShockParam, view: PlayerView): { value: string; label: string }[] | undefined {
  const live = view.actors.filter((a) => !a.failed);
  const catalogue = { value: String(p.value), label: `${p.value} (as the catalogue says)` };
  switch (p.kind) {
    case "company":
      return [catalogue, ...live.filter((a) => p.role === null || a.role === p.role).map((a) => ({ value: a.id, label: a.name }))];
    case "model":
      return [
        catalogue,
        ...live.filter((a) => a.role === "lab").map((a) => ({ value: `${FRONTIER_OF}${a.id}`, label: `${a.name}'s frontier model` })),
        ...view.models.map((m) => ({ value: m.id, label: m.name })),
      ];
    case "taskClass":
      return view.taskClasses.map((k) => ({ value: k.id, label: k.name }));
    case "choice":
      return p.choices.map((c) => ({ value: c, label: c }));
    default:
      return undefined;
  }
}

/** The fields of shock `id` of the view's catalogue ([] for an unknown id). */
export function shockForm(view: PlayerView, id: string): ShockField[] {
  const spec = view.catalogue.find((c) => c.id === id);
  if (!spec) return [];
  return shockParamList(spec).map((p) => {
    const opts = options(p, view);
    const input = opts ? "select" : p.kind === "number" ? "number" : p.kind === "boolean" ? "checkbox" : "text";
    return { key: p.key, label: label(p, view, id), input, value: String(p.value), ...(opts ? { options: opts } : {}) };
  });
}

/**
 * The overrides the host's values make (by key; a checkbox as "true"/"false"): only the fields
 * changed from the catalogue's value, numbers compared as numbers. Returns a one-line error for
 * a number field that does not read as a number.
 */
export function shockOverrides(
  fields: readonly ShockField[],
  values: Record<string, string>,
): Record<string, number | string | boolean> | string {
  const out: Record<string, number | string | boolean> = {};
  for (const f of fields) {
    const v = values[f.key];
    if (v === undefined) continue;
    if (f.input === "number") {
      const n = Number(v);
      if (v.trim() === "" || !Number.isFinite(n)) return `${f.label}: "${v}" is not a number`;
      if (n !== Number(f.value)) out[f.key] = n;
    } else if (f.input === "checkbox") {
      if (v !== f.value) out[f.key] = v === "true";
    } else if (v !== f.value) out[f.key] = v;
  }
  return out;
}
