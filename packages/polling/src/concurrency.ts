/**
 * Bounded concurrency with `[polling] threads_to_process_pollsters` semantics:
 * 1 runs serially, N at most N at once, 0 all at once.
 */

/** Runs `fn` on every item with at most `limit` in flight (0 = unbounded); never rejects. */
export async function runLimited<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  const width = limit <= 0 ? items.length : Math.min(limit, items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next++]!;
      await fn(item).catch(() => undefined);
    }
  };
  await Promise.all(Array.from({ length: width }, worker));
}
