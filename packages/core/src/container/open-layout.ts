// One OCI image layout folder seen as a repository of an OciLayoutRegistry (its parent folder).
import { basename, dirname } from 'node:path';
import { OciLayoutRegistry } from './oci-layout-registry';

export function openLayout(layoutDir: string): { storage: OciLayoutRegistry; repository: string } {
  return { storage: new OciLayoutRegistry(dirname(layoutDir)), repository: basename(layoutDir) };
}
