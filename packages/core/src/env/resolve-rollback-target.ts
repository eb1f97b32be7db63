// The default target of a rollback: the newest release the env ran before the current one,
// skipping releases that an earlier rollback already backed out (a second rollback goes further
// back instead of returning to the release that was rolled back from).
import type { HistoryEntry } from './env-state';

export function resolveRollbackTarget(current: string, history: readonly HistoryEntry[]): string | null {
  const backedOut = new Set<string>();
  for (const entry of [...history].sort((a, b) => b.seq - a.seq)) {
    if (entry.version !== current && !backedOut.has(entry.version)) return entry.version;
    if (entry.action === 'rollback' && entry.previousVersion !== null) backedOut.add(entry.previousVersion);
  }
  return null;
}
