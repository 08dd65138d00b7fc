/**
 * An error meant for the person at the terminal: one clear line, no stack trace.
 * Exit code 2 means "could not run" (bad arguments, unreachable target, unreadable file).
 */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
    this.name = "CliError";
  }
}
