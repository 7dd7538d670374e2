/** A scenario, override or shock that the model cannot play: its message names each bad field. */
export class ScenarioError extends Error {
  readonly issues: string[];
  constructor(message: string, issues: string[] = []) {
    super(issues.length === 1 ? `${message}: ${issues[0]}` : issues.length ? `${message}\n  - ${issues.join("\n  - ")}` : message);
    this.name = "ScenarioError";
    this.issues = issues;
  }
}

/**
 * An error as one line, for a batch's `failures` and a command's error: a ScenarioError with
 * several issues as "invalid scenario: a.b: msg; c: msg" (its message lists them on lines of
 * their own), anything else as its message's first line.
 */
export function errorLine(e: unknown): string {
  if (e instanceof ScenarioError && e.issues.length > 1) return `${e.message.split("\n")[0]}: ${e.issues.join("; ")}`;
  const message = e instanceof Error ? e.message : String(e);
  return message.split("\n")[0] ?? message;
}
