// Whether the process that wrote a lock or a temp file of the folder store can still be running.
// Only this host can tell: on another host (a shared folder) the answer is 'unknown', and callers
// fall back to an age bound.
import { createHash } from 'node:crypto';
import { hostname } from 'node:os';

export type Liveness = 'alive' | 'dead' | 'unknown';

export const thisHost = (): string => hostname();

/** A short, file-name-safe tag of a host name (the first 8 hex digits of its sha256). */
export const hostTag = (host: string): string => createHash('sha256').update(host).digest('hex').slice(0, 8);

/**
 * The liveness of `pid` on `host` (or on the host whose tag is `tag`). This process itself is
 * 'alive'; the caller decides whether what it found is really its own (a pid is reused).
 */
export function livenessOf(pid: number, where: { host?: string; tag?: string }): Liveness {
  const here = where.host !== undefined ? where.host === thisHost() : where.tag === hostTag(thisHost());
  if (!here || !Number.isInteger(pid) || pid <= 0) return 'unknown';
  if (pid === process.pid) return 'alive';
  try {
    process.kill(pid, 0);
    return 'alive';
  } catch (error) {
    // EPERM: it runs, as another user.
    return (error as NodeJS.ErrnoException).code === 'ESRCH' ? 'dead' : 'alive';
  }
}
