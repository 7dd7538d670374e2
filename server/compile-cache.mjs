/**
 * Node's on-disk compile cache (module.enableCompileCache): each module's V8 code, kept between
 * runs under the system's temporary directory and checked against the file's contents, with a
 * cache of the modules' type-stripped source beside it (type-strip-cache.mjs), so a process or
 * worker thread loads the engine in a fraction of the time (every command, batch worker and
 * fork lives in its first second). Entry points call it before importing anything else; worker
 * threads inherit the compile cache through NODE_COMPILE_CACHE, and the stripped-source cache
 * when started by `cachedWorker`. NODE_DISABLE_COMPILE_CACHE=1 turns both off.
 *
 * Plain JavaScript, like the entry points that load it first (server/cli/sim.mjs): a TypeScript
 * module loaded before the stripped-source hook is installed makes Node load its own stripper
 * (a WebAssembly module, ~0.1 s of a process's start).
 */
import { enableCompileCache } from "node:module";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import { cacheStrippedTypes } from "./type-strip-cache.mjs";

const STRIPPED = "stripped-types";

export function useCompileCache() {
  const { directory } = enableCompileCache();
  if (directory) process.env.NODE_COMPILE_CACHE ??= directory;
  if (directory) cacheStrippedTypes(join(directory, `${STRIPPED}-${process.version}`));
}

/**
 * A worker thread running `script` that loads TypeScript through this thread's stripped-source
 * cache: it installs the load hook (a thread's hooks are its own), then imports the script.
 * @param {URL} script
 * @param {import("node:worker_threads").WorkerOptions} options
 * @returns {Worker}
 */
export function cachedWorker(script, options) {
  const dir = process.env.NODE_COMPILE_CACHE;
  if (!dir || process.env.NODE_DISABLE_COMPILE_CACHE) return new Worker(script, options);
  const hook = new URL("./type-strip-cache.mjs", import.meta.url).href;
  const code = `import(${JSON.stringify(hook)}).then((m) => { m.cacheStrippedTypes(${JSON.stringify(join(dir, `${STRIPPED}-${process.version}`))}); return import(${JSON.stringify(script.href)}); });`;
  return new Worker(code, { ...options, eval: true });
}
