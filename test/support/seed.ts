// Seeds for the randomised hardening runs: from an environment variable (to reproduce a run), or fresh.
export function seedFromEnv(name: string): number {
  const env = process.env[name];
  if (env !== undefined && env !== "") {
    const n = Number(env);
    if (!Number.isInteger(n)) throw new Error(`${name} must be an integer (got ${env})`);
    return n;
  }
  return (Date.now() ^ (Math.random() * 0x7fffffff)) | 0;
}
