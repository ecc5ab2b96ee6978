/**
 * JSON text the way Python's `json.dumps` writes it with default arguments (what oslo.messaging's
 * `jsonutils.dumps` and kombu produce): `", "` and `": "` separators, non-ASCII escaped as `\uXXXX`,
 * NaN/Infinity written bare. Consumers parse JSON, so this is for byte-level fidelity with Python peers.
 */

function encodeString(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const code = s.charCodeAt(i);
    const ch = s[i]!;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\b') out += '\\b';
    else if (ch === '\f') out += '\\f';
    else if (code < 0x20 || code > 0x7e) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

function encodeNumber(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (n === Infinity) return 'Infinity';
  if (n === -Infinity) return '-Infinity';
  return String(n);
}

function encode(value: unknown, seen: Set<object>): string | undefined {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return encodeString(value);
    case 'number':
      return encodeNumber(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      return value.toString();
    case 'undefined':
    case 'function':
    case 'symbol':
      return undefined;
    default:
      break;
  }
  const obj = value as { toJSON?: () => unknown };
  if (typeof obj.toJSON === 'function') return encode(obj.toJSON(), seen);
  if (seen.has(obj)) throw new TypeError('Circular reference detected');
  seen.add(obj);
  try {
    if (Array.isArray(obj)) return `[${obj.map((v) => encode(v, seen) ?? 'null').join(', ')}]`;
    const parts: string[] = [];
    for (const [k, v] of Object.entries(obj)) {
      const encoded = encode(v, seen);
      if (encoded !== undefined) parts.push(`${encodeString(k)}: ${encoded}`);
    }
    return `{${parts.join(', ')}}`;
  } finally {
    seen.delete(obj);
  }
}

/** Serialises like Python's `json.dumps(value)`; `undefined` members are skipped as JSON.stringify does. */
export function pythonJsonDumps(value: unknown): string {
  return encode(value, new Set()) ?? 'null';
}

/**
 * Parses JSON, also accepting the bare `NaN`, `Infinity` and `-Infinity` Python writes (they become
 * `null`, since JSON has no place for them). Throws SyntaxError otherwise.
 */
export function parsePythonJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    if (!/NaN|Infinity/.test(text)) throw error;
    // replace the bare tokens outside strings only
    const fixed = text.replace(/"(?:[^"\\]|\\.)*"|-?Infinity|NaN/g, (m) => (m.startsWith('"') ? m : 'null'));
    return JSON.parse(fixed);
  }
}
