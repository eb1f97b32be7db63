// The one thing a router needs from an env pointer: the version it names (null: never deployed).
import { envPointerKey } from '../env/env-state';
import { parseEnvPointer } from '../env/parse-env-pointer';
import type { ObjectStore } from '../store/object-store';

export async function readPointerVersion(store: ObjectStore, product: string, env: string): Promise<string | null> {
  const key = envPointerKey(product, env);
  const got = await store.get(key);
  return got ? parseEnvPointer(got.body, `${store.url}/${key}`).version : null;
}
