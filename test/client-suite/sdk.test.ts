// The real @langchain/langgraph-sdk through the client conformance suite, against the committed corpus.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { defineClientConformanceSuite } from "../../src/client-suite/index.js";
import { langgraphSdkAdapter } from "../../src/client-suite/adapters/langgraph-sdk.js";

const expected = JSON.parse(readFileSync(join(import.meta.dirname, "expected-failures.json"), "utf8")) as { failures: Record<string, string> };

defineClientConformanceSuite(langgraphSdkAdapter({ name: "@langchain/langgraph-sdk 1.15.0" }), { expectedFailures: expected.failures });
