/**
 * `--pollster-list`: shell-glob patterns restricting the pollsters the agent loads (upstream's
 * option until Queens, still in operators' runbooks).
 */
import { PollsterListError, PollsterListForbiddenError } from './errors.js';
import { fnmatch } from './meter-matcher.js';

/**
 * Keeps the entries whose name matches any pattern. No patterns keeps everything; patterns
 * matching nothing throw PollsterListError; patterns with coordination throw PollsterListForbiddenError.
 */
export function filterPollsters<T extends { readonly name: string }>(
  entries: readonly T[],
  patterns: readonly string[] | undefined,
  options: { readonly coordination?: boolean } = {},
): T[] {
  if (!patterns || patterns.length === 0) return [...entries];
  if (options.coordination) throw new PollsterListForbiddenError();
  const kept = entries.filter((e) => patterns.some((p) => fnmatch(e.name, p)));
  if (kept.length === 0) throw new PollsterListError(patterns, [...new Set(entries.map((e) => e.name))].sort());
  return kept;
}
