// Public API of `langgraph-conformance/sse`: environment-neutral (TextDecoder + Uint8Array, no Node APIs).
export {
  DEFAULT_MAX_DIAGNOSTICS,
  DEFAULT_MAX_EVENT_BYTES,
  parseSse,
  readSse,
  SseDecoder,
  SseLimitError,
} from "./reader.js";
export type {
  ReadSseOptions,
  SseDecoderOptions,
  SseDiagnostic,
  SseDiagnosticKind,
  SseFrame,
  SseFramingStats,
  SseReadResult,
} from "./reader.js";
export { formatJsonEvent, formatSseComment, formatSseFrame } from "./writer.js";
export type { SseCommentOptions, SseFrameInput, SseJsonEventOptions, SseLineEnding, SseWriteOptions } from "./writer.js";
