// MSW handlers for the committed corpus (fixtures/corpus), shared by mocks/node.ts and
// mocks/browser.ts, in the usual MSW layout (mocks/handlers.ts + mocks/node.ts + mocks/browser.ts).
import type { Fixture } from "../src/fixtures/format.js";
import type { MockDeploymentOptions } from "../src/mock/deployment.js";
import { deploymentHandlers, type DeploymentHandlers } from "../src/mock/handlers.js";

/**
 * Defaults for app tests against the corpus: any input is answered (the corpus was recorded with one
 * greeting, your app sends its own), no delays, JS server dialect.
 */
export const CORPUS_DEFAULTS: MockDeploymentOptions = { match: "assistant", timing: "instant", profile: "js" };

/** Handlers replaying `fixtures` (e.g. the corpus) with the corpus defaults, overridable. */
export function corpusHandlers(
  fixtures: readonly Fixture[] | Promise<readonly Fixture[]>,
  overrides: Omit<MockDeploymentOptions, "fixtures"> = {},
): DeploymentHandlers {
  return deploymentHandlers({ ...CORPUS_DEFAULTS, ...overrides, fixtures });
}
