// Reads one env of one product from the store: its pointer (with the etag for compare-and-swap)
// and, unless asked not to, its whole history.
import type { ObjectStore } from '../store/object-store';
import { envHistoryPrefix, envPointerKey, type EnvState, type HistoryEntry } from './env-state';
import { mapWithConcurrency } from './map-with-concurrency';
import { parseEnvPointer } from './parse-env-pointer';

export async function readEnvState(
  store: ObjectStore,
  product: string,
  env: string,
  options: { history?: boolean; newest?: number } = {},
): Promise<EnvState> {
  const key = envPointerKey(product, env);
  const [object, history] = await Promise.all([
    store.get(key),
    options.history === false ? Promise.resolve([]) : readEnvHistory(store, product, env, options.newest),
  ]);
  return {
    product,
    env,
    pointer: object ? parseEnvPointer(object.body, `${store.url}/${key}`) : null,
    etag: object?.head.etag ?? null,
    history,
  };
}

/** The history entries of an env (all, or only the `newest` few), oldest first. */
export async function readEnvHistory(store: ObjectStore, product: string, env: string, newest?: number): Promise<HistoryEntry[]> {
  const all = (await store.list(envHistoryPrefix(product, env))).filter((key) => /\/\d+\.json$/.test(key));
  // Zero-padded names: the listing order is the seq order.
  const keys = newest === undefined ? all : all.slice(Math.max(0, all.length - newest));
  const entries = await mapWithConcurrency(keys, 16, async (key) => {
    const object = await store.get(key);
    return object ? parseEnvPointer(object.body, `${store.url}/${key}`) : undefined;
  });
  return entries.filter((entry): entry is HistoryEntry => entry !== undefined).sort((a, b) => a.seq - b.seq);
}
