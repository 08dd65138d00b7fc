import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { childEntryPath, findPackageRoot, packageRoot, referenceGraphsDir } from "./paths.js";
import { absoluteGraphs, referenceGraphs } from "./server.js";

describe("reference paths", () => {
  it("finds the package root, the child entry and the graphs folder", () => {
    const root = packageRoot();
    expect(existsSync(join(root, "package.json"))).toBe(true);
    expect(existsSync(childEntryPath())).toBe(true);
    expect(existsSync(join(referenceGraphsDir(), "index.mjs"))).toBe(true);
  });

  it("skips package.json files of other packages on the way up", () => {
    const dir = mkdtempSync(join(tmpdir(), "root-walk-"));
    try {
      writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "langgraph-conformance" }));
      mkdirSync(join(dir, "node_modules", "other", "lib"), { recursive: true });
      writeFileSync(join(dir, "node_modules", "other", "package.json"), JSON.stringify({ name: "other" }));
      expect(findPackageRoot(join(dir, "node_modules", "other", "lib", "x.js"))).toBe(dir);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("explains when there is no package root", () => {
    expect(() => findPackageRoot("/definitely/not/here/x.js")).toThrow(/no package.json named "langgraph-conformance"/);
  });
});

describe("graph maps", () => {
  it("resolves relative files against a base dir and keeps absolute ones and the export", () => {
    expect(absoluteGraphs({ a: "./a.mjs:graph", b: "/abs/b.mjs:other", c: "sub/c.mjs" }, "/base")).toEqual({
      a: "/base/a.mjs:graph",
      b: "/abs/b.mjs:other",
      c: "/base/sub/c.mjs",
    });
  });

  it("lists every reference graph with an existing file", async () => {
    const graphs = await referenceGraphs();
    expect(Object.keys(graphs).sort()).toEqual(
      ["agent", "counter", "echo", "failing", "interrupting", "nested", "parallel", "slow"],
    );
    for (const spec of Object.values(graphs)) {
      expect(spec).toMatch(/\.mjs:graph$/);
      expect(existsSync(spec.slice(0, spec.lastIndexOf(":")))).toBe(true);
    }
  });
});
