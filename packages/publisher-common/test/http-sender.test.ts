import { describe, expect, it } from 'vitest';
import { HttpPublishError, HttpSender, parseHttpSettings } from '../src/index.js';
import { recordingLogger, startRecorder } from '../src/testing/index.js';

describe('HttpSender', () => {
  it('posts with the content type and a sub path, keeping the query', async () => {
    const rec = await startRecorder();
    const sender = new HttpSender(parseHttpSettings(`${rec.url}/base?x=1`), recordingLogger(), { contentType: 'application/json' });
    try {
      expect(await sender.post('[]', '/more')).toBe('{}');
      expect(rec.requests[0]).toMatchObject({ method: 'POST', url: '/base/more?x=1', body: '[]' });
      expect(rec.requests[0]!.headers['content-type']).toBe('application/json');
    } finally {
      await sender.close();
      await rec.close();
    }
  });

  it('retries 5xx then gives up with HttpPublishError; drops a 4xx after logging', async () => {
    const rec = await startRecorder((n) => (n <= 3 ? 503 : 400));
    const logger = recordingLogger();
    const sender = new HttpSender(parseHttpSettings(`${rec.url}/?max_retries=2`), logger, { contentType: 'text/plain', backoffBaseMs: 1 });
    try {
      const err = await sender.post('a').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(HttpPublishError);
      expect(err).toMatchObject({ attempts: 3, statusCode: 503 });
      expect(await sender.post('b')).toBeUndefined();
      expect(rec.requests).toHaveLength(4);
      expect(String(logger.lines[0]?.[1])).toMatch(/^Status Code: %d/);
    } finally {
      await sender.close();
      await rec.close();
    }
  });
});
