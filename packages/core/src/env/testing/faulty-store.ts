// A real store with an injected write fault: create() of the keys that `failing` picks fails the
// way an unwritable folder does. Injected, because permissions do not stop root (as tests here run)
// and neither s3rver nor our proxy can refuse one prefix. Everything else is the real store.
import { TagdeployError } from '../../errors/tagdeploy-error';
import type { ObjectStore } from '../../store/object-store';

export interface FaultyStore {
  store: ObjectStore;
  /** Ends the fault: later writes go through. */
  heal(): void;
}

export function withFailingCreates(real: ObjectStore, failing: (key: string) => boolean): FaultyStore {
  let healed = false;
  const create: ObjectStore['create'] = async (key, body, meta) => {
    if (!healed && failing(key)) {
      throw new TagdeployError('STORE_UNAVAILABLE', `Could not write ${real.url}/${key}: EACCES: permission denied. Check that the folder exists and is writable.`);
    }
    return real.create(key, body, meta);
  };
  const store = new Proxy(real, {
    get(target, property) {
      if (property === 'create') return create;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { store, heal: () => void (healed = true) };
}
