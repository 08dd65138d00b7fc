// `langgraph-conformance fixtures lint|generate`.
import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { join, resolve } from "node:path";
import type { Command } from "commander";
import { CliError } from "./errors.js";
import { formatLintProblem, lintPaths } from "../fixtures/lint.js";
import { serializeFixture, writeFixtureAtomic } from "../fixtures/io.js";

function wholeNumber(flag: string, text: string, min: number, max: number): number {
  const n = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(n) || n < min || n > max) {
    throw new CliError(`${flag} must be a whole number from ${min} to ${max} (got ${JSON.stringify(text)})`);
  }
  return n;
}

export function registerFixtures(program: Command): void {
  const fixtures = program.command("fixtures").description("Lint or generate stream fixtures");

  fixtures
    .command("lint")
    .description("Validate fixture files against the fixture format and every event against the protocol schemas")
    .argument("[paths...]", "files or directories", ["fixtures/corpus"])
    .action(async (paths: string[]) => {
      const missing = paths.filter((p) => !existsSync(p));
      if (missing.length) throw new CliError(`no such file or directory: ${missing.join(", ")}`);
      const { files, problems } = await lintPaths(paths.map((p) => resolve(p)));
      for (const p of problems) process.stdout.write(`${formatLintProblem(p)}\n`);
      const bad = new Set(problems.map((p) => p.file)).size;
      process.stdout.write(`${files} fixture file(s) checked: ${files - bad} valid, ${bad} with problems (${problems.length} problem(s))\n`);
      if (files === 0) throw new CliError(`no fixture files found under ${paths.join(", ")}`);
      if (problems.length) process.exitCode = 1;
    });

  fixtures
    .command("generate")
    .description("Generate seeded synthetic fixtures (the same seed gives byte-identical files)")
    .requiredOption("--seed <n>", "seed (whole number)")
    .option("--count <k>", "how many fixtures", "10")
    .option("--out <dir>", "output directory (omit to print one JSON array to stdout)")
    .option("--assistant <id>", "graph id the fixtures claim to come from", "synthetic")
    .action(async (flags: { seed: string; count: string; out?: string; assistant: string }) => {
      const seed = wholeNumber("--seed", flags.seed, 0, 2 ** 31 - 1);
      const count = wholeNumber("--count", flags.count, 1, 10_000);
      // Loaded here, not at the top: faker costs ~170 ms, and every other command would pay it at start-up.
      const { generateSyntheticFixtures } = await import("../fixtures/synthetic.js");
      const generated = generateSyntheticFixtures({ seed, count, assistantId: flags.assistant });
      if (!flags.out) {
        process.stdout.write(`[\n${generated.map((f) => serializeFixture(f).trimEnd()).join(",\n")}\n]\n`);
        return;
      }
      const dir = resolve(flags.out);
      await mkdir(dir, { recursive: true });
      for (const f of generated) await writeFixtureAtomic(join(dir, `${f.name}.json`), f);
      process.stderr.write(`${generated.length} synthetic fixture(s) (seed ${seed}) written to ${dir}\n`);
    });
}
