// A tiny glob matcher for the rootFiles allow-list: Node 20 has no stable path.matchesGlob.
// "*" and "?" stay inside one path segment; "**" spans any number of segments (also none).

const cache = new Map<string, RegExp>();

export function matchGlob(pattern: string, path: string): boolean {
  let regex = cache.get(pattern);
  if (!regex) {
    regex = compileGlob(pattern);
    cache.set(pattern, regex);
  }
  return regex.test(path);
}

function compileGlob(pattern: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i];
    if (char === '*' && pattern[i + 1] === '*') {
      const segmentStart = i === 0 || pattern[i - 1] === '/';
      const segmentEnd = i + 2 === pattern.length || pattern[i + 2] === '/';
      if (segmentStart && segmentEnd) {
        // "**/" may match nothing ("tools/**/x" matches "tools/x"); a trailing "**" matches the rest.
        if (pattern[i + 2] === '/') {
          source += '(?:[^/]*/)*';
          i += 2;
        } else {
          source += '.*';
          i += 1;
        }
        continue;
      }
      source += '[^/]*';
      i += 1;
    } else if (char === '*') {
      source += '[^/]*';
    } else if (char === '?') {
      source += '[^/]';
    } else {
      source += char.replace(/[.+^${}()|[\]\\]/g, '\\$&');
    }
  }
  return new RegExp(`^${source}$`);
}
