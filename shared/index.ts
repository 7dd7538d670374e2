/**
 * The public surface of the game engine. server/, client/, the CLI and the tests import
 * from here only. Everything under shared/ is pure: no clock, no unseeded randomness, no I/O.
 */
export { botOrders } from "./bots/index.ts";
export { companyIndex, modelIndex } from "./engine/context.ts";
export { createGame, quarterLabel } from "./engine/create-game.ts";
export type { EventKind, EventOf, GameEvent } from "./engine/events.ts";
export { companiesOf, EVENT_KINDS } from "./engine/events.ts";
export { hashValue } from "./engine/hash.ts";
export { checkInvariants } from "./engine/invariants.ts";
export { ledgerTotalCents } from "./engine/ledger.ts";
export * from "./engine/objects.ts";
export {
  type PlayerView,
  PRIVATE_FIGURES,
  type PublicActor,
  type PublicModel,
  playerView,
  playerViews,
  publicFigures,
  type ViewOptions,
} from "./engine/player-view.ts";
export {
  advanceInPlace,
  hashState,
  injectionReachIssues,
  injectNewShock,
  injectShock,
  resolveTurn,
  type TurnResult,
} from "./engine/resolve-turn.ts";
export type { Books, GameState, QuarterIndicators, Role } from "./engine/state.ts";
export { copyState, StateError, stateFromJson, stateToJson } from "./engine/state-io.ts";
export { RULES_VERSION, rulesLabel } from "./engine/version.ts";
export * from "./orders/index.ts";
export * from "./protocol/messages.ts";
export { freeName, isNameGivenFor } from "./protocol/names.ts";
export {
  applyPatch,
  type DiffMemo,
  diffFields,
  diffValue,
  type PackedPatch,
  PatchError,
  type PatchOp,
  packShapes,
  type Shapes,
  UNCHANGED,
} from "./protocol/view-patch.ts";
export { errorLine } from "./scenario/errors.ts";
export {
  applyOverrides,
  catalogueFor,
  checkFiredShocks,
  parseScenario,
  parseSetValue,
  ScenarioError,
  SHOCK_CATALOGUE,
} from "./scenario/load.ts";
export { listParams, type ParamInfo, RULES, WORLD_PARAMS } from "./scenario/params.ts";
export { loadScenario, SCENARIO_IDS, scenarioInput } from "./scenario/registry.ts";
export * from "./scenario/schema.ts";
export { shockParams } from "./scenario/shocks.ts";
export {
  type Attribution,
  attributeLog,
  attributeQuarter,
  defaultGroups,
  type InputGroup,
  MAX_GROUPS,
  type ProfitMeasure,
} from "./sim/attribution.ts";
export {
  brierScore,
  directionOf,
  FLAT_BAND,
  FORECAST_TARGET_IDS,
  FORECAST_TARGETS,
  type Forecast,
  type ForecastRecord,
  ForecastRecordSchema,
  ForecastSchema,
  type ForecastStanding,
  type ForecastTarget,
  forecastLeaderboard,
  INTERVAL_ALPHA,
  type ScoredForecast,
  scoreForecast,
  weightedIntervalScore,
} from "./sim/forecasts.ts";
export {
  type ContinuationOptions,
  type Fan,
  ForkError,
  type ForkStart,
  forkFan,
  forkScenario,
  forkScenarioInput,
  forkStart,
  playContinuation,
  REDRAW_PATHS,
  reseed,
  reseedInPlace,
  START_ONLY_PATHS,
} from "./sim/fork.ts";
export { METRIC_IDS, metricInfo, metricsOf, nearMetricIds } from "./sim/metrics.ts";
export {
  allBotOrders,
  BOT_VIEW,
  divergenceReason,
  type GameLog,
  GameLogSchema,
  type InjectedShock,
  LOG_VERSION,
  LogError,
  type ReplayResult,
  readLog,
  replayLog,
  runGame,
  scenarioOfLog,
} from "./sim/run-game.ts";
