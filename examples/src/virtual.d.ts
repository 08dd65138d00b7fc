// The fixtures examples/build.mjs bundles into the page (see fixturesPlugin there).
declare module "virtual:fixtures" {
  const fixtures: import("../../src/fixtures/format.js").Fixture[];
  export default fixtures;
}
