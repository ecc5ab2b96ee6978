/**
 * YAML parsing that remembers where things are, so every config issue can name `file:line`.
 */
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import type { ConfigIssue } from '@ceilometer-ts/sdk';

/** One step of a path into a YAML document: a mapping key or a sequence index. */
export type PathStep = string | number;

/** Renders a path as `sinks[0].publishers[2]` (empty path: `(root)`). */
export function formatPath(path: readonly PathStep[]): string {
  let out = '';
  for (const step of path) {
    if (typeof step === 'number') out += `[${step}]`;
    else out += out ? `.${step}` : step;
  }
  return out || '(root)';
}

/** A parsed YAML file: its plain JS value plus line look-ups by path. */
export interface LocatedYaml {
  readonly file: string;
  /** The document as plain JS (`yaml.safe_load`), undefined when the file is empty. */
  readonly value: unknown;
  /** Syntax errors; when not empty, `value` must not be trusted. */
  readonly syntaxIssues: readonly ConfigIssue[];
  /** 1-based line of the node at `path`, or of its closest existing ancestor. */
  lineOf(path: readonly PathStep[]): number | undefined;
  /** Builds an issue located at `path`. */
  issue(path: readonly PathStep[], message: string): ConfigIssue;
}

/** Parses YAML text; `file` is the name used in issues (usually the path as configured). */
export function parseLocatedYaml(text: string, file: string): LocatedYaml {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: false });
  const lineAt = (offset: number | undefined): number | undefined =>
    offset === undefined ? undefined : lineCounter.linePos(offset).line;

  const syntaxIssues: ConfigIssue[] = doc.errors.map((err) => ({
    file,
    line: err.linePos?.[0].line,
    path: '(root)',
    message: `invalid YAML: ${(err.message.split('\n')[0] ?? '').replace(/ at line \d+, column (\d+):?$/, ' (column $1)')}`,
  }));

  const lineOf = (path: readonly PathStep[]): number | undefined => {
    let node: unknown = doc.contents;
    let line = lineAt(rangeStart(node));
    for (const step of path) {
      const found = childOf(node, step);
      if (!found) break;
      line = lineAt(found.keyOffset ?? rangeStart(found.node)) ?? line;
      node = found.node;
    }
    return line;
  };

  return {
    file,
    value: syntaxIssues.length ? undefined : toPlain(doc),
    syntaxIssues,
    lineOf,
    issue: (path, message) => ({ file, line: lineOf(path), path: formatPath(path), message }),
  };
}

function toPlain(doc: Document): unknown {
  return doc.toJS({ maxAliasCount: 1000 }) as unknown;
}

function rangeStart(node: unknown): number | undefined {
  if (node && typeof node === 'object' && 'range' in node) {
    const range = (node as Node).range;
    return range?.[0];
  }
  return undefined;
}

/** The child at `step` and, for a mapping, the offset of its key (errors point at the key line). */
function childOf(node: unknown, step: PathStep): { node: unknown; keyOffset?: number } | undefined {
  if (isMap(node) && typeof step === 'string') {
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      const key = isScalar(pair.key) ? pair.key.value : pair.key;
      if (String(key) === step) {
        // An empty value (`publishers:`) has no range of its own: the key line is the right answer.
        return { node: pair.value, keyOffset: rangeStart(pair.key) };
      }
    }
    return undefined;
  }
  if (isSeq(node) && typeof step === 'number') {
    const item = node.items[step];
    return item === undefined ? undefined : { node: item };
  }
  return undefined;
}
