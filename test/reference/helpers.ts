/**
 * Shared helpers for the reference-server integration tests.
 */

export const HELLO = "Hello! My name is Bagatur and I am 26 years old.";
export const MESSAGES_INPUT = { messages: [{ role: "user", content: HELLO }] };

// Every stream mode the protocol knows (one list for the whole project).
export { STREAM_MODES } from "../../src/protocol/constants.js";

/** Runs `fn` over `items` with at most `limit` in flight; results keep the input order. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]!, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** Replaces ids, timestamps and the server URL, which differ on every run (spec §13). */
export function normaliseVolatile(text: string): string {
  return text
    .replace(/run-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, "run-<ID>")
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, "<UUID>")
    .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g, "<TS>")
    .replace(/"id":"[0-9a-f]{32}"/g, '"id":"<INTERRUPT_ID>"')
    .replace(/http:\/\/127\.0\.0\.1:\d+/g, "<URL>");
}
