#!/usr/bin/env node
// Sets the fields every public package.json of the workspace needs to be published as it is
// (licence and its LICENSE text, repository, homepage, bugs, keywords, engines, files, publishConfig) and derives
// publishConfig.exports from exports without the private "@ceilometer-ts/source" condition, so a
// consumer outside the workspace can never resolve src/*.ts.
//
//   node scripts/sync-manifests.mjs           rewrite the manifests
//   node scripts/sync-manifests.mjs --check   exit 1 and name the manifests that differ
//
// packages/ceilometer-ts/test/manifests.test.ts checks the same rules (run this to fix what it finds).
import { readFileSync, readdirSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPOSITORY = 'https://github.com/ceilometer-ts/ceilometer-ts';
export const SOURCE_CONDITION = '@ceilometer-ts/source';
const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** exports without the source condition (the published form). */
export function publishedExports(exports) {
  if (typeof exports !== 'object' || exports === null) return exports;
  return Object.fromEntries(
    Object.entries(exports)
      .filter(([key]) => key !== SOURCE_CONDITION)
      .map(([key, value]) => [key, publishedExports(value)]),
  );
}

function synced(folder, manifest) {
  const kind = folder.split('/')[0];
  const keywords = ['openstack', 'ceilometer', 'telemetry', ...(kind === 'plugins' ? ['ceilometer-ts-plugin'] : [])];
  const extraFiles = (manifest.files ?? []).filter((f) => !['dist', 'src', 'README.md', 'CHANGELOG.md', 'LICENSE'].includes(f));
  // NOTE: existing keys keep their place (new ones are appended) so that other branches' edits merge cleanly
  const next = {
    ...manifest,
    keywords: [...new Set([...keywords, ...(manifest.keywords ?? [])])],
    homepage: `${REPOSITORY}/tree/main/${folder}#readme`,
    bugs: { url: `${REPOSITORY}/issues` },
    repository: { type: 'git', url: `git+${REPOSITORY}.git`, directory: folder },
    license: 'Apache-2.0',
    engines: { node: '>=20.0.0', ...(manifest.engines ?? {}) },
    // src is shipped so the declaration and source maps in dist point at files that exist
    files: [...(manifest.exports ? ['dist', 'src'] : []), ...extraFiles, 'README.md', 'CHANGELOG.md', 'LICENSE'],
    publishConfig: {
      ...(manifest.publishConfig ?? {}),
      access: 'public',
      ...(manifest.exports ? { exports: publishedExports(manifest.exports) } : {}),
    },
  };
  return next;
}

/** Folders (relative to the root) of the public workspace packages. */
export function publicPackageFolders() {
  const folders = [];
  for (const parent of ['packages', 'plugins']) {
    for (const name of readdirSync(join(root, parent)).sort()) {
      const path = join(root, parent, name, 'package.json');
      if (!existsSync(path)) continue;
      if (JSON.parse(readFileSync(path, 'utf8')).private === true) continue;
      folders.push(`${parent}/${name}`);
    }
  }
  return folders;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const check = process.argv.includes('--check');
  const differ = [];
  const rootLicence = readFileSync(join(root, 'LICENSE'), 'utf8');
  for (const folder of publicPackageFolders()) {
    const path = join(root, folder, 'package.json');
    const before = readFileSync(path, 'utf8');
    const after = `${JSON.stringify(synced(folder, JSON.parse(before)), null, 2)}\n`;
    // every tarball carries the licence text (the root LICENSE, copied: npm packs only the package's folder)
    const licence = join(root, folder, 'LICENSE');
    const licenceSynced = existsSync(licence) && readFileSync(licence, 'utf8') === rootLicence;
    if (before === after && licenceSynced) continue;
    differ.push(folder);
    if (check) continue;
    writeFileSync(path, after);
    if (!licenceSynced) writeFileSync(licence, rootLicence);
  }
  if (check && differ.length > 0) {
    console.error(`manifests not in sync (run node scripts/sync-manifests.mjs): ${differ.join(', ')}`);
    process.exit(1);
  }
  console.log(check ? 'manifests in sync' : `rewrote ${differ.length} manifests`);
}
