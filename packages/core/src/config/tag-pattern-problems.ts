// A tag pattern is checked with the settings, before anything is built: it must name both
// placeholders once, and every tag it makes must be a name git accepts for a tag (the rules of
// git check-ref-format), so that a release can never fail at "git tag" after a full build.
import { isTagdeployError } from '../errors/tagdeploy-error';
import { formatTag, parseTagPattern } from '../plan/tag-pattern';

// Stand-ins that contain every character a product name or version may bring in.
const sampleProduct = 'payments-api';
const sampleVersion = '1.2.3-rc.0';

/** What is wrong with the pattern (empty when nothing is). */
export function tagPatternProblems(pattern: string): string[] {
  try {
    parseTagPattern(pattern);
  } catch (error) {
    if (isTagdeployError(error)) return [error.message.replace(/^tagPattern /, '').replace(/\.$/, '')];
    throw error;
  }
  const tag = formatTag(pattern, sampleProduct, sampleVersion);
  const why = refNameProblem(tag);
  return why ? [`"${pattern}" makes tags git refuses (e.g. "${tag}": ${why}). Use e.g. "{product}@{version}" or "{product}/v{version}"`] : [];
}

/** Why git would refuse refs/tags/<name>, or undefined (git check-ref-format, plus no leading "-"). */
export function refNameProblem(name: string): string | undefined {
  if (name.startsWith('-')) return 'it starts with "-"';
  if (/[\x00-\x20\x7f~^:?*[\\]/.test(name)) return 'it contains a space, a control character or one of ~ ^ : ? * [ \\';
  if (name.includes('..')) return 'it contains ".."';
  if (name.includes('@{')) return 'it contains "@{"';
  if (name.startsWith('/') || name.endsWith('/') || name.includes('//')) return 'it has an empty "/"-separated part';
  if (name.endsWith('.')) return 'it ends with "."';
  if (name.split('/').some((part) => part.startsWith('.') || part.endsWith('.lock'))) return 'a "/"-separated part starts with "." or ends with ".lock"';
  return undefined;
}
