/**
 * Walks several table columns (or subtrees) at once with GETBULK, one varbind per column per
 * repetition, and keeps going from where each column stopped: net-snmp's snmpd cuts a response at
 * `maxGetbulkResponses` (100) varbinds without saying so, other agents may answer tooBig.
 */
import type { OidValue } from '@ceilometer-ts/sdk';
import { compareOids, isUnder } from './oid.js';
import { NO_SUCH_NAME, SnmpRequestError, TOO_BIG, type SnmpChannel } from './snmp-session.js';
import { isExceptionType, toOidValue } from './value.js';

/** The rows found under one subtree, in OID order. */
export type SubtreeRows = Array<readonly [string, OidValue]>;

interface Column {
  readonly root: string;
  cursor: string;
  readonly rows: SubtreeRows;
}

/**
 * Walks every subtree to its end. Returns rows per subtree (same order as `subtrees`).
 * @throws SnmpRequestError when the agent fails, answers nothing, or returns OIDs out of order.
 */
export async function walkSubtrees(channel: SnmpChannel, subtrees: readonly string[], maxRepetitions: number): Promise<SubtreeRows[]> {
  const columns: Column[] = subtrees.map((root) => ({ root, cursor: root, rows: [] }));
  let active = columns.slice();
  let repetitions = Math.max(1, maxRepetitions);
  let width = active.length; // columns per request: only shrinks when even one repetition is tooBig
  while (active.length > 0) {
    const batch = active.slice(0, width);
    let answer: Awaited<ReturnType<SnmpChannel['getBulk']>>;
    try {
      answer = await channel.getBulk(
        batch.map((c) => c.cursor),
        repetitions,
      );
    } catch (err) {
      if (err instanceof SnmpRequestError && err.status === TOO_BIG) {
        if (repetitions > 1) repetitions = Math.max(1, repetitions >> 1);
        else if (width > 1) width = Math.max(1, width >> 1);
        else throw err;
        continue;
      }
      // SNMPv1 ends a GETNEXT walk with noSuchName on the column that ran off the MIB
      const ended = err instanceof SnmpRequestError && err.status === NO_SUCH_NAME ? batch.find((c) => c.cursor === err.statusOid) : undefined;
      if (!ended) throw err;
      active = active.filter((c) => c !== ended);
      continue;
    }
    let received = 0;
    const finished = new Set<Column>();
    batch.forEach((column, i) => {
      const varbinds = answer[i] ?? [];
      received += varbinds.length;
      for (const vb of varbinds) {
        if (isExceptionType(vb.type) || !isUnder(vb.oid, column.root)) {
          finished.add(column);
          return;
        }
        if (compareOids(vb.oid, column.cursor) <= 0) {
          throw new SnmpRequestError(channel.label, 'protocol', `agent returned ${vb.oid} after ${column.cursor} while walking ${column.root} (not increasing)`);
        }
        const value = toOidValue(vb);
        if (value) column.rows.push([vb.oid, value]);
        column.cursor = vb.oid;
      }
    });
    if (received === 0) {
      // snmpd answers nothing when the columns alone exceed maxGetbulkResponses: ask for fewer
      if (batch.length > 1) {
        width = Math.max(1, batch.length >> 1);
        continue;
      }
      throw new SnmpRequestError(channel.label, 'protocol', `agent returned an empty GETBULK response while walking ${batch[0]?.root ?? ''}`);
    }
    active = active.filter((c) => !finished.has(c));
  }
  return columns.map((c) => c.rows);
}
