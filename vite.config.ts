import { defineConfig } from "vitest/config";

// One config for the client build (Vite) and the tests (Vitest).
export default defineConfig({
  root: "client",
  publicDir: "../assets",
  build: {
    outDir: "../dist/client",
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
  },
  server: { port: 5173 },
  test: {
    root: ".",
    include: ["test/**/*.test.ts"],
    environment: "node",
    testTimeout: 30_000,
    hookTimeout: 60_000,
    fileParallelism: false,
  },
});
