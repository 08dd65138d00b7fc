// IPC between `bench/run.ts` and a server child (`fork`): the child says where it listens and
// answers stats requests, so the parent can read the server's own CPU time, RSS and leak counters.
export interface ReadyMessage {
  type: "ready";
  url: string;
}

export interface StatsMessage {
  type: "stats";
  /** process.cpuUsage() user + system, µs. */
  cpuMicros: number;
  rss: number;
  /** Peak RSS of the process so far (process.resourceUsage().maxRSS, converted to bytes). */
  maxRss: number;
  heapUsed: number;
  /** The mock deployment's leak counters (mock child only). */
  deployment?: { activeRuns: number; openStreams: number; timers: number; threads: number; runs: number };
  /** Name of the fixture the mock replayed for the last stream (mock child only). */
  lastFixture?: string;
}

export type ChildMessage = ReadyMessage | StatsMessage;
export type ParentMessage = { type: "stats"; gc?: boolean } | { type: "exit" };

/** Wire a child's IPC: answer stats requests, exit on request or when the parent goes away. */
export function serveIpc(ready: ReadyMessage, extra: () => Partial<StatsMessage> = () => ({}), onExit: () => Promise<void> = async () => undefined): void {
  const send = (m: ChildMessage): void => void process.send?.(m);
  process.on("message", (m: ParentMessage) => {
    if (m.type === "stats") {
      if (m.gc) (globalThis as { gc?: () => void }).gc?.();
      const cpu = process.cpuUsage();
      const mem = process.memoryUsage();
      send({
        type: "stats",
        cpuMicros: cpu.user + cpu.system,
        rss: mem.rss,
        maxRss: process.resourceUsage().maxRSS * 1024,
        heapUsed: mem.heapUsed,
        ...extra(),
      });
    } else if (m.type === "exit") {
      void onExit().finally(() => process.exit(0));
    }
  });
  // Never outlive the bench (e.g. the parent was killed).
  process.on("disconnect", () => process.exit(0));
  send(ready);
}
