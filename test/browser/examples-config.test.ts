// The example pages' pure parts (no browser): query parameters and how a chunk becomes a list item.
import { describe, expect, it } from "vitest";
import { ConfigError, parseTiming, readConfig, WORKER_API_URL } from "../../examples/src/config.js";
import { describeChunk, errorEventText, messageText } from "../../examples/src/render.js";

describe("readConfig", () => {
  it("defaults to worker mode, recorded timing, no fault, the agent graph", () => {
    expect(readConfig("")).toEqual({ mode: "worker", apiUrl: WORKER_API_URL, timing: "recorded", fault: undefined, assistant: "agent" });
  });

  it("reads http mode, api, timing scale, fault and assistant", () => {
    expect(readConfig("?mode=http&api=http://127.0.0.1:2024&timing=2.5&fault=drop-after%3D2&assistant=failing")).toEqual({
      mode: "http",
      apiUrl: "http://127.0.0.1:2024",
      timing: { scale: 2.5 },
      fault: "drop-after=2",
      assistant: "failing",
    });
  });

  it("explains what is wrong with a bad mode, a missing api or a bad timing", () => {
    expect(() => readConfig("?mode=ws")).toThrow(ConfigError);
    expect(() => readConfig("?mode=http")).toThrow(/needs the server's URL/);
    expect(() => parseTiming("fast")).toThrow(/"instant", "recorded" or a scale factor/);
    expect(parseTiming("instant")).toBe("instant");
    expect(parseTiming("scale:3")).toEqual({ scale: 3 });
  });
});

describe("describeChunk", () => {
  it("an updates chunk: node names and their messages' text", () => {
    expect(
      describeChunk({ event: "updates", data: { agent: { messages: [{ type: "ai", content: "hi" }] }, tools: { messages: [] } } }),
    ).toEqual({ event: "updates", node: "agent, tools", text: "hi" });
    expect(describeChunk({ event: "updates", data: { finish: {} } })).toEqual({ event: "updates", node: "finish", text: "" });
  });

  it("metadata, error, messages and other events", () => {
    expect(describeChunk({ event: "metadata", data: { run_id: "r1", attempt: 1 } }).text).toBe("run r1");
    expect(describeChunk({ event: "error", data: { error: "Error", message: "boom" } }).text).toBe("Error: boom");
    expect(describeChunk({ event: "messages", data: [{ content: "tok" }, { langgraph_node: "agent" }] })).toEqual({
      event: "messages",
      node: "agent",
      text: "tok",
    });
    expect(describeChunk({ event: "custom", data: { n: 1 } }).text).toBe('{"n":1}');
  });

  it("message text from strings or content blocks; error event text", () => {
    expect(messageText({ content: [{ type: "text", text: "a" }, "b", { type: "image_url" }] })).toBe("ab");
    expect(messageText(null)).toBe("");
    expect(errorEventText({ error: "MockFault", message: "x" })).toBe("MockFault: x");
  });
});
