// Finishes a change that an earlier run left half done after its pointer switch (it was killed, or
// the store or the router failed): writes the pointer's missing history entry, and makes the router
// serve what the pointer names. Idempotent, and only reads when nothing is missing, so that every
// run can call it: a pointer and its history converge without a person's help.
import { createHash } from 'node:crypto';
import type { Reporter } from '../release/ports';
import type { ObjectMeta, ObjectStore } from '../store/object-store';
import { EnvChangeUnfinished, failedStep } from './env-change-unfinished';
import { envHistoryKey, serializeEnvPointer, type EnvPointer } from './env-state';
import { releasePrefix } from '../release/release-manifest';
import type { Router, RouterActivation } from './router-port';

/** Writes the history entry of `pointer` when it is missing; returns its seq when it did. */
export async function finishHistory(store: ObjectStore, reporter: Reporter, pointer: EnvPointer): Promise<number | undefined> {
  const key = envHistoryKey(pointer.product, pointer.env, pointer.seq);
  if (await store.head(key)) return undefined;
  const body = serializeEnvPointer(pointer);
  await store.create(key, body, envRecordMeta(body));
  reporter.warn(`${pointer.env}: wrote the missing history entry #${pointer.seq} (${pointer.version}) that an interrupted run left out`);
  return pointer.seq;
}

/**
 * Makes the router serve `pointer`'s release when it serves another one (a run that stopped between
 * the pointer switch and the router). A router that serves exactly the pointer (local) only reads.
 */
export async function finishRouting(router: Router, reporter: Reporter, pointer: EnvPointer): Promise<RouterActivation | undefined> {
  const { product, env, version } = pointer;
  try {
    const live = await router.readLive({ product, env });
    if (live === version) return undefined;
    const activation = await router.activate({ product, env, version, releasePrefix: releasePrefix(product, version) });
    reporter.warn(`${env}: switched the ${router.type} router to ${version} (it served ${live ?? 'nothing'}), which an interrupted run left out`);
    return activation;
  } catch (error) {
    throw new EnvChangeUnfinished(pointer, [failedStep(`the ${router.type} router does not serve it yet`, error)]);
  }
}

/** Metadata of a pointer or history entry. */
export function envRecordMeta(body: Buffer): ObjectMeta {
  return { contentType: 'application/json', cacheControl: 'no-store', sha256: createHash('sha256').update(body).digest('hex') };
}
