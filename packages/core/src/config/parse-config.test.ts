// The settings and tagdeploy.json are validated in one pass: every problem at once, each with its
// path, before anything reads the workspace or builds.
import { describe, expect, it } from 'vitest';
import { parsePluginOptions, parseProductConfig } from './parse-config';

function problemsOf(parse: () => unknown): string {
  try {
    parse();
  } catch (error) {
    expect((error as { code?: string }).code).toBe('INVALID_CONFIG');
    return (error as Error).message;
  }
  throw new Error('expected INVALID_CONFIG, but the config was accepted');
}

const settingsProblems = (value: unknown) => problemsOf(() => parsePluginOptions(value));
const productProblems = (value: unknown) => problemsOf(() => parseProductConfig(value, 'apps/checkout/tagdeploy.json'));

describe('outputPath, context and dockerfile stay inside the workspace', () => {
  it('reports a value of the wrong type once, not also as empty', () => {
    const message = problemsOf(() => parseProductConfig({ kind: 'static', outputPath: 5, buildTarget: [], colour: 'blue' }, 'apps/checkout/tagdeploy.json'));
    expect(message).toContain('apps/checkout/tagdeploy.json has 3 problems');
    expect(message).toContain('buildTarget: Invalid input: expected string, received array');
    expect(message).not.toContain('buildTarget: must not be empty');
  });

  it.each([
    ['../secret', 'outputPath'],
    ['../../../etc', 'outputPath'],
    ['/etc', 'outputPath'],
    ['/home/me/.ssh', 'outputPath'],
    ['dist/../../x', 'outputPath'],
    ['..\\..\\windows', 'outputPath'],
    ['C:/Users/me', 'outputPath'],
  ])('refuses a static outputPath of %s, naming its path', (outputPath, path) => {
    const message = productProblems({ kind: 'static', outputPath });
    expect(message).toContain(`apps/checkout/tagdeploy.json has 1 problem: ${path}: "${outputPath}" leads outside the workspace`);
  });

  it.each(['.', './', 'dist/..'])('refuses the workspace root itself (%s) as a static output folder', (outputPath) => {
    expect(productProblems({ kind: 'static', outputPath })).toContain(`outputPath: "${outputPath}" is the workspace root itself`);
  });

  it('reports every escaping path of a container product at once', () => {
    const message = productProblems({ kind: 'container', image: 'api', builder: 'docker', outputPath: '/srv/api', context: '../..', dockerfile: 'services/../../Dockerfile' });

    expect(message).toContain('has 3 problems');
    expect(message).toMatch(/outputPath: "\/srv\/api" leads outside/);
    expect(message).toMatch(/context: "\.\.\/\.\." leads outside/);
    expect(message).toMatch(/dockerfile: "services\/\.\.\/\.\.\/Dockerfile" leads outside/);
  });

  it.each([
    { kind: 'static', outputPath: 'dist/apps/checkout' },
    { kind: 'static', outputPath: './dist/apps/checkout/' },
    { kind: 'static', outputPath: 'apps/checkout/../../dist/checkout' },
    { kind: 'container', image: 'api', builder: 'docker', outputPath: 'dist/api', context: '.', dockerfile: 'services/api/Dockerfile' },
  ])('accepts paths inside the workspace: %j', (config) => {
    expect(() => parseProductConfig(config, 'apps/checkout/tagdeploy.json')).not.toThrow();
  });
});

describe('settings that would mean nothing or collide', () => {
  it('reports an empty releaseBranch, colliding and blank targetNames and a bad tag pattern in one message', () => {
    const message = settingsProblems({ releaseBranch: '', tagPattern: '{product} {version}', targetNames: { deploy: 'release-product', promote: ' ' } });

    expect(message).toContain('has 4 problems');
    expect(message).toContain('releaseBranch: must not be empty');
    expect(message).toContain('targetNames.deploy: "release-product" is also the name of targetNames.releaseProduct');
    expect(message).toContain('targetNames.promote: must not be only whitespace');
    expect(message).toContain('tagPattern: "{product} {version}" makes tags git refuses');
  });

  it.each([
    [{ targetNames: { rollback: 'deploy' } }, 'targetNames.rollback: "deploy" is also the name of targetNames.deploy'],
    [{ targetNames: { serveRelease: 'status', releaseStatus: 'status' } }, 'targetNames.serveRelease: "status" is also the name of targetNames.releaseStatus'],
    [{ targetNames: { releaseProduct: '' } }, 'targetNames.releaseProduct: must not be empty'],
  ])('refuses targetNames %j', (settings, says) => {
    expect(settingsProblems(settings)).toContain(says);
  });

  it.each([
    [{ releaseBranch: '   ' }, 'releaseBranch: must not be only whitespace'],
    [{ releaseBranch: 'release..1' }, 'releaseBranch: "release..1" is not a branch name git accepts'],
    [{ registry: '' }, 'registry: must not be empty'],
    [{ rootFiles: ['tsconfig.base.json', ''] }, 'rootFiles.1: must not be empty'],
    [{ store: '' }, 'store: "" is not a store tagdeploy can use'],
  ])('refuses settings that mean nothing: %j', (settings, says) => {
    expect(settingsProblems(settings)).toContain(says);
  });

  it.each([
    [{ kind: 'static', outputPath: 'dist', buildTarget: '' }, 'buildTarget: must not be empty'],
    [{ kind: 'static', outputPath: 'dist', environments: ['staging', ''] }, 'environments.1: must not be empty'],
    [{ kind: 'container', outputPath: 'dist', image: ' ' }, 'image: must not be only whitespace'],
    [{ kind: 'container', outputPath: 'dist', image: 'api', entrypoint: [] }, 'entrypoint: must name the program to run'],
    [{ kind: 'container', outputPath: 'dist', image: 'api', baseImage: '' }, 'baseImage: must not be empty'],
  ])('refuses a tagdeploy.json value that means nothing: %j', (config, says) => {
    expect(productProblems(config)).toContain(says);
  });
});

describe('store URLs', () => {
  it.each([
    ['http://127.0.0.1:9000/releases', '"http://127.0.0.1:9000/releases" is not a store tagdeploy can use'],
    ['https://bucket.s3.amazonaws.com/p', 'is not a store tagdeploy can use'],
    ['gs://bucket/prefix', 'is not a store tagdeploy can use'],
    ['file:', 'is not a store tagdeploy can use'],
    ['file://otherhost/share', 'is not a store tagdeploy can use'],
    ['.tagdeploy/store', 'is not a store tagdeploy can use'],
  ])('refuses the store %s, saying which forms work', (store, says) => {
    const message = settingsProblems({ store });
    expect(message).toContain(`store: `);
    expect(message).toContain(says);
    expect(message).toContain('use file:<folder> (relative to the workspace) or s3://bucket/prefix');
  });

  it.each([
    ['s3://', 'it names no bucket'],
    ['s3://Bad_Bucket/releases', '"Bad_Bucket" is not a valid bucket name'],
  ])('refuses the S3 store %s with the S3 rule it breaks', (store, says) => {
    const message = settingsProblems({ store });
    expect(message).toContain(`store: store "${store}" is not a valid S3 store URL: ${says}`);
    expect(message).toContain('Use s3://<bucket>/<prefix>');
  });

  it('refuses a folder in the S3 object form and a non-http endpoint, naming each path', () => {
    const message = settingsProblems({ store: { url: 'file:.tagdeploy/store', endpoint: 'ftp://127.0.0.1:21' } });

    expect(message).toContain('store.url: "file:.tagdeploy/store" is not an S3 URL');
    expect(message).toContain('store.endpoint: "ftp://127.0.0.1:21" is not an http:// or https:// endpoint');
  });

  it('never repeats the credentials of a refused store URL', () => {
    const message = settingsProblems({ store: 'https://AKIAEXAMPLE:wJalrXUtnFEMI@minio.example.com/releases' });

    expect(message).toContain('"https://***@minio.example.com/releases" is not a store');
    expect(message).not.toContain('wJalrXUtnFEMI');
  });

  it.each(['file:.tagdeploy/store', 'file:///srv/releases', 's3://releases/shop', 's3://releases'])('accepts %s', (store) => {
    expect(parsePluginOptions({ store }).store).toBe(store);
  });
});

describe('changelog options', () => {
  it('defaults to the conventionalcommits preset with the sections tagdeploy always wrote', () => {
    expect(parsePluginOptions({}).changelog).toEqual({
      preset: 'conventionalcommits',
      types: [
        { type: 'feat', section: 'Features' },
        { type: 'fix', section: 'Bug fixes' },
        { type: 'perf', section: 'Performance' },
        { type: 'revert', section: 'Reverts' },
      ],
    });
  });

  it('accepts the release-please / semantic-release shape', () => {
    const types = [{ type: 'feat', section: 'New' }, { type: 'chore', hidden: true }, { type: 'docs', section: 'Docs', hidden: false }];
    expect(parsePluginOptions({ changelog: { types } }).changelog).toEqual({ preset: 'conventionalcommits', types });
  });

  it.each([
    [{ preset: 'angular' }, 'changelog.preset: "angular" is not a preset tagdeploy ships: use one of "conventionalcommits"'],
    [{ types: [{ type: 'feat' }] }, 'changelog.types.0.section: "feat" is shown in the changelog, so it needs a section (or "hidden": true)'],
    [{ types: [{ type: '', section: 'X' }] }, 'changelog.types.0.type: must not be empty'],
    [{ types: [{ type: 'fix', section: 'A' }, { type: 'fix', section: 'B' }] }, 'changelog.types.1.type: "fix" is listed twice (also types.0): list each type once'],
    [{ types: [{ type: 'chore', effect: 'hidden' }] }, 'changelog.types.0: Unrecognized key: "effect"'],
    [{ types: [{ type: 'chore', hidden: 'yes' }] }, 'changelog.types.0.hidden: Invalid input: expected boolean, received string'],
    [{ types: { feat: 'Features' } }, 'changelog.types: Invalid input: expected array, received object'],
    [{ sections: [] }, 'changelog: Unrecognized key: "sections"'],
  ])('refuses the workspace changelog %j, naming the path', (changelog, says) => {
    expect(settingsProblems({ changelog })).toContain(says);
  });

  it('reports every changelog problem at once', () => {
    expect(settingsProblems({ changelog: { preset: 'angular', types: [{ type: 'feat' }, { type: 'feat', section: 'x' }] } })).toContain('has 3 problems');
  });

  it('takes a product its own changelog settings, checked the same way', () => {
    expect(parseProductConfig({ kind: 'static', outputPath: 'dist', changelog: { types: [{ type: 'feat', section: 'New' }] } }, 'tagdeploy.json').changelog).toEqual({
      types: [{ type: 'feat', section: 'New' }],
    });
    expect(productProblems({ kind: 'static', outputPath: 'dist', changelog: { preset: 'atom' } })).toContain('changelog.preset: "atom" is not a preset tagdeploy ships');
  });
});
