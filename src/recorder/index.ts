// `langgraph-conformance/recorder`: record streams from any deployment into fixtures.
export { fetchInfo, recordScenario, RecordError, type RecordOptions, type RecordResult } from "./record.js";
export { recordScenarios, type RecordProgress, type RecordSessionOptions, type RecordSessionResult } from "./session.js";
export {
  parseScenarioFile,
  readScenarioFile,
  SCENARIO_ENDPOINTS,
  SCENARIO_FORMAT,
  ScenarioError,
  ScenarioFileSchema,
  ScenarioSchema,
  scenarioGraphId,
  type Scenario,
  type ScenarioEndpoint,
  type ScenarioFile,
} from "./scenario.js";
export { compareFixtures, formatDrift, stableView, type DriftDifference } from "./drift.js";
