// `npm run fixtures:record`: start the real @langchain/langgraph-api server with the reference graphs,
// record the default scenario set into fixtures/corpus, stop the server.
// Usage: node --import tsx scripts/record-corpus.ts [--out DIR] [--only name,name]
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { startReferenceServer } from "../src/reference/server.js";
import { readScenarioFile } from "../src/recorder/scenario.js";
import { recordScenarios } from "../src/recorder/session.js";

const { values } = parseArgs({
  options: { out: { type: "string", default: "fixtures/corpus" }, only: { type: "string" } },
});
const file = await readScenarioFile(resolve("fixtures/scenarios/default.json"));
const only = values.only?.split(",").filter(Boolean);
const scenarios = only ? file.scenarios.filter((s) => only.includes(s.name)) : file.scenarios;

const server = await startReferenceServer();
console.error(`reference server at ${server.url}`);
try {
  const result = await recordScenarios({
    baseUrl: server.url,
    scenarios,
    outDir: resolve(values.out!),
    onProgress: (p) =>
      console.error(
        `[${p.index + 1}/${p.total}] ${p.scenario.name}` +
          (p.error ? ` FAILED: ${p.error.message}` : ` → ${p.fixture!.response.status} ${p.fixture!.response.kind}`),
      ),
  });
  console.error(`${result.files.length} written, ${result.failures.length} failed`);
  if (result.failures.length) process.exitCode = 1;
} finally {
  await server.stop();
}
