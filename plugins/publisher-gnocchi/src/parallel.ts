/**
 * Bounded parallelism for per-resource calls (`[DEFAULT] max_parallel_requests`).
 */

/**
 * Calls `fn` for every item, at most `limit` at a time. After a rejection no new call starts; the
 * calls in flight finish, then the first rejection is thrown.
 */
export async function forEachLimit<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failed = false;
  let firstError: unknown;
  const worker = async (): Promise<void> => {
    while (!failed && next < items.length) {
      const item = items[next++] as T;
      try {
        await fn(item);
      } catch (err) {
        if (!failed) firstError = err;
        failed = true;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  if (failed) throw firstError;
}
