import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findFreePort } from './ports.js';
import { runServiceScript, stopService, forgetAtExit, stopAtExit } from './service-script.js';

/** A RabbitMQ broker for integration tests. */
export interface RabbitMQService {
  /** oslo.messaging transport URL, e.g. `rabbit://guest:guest@127.0.0.1:5674/`. */
  readonly url: string;
  /** The same broker as an amqplib URL (`amqp://guest:guest@127.0.0.1:5674/%2F`). */
  readonly amqpUrl: string;
  readonly port: number;
  /** The node's data dir; empty for a shared broker. */
  readonly dataDir: string;
  /** True when the broker came from `CEILO_TEST_RABBIT_URL` (owned by the CI run, not by this test). */
  readonly shared: boolean;
  /** Stops the node and removes its data dir; a no-op for a shared broker. */
  stop(): Promise<void>;
  /** Stops the broker only (epmd and the data dir stay); throws for a shared broker. */
  stopBroker(): Promise<void>;
  /** Starts the stopped broker again in place (same node, ports, mnesia); throws for a shared broker. */
  startBroker(): Promise<void>;
  /** `stopBroker()` then `startBroker()`. */
  restart(): Promise<void>;
}

/** Options for {@link startRabbitMQ}. */
export interface StartRabbitMQOptions {
  /**
   * Always start a private node, even when `CEILO_TEST_RABBIT_URL` is set: outage tests that stop and
   * restart the broker need one of their own.
   */
  readonly private?: boolean;
  /**
   * The default user of a private node (default guest/guest), e.g. the seed deployment's
   * `openstack` with a password holding an `@`. Implies `private`.
   */
  readonly user?: { readonly name: string; readonly password: string };
}

function sharedBroker(url: string): RabbitMQService {
  const parsed = new URL(url.replace(/^rabbit:/, 'amqp:'));
  const port = Number(parsed.port || 5672);
  const unsupported = (): Promise<void> =>
    Promise.reject(new Error('the shared broker (CEILO_TEST_RABBIT_URL) cannot be stopped: use startRabbitMQ({ private: true })'));
  const vhost = parsed.pathname.length > 1 ? parsed.pathname.slice(1) : '%2F';
  return {
    url,
    amqpUrl: `amqp://${parsed.username}:${parsed.password}@${parsed.hostname}:${port}/${vhost}`,
    port,
    dataDir: '',
    shared: true,
    stop: async () => {},
    stopBroker: unsupported,
    startBroker: unsupported,
    restart: unsupported,
  };
}

/**
 * A RabbitMQ broker for a test: the run's shared broker when `CEILO_TEST_RABBIT_URL` is set (and
 * `private` is not asked for), otherwise a private node started by `scripts/services/start-rabbitmq.sh`
 * in a temporary data dir on free ports (AMQP, distribution and its own epmd). Booting takes ~8-15 s.
 */
export async function startRabbitMQ(options: StartRabbitMQOptions = {}): Promise<RabbitMQService> {
  const sharedUrl = process.env['CEILO_TEST_RABBIT_URL'];
  if (sharedUrl && !options.private && !options.user) return sharedBroker(sharedUrl);

  const dataDir = await mkdtemp(join(tmpdir(), 'ceilo-rabbitmq-'));
  const [port, distPort, epmdPort] = [await findFreePort(), await findFreePort(), await findFreePort()];
  stopAtExit(dataDir);
  let env: Record<string, string>;
  try {
    env = await runServiceScript('start-rabbitmq', dataDir, {
      RABBIT_PORT: String(port),
      RABBIT_DIST_PORT: String(distPort),
      RABBIT_EPMD_PORT: String(epmdPort),
      RABBIT_NODENAME: `ceilo-test-${port}@localhost`,
      ...(options.user ? { RABBIT_USER: options.user.name, RABBIT_PASS: options.user.password } : {}),
    });
  } catch (error) {
    await stopService(dataDir).catch(() => {});
    forgetAtExit(dataDir);
    throw error;
  }
  const restartScript = (mode: 'stop' | 'start' | 'restart') => runServiceScript('restart-rabbitmq', dataDir, {}, { args: [mode] });
  return {
    url: env['RABBIT_URL'] ?? `rabbit://guest:guest@127.0.0.1:${port}/`,
    amqpUrl: env['RABBIT_AMQP_URL'] ?? `amqp://guest:guest@127.0.0.1:${port}/%2F`,
    port,
    dataDir,
    shared: false,
    stop: async () => {
      if (!forgetAtExit(dataDir)) return;
      await stopService(dataDir);
    },
    stopBroker: async () => {
      await restartScript('stop');
    },
    startBroker: async () => {
      await restartScript('start');
    },
    restart: async () => {
      await restartScript('restart');
    },
  };
}
