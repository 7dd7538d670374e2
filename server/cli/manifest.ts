/**
 * manifest.json, in every output folder: everything needed to reproduce it — the command line,
 * the commit (and whether the tree had changes), a hash of the sources that decide a result
 * (the build: shared/, server/cli/, package-lock.json), the rules version, the Node version,
 * the scenario's hash and every resolved parameter of the scenario as played, the overrides,
 * input distributions, shocks and seeds.
 */
import { createHash } from "node:crypto";
import { existsSync, readdirSync, statSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { RULES_VERSION } from "../../shared/index.ts";
import { gitInfo } from "./git-info.ts";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

export interface BuildInfo {
  /** what decides a result: a hash of shared/**, server/cli/** and package-lock.json (or $COMPUTE_CYCLE_BUILD) */
  build: string;
  commit: string | null;
  /** the work tree had uncommitted changes */
  dirty: boolean | null;
  rules: number;
  node: string;
}

function files(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .sort()
    .flatMap((n) => {
      const p = join(dir, n);
      return statSync(p).isDirectory() ? files(p) : /\.(ts|json|mjs)$/.test(n) ? [p] : [];
    });
}

let cached: Promise<BuildInfo> | null = null;

/**
 * The build, asynchronously: the main thread plays runs while the sources are read, and git
 * has been asked since the process started (git-info.ts).
 */
export function buildInfo(): Promise<BuildInfo> {
  cached ??= (async () => {
    const paths = [...files(join(ROOT, "shared")), ...files(join(ROOT, "server", "cli")), join(ROOT, "package-lock.json")];
    const [contents, { commit, dirty }] = await Promise.all([Promise.all(paths.map((f) => readFile(f).catch(() => null))), gitInfo()]);
    const h = createHash("sha256");
    paths.forEach((f, i) => {
      const c = contents[i];
      if (c) h.update(relative(ROOT, f)).update("\0").update(c).update("\0");
    });
    return {
      build: process.env.COMPUTE_CYCLE_BUILD || h.digest("hex").slice(0, 16),
      commit,
      dirty,
      rules: RULES_VERSION,
      node: process.version,
    };
  })();
  return cached;
}

/** JSON with object keys sorted, so that equal values hash alike. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_k, v) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(
          Object.keys(v)
            .sort()
            .map((k) => [k, v[k]]),
        )
      : v,
  );
}

export function scenarioHash(input: unknown): string {
  return createHash("sha256").update(canonicalJson(input)).digest("hex");
}

/** Every leaf of a (parsed) scenario as `dotted.path → value`; arrays of objects with an id are keyed by it, as --set takes them. */
export function flattenParameters(value: unknown, prefix = "", out: Record<string, unknown> = {}): Record<string, unknown> {
  if (Array.isArray(value)) {
    if (value.every((x) => x && typeof x === "object" && typeof (x as { id?: unknown }).id === "string")) {
      for (const x of value) flattenParameters(x, `${prefix}${(x as { id: string }).id}.`, out);
    } else if (value.some((x) => x && typeof x === "object")) {
      value.forEach((x, i) => {
        flattenParameters(x, `${prefix}${i}.`, out);
      });
    } else out[prefix.slice(0, -1)] = value;
  } else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) flattenParameters(v, `${prefix}${k}.`, out);
  } else out[prefix.slice(0, -1)] = value;
  return out;
}

export interface ManifestFields {
  kind: string;
  scenario: { id: string; version: number; source: string; input: unknown; parsed: unknown };
  [more: string]: unknown;
}

export async function writeManifest(dir: string, fields: ManifestFields): Promise<void> {
  const { scenario, ...rest } = fields;
  const build = await buildInfo();
  const manifest = {
    format: "compute-cycle-manifest",
    version: 1,
    command: ["npm", "run", "sim", "--", ...process.argv.slice(2)],
    cwd: process.cwd(),
    created: new Date().toISOString(),
    ...build,
    scenario: { id: scenario.id, version: scenario.version, source: scenario.source, hash: scenarioHash(scenario.input) },
    ...rest,
    parameters: flattenParameters(scenario.parsed),
  };
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, "manifest.json"), `${JSON.stringify(manifest, null, 2)}\n`);
}
