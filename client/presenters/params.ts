/** The host console's shock parameter overrides: "duration=2, effects.0.multiplier=0.6". */
export function parseParams(text: string): Record<string, number | string | boolean> | string {
  const out: Record<string, number | string | boolean> = {};
  for (const part of text
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)) {
    const m = /^([\w.]+)\s*=\s*(.+)$/.exec(part);
    if (!m) return `"${part}" is not key=value`;
    const raw = m[2]!.trim();
    out[m[1]!] = raw === "true" ? true : raw === "false" ? false : Number.isFinite(Number(raw)) ? Number(raw) : raw;
  }
  return out;
}
