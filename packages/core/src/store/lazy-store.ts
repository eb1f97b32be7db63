// An ObjectStore whose adapter module loads on its first call. The S3 adapter pulls in the AWS
// SDK (a third of a second of module loading), which a command on the folder store, or a
// command that never touches the store, must not pay.
import type { ObjectStore } from './object-store';

type Method = Exclude<keyof ObjectStore, 'url' | 'concurrency'>;

const methods = ['create', 'copy', 'head', 'get', 'digest', 'list', 'listFolders', 'listObjects', 'replace', 'findWriteProblems', 'checkWritable', 'delete'] as const satisfies readonly Method[];
// Fails to compile when ObjectStore gains a method that is not forwarded.
const everyMethod: Exclude<Method, (typeof methods)[number]> extends never ? true : never = true;

export function lazyStore(known: Pick<ObjectStore, 'url' | 'concurrency'>, load: () => Promise<ObjectStore>): ObjectStore {
  void everyMethod;
  let loaded: Promise<ObjectStore> | undefined;
  const store = () => (loaded ??= load());
  const forward = (name: Method) => async (...args: unknown[]) => ((await store())[name] as (...a: unknown[]) => unknown)(...args);
  return { ...known, ...Object.fromEntries(methods.map((name) => [name, forward(name)])) } as ObjectStore;
}
