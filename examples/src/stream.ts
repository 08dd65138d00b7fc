// Page (a): a stateless run streamed with the SDK, one list item per chunk as it arrives.
import { connect, errorText } from "./connect.js";
import { describeConfig, readConfig } from "./config.js";
import { describeChunk, errorEventText } from "./render.js";

const $ = <T extends HTMLElement>(id: string): T => {
  const el = document.getElementById(id);
  if (!el) throw new Error(`#${id} missing from the page`);
  return el as T;
};

const status = $("status");
const list = $<HTMLOListElement>("updates");
const started = performance.now();

/** `state` drives the tests (data-state) and the colour; `t` is ms since page start. */
function setStatus(state: "connecting" | "running" | "done" | "error", text: string): void {
  status.dataset.state = state;
  status.dataset.t = String(Math.round(performance.now() - started));
  status.textContent = text;
}

async function main(): Promise<void> {
  setStatus("connecting", "connecting…");
  const config = readConfig(location.search);
  $("config").textContent = describeConfig(config);
  const { client } = await connect(config);

  setStatus("running", "running…");
  let failed: string | undefined;
  const stream = client.runs.stream(null, config.assistant, {
    input: { messages: [{ role: "user", content: "Hello! My name is Bagatur and I am 26 years old." }] },
    streamMode: "updates",
  });
  for await (const chunk of stream) {
    const line = describeChunk(chunk);
    const li = document.createElement("li");
    li.dataset.event = line.event;
    li.dataset.node = line.node;
    li.dataset.t = String(Math.round(performance.now() - started));
    for (const [cls, text] of [["event", line.event], ["node", line.node], ["text", line.text]] as const) {
      const span = document.createElement("span");
      span.className = cls;
      span.textContent = text;
      li.append(span);
    }
    list.append(li);
    if (chunk.event === "error") failed = errorEventText(chunk.data);
  }
  if (failed !== undefined) setStatus("error", failed);
  else setStatus("done", "done");
}

main().catch((error: unknown) => {
  console.error(error);
  setStatus("error", errorText(error));
});
