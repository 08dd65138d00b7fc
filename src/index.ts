// Main entry point: re-exports the stable public API of each area.
export { VERSION, TOOL_NAME } from "./version.js";
