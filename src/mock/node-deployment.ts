// Node-only deployment construction (fixtures from a directory) without msw: `serve` imports this
// instead of node.ts, so the standalone server does not load msw/node (~20 MB RSS it never uses).
import type { Fixture } from "../fixtures/format.js";
import { loadFixtureDir } from "../fixtures/io.js";
import { corpusDir } from "../reference/paths.js";
import { createMockDeployment, type MockDeployment, type MockDeploymentOptions } from "./deployment.js";

export interface NodeMockOptions extends Omit<MockDeploymentOptions, "fixtures"> {
  /** Fixture objects (or a promise of them). */
  fixtures?: readonly Fixture[] | Promise<readonly Fixture[]>;
  /**
   * Load every fixture under this directory (recursively); combined with `fixtures`. With neither
   * `fixtures`, `fixturesDir` nor `synthetic`, the package's recorded corpus is loaded (as `serve` does).
   */
  fixturesDir?: string;
}

/** Fixtures from `fixtures` and/or `fixturesDir`, as one promise. */
export function resolveFixtures(opts: { fixtures?: readonly Fixture[] | Promise<readonly Fixture[]>; fixturesDir?: string }): Promise<readonly Fixture[]> {
  return (async () => {
    const given = [...(await (opts.fixtures ?? []))];
    const loaded = opts.fixturesDir ? await loadFixtureDir(opts.fixturesDir) : [];
    return [...given, ...loaded];
  })();
}

export function createNodeDeployment(options: NodeMockOptions = {}): MockDeployment {
  const { fixtures, fixturesDir: dir, ...rest } = options;
  // Nothing to replay was named: the bundled corpus, rather than a mock that knows no assistant.
  const fixturesDir = dir ?? (fixtures === undefined && !options.synthetic ? corpusDir() : undefined);
  return createMockDeployment({ ...rest, fixtures: resolveFixtures({ ...(fixtures ? { fixtures } : {}), ...(fixturesDir ? { fixturesDir } : {}) }) });
}
