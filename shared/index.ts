/**
 * The public surface of the game engine. server/, client/, the CLI and the tests import
 * from here only. Everything under shared/ is pure: no clock, no unseeded randomness, no I/O.
 */
export { botOrders } from "./bots/index.ts";
export { createGame, quarterLabel } from "./engine/create-game.ts";
export { hashValue } from "./engine/hash.ts";
export { checkInvariants } from "./engine/invariants.ts";
export { ledgerTotalCents } from "./engine/ledger.ts";
export {
  type PlayerView,
  type PublicActor,
  type PublicModel,
  playerView,
  playerViews,
  publicFigures,
  type ViewOptions,
} from "./engine/player-view.ts";
export { advanceInPlace, hashState, injectShock, resolveTurn } from "./engine/resolve-turn.ts";
export type * from "./engine/state.ts";
export { validateOrders } from "./engine/validate-orders.ts";
export { RULES_VERSION, rulesLabel } from "./engine/version.ts";
export * from "./protocol/messages.ts";
export * from "./protocol/orders.ts";
export { applyOverrides, catalogueFor, parseScenario, parseSetValue, ScenarioError, SHOCK_CATALOGUE } from "./scenario/load.ts";
export { loadScenario, SCENARIO_IDS, scenarioInput } from "./scenario/registry.ts";
export * from "./scenario/schema.ts";
export {
  type ContinuationOptions,
  type Fan,
  ForkError,
  type ForkStart,
  forkFan,
  forkStart,
  playContinuation,
  reseed,
  reseedInPlace,
} from "./sim/fork.ts";
export { METRIC_IDS, metricsOf } from "./sim/metrics.ts";
export { allBotOrders, BOT_VIEW, divergenceReason, type GameLog, type ReplayResult, replayLog, runGame } from "./sim/run-game.ts";
