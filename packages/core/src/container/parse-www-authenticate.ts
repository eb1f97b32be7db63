// Parses a registry's 401 challenge: `Bearer realm="…",service="…",scope="…"` or `Basic realm="…"`.

export interface AuthChallenge {
  scheme: 'bearer' | 'basic' | 'other';
  params: Record<string, string>;
}

export function parseWwwAuthenticate(header: string | null | undefined): AuthChallenge | undefined {
  if (!header) return undefined;
  const match = /^\s*(\S+)\s*(.*)$/s.exec(header);
  if (!match) return undefined;
  const scheme = match[1].toLowerCase();
  const params: Record<string, string> = {};
  for (const pair of match[2].matchAll(/([A-Za-z_-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^,\s]*))/g)) {
    params[pair[1].toLowerCase()] = pair[2] !== undefined ? pair[2].replace(/\\(.)/g, '$1') : pair[3];
  }
  return { scheme: scheme === 'bearer' ? 'bearer' : scheme === 'basic' ? 'basic' : 'other', params };
}
