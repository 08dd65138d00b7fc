import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { TOOL_NAME, VERSION } from "./version.js";

describe("version", () => {
  it("matches package.json", () => {
    const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
    expect(VERSION).toBe(pkg.version);
    expect(TOOL_NAME).toBe(pkg.name);
  });
});
