import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MapServiceRegistry, silentLogger, type ConfigView, type PluginContext } from '@ceilometer-ts/sdk';
import { PrometheusPublisher } from '../src/index.js';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const yamlBlocks = [...readme.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]!);
const urls = yamlBlocks.flatMap((block) => [...block.matchAll(/^\s*- ([a-z]+:\/\/\S*)$/gm)].map((m) => m[1]!));
const values: Record<string, unknown> = { 'DEFAULT.transport_url': 'rabbit://guest:guest@127.0.0.1:5672/' };
const config = { has: (g: string, n: string) => `${g}.${n}` in values, get: (g: string, n: string) => values[`${g}.${n}`] } as unknown as ConfigView;
const context = { logger: silentLogger, services: new MapServiceRegistry(), config } as unknown as PluginContext;

describe('README example config', () => {
  it('has publisher URLs that load', async () => {
    expect(urls.length).toBeGreaterThan(0);
    for (const url of urls) {
      const publisher = new PrometheusPublisher(context, [{ url, parsed: new URL(url) }]);
      await publisher.close();
    }
  });
});
