/**
 * The version of the game's rules: bump it in the commit that changes how any game plays out,
 * that is, any state hash for the same scenario JSON, seed and orders (a new mechanism, a
 * changed constant, a change to what the hash covers). Neither a bot's new decision nor a
 * changed scenario file is one: a log keeps every seat's orders and the scenario as played, so
 * it replays the same. A game log records the version it was played under, so a replay under
 * other rules says so instead of reporting a bare divergence, and a server can tell a game it
 * cannot restore from a damaged log.
 * `npm run golden:update` refuses to rewrite goldens whose hashes changed while this did not,
 * and the determinism test fails while the goldens were recorded under another version.
 */
export const RULES_VERSION = 36;

/** "rules v3", or a description of a log that predates recorded rule versions. */
export function rulesLabel(version: number | null | undefined): string {
  return typeof version === "number" ? `rules v${version}` : "rules older than v1 (the log records no version)";
}
