// The line of a tool's output that says what went wrong, for a one-line message: turbo's
// "x <error>" with its "`-> <cause>", or else the first line that is not a banner or a warning.

const ansi = /\u001b\[[0-9;]*[A-Za-z]/g;
const noise = /^(WARNING\b|• turbo \d|NX\s*$)/;

export function firstErrorLine(output: string): string {
  const lines = output.replace(ansi, '').split(/\r?\n/).map((line) => line.trim()).filter((line) => line !== '');
  const meaningful = lines.filter((line) => !noise.test(line));
  const marked = meaningful.findIndex((line) => /^x\s/.test(line));
  if (marked === -1) return meaningful[0]?.replace(/^NX\s+/, '') ?? 'no error output';
  const error = meaningful[marked].replace(/^x\s+/, '');
  const cause = /^`->\s*(?:x\s+)?(.*)$/.exec(meaningful[marked + 1] ?? '')?.[1];
  return cause ? `${error.replace(/\.$/, '')}: ${cause}` : error;
}
