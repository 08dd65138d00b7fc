/** `--reporter json=PATH`: the {@link CheckResult} itself (schema: REPORT_SCHEMA in ../result.ts). */
import type { CheckResult } from "../result.js";

export function renderJson(result: CheckResult): string {
  return `${JSON.stringify(result, null, 2)}\n`;
}
