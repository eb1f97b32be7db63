// Reads one env of one product from the store: its pointer (with the etag for compare-and-swap),
// the listing of its history folder (for the next seq) and, unless asked not to, its entries.
import type { ObjectStore } from '../store/object-store';
import { envHistoryPrefix, envPointerKey, historySeqOfKey, type EnvPointer, type EnvState, type HistoryEntry } from './env-state';
import { mapWithConcurrency } from './map-with-concurrency';
import { parseEnvPointer } from './parse-env-pointer';

export async function readEnvState(
  store: ObjectStore,
  product: string,
  env: string,
  options: { history?: boolean; newest?: number } = {},
): Promise<EnvState> {
  const [current, historyKeys] = await Promise.all([readEnvPointer(store, product, env), listHistoryKeys(store, product, env)]);
  const history = options.history === false ? [] : await readHistoryEntries(store, historyKeys, options.newest);
  return {
    product,
    env,
    pointer: current?.pointer ?? null,
    etag: current?.etag ?? null,
    history,
    lastHistorySeq: historyKeys.reduce((highest, entry) => Math.max(highest, entry.seq), 0),
  };
}

/** The env's pointer and its etag, or undefined when the env has none. */
export async function readEnvPointer(store: ObjectStore, product: string, env: string): Promise<{ pointer: EnvPointer; etag: string } | undefined> {
  const key = envPointerKey(product, env);
  const object = await store.get(key);
  return object && { pointer: parseEnvPointer(object.body, `${store.url}/${key}`), etag: object.head.etag };
}

interface HistoryKey {
  key: string;
  seq: number;
}

/** One listing of the env's history folder (one request per 1,000 entries on S3), in seq order. */
async function listHistoryKeys(store: ObjectStore, product: string, env: string): Promise<HistoryKey[]> {
  const keys = await store.list(envHistoryPrefix(product, env));
  return keys
    .flatMap((key) => {
      const seq = historySeqOfKey(key);
      return seq === undefined ? [] : [{ key, seq }];
    })
    .sort((a, b) => a.seq - b.seq);
}

/** The entries of the listed keys (all, or only the `newest` few), oldest first. */
async function readHistoryEntries(store: ObjectStore, keys: readonly HistoryKey[], newest?: number): Promise<HistoryEntry[]> {
  const wanted = newest === undefined ? keys : keys.slice(Math.max(0, keys.length - newest));
  const entries = await mapWithConcurrency(wanted, 16, async ({ key }) => {
    const object = await store.get(key);
    return object ? parseEnvPointer(object.body, `${store.url}/${key}`) : undefined;
  });
  return entries.filter((entry): entry is HistoryEntry => entry !== undefined).sort((a, b) => a.seq - b.seq);
}
