// Page (b): a React 19 chat view on `useStream` (threads: POST /threads, then a thread run stream),
// against the same mock. Click "Send" to run; the final messages are listed by type.
import type { Client } from "@langchain/langgraph-sdk";
import { useStream } from "@langchain/langgraph-sdk/react";
import { StrictMode, useState } from "react";
import { createRoot } from "react-dom/client";
import { connect, errorText } from "./connect.js";
import { describeConfig, readConfig, type ExampleConfig } from "./config.js";
import { messageText } from "./render.js";

const HELLO = "Hello! My name is Bagatur and I am 26 years old.";

type Phase = "idle" | "running" | "done" | "error";

function Chat({ client, config }: { client: Client; config: ExampleConfig }): React.JSX.Element {
  const [threadId, setThreadId] = useState<string | null>(null);
  const [finished, setFinished] = useState(false);
  const stream = useStream<{ messages: unknown[] }>({
    client,
    assistantId: "agent",
    threadId,
    onThreadId: setThreadId,
    onFinish: () => setFinished(true),
  });

  const phase: Phase = stream.error ? "error" : stream.isLoading ? "running" : finished ? "done" : "idle";
  const send = (): void => {
    setFinished(false);
    void stream.submit({ messages: [{ role: "user", content: HELLO }] });
  };

  return (
    <>
      <p id="config">{describeConfig(config)}</p>
      <p>
        <button id="send" onClick={send} disabled={stream.isLoading}>
          Send “{HELLO}”
        </button>{" "}
        thread: <code id="thread">{threadId ?? "—"}</code>
      </p>
      <ul id="messages">
        {stream.messages.map((m, i) => (
          <li key={m.id ?? i} data-type={m.type}>
            <span className="event">{m.type}</span>
            <span className="text">{messageText(m)}</span>
          </li>
        ))}
      </ul>
      <p id="status" data-state={phase}>
        {phase === "error" ? errorText(stream.error) : phase === "running" ? "running…" : phase}
      </p>
    </>
  );
}

async function main(): Promise<void> {
  const root = createRoot(document.getElementById("root") as HTMLElement);
  try {
    const config = readConfig(location.search);
    const { client } = await connect(config);
    root.render(
      <StrictMode>
        <Chat client={client} config={config} />
      </StrictMode>,
    );
  } catch (error) {
    root.render(
      <p id="status" data-state="error">
        {errorText(error)}
      </p>,
    );
  }
}

void main();
