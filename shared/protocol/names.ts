/**
 * Display names in a game: one rule for the server, which gives a new member a name no other
 * member has, and for the client, which knows its own member again under the name the player
 * types. Names compare case and outer spaces aside; a taken name gets a number ("Sam (2)"),
 * cut to fit NAME_MAX.
 */
import { NAME_MAX } from "./messages.ts";

/** The form two names are compared in. */
function nameKey(name: string): string {
  return name.trim().toLowerCase();
}

/** `name`, or the first of "name (2)", "name (3)"… that none of `taken` has. */
export function freeName(name: string, taken: Iterable<string>): string {
  const keys = new Set<string>();
  for (const t of taken) keys.add(nameKey(t));
  if (!keys.has(nameKey(name))) return name;
  for (let n = 2; ; n++) {
    const suffix = ` (${n})`;
    const candidate = `${name.slice(0, NAME_MAX - suffix.length).trimEnd()}${suffix}`;
    if (!keys.has(nameKey(candidate))) return candidate;
  }
}

/**
 * Whether `given`, a name the game gave, is what `freeName` makes of `typed`: the same name, or
 * it with a number, cut to fit when it was too long for the number.
 */
export function isNameGivenFor(given: string, typed: string): boolean {
  const g = nameKey(given);
  const t = nameKey(typed);
  if (g === t) return true;
  const numbered = / \(\d+\)$/.exec(g);
  if (!numbered) return false;
  const base = g.slice(0, numbered.index);
  return base === t || (t.startsWith(base) && t.length + numbered[0].length > NAME_MAX);
}
