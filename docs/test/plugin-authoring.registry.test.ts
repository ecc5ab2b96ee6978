/**
 * docs/plugin-authoring.md, run as written: its files written and its shell blocks run in order in
 * an empty directory, with plain npm against a private Verdaccio holding the workspace's sdk (the
 * author's `npm install`, `npm publish` and the operator's `npm install --prefix plugins`), and the
 * checkout's launchers (`bin/`) on PATH as the agent's commands. Its output blocks must match what
 * the commands print, and the last command must print the plugin's samples.
 * Needs the build (`pnpm build`) and a route to registry.npmjs.org (Verdaccio reads TypeScript and
 * the sdk's dependencies through from it).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishWorkspace, startVerdaccio, type VerdaccioService } from '@ceilometer-ts/test-services';
import { compareOutput, readWalkthrough, runWalkthrough, type RunResult, type WalkthroughStep } from './walkthrough.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const PAGE = join(ROOT, 'docs/plugin-authoring.md');
const built = existsSync(join(ROOT, 'packages/cli/dist/bin/ceilometer-polling.js')) && existsSync(join(ROOT, 'packages/sdk/dist/testing/index.js'));

/** Whether `version` is in a caret range the way npm reads `^0.x.y` / `^x.y.z`. */
function caretAccepts(range: string, version: string): boolean {
  const m = /^\^(\d+)\.(\d+)\.(\d+)$/.exec(range);
  const v = /^(\d+)\.(\d+)\.(\d+)$/.exec(version);
  if (!m || !v) return false;
  const [rMaj, rMin, rPat] = m.slice(1).map(Number) as [number, number, number];
  const [vMaj, vMin, vPat] = v.slice(1).map(Number) as [number, number, number];
  if (vMaj !== rMaj) return false;
  if (rMaj > 0) return vMin > rMin || (vMin === rMin && vPat >= rPat);
  return vMin === rMin && vPat >= rPat;
}

describe.skipIf(!built)('docs/plugin-authoring.md, run as written', () => {
  const steps = readWalkthrough(PAGE);
  let registry: VerdaccioService;
  let work: string;
  let results: RunResult[] = [];
  const outputChecks: { step: WalkthroughStep & { kind: 'output' }; missing: string[]; unexpected: string[]; printed: string }[] = [];

  beforeAll(async () => {
    registry = await startVerdaccio();
    await publishWorkspace(registry.url, { packages: ['@ceilometer-ts/sdk'] });
    work = mkdtempSync(join(tmpdir(), 'ceilo-plugin-guide-'));
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      // the agent's commands: the checkout's launchers, as `export PATH=$PWD/bin:$PATH` in section 1
      PATH: [join(ROOT, 'bin'), dirname(process.execPath), process.env['PATH'] ?? ''].join(delimiter),
      npm_config_userconfig: registry.npmrc,
      npm_config_registry: registry.url,
      npm_config_cache: join(work, '.npm-cache'),
      npm_config_update_notifier: 'false',
      npm_config_audit: 'false',
      npm_config_fund: 'false',
      npm_config_loglevel: 'error',
      CEILOMETER_PLUGIN_CACHE_DIR: join(work, '.plugin-cache'),
    };
    delete env['CEILOMETER_PLUGIN_PATH'];
    delete env['NODE_OPTIONS'];
    results = runWalkthrough(steps, work, env, (step, run) => {
      outputChecks.push({ step, ...compareOutput(step.text, run.stdout, step.fields), printed: run.stdout });
    });
  }, 300_000);

  afterAll(async () => {
    await registry?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('is a walkthrough: every code block is marked and used, and it ends with a run and its output', () => {
    expect(steps.filter((s) => s.kind === 'run').length).toBeGreaterThanOrEqual(4);
    expect(steps.at(-1)?.kind).toBe('output');
    expect(steps.at(-2)?.kind).toBe('run');
  });

  it("the sdk range it tells authors to write accepts the workspace's sdk", () => {
    const manifest = steps.find((s) => s.kind === 'file' && s.path.endsWith('/package.json'));
    const pkg = JSON.parse(manifest!.text) as { peerDependencies: Record<string, string>; devDependencies: Record<string, string> };
    const sdk = (JSON.parse(readFileSync(join(ROOT, 'packages/sdk/package.json'), 'utf8')) as { version: string }).version;
    for (const range of [pkg.peerDependencies['@ceilometer-ts/sdk']!, pkg.devDependencies['@ceilometer-ts/sdk']!]) {
      expect(caretAccepts(range, sdk), `docs/plugin-authoring.md: "${range}" does not accept the sdk ${sdk}: update the page's ranges`).toBe(true);
    }
  });

  it('runs every shell block with exit status 0', () => {
    const runs = steps.filter((s) => s.kind === 'run');
    const failed = results.find((r) => r.status !== 0);
    expect(failed, failed && `docs/plugin-authoring.md:${failed.step.line}: exit ${failed.status}\n${failed.step.text}\n--- stdout\n${failed.stdout.slice(-3000)}\n--- stderr\n${failed.stderr.slice(-5000)}`).toBeUndefined();
    expect(results).toHaveLength(runs.length);
  });

  it('prints what its output blocks show', () => {
    expect(outputChecks).toHaveLength(steps.filter((s) => s.kind === 'output').length);
    for (const check of outputChecks) {
      expect({ line: check.step.line, missing: check.missing, unexpected: check.unexpected }, `printed:\n${check.printed}`).toEqual({ line: check.step.line, missing: [], unexpected: [] });
    }
  });

  it("its last command prints the plugin's samples: example.uptime through example_scale, example.load", () => {
    const last = results.at(-1)!;
    expect(last.step).toBe(steps.at(-2));
    const lines = last.stdout.trim().split('\n').map((l) => l.split(' '));
    expect(lines.map(([name, , unit]) => `${name} ${unit}`).sort()).toEqual(['example.load process', 'example.uptime min']);
    for (const [, volume] of lines) expect(Number.isFinite(Number(volume))).toBe(true);
  });
});
