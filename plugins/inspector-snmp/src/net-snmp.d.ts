/**
 * The part of the net-snmp library (which ships no types) this package uses.
 */
declare module 'net-snmp' {
  import type { EventEmitter } from 'node:events';

  export interface Varbind {
    oid: string;
    type: number;
    value: unknown;
  }

  export interface SessionOptions {
    port?: number;
    retries?: number;
    timeout?: number;
    backoff?: number;
    transport?: 'udp4' | 'udp6';
    version?: number;
    idBitsSize?: 16 | 32;
    reportOidMismatchErrors?: boolean;
    backwardsGetNexts?: boolean;
  }

  export interface UserOptions {
    name: string;
    level: number;
    authProtocol?: string | number;
    authKey?: string;
    privProtocol?: string | number;
    privKey?: string;
  }

  export interface Session extends EventEmitter {
    get(oids: string[], callback: (error: Error | null, varbinds?: Varbind[]) => void): Session;
    getNext(oids: string[], callback: (error: Error | null, varbinds?: Varbind[]) => void): Session;
    getBulk(
      oids: string[],
      nonRepeaters: number,
      maxRepetitions: number,
      callback: (error: Error | null, varbinds?: Array<Varbind | Varbind[]>) => void,
    ): Session;
    close(): Session;
  }

  export function createSession(target: string, community: string, options?: SessionOptions): Session;
  export function createV3Session(target: string, user: UserOptions, options?: SessionOptions): Session;

  export const Version1: number;
  export const Version2c: number;
  export const Version3: number;
  export const SecurityLevel: Record<string, number>;
  export const AuthProtocols: Record<string, string | number>;
  export const PrivProtocols: Record<string, string | number>;
  export const ErrorStatus: Record<string, number | string>;
  export const ResponseInvalidCode: Record<string, number | string>;

  const snmp: {
    createSession: typeof createSession;
    createV3Session: typeof createV3Session;
    Version1: number;
    Version2c: number;
    Version3: number;
    SecurityLevel: Record<string, number>;
    AuthProtocols: Record<string, string | number>;
    PrivProtocols: Record<string, string | number>;
    ErrorStatus: Record<string, number | string>;
    ResponseInvalidCode: Record<string, number | string>;
  };
  export default snmp;
}
