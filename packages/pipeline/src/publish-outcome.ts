/**
 * What one publish call did: the notification agent acknowledges a message only when nothing in
 * its output failed, so failures are reported, not only logged.
 */
import type { Logger } from '@ceilometer-ts/sdk';
import type { BoundPublisher } from './sink-resolver.js';

/** One publisher that failed for one pipeline. */
export interface PublishFailure {
  readonly pipeline: string;
  /** The publisher URL with credentials redacted. */
  readonly publisher: string;
  readonly error: unknown;
}

/** Result of a publish call over one or several pipelines. */
export interface PublishOutcome {
  /** Items handed to publishers, counted once per pipeline (not per publisher). */
  readonly published: number;
  readonly failures: readonly PublishFailure[];
}

/** An outcome with nothing published and nothing failed. */
export const EMPTY_OUTCOME: PublishOutcome = Object.freeze({ published: 0, failures: Object.freeze([]) });

/** Adds outcomes together. */
export function mergeOutcomes(outcomes: readonly PublishOutcome[]): PublishOutcome {
  if (outcomes.length === 1) return outcomes[0] as PublishOutcome;
  let published = 0;
  const failures: PublishFailure[] = [];
  for (const o of outcomes) {
    published += o.published;
    failures.push(...o.failures);
  }
  return { published, failures };
}

/**
 * Hands `items` to every publisher at once; a failing publisher is logged (URL redacted) and
 * reported, the others carry on.
 */
export async function publishToAll<T>(
  pipeline: string,
  publishers: readonly BoundPublisher[],
  items: readonly T[],
  send: (publisher: BoundPublisher, items: readonly T[]) => Promise<void>,
  logger: Logger,
): Promise<PublishOutcome> {
  if (items.length === 0) return EMPTY_OUTCOME;
  const results = await Promise.allSettled(publishers.map((p) => send(p, items)));
  const failures: PublishFailure[] = [];
  results.forEach((result, i) => {
    if (result.status === 'fulfilled') return;
    const publisher = (publishers[i] as BoundPublisher).redactedUrl;
    logger.error(
      { err: result.reason, pipeline, publisher },
      'Pipeline %s: continue after error from publisher %s',
      pipeline,
      publisher,
    );
    failures.push({ pipeline, publisher, error: result.reason });
  });
  return { published: items.length, failures };
}
