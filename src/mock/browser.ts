// Browser adapter: an MSW service worker wired to a mock deployment. Fixtures are passed as objects
// (no file system); bundle them with your app or fetch them before starting. Run
// `npx msw init <public dir> --save=false` once to copy the worker script (gotcha 9).
import { setupWorker, type SetupWorker } from "msw/browser";
import { createMockDeployment, type MockDeployment, type MockDeploymentOptions } from "./deployment.js";
import { deploymentHandlers } from "./handlers.js";

export type MockWorker = SetupWorker & { readonly deployment: MockDeployment };

export function setupMockWorker(options: MockDeploymentOptions = {}): MockWorker {
  const deployment = createMockDeployment(options);
  const worker = setupWorker(...deploymentHandlers(deployment));
  const stop = worker.stop.bind(worker);
  return Object.assign(worker, {
    deployment,
    stop: () => {
      deployment.close();
      stop();
    },
  });
}
