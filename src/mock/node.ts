// Node adapter: an MSW `setupServer` wired to a mock deployment. Adds what only Node can do: loading
// fixtures from a directory.
import { setupServer, type SetupServer } from "msw/node";
import type { MockDeployment } from "./deployment.js";
import { createNodeDeployment, resolveFixtures, type NodeMockOptions } from "./node-deployment.js";
import { deploymentHandlers } from "./handlers.js";

export { createNodeDeployment, resolveFixtures, type NodeMockOptions };

export type MockServer = SetupServer & {
  readonly deployment: MockDeployment;
};

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
