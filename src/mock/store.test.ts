import { fc, test as ftest } from "@fast-check/vitest";
import { describe, expect, test } from "vitest";
import { isJsonbContained, MockStore, type ThreadRecord } from "./store.js";

const thread = (id: number, over: Partial<ThreadRecord> = {}): ThreadRecord => ({
  thread_id: `00000000-0000-4000-8000-${String(id).padStart(12, "0")}`,
  created_at: new Date(1_700_000_000_000 + id * 1000).toISOString(),
  updated_at: new Date(1_700_000_000_000 + id * 1000).toISOString(),
  metadata: { n: id, even: id % 2 === 0 },
  status: "idle",
  config: {},
  ...over,
});

describe("MockStore", () => {
  test("hands out deep copies", () => {
    const s = new MockStore();
    s.insertThread(thread(1));
    const t = s.getThread(thread(1).thread_id) as ThreadRecord;
    (t.metadata as Record<string, unknown>)["n"] = 99;
    expect(s.getThread(t.thread_id)?.metadata["n"]).toBe(1);
    expect(s.searchThreads().threads[0]?.metadata["n"]).toBe(1);
  });

  test("search: containment, status, ids, default sort created_at desc, pagination total", () => {
    const s = new MockStore();
    for (let i = 1; i <= 5; i++) s.insertThread(thread(i, { status: i === 3 ? "busy" : "idle" }));
    expect(s.searchThreads().threads.map((t) => t.metadata["n"])).toEqual([5, 4, 3, 2, 1]);
    expect(s.searchThreads({ sort_order: "asc", limit: 2, offset: 1 })).toMatchObject({ total: 5, threads: [{ metadata: { n: 2 } }, { metadata: { n: 3 } }] });
    expect(s.searchThreads({ metadata: { even: true } }).threads.map((t) => t.metadata["n"])).toEqual([4, 2]);
    expect(s.countThreads({ status: "busy" })).toBe(1);
    expect(s.searchThreads({ ids: [thread(2).thread_id] }).threads).toHaveLength(1);
    expect(s.searchThreads({ sort_by: "thread_id", sort_order: "asc" }).threads[0]?.metadata["n"]).toBe(1);
  });

  test("values filter: threads without values pass (JS quirk)", () => {
    const s = new MockStore();
    s.insertThread(thread(1));
    s.insertThread(thread(2, { values: { a: 1 } }));
    s.insertThread(thread(3, { values: { a: 2 } }));
    expect(s.countThreads({ values: { a: 1 } })).toBe(2);
  });

  test("hidden threads are invisible unless asked; deleting a thread deletes its runs and history", () => {
    const s = new MockStore();
    const t = thread(1);
    s.insertThread(t, { temporary: true, hidden: true });
    expect(s.getThread(t.thread_id)).toBeUndefined();
    expect(s.getThread(t.thread_id, { includeHidden: true })).toBeDefined();
    expect(s.countThreads()).toBe(0);
    s.putRun({ run_id: "r1", thread_id: t.thread_id, assistant_id: "a", metadata: {}, status: "pending", kwargs: {}, multitask_strategy: "reject", created_at: t.created_at, updated_at: t.created_at });
    expect(s.inflightRuns(t.thread_id)).toHaveLength(1);
    s.deleteThread(t.thread_id);
    expect(s.runCount).toBe(0);
    expect(() => s.putRun({ run_id: "r2", thread_id: t.thread_id } as never)).toThrow(/missing thread/);
  });

  test("history: newest first, limit, before", () => {
    const s = new MockStore();
    const t = thread(1);
    s.insertThread(t);
    for (let i = 0; i < 4; i++) {
      s.addState(t.thread_id, {
        values: { i },
        next: [],
        tasks: [],
        metadata: { step: i },
        created_at: t.created_at,
        checkpoint: { thread_id: t.thread_id, checkpoint_id: `c${i}`, checkpoint_ns: "", checkpoint_map: null },
        parent_checkpoint: null,
      });
    }
    expect(s.history(t.thread_id).map((h) => h.values)).toEqual([{ i: 3 }, { i: 2 }, { i: 1 }, { i: 0 }]);
    expect(s.history(t.thread_id, { limit: 1, before: "c2" }).map((h) => h.values)).toEqual([{ i: 1 }]);
    expect(s.history(t.thread_id, { metadata: { step: 0 } })).toHaveLength(1);
    expect(s.latestState(t.thread_id)?.values).toEqual({ i: 3 });
  });

  ftest.prop([fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 0, maxLength: 30 }), fc.integer({ min: 1, max: 10 })])(
    "pagination pages partition the sorted result",
    (ids, limit) => {
      const s = new MockStore();
      for (const id of new Set(ids)) s.insertThread(thread(id));
      const all = s.searchThreads({ limit: 1000 }).threads.map((t) => t.thread_id);
      const paged: string[] = [];
      for (let offset = 0; offset < all.length; offset += limit) paged.push(...s.searchThreads({ limit, offset }).threads.map((t) => t.thread_id));
      expect(paged).toEqual(all);
    },
  );
});

describe("isJsonbContained", () => {
  test("JS semantics", () => {
    expect(isJsonbContained({ a: 1, b: { c: 2, d: 3 } }, { b: { c: 2 } })).toBe(true);
    expect(isJsonbContained({ a: 1 }, { a: 2 })).toBe(false);
    expect(isJsonbContained({ a: null }, { a: null })).toBe(false); // superset[key] == null → false
    expect(isJsonbContained({ a: [1, 2] }, { a: [1, 2] })).toBe(true);
    // Arrays compare position by position, as JS's Object.entries walk does: [1] ⊆ [1, 2], [2] ⊄ [1, 2].
    expect(isJsonbContained({ a: [1, 2] }, { a: [1] })).toBe(true);
    expect(isJsonbContained({ a: [1, 2] }, { a: [2] })).toBe(false);
  });
  ftest.prop([fc.dictionary(fc.string({ maxLength: 3 }), fc.oneof(fc.integer(), fc.string({ maxLength: 3 }), fc.boolean()))])("every object contains itself and {}", (o) => {
    expect(isJsonbContained(o, o)).toBe(true);
    expect(isJsonbContained(o, {})).toBe(true);
  });
});
