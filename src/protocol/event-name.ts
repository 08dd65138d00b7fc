/**
 * SSE event-name grammar (spec §5.3, SR-12):
 *
 *   name      = base *( "|" segment )
 *   segment   = node ":" task-id
 *
 * `base` is a known event base (`updates`, `messages/partial`, `metadata`, …). Segments list the
 * subgraph namespace, outermost first. A node name may itself contain `:` (nothing forbids it in
 * LangGraph), whereas task ids are UUIDs and never do; so a segment splits at its LAST colon.
 * A node name containing `|` cannot be represented: consumers split on `|` (CORE
 * `src/pregel/remote.ts`), so {@link formatEventName} refuses it.
 *
 * Hand-written rather than a parser library: the grammar is two `split`s, and the error reasons
 * must be specific enough for conformance reports.
 */
import {
  EVENT_BASES,
  NAMESPACE_SEPARATOR,
  STREAM_MODE_EVENTS,
  TASK_ID_SEPARATOR,
  type ControlEvent,
  type EventBase,
  type StreamMode,
} from "./constants.js";

export interface NamespaceSegment {
  node: string;
  taskId: string;
}

export type ParsedEventName =
  | {
      ok: true;
      /** The full name as given. */
      name: string;
      /** The part before the first `|`, e.g. `updates` or `messages/partial`. */
      base: EventBase;
      /** The stream mode that produces `base`, or the control event itself. */
      mode: StreamMode | ControlEvent;
      /** Subgraph namespace, outermost first; empty for root events. */
      namespace: NamespaceSegment[];
    }
  | { ok: false; name: string; reason: string };

const MODE_BY_BASE: ReadonlyMap<string, StreamMode> = new Map(
  (Object.entries(STREAM_MODE_EVENTS) as [StreamMode, readonly string[]][]).flatMap(([mode, bases]) =>
    bases.map((base) => [base, mode] as const),
  ),
);

export function isEventBase(value: string): value is EventBase {
  return (EVENT_BASES as readonly string[]).includes(value);
}

/**
 * The stream mode (or control event) an event base belongs to: `messages` → `messages-tuple`,
 * `messages/partial` → `messages`, `error` → `error`. `undefined` for unknown bases.
 */
export function modeOfEventBase(base: string): StreamMode | ControlEvent | undefined {
  const mode = MODE_BY_BASE.get(base);
  if (mode !== undefined) return mode;
  return isEventBase(base) ? (base as ControlEvent) : undefined;
}

export function parseEventName(name: string): ParsedEventName {
  if (typeof name !== "string" || name.length === 0) {
    return { ok: false, name: String(name), reason: "event name is empty" };
  }
  const [base = "", ...segments] = name.split(NAMESPACE_SEPARATOR);
  const mode = modeOfEventBase(base);
  if (mode === undefined) {
    return {
      ok: false,
      name,
      reason: `unknown event base "${base}"; expected one of ${EVENT_BASES.join(", ")}`,
    };
  }
  const namespace: NamespaceSegment[] = [];
  for (const [i, segment] of segments.entries()) {
    const colon = segment.lastIndexOf(TASK_ID_SEPARATOR);
    if (colon <= 0 || colon === segment.length - 1) {
      const what = segment.length === 0 ? "is empty" : `"${segment}" is not <node>:<task id>`;
      return { ok: false, name, reason: `namespace segment ${i + 1} ${what}` };
    }
    namespace.push({ node: segment.slice(0, colon), taskId: segment.slice(colon + 1) });
  }
  return { ok: true, name, base: base as EventBase, mode, namespace };
}

/**
 * Builds `base|node:task|…`. Throws when a segment cannot round-trip through
 * {@link parseEventName}: empty parts, `|` anywhere, or `:` in a task id.
 */
export function formatEventName(base: string, namespace: readonly NamespaceSegment[] = []): string {
  if (!isEventBase(base)) {
    throw new Error(`formatEventName: unknown event base "${base}"; expected one of ${EVENT_BASES.join(", ")}.`);
  }
  const parts: string[] = [base];
  for (const { node, taskId } of namespace) {
    if (node.length === 0 || node.includes(NAMESPACE_SEPARATOR)) {
      throw new Error(`formatEventName: node name "${node}" must be non-empty and must not contain "|".`);
    }
    if (taskId.length === 0 || taskId.includes(NAMESPACE_SEPARATOR) || taskId.includes(TASK_ID_SEPARATOR)) {
      throw new Error(`formatEventName: task id "${taskId}" must be non-empty and must not contain "|" or ":".`);
    }
    parts.push(`${node}${TASK_ID_SEPARATOR}${taskId}`);
  }
  return parts.join(NAMESPACE_SEPARATOR);
}
