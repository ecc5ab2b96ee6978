/**
 * `ceilometer-config-generator --format json` against upstream's oslo-config-generator (Debian's
 * python3-oslo.config with python3-ceilometer 19.0): the same document structure (top-level keys,
 * group keys, option keys) and, for options both declare, the same type names and defaults.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { launcherBuilt, ROOT } from './polling-helpers.js';

const PYTHON = '/usr/bin/python3';
const hasUpstream = existsSync(PYTHON) && existsSync('/usr/lib/python3/dist-packages/oslo_config/generator.py') && existsSync('/usr/lib/python3/dist-packages/ceilometer/opts.py');

interface Doc {
  options: Record<string, Record<string, unknown> & { opts: (Record<string, unknown> & { name: string })[] }>;
  deprecated_options: Record<string, unknown>;
  generator_options: Record<string, unknown>;
}

function json(command: string, args: readonly string[]): Doc {
  const r = spawnSync(command, args, { encoding: 'utf8', cwd: '/tmp', env: { ...process.env, CEILOMETER_PLUGIN_CACHE: '0' }, timeout: 120_000 });
  if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return JSON.parse(r.stdout) as Doc;
}

describe.skipIf(!hasUpstream || !launcherBuilt())('config generator json against oslo-config-generator', () => {
  it('has upstream\'s structure, type names and defaults', () => {
    const theirs = json(PYTHON, ['-m', 'oslo_config.generator', '--namespace', 'ceilometer', '--format', 'json']);
    const ours = json(process.execPath, [join(ROOT, 'bin/ceilometer-config-generator'), '--format', 'json']);
    expect(Object.keys(ours).sort()).toEqual(Object.keys(theirs).sort());
    expect(Object.keys(ours.generator_options).sort()).toEqual(Object.keys(theirs.generator_options).sort());
    const groupKeys = (doc: Doc, group: string) => Object.keys(doc.options[group] ?? {}).sort();
    expect(groupKeys(ours, 'polling')).toEqual(groupKeys(theirs, 'polling'));
    const optKeys = (doc: Doc) => [...new Set(Object.values(doc.options).flatMap((g) => g.opts.flatMap((o) => Object.keys(o))))].sort();
    // upstream's Opt subclasses add a few attributes of their own (bounds, item_type, ...): ours are a subset
    expect(optKeys(theirs)).toEqual(expect.arrayContaining(optKeys(ours)));
    let compared = 0;
    for (const [group, { opts }] of Object.entries(theirs.options)) {
      for (const theirOpt of opts) {
        const ourOpt = ours.options[group]?.opts.find((o) => o.name === theirOpt.name);
        if (!ourOpt || theirOpt['sample_default'] !== null || ourOpt['sample_default'] !== null) continue;
        compared += 1;
        expect({ group, name: theirOpt.name, type: ourOpt['type'] }).toEqual({ group, name: theirOpt.name, type: theirOpt['type'] });
      }
    }
    expect(compared).toBeGreaterThan(20);
  });
});
