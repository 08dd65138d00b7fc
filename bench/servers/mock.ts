// Bench child: the standalone mock (`startMockServer`) on an ephemeral port, serving a fixture
// directory (the committed corpus). Usage: mock.mjs <fixturesDir> [instant|recorded|xN]
import { startMockServer } from "../../src/mock/serve.js";
import type { Timing } from "../../src/mock/timers.js";
import { serveIpc } from "./protocol.js";

function parseTiming(arg: string | undefined): Timing {
  if (!arg || arg === "instant") return "instant";
  if (arg === "recorded") return "recorded";
  const m = /^x(\d+(?:\.\d+)?)$/.exec(arg);
  if (m) return { scale: Number(m[1]) };
  throw new Error(`bench/servers/mock.ts: timing must be instant, recorded or xN (got ${arg})`);
}

const [fixturesDir, timing] = process.argv.slice(2);
if (!fixturesDir) throw new Error("usage: mock.mjs <fixturesDir> [instant|recorded|xN]");
// The fixture the matcher picked is reported to the parent: jitter is measured against its timeline.
let lastFixture: string | undefined;
const server = await startMockServer({
  port: 0,
  fixturesDir,
  timing: parseTiming(timing),
  logger: false,
  log: (entry) => {
    if (entry.fixture) lastFixture = entry.fixture;
  },
});
serveIpc(
  { type: "ready", url: server.url },
  () => ({ deployment: server.deployment.stats, ...(lastFixture ? { lastFixture } : {}) }),
  () => server.close(),
);
