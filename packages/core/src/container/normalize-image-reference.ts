// Image names the way Docker reads them (pure): "node:20-slim" is docker.io/library/node:20-slim,
// so that a Dockerfile's FROM and a tagdeploy.json "baseImage" can be compared. "scratch" and
// oci:<layout> references are kept as they are.

export function normalizeImageReference(reference: string): string {
  if (reference === 'scratch' || reference.startsWith('oci:')) return reference;
  const slash = reference.indexOf('/');
  const first = slash < 0 ? '' : reference.slice(0, slash);
  const hasHost = slash >= 0 && (/[.:]/.test(first) || first === 'localhost');
  const host = hasHost ? first : 'docker.io';
  let path = hasHost ? reference.slice(slash + 1) : reference;
  if (host === 'docker.io' && !path.includes('/')) path = `library/${path}`;
  const named = /[:@]/.test(path.slice(path.lastIndexOf('/') + 1)) ? path : `${path}:latest`;
  return `${host}/${named}`;
}

/**
 * A registry mirror for a host, from TAGDEPLOY_REGISTRY_MIRRORS ("docker.io=mirror.example/hub,
 * ghcr.io=..."): the way a machine's pull-through cache stands in for Docker Hub, as Docker's
 * "registry-mirrors" does, without changing what the product says it is built on.
 */
export function applyRegistryMirror(reference: string, env: NodeJS.ProcessEnv = {}): string {
  const mirrors = (env.TAGDEPLOY_REGISTRY_MIRRORS ?? '').split(',').map((pair) => pair.trim().split('=', 2)).filter((pair) => pair.length === 2 && pair[0] && pair[1]);
  if (reference.startsWith('oci:') || reference === 'scratch') return reference;
  const normalized = normalizeImageReference(reference);
  for (const [host, mirror] of mirrors) {
    if (normalized.startsWith(`${host}/`)) return `${mirror.replace(/\/+$/, '')}/${normalized.slice(host.length + 1)}`;
  }
  return reference;
}
