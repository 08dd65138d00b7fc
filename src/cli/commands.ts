import type { Command } from "commander";
import { registerCheck } from "./check.js";
import { registerFixtures } from "./fixtures.js";
import { registerRecord } from "./record.js";
import { registerServe } from "./serve.js";

/** Wires every sub-command into the program. */
export function registerCommands(program: Command): void {
  registerCheck(program);
  registerRecord(program);
  registerFixtures(program);
  registerServe(program);
}
