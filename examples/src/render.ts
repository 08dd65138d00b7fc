// Turns one SDK stream chunk into the line the stream page shows: event name, node name, message text.
// Kept free of the DOM so it can be unit-tested and reused by the browser tests' expectations.

export interface ChunkLine {
  event: string;
  node: string;
  text: string;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** Text of a message in either wire shape (`content` string or content blocks). */
export function messageText(message: unknown): string {
  if (!isObject(message)) return "";
  const { content } = message;
  if (typeof content === "string") return content;
  if (Array.isArray(content)) {
    return content.map((b) => (typeof b === "string" ? b : isObject(b) && typeof b.text === "string" ? b.text : "")).join("");
  }
  return "";
}

function messagesText(value: unknown): string {
  if (!isObject(value) || !Array.isArray(value.messages)) return "";
  return value.messages.map(messageText).filter(Boolean).join(" / ");
}

/** One line per chunk; an `updates` chunk with several nodes lists them comma-separated. */
export function describeChunk(chunk: { event: string; data: unknown }): ChunkLine {
  const { event, data } = chunk;
  const base = event.split("|")[0] ?? event;
  if (base === "updates" && isObject(data)) {
    const nodes = Object.keys(data);
    return { event, node: nodes.join(", "), text: nodes.map((n) => messagesText(data[n])).filter(Boolean).join(" / ") };
  }
  if (base === "values") return { event, node: "", text: messagesText(data) };
  if (base === "metadata" && isObject(data)) return { event, node: "", text: `run ${String(data.run_id)}` };
  if (base === "error" && isObject(data)) return { event, node: "", text: `${String(data.error)}: ${String(data.message)}` };
  if (base === "messages" && Array.isArray(data)) {
    const meta = data[1];
    return { event, node: isObject(meta) ? String(meta.langgraph_node ?? "") : "", text: messageText(data[0]) };
  }
  return { event, node: "", text: JSON.stringify(data) ?? "" };
}

/** The status an `error` event's data gives the user (the SDK yields it as a chunk, it doesn't throw). */
export function errorEventText(data: unknown): string {
  if (isObject(data)) return `${String(data.error ?? "Error")}: ${String(data.message ?? "")}`;
  return String(data);
}
