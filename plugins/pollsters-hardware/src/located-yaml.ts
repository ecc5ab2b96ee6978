/**
 * YAML (1.1, as PyYAML's safe_load) that remembers lines, so definition and monitor file problems
 * read `monitor_hardware.yaml:3: host.disk_name: ...`.
 */
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Pair } from 'yaml';
import { ConfigError, type ConfigIssue } from '@ceilometer-ts/sdk';

/** A path into a document: mapping keys and sequence indexes. */
export type YamlPath = readonly (string | number)[];

/** `metric[3].snmp_inspector.oid`. */
export function formatPath(path: YamlPath): string {
  let out = '';
  for (const part of path) out += typeof part === 'number' ? `[${part}]` : out ? `.${part}` : part;
  return out || '(document)';
}

/** A parsed document: plain value and located issues. */
export interface LocatedYaml {
  readonly file: string;
  readonly value: unknown;
  issue(path: YamlPath, message: string): ConfigIssue;
}

function offsetOf(doc: Document, path: YamlPath): number | undefined {
  let node: unknown = doc.contents;
  let offset = (node as { range?: [number] } | null)?.range?.[0];
  for (const part of path) {
    if (isMap(node)) {
      const keyOf = (p: Pair<unknown, unknown>): unknown => (isScalar(p.key) ? p.key.value : p.key);
      const pair = node.items.find((p) => keyOf(p) === part);
      if (!pair) {
        // A key brought in by a `<<:` merge is located at the merge.
        const merge = node.items.find((p) => isScalar(p.key) && (p.key.source === '<<' || p.key.value === '<<'));
        offset = (merge?.key as { range?: [number] } | null)?.range?.[0] ?? offset;
        break;
      }
      offset = (pair.key as { range?: [number] } | null)?.range?.[0] ?? offset;
      node = pair.value;
    } else if (isSeq(node) && typeof part === 'number') {
      node = node.items[part];
      offset = (node as { range?: [number] } | null)?.range?.[0] ?? offset;
    } else break;
  }
  return offset;
}

/** Parses YAML text; a syntax error throws ConfigError with file and line. Empty documents are null. */
export function parseLocatedYaml(text: string, file: string): LocatedYaml {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { version: '1.1', lineCounter, uniqueKeys: false, prettyErrors: false, merge: true });
  if (doc.errors.length > 0) {
    throw new ConfigError(
      doc.errors.map((e) => ({ file, line: lineCounter.linePos(e.pos[0]).line, path: '(syntax)', message: e.message.split('\n', 1)[0]! })),
    );
  }
  const value: unknown = doc.toJS({ maxAliasCount: 1000 }) ?? null;
  return {
    file,
    value,
    issue: (path, message) => {
      const offset = offsetOf(doc, path);
      return { file, line: offset === undefined ? undefined : lineCounter.linePos(offset).line, path: formatPath(path), message };
    },
  };
}
