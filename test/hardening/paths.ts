// Paths shared by the hardening harnesses (kept apart from the fuzz generators: merely building some
// fast-check arbitraries, e.g. fc.webSegment(), allocates ~80 MB of tables, which would blur the
// abort storm's memory figures).
import { join } from "node:path";

export const CORPUS_DIR = join(import.meta.dirname, "../../fixtures/corpus");
