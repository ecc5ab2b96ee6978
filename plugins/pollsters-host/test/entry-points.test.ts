import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { container, PLUGIN_CONTEXT, type Pollster } from '@ceilometer-ts/sdk';
import { fakeContext, fakeCycle, FixtureReader } from './helpers.js';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  ceilometer: { entryPoints: Record<string, Record<string, string>> };
};
const entries = Object.entries(pkg.ceilometer.entryPoints).flatMap(([ns, names]) =>
  Object.entries(names).map(([name, target]) => [ns, name, target] as const),
);

// The registry imports ./dist/<file>.js; in tests the same module is its ./src/<file>.ts.
async function load(target: string): Promise<unknown> {
  const [modulePath, exportName] = target.split(':') as [string, string];
  const source = modulePath.replace('./dist/', '../src/').replace(/\.js$/, '.ts');
  const mod = (await import(source)) as Record<string, unknown>;
  return mod[exportName];
}

describe('package.json entry points', () => {
  it('declares the pollsters and the discovery', () => {
    expect(Object.keys(pkg.ceilometer.entryPoints).sort()).toEqual(['ceilometer.discover.central', 'ceilometer.poll.central']);
    expect(entries.length).toBe(32);
  });

  it.each(entries)('%s %s resolves through tsyringe', async (ns, name, target) => {
    const Cls = (await load(target)) as new (...args: never[]) => unknown;
    expect(typeof Cls).toBe('function');
    const child = container.createChildContainer();
    child.register(PLUGIN_CONTEXT, { useValue: fakeContext(new FixtureReader()) });
    const obj = child.resolve(Cls as never) as Pollster & { meter?: { name: string } };
    if (ns === 'ceilometer.poll.central') {
      expect(obj.meter?.name).toBe(name);
      expect(obj.defaultDiscovery).toBe('local_host');
      await obj.getSamples(fakeCycle(), ['local://localhost']);
    }
  });
});

describe('README', () => {
  it('documents every entry point', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    for (const [ns, name, target] of entries) {
      const cls = target.split(':')[1]!;
      expect(readme).toContain(`| ${ns} | ${name} | ${cls} |`);
    }
  });
});
