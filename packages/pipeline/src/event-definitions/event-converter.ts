/**
 * Upstream's `NotificationEventsConverter`: event_definitions.yaml applied to notifications. The
 * last definition matching an event_type wins; unless `drop_unmatched_notifications`, a catch-all
 * definition (default traits only) takes the rest.
 */
import { readFileSync } from 'node:fs';
import { parseLocatedYaml } from '@ceilometer-ts/located-yaml';
import { ConfigError, silentLogger, type ConfigIssue, type Event, type Logger } from '@ceilometer-ts/sdk';
import { DefinitionError, noTraitPlugins, type TraitPluginFactory } from '@ceilometer-ts/jsonpath';
import { notificationBody, type Notification } from '../meter/notification.js';
import { EventDefinition } from './event-definition.js';

/** `[event]` options and collaborators. */
export interface EventConverterOptions {
  /** `[event] drop_unmatched_notifications`. */
  readonly dropUnmatched: boolean;
  /** `[event] store_raw`: priorities (`info`, `error`) whose notifications are kept in `raw`. */
  readonly storeRaw: readonly string[];
  /** Plugins for `plugin:` traits (split, bitfield, timedelta, map). */
  readonly traitPlugins?: TraitPluginFactory;
  readonly logger?: Logger;
}

const MATCH_CACHE_LIMIT = 2048;

/** Converts notifications to events. */
export class EventConverter {
  readonly #definitions: readonly EventDefinition[];
  readonly #options: EventConverterOptions;
  readonly #logger: Logger;
  readonly #byEventType = new Map<string, EventDefinition | null>();

  private constructor(definitions: readonly EventDefinition[], options: EventConverterOptions) {
    this.#definitions = definitions;
    this.#options = options;
    this.#logger = options.logger ?? silentLogger;
  }

  /**
   * Loads an event_definitions.yaml file.
   * @throws ConfigError naming `file:line: [i].traits.x: ...` for every bad definition (upstream
   * refuses to start on any), for a missing file and for YAML errors.
   */
  static load(file: string, options: EventConverterOptions): EventConverter {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      const missing = (err as NodeJS.ErrnoException).code === 'ENOENT';
      throw new ConfigError([{ file, path: '(file)', message: missing ? 'file not found' : `cannot read: ${(err as Error).message}` }], { cause: err });
    }
    return EventConverter.fromText(text, file, options);
  }

  /** Definitions from YAML text (`file` names it in issues). */
  static fromText(text: string, file: string, options: EventConverterOptions): EventConverter {
    const yaml = parseLocatedYaml(text, file);
    if (!Array.isArray(yaml.value)) throw new ConfigError([yaml.issue([], 'expected a list of event definitions')]);
    const plugins = options.traitPlugins ?? noTraitPlugins;
    const rawLevels = options.storeRaw.map((l) => l.toLowerCase());
    const issues: ConfigIssue[] = [];
    const definitions: EventDefinition[] = [];
    const list = yaml.value as readonly unknown[];
    for (let i = list.length - 1; i >= 0; i--) {
      try {
        definitions.push(new EventDefinition(list[i], plugins, rawLevels));
      } catch (err) {
        if (!(err instanceof DefinitionError)) throw err;
        issues.push(yaml.issue([i, ...err.path], err.message));
      }
    }
    if (issues.length > 0) throw new ConfigError(issues);
    if (!options.dropUnmatched && !definitions.some((d) => d.isCatchall)) {
      definitions.push(new EventDefinition({ event_type: '*', traits: {} }, plugins, rawLevels));
    }
    return new EventConverter(definitions, options);
  }

  /** The definitions in matching order (the file's last first, then the catch-all if added). */
  get definitions(): readonly EventDefinition[] {
    return this.#definitions;
  }

  /**
   * The event for a notification, or null when no definition matches (only possible with
   * `dropUnmatched`).
   * @throws DefinitionEvaluationError when the notification's timestamp or a trait value does not
   * convert (upstream fails the notification; `[notification] ack_on_event_error` decides its fate).
   */
  toEvent(notification: Notification): Event | null {
    const def = this.#match(notification.event_type);
    if (!def) {
      const msg = `Dropping Notification ${notification.event_type} (uuid:${notification.message_id})`;
      if (this.#options.dropUnmatched) this.#logger.debug(msg);
      else this.#logger.error(msg);
      return null;
    }
    return def.toEvent(notification.priority.toLowerCase(), notificationBody(notification));
  }

  #match(eventType: string): EventDefinition | null {
    let def = this.#byEventType.get(eventType);
    if (def === undefined) {
      def = this.#definitions.find((d) => d.matchType(eventType)) ?? null;
      if (this.#byEventType.size >= MATCH_CACHE_LIMIT) this.#byEventType.clear();
      this.#byEventType.set(eventType, def);
    }
    return def;
  }
}
