/**
 * An on-disk cache of the engine's TypeScript with its types stripped. Node strips the types of
 * every .ts module each time a process or worker thread loads it (its compile cache keeps V8's
 * code, not the stripped source), and stripping is half of loading the engine: the stripper is a
 * WebAssembly module that each thread first loads, then runs over every file. With this load
 * hook a module whose stripped source is cached is handed to Node as plain JavaScript, and the
 * stripper never loads. The cache is keyed by the source's SHA-1, so an edited file is
 * stripped again.
 *
 * Plain JavaScript, so that a worker thread can install the hook before it loads any
 * TypeScript (compile-cache.mjs, `cachedWorker`).
 */
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import module from "node:module";
import { join } from "node:path";

/**
 * Installs the load hook in this thread, caching under `dir`. Without module.registerHooks
 * (Node before 22.15) or module.stripTypeScriptTypes, Node strips every module itself as before.
 * @param {string} dir
 */
export function cacheStrippedTypes(dir) {
  if (typeof module.registerHooks !== "function" || typeof module.stripTypeScriptTypes !== "function") return;
  let made = false;
  module.registerHooks({
    load(url, context, nextLoad) {
      const loaded = nextLoad(url, context);
      if (loaded.format !== "module-typescript" || loaded.source == null) return loaded;
      const source = typeof loaded.source === "string" ? loaded.source : Buffer.from(loaded.source).toString("utf8");
      const file = join(dir, `${createHash("sha1").update(source).digest("hex")}.js`);
      let stripped;
      try {
        stripped = readFileSync(file, "utf8");
      } catch {
        stripped = strip(source);
        try {
          if (!made) mkdirSync(dir, { recursive: true });
          made = true;
          // written whole, then renamed: a thread never reads half a file
          const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}`;
          writeFileSync(tmp, stripped);
          renameSync(tmp, file);
        } catch {
          // a read-only or full disk: the module loads all the same
        }
      }
      return { format: "module", source: stripped, shortCircuit: true };
    },
  });
}

/**
 * The types of `source` stripped as Node strips them. module.stripTypeScriptTypes warns once
 * that it is experimental; Node's own stripping of the same file would not, so that warning is
 * not shown.
 * @param {string} source
 */
function strip(source) {
  const emitWarning = process.emitWarning;
  process.emitWarning = () => {};
  try {
    return module.stripTypeScriptTypes(source, { mode: "strip" });
  } finally {
    process.emitWarning = emitWarning;
  }
}
