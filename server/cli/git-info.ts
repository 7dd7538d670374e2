/**
 * The project's commit and whether its tracked files have changes, from git, asked once per
 * process, both at once and as early as possible (sim.mjs asks before the commands load).
 * Starting git forks the process, and every page the process writes after that faults once more
 * (page faults are slow on this project's virtual machines, bench/README.md): asked while a
 * fork's runs are loading, git costs it measurably; asked first thing, nothing measurable.
 * Import-light.
 */
import { execFile } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export interface GitInfo {
  commit: string | null;
  /** the work tree had uncommitted changes (null: unknown) */
  dirty: boolean | null;
}

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** The output of `git <args>` in the project, or null (no git, not a repository). */
function git(...args: string[]): Promise<string | null> {
  return new Promise((resolve) => {
    execFile("git", args, { cwd: ROOT, encoding: "utf8" }, (err, stdout) => resolve(err ? null : stdout.trim()));
  });
}

let asked: Promise<GitInfo> | null = null;

export function gitInfo(): Promise<GitInfo> {
  asked ??= (async () => {
    // both at once, while the process is small
    const [commit, status] = await Promise.all([git("rev-parse", "HEAD"), git("status", "--porcelain", "--untracked-files=no")]);
    return { commit, dirty: commit === null || status === null ? null : status.length > 0 };
  })();
  return asked;
}
