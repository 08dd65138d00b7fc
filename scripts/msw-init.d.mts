export const WORKER_FILE: string;
export function mswInit(dir: string): string;
