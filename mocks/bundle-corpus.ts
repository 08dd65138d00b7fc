// Write fixtures/corpus as one JSON array, for mocks/browser.ts:
//   node --import tsx mocks/bundle-corpus.ts public/langgraph-fixtures.json [corpus dir]
import { mkdir, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { loadFixtureDir } from "../src/fixtures/io.js";
import { corpusDir } from "./node.js";

const [out = "public/langgraph-fixtures.json", dir = corpusDir()] = process.argv.slice(2);
const fixtures = await loadFixtureDir(dir);
await mkdir(dirname(out), { recursive: true });
await writeFile(out, JSON.stringify(fixtures));
console.log(`wrote ${fixtures.length} fixtures from ${dir} to ${out}`);
