// Rewrites the requirement table of README.md (between <!-- requirements:start --> and
// <!-- requirements:end -->) from suites/catalogue.ts. Without the markers it changes nothing and
// prints the table to stdout. Usage: node --import tsx scripts/gen-readme-table.ts [README path]
import { readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { renderRequirementTable, updateReadme } from "../suites/readme-table.js";

const path = resolve(process.argv[2] ?? "README.md");
const readme = readFileSync(path, "utf8");
const updated = updateReadme(readme);
if (updated === undefined) {
  process.stderr.write(`${path} has no <!-- requirements:start --> / <!-- requirements:end --> markers; printing the table instead.\n`);
  process.stdout.write(`${renderRequirementTable()}\n`);
} else if (updated === readme) {
  process.stderr.write(`${path}: requirement table already up to date.\n`);
} else {
  writeFileSync(path, updated);
  process.stderr.write(`${path}: requirement table rewritten.\n`);
}
