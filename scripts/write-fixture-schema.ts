// Writes fixtures/fixture.schema.json from the TypeBox definition in src/fixtures/format.ts.
//   npx tsx scripts/write-fixture-schema.ts           write the file
//   npx tsx scripts/write-fixture-schema.ts --check   exit 1 if the committed file is stale
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { FIXTURE_SCHEMA_FILE, fixtureSchemaText } from "../src/fixtures/format.js";

const target = fileURLToPath(new URL(`../${FIXTURE_SCHEMA_FILE}`, import.meta.url));
const text = fixtureSchemaText();

if (process.argv.includes("--check")) {
  let current = "";
  try {
    current = readFileSync(target, "utf8");
  } catch {
    // missing file: reported as stale below
  }
  if (current !== text) {
    console.error(`${FIXTURE_SCHEMA_FILE} is stale: run \`npx tsx scripts/write-fixture-schema.ts\` and commit the result.`);
    process.exit(1);
  }
  console.log(`${FIXTURE_SCHEMA_FILE} is up to date.`);
} else {
  writeFileSync(target, text);
  console.log(`wrote ${FIXTURE_SCHEMA_FILE}`);
}
