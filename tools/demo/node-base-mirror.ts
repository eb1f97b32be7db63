// The demo's stand-in for Docker Hub: nothing can be pulled here, so payments-api's base
// (node:20-slim) comes from an OCI layout made from this machine's node, which
// TAGDEPLOY_REGISTRY_MIRRORS names as the mirror of docker.io for every command of the demo.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeNodeBaseImage } from '../oci/make-node-base-image';

export async function useNodeBaseMirror(): Promise<void> {
  if (process.env.TAGDEPLOY_REGISTRY_MIRRORS) return;
  const hub = mkdtempSync(join(tmpdir(), 'tagdeploy-demo-hub-'));
  await makeNodeBaseImage(join(hub, 'library', 'node'), '20-slim');
  process.env.TAGDEPLOY_REGISTRY_MIRRORS = `docker.io=oci:${hub}`;
}
