// Node-only deployment construction (fixtures from a directory) without msw: `serve` imports this
// instead of node.ts, so the standalone server does not load msw/node (~20 MB RSS it never uses).
import type { Fixture } from "../fixtures/format.js";
import { loadFixtureDir } from "../fixtures/io.js";
import { createMockDeployment, type MockDeployment, type MockDeploymentOptions } from "./deployment.js";

export interface NodeMockOptions extends Omit<MockDeploymentOptions, "fixtures"> {
  /** Fixture objects (or a promise of them). */
  fixtures?: readonly Fixture[] | Promise<readonly Fixture[]>;
  /** Load every fixture under this directory (recursively); combined with `fixtures`. */
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
  const { fixturesDir, fixtures, ...rest } = options;
  return createMockDeployment({ ...rest, fixtures: resolveFixtures({ ...(fixtures ? { fixtures } : {}), ...(fixturesDir ? { fixturesDir } : {}) }) });
}
