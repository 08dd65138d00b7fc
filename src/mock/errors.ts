// Error replies in the two server dialects (spec §11).
//   js:     zod failures → 400 `{"success":false,"error":{"issues":[…],"name":"ZodError"}}`;
//           other HTTP errors → text/plain holding only the message; unknown routes → `404 Not Found`.
//   python: every HTTP error is `{"detail": "<message>"}` JSON; schema failures are 422.
import type { ZodError, ZodIssue } from "./schemas.js";
import { isUuid } from "./ids.js";
import { jsonReply, textReply, TEXT_CT, TEXT_CT_SPACED, type MockReply } from "./reply.js";

export type ServerProfile = "js" | "python";

export function validationError(profile: ServerProfile, error: ZodError, where: "body" | "path" | "query" = "body"): MockReply {
  if (profile === "js") return jsonReply(400, { success: false, error });
  return jsonReply(422, { detail: `Invalid request ${where}: ${summariseIssues(error.issues)}` });
}

/** One readable line per distinct problem, e.g. `assistant_id: Required`. */
export function summariseIssues(issues: readonly ZodIssue[]): string {
  const lines = new Set<string>();
  const visit = (list: readonly ZodIssue[]): void => {
    for (const issue of list) {
      if (issue.code === "invalid_union" && issue.unionErrors.length > 0) {
        // Any branch explains the problem; the last one names the enum options when there are some.
        const branch = issue.unionErrors[issue.unionErrors.length - 1];
        if (branch) visit(branch.issues);
        continue;
      }
      const path = issue.path.length > 0 ? issue.path.join(".") : "(body)";
      lines.add(`${path}: ${issue.message}`);
    }
  };
  visit(issues);
  return [...lines].join("; ");
}

export function malformedJson(profile: ServerProfile): MockReply {
  return profile === "js"
    ? textReply(400, "Malformed JSON in request body")
    : jsonReply(422, { detail: "Invalid JSON in request body" });
}

export function unknownAssistant(profile: ServerProfile, assistantId: string, graphs: readonly string[]): MockReply {
  if (profile === "js") {
    return textReply(
      404,
      `No assistant found for "${assistantId}". Make sure the assistant ID is for a valid assistant or a valid graph ID.`,
    );
  }
  if (isUuid(assistantId)) return jsonReply(404, { detail: "Thread or assistant not found." });
  return jsonReply(422, {
    detail: `Invalid assistant: '${assistantId}'. Must be either:\n- A valid assistant UUID, or\n- One of the registered graphs: ${graphs.join(", ")}`,
  });
}

/** An HTTPException-style error (message only). */
export function httpError(profile: ServerProfile, status: number, message: string): MockReply {
  return profile === "js" ? textReply(status, message, TEXT_CT) : jsonReply(status, { detail: message });
}

export function routeNotFound(profile: ServerProfile): MockReply {
  return profile === "js" ? textReply(404, "404 Not Found", TEXT_CT_SPACED) : jsonReply(404, { detail: "Not Found" });
}

export function threadNotFound(profile: ServerProfile, threadId: string): MockReply {
  return httpError(profile, 404, `Thread with ID ${threadId} not found`);
}

/** Header set on every error the mock itself invents (not something a real server would say). */
export const MOCK_ERROR_HEADER = "x-mock-error";
