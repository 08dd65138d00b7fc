// Shared helpers for the mock's integration tests.
import { join } from "node:path";
import type { Fixture } from "../../src/fixtures/format.js";
import { loadFixtureDir } from "../../src/fixtures/io.js";

export const DATA_DIR = join(import.meta.dirname, "data");

let cached: Promise<Fixture[]> | undefined;
/** The hand-converted capture fixtures in test/mock/data. */
export function testFixtures(): Promise<Fixture[]> {
  cached ??= loadFixtureDir(DATA_DIR);
  return cached;
}

export const HELLO = { messages: [{ role: "user", content: "Hello! My name is Bagatur and I am 26 years old." }] };

export async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Poll `fn` until it returns true or `ms` pass. */
export async function eventually(fn: () => boolean | Promise<boolean>, ms = 2000, step = 10): Promise<boolean> {
  const end = Date.now() + ms;
  for (;;) {
    if (await fn()) return true;
    if (Date.now() > end) return false;
    await sleep(step);
  }
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
const ISO = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z/g;

/** Replace ids (also inside object keys), interrupt ids and timestamps by stable tokens (spec §13). */
export function mask<T>(value: T): T {
  const text = (JSON.stringify(value) ?? "null")
    .replace(UUID, "<uuid>")
    .replace(ISO, "<ts>")
    .replace(/"[0-9a-f]{32}"/g, '"<hex32>"');
  return JSON.parse(text) as T;
}

/** The events of a fixture as the SDK yields them ({event, data}), masked. */
export function fixtureChunks(fx: { response: { events?: { event: string; data: unknown }[] } }, keep?: (event: string) => boolean): unknown[] {
  return mask((fx.response.events ?? []).filter((e) => !keep || keep(e.event)).map((e) => ({ event: e.event, data: e.data })));
}

export async function fixtureNamed(name: string) {
  const fx = (await testFixtures()).find((f) => f.name === name);
  if (!fx) throw new Error(`no test fixture named ${name}`);
  return fx;
}
