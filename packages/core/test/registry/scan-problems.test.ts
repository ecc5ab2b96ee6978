import { afterEach, describe, expect, it } from 'vitest';
import { createFixtureApp, type FixtureApp } from '@ceilometer-ts/sdk/testing';
import { problemToError, type RegistryProblem } from '../../src/registry/index.js';
import { fixtures, namesByNamespace, recordingLogger, scanApp } from './helpers.js';

let app: FixtureApp | undefined;
afterEach(async () => {
  await app?.remove();
  app = undefined;
});

const brief = (p: RegistryProblem) => ({ kind: p.kind, pkg: `${p.packageName}@${p.packageVersion}`, message: p.message });

describe('problems found at scan time', () => {
  it('reports a `ceilometer` key that is not an object, and keeps the rest', async () => {
    app = await createFixtureApp({ layout: 'npm', packages: await fixtures('meta-not-object', 'second-plugins') });
    const registry = await scanApp(app);
    expect(registry.problems.map(brief)).toEqual([{
      kind: 'invalid-metadata', pkg: 'fixture-meta-not-object@0.1.0',
      message: 'fixture-meta-not-object@0.1.0: ceilometer: expected an object, got a string',
    }]);
    expect(registry.entryPoints('test.driver')).toHaveLength(2);
  });

  it('reports each bad target and namespace, keeping the valid entry of the same package', async () => {
    app = await createFixtureApp({ layout: 'pnpm', packages: await fixtures('meta-bad-targets') });
    const registry = await scanApp(app);
    expect(registry.problems.map((p) => (p.kind === 'invalid-metadata' ? `${p.path}: ${p.message.split(': ').slice(2).join(': ')}` : p.kind)))
      .toMatchInlineSnapshot(`
        [
          "ceilometer.entryPoints["test.poll"]["num"]: target must be a string like "./dist/file.js:Export", got a number",
          "ceilometer.entryPoints["test.poll"]["no_dot"]: bad target "dist/x.js:X": module path "dist/x.js" must start with "./"",
          "ceilometer.entryPoints["test.poll"]["bad_export"]: bad target "./ok.js:1abc": export name "1abc" is not an identifier",
          "ceilometer.entryPoints["test.poll"]["folder"]: bad target "./dist": module path "./dist" must name a file (with its extension), not a folder",
          "ceilometer.entryPoints["test.poll"]["escape"]: bad target "./../outside.js:X": module path "./../outside.js" must stay inside the package",
          "ceilometer.entryPoints["test.ns_bad"]: expected an object of name -> target, got an array",
        ]
      `);
    expect(namesByNamespace(registry)).toEqual({ 'test.poll': ['ok_one'] });
  });

  it('reports an unreadable package.json', async () => {
    app = await createFixtureApp({ layout: 'npm', packages: await fixtures('bad-json', 'second-plugins') });
    const registry = await scanApp(app);
    expect(registry.problems).toHaveLength(1);
    expect(registry.problems[0]).toMatchObject({ kind: 'unreadable-package', packageDir: app.packageDir('fixture-bad-json') });
    expect(registry.problems[0]?.message).toContain('cannot read package.json');
  });

  it('keeps one of two packages claiming the same name, deterministically, and names both', async () => {
    app = await createFixtureApp({ layout: 'npm', packages: await fixtures('dup-b', 'dup-a') });
    const logger = recordingLogger();
    const registry = await scanApp(app, { logger });
    expect(registry.entryPoints('test.dup').map((ep) => ep.packageName)).toEqual(['fixture-dup-a']);
    expect(registry.allEntryPoints('test.dup').map((ep) => ep.packageName)).toEqual(['fixture-dup-a', 'fixture-dup-b']);
    expect(registry.problems.map(brief)).toEqual([{
      kind: 'duplicate-name', pkg: 'fixture-dup-a@1.0.0',
      message: 'test.dup: "shared" is declared by fixture-dup-a@1.0.0 and fixture-dup-b@2.0.0; using fixture-dup-a@1.0.0',
    }]);
    const err = problemToError(registry.problems[0] as RegistryProblem);
    expect(err.code).toBe('CEILO_ERR_PLUGIN_DUPLICATE');
    expect(logger.records.filter((r) => r.level === 'warn').map((r) => r.fields['problem'])).toEqual(['duplicate-name']);
  });

  it('disables a package whose sdk peer range does not accept the installed sdk', async () => {
    app = await createFixtureApp({ layout: 'npm', packages: await fixtures('sdk-range-miss', 'good-pollsters') });
    const registry = await scanApp(app);
    expect(registry.problems.map(brief)).toEqual([{
      kind: 'sdk-range', pkg: 'fixture-sdk-range-miss@3.0.0',
      message: 'fixture-sdk-range-miss@3.0.0: peerDependencies["@ceilometer-ts/sdk"] "^2.0.0" does not accept the installed 1.2.3; its entry points are disabled (install a version built for sdk 1.2.3)',
    }]);
    expect(registry.problems[0]).toMatchObject({ wanted: '^2.0.0', installed: '1.2.3' });
    expect(registry.find('test.poll', 'future')).toBeUndefined();
    expect(registry.find('test.poll', 'cpu')).toBeDefined();
    expect(problemToError(registry.problems[0] as RegistryProblem).code).toBe('CEILO_ERR_PLUGIN_METADATA');
  });

  it('checks against the installed sdk by default, and accepts workspace: ranges', async () => {
    const pkg = (name: string, range: string) => ({
      name, packageJson: { peerDependencies: { '@ceilometer-ts/sdk': range }, ceilometer: { entryPoints: { 'test.v': { [name]: './a.js' } } } },
    });
    app = await createFixtureApp({ layout: 'npm', packages: [pkg('ws', 'workspace:^'), pkg('zero', '>=0.0.1'), pkg('never', '<0.0.1'), pkg('junk', 'not a range')] });
    const registry = await scanApp(app, { sdkVersion: undefined });
    expect(registry.entryPoints('test.v').map((ep) => ep.name)).toEqual(['ws', 'zero']);
    expect(registry.problems.map((p) => `${p.packageName}:${p.kind}`)).toEqual(['junk:sdk-range', 'never:sdk-range']);
    expect(registry.problems[0]?.message).toContain('"not a range" is not a valid range');
  });
});
