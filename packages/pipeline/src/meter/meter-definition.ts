/**
 * Upstream's `MeterDefinition`: one entry of meters.yaml, turning matching notifications into the
 * field values of one or more samples.
 */
import { compilePythonMatch, isPyDict, pyRepr, SAMPLE_TYPES, type PythonMatcher, type PyValue } from '@ceilometer-ts/sdk';
import { DefinitionError, DefinitionEvaluationError, DefinitionField, pyTruthy, type TraitPluginFactory } from '@ceilometer-ts/jsonpath';
import type { NotificationBody } from './notification.js';
import { addReservedUserMetadata, type ReservedMetadataOptions } from './reserved-metadata.js';

const SAMPLE_ATTRIBUTES = ['name', 'type', 'volume', 'unit', 'timestamp', 'user_id', 'project_id', 'resource_id'] as const;
const REQUIRED_FIELDS = ['name', 'type', 'event_type', 'unit', 'volume', 'resource_id'] as const;
type Attribute = (typeof SAMPLE_ATTRIBUTES)[number];

/** The raw field values of one sample, before `Sample.from_notification` shapes them. */
export type MeterSampleValues = Record<Attribute, unknown> & { metadata: Record<string, unknown> };

/** What a definition needs besides its configuration. */
export interface MeterDefinitionContext {
  readonly plugins: TraitPluginFactory;
  readonly reservedMetadata: ReservedMetadataOptions;
  /** Called when a `lookup` meter gets uneven lists (upstream's warning); no samples are made. */
  readonly onUnevenLookup?: (meter: string, field: string, found: number, expected: number) => void;
}

/** One meter definition. */
export class MeterDefinition {
  readonly name: unknown;
  readonly #cfg: Readonly<Record<string, unknown>>;
  readonly #ctx: MeterDefinitionContext;
  readonly #eventTypes: readonly PythonMatcher[];
  readonly #fallbackUser: DefinitionField;
  readonly #fallbackProject: DefinitionField;
  readonly #attributes = new Map<Attribute, DefinitionField>();
  readonly #metadata = new Map<string, DefinitionField>();
  readonly #userMetadata: DefinitionField | undefined;
  readonly #lookup: readonly string[] | undefined;

  /** @throws DefinitionError (its `path` is relative to the definition). */
  constructor(cfg: Readonly<Record<string, unknown>>, ctx: MeterDefinitionContext) {
    this.#cfg = cfg;
    this.#ctx = ctx;
    this.name = cfg['name'];
    const missing = REQUIRED_FIELDS.filter((f) => !pyTruthy(cfg[f]));
    if (missing.length > 0) throw new DefinitionError(`Required fields ${pyRepr(missing)} not specified`, [missing[0]!]);

    const types = typeof cfg['event_type'] === 'string' ? [cfg['event_type']] : cfg['event_type'];
    if (!Array.isArray(types)) throw new DefinitionError('event_type must be a string or a list of strings', ['event_type']);
    this.#eventTypes = types.map((t: unknown, i) => {
      if (typeof t !== 'string') throw new DefinitionError(`event_type ${JSON.stringify(t)} is not a string`, ['event_type', i]);
      try {
        // NOTE: upstream uses re.match: anchored at the start only.
        return compilePythonMatch(t);
      } catch (err) {
        throw new DefinitionError(`invalid event_type regular expression ${JSON.stringify(t)}: ${(err as Error).message}`, ['event_type'], { cause: err });
      }
    });

    const lookupCfg = cfg['lookup'];
    const typeIsLooked = Array.isArray(lookupCfg) ? lookupCfg.includes('type') : typeof lookupCfg === 'string' && lookupCfg.includes('type');
    if (!typeIsLooked && !(SAMPLE_TYPES as readonly unknown[]).includes(cfg['type'])) {
      throw new DefinitionError(`Invalid type ${String(cfg['type'])} specified`, ['type']);
    }

    this.#fallbackUser = new DefinitionField('user_id', 'ctxt.user_id|ctxt.user', ctx.plugins);
    this.#fallbackProject = new DefinitionField('project_id', 'ctxt.project_id|ctxt.tenant_id', ctx.plugins);
    for (const name of SAMPLE_ATTRIBUTES) {
      if (pyTruthy(cfg[name])) this.#attributes.set(name, field(name, cfg[name], ctx.plugins, [name]));
    }
    const metadata = Object.hasOwn(cfg, 'metadata') ? cfg['metadata'] : {};
    if (!isPyDict(metadata)) throw new DefinitionError('metadata must be a mapping of names to fields', ['metadata']);
    for (const [name, mcfg] of Object.entries(metadata)) this.#metadata.set(name, field(name, mcfg, ctx.plugins, ['metadata', name]));
    if (pyTruthy(cfg['user_metadata'])) this.#userMetadata = field('user_metadata', cfg['user_metadata'], ctx.plugins, ['user_metadata']);
    if (lookupCfg !== undefined && lookupCfg !== null) {
      const lookup = typeof lookupCfg === 'string' ? [lookupCfg] : lookupCfg;
      if (!Array.isArray(lookup) || !lookup.every((l) => typeof l === 'string')) throw new DefinitionError('lookup must be a list of field names', ['lookup']);
      this.#lookup = lookup as string[];
    }
  }

  /** Upstream's `match_type`: one of the event_type regular expressions matches at the start. */
  matchType(eventType: string): boolean {
    return this.#eventTypes.some((re) => re.match(eventType) !== null);
  }

  /**
   * The field values of the samples this definition makes from `body` (several with `lookup`).
   * @throws DefinitionEvaluationError where upstream would fail the notification.
   */
  toSampleValues(body: NotificationBody): MeterSampleValues[] {
    const metadata: Record<string, unknown> = {};
    for (const [name, parser] of this.#metadata) {
      const value = parser.parse(body);
      if (pyTruthy(value)) metadata[name] = value;
    }
    if (this.#userMetadata) {
      const meta = this.#userMetadata.parse(body);
      if (pyTruthy(meta)) {
        if (!isPyDict(meta)) throw new DefinitionEvaluationError(`meter ${String(this.name)}: user_metadata is not a mapping`);
        addReservedUserMetadata(this.#ctx.reservedMetadata, meta, metadata);
      }
    }
    const sample: MeterSampleValues = {
      name: this.#cfg['name'], type: this.#cfg['type'], unit: this.#cfg['unit'], volume: null, timestamp: null,
      user_id: this.#fallbackUser.parse(body), project_id: this.#fallbackProject.parse(body), resource_id: null, metadata,
    };
    const lookup = this.#lookup;
    if (!lookup || lookup.length === 0) {
      for (const [name, parser] of this.#attributes) {
        const value = parser.parse(body);
        if (value !== null && value !== undefined) sample[name] = value;
      }
      return [sample];
    }
    return this.#lookupSamples(body, sample, lookup);
  }

  #lookupSamples(body: NotificationBody, defaults: MeterSampleValues, lookup: readonly string[]): MeterSampleValues[] {
    const columns = new Map<string, unknown>();
    for (const name of SAMPLE_ATTRIBUTES) columns.set(name, [defaults[name]]);
    columns.set('metadata', [defaults.metadata]);
    for (const [name, parser] of this.#attributes) {
      const value = parser.parseAll(body);
      if (name === 'name' || lookup.includes(name) || pyTruthy(value)) columns.set(name, value);
    }
    const names = columns.get('name');
    if (!Array.isArray(names)) throw new DefinitionEvaluationError(`meter ${String(this.name)}: name must be a path with lookup`);
    const total = names.length;
    if (total === 0) return [];
    const resolved = new Map<string, (i: number) => unknown>();
    for (const [name, values] of columns) {
      if (!Array.isArray(values)) throw new DefinitionEvaluationError(`meter ${String(this.name)}: ${name} must be a path with lookup`);
      if (values.length === total) resolved.set(name, (i) => values[i]);
      else if (values.length === 1 && !lookup.includes(name)) resolved.set(name, () => values[0]);
      else {
        const found = values.length === 1 && values[0] === null ? 0 : values.length;
        this.#ctx.onUnevenLookup?.(String(this.name), name, found, total);
        return [];
      }
    }
    return Array.from({ length: total }, (_, i) => {
      const row = Object.fromEntries([...resolved].map(([name, at]) => [name, at(i)]));
      return row as MeterSampleValues;
    });
  }
}

function field(name: string, cfg: unknown, plugins: TraitPluginFactory, at: readonly (string | number)[]): DefinitionField {
  try {
    return new DefinitionField(name, cfg as PyValue, plugins);
  } catch (err) {
    if (err instanceof DefinitionError) throw new DefinitionError(err.message, [...at, ...err.path], { cause: err.cause });
    throw err;
  }
}
