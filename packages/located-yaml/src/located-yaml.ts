/**
 * YAML parsing that remembers where every node came from, so configuration issues can say
 * `polling.yaml:12: sources[1].interval: ...`. Parsing follows PyYAML's `safe_load` (YAML 1.1,
 * duplicate keys allowed with the last one winning, `<<` merge keys), which is what upstream
 * Ceilometer uses. Every problem, an alias bomb included, is a ConfigError naming file and line.
 */
import { readFile } from 'node:fs/promises';
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, visit, type Document, type Node, type Tags } from 'yaml';
import { ConfigError, type ConfigIssue } from '@ceilometer-ts/sdk';
import { formatYamlPath, type YamlPath } from './yaml-path.js';

/** Options of {@link parseLocatedYaml}. */
export interface YamlParseOptions {
  /** YAML version; default `1.1` as PyYAML. */
  readonly version?: '1.1' | '1.2';
}

/** A parsed YAML document with its plain value and line lookups. */
export interface LocatedYaml {
  /** The file name used in issues. */
  readonly file: string;
  /** The document as plain JavaScript values (mappings become objects). */
  readonly value: unknown;
  /**
   * 1-based line of the node at `path`: the key's line for a mapping entry, the item's line for a
   * sequence item. When the path does not exist, the line of its nearest existing ancestor.
   */
  lineOf(path: YamlPath): number | undefined;
  /** A ConfigIssue located at `path`. */
  issue(path: YamlPath, message: string): ConfigIssue;
}

const BOOL_TAG = 'tag:yaml.org,2002:bool';
const PY_TRUE = /^(?:[Yy]es|YES|[Tt]rue|TRUE|[Oo]n|ON)$/;
const PY_FALSE = /^(?:[Nn]o|NO|[Ff]alse|FALSE|[Oo]ff|OFF)$/;

/**
 * PyYAML's YAML 1.1 booleans: yes/no, true/false, on/off; NOT the single letters y/n that the yaml
 * library's 1.1 schema also accepts (event_definitions.yaml `map` keys like `n:` stay strings).
 */
function pyYamlBooleans(tags: Tags): Tags {
  return tags.map((tag) => {
    if (typeof tag !== 'object' || tag.tag !== BOOL_TAG || !('test' in tag) || !(tag.test instanceof RegExp)) return tag;
    return { ...tag, test: tag.test.test('true') ? PY_TRUE : PY_FALSE } as typeof tag;
  });
}

/**
 * Parses YAML text. Syntax errors throw a ConfigError whose issues carry file and line.
 * An empty document yields `value: null`, as PyYAML does.
 */
export function parseLocatedYaml(text: string, file: string, options: YamlParseOptions = {}): LocatedYaml {
  const lineCounter = new LineCounter();
  const version = options.version ?? '1.1';
  const doc = parseDocument(text, {
    version, lineCounter, uniqueKeys: false, prettyErrors: false, merge: version === '1.1', ...(version === '1.1' ? { customTags: pyYamlBooleans } : {}),
  });
  if (doc.errors.length > 0) {
    throw new ConfigError(
      doc.errors.map((err) => ({
        file,
        line: lineCounter.linePos(err.pos[0]).line,
        path: '(syntax)',
        message: firstLine(err.message),
      })),
    );
  }
  const value = toPlainValue(doc, file, lineCounter);
  const lineAt = (offset: number | undefined): number | undefined =>
    offset === undefined ? undefined : lineCounter.linePos(offset).line;
  const lineOf = (path: YamlPath): number | undefined => lineAt(offsetOf(doc, path));
  return {
    file,
    value: value === undefined ? null : value,
    lineOf,
    issue: (path, message) => ({ file, line: lineOf(path), path: formatYamlPath(path), message }),
  };
}

/** Reads and parses a YAML file; a missing or unreadable file is a ConfigError naming it. */
export async function loadLocatedYaml(path: string, options: YamlParseOptions & { displayName?: string } = {}): Promise<LocatedYaml> {
  const file = options.displayName ?? path;
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : `cannot read: ${(err as Error).message}`;
    throw new ConfigError([{ file, path: '(file)', message: reason }], { cause: err });
  }
  return parseLocatedYaml(text, file, options);
}

/** Aliases may expand to this many nodes in all; a document past it is refused (an alias bomb). */
export const MAX_ALIAS_EXPANSIONS = 1000;

function toPlainValue(doc: Document, file: string, lineCounter: LineCounter): unknown {
  try {
    return doc.toJS({ maxAliasCount: MAX_ALIAS_EXPANSIONS });
  } catch (err) {
    // NOTE: the yaml library throws a bare ReferenceError ("Excessive alias count ...") that names
    // no node; the first alias is where the expansion starts.
    if (!(err instanceof ReferenceError) || !/alias/i.test(err.message)) throw err;
    let line: number | undefined;
    visit(doc, {
      Alias(_key, node) {
        line = node.range ? lineCounter.linePos(node.range[0]).line : undefined;
        return visit.BREAK;
      },
    });
    throw new ConfigError(
      [{ file, line, path: '(aliases)', message: `aliases expand to more than ${MAX_ALIAS_EXPANSIONS} nodes (a YAML alias bomb?); refused` }],
      { cause: err },
    );
  }
}

function firstLine(message: string): string {
  return message.split('\n', 1)[0]!.trim();
}

/** Start offset of the deepest node on `path` (the key for mapping entries). */
function offsetOf(doc: Document, path: YamlPath): number | undefined {
  let node: unknown = doc.contents;
  let best = rangeStart(node);
  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && keyEquals(p.key, segment));
      // A key brought in by a `<<` merge is located at the merge.
      if (!pair) return rangeStart(node.items.find((p) => isPair(p) && isMergeKey(p.key))?.key) ?? best;
      best = rangeStart(pair.key) ?? rangeStart(pair.value) ?? best;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number') {
      const item: unknown = node.items[segment];
      if (item === undefined) return best;
      best = rangeStart(item) ?? best;
      node = item;
    } else {
      return best;
    }
  }
  return best;
}

function keyEquals(key: unknown, segment: string | number): boolean {
  const k = isScalar(key) ? key.value : key;
  return k === segment || String(k) === String(segment);
}

function isMergeKey(key: unknown): boolean {
  return isScalar(key) && (key.source === '<<' || key.value === '<<');
}

function rangeStart(node: unknown): number | undefined {
  const range = (node as Node | null | undefined)?.range;
  return range ? range[0] : undefined;
}
