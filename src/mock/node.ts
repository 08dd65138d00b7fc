// Node adapter: an MSW `setupServer` wired to a mock deployment. Adds what only Node can do: loading
// fixtures from a directory.
import { setupServer, type SetupServer } from "msw/node";
import type { Fixture } from "../fixtures/format.js";
import { loadFixtureDir } from "../fixtures/io.js";
import { createMockDeployment, type MockDeployment, type MockDeploymentOptions } from "./deployment.js";
import { deploymentHandlers } from "./handlers.js";

export interface NodeMockOptions extends Omit<MockDeploymentOptions, "fixtures"> {
  /** Fixture objects (or a promise of them). */
  fixtures?: readonly Fixture[] | Promise<readonly Fixture[]>;
  /** Load every fixture under this directory (recursively); combined with `fixtures`. */
  fixturesDir?: string;
}

export type MockServer = SetupServer & {
  readonly deployment: MockDeployment;
};

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

/**
 * `setupServer()` with the deployment's handlers. Use it like MSW's own server
 * (`listen()`, `use()`, `resetHandlers()`, `close()`); `close()` also stops the deployment's runs and
 * timers. `await server.deployment.ready` before asserting on fixtures loaded from `fixturesDir`
 * (requests wait for it anyway).
 */
export function setupMockServer(options: NodeMockOptions = {}): MockServer {
  const deployment = createNodeDeployment(options);
  const server = setupServer(...deploymentHandlers(deployment));
  const close = server.close.bind(server);
  return Object.assign(server, {
    deployment,
    close: () => {
      deployment.close();
      close();
    },
  });
}
