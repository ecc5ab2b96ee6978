import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '@ceilometer-ts/sdk';
import { Etcd3Driver } from '../src/index.js';

describe('README', () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

  it('has an example backend_url the driver accepts', () => {
    const urls = [...readme.matchAll(/^backend_url = (\S+)$/gm)].map((m) => m[1]!);
    expect(urls.length).toBeGreaterThan(0);
    for (const url of urls) {
      const driver = new Etcd3Driver({ url: new URL(url), memberId: 'readme', membershipTimeoutMs: 10_000, logger: silentLogger });
      expect(driver.connected).toBe(false);
    }
  });

  it('lists the entry points package.json declares', () => {
    const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
      ceilometer: { entryPoints: Record<string, Record<string, string>> };
    };
    for (const [namespace, entries] of Object.entries(manifest.ceilometer.entryPoints)) {
      for (const name of Object.keys(entries)) expect(readme).toContain(`| ${namespace} | ${name} |`);
    }
  });
});
