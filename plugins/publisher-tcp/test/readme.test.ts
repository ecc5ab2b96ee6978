import { describe, expect, it } from 'vitest';
import { fakePluginContext, readmeExampleUrls } from '@ceilometer-ts/sdk/testing';
import { TCPPublisher } from '../src/index.js';

describe('README example config', () => {
  it('has publisher URLs that load', async () => {
    const urls = readmeExampleUrls(new URL('../README.md', import.meta.url));
    expect(urls.length).toBeGreaterThan(0);
    const context = fakePluginContext({ 'DEFAULT.transport_url': 'rabbit://guest:guest@127.0.0.1:5672/' });
    for (const url of urls) {
      const publisher = new TCPPublisher(context, [{ url, parsed: new URL(url) }]);
      await publisher.close();
    }
  });
});
