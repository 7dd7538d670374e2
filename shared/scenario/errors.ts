/** A scenario, override or shock that the model cannot play: its message names each bad field. */
export class ScenarioError extends Error {
  readonly issues: string[];
  constructor(message: string, issues: string[] = []) {
    super(issues.length === 1 ? `${message}: ${issues[0]}` : issues.length ? `${message}\n  - ${issues.join("\n  - ")}` : message);
    this.name = "ScenarioError";
    this.issues = issues;
  }
}
