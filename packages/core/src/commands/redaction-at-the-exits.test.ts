// Where messages leave the program (the rendered error, the stderr reporter), credentials in
// URLs are redacted, whatever produced the message.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { TagdeployError } from '../errors/tagdeploy-error';
import { renderError } from './render-error';
import { stderrReporter } from './stderr-reporter';
import { testSpelling } from './testing/cli-spelling';

afterEach(() => vi.restoreAllMocks());

const secret = 'ghp_s3cr3tT0ken';

describe('renderError', () => {
  it('redacts a tagdeploy error that names a URL with credentials, keeping the host', () => {
    const error = new TagdeployError('GITOPS_UNAVAILABLE', `Cannot fetch https://bot:${secret}@git.example.com/gitops.git: connection refused. Check the URL, then ⟦status checkout⟧.`);

    expect(renderError(error, testSpelling)).toBe('tagdeploy error [GITOPS_UNAVAILABLE]: Cannot fetch https://***@git.example.com/gitops.git: connection refused. Check the URL, then tagdeploy status checkout.');
  });

  it('redacts a crash, stack included', () => {
    const crash = new Error(`request to http://key:${secret}@127.0.0.1:9000/b?X-Amz-Signature=abc123 failed`);

    const rendered = renderError(crash, testSpelling);

    expect(rendered).toContain('tagdeploy crashed');
    expect(rendered).toContain('http://***@127.0.0.1:9000/b?X-Amz-Signature=***');
    expect(rendered).not.toContain(secret);
    expect(rendered).not.toContain('abc123');
  });
});

describe('stderrReporter', () => {
  it('redacts info, warnings and progress labels', () => {
    const written: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    const reporter = stderrReporter('checkout', testSpelling);

    reporter.info(`cloning https://bot:${secret}@git.example.com/gitops.git`);
    reporter.warn(`retrying http://key:${secret}@127.0.0.1:9000`);
    reporter.progress(`upload to https://h/x?access_token=${secret}`, { files: 1, bytes: 1 }).done();

    const output = written.join('');
    expect(output).toContain('[checkout] cloning https://***@git.example.com/gitops.git\n');
    expect(output).toContain('[checkout] warning: retrying http://***@127.0.0.1:9000\n');
    expect(output).not.toContain(secret);
  });
});
