// Runs at most `max` of the given tasks at a time: the CLI-heavy tests (each case a process running
// vitest) would otherwise start all at once and starve a 2-core machine.
export function limiter(max: number): <T>(fn: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: Array<() => void> = [];
  return async (fn) => {
    if (running >= max) await new Promise<void>((resolve) => waiting.push(resolve));
    running++;
    try {
      return await fn();
    } finally {
      running--;
      waiting.shift()?.();
    }
  };
}
