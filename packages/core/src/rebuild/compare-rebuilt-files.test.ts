import { describe, expect, it } from 'vitest';
import { compareRebuiltFiles, formatRebuildDifferences, isReproducible } from './compare-rebuilt-files';

const file = (path: string, sha256 = `sha-of-${path}`) => ({ path, sha256 });

describe('compareRebuiltFiles', () => {
  it('finds a rebuild with the same paths and bytes reproducible, in any order', () => {
    const comparison = compareRebuiltFiles([file('index.html'), file('assets/a.js')], [file('assets/a.js'), file('index.html')]);
    expect(comparison).toEqual({ same: 2, changed: [], missing: [], extra: [] });
    expect(isReproducible(comparison)).toBe(true);
  });

  it('names a file whose bytes changed', () => {
    const comparison = compareRebuiltFiles([file('index.html'), file('built-at.txt', 'old')], [file('index.html'), file('built-at.txt', 'new')]);
    expect(comparison).toEqual({ same: 1, changed: ['built-at.txt'], missing: [], extra: [] });
    expect(isReproducible(comparison)).toBe(false);
  });

  it('names files the rebuild did not write and files it wrote besides, sorted', () => {
    const comparison = compareRebuiltFiles([file('index.html'), file('z.js'), file('a.js')], [file('index.html'), file('y.js'), file('b.js')]);
    expect(comparison).toEqual({ same: 1, changed: [], missing: ['a.js', 'z.js'], extra: ['b.js', 'y.js'] });
    expect(isReproducible(comparison)).toBe(false);
  });

  it('treats an empty rebuild of a non-empty release as every file missing', () => {
    expect(compareRebuiltFiles([file('index.html')], [])).toEqual({ same: 0, changed: [], missing: ['index.html'], extra: [] });
  });
});

describe('formatRebuildDifferences', () => {
  it('lists each kind of difference that occurs, in a fixed order', () => {
    expect(formatRebuildDifferences({ same: 0, changed: ['built-at.txt'], missing: ['a.js'], extra: ['b.js', 'c.js'] })).toBe('changed: built-at.txt; missing: a.js; extra: b.js, c.js');
    expect(formatRebuildDifferences({ same: 3, changed: [], missing: [], extra: ['b.js'] })).toBe('extra: b.js');
  });

  it('shortens a long list and says how many more', () => {
    const changed = ['a', 'b', 'c', 'd'];
    expect(formatRebuildDifferences({ same: 0, changed, missing: [], extra: [] }, 2)).toBe('changed: a, b and 2 more');
  });
});
