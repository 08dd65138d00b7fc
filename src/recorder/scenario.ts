// Scenario files: a declarative list of requests for the recorder. Like the fixture format, one
// TypeBox definition gives the JSON Schema that validates a file and the TypeScript type.
import { readFile } from "node:fs/promises";
import { Type, type Static } from "@sinclair/typebox";
import { createAjv } from "../protocol/ajv.js";

export const SCENARIO_FORMAT = "langgraph-conformance/scenarios@1" as const;

/** Which stateless endpoint a scenario calls. */
export const SCENARIO_ENDPOINTS = {
  stream: { method: "POST", path: "/runs/stream" },
  wait: { method: "POST", path: "/runs/wait" },
  create: { method: "POST", path: "/runs" },
  batch: { method: "POST", path: "/runs/batch" },
} as const;
export type ScenarioEndpoint = keyof typeof SCENARIO_ENDPOINTS;

export const ScenarioSchema = Type.Object(
  {
    name: Type.String({ pattern: "^[a-z0-9]+(?:-[a-z0-9]+)*$", description: "Fixture name (kebab-case)." }),
    description: Type.Optional(Type.String()),
    endpoint: Type.Unsafe<ScenarioEndpoint>({ type: "string", enum: Object.keys(SCENARIO_ENDPOINTS) }),
    body: Type.Unknown({ description: "The JSON body sent (a stateless run body, or an array for batch)." }),
    raw_body: Type.Optional(
      Type.String({ description: "Sent verbatim instead of `body` (e.g. malformed JSON scenarios)." }),
    ),
    headers: Type.Optional(Type.Record(Type.String(), Type.String())),
    expect_status: Type.Optional(Type.Integer({ minimum: 100, maximum: 599 })),
  },
  { additionalProperties: false },
);
export type Scenario = Static<typeof ScenarioSchema>;

export const ScenarioFileSchema = Type.Object(
  {
    format: Type.Literal(SCENARIO_FORMAT),
    description: Type.Optional(Type.String()),
    scenarios: Type.Array(ScenarioSchema, { minItems: 1 }),
  },
  { additionalProperties: false },
);
export type ScenarioFile = Static<typeof ScenarioFileSchema>;

const ajv = createAjv({ allErrors: true, strict: false });
const validateFile = ajv.compile(ScenarioFileSchema);

export class ScenarioError extends Error {
  override name = "ScenarioError";
}

/** Validates a parsed scenario file; throws one error listing every problem with its JSON pointer. */
export function parseScenarioFile(value: unknown, file = "<scenarios>"): ScenarioFile {
  if (!validateFile(value)) {
    const problems = (validateFile.errors ?? [])
      .slice(0, 10)
      .map((e) => `  at ${e.instancePath || "/"}: ${e.message ?? e.keyword}`)
      .join("\n");
    throw new ScenarioError(
      `${file} is not a valid scenario file (format ${SCENARIO_FORMAT}):\n${problems}\n` +
        `See fixtures/scenarios/default.json for an example.`,
    );
  }
  const file_ = value as ScenarioFile;
  const seen = new Set<string>();
  for (const [i, s] of file_.scenarios.entries()) {
    if (seen.has(s.name)) throw new ScenarioError(`${file}: scenario #${i} repeats the name "${s.name}"; names must be unique.`);
    seen.add(s.name);
  }
  return file_;
}

export async function readScenarioFile(path: string): Promise<ScenarioFile> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    throw new ScenarioError(`cannot read scenario file ${path}: ${(error as NodeJS.ErrnoException).code ?? error}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ScenarioError(`${path} is not valid JSON: ${(error as Error).message}`);
  }
  return parseScenarioFile(value, path);
}

/** The graph id a scenario targets (first item for a batch), for the fixture's `source.graph_id`. */
export function scenarioGraphId(s: Scenario): string | null {
  const body = Array.isArray(s.body) ? s.body[0] : s.body;
  const id = body && typeof body === "object" ? (body as { assistant_id?: unknown }).assistant_id : undefined;
  return typeof id === "string" ? id : null;
}
