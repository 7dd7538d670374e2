/**
 * glibc's allocator for the command line and the engine's benches: freed memory stays in the
 * process (up to 64 MB, and blocks up to 32 MB come from the heap rather than mappings of
 * their own), backed by huge pages where the kernel allows them. V8's compilers, its parser and
 * zlib allocate and free megabytes through a process's first seconds, where a fork's or a
 * short batch's runs all play; memory given back to the kernel returns one page fault per 4 KB,
 * ~10 µs each on this project's virtual machines (bench/README.md: a fork of 200 runs × 12
 * quarters took ~55,000 faults, ~0.5 s of its CPU).
 *
 * Not for the server: there it kept ~23 MB more memory (2.5 → 3.5 MB a room at 30 classrooms)
 * for no gain in latency. Must be in the environment when a process starts, so the launchers
 * set it (scripts/run.mjs, bench/run.ts). Other C libraries ignore it.
 */
export const MALLOC_TUNABLES = "glibc.malloc.hugetlb=1:glibc.malloc.mmap_threshold=33554432:glibc.malloc.trim_threshold=67108864";

/**
 * `env` with the tunables added (on Linux; a GLIBC_TUNABLES already there is left as it is).
 * @param {NodeJS.ProcessEnv} env
 * @returns {NodeJS.ProcessEnv}
 */
export function withMallocTunables(env) {
  if (process.platform !== "linux" || env.GLIBC_TUNABLES !== undefined) return env;
  return { ...env, GLIBC_TUNABLES: MALLOC_TUNABLES };
}
