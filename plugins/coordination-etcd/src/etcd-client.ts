/**
 * Builds the etcd3 client for a backend URL: TLS files read from disk, calls bounded by the URL's
 * timeout, and fault handling tuned for coordination (fail fast, reconnect quickly).
 */
import { readFile } from 'node:fs/promises';
import { rootCertificates } from 'node:tls';
import { noop, type IBackoff } from 'cockatiel';
import { Etcd3, type IOptions } from 'etcd3';
import type { EtcdConnectionSettings } from './etcd-url.js';

/** Longest wait between two attempts to re-open the watch stream after etcd went away. */
const WATCH_RECONNECT_MAX_MS = 1_000;

/**
 * Doubling delays from 100 ms up to a cap. etcd3's default is an exponential backoff up to 30 s,
 * which would leave a watch deaf for that long after a short etcd restart.
 */
class WatchReconnectBackoff implements IBackoff<unknown> {
  constructor(
    readonly duration: number,
    private readonly maxMs: number,
  ) {}

  next(): IBackoff<unknown> {
    return new WatchReconnectBackoff(Math.min(this.maxMs, Math.max(100, this.duration * 2)), this.maxMs);
  }
}

async function credentialsFor(settings: EtcdConnectionSettings): Promise<IOptions['credentials']> {
  if (settings.caCert === undefined && settings.certKey === undefined) return undefined;
  const [rootCertificate, privateKey, certChain] = await Promise.all([
    // NOTE: a client certificate without ca_cert is checked against Node's bundled CAs, as https is
    settings.caCert !== undefined ? readFile(settings.caCert) : Promise.resolve(Buffer.from(rootCertificates.join('\n'))),
    settings.certKey !== undefined ? readFile(settings.certKey) : Promise.resolve(undefined),
    settings.certCert !== undefined ? readFile(settings.certCert) : Promise.resolve(undefined),
  ]);
  return { rootCertificate, ...(privateKey ? { privateKey } : {}), ...(certChain ? { certChain } : {}) };
}

/**
 * A client for one etcd endpoint. No retries and no circuit breaker inside the client: one failed
 * call is reported at once (the coordination library retries with its own backoff), and a circuit
 * left open for 5 s (etcd3's default) would only delay noticing that etcd is back.
 * @throws the file system's error when a TLS file cannot be read.
 */
export async function createEtcdClient(settings: EtcdConnectionSettings): Promise<Etcd3> {
  const credentials = await credentialsFor(settings);
  const { callTimeoutMs } = settings;
  return new Etcd3({
    hosts: [settings.host],
    ...(credentials ? { credentials } : {}),
    ...(settings.auth ? { auth: { ...settings.auth } } : {}),
    dialTimeout: callTimeoutMs,
    defaultCallOptions: (context) => (context.isStream ? {} : { deadline: Date.now() + callTimeoutMs }),
    grpcOptions: { 'grpc.initial_reconnect_backoff_ms': 100, 'grpc.max_reconnect_backoff_ms': 1_000 },
    faultHandling: {
      host: () => noop,
      global: noop,
      watchBackoff: new WatchReconnectBackoff(0, WATCH_RECONNECT_MAX_MS),
    },
  });
}
