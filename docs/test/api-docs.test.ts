/**
 * `pnpm docs:api` (typedoc, typedoc.json): the sdk's API reference builds with no warning (every
 * exported function, class, interface, type and variable of `@ceilometer-ts/sdk` and
 * `@ceilometer-ts/sdk/testing` documented, every `{@link}` resolved), and covers both entry points.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

describe('sdk API reference (typedoc)', () => {
  const out = mkdtempSync(join(tmpdir(), 'ceilo-api-docs-'));
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('builds without warnings and documents both entry points', () => {
    const r = spawnSync(process.execPath, [join(ROOT, 'node_modules/typedoc/bin/typedoc'), '--treatWarningsAsErrors', '--out', out], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
    expect(r.status, `${r.stdout}\n${r.stderr}`).toBe(0);
    expect(existsSync(join(out, 'index.html'))).toBe(true);
    const modules = readdirSync(join(out, 'modules'));
    expect(modules).toEqual(expect.arrayContaining(['index.html', 'testing.html']));
    const testing = readFileSync(join(out, 'modules/testing.html'), 'utf8');
    for (const name of ['fakePluginContext', 'fakePollCycle', 'pollSamples', 'transformSamples', 'createFixtureApp']) expect(testing).toContain(name);
    const sdk = readFileSync(join(out, 'modules/index.html'), 'utf8');
    for (const name of ['Pollster', 'Discovery', 'Publisher', 'Transformer', 'PLUGIN_CONTEXT', 'INJECT_TOKENS', 'makeSample']) expect(sdk).toContain(name);
  }, 120_000);
});
