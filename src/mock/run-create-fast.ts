// A fast path for the run-creation body (`RunCreate` in schemas.ts), hand-written because zod is the
// single largest cost of a mock stream after the socket write: `assistant_id: union([uuid, string])`
// builds a full issue object for the failed uuid branch on every valid body that names a graph, and
// every field goes through zod's generic machinery.
//
// Contract: for a body that zod certainly accepts, return exactly what `RunCreate.parse()` returns
// (same keys in the same order: schema-shape order, unknown keys stripped, `on_disconnect` defaulted,
// arrays and objects copied the way zod copies them); otherwise return undefined and let zod decide
// (and write its byte-exact error body). Nested schemas that are rarely sent (checkpoint, command,
// langsmith_tracer) are always left to zod. run-create-fast.test.ts checks the contract against zod
// with fast-check.
import * as P from "../protocol/constants.js";
import { SERVER_STREAM_MODES, type RunCreatePayload } from "./schemas.js";

const STREAM_MODES: ReadonlySet<string> = new Set(SERVER_STREAM_MODES);
const ON_DISCONNECT: ReadonlySet<string> = new Set(P.ON_DISCONNECT);
const MULTITASK: ReadonlySet<string> = new Set(P.MULTITASK);
const IF_NOT_EXISTS: ReadonlySet<string> = new Set(P.IF_NOT_EXISTS);
const ON_COMPLETION: ReadonlySet<string> = new Set(P.ON_COMPLETION);

type Obj = Record<string, unknown>;

/** zod's "object" parsed type, as far as JSON values go. */
const isObject = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const isNumber = (v: unknown): v is number => typeof v === "number" && !Number.isNaN(v);

/** `z.array(z.string())` output (a copy), or undefined. */
function stringArray(v: unknown): string[] | undefined {
  if (!Array.isArray(v)) return undefined;
  for (let i = 0; i < v.length; i++) if (typeof v[i] !== "string") return undefined;
  return v.slice() as string[];
}

/** `z.union([z.enum(["*"]), z.array(z.string())])` */
function interruptList(v: unknown): "*" | string[] | undefined {
  return v === "*" ? "*" : stringArray(v);
}

/** `z.union([z.array(z.enum(MODES)), z.enum(MODES)])` */
function streamMode(v: unknown): string | string[] | undefined {
  if (typeof v === "string") return STREAM_MODES.has(v) ? v : undefined;
  if (!Array.isArray(v)) return undefined;
  for (let i = 0; i < v.length; i++) if (!STREAM_MODES.has(v[i] as string)) return undefined;
  return v.slice() as string[];
}

/** Extra keys of a catchall object, copied as zod does (for-in order, `__proto__` dropped). */
function copyExtras(from: Obj, to: Obj, shape: readonly string[]): void {
  for (const k in from) if (k !== "__proto__" && !shape.includes(k)) to[k] = from[k];
}

const CONFIGURABLE_SHAPE: readonly string[] = ["thread_id", "thread_ts"];
const CONFIG_SHAPE: readonly string[] = ["tags", "recursion_limit", "configurable"];

/** `AssistantConfigurable`: thread_id/thread_ts strings, anything else passes through. */
function configurable(v: unknown): Obj | undefined {
  if (!isObject(v)) return undefined;
  const out: Obj = {};
  for (const k of CONFIGURABLE_SHAPE) {
    if (!(k in v)) continue;
    if (typeof v[k] !== "string") return undefined;
    out[k] = v[k];
  }
  copyExtras(v, out, CONFIGURABLE_SHAPE);
  return out;
}

/** `AssistantConfig`: tags, integer recursion_limit, configurable; anything else passes through. */
function config(v: unknown): Obj | undefined {
  if (!isObject(v)) return undefined;
  const out: Obj = {};
  if ("tags" in v) {
    const tags = stringArray(v["tags"]);
    if (!tags) return undefined;
    out["tags"] = tags;
  }
  if ("recursion_limit" in v) {
    const n = v["recursion_limit"];
    if (!isNumber(n) || !Number.isInteger(n)) return undefined;
    out["recursion_limit"] = n;
  }
  if ("configurable" in v) {
    const c = configurable(v["configurable"]);
    if (!c) return undefined;
    out["configurable"] = c;
  }
  copyExtras(v, out, CONFIG_SHAPE);
  return out;
}

/** `z.object({}).catchall(z.any())`: a shallow copy. */
function metadata(v: unknown): Obj | undefined {
  if (!isObject(v)) return undefined;
  const out: Obj = {};
  copyExtras(v, out, []);
  return out;
}

const enumOf = (set: ReadonlySet<string>) => (v: unknown): string | undefined => (typeof v === "string" && set.has(v) ? v : undefined);
const string = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);
const boolean = (v: unknown): boolean | undefined => (typeof v === "boolean" ? v : undefined);
const number = (v: unknown): number | undefined => (isNumber(v) ? v : undefined);
const any = (v: unknown): unknown => v;
/** Fields always left to zod. */
const never = (): undefined => undefined;

// RunCreate's shape, in its key order (the order of zod's output object).
const FIELDS: readonly (readonly [string, (v: unknown) => unknown])[] = [
  ["assistant_id", string],
  ["checkpoint_id", string],
  ["checkpoint", never],
  ["input", any],
  ["command", never],
  ["metadata", metadata],
  ["context", any],
  ["config", config],
  ["webhook", string],
  ["interrupt_before", interruptList],
  ["interrupt_after", interruptList],
  ["on_disconnect", enumOf(ON_DISCONNECT)],
  ["multitask_strategy", enumOf(MULTITASK)],
  ["stream_mode", streamMode],
  ["stream_subgraphs", boolean],
  ["stream_resumable", boolean],
  ["after_seconds", number],
  ["if_not_exists", enumOf(IF_NOT_EXISTS)],
  ["on_completion", enumOf(ON_COMPLETION)],
  ["feedback_keys", stringArray],
  ["langsmith_tracer", never],
];

/**
 * `RunCreate.parse(value)` for bodies that certainly pass; undefined when zod must decide. `input`
 * and `context` may legitimately be undefined-free JSON of any kind, so they pass as they are.
 */
export function parseRunCreateFast(value: unknown): RunCreatePayload | undefined {
  if (!isObject(value) || typeof value["assistant_id"] !== "string") return undefined;
  const out: Obj = {};
  for (const [key, check] of FIELDS) {
    if (!(key in value)) {
      if (key === "on_disconnect") out[key] = "continue"; // .default("continue")
      continue;
    }
    const v = value[key];
    // zod skips an explicitly undefined optional (no JSON body has one, but MockRequest bodies may).
    if (v === undefined) {
      out[key] = key === "on_disconnect" ? "continue" : undefined;
      continue;
    }
    const parsed = check(v);
    if (parsed === undefined) return undefined;
    out[key] = parsed;
  }
  return out as RunCreatePayload;
}
