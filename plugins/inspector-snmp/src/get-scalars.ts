/**
 * GETs scalar OIDs in batches, splitting a batch the agent finds tooBig and, for SNMPv1 agents,
 * dropping an OID the agent reports as noSuchName.
 */
import type { OidValue } from '@ceilometer-ts/sdk';
import { NO_SUCH_NAME, SnmpRequestError, TOO_BIG, type SnmpChannel } from './snmp-session.js';
import { toOidValue } from './value.js';

/** Most OIDs in one GET: small enough for any agent's default message size. */
export const GET_BATCH = 60;

async function getBatch(channel: SnmpChannel, oids: readonly string[], out: Map<string, OidValue>): Promise<void> {
  if (oids.length === 0) return;
  try {
    const varbinds = await channel.get(oids);
    varbinds.forEach((vb, i) => {
      const value = toOidValue(vb);
      // NOTE: keyed by the requested OID: some agents echo a normalised OID form
      if (value) out.set(oids[i] ?? vb.oid, value);
    });
  } catch (err) {
    if (!(err instanceof SnmpRequestError)) throw err;
    if (err.status === TOO_BIG && oids.length > 1) {
      const half = oids.length >> 1;
      await getBatch(channel, oids.slice(0, half), out);
      await getBatch(channel, oids.slice(half), out);
      return;
    }
    if (err.status === NO_SUCH_NAME && err.statusOid && oids.length > 1) {
      const missing = err.statusOid.replace(/^\./, '');
      const rest = oids.filter((o) => o !== missing);
      if (rest.length < oids.length) {
        await getBatch(channel, rest, out);
        return;
      }
    }
    if (err.status === NO_SUCH_NAME && oids.length === 1) return;
    throw err;
  }
}

/** Reads scalars; OIDs the agent has no value for are absent from the result. */
export async function getScalars(channel: SnmpChannel, oids: readonly string[]): Promise<Map<string, OidValue>> {
  const out = new Map<string, OidValue>();
  for (let i = 0; i < oids.length; i += GET_BATCH) {
    await getBatch(channel, oids.slice(i, i + GET_BATCH), out);
  }
  return out;
}
