// package.json entry points: every one imports, the sensor pollsters and discoveries construct, and
// the README documents every entry point and option.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ipmiOptions } from '../src/index.js';
import { ipmiContext } from './helpers.js';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  ceilometer: { entryPoints: Record<string, Record<string, string>> };
};
const entries = Object.entries(pkg.ceilometer.entryPoints).flatMap(([ns, names]) => Object.entries(names).map(([name, target]) => [ns, name, target] as const));

async function load(target: string): Promise<unknown> {
  const [modulePath, exportName] = target.split(':') as [string, string];
  const mod = (await import(modulePath.replace('./dist/', '../src/').replace(/\.js$/, '.ts'))) as Record<string, unknown>;
  return mod[exportName];
}

describe('package.json entry points', () => {
  it.each(entries)('%s %s loads', async (ns, _name, target) => {
    const exported = await load(target);
    if (ns === 'oslo.config.opts') {
      expect(exported).toBe(ipmiOptions);
      return;
    }
    expect(typeof exported).toBe('function');
    if (/^\.\/dist\/(sensor-pollsters|discovery\/)/.test(target)) {
      const obj = new (exported as new (ctx: unknown) => object)(ipmiContext());
      expect(obj).toBeTypeOf('object');
    }
  });

  it('README documents every entry point and option', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    for (const [ns, name, target] of entries) expect(readme).toContain(`| ${ns} | ${name} | ${target.split(':')[1]!} |`);
    for (const o of ipmiOptions) expect(readme).toContain(`| ${o.group} | ${o.name} |`);
  });

  it('every sensor pollster meter is in ceilometer.poll.ipmi under its own name', async () => {
    for (const [name, target] of Object.entries(pkg.ceilometer.entryPoints['ceilometer.poll.ipmi'] ?? {})) {
      if (!target.startsWith('./dist/sensor-pollsters.js')) continue;
      const Cls = (await load(target)) as new (ctx: unknown) => { meter: string };
      expect(new Cls(ipmiContext()).meter).toBe(name);
    }
  });
});
