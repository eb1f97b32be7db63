import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkOutputFile, writeOutputFile } from './output-file';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function aFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tagdeploy-output-'));
  dirs.push(dir);
  return dir;
}

function refusal(run: () => void): { code?: string; message: string } {
  try {
    run();
  } catch (error) {
    return error as { code?: string; message: string };
  }
  throw new Error('expected OUTPUT_FILE_UNWRITABLE, but the file could be written');
}

describe('checkOutputFile', () => {
  it('leaves no file behind when the path can be written', () => {
    const dir = aFolder();

    checkOutputFile('plan.json', '--output-file', dir);

    expect(readdirSync(dir)).toEqual([]);
  });

  it('leaves an existing file exactly as it was', () => {
    const dir = aFolder();
    writeFileSync(join(dir, 'plan.json'), '{"old": true}\n');

    checkOutputFile('plan.json', '--output-file', dir);

    expect(readFileSync(join(dir, 'plan.json'), 'utf8')).toBe('{"old": true}\n');
  });

  it.each([
    ['missing/plan.json', () => undefined, 'its folder missing does not exist'],
    ['plan.json', (dir: string) => mkdirSync(join(dir, 'plan.json')), 'it is a folder'],
    ['notes.txt/plan.json', (dir: string) => writeFileSync(join(dir, 'notes.txt'), 'x'), 'a part of notes.txt is a file, not a folder'],
  ])('refuses %s, saying why and that nothing was done', (path, arrange, why) => {
    const dir = aFolder();
    arrange(dir);

    const error = refusal(() => checkOutputFile(path, '--outputFile', dir));

    expect(error.code).toBe('OUTPUT_FILE_UNWRITABLE');
    expect(error.message).toBe(`Cannot write --outputFile ${path}: ${why}. Nothing was done: pick a path you can write, then run the command again.`);
    expect(existsSync(join(dir, 'missing'))).toBe(false);
  });
});

describe('writeOutputFile', () => {
  it('writes the JSON', () => {
    const dir = aFolder();

    writeOutputFile('plan.json', '--output-file', '{"ok":true}\n', dir);

    expect(readFileSync(join(dir, 'plan.json'), 'utf8')).toBe('{"ok":true}\n');
  });

  it('says the command itself completed when the file cannot be written afterwards', () => {
    const dir = aFolder();

    const error = refusal(() => writeOutputFile('gone/plan.json', '--output-file', '{}', dir));

    expect(error.message).toBe('Cannot write --output-file gone/plan.json: its folder gone does not exist. The command itself completed (its result is on stdout).');
  });
});
