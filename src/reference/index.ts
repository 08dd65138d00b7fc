/** Public API of the reference-server helper (the real LangGraph.js server in a child process). */
export { startReferenceServer, referenceGraphs, absoluteGraphs } from "./server.js";
export type { ReferenceServer, ReferenceServerOptions } from "./server.js";
export { packageRoot, findPackageRoot, referenceGraphsDir, childEntryPath } from "./paths.js";
