import { dirname } from 'node:path';
import { ConfigError, type ConfigView } from '@ceilometer-ts/sdk';
import { describe, expect, it } from 'vitest';
import { BUNDLED_PIPELINE_DIR, loadSamplePipelineManager, resolvePipelineFile } from '../src/index.js';
import { FakePublisherFactory } from './helpers/fakes.js';

const fixtures = dirname(new URL('./fixtures/pipeline.yaml', import.meta.url).pathname);

function configView(values: Record<string, string>, configDirs: string[] = [fixtures]): ConfigView {
  return {
    get: <T>(group: string, name: string) => values[`${group}.${name}`] as T,
    has: (group, name) => `${group}.${name}` in values,
    group: () => ({}),
    files: [`${configDirs[0]}/ceilometer.conf`],
    configDirs,
    findFile: (name) => (name === 'seed-pipeline.yaml' ? `${fixtures}/seed-pipeline.yaml` : undefined),
  };
}

describe('finding and loading pipeline files from the configuration', () => {
  it('finds a file next to the config files, else the bundled default', () => {
    expect(resolvePipelineFile('seed-pipeline.yaml', configView({}))).toBe(`${fixtures}/seed-pipeline.yaml`);
    expect(resolvePipelineFile('pipeline.yaml', configView({}))).toBe(`${BUNDLED_PIPELINE_DIR}/pipeline.yaml`);
    expect(resolvePipelineFile('nothing-like-this.yaml', configView({}))).toBeUndefined();
  });

  it('loads [DEFAULT] pipeline_cfg_file', async () => {
    const publisherFactory = new FakePublisherFactory();
    const gnocchiAsTest = { create: (url: string) => publisherFactory.create(url.replace(/^gnocchi:/, 'test:')) };
    const m = await loadSamplePipelineManager(configView({ 'DEFAULT.pipeline_cfg_file': 'seed-pipeline.yaml' }), { publisherFactory: gnocchiAsTest });
    expect(m.pipelines).toHaveLength(3);
    await m.close();
  });

  it('reports a pipeline file that cannot be found', async () => {
    const err = await loadSamplePipelineManager(configView({ 'DEFAULT.pipeline_cfg_file': 'nothing-like-this.yaml' }), {
      publisherFactory: new FakePublisherFactory(),
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).issues[0]?.message).toContain('sample pipeline file "nothing-like-this.yaml" not found');
  });
});
