import { describe, expect, it } from 'vitest';
import { buildColorEnv } from './build-color-env';

const off = { FORCE_COLOR: '0', NO_COLOR: '1' };

describe('buildColorEnv: colour codes in the nested build only when its output is a terminal', () => {
  it('turns colour off when the output is a file or a pipe, even with the FORCE_COLOR=true Nx gives every task', () => {
    expect(buildColorEnv({ FORCE_COLOR: 'true', PATH: '/bin' }, false)).toEqual({ PATH: '/bin', ...off });
    expect(buildColorEnv({}, false)).toEqual(off);
  });

  it('leaves the environment as it is at a terminal', () => {
    expect(buildColorEnv({ FORCE_COLOR: 'true' }, true)).toEqual({ FORCE_COLOR: 'true' });
    expect(buildColorEnv({}, true)).toEqual({});
  });

  it('keeps colour when a colour level is forced explicitly (a CI log that renders it)', () => {
    expect(buildColorEnv({ FORCE_COLOR: '1' }, false)).toEqual({ FORCE_COLOR: '1' });
  });

  it.each([[{ NO_COLOR: '1' }], [{ FORCE_COLOR: '0' }], [{ FORCE_COLOR: 'false' }]])('turns colour off for %o, at a terminal too', (env) => {
    expect(buildColorEnv(env, true)).toEqual({ ...env, ...off });
  });
});
