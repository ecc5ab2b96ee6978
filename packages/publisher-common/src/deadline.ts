/**
 * Bounding waits: a network publisher's calls and its `close()` must return even when the peer
 * never answers.
 */

/**
 * Settles like `work`, or rejects with `onTimeout()` after `ms` (then `onTimeout` may also cancel
 * the work). The timer never keeps the process alive.
 */
export function withDeadline<T>(work: Promise<T>, ms: number, onTimeout: () => Error): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(onTimeout()), Math.max(ms, 0));
    timer.unref();
    work.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (err: unknown) => {
        clearTimeout(timer);
        reject(err instanceof Error ? err : new Error(String(err)));
      },
    );
  });
}

/** Resolves true once `work` settles (either way), false after `ms`; never rejects. */
export function settlesWithin(work: Promise<unknown>, ms: number): Promise<boolean> {
  return withDeadline(work.then(() => true, () => true), ms, () => new Error('timeout')).catch(() => false);
}
