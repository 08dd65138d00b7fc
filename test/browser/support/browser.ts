// Shared set-up for the browser tests: Debian's Chromium driven by playwright-core (no browser download),
// the examples built into a per-file directory, a static server for them, and a screenshot per test.
import { existsSync, mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe } from "vitest";
import { buildExamples } from "../../../examples/build.mjs";
import { startStaticServer, type StaticServer } from "../../../examples/serve.mjs";

export const ROOT = resolve(import.meta.dirname, "../../..");
/** The fixtures the tests bundle and serve: copies, so the expectations don't move with the corpus. */
export const FIXTURES_DIR = join(ROOT, "test/browser/data");
export const SCREENSHOTS_DIR = join(ROOT, "test-output/screenshots");

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const MISSING =
  `Chromium not found at ${CHROMIUM_PATH}: the browser tests need Debian's chromium ` +
  "(`apt-get update && apt-get install -y chromium`; .ci/run installs it) or CHROMIUM_PATH pointing at a Chromium binary.";

/** As the node.md notes say: no background networking (the machine has no network), fresh profile. */
const LAUNCH_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/**
 * `describe` for a browser test file: skipped with a how-to message when Chromium is absent, except
 * under CI=true, where a missing browser must fail the run rather than pass it silently.
 */
export function describeBrowser(name: string, fn: () => void): void {
  if (existsSync(CHROMIUM_PATH)) {
    describe(name, fn);
    return;
  }
  if (process.env.CI === "true") {
    describe(name, () => {
      beforeAll(() => {
        throw new Error(`${MISSING} (CI=true: failing instead of skipping)`);
      });
      fn();
    });
    return;
  }
  console.warn(`[browser tests] skipped: ${MISSING}`);
  describe.skip(`${name} (skipped: ${MISSING})`, fn);
}

export interface BrowserEnv {
  /** Base URL of the built examples, e.g. http://127.0.0.1:41234 */
  readonly base: string;
  /** A fresh context + page for the current test (created in beforeEach via `newPage`). */
  page(): Page;
  newPage(): Promise<Page>;
}

/**
 * Hooks for one test file: build the examples into test-output/browser/<id>, serve them, launch one
 * browser; per test a new context (own service worker registrations); after each test a screenshot
 * (also on failure) into test-output/screenshots/<id>-<test>.png.
 */
export function useBrowser(id: string): BrowserEnv {
  let browser: Browser | undefined;
  let server: StaticServer | undefined;
  let context: BrowserContext | undefined;
  let current: Page | undefined;
  let base = "";

  beforeAll(async () => {
    const [{ outdir }, launched] = await Promise.all([
      buildExamples({ outdir: join(ROOT, "test-output/browser", id), fixturesDir: FIXTURES_DIR, logLevel: "error" }),
      chromium.launch({ executablePath: CHROMIUM_PATH, args: LAUNCH_ARGS }),
    ]);
    browser = launched;
    server = await startStaticServer({ dir: outdir });
    base = server.url;
    mkdirSync(SCREENSHOTS_DIR, { recursive: true });
  });

  afterEach(async (ctx) => {
    if (current) {
      const file = `${id}-${ctx.task.name}`.replace(/[^a-z0-9]+/gi, "-").replace(/^-|-$/g, "").toLowerCase();
      await current.screenshot({ path: join(SCREENSHOTS_DIR, `${file}.png`), fullPage: true }).catch(() => undefined);
    }
    await context?.close().catch(() => undefined);
    context = undefined;
    current = undefined;
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  return {
    get base() {
      return base;
    },
    page() {
      if (!current) throw new Error("call newPage() first");
      return current;
    },
    async newPage() {
      if (!browser) throw new Error("browser not launched (beforeAll failed?)");
      context = await browser.newContext({ serviceWorkers: "allow", viewport: { width: 1000, height: 700 } });
      current = await context.newPage();
      // Browser console errors help when a test fails; keep them in the test output.
      current.on("pageerror", (e) => console.error(`[page error] ${e.message}`));
      return current;
    },
  };
}
