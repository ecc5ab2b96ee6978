#!/usr/bin/env node
/**
 * What is implemented and what is not yet, by upstream entry point namespace and name: the
 * workspace's package.json entry points (packages/*, plugins/*, public packages only) against
 * upstream Ceilometer's setup.cfg entry points and meters.yaml meters, vendored in
 * docs/data/upstream-entry-points.json.
 *
 *   node scripts/implemented-table.mjs            print the README table (one row per namespace)
 *   node scripts/implemented-table.mjs --full     print docs/implemented.md's table (one row per name)
 *   node scripts/implemented-table.mjs --write    rewrite both tables in place (between their markers)
 *   node scripts/implemented-table.mjs --vendor   re-vendor upstream's lists from the openstack/ceilometer
 *                                                 mirror (master) and the installed python3-ceilometer 19.0
 *
 * docs/test/implemented-table.test.ts fails when README.md or docs/implemented.md differs from
 * what this prints.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const VENDORED = join(ROOT, 'docs/data/upstream-entry-points.json');
const MIRROR = process.env.CEILO_UPSTREAM_MIRROR ?? '/work/.mirror/openstack+ceilometer/repo';
const INSTALLED_19 = '/usr/lib/python3/dist-packages/ceilometer-19.0.0.egg-info/entry_points.txt';
const INSTALLED_19_METERS = '/usr/lib/python3/dist-packages/ceilometer/data/meters.d/meters.yaml';
/** The notification meters (meters.yaml's `metric` names, served by the `meter` sample endpoint), as a pseudo namespace. */
export const METERS = 'meters.yaml';
const OUR_METERS = { file: 'packages/pipeline/data/meters.d/meters.yaml', pkg: '@ceilometer-ts/pipeline' };

/**
 * meters.yaml's meter names (the yaml parser is the one @ceilometer-ts/located-yaml depends on). A
 * name computed from the notification (a JSONPath expression, spelled differently by 19.0 and
 * master) is listed as its first event type, `(dynamic name)`.
 */
function meterNames(text) {
  const { parse } = createRequire(join(ROOT, 'packages/located-yaml/package.json'))('yaml');
  return (parse(text)?.metric ?? []).map((m) => {
    const name = String(m.name);
    if (!name.startsWith('$')) return name;
    const eventType = [m.event_type].flat()[0];
    return `${eventType} (dynamic name)`;
  });
}
/** Upstream commits whose parent is the last setup.cfg holding a namespace later removed. */
const REMOVALS = [
  { commit: 'a28cef703', why: 'Remove GenericHardwareDeclarativePollster (2022)', namespaces: ['ceilometer.builder.poll.central', 'ceilometer.hardware.inspectors'], names: { 'ceilometer.discover.central': ['tripleo_overcloud_nodes'] } },
  { commit: '9db5c6c9b', why: 'pipeline: remove transformer support (2018)', namespaces: ['ceilometer.transformer'], names: {} },
];
/** Namespaces that are not plugin contracts (options, commands): left out of the table. */
const NOT_COMPARED = new Set(['oslo.config.opts', 'console_scripts']);
/** Upstream entry points ceilometer-ts implements in its core rather than as entry points. */
const BUILT_IN = {
  'ceilometer.notification.pipeline': { meter: '@ceilometer-ts/pipeline', event: '@ceilometer-ts/pipeline' },
};

export const README_MARKERS = ['<!-- implemented-table:start (scripts/implemented-table.mjs --write) -->', '<!-- implemented-table:end -->'];
export const FULL_MARKERS = ['<!-- implemented-full:start (scripts/implemented-table.mjs --write) -->', '<!-- implemented-full:end -->'];

/** Entry points of an INI-style entry point list (setup.cfg's [entry_points] or entry_points.txt). */
function parseEntryPoints(text, { setupCfg }) {
  const out = {};
  let inSection = !setupCfg;
  let ns;
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\s+$/, '');
    if (/^\[.*\]$/.test(line)) {
      if (setupCfg) { inSection = line === '[entry_points]'; ns = undefined; continue; }
      ns = line.slice(1, -1);
      continue;
    }
    if (!inSection || line.trim() === '' || line.trim().startsWith('#')) continue;
    if (setupCfg && /^\S.*=\s*$/.test(line)) { ns = line.replace(/\s*=\s*$/, ''); continue; }
    const m = /^\s*([^=\s][^=]*?)\s*=\s*(\S+)\s*$/.exec(line);
    if (m && ns) (out[ns] ??= {})[m[1]] = m[2];
  }
  return out;
}

function git(...args) {
  return execFileSync('git', ['-C', MIRROR, ...args], { encoding: 'utf8' });
}

/** Builds the vendored file from the mirror and the installed 19.0. */
function vendor() {
  const head = git('rev-parse', 'HEAD').trim();
  const master = parseEntryPoints(git('show', 'HEAD:setup.cfg'), { setupCfg: true });
  const v19 = parseEntryPoints(readFileSync(INSTALLED_19, 'utf8'), { setupCfg: false });
  const namespaces = {};
  const add = (ns, name, target, where) => {
    if (NOT_COMPARED.has(ns)) return;
    const entry = ((namespaces[ns] ??= {})[name] ??= { target, upstream: [] });
    if (!entry.upstream.includes(where)) entry.upstream.push(where);
  };
  for (const [ns, names] of Object.entries(v19)) for (const [name, target] of Object.entries(names)) add(ns, name, target, '19.0');
  for (const [ns, names] of Object.entries(master)) for (const [name, target] of Object.entries(names)) add(ns, name, target, 'master');
  for (const name of meterNames(readFileSync(INSTALLED_19_METERS, 'utf8'))) add(METERS, name, 'ceilometer/data/meters.d/meters.yaml', '19.0');
  for (const name of meterNames(git('show', 'HEAD:ceilometer/data/meters.d/meters.yaml'))) add(METERS, name, 'ceilometer/data/meters.d/meters.yaml', 'master');
  for (const removal of REMOVALS) {
    const old = parseEntryPoints(git('show', `${removal.commit}^:setup.cfg`), { setupCfg: true });
    for (const ns of removal.namespaces) for (const [name, target] of Object.entries(old[ns] ?? {})) add(ns, name, target, 'removed');
    for (const [ns, names] of Object.entries(removal.names)) for (const name of names) add(ns, name, old[ns][name], 'removed');
  }
  const sorted = Object.fromEntries(Object.keys(namespaces).sort().map((ns) => [ns, Object.fromEntries(Object.keys(namespaces[ns]).sort().map((n) => [n, namespaces[ns][n]]))]));
  const data = {
    about: 'Upstream Ceilometer entry points (setup.cfg), vendored by `node scripts/implemented-table.mjs --vendor`; "upstream" says where each exists: 19.0 (python3-ceilometer 19.0, the compatibility target), master, removed (last present before the removal commit)',
    master: head,
    removals: REMOVALS.map(({ commit, why }) => ({ commit, why })),
    namespaces: sorted,
  };
  writeFileSync(VENDORED, `${JSON.stringify(data, null, 1)}\n`);
}

/**
 * Public workspace packages' entry points: namespace -> name -> package names.
 * @returns {Record<string, Record<string, string[]>>}
 */
export function workspaceEntryPoints(root = ROOT) {
  /** @type {Record<string, Record<string, string[]>>} */
  const out = {};
  for (const dir of ['packages', 'plugins']) {
    for (const name of readdirSync(join(root, dir)).sort()) {
      const file = join(root, dir, name, 'package.json');
      if (!existsSync(file)) continue;
      const pkg = JSON.parse(readFileSync(file, 'utf8'));
      if (pkg.private) continue;
      for (const [ns, names] of Object.entries(pkg.ceilometer?.entryPoints ?? {})) {
        if (NOT_COMPARED.has(ns)) continue;
        for (const ep of Object.keys(names)) ((out[ns] ??= {})[ep] ??= []).push(pkg.name);
      }
    }
  }
  for (const [ns, names] of Object.entries(BUILT_IN)) for (const [ep, pkg] of Object.entries(names)) ((out[ns] ??= {})[ep] ??= []).push(pkg);
  for (const name of meterNames(readFileSync(join(root, OUR_METERS.file), 'utf8'))) ((out[METERS] ??= {})[name] ??= []).push(OUR_METERS.pkg);
  return out;
}

/** One row per (namespace, name): upstream's and ours, merged. */
export function rows(upstream, ours) {
  const result = [];
  const namespaces = [...new Set([...Object.keys(upstream), ...Object.keys(ours)])].sort();
  for (const ns of namespaces) {
    const names = [...new Set([...Object.keys(upstream[ns] ?? {}), ...Object.keys(ours[ns] ?? {})])].sort();
    for (const name of names) {
      result.push({ ns, name, upstream: upstream[ns]?.[name]?.upstream ?? [], packages: ours[ns]?.[name] ?? [] });
    }
  }
  return result;
}

const short = (pkg) => pkg.replace(/^@ceilometer-ts\//, '');
const code = (names) => names.map((n) => `\`${n}\``).join(', ');
const where = (upstream) => (upstream.length === 0 ? 'ours only' : upstream.join(', '));

/** The README table: one row per namespace. */
export function readmeTable(all) {
  const lines = [
    '| namespace | upstream | implemented | by | not yet | ours only |',
    '|---|---|---|---|---|---|',
  ];
  for (const ns of [...new Set(all.map((r) => r.ns))]) {
    const inNs = all.filter((r) => r.ns === ns);
    const upstreamRows = inNs.filter((r) => r.upstream.length > 0);
    const done = upstreamRows.filter((r) => r.packages.length > 0);
    const notYet = upstreamRows.filter((r) => r.packages.length === 0);
    const oursOnly = inNs.filter((r) => r.upstream.length === 0);
    const releases = [...new Set(upstreamRows.flatMap((r) => r.upstream))].sort();
    const by = [...new Set(inNs.flatMap((r) => r.packages))].map(short).sort();
    lines.push(`| \`${ns}\` | ${releases.length ? releases.join(', ') : 'not upstream'} | ${upstreamRows.length ? `${done.length} of ${upstreamRows.length}` : '-'} | ${by.join(', ') || '-'} | ${code(notYet.map((r) => r.name)) || '-'} | ${code(oursOnly.map((r) => r.name)) || '-'} |`);
  }
  return lines.join('\n');
}

/** docs/implemented.md's table: one row per entry point. */
export function fullTable(all) {
  const lines = ['| namespace | name | upstream | status | package |', '|---|---|---|---|---|'];
  for (const r of all) {
    const status = r.packages.length === 0 ? 'not yet' : r.upstream.length === 0 ? 'ours' : 'implemented';
    lines.push(`| \`${r.ns}\` | \`${r.name}\` | ${where(r.upstream)} | ${status} | ${r.packages.map((p) => `\`${p}\``).join(', ') || '-'} |`);
  }
  return lines.join('\n');
}

/** Both tables from the vendored upstream list and the workspace. */
export function tables(root = ROOT) {
  const upstream = JSON.parse(readFileSync(join(root, 'docs/data/upstream-entry-points.json'), 'utf8')).namespaces;
  const all = rows(upstream, workspaceEntryPoints(root));
  return { readme: readmeTable(all), full: fullTable(all) };
}

/**
 * The text between a file's two markers (undefined when a marker is missing).
 * @param {string} text
 * @param {readonly string[]} markers
 */
export function between(text, [start = '', end = '']) {
  const i = text.indexOf(start);
  const j = text.indexOf(end);
  if (i < 0 || j < i) return undefined;
  return text.slice(i + start.length, j).trim();
}

function replaceBetween(file, markers, table) {
  const text = readFileSync(file, 'utf8');
  const i = text.indexOf(markers[0]);
  const j = text.indexOf(markers[1]);
  if (i < 0 || j < i) throw new Error(`${file}: markers ${markers.join(' ... ')} not found`);
  writeFileSync(file, `${text.slice(0, i + markers[0].length)}\n${table}\n${text.slice(j)}`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  if (args.includes('--vendor')) vendor();
  const { readme, full } = tables();
  if (args.includes('--write')) {
    replaceBetween(join(ROOT, 'README.md'), README_MARKERS, readme);
    replaceBetween(join(ROOT, 'docs/implemented.md'), FULL_MARKERS, full);
  } else if (!args.includes('--vendor')) {
    process.stdout.write(`${args.includes('--full') ? full : readme}\n`);
  }
}
