// The `local` router: serve-release reads the env pointer on every request, so there is nothing
// to switch outside the store.
import type { Router } from '../env/router-port';
import type { ObjectStore } from '../store/object-store';
import { readPointerVersion } from './read-pointer-version';

export class LocalRouter implements Router {
  readonly type = 'local';

  constructor(private readonly store: ObjectStore) {}

  async activate(): Promise<{ status: 'switched'; detail: string }> {
    return { status: 'switched', detail: 'serve-release reads the env pointer on each request' };
  }

  /** The pointer's version: this router serves exactly what the pointer says, so it cannot drift. */
  readLive(target: { product: string; env: string }): Promise<string | null> {
    return readPointerVersion(this.store, target.product, target.env);
  }
}
