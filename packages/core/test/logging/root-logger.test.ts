import { Writable } from 'node:stream';
import type { Logger } from '@ceilometer-ts/sdk';
import { describe, expect, it } from 'vitest';
import { createRootLogger } from '../../src/logging/index.js';

/** A stream collecting what the logger writes. */
function capture(): { stream: Writable; text: () => string; lines: () => Array<Record<string, unknown>> } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      chunks.push(chunk.toString());
      callback();
    },
  });
  const text = () => chunks.join('');
  return { stream, text, lines: () => text().trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>) };
}

const URL_WITH_PASSWORD = 'rabbit://openstack:secret@123@127.0.0.1:5672/';

describe('createRootLogger', () => {
  it('writes JSON at info by default and at debug with debug: true, and satisfies the sdk Logger', () => {
    const out = capture();
    const logger: Logger = createRootLogger({ destination: out.stream, pretty: false, name: 'ceilometer-polling' });
    logger.debug('hidden');
    logger.child({ pkg: '@x/p' }).info({ n: 1 }, 'shown %s', 'here');
    expect(out.lines()).toEqual([expect.objectContaining({ level: 30, msg: 'shown here', n: 1, pkg: '@x/p', name: 'ceilometer-polling' })]);

    const debugOut = capture();
    createRootLogger({ destination: debugOut.stream, pretty: false, debug: true }).debug('visible');
    expect(debugOut.lines()[0]).toMatchObject({ level: 20, msg: 'visible' });
  });

  it('never writes secrets: keys, URLs in messages, format args, bindings and errors', () => {
    const out = capture();
    const logger = createRootLogger({ destination: out.stream, pretty: false });
    const child = logger.child({ transport_url: URL_WITH_PASSWORD, auth: { password: 'secret@123' } });
    child.info({ conf: { service_credentials: { password: 'secret@123', username: 'ceilometer' } }, headers: { 'X-Auth-Token': 'tok123' } }, 'connecting to %s', URL_WITH_PASSWORD);
    child.warn(`reconnecting to ${URL_WITH_PASSWORD}`);
    child.error(new Error(`cannot reach ${URL_WITH_PASSWORD}`));
    child.error({ err: new Error(`nested ${URL_WITH_PASSWORD}`, { cause: new Error('telemetry_secret=abc') }) }, 'failed');
    const text = out.text();
    expect(text).not.toContain('secret@123');
    expect(text).not.toContain('tok123');
    expect(text).not.toContain('abc');
    const [info, warn, error, nested] = out.lines();
    expect(info).toMatchObject({
      msg: 'connecting to rabbit://openstack:***@127.0.0.1:5672/',
      transport_url: 'rabbit://openstack:***@127.0.0.1:5672/',
      auth: { password: '[Redacted]' },
      conf: { service_credentials: { password: '[Redacted]', username: 'ceilometer' } },
      headers: { 'X-Auth-Token': '[Redacted]' },
    });
    expect(warn?.msg).toBe('reconnecting to rabbit://openstack:***@127.0.0.1:5672/');
    expect(error).toMatchObject({ msg: 'cannot reach rabbit://openstack:***@127.0.0.1:5672/', err: { type: 'Error' } });
    expect((error?.err as { stack: string }).stack).toContain('cannot reach rabbit://openstack:***@');
    expect(nested).toMatchObject({ msg: 'failed', err: { message: 'nested rabbit://openstack:***@127.0.0.1:5672/: telemetry_secret=***' } });
  });

  it('prettifies synchronously when pretty, still redacted', () => {
    const out = capture();
    const logger = createRootLogger({ destination: out.stream, pretty: true });
    logger.info({ password: 'secret@123' }, `hello ${URL_WITH_PASSWORD}`);
    expect(out.text()).toContain('INFO');
    expect(out.text()).toContain('hello rabbit://openstack:***@127.0.0.1:5672/');
    expect(out.text()).not.toContain('secret@123');
    expect(() => JSON.parse(out.text())).toThrow();
  });
});

describe('createRootLogger with a file descriptor', () => {
  it('writes synchronously to the descriptor', async () => {
    const { mkdtempSync, openSync, closeSync, readFileSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = mkdtempSync(join(tmpdir(), 'ceilo-log-'));
    const fd = openSync(join(dir, 'out.log'), 'w');
    try {
      createRootLogger({ destination: fd, pretty: false }).info({ secret: 'x' }, 'to a file');
      expect(JSON.parse(readFileSync(join(dir, 'out.log'), 'utf8'))).toMatchObject({ msg: 'to a file', secret: '[Redacted]' });
    } finally {
      closeSync(fd);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
