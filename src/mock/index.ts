/**
 * `langgraph-conformance/msw`: a recorded-fixture mock of the LangGraph Agent Server.
 *
 * Environment-neutral exports only (works in Node and in a browser bundle). Node-only adapters live
 * in their own modules: `./node.js` (setupMockServer, fixturesDir), `./serve.js` (startMockServer on
 * node:http), `./nock.js` (nockDeployment); the service worker adapter is `./browser.js`.
 */
export {
  createMockDeployment,
  mergeState,
  type MatchPolicy,
  type MockDeployment,
  type MockDeploymentOptions,
  type MockLogEntry,
  type ServerProfile,
  type SyntheticGenerator,
  type Timing,
} from "./deployment.js";
export { deploymentHandlers, type DeploymentHandlers } from "./handlers.js";
export {
  FAULT_HEADER,
  FaultSyntaxError,
  INJECTED_ERROR,
  MALFORMED_FRAME,
  formatFaults,
  parseFaults,
  type FaultSpec,
} from "./faults.js";
export { MOCK_ERROR_HEADER } from "./errors.js";
export {
  MockStore,
  isJsonbContained,
  type CheckpointRef,
  type RunRecord,
  type RunStatus,
  type ThreadQuery,
  type ThreadRecord,
  type ThreadStateRecord,
  type ThreadStatus,
} from "./store.js";
export { CORS_HEADERS, readReplyBody, toResponse, type FrameSource, type MockReply, type ReplyMeta } from "./reply.js";
export type { MockRequest } from "./request.js";
export { ROUTES, type Route, type RouteName } from "./routes.js";
export { canonicalJson, describeFixture, keepEvent, modesServable, type EndpointKind, type IndexedFixture } from "./replay.js";
export { INSTANT_IDLE_MS } from "./runs.js";
