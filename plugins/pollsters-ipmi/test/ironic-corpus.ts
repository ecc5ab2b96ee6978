/**
 * The Ironic items of the notification corpus (fixtures/ironic-notifications.json) as the agent hands
 * them to endpoints, and a logger recording warnings.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parsePyJson, silentLogger, type Logger, type Notification } from '@ceilometer-ts/sdk';

/** The corpus file: 12 oslo.messaging v2 envelopes from the ironic exchange. */
export const CORPUS_FILE = join(import.meta.dirname, 'fixtures/ironic-notifications.json');

interface CorpusItem {
  readonly id: string;
  readonly envelope: { readonly 'oslo.message': string };
}

/** One corpus item as a notification (the dispatcher's flattening of the oslo message). */
export interface CorpusNotification {
  readonly id: string;
  readonly notification: Notification;
  /** The oslo message as sent (to publish it again). */
  readonly message: Record<string, unknown>;
}

/** Every item of the corpus, in order. */
export function ironicCorpus(): CorpusNotification[] {
  const corpus = JSON.parse(readFileSync(CORPUS_FILE, 'utf8')) as { notifications: CorpusItem[] };
  return corpus.notifications.map((item) => {
    const message = parsePyJson(item.envelope['oslo.message']) as Record<string, unknown>;
    const ctxt = Object.fromEntries(Object.entries(message).filter(([k]) => k.startsWith('_context_')).map(([k, v]) => [k.slice('_context_'.length), v]));
    const notification: Notification = {
      event_type: message['event_type'] as string,
      payload: message['payload'],
      publisher_id: (message['publisher_id'] as string | undefined) ?? null,
      priority: String(message['priority']).toLowerCase(),
      message_id: message['message_id'] as string,
      timestamp: message['timestamp'] as string,
      ctxt,
    };
    return { id: item.id, notification, message };
  });
}

/** A logger keeping its warning messages. */
export function recordingLogger(): Logger & { readonly warnings: string[] } {
  const warnings: string[] = [];
  const logger: Logger & { warnings: string[] } = {
    ...silentLogger,
    warnings,
    warn: (...args: unknown[]) => {
      warnings.push(String(args.find((a) => typeof a === 'string')));
    },
    child: () => logger,
  };
  return logger;
}
