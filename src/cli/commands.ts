import type { Command } from "commander";

/** Wires every sub-command into the program. */
export function registerCommands(program: Command): void {
  void program;
}
