/**
 * Node's on-disk compile cache (module.enableCompileCache): each module's type-stripped source
 * and V8 code, kept between runs under the system's temporary directory and checked against
 * the file's contents, so a process or worker thread loads the engine in a fraction of the time
 * (every command, batch worker and fork lives in its first second). Entry points call it before
 * importing anything else; worker threads inherit it through NODE_COMPILE_CACHE.
 * NODE_DISABLE_COMPILE_CACHE=1 turns it off.
 */
import { enableCompileCache } from "node:module";

export function useCompileCache(): void {
  const { directory } = enableCompileCache();
  if (directory) process.env.NODE_COMPILE_CACHE ??= directory;
}
