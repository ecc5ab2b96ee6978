/**
 * Paths into a YAML document, and how config issues print them (`sources[1].interval`).
 */

/** One step into a document: a mapping key or a sequence index. */
export type YamlPathSegment = string | number;
export type YamlPath = readonly YamlPathSegment[];

const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** Formats a path as `sources[1].interval`; odd keys are quoted (`meters["a.b"]`). */
export function formatYamlPath(path: YamlPath): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (PLAIN_KEY.test(segment)) out += out ? `.${segment}` : segment;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out || '(root)';
}
