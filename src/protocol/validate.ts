/**
 * Validation against the protocol schemas, with one-line, rule-named issues.
 *
 * ajv (draft 2020-12) does the checking; this module turns its raw errors into
 * {@link ValidationIssue}s: the `x-rules` annotations of `schemas.ts` supply stable rule ids and
 * readable messages, and `anyOf`/`oneOf` noise is collapsed to the alternative that came closest
 * (or to one "must be A or B" issue when no alternative even had the right type).
 */
import { createAjv } from "./ajv.js";
import type { Ajv2020, ErrorObject, ValidateFunction } from "ajv/dist/2020.js";
import type { Static } from "@sinclair/typebox";
import {
  EVENT,
  INTERRUPT_KEY,
  RESERVED_UPDATE_KEYS,
  isStreamMode,
  normalizeStreamModes,
} from "./constants.js";
import { parseEventName } from "./event-name.js";
import {
  EVENT_PAYLOAD_SCHEMA,
  RULES_KEYWORD,
  SCHEMA_ID_PREFIX,
  SCHEMA_NAMES,
  STRICT_INTERRUPT_PAYLOAD_SCHEMA,
  schemaCatalog,
  schemaId,
  type RuleNote,
  type RuleNotes,
  type SchemaName,
} from "./schemas.js";

export interface ValidationIssue {
  /** Position of the event in its stream (or of the item in a batch). */
  index?: number;
  /** Event name, for SSE events. */
  event?: string;
  /** Catalog schema name, for {@link validateValue}. */
  schema?: string;
  /** JSON pointer into the value, `/` for the root; `""` when the issue is the event's name. */
  pointer: string;
  /** Friendly rule id (`updates.oneNode`) or `<ajv keyword> <schema path>`. */
  rule: string;
  message: string;
  /** Absent means `"error"`. Warnings flag SHOULD-level deviations (e.g. unrequested modes, SR-13). */
  severity?: "error" | "warning";
}

export interface ValidateEventOptions {
  /** The request set `stream_subgraphs: true`; namespaced names are an error otherwise (SR-12). */
  subgraphs?: boolean;
  /** The request's raw `stream_mode`; events of other modes get a warning (SR-13). */
  requestedModes?: readonly string[] | string;
  /** Require a string `id` on every interrupt (JS / LangGraph ≥ 0.6, SR-15). */
  requireInterruptIds?: boolean;
}

export interface SseEventLike {
  event: string;
  data: unknown;
}

// ---------------------------------------------------------------------------------------------
// ajv setup (lazy: compiling costs ~100 ms and many importers only need the constants)

let ajvInstance: Ajv2020 | undefined;

function getAjv(): Ajv2020 {
  if (ajvInstance === undefined) {
    // verbose: errors carry `parentSchema` (where the x-rules live) and `data` (for messages).
    // strict: false because the schemas carry annotations and TypeBox symbols ajv would flag.
    const ajv = createAjv({ allErrors: true, strict: false, verbose: true });
    ajv.addVocabulary([RULES_KEYWORD]);
    for (const schema of Object.values(schemaCatalog)) ajv.addSchema(schema);
    ajvInstance = ajv;
  }
  return ajvInstance;
}

function validatorFor(name: SchemaName): ValidateFunction {
  const validate = getAjv().getSchema(schemaId(name));
  if (validate === undefined) throw new Error(`validate: schema "${name}" is not registered with ajv (internal error).`);
  return validate;
}

/** Catalog name for a catalog name or `$id`; `undefined` if neither. */
export function resolveSchemaName(nameOrId: string): SchemaName | undefined {
  const name = nameOrId.startsWith(SCHEMA_ID_PREFIX) ? nameOrId.slice(SCHEMA_ID_PREFIX.length) : nameOrId;
  return (SCHEMA_NAMES as string[]).includes(name) ? (name as SchemaName) : undefined;
}

function requireSchemaName(nameOrId: string): SchemaName {
  const name = resolveSchemaName(nameOrId);
  if (name === undefined) {
    throw new Error(`validateValue: unknown schema "${nameOrId}"; use one of ${SCHEMA_NAMES.join(", ")} (or its $id).`);
  }
  return name;
}

// ---------------------------------------------------------------------------------------------
// Public API

/**
 * Validates `value` against a catalog schema (by name, e.g. `"RunCreateStateless"`, or `$id`).
 * Returns no issues when valid. Throws only for an unknown schema name.
 */
export function validateValue(nameOrId: string, value: unknown): ValidationIssue[] {
  const name = requireSchemaName(nameOrId);
  return issuesFor(name, value).map((issue) => ({ schema: name, ...issue }));
}

/** Type guard form of {@link validateValue}. */
export function isValidValue<N extends SchemaName>(name: N, value: unknown): value is Static<(typeof schemaCatalog)[N]> {
  return validatorFor(requireSchemaName(name))(value) === true;
}

/**
 * Checks one SSE event: the name grammar (SR-12), namespacing against `opts.subgraphs`, the mode
 * against `opts.requestedModes` (warning, SR-13), and the payload against the schema of its base
 * name (SR-02, SR-14–SR-19).
 */
export function validateEvent(ev: SseEventLike, index: number, opts: ValidateEventOptions = {}): ValidationIssue[] {
  const rawName: unknown = (ev as { event?: unknown } | null | undefined)?.event;
  const eventName = typeof rawName === "string" ? rawName : String(rawName);
  const tag = (issue: Omit<ValidationIssue, "index" | "event">): ValidationIssue => ({ index, event: eventName, ...issue });

  if (typeof rawName !== "string" || rawName.length === 0) {
    return [tag({ pointer: "", rule: "event.name", message: "the event has no event name (SR-03)" })];
  }
  const parsed = parseEventName(rawName);
  if (!parsed.ok) {
    return [tag({ pointer: "", rule: "event.name", message: `invalid event name: ${parsed.reason} (SR-12)` })];
  }

  const issues: ValidationIssue[] = [];
  if (parsed.namespace.length > 0) {
    if (parsed.base === EVENT.metadata || parsed.base === EVENT.feedback || parsed.base === EVENT.end) {
      issues.push(
        tag({ pointer: "", rule: "event.namespacedControl", message: `"${parsed.base}" events are never namespaced` }),
      );
    } else if (opts.subgraphs !== true) {
      issues.push(
        tag({
          pointer: "",
          rule: "event.namespace",
          message: "namespaced event names (base|node:task) may only appear with stream_subgraphs: true (SR-12)",
        }),
      );
    }
  }
  if (opts.requestedModes !== undefined && isStreamMode(parsed.mode)) {
    const requested = normalizeStreamModes(opts.requestedModes);
    if (!requested.includes(parsed.mode)) {
      issues.push(
        tag({
          pointer: "",
          rule: "stream.unrequestedMode",
          severity: "warning",
          message: `stream mode "${parsed.mode}" was not requested (stream_mode: ${requested.join(", ")}) (SR-13)`,
        }),
      );
    }
  }

  const schemaName =
    (opts.requireInterruptIds === true ? STRICT_INTERRUPT_PAYLOAD_SCHEMA[parsed.base] : undefined) ??
    EVENT_PAYLOAD_SCHEMA[parsed.base];
  const data = (ev as { data?: unknown }).data;
  issues.push(...issuesFor(schemaName, data).map(tag));
  return issues;
}

/**
 * {@link validateEvent} for every event, plus stream-level rules: `metadata` comes first (SR-02),
 * a root `error` ends the stream (SR-19), `end` is legacy (warning, SR-06).
 */
export function validateEventStream(events: readonly SseEventLike[], opts: ValidateEventOptions = {}): ValidationIssue[] {
  const issues = events.flatMap((ev, i) => validateEvent(ev, i, opts));
  const first = events[0];
  if (first !== undefined && first.event !== EVENT.metadata) {
    issues.push({
      index: 0,
      event: String(first.event),
      pointer: "",
      rule: "stream.metadataFirst",
      message: "the first event must be metadata {run_id, attempt} (SR-02)",
    });
  }
  events.forEach((ev, i) => {
    if (ev.event === EVENT.error && i !== events.length - 1) {
      issues.push({
        index: i,
        event: ev.event,
        pointer: "",
        rule: "stream.errorLast",
        message: `an error event must end the stream, but ${events.length - 1 - i} event(s) follow it (SR-19)`,
      });
    }
    if (ev.event === EVENT.end) {
      issues.push({
        index: i,
        event: ev.event,
        pointer: "",
        rule: "stream.legacyEnd",
        severity: "warning",
        message: "current servers send no end event; clients must not require one (SR-06)",
      });
    }
  });
  return issues.sort((a, b) => (a.index ?? 0) - (b.index ?? 0));
}

/**
 * One readable line, e.g.
 * `event #3 "updates": at / → must have exactly one node key besides __metadata__; found 2: "a", "b" (rule: updates.oneNode)`.
 */
export function formatIssue(issue: ValidationIssue): string {
  let subject: string;
  if (issue.event !== undefined) subject = `event #${issue.index ?? "?"} "${issue.event}"`;
  else if (issue.schema !== undefined) subject = issue.index !== undefined ? `${issue.schema} #${issue.index}` : issue.schema;
  else subject = issue.index !== undefined ? `item #${issue.index}` : "value";
  const where = issue.pointer === "" ? "event name" : `at ${issue.pointer}`;
  const prefix = issue.severity === "warning" ? "warning: " : "";
  return singleLine(`${prefix}${subject}: ${where} → ${issue.message} (rule: ${issue.rule})`);
}

export function formatIssues(issues: readonly ValidationIssue[]): string {
  return issues.map(formatIssue).join("\n");
}

/** Only the issues that are errors (drops SHOULD-level warnings). */
export function errorsOnly(issues: readonly ValidationIssue[]): ValidationIssue[] {
  return issues.filter((issue) => issue.severity !== "warning");
}

// ---------------------------------------------------------------------------------------------
// ajv errors → issues

type Issue = Omit<ValidationIssue, "index" | "event" | "schema">;

function issuesFor(name: SchemaName, value: unknown): Issue[] {
  const validate = validatorFor(name);
  if (validate(value) === true) return [];
  const errors = collapseUnions((validate.errors ?? []).filter((e) => e.keyword !== "if"));
  // One issue per object for several missing properties of the same rule.
  const groups = new Map<string, ErrorObject[]>();
  errors.forEach((error, i) => {
    const key =
      error.keyword === "required"
        ? `${error.instancePath}\u0000${error.schemaPath}\u0000${ruleNote(error)?.id ?? ""}`
        : String(i);
    groups.set(key, [...(groups.get(key) ?? []), error]);
  });
  const seen = new Set<string>();
  const issues: Issue[] = [];
  for (const group of groups.values()) {
    const issue = toIssue(group);
    const key = `${issue.pointer}\u0000${issue.rule}\u0000${issue.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      issues.push(issue);
    }
  }
  return issues;
}

/** `group` is one error, or several `required` errors of the same schema location and rule. */
function toIssue(group: ErrorObject[]): Issue {
  const error = group[0]!;
  const missing = group.map((e) => (e.params as { missingProperty?: string }).missingProperty).filter((m) => m !== undefined);
  const note = ruleNote(error);
  return {
    pointer: error.instancePath === "" ? "/" : error.instancePath,
    rule: note?.id ?? `${error.keyword} ${error.schemaPath}`,
    message: note !== undefined ? renderMessage(note.message, error, missing) : defaultMessage(error, missing),
  };
}

function ruleNote(error: ErrorObject): RuleNote | undefined {
  const notes = (error.parentSchema as Record<string, unknown> | undefined)?.[RULES_KEYWORD] as RuleNotes | undefined;
  if (notes === undefined) return undefined;
  const missing = (error.params as { missingProperty?: string }).missingProperty;
  return (missing !== undefined ? notes[`${error.keyword}:${missing}`] : undefined) ?? notes[error.keyword];
}

function renderMessage(template: string, error: ErrorObject, missing: string[]): string {
  const data: unknown = error.data;
  const keys = isPlainObject(data) ? Object.keys(data) : [];
  const nodeKeys = keys.filter((k) => !(RESERVED_UPDATE_KEYS as readonly string[]).includes(k));
  const values: Record<string, string> = {
    got: describeValue(data),
    missing: quoteList(missing),
    length: Array.isArray(data) ? String(data.length) : "?",
    nodeKeys: quoteList(nodeKeys),
    nodeKeyCount: String(nodeKeys.length),
    otherKeys: quoteList(keys.filter((k) => k !== INTERRUPT_KEY)),
  };
  return template.replace(/\{(\w+)\}/g, (match, key: string) => values[key] ?? match);
}

function defaultMessage(error: ErrorObject, missing: string[]): string {
  const params = error.params as Record<string, unknown>;
  const got = describeValue(error.data);
  switch (error.keyword) {
    case "required":
      return `must have required ${missing.length > 1 ? "properties" : "property"} ${quoteList(missing)}`;
    case "enum":
      return `must be one of ${quoteList((params.allowedValues as unknown[]) ?? [])}; got ${got}`;
    case "const":
      return `must be ${JSON.stringify(params.allowedValue)}; got ${got}`;
    case "type":
      return `must be ${String(params.type)}; got ${got}`;
    case "format":
      return `must be a valid ${String(params.format)}; got ${got}`;
    case "anyOf":
    case "oneOf":
      return `must be ${describeAlternatives(error.schema)}; got ${got}`;
    default:
      return error.message ?? `fails "${error.keyword}"`;
  }
}

/**
 * Replaces each failed `anyOf`/`oneOf` and the errors of all its alternatives by the errors of
 * the single alternative that came closest: one whose root type matched, preferring the deepest
 * error location, then the fewest errors. When no alternative had the right type, the union's own
 * error stays (worded by its x-rules note or as "must be A or B").
 */
function collapseUnions(errors: ErrorObject[]): ErrorObject[] {
  const removed = new Set<ErrorObject>();
  const unions = errors
    .filter((e) => e.keyword === "anyOf" || e.keyword === "oneOf")
    .sort((a, b) => a.schemaPath.length - b.schemaPath.length);
  for (const union of unions) {
    if (removed.has(union)) continue;
    const prefix = `${union.schemaPath}/`;
    const branches = new Map<string, ErrorObject[]>();
    for (const e of errors) {
      if (removed.has(e) || !e.schemaPath.startsWith(prefix)) continue;
      const branch = e.schemaPath.slice(prefix.length).split("/")[0] ?? "";
      branches.set(branch, [...(branches.get(branch) ?? []), e]);
    }
    if (branches.size === 0) continue; // oneOf matched several alternatives: keep its own error
    // An alternative "missed" when it failed only on the type of the value itself (possibly
    // through a nested union), i.e. it does not even describe this kind of value.
    const missed = (errs: ErrorObject[]) =>
      errs.every((e) => e.instancePath === union.instancePath && ["type", "anyOf", "oneOf"].includes(e.keyword));
    const candidates = [...branches.values()].filter((errs) => !missed(errs));
    const allBranchErrors = [...branches.values()].flat();
    const depth = (errs: ErrorObject[]) => Math.max(...errs.map((e) => e.instancePath.split("/").length));
    candidates.sort((a, b) => depth(b) - depth(a) || a.length - b.length);
    const best = candidates[0];
    // Keep the union's own error when nothing fits, or when its x-rules note describes the value
    // better than an alternative failing at the same spot (`"x"` for `"*" | string[]`).
    if (best === undefined || (ruleNote(union) !== undefined && depth(best) === depth([union]))) {
      allBranchErrors.forEach((e) => removed.add(e));
      continue;
    }
    const keep = new Set(best);
    removed.add(union);
    allBranchErrors.filter((e) => !keep.has(e)).forEach((e) => removed.add(e));
  }
  return errors.filter((e) => !removed.has(e));
}

function describeAlternatives(branches: unknown): string {
  if (!Array.isArray(branches)) return "one of the allowed alternatives";
  const parts = branches.map((branch: Record<string, unknown>) => {
    if ("const" in branch) return JSON.stringify(branch.const);
    if (Array.isArray(branch.anyOf)) return describeAlternatives(branch.anyOf);
    if (Array.isArray(branch.enum)) return `one of ${quoteList(branch.enum)}`;
    const type = branch.type;
    if (type === "array") return "an array";
    if (type === "object") return "an object";
    if (type === "integer") return "an integer";
    if (typeof type === "string") return `a ${type === "null" ? "null" : type}`;
    return "another shape";
  });
  return [...new Set(parts)].join(" or ");
}

function describeValue(value: unknown): string {
  if (value === undefined) return "nothing";
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function quoteList(values: readonly unknown[]): string {
  return values.map((v) => JSON.stringify(v)).join(", ");
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function singleLine(text: string): string {
  return text.replace(/\r\n|\r|\n/g, "\\n");
}
