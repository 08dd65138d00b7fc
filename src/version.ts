// Kept in sync with package.json by a test (src/version.test.ts); a constant avoids reading
// package.json at run time, which would not work in a browser bundle.
export const VERSION = "0.1.0";
export const TOOL_NAME = "langgraph-conformance";
