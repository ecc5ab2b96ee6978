/**
 * Test helper: reads OIDs with net-snmp's command-line tools (snmpget, snmpbulkwalk) and parses
 * their output into the inspector's value shape, to compare both readings.
 */
import { execFile } from 'node:child_process';
import type { OidValue, OidValueType } from '@ceilometer-ts/sdk';

const TYPES: Readonly<Record<string, OidValueType>> = {
  STRING: 'OctetString',
  'Hex-STRING': 'OctetString',
  INTEGER: 'Integer',
  Counter32: 'Counter32',
  Gauge32: 'Gauge32',
  Timeticks: 'TimeTicks',
  Counter64: 'Counter64',
  IpAddress: 'IpAddress',
  OID: 'ObjectIdentifier',
  Opaque: 'Opaque',
};

function parseValue(raw: string): OidValue | undefined {
  if (/^No Such (Instance|Object)|^No more variables/.test(raw)) return undefined;
  if (raw === '""') return { type: 'OctetString', value: '' };
  const m = /^([\w-]+): ?(.*)$/.exec(raw);
  if (!m) return undefined;
  const [, label, text] = m as unknown as [string, string, string];
  const type = TYPES[label];
  if (!type) return undefined;
  switch (label) {
    case 'STRING':
      return { type, value: text.replace(/^"|"$/g, '').replace(/\\"/g, '"') };
    case 'Hex-STRING':
      return { type, value: `0x${text.replace(/\s+/g, '').toLowerCase()}` };
    case 'Timeticks':
      return { type, value: Number(/\((\d+)\)/.exec(text)?.[1] ?? NaN) };
    case 'Opaque':
      return { type, value: Number(/Float: ([\d.eE+-]+)/.exec(text)?.[1] ?? NaN) };
    case 'OID':
    case 'IpAddress':
      return { type, value: text.replace(/^\./, '') };
    default:
      return { type, value: Number(text.split(' ')[0]) };
  }
}

/** Parses `-On` output lines (`.1.3.6... = TYPE: value`). */
export function parseCliOutput(stdout: string): Map<string, OidValue> {
  const out = new Map<string, OidValue>();
  let last: string | undefined;
  for (const line of stdout.split('\n')) {
    const m = /^\.?([\d.]+) = (.*)$/.exec(line);
    if (!m) {
      // a STRING value with a newline continues on the next line
      if (last && line) {
        const prev = out.get(last);
        if (prev?.type === 'OctetString') out.set(last, { type: 'OctetString', value: `${String(prev.value)}\n${line.replace(/"$/, '')}` });
      }
      continue;
    }
    const value = parseValue(m[2]!);
    last = m[1]!;
    if (value) out.set(m[1]!, value);
  }
  return out;
}

function run(cmd: string, args: readonly string[], env: Readonly<Record<string, string>>): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(cmd, [...args], { env: { ...process.env, ...env }, maxBuffer: 16 << 20 }, (err, stdout, stderr) => {
      if (err && !stdout) reject(new Error(`${cmd} ${args.join(' ')}: ${err.message} ${stderr}`));
      else resolve(stdout);
    });
  });
}

/** Auth arguments for net-snmp's CLI. */
export type CliAuth = readonly string[];

/** `-v2c -c COMMUNITY`. */
export const v2c = (community: string): CliAuth => ['-v2c', '-c', community];

/** `-v3 -l authPriv -u USER -a AUTH -A KEY -x PRIV -X KEY`. */
export const v3 = (user: string, auth: string, authKey: string, priv: string, privKey: string): CliAuth => [
  '-v3', '-l', 'authPriv', '-u', user, '-a', auth, '-A', authKey, '-x', priv, '-X', privKey,
];

/** Reads scalars with one snmpget and each subtree with snmpbulkwalk, like a CLI user would. */
export async function cliRead(
  target: string,
  auth: CliAuth,
  request: { scalars: readonly string[]; subtrees: readonly string[] },
  env: Readonly<Record<string, string>>,
): Promise<Map<string, OidValue>> {
  const out = new Map<string, OidValue>();
  const base = [...auth, '-On', '-r', '1', '-t', '2'];
  const outputs = await Promise.all([
    request.scalars.length ? run('snmpget', [...base, target, ...request.scalars.map((o) => `.${o}`)], env) : Promise.resolve(''),
    ...request.subtrees.map((t) => run('snmpbulkwalk', [...base, '-Cr25', target, `.${t}`], env)),
  ]);
  for (const text of outputs) for (const [k, v] of parseCliOutput(text)) out.set(k, v);
  return out;
}
