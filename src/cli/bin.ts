#!/usr/bin/env node
// The `langgraph-conformance` command. Each area registers its own sub-command so the CLI stays a
// thin shell over the library (the same functions are exported for programmatic use).
import { Command, CommanderError } from "commander";
import { registerCommands } from "./commands.js";
import { CliError } from "./errors.js";
import { VERSION } from "../version.js";

const program = new Command();
program
  .name("langgraph-conformance")
  .description(
    "Conformance checks, a recorded-fixture mock deployment and a stream recorder for the LangGraph Agent Server API (stateless runs).",
  )
  .version(VERSION)
  .showHelpAfterError("(run with --help for usage)")
  .exitOverride();

registerCommands(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    // --help and --version exit through here with code 0; argument errors were already printed.
    process.exitCode = error.exitCode === 0 ? 0 : 2;
  } else if (error instanceof CliError) {
    process.stderr.write(`langgraph-conformance: ${error.message}\n`);
    process.exitCode = error.exitCode;
  } else {
    process.stderr.write(`langgraph-conformance: unexpected error: ${(error as Error)?.stack ?? String(error)}\n`);
    process.exitCode = 2;
  }
}
