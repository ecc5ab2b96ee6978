/**
 * The `file://` publisher (upstream's ceilometer.publisher.file.FilePublisher): one line per sample
 * or event, Python's repr of the dict by default or JSON with `?json`, rotated like
 * RotatingFileHandler when `max_bytes` and `backup_count` are both given.
 */
import {
  inject,
  injectable,
  INVOKE_ARGS,
  PLUGIN_CONTEXT,
  toPublisherTarget,
  type Event,
  type Logger,
  type PluginContext,
  type Publisher,
  type PublisherArg,
  type PublisherTarget,
  type Sample,
  type TextMemo,
} from '@ceilometer-ts/sdk';
import { eventAsDict } from './as-dict.js';
import { parseFileUrl, type FileUrlSettings } from './file-url.js';
import { pyJsonDumps, pyRepr, SharedTextMemo } from './python-format.js';
import { sampleJsonLine, sampleReprLine } from './sample-line.js';
import { RotatingFileWriter } from './rotating-file.js';

/**
 * Writes samples and events to a file. `file:///var/log/ceilometer/samples.log?max_bytes=10000000&backup_count=5&json`.
 * Without a path it logs an error and drops everything, as upstream.
 */
@injectable()
export class FilePublisher implements Publisher {
  readonly target: PublisherTarget;
  readonly settings: FileUrlSettings;
  readonly #writer: RotatingFileWriter | undefined;
  readonly #logger: Logger;

  constructor(@inject(PLUGIN_CONTEXT) ctx: PluginContext, @inject(INVOKE_ARGS) args: PublisherArg) {
    this.#logger = ctx.logger;
    this.target = toPublisherTarget(args);
    this.settings = parseFileUrl(this.target.url);
    if (!this.settings.path) {
      this.#logger.error('The path for the file publisher is required');
      return;
    }
    if (this.settings.error) {
      this.#logger.error(this.settings.error);
      return;
    }
    this.#writer = new RotatingFileWriter(this.settings.path, this.settings, this.#logger);
  }

  /** False when the URL was unusable and everything is dropped. */
  get enabled(): boolean {
    return this.#writer !== undefined;
  }

  publishSamples(samples: readonly Sample[]): Promise<void> {
    return this.#publish(samples, this.settings.json ? sampleJsonLine : sampleReprLine);
  }

  publishEvents(events: readonly Event[]): Promise<void> {
    const format = this.settings.json ? pyJsonDumps : pyRepr;
    return this.#publish(events, (event, memo) => format(eventAsDict(event), memo));
  }

  /** Resolves once every record accepted so far is written, then closes the file. */
  async close(): Promise<void> {
    await this.#writer?.close();
  }

  /**
   * Formats each item only when the writer reaches it (one line in memory at a time, not the whole
   * batch); values the batch's samples share (a notification's payload) are formatted once.
   * Rejects when the records could not be written (FilePublisherWriteError: full disk, read-only
   * file, ...; nothing of the call is in the file, so the delivery queue retries the batch) or a
   * record could not be formatted (FilePublisherFormatError).
   */
  async #publish<T>(items: readonly T[], line: (item: T, memo: TextMemo) => string): Promise<void> {
    if (!this.#writer || items.length === 0) return;
    const memo = new SharedTextMemo();
    await this.#writer.write((function* lines() {
      for (const item of items) yield line(item, memo);
    })());
  }
}
