// Short fuzz of the standalone mock over real HTTP (the long one: scripts/fuzz-long.ts). Reproduce a
// failure with FUZZ_SEED=<seed printed below> npx vitest run test/hardening/fuzz.test.ts.
import { afterAll, beforeAll, expect, test } from "vitest";
import { fuzzSeed, runFuzz, startFuzzHarness, WRONG_RUN_FIELDS, type FuzzHarness } from "./fuzz-harness.js";

const RUNS = Number(process.env["FUZZ_RUNS"] ?? 800);
const seed = fuzzSeed();
let harness: FuzzHarness;

beforeAll(async () => {
  harness = await startFuzzHarness();
});
afterAll(async () => {
  await harness?.close();
});

test(`${RUNS} generated requests: no 5xx, explained 4xx, store untouched by rejections (FUZZ_SEED=${seed})`, async () => {
  console.log(`fuzz: FUZZ_SEED=${seed}, ${RUNS} requests`);
  await runFuzz(harness, seed, RUNS);
  await harness.finish();
  const s = harness.stats;
  console.log(`fuzz: ${JSON.stringify(s)}`);
  // The generators reached every family and the checks actually ran.
  expect(Object.keys(s.byKind).sort()).toEqual(["any-json", "broken-json", "content-type", "fault", "headers", "path-method", "thread-route", "wrong-type"]);
  expect(s.storeChecks).toBeGreaterThan(RUNS / 4);
  expect(Object.keys(s.wrongTypeFields).length).toBeGreaterThan(Object.keys(WRONG_RUN_FIELDS).length / 2);
});

// Found by this fuzzer: a recursive canonicalJson (src/mock/replay.ts) overflowed the stack on an
// `input` nested ~2,500+ deep and the mock answered 500. 3,000 levels parse (and must now replay or be
// rejected cleanly); 10,000 levels exceed JSON.parse itself and must be a 400, as on the real server.
test.each([3_000, 10_000])("an input nested %i levels deep is answered without a 5xx", async (depth) => {
  const body = `{"assistant_id":"agent","stream_mode":"updates","input":${"[".repeat(depth)}${"]".repeat(depth)}}`;
  const res = await fetch(`${harness.server.url}/runs/stream`, { method: "POST", headers: { "content-type": "application/json" }, body });
  const text = await res.text();
  expect(res.status, text.slice(0, 200)).toBeLessThan(500);
});
