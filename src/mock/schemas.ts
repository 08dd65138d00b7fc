// Request schemas of the JS server (@langchain/langgraph-api 1.5.1, dist/schemas.mjs), copied with
// the same zod v3 API the server uses. Reusing zod itself (rather than re-expressing the rules in
// JSON Schema) is what makes the mock's 400 bodies byte-identical to the server's: hono's
// zod-validator answers `JSON.stringify({ success: false, error: ZodError })`, and the shape of those
// issues (invalid_union with unionErrors, "Required", enum option lists) is zod's own output.
import { z } from "zod/v3";
import { IF_NOT_EXISTS, MULTITASK, ON_COMPLETION, ON_DISCONNECT, STREAM_MODES, THREAD_STATUSES } from "../protocol/constants.js";

// The server's enum order (not STREAM_MODES order) appears verbatim in error messages.
export const SERVER_STREAM_MODES = [
  "values",
  "messages",
  "messages-tuple",
  "updates",
  "events",
  "tasks",
  "checkpoints",
  "debug",
  "custom",
  "tools",
] as const;
// Guard: the protocol module and the server agree on the set of modes.
if (SERVER_STREAM_MODES.length !== STREAM_MODES.length || !STREAM_MODES.every((m) => (SERVER_STREAM_MODES as readonly string[]).includes(m))) {
  throw new Error("mock/schemas: STREAM_MODES and the server's stream_mode enum differ; update SERVER_STREAM_MODES.");
}

export const AssistantConfigurable = z
  .object({ thread_id: z.string().optional(), thread_ts: z.string().optional() })
  .catchall(z.unknown());

export const AssistantConfig = z
  .object({
    tags: z.array(z.string()).optional(),
    recursion_limit: z.number().int().optional(),
    configurable: AssistantConfigurable.optional(),
  })
  .catchall(z.unknown());

export const CheckpointSchema = z.object({
  checkpoint_id: z.string().uuid().optional(),
  checkpoint_ns: z.string().nullish(),
  checkpoint_map: z.record(z.unknown()).nullish(),
});

export const CommandSchema = z.object({
  goto: z
    .union([
      z.union([z.string(), z.object({ node: z.string(), input: z.unknown().optional() })]),
      z.array(z.union([z.string(), z.object({ node: z.string(), input: z.unknown().optional() })])),
    ])
    .optional(),
  update: z.union([z.record(z.unknown()), z.array(z.tuple([z.string(), z.unknown()]))]).optional(),
  resume: z.unknown().optional(),
});

const LangsmithTracer = z.object({ project_name: z.string().optional(), example_id: z.string().optional() });

export const RunCreate = z.object({
  assistant_id: z.union([z.string().uuid(), z.string()]),
  checkpoint_id: z.string().optional(),
  checkpoint: CheckpointSchema.optional(),
  input: z.union([z.unknown(), z.null()]).optional(),
  command: CommandSchema.optional(),
  metadata: z.object({}).catchall(z.any()).optional(),
  context: z.unknown().optional(),
  config: AssistantConfig.optional(),
  webhook: z.string().optional(),
  interrupt_before: z.union([z.enum(["*"]), z.array(z.string())]).optional(),
  interrupt_after: z.union([z.enum(["*"]), z.array(z.string())]).optional(),
  on_disconnect: z.enum(ON_DISCONNECT).optional().default("continue"),
  multitask_strategy: z.enum(MULTITASK).optional(),
  stream_mode: z.union([z.array(z.enum(SERVER_STREAM_MODES)), z.enum(SERVER_STREAM_MODES)]).optional(),
  stream_subgraphs: z.boolean().optional(),
  stream_resumable: z.boolean().optional(),
  after_seconds: z.number().optional(),
  if_not_exists: z.enum(IF_NOT_EXISTS).optional(),
  on_completion: z.enum(ON_COMPLETION).optional(),
  feedback_keys: z.array(z.string()).optional(),
  langsmith_tracer: LangsmithTracer.optional(),
});
export type RunCreatePayload = z.infer<typeof RunCreate>;

export const RunBatchCreate = z.array(RunCreate).min(1);

export const ThreadCreate = z.object({
  supersteps: z
    .array(
      z.object({
        updates: z.array(
          z.object({ values: z.unknown().nullish(), command: CommandSchema.nullish(), as_node: z.string() }),
        ),
      }),
    )
    .optional(),
  thread_id: z.string().uuid().optional(),
  metadata: z.object({}).catchall(z.any()).optional(),
  if_exists: z.union([z.literal("raise"), z.literal("do_nothing")]).optional(),
});

const ThreadStatusEnum = z.enum(THREAD_STATUSES);

export const ThreadSearchRequest = z.object({
  metadata: z.record(z.unknown()).optional(),
  ids: z.array(z.string().uuid()).optional(),
  status: ThreadStatusEnum.optional(),
  values: z.record(z.unknown()).optional(),
  limit: z.number().int().gte(1).lte(1000).optional(),
  offset: z.number().int().gte(0).optional(),
  sort_by: z.enum(["thread_id", "status", "created_at", "updated_at"]).optional(),
  sort_order: z.enum(["asc", "desc"]).optional(),
  select: z.array(z.string()).optional(),
});
export type ThreadSearchPayload = z.infer<typeof ThreadSearchRequest>;

export const ThreadCountRequest = z.object({
  metadata: z.record(z.unknown()).optional(),
  status: ThreadStatusEnum.optional(),
  values: z.record(z.unknown()).optional(),
});

export const ThreadPatchRequest = z.object({ metadata: z.record(z.string(), z.unknown()) });

export const ThreadHistoryRequest = z.object({
  limit: z.number().optional().default(10),
  before: z.string().optional(),
  metadata: z.record(z.string(), z.unknown()).optional(),
  checkpoint: z
    .object({
      checkpoint_id: z.string().uuid().optional(),
      checkpoint_ns: z.string().optional(),
      checkpoint_map: z.record(z.string(), z.unknown()).optional(),
    })
    .optional(),
});

export const ThreadStateUpdate = z.object({
  values: z.union([z.record(z.string(), z.unknown()), z.array(z.record(z.string(), z.unknown()))]).nullish(),
  as_node: z.string().optional(),
  checkpoint_id: z.string().optional(),
  checkpoint: CheckpointSchema.nullish(),
});

export const AssistantSearchRequest = z.object({
  metadata: z.object({}).catchall(z.any()).optional(),
  graph_id: z.string().optional(),
  name: z.string().optional(),
  limit: z.number().int().gte(1).lte(1000).optional(),
  offset: z.number().int().gte(0).optional(),
  sort_by: z.enum(["assistant_id", "graph_id", "created_at", "updated_at", "name"]).optional(),
  sort_order: z.enum(["asc", "desc"]).optional(),
  select: z.array(z.string()).optional(),
});

export const AssistantCountRequest = z.object({
  metadata: z.record(z.unknown()).optional(),
  graph_id: z.string().optional(),
  name: z.string().optional(),
});

export const coercedBoolean = z.string().transform((val) => {
  const lower = val.toLowerCase();
  return lower === "true" || lower === "1" || lower === "yes";
});

export const ThreadIdParam = z.object({ thread_id: z.string().uuid() });
export const RunIdParam = z.object({ run_id: z.string().uuid() });
export const ThreadRunParam = z.object({ thread_id: z.string().uuid(), run_id: z.string().uuid() });
export const CancelQuery = z.object({
  wait: z.coerce.boolean().optional().default(false),
  action: z.enum(["interrupt", "rollback"]).optional().default("interrupt"),
});
export const JoinStreamQuery = z.object({ cancel_on_disconnect: coercedBoolean.optional() });
export const ListRunsQuery = z.object({
  limit: z.coerce.number().nullish(),
  offset: z.coerce.number().nullish(),
  status: z.string().nullish(),
});
export const HistoryQuery = z.object({
  limit: z
    .string()
    .optional()
    .default("10")
    .transform((value) => parseInt(value, 10)),
  before: z.string().optional(),
});

export type { ZodError, ZodIssue, ZodTypeAny } from "zod/v3";
