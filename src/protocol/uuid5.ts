/**
 * RFC 4122 name-based UUID (version 5, SHA-1), used by both servers to turn a graph id into the
 * id of its system assistant (spec §2.2).
 *
 * Uses the `uuid` package: it computes SHA-1 synchronously in pure JavaScript in browsers (and with
 * node:crypto under Node), so the same code serves the MSW service worker and Node.
 */
import { v5 } from "uuid";
import { ASSISTANT_ID_NAMESPACE } from "./constants.js";

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** uuid5 of `name` (UTF-8) in `namespace` (a UUID string), lower-case hex. */
export function uuid5(name: string, namespace: string): string {
  if (!UUID_PATTERN.test(namespace)) {
    throw new Error(`uuid5: namespace "${namespace}" is not a UUID (expected 8-4-4-4-12 hex digits).`);
  }
  return v5(name, namespace);
}

/** The assistant id a server registers for a graph id, e.g. `agent` → `fe096781-5601-53d2-b2f6-0d3403f7e9ca`. */
export function assistantIdForGraph(graphId: string): string {
  return uuid5(graphId, ASSISTANT_ID_NAMESPACE);
}
