import { describe, expect, it } from 'vitest';
import { parseEntryTarget } from '../../src/registry/index.js';
import { readPluginMetadata } from '../../src/registry/package-metadata.js';
import { expandDirGlobs, readPnpmWorkspaceGlobs } from '../../src/registry/workspace-globs.js';
import { FIXTURES } from './helpers.js';

describe('parseEntryTarget', () => {
  it('splits module and export, the default export when there is no colon', () => {
    expect(parseEntryTarget('./dist/cpu.js:CPUPollster')).toEqual({ modulePath: './dist/cpu.js', exportName: 'CPUPollster' });
    expect(parseEntryTarget('./index.mjs')).toEqual({ modulePath: './index.mjs', exportName: 'default' });
  });
  it.each(['cpu.js:X', '/abs/cpu.js:X', './a/../../x.js', './dist', './dist/:X', './a.js:', './a.js:x-y', '.\\a.js'])('rejects %s', (t) => {
    expect(parseEntryTarget(t)).toHaveProperty('error');
  });
});

describe('readPluginMetadata', () => {
  it('accepts a package with no entryPoints and reports a non-object entryPoints', () => {
    expect(readPluginMetadata({ stability: 'beta' })).toEqual({ entryPoints: [], issues: [] });
    expect(readPluginMetadata({ entryPoints: 'x' }).issues).toEqual([{ path: 'ceilometer.entryPoints', message: 'expected an object, got a string' }]);
    expect(readPluginMetadata(null).issues[0]?.message).toBe('expected an object, got null');
  });
});

describe('workspace globs', () => {
  it('reads the packages list of pnpm-workspace.yaml', () => {
    expect(readPnpmWorkspaceGlobs("# ws\npackages:\n  - packages/*\n  - 'plugins/*' # c\n  - \"!**/test/**\"\ncatalog:\n  - nope\n")).toEqual(['packages/*', 'plugins/*', '!**/test/**']);
    expect(readPnpmWorkspaceGlobs('packages: [a/*, "b"]\n')).toEqual(['a/*', 'b']);
  });
  it('expands directory globs, recording each directory listed', () => {
    const listed: string[] = [];
    const dirs = expandDirGlobs(FIXTURES, ['dup-*', 'good-*/**', '!**/dist'], (d) => listed.push(d));
    expect(dirs).toEqual(['dup-a', 'dup-b', 'good-pollsters']);
    expect(listed.length).toBeGreaterThan(0);
  });
});
