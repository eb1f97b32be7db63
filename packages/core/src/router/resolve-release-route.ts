// Pure routing of a request path on an env's site: `/r/<version>/<path>` names one release's
// file (old tabs keep loading their own chunks after a switch); any other path names a file of
// the live release. Shared by serve-release and mirrored by the CloudFront viewer-request function.

export type ReleaseRoute =
  | { kind: 'bad'; reason: string }
  /** `version` null: the version the env points at now. `files`: keys to try, in order, relative to the release folder. */
  | { kind: 'file'; version: string | null; files: string[] };

/** Versions as tags carry them (semver with pre-release and build parts); never "." or "..". */
const versionPattern = /^[0-9A-Za-z][0-9A-Za-z.+_-]*$/;
const hasExtension = (segment: string): boolean => /\.[^.]+$/.test(segment);

/**
 * Maps the raw request target (`/r/0.2.0/assets/x.js?v=1`) to the files to try. Works on the raw
 * path rather than a normalised URL so that `..` (plain or percent-encoded) is refused, not resolved.
 */
export function resolveReleaseRoute(rawTarget: string): ReleaseRoute {
  const rawPath = rawTarget.split(/[?#]/, 1)[0];
  if (!rawPath.startsWith('/')) return { kind: 'bad', reason: 'the path must start with "/"' };
  const segments: string[] = [];
  for (const raw of rawPath.slice(1).split('/')) {
    let segment: string;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      return { kind: 'bad', reason: `"${raw}" is not valid percent-encoding` };
    }
    if (segment === '.' || segment === '..' || /[/\\\0]/.test(segment)) {
      return { kind: 'bad', reason: 'the path may not contain ".", ".." or encoded separators' };
    }
    segments.push(segment);
  }
  // A trailing slash (or the root) names a folder: its index.html.
  const folder = segments[segments.length - 1] === '';
  const parts = segments.filter((segment) => segment !== '');
  if (parts[0] === 'r' && parts.length >= 2) {
    const version = parts[1];
    if (!versionPattern.test(version)) return { kind: 'bad', reason: `"${version}" is not a release version` };
    return { kind: 'file', version, files: candidateFiles(parts.slice(2), folder || parts.length === 2) };
  }
  return { kind: 'file', version: null, files: candidateFiles(parts, folder) };
}

/** The file itself, then the SPA fallback: a folder or an extension-less path that is missing serves index.html. */
function candidateFiles(parts: string[], folder: boolean): string[] {
  if (parts.length === 0) return ['index.html'];
  const path = parts.join('/');
  if (folder) return [`${path}/index.html`, 'index.html'];
  return hasExtension(parts[parts.length - 1]) ? [path] : [path, 'index.html'];
}
