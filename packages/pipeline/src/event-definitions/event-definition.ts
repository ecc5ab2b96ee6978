/**
 * Upstream's `EventDefinition`: one entry of event_definitions.yaml.
 */
import { isPyDict, isoformatNaiveUtc, parseIsoTime, type Event, type Trait } from '@ceilometer-ts/sdk';
import { DefinitionError, DefinitionEvaluationError, type TraitPluginFactory } from '@ceilometer-ts/jsonpath';
import { fnmatchToRegExp } from '../name-patterns.js';
import type { NotificationBody } from '../meter/notification.js';
import { TraitDefinition } from './trait-definition.js';

/** The traits every event gets unless its definition redefines them, in upstream's order. */
export const DEFAULT_TRAITS: Readonly<Record<string, Readonly<Record<string, unknown>>>> = Object.freeze({
  service: { type: 'text', fields: 'publisher_id' },
  request_id: { type: 'text', fields: 'ctxt.request_id' },
  project_id: { type: 'text', fields: ['payload.tenant_id', 'ctxt.project_id'] },
  user_id: { type: 'text', fields: ['payload.user_id', 'ctxt.user_id'] },
  tenant_id: { type: 'text', fields: ['payload.tenant_id', 'ctxt.project_id'] },
});

/** One event definition. */
export class EventDefinition {
  readonly included: readonly string[];
  readonly excluded: readonly string[];
  readonly #include: readonly RegExp[];
  readonly #exclude: readonly RegExp[];
  readonly #traits = new Map<string, TraitDefinition>();

  /**
   * @param rawLevels lower-case priorities whose notifications are kept whole in `raw`.
   * @throws DefinitionError (path relative to the definition).
   */
  constructor(cfg: unknown, plugins: TraitPluginFactory, readonly rawLevels: readonly string[]) {
    if (!isPyDict(cfg)) throw new DefinitionError('an event definition must be a mapping');
    for (const key of ['event_type', 'traits']) {
      if (!Object.hasOwn(cfg, key)) throw new DefinitionError(`Required field ${key} not specified`, [key]);
    }
    const types = typeof cfg['event_type'] === 'string' ? [cfg['event_type']] : cfg['event_type'];
    if (!Array.isArray(types) || !types.every((t) => typeof t === 'string')) {
      throw new DefinitionError('event_type must be a string or a list of strings', ['event_type']);
    }
    const included = types.filter((t) => !t.startsWith('!'));
    const excluded = types.filter((t) => t.startsWith('!')).map((t) => t.slice(1));
    if (excluded.length > 0 && included.length === 0) included.push('*');
    this.included = included;
    this.excluded = excluded;
    this.#include = included.map(fnmatchToRegExp);
    this.#exclude = excluded.map(fnmatchToRegExp);

    const traits = cfg['traits'];
    if (!isPyDict(traits)) throw new DefinitionError('traits must be a mapping of trait names to definitions', ['traits']);
    for (const [name, tcfg] of [...Object.entries(DEFAULT_TRAITS), ...Object.entries(traits)]) {
      try {
        this.#traits.set(name, new TraitDefinition(name, tcfg, plugins));
      } catch (err) {
        if (err instanceof DefinitionError) throw new DefinitionError(err.message, ['traits', name, ...err.path], { cause: err.cause });
        throw err;
      }
    }
  }

  /** Included by a glob and excluded by none. */
  matchType(eventType: string): boolean {
    return this.#include.some((re) => re.test(eventType)) && !this.#exclude.some((re) => re.test(eventType));
  }

  /** `*` with no exclusions: matches everything. */
  get isCatchall(): boolean {
    return this.included.includes('*') && this.excluded.length === 0;
  }

  /** The trait names, in the order traits are emitted. */
  get traitNames(): readonly string[] {
    return [...this.#traits.keys()];
  }

  /**
   * The event for a notification body received at `priority`.
   * @throws DefinitionEvaluationError for an unparseable timestamp or an unconvertible trait.
   */
  toEvent(priority: string, body: NotificationBody): Event {
    let generated: string;
    try {
      generated = isoformatNaiveUtc(parseIsoTime(body.metadata.timestamp));
    } catch (err) {
      throw new DefinitionEvaluationError(`notification ${body.metadata.message_id}: bad timestamp: ${(err as Error).message}`, { cause: err });
    }
    const traits: Trait[] = [];
    for (const def of this.#traits.values()) {
      const trait = def.toTrait(body);
      if (trait) traits.push(trait);
    }
    return {
      message_id: body.metadata.message_id,
      event_type: body.event_type,
      generated,
      traits,
      raw: this.rawLevels.includes(priority) ? (body as unknown as Readonly<Record<string, unknown>>) : {},
    };
  }
}
