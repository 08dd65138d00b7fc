export interface StaticServer {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}
export function startStaticServer(opts: { dir: string; port?: number; host?: string }): Promise<StaticServer>;
