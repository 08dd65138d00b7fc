// Starts a reference server, prints {pid, stateDir} and then idles, so that a test can SIGKILL this
// process and check that the server notices (its stdin closes) and exits on its own.
import { startReferenceServer } from "../../../src/reference/index.js";

const server = await startReferenceServer({ nWorkers: 1, graphs: { echo: "./echo.mjs:graph" } });
process.stdout.write(`${JSON.stringify({ pid: server.pid, stateDir: server.stateDir, url: server.url })}\n`);
setInterval(() => {}, 60_000);
