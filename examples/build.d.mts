export function listFixtureFiles(dir: string): string[];
export function defaultFixturesDir(): string;
export function buildExamples(opts?: {
  outdir?: string;
  fixturesDir?: string;
  minify?: boolean;
  logLevel?: "verbose" | "debug" | "info" | "warning" | "error" | "silent";
}): Promise<{ outdir: string; fixturesDir: string; fixtures: string[] }>;
