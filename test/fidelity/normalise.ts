// Normalisation for comparing what the SDK yields across transports and against the recordings
// (spec §13). Hand-written rather than `normaliseFixture` on purpose: that one assigns placeholders
// by inferred kind and timestamps by chronological rank, so two equal-millisecond timestamps on one
// run and distinct ones on the next would number differently; here every distinct id becomes
// `<id-N>` in order of first appearance (object keys visited sorted, so key order never matters) and
// every timestamp the same `<ts>`.

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
/** Interrupt ids: 32 hex digits standing alone (also the fixtures' `0…07NNNNNN` placeholders). */
const HEX32 = /(?<![0-9a-f])[0-9a-f]{32}(?![0-9a-f])/gi;
const ISO = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})/g;

/**
 * Keys whose value depends on the environment, not on the protocol: the server URL (the corpus
 * records `http://127.0.0.1:0`, a live server its real port) and package versions (the corpus
 * records `"<normalised>"`).
 */
const ENVIRONMENT_KEYS: Record<string, string> = { langgraph_api_url: "<url>", versions: "<versions>" };

export interface NormaliseOptions {
  /** Ids that are not volatile and stay as they are (assistant ids: uuid5 of the graph id). */
  keep?: ReadonlySet<string>;
}

/** A normalised deep copy of `value`; see the file comment. Numbering is per call (per sequence). */
export function normaliseIds(value: unknown, opts: NormaliseOptions = {}): unknown {
  const ids = new Map<string, string>();
  const keep = opts.keep ?? new Set<string>();
  const id = (raw: string): string => {
    const k = raw.toLowerCase();
    if (keep.has(k)) return k;
    let token = ids.get(k);
    if (token === undefined) ids.set(k, (token = `<id-${ids.size + 1}>`));
    return token;
  };
  const str = (s: string): string => s.replace(UUID, id).replace(HEX32, id).replace(ISO, "<ts>");
  const walk = (v: unknown): unknown => {
    if (typeof v === "string") return str(v);
    if (Array.isArray(v)) return v.map(walk);
    if (v === null || typeof v !== "object") return v;
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(v).sort()) {
      const item = (v as Record<string, unknown>)[key];
      if (item === undefined) continue; // as JSON would drop it (the SDK may set `id: undefined`)
      out[str(key)] = key in ENVIRONMENT_KEYS && item !== null ? ENVIRONMENT_KEYS[key] : walk(item);
    }
    return out;
  };
  return walk(value);
}
