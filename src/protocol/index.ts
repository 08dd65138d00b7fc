/**
 * Public API of `langgraph-conformance/schemas`: protocol constants, the event-name grammar, the
 * JSON Schemas (+ TypeScript types) and their validators.
 *
 * Browser bundles: everything here is environment-neutral except `uuid5.ts` (node:crypto); import
 * `./constants.js`, `./event-name.js`, `./schemas.js` and `./validate.js` directly if that matters.
 */
export * from "./constants.js";
export * from "./event-name.js";
export * from "./schemas.js";
export * from "./validate.js";
export { uuid5, assistantIdForGraph } from "./uuid5.js";
