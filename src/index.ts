// Main entry point: the stable public API of each area. Subpaths (`/schemas`, `/sse`, `/fixtures`,
// `/msw`, `/recorder`, `/runner`, `/vitest`, `/nock`) import one area alone; the runner (which
// loads vitest) is only under `/runner`.
export { VERSION, TOOL_NAME } from "./version.js";
export * from "./protocol/index.js";
export * from "./sse/index.js";
export * from "./fixtures/index.js";
export { createMockDeployment, deploymentHandlers, parseFaults, formatFaults, FAULT_HEADER, type MockDeploymentOptions, type MockDeployment } from "./mock/index.js";
export { recordScenarios, recordScenario, readScenarioFile, compareFixtures, formatDrift } from "./recorder/index.js";
