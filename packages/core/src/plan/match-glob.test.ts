import { describe, expect, it } from 'vitest';
import { matchGlob } from './match-glob';

describe('matchGlob', () => {
  it.each([
    ['tsconfig.base.json', 'tsconfig.base.json', true],
    ['tsconfig.base.json', 'tsconfigXbase.json', false],
    ['tsconfig.base.json', 'apps/x/tsconfig.base.json', false],
    ['tsconfig.*.json', 'tsconfig.base.json', true],
    ['*.json', 'tools/a.json', false],
    ['tools/build/**', 'tools/build/vite.mjs', true],
    ['tools/build/**', 'tools/build/deep/er/x.js', true],
    ['tools/build/**', 'tools/other/x.js', false],
    ['tools/**/x.js', 'tools/x.js', true],
    ['tools/**/x.js', 'tools/a/b/x.js', true],
    ['**/*.mjs', 'vite.shared.mjs', true],
    ['**/*.mjs', 'tools/vite.shared.mjs', true],
    ['file?.txt', 'file1.txt', true],
    ['file?.txt', 'file/.txt', false],
    ['a*b', 'a/b', false],
    ['(a)+[b].txt', '(a)+[b].txt', true],
  ])('%s against %s is %s', (pattern, path, expected) => {
    expect(matchGlob(pattern, path)).toBe(expected);
  });
});
