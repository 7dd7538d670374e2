/** Analysis helpers, pure and engine-agnostic: input distributions, designs, statistics. */
export * from "./design.ts";
export * from "./distributions.ts";
export * from "./inputs.ts";
export * from "./random.ts";
export * from "./stats.ts";
