// One way to make an ajv instance for this project: JSON Schema 2020-12 with ajv-formats, so
// `format: "date-time"` / `"uuid"` are checked everywhere (protocol, fixtures, scenarios, reports)
// rather than ignored with a warning.
import { Ajv2020, type Options } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";

// ajv-formats is CommonJS; under NodeNext its default import is the module object, whose
// `.default` is the plugin (dependencies.md gotcha 7). Bundlers may hand over the plugin itself.
type FormatsPlugin = (ajv: Ajv2020) => Ajv2020;
const addFormats: FormatsPlugin =
  (addFormatsModule as unknown as { default?: FormatsPlugin }).default ?? (addFormatsModule as unknown as FormatsPlugin);

export function createAjv(options: Options = {}): Ajv2020 {
  return addFormats(new Ajv2020(options));
}
