/**
 * One net-snmp session (one UDP socket) per agent, kept across cycles: promise-based GET and
 * GETBULK that fail with SnmpInspectorError naming the host and never the credentials.
 * SNMPv1 agents have no GETBULK: walks fall back to GETNEXT (one row per request).
 */
import snmp, { type Session, type SessionOptions, type UserOptions } from 'net-snmp';
import type { Logger } from '@ceilometer-ts/sdk';
import { SnmpInspectorError, type SnmpFailure } from './errors.js';
import type { SnmpTarget } from './snmp-target.js';
import type { RawVarbind } from './value.js';

/** net-snmp error-status numbers the inspector reacts to. */
export const TOO_BIG = 1;
export const NO_SUCH_NAME = 2;

/** A failed request with the agent's error status when it sent one. */
export class SnmpRequestError extends SnmpInspectorError {
  constructor(host: string, failure: SnmpFailure, message: string, readonly status?: number, readonly statusOid?: string, options?: ErrorOptions) {
    super(host, failure, message, options);
  }
}

/** What walks and GETs need from a session: also implemented by fakes in unit tests. */
export interface SnmpChannel {
  readonly label: string;
  readonly version: SnmpTarget['version'];
  /** GET: one varbind per OID, in order (exception values included). */
  get(oids: readonly string[]): Promise<RawVarbind[]>;
  /** GETBULK without non-repeaters: one array of varbinds per requested OID (column). */
  getBulk(oids: readonly string[], maxRepetitions: number): Promise<RawVarbind[][]>;
  /** GETNEXT: one varbind per OID. */
  getNext(oids: readonly string[]): Promise<RawVarbind[]>;
}

interface LibError extends Error {
  status?: number;
  code?: number | string;
}

const AUTH_FAILURE = snmp.ResponseInvalidCode['EAuthFailure'];

/** A live session to one agent. */
export class SnmpSession implements SnmpChannel {
  readonly label: string;
  readonly version: SnmpTarget['version'];
  /** PDUs sent (not counting retries): lets tests check that each OID is fetched once per cycle. */
  requests = 0;
  readonly #session: Session;
  readonly #secrets: string[];
  readonly #target: SnmpTarget;
  #closed = false;

  constructor(target: SnmpTarget, logger: Logger) {
    this.#target = target;
    this.label = target.label;
    this.version = target.version;
    this.#secrets = [target.community, target.usm?.authKey, target.usm?.privKey].filter((s): s is string => Boolean(s));
    const options: SessionOptions = {
      port: target.port,
      retries: target.retries,
      timeout: target.timeoutMs,
      backoff: 1,
      transport: target.address.includes(':') ? 'udp6' : 'udp4',
      idBitsSize: 32,
      reportOidMismatchErrors: false,
    };
    if (target.version === '3' && target.usm) {
      const u = target.usm;
      const user: UserOptions = { name: u.user, level: snmp.SecurityLevel[u.level] ?? 1 };
      if (u.authProtocol && u.authKey) Object.assign(user, { authProtocol: snmp.AuthProtocols[u.authProtocol], authKey: u.authKey });
      if (u.privProtocol && u.privKey) Object.assign(user, { privProtocol: snmp.PrivProtocols[u.privProtocol], privKey: u.privKey });
      this.#session = snmp.createV3Session(target.address, user, { ...options, version: snmp.Version3 });
    } else {
      const version = target.version === '1' ? snmp.Version1 : snmp.Version2c;
      this.#session = snmp.createSession(target.address, target.community ?? 'public', { ...options, version });
    }
    // NOTE: net-snmp emits "error" for undecodable datagrams; without a listener that would crash the agent
    this.#session.on('error', (err: Error) => logger.debug({ host: this.label, err: this.#redact(err.message) }, 'SNMP datagram dropped'));
  }

  get(oids: readonly string[]): Promise<RawVarbind[]> {
    return this.#call((cb) => this.#session.get([...oids], cb)) as Promise<RawVarbind[]>;
  }

  getNext(oids: readonly string[]): Promise<RawVarbind[]> {
    return this.#call((cb) => this.#session.getNext([...oids], cb)) as Promise<RawVarbind[]>;
  }

  async getBulk(oids: readonly string[], maxRepetitions: number): Promise<RawVarbind[][]> {
    if (this.version === '1') {
      // SNMPv1: GETNEXT, so each column advances by one row per request
      const row = await this.getNext(oids);
      return row.map((vb) => [vb]);
    }
    const out = (await this.#call((cb) => this.#session.getBulk([...oids], 0, maxRepetitions, cb))) as Array<RawVarbind | RawVarbind[]>;
    return out.map((c) => (Array.isArray(c) ? c : [c]));
  }

  /** Closes the socket; requests in flight fail with a `closed` error. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    try {
      this.#session.close();
    } catch {
      // already closed by a socket error
    }
  }

  #call(send: (cb: (error: Error | null, varbinds?: unknown[]) => void) => void): Promise<unknown[]> {
    if (this.#closed) return Promise.reject(new SnmpRequestError(this.label, 'closed', 'the SNMP inspector is closed'));
    this.requests++;
    return new Promise((resolve, reject) => {
      try {
        send((error, varbinds) => (error ? reject(this.#wrap(error)) : resolve(varbinds ?? [])));
      } catch (error) {
        reject(this.#wrap(error as Error));
      }
    });
  }

  #redact(message: string): string {
    let out = message;
    for (const s of this.#secrets) out = out.split(s).join('***');
    return out;
  }

  #wrap(error: LibError): SnmpRequestError {
    const t = this.#target;
    const cause = new Error(this.#redact(String(error.message)));
    switch (error.name) {
      case 'RequestTimedOutError':
        return new SnmpRequestError(
          this.label,
          'timeout',
          `no SNMP response within ${t.timeoutMs} ms x ${t.retries + 1} attempts ` +
            `(agent down, port closed, or ${t.version === '3' ? 'SNMPv3 user unknown to the agent' : 'wrong community'})`,
          undefined,
          undefined,
          { cause },
        );
      case 'RequestFailedError': {
        const oid = /:\s*([\d.]+)\s*$/.exec(error.message)?.[1];
        return new SnmpRequestError(this.label, 'protocol', `agent error ${this.#redact(error.message)}`, error.status, oid, { cause });
      }
      case 'ResponseInvalidError':
        if (error.code === AUTH_FAILURE) {
          return new SnmpRequestError(this.label, 'auth', `SNMPv3 authentication failed: ${error.message}`, undefined, undefined, { cause });
        }
        return new SnmpRequestError(this.label, 'protocol', `invalid SNMP response: ${this.#redact(error.message)}`, undefined, undefined, { cause });
      default:
        if (/digital envelope routines::unsupported/.test(error.message)) {
          return new SnmpRequestError(
            this.label,
            'config',
            `priv_proto ${t.usm?.privProtocol ?? ''} is not available in this Node.js build (DES needs NODE_OPTIONS=--openssl-legacy-provider); prefer aes128`,
            undefined,
            undefined,
            { cause },
          );
        }
        if (/closed/i.test(error.message)) return new SnmpRequestError(this.label, 'closed', 'the SNMP session was closed', undefined, undefined, { cause });
        return new SnmpRequestError(this.label, 'protocol', `SNMP request failed: ${this.#redact(error.message)}`, undefined, undefined, { cause });
    }
  }
}
