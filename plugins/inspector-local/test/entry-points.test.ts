import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { container, PLUGIN_CONTEXT } from '@ceilometer-ts/sdk';
import { fakeContext, FixtureReader } from './helpers.js';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  name: string;
  ceilometer: { entryPoints: Record<string, Record<string, string>> };
};
const entries = Object.entries(pkg.ceilometer.entryPoints).flatMap(([ns, names]) => Object.entries(names).map(([name, target]) => [ns, name, target] as const));

describe('package.json entry points', () => {
  it('declares the local inspector and discovery', () => {
    expect(pkg.name).toBe('@ceilometer-ts/inspector-local');
    expect(entries.map(([ns, name]) => `${ns}/${name}`)).toEqual(['ceilometer.hardware.inspectors/local', 'ceilometer.discover.central/local_host']);
  });

  it.each(entries)('%s %s resolves through tsyringe and is documented', async (ns, name, target) => {
    const [modulePath, exportName] = target.split(':') as [string, string];
    const mod = (await import(modulePath.replace('./dist/', '../src/').replace(/\.js$/, '.ts'))) as Record<string, unknown>;
    const child = container.createChildContainer();
    child.register(PLUGIN_CONTEXT, { useValue: fakeContext(new FixtureReader()) });
    expect(child.resolve(mod[exportName] as never)).toBeDefined();
    expect(readFileSync(new URL('../README.md', import.meta.url), 'utf8')).toContain(`| ${ns} | ${name} | ${exportName} |`);
  });
});
