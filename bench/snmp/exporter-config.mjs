/**
 * Writes prometheus-snmp-exporter's snmp.yml by hand (no generator, no MIB files) for exactly the
 * Stein OID set: scalars under `get`, table columns under `walk`, one metric per OID.
 */

/** Metric type and index of every Stein OID (by object OID). */
const OBJECTS = {
  '1.3.6.1.4.1.2021.10.1.3': ['laLoad', 'DisplayString', 'laIndex'],
  '1.3.6.1.4.1.2021.11.9': ['ssCpuUser', 'gauge'],
  '1.3.6.1.4.1.2021.11.11': ['ssCpuIdle', 'gauge'],
  '1.3.6.1.4.1.2021.11.50': ['ssCpuRawUser', 'counter'],
  '1.3.6.1.4.1.2021.11.51': ['ssCpuRawNice', 'counter'],
  '1.3.6.1.4.1.2021.11.52': ['ssCpuRawSystem', 'counter'],
  '1.3.6.1.4.1.2021.11.53': ['ssCpuRawIdle', 'counter'],
  '1.3.6.1.4.1.2021.11.54': ['ssCpuRawWait', 'counter'],
  '1.3.6.1.4.1.2021.11.55': ['ssCpuRawKernel', 'counter'],
  '1.3.6.1.4.1.2021.11.56': ['ssCpuRawInterrupt', 'counter'],
  '1.3.6.1.4.1.2021.11.57': ['ssIORawSent', 'counter'],
  '1.3.6.1.4.1.2021.11.58': ['ssIORawReceived', 'counter'],
  '1.3.6.1.4.1.2021.4.3': ['memTotalSwap', 'gauge'],
  '1.3.6.1.4.1.2021.4.4': ['memAvailSwap', 'gauge'],
  '1.3.6.1.4.1.2021.4.5': ['memTotalReal', 'gauge'],
  '1.3.6.1.4.1.2021.4.6': ['memAvailReal', 'gauge'],
  '1.3.6.1.4.1.2021.4.14': ['memBuffer', 'gauge'],
  '1.3.6.1.4.1.2021.4.15': ['memCached', 'gauge'],
  '1.3.6.1.2.1.4.3': ['ipInReceives', 'counter'],
  '1.3.6.1.2.1.4.10': ['ipOutRequests', 'counter'],
  '1.3.6.1.4.1.2021.9.1.2': ['dskPath', 'DisplayString', 'dskIndex'],
  '1.3.6.1.4.1.2021.9.1.3': ['dskDevice', 'DisplayString', 'dskIndex'],
  '1.3.6.1.4.1.2021.9.1.6': ['dskTotal', 'gauge', 'dskIndex'],
  '1.3.6.1.4.1.2021.9.1.8': ['dskUsed', 'gauge', 'dskIndex'],
  '1.3.6.1.4.1.2021.13.15.1.1.2': ['diskIODevice', 'DisplayString', 'diskIOIndex'],
  '1.3.6.1.4.1.2021.13.15.1.1.3': ['diskIONRead', 'counter', 'diskIOIndex'],
  '1.3.6.1.4.1.2021.13.15.1.1.4': ['diskIONWritten', 'counter', 'diskIOIndex'],
  '1.3.6.1.4.1.2021.13.15.1.1.5': ['diskIOReads', 'counter', 'diskIOIndex'],
  '1.3.6.1.4.1.2021.13.15.1.1.6': ['diskIOWrites', 'counter', 'diskIOIndex'],
  '1.3.6.1.2.1.2.2.1.2': ['ifDescr', 'DisplayString', 'ifIndex'],
  '1.3.6.1.2.1.2.2.1.5': ['ifSpeed', 'gauge', 'ifIndex'],
  '1.3.6.1.2.1.2.2.1.6': ['ifPhysAddress', 'PhysAddress48', 'ifIndex'],
  '1.3.6.1.2.1.2.2.1.10': ['ifInOctets', 'counter', 'ifIndex'],
  '1.3.6.1.2.1.2.2.1.16': ['ifOutOctets', 'counter', 'ifIndex'],
  '1.3.6.1.2.1.2.2.1.20': ['ifOutErrors', 'counter', 'ifIndex'],
  '1.3.6.1.2.1.4.20.1.2': ['ipAdEntIfIndex', 'gauge', 'ipAdEntAddr:InetAddressIPv4'],
};

function objectOf(oid) {
  if (OBJECTS[oid]) return oid;
  const parent = oid.replace(/\.\d+$/, '');
  if (OBJECTS[parent]) return parent;
  throw new Error(`no exporter metric for ${oid}`);
}

/** snmp.yml text for module `ceilo` (v2c, `community`, max_repetitions 25 like ours). */
export function exporterConfig(request, community = 'public') {
  const lines = ['ceilo:', '  version: 2', '  auth:', `    community: ${community}`, '  max_repetitions: 25', '  retries: 1', '  timeout: 2s'];
  lines.push('  get:', ...request.scalars.map((o) => `  - ${o}`));
  lines.push('  walk:', ...request.subtrees.map((o) => `  - ${o}`));
  lines.push('  metrics:');
  const objects = [...new Set([...request.scalars, ...request.subtrees].map(objectOf))];
  for (const oid of objects) {
    const [name, type, index] = OBJECTS[oid];
    lines.push(`  - name: ${name}`, `    oid: ${oid}`, `    type: ${type}`, `    help: ${name} - ${oid}`);
    if (index) {
      const [label, indexType = 'gauge'] = index.split(':');
      lines.push('    indexes:', `    - labelname: ${label}`, `      type: ${indexType}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
