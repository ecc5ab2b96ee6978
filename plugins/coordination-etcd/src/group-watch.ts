/**
 * An etcd watch on one group's prefix, turned into membership events. etcd3's watch manager
 * re-opens the stream after an outage and resumes from the last revision it saw, so changes made
 * while etcd was unreachable are still delivered (unless etcd compacted them meanwhile, in which
 * case the watch is re-created and the agent's per-cycle refresh covers the gap).
 */
import type { Logger, MembershipEvent } from '@ceilometer-ts/sdk';
import type { Etcd3, IKeyValue, Watcher } from 'etcd3';
import { groupKey, memberOfKey } from './membership-keys.js';

/** Wait before re-creating a watch etcd cancelled. */
const RECREATE_DELAY_MS = 500;

/** A live watch of one group; `close()` ends it (idempotent). */
export class GroupWatch {
  #watcher: Watcher | undefined;
  #closed = false;
  #timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly client: Etcd3,
    private readonly group: string,
    private readonly listener: (event: MembershipEvent) => void,
    private readonly logger: Logger,
  ) {
    this.#open();
  }

  #open(): void {
    this.client
      .watch()
      .prefix(groupKey(this.group))
      .create()
      .then((watcher) => {
        if (this.#closed) {
          this.#cancel(watcher);
          return;
        }
        this.#watcher = watcher;
        watcher.on('put', (kv) => this.#emit('join', kv));
        watcher.on('delete', (kv) => this.#emit('leave', kv));
        // NOTE: an EventEmitter without an 'error' listener throws; etcd emits it when it cancels a watch
        watcher.on('error', (err) => this.#reopenAfter(err));
      })
      .catch((err: unknown) => this.#reopenAfter(err));
  }

  #emit(type: MembershipEvent['type'], kv: IKeyValue): void {
    // a put on an existing key (a re-join with a new lease) is no join: only version 1 is a creation
    if (type === 'join' && kv.version !== '1') return;
    const member = memberOfKey(this.group, kv.key.toString());
    if (member === undefined || this.#closed) return;
    try {
      this.listener({ type, group: this.group, member });
    } catch (err) {
      this.logger.error({ err, group: this.group }, 'coordination watch listener threw');
    }
  }

  #reopenAfter(err: unknown): void {
    if (this.#closed) return;
    this.logger.warn({ err, group: this.group }, `etcd watch of group ${this.group} ended: re-creating it`);
    const old = this.#watcher;
    this.#watcher = undefined;
    if (old) this.#cancel(old);
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      if (!this.#closed) this.#open();
    }, RECREATE_DELAY_MS);
    this.#timer.unref();
  }

  #cancel(watcher: Watcher): void {
    watcher.removeAllListeners();
    watcher.on('error', () => {});
    watcher.cancel().catch(() => {
      // the stream is gone already (etcd down or client closed): nothing left to cancel
    });
  }

  /**
   * Starts the watch again from etcd's current revision. After etcd lost its data its revisions
   * start again from 1, and a watch resuming from the last revision it saw would wait, deaf, until
   * etcd got that far.
   */
  reopen(): void {
    if (this.#closed) return;
    const old = this.#watcher;
    this.#watcher = undefined;
    if (old) this.#cancel(old);
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#open();
  }

  /** Stops delivering events and cancels the etcd watch. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#timer) clearTimeout(this.#timer);
    if (this.#watcher) this.#cancel(this.#watcher);
    this.#watcher = undefined;
  }
}
