// Reads a JSON settings or manifest file; a file that is not valid JSON is an INVALID_CONFIG
// error naming it. nx.json may hold comments and trailing commas, as Nx itself allows.
import { readFileSync } from 'node:fs';
import { TagdeployError } from '@tagdeploy/core';

/** The parsed file, or undefined when it does not exist. */
export function readJsonFile(file: string, shownAs: string, options: { comments?: boolean } = {}): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  return parseJsonText(text, shownAs, options);
}

/** The parsed text of a JSON settings or manifest file (e.g. as committed, read with git). */
export function parseJsonText(text: string, shownAs: string, options: { comments?: boolean } = {}): unknown {
  try {
    return JSON.parse(options.comments ? withoutComments(text) : text) as unknown;
  } catch (error) {
    throw new TagdeployError('INVALID_CONFIG', `${shownAs} is not valid JSON (${(error as Error).message}). Fix the file and run tagdeploy again.`);
  }
}

/** JSONC to JSON: drops comments and trailing commas outside strings. */
function withoutComments(text: string): string {
  return text
    .replace(/("(?:[^"\\]|\\.)*")|\/\/[^\n]*|\/\*[\s\S]*?\*\//g, (whole, string: string | undefined) => string ?? '')
    .replace(/("(?:[^"\\]|\\.)*")|,(\s*[}\]])/g, (whole, string: string | undefined, closing: string | undefined) => string ?? closing ?? whole);
}
