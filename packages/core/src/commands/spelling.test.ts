import { describe, expect, it } from 'vitest';
import { command, renderMessage, settingsFile, type CommandSpelling } from './spelling';
import { testSpelling } from './testing/cli-spelling';

const nxLike: CommandSpelling = {
  command: (name, product, flags) => ['nx', name, product, ...Object.entries(flags).map(([flag, value]) => (value === true ? `--${flag}` : `--${flag}=${value}`))].join(' '),
  settingsFile: 'nx.json',
};

describe('command spelling', () => {
  it('writes a next step as a token that names the command, the product and the flags', () => {
    expect(command('deploy', 'checkout', { env: 'staging', release: '0.2.0', reason: undefined })).toBe('⟦deploy checkout --env=staging --release=0.2.0⟧');
    expect(command('release', 'checkout', { 'allow-branch': true })).toBe('⟦release checkout --allow-branch⟧');
  });

  it('renders every token of a message in the host spelling', () => {
    const message = `Run "${command('release', 'checkout')}" first, or ${command('deploy', 'checkout', { env: 'production', release: '<version>' })}; see ${settingsFile}.`;

    expect(renderMessage(message, testSpelling)).toBe('Run "tagdeploy release checkout" first, or tagdeploy deploy checkout --env production --release <version>; see tagdeploy.config.json.');
    expect(renderMessage(message, nxLike)).toBe('Run "nx release checkout" first, or nx deploy checkout --env=production --release=<version>; see nx.json.');
  });

  it('leaves text that only looks like a token alone', () => {
    expect(renderMessage('a ⟦frobnicate x⟧ b', testSpelling)).toBe('a ⟦frobnicate x⟧ b');
  });
});
