#!/usr/bin/env node
/**
 * Registry benchmark: ceilometer-ts's plugin scan and lazy load against Python stevedore, side by
 * side on the same number of entry points. Run `pnpm build` first (uses packages/core/dist).
 *
 *   node bench/registry/scan.mjs [--packages 500] [--runs 7] [--no-install-anchors]
 *
 * The anchor is Debian's python3-stevedore under /usr/bin/python3: installed when missing (as
 * root, as the test script does), else the stevedore column is skipped with a line.
 * Every measurement runs in a fresh process (nothing warm in memory); the figures are the time of
 * the operation itself inside that process, medians over the runs.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ensureAnchor } from '../lib/anchors.mjs';
import { Cleanup } from '../lib/cleanup.mjs';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? fallback : Number(process.argv[i + 1]);
};
const PACKAGES = arg('packages', 500);
const RUNS = arg('runs', 7);
const PYTHON = '/usr/bin/python3';
const CORE = fileURLToPath(new URL('../../packages/core/dist/registry/index.js', import.meta.url));
if (!existsSync(CORE)) {
  console.error(`missing ${CORE}: run "pnpm build" first`);
  process.exit(1);
}

const withStevedore = ensureAnchor({
  name: 'Python stevedore',
  column: 'stevedore',
  path: PYTHON,
  debianPackages: ['python3-stevedore'],
  check: () => {
    try {
      execFileSync(PYTHON, ['-c', 'import stevedore'], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  },
});

const cleanup = new Cleanup('bench registry');
const work = mkdtempSync(join(tmpdir(), 'ceilometer-bench-registry-'));
const removeWork = () => rmSync(work, { recursive: true, force: true });
cleanup.add('work dir', async () => removeWork(), removeWork);
const NS = 'bench.ns';
const PICK = `ext_${Math.floor(PACKAGES / 2)}`;

function generateNode() {
  const app = join(work, 'app');
  const deps = {};
  for (let i = 0; i < PACKAGES; i++) {
    const name = `bench-plugin-${i}`;
    deps[name] = '1.0.0';
    const dir = join(app, 'node_modules', name);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'package.json'), JSON.stringify({
      name, version: '1.0.0', type: 'module', ceilometer: { entryPoints: { [NS]: { [`ext_${i}`]: './index.js:Ext' } } },
    }));
    writeFileSync(join(dir, 'index.js'), `export class Ext { constructor() { this.n = ${i}; } }\n`);
  }
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'bench-app', version: '1.0.0', private: true, dependencies: deps }));
  const worker = join(work, 'worker.mjs');
  writeFileSync(worker, `
const t0 = performance.now();
const core = await import(${JSON.stringify(pathToFileURL(CORE).href)});
const tImport = performance.now() - t0;
const [mode, cacheDir] = process.argv.slice(2);
const roots = [{ kind: 'dependencies', dir: ${JSON.stringify(app)} }];
const t1 = performance.now();
const registry = await core.PluginRegistry.scan({ roots, cache: mode !== 'cold', cacheDir, env: {} });
const tScan = performance.now() - t1;
let tLoad = 0;
if (mode === 'named' || mode === 'all') {
  const t2 = performance.now();
  const mgr = mode === 'named'
    ? await core.NamedExtensionManager.create({ namespace: ${JSON.stringify(NS)}, names: [${JSON.stringify(PICK)}], registry, invokeOnLoad: true })
    : await core.ExtensionManager.create({ namespace: ${JSON.stringify(NS)}, registry, invokeOnLoad: true });
  tLoad = performance.now() - t2;
  if (mgr.extensions.length === 0) throw new Error('nothing loaded');
}
if (registry.entryPoints(${JSON.stringify(NS)}).length !== ${PACKAGES}) throw new Error('wrong count');
console.log(JSON.stringify({ import: tImport, scan: tScan, load: tLoad, cacheUsed: registry.cacheUsed, total: performance.now() }));
`);
  return worker;
}

function generatePython() {
  const site = join(work, 'site');
  mkdirSync(site, { recursive: true });
  for (let i = 0; i < PACKAGES; i++) {
    const mod = `bench_plugin_${i}`;
    writeFileSync(join(site, `${mod}.py`), `class Ext:\n    def __init__(self):\n        self.n = ${i}\n`);
    const info = join(site, `${mod}-1.0.0.dist-info`);
    mkdirSync(info);
    writeFileSync(join(info, 'METADATA'), `Metadata-Version: 2.1\nName: ${mod}\nVersion: 1.0.0\n`);
    writeFileSync(join(info, 'entry_points.txt'), `[${NS}]\next_${i} = ${mod}:Ext\n`);
  }
  const worker = join(work, 'worker.py');
  writeFileSync(worker, `
import json, sys, time
t0 = time.perf_counter()
sys.path.insert(0, ${JSON.stringify(site)})
from stevedore import _cache, extension, named
t_import = (time.perf_counter() - t0) * 1000
mode = sys.argv[1]
t1 = time.perf_counter()
if mode in ('cold', 'warm'):
    eps = _cache.get_group_all(${JSON.stringify(NS)})
    assert len(eps) == ${PACKAGES}, len(eps)
elif mode == 'named':
    mgr = named.NamedExtensionManager(${JSON.stringify(NS)}, names=[${JSON.stringify(PICK)}], invoke_on_load=True)
    assert len(mgr.extensions) == 1
else:
    mgr = extension.ExtensionManager(${JSON.stringify(NS)}, invoke_on_load=True)
    assert len(mgr.extensions) == ${PACKAGES}, len(mgr.extensions)
t = (time.perf_counter() - t1) * 1000
print(json.dumps({'import': t_import, 'op': t}))
`);
  return worker;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

function runNode(worker, mode, cacheDir) {
  return JSON.parse(execFileSync(process.execPath, [worker, mode, cacheDir], { encoding: 'utf8' }));
}

function runPython(worker, mode, xdg) {
  const env = { ...process.env, XDG_CACHE_HOME: xdg, PYTHONDONTWRITEBYTECODE: mode === 'all-cold' ? '1' : '' };
  return JSON.parse(execFileSync(PYTHON, [worker, mode], { encoding: 'utf8', env }));
}

await cleanup.main(async () => {
  console.log(`generating ${PACKAGES} packages / dist-info dirs in ${work}`);
  const nodeWorker = generateNode();
  const pyWorker = withStevedore ? generatePython() : undefined;
  const nodeCache = join(work, 'node-cache');
  const xdg = join(work, 'xdg');
  const results = {};
  const measure = (key, fn) => {
    const xs = [];
    for (let i = 0; i < RUNS; i++) xs.push(fn());
    results[key] = median(xs);
  };

  measure('ts.cold', () => runNode(nodeWorker, 'cold', nodeCache).scan);
  runNode(nodeWorker, 'warm', nodeCache);
  measure('ts.warm', () => {
    const r = runNode(nodeWorker, 'warm', nodeCache);
    if (!r.cacheUsed) throw new Error('cache not used');
    return r.scan;
  });
  measure('ts.named', () => runNode(nodeWorker, 'named', nodeCache).load);
  measure('ts.all', () => runNode(nodeWorker, 'all', nodeCache).load);
  measure('ts.import', () => runNode(nodeWorker, 'warm', nodeCache).import);

  if (withStevedore) {
    measure('py.cold', () => {
      rmSync(xdg, { recursive: true, force: true });
      return runPython(pyWorker, 'cold', xdg).op;
    });
    runPython(pyWorker, 'warm', xdg);
    measure('py.warm', () => runPython(pyWorker, 'warm', xdg).op);
    measure('py.named', () => runPython(pyWorker, 'named', xdg).op);
    measure('py.all', () => runPython(pyWorker, 'all', xdg).op);
    measure('py.import', () => runPython(pyWorker, 'warm', xdg).import);
  }

  const rows = [
    ['scan, cold (no cache)', 'ts.cold', 'py.cold'],
    ['scan, warm (cache hit)', 'ts.warm', 'py.warm'],
    [`load one named extension (${PICK}), warm`, 'ts.named', 'py.named'],
    [`load all ${PACKAGES} extensions, warm`, 'ts.all', 'py.all'],
    ['import the library', 'ts.import', 'py.import'],
  ];
  const fmt = (x) => x.toFixed(1).padStart(9);
  console.log(`\n${PACKAGES} entry points, median of ${RUNS} fresh processes each (ms)\n`);
  console.log(`${'operation'.padEnd(44)}${'ceilometer-ts'.padStart(14)}${'stevedore'.padStart(11)}${'py/ts'.padStart(8)}`);
  for (const [label, ts, py] of rows) {
    const pyText = py in results ? fmt(results[py]) : 'skipped';
    const ratio = py in results ? (results[py] / results[ts]).toFixed(2) : 'n/a';
    console.log(`${label.padEnd(44)}${fmt(results[ts]).padStart(14)}${pyText.padStart(11)}${ratio.padStart(8)}`);
  }
  const ok = results['ts.warm'] < 50 && results['ts.cold'] < 500;
  console.log(`\ntargets: warm < 50 ms, cold < 500 ms: ${ok ? 'met' : 'MISSED'}`);
});
