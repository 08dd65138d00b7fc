// Reading the example pages: list items and the status line (data-state: connecting|running|done|error).
import type { Page } from "playwright-core";

export interface ShownLine {
  event: string;
  node: string;
  text: string;
  /** ms since page start when the item was added. */
  t: number;
}

export interface ShownStatus {
  state: string;
  text: string;
  t: number;
}

export async function waitForEnd(page: Page, timeout = 15_000): Promise<ShownStatus> {
  await page.waitForSelector("#status[data-state=done], #status[data-state=error]", { timeout });
  return readStatus(page);
}

export function readStatus(page: Page): Promise<ShownStatus> {
  return page.$eval("#status", (el) => ({
    state: (el as HTMLElement).dataset.state ?? "",
    text: el.textContent ?? "",
    t: Number((el as HTMLElement).dataset.t ?? NaN),
  }));
}

export function readLines(page: Page): Promise<ShownLine[]> {
  return page.$$eval("#updates > li", (items) =>
    items.map((li) => ({
      event: li.querySelector(".event")?.textContent ?? "",
      node: li.querySelector(".node")?.textContent ?? "",
      text: li.querySelector(".text")?.textContent ?? "",
      t: Number((li as HTMLElement).dataset.t),
    })),
  );
}

export function readMessages(page: Page): Promise<{ type: string; text: string }[]> {
  return page.$$eval("#messages > li", (items) =>
    items.map((li) => ({ type: (li as HTMLElement).dataset.type ?? "", text: li.querySelector(".text")?.textContent ?? "" })),
  );
}

/** Lines without timing, metadata's run id reduced to its shape (the mock re-mints ids per replay). */
export function comparable(lines: readonly { event: string; node: string; text: string }[]): { event: string; node: string; text: string }[] {
  return lines.map(({ event, node, text }) => ({
    event,
    node,
    text: event === "metadata" ? text.replace(/^run [0-9a-f-]{36}$/, "run <uuid>") : text,
  }));
}
