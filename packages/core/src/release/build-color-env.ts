// Whether the nested build may print colour codes: only when its output (our stderr) is a
// terminal. A log file or a CI log read as text gets plain lines. Under Nx every task is started
// with FORCE_COLOR=true whatever the terminal, so "true" says nothing about the user's wish; an
// explicit level (FORCE_COLOR=1, 2 or 3) still forces colour, and NO_COLOR or FORCE_COLOR=0 turn
// it off even at a terminal.
const noColor = { FORCE_COLOR: '0', NO_COLOR: '1' };

export function buildColorEnv(env: NodeJS.ProcessEnv, outputIsTerminal: boolean): NodeJS.ProcessEnv {
  const force = env.FORCE_COLOR;
  // picocolors (Vite) reads any non-empty FORCE_COLOR as "on", so "off" also sets NO_COLOR, which
  // every common colour library honours; FORCE_COLOR=0 keeps a nested nx from turning it back on.
  if ((env.NO_COLOR ?? '') !== '' || force === '0' || force === 'false') return { ...env, ...noColor };
  if (outputIsTerminal || (force !== undefined && /^[123]$/.test(force))) return env;
  return { ...env, ...noColor };
}
