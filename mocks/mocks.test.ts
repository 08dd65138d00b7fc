// The user entry points over the committed corpus.
import { Client } from "@langchain/langgraph-sdk";
import { afterAll, beforeAll, expect, test } from "vitest";
import { corpusDir, server } from "./node.js";

beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterAll(() => server.close());

test("mocks/node.ts serves the corpus with any input", async () => {
  expect(corpusDir()).toMatch(/fixtures\/corpus$/);
  const client = new Client({ apiUrl: "http://localhost:2024" });
  const chunks = [];
  for await (const c of client.runs.stream(null, "agent", { input: { messages: [{ role: "user", content: "anything" }] }, streamMode: "updates" })) chunks.push(c);
  expect(chunks.map((c) => c.event)).toEqual(["metadata", "updates", "updates"]);
  expect(await client.runs.wait(null, "counter", { input: { count: 41 } })).toMatchObject({ log: ["inc"] });
});
