/**
 * One attempt of the Gnocchi upgrade step: looks at what Gnocchi holds and changes only what is
 * missing, with one progress line per change and per phase.
 */
import type { PyValue, UpgradeOptions, UpgradeResult } from '@ceilometer-ts/sdk';
import type { ResourcesDefinitions } from '../definitions/load-definitions.js';
import { GnocchiAuthError, GnocchiUpgradeError } from '../errors.js';
import { describeAnswer, type GnocchiAnswer, type GnocchiApi } from '../gnocchi-api.js';
import { attributesNeeded, DEFAULT_ATTRIBUTE_SCHEMA, UPSTREAM_RESOURCE_TYPES, type AttributeSchema } from './resource-types.js';

/** Upstream's REQUIRED_VERSION. */
export const REQUIRED_GNOCCHI_VERSION = '4.2.0';

type Attributes = Readonly<Record<string, unknown>>;

function versionAtLeast(version: string, required: string): boolean {
  const parts = (v: string): number[] => v.split(/[.\-+]/).map((p) => Number.parseInt(p, 10)).map((n) => (Number.isFinite(n) ? n : 0));
  const a = parts(version);
  const b = parts(required);
  for (let i = 0; i < b.length; i += 1) if ((a[i] ?? 0) !== b[i]) return (a[i] ?? 0) > (b[i] ?? 0);
  return true;
}

/** One attempt; throws GnocchiUnavailableError to be retried. */
export class UpgradeRun {
  readonly #changed: string[] = [];
  readonly #unchanged: string[] = [];
  /** Resource type to its attributes (null: absent), as read or written during this run. */
  readonly #types = new Map<string, Attributes | null>();

  constructor(private readonly api: GnocchiApi, private readonly options: UpgradeOptions) {}

  result(): UpgradeResult {
    return { changed: [...this.#changed], unchanged: [...this.#unchanged] };
  }

  async all(definitions: readonly ResourcesDefinitions[], resourceTypes: boolean): Promise<void> {
    await this.#checkVersion();
    if (resourceTypes) {
      await this.#upstreamTypes();
      for (const d of definitions) await this.#definitionTypes(d);
    } else {
      this.#note(false, 'resource types skipped (--skip-gnocchi-resource-types)');
    }
    for (const d of definitions) await this.#archivePolicies(d);
  }

  #note(changed: boolean, line: string): void {
    (changed ? this.#changed : this.#unchanged).push(line);
    this.options.progress(line);
  }

  /** Throws for 401/403 (credentials) and for any other refusal of a change. */
  #check(answer: GnocchiAnswer, what: string, accept: readonly number[] = []): void {
    if ((answer.status >= 200 && answer.status < 300) || accept.includes(answer.status)) return;
    if (answer.status === 401 || answer.status === 403) throw new GnocchiAuthError(`Gnocchi refused the credentials while trying to ${what}: ${describeAnswer(answer)}`);
    throw new GnocchiUpgradeError(`Gnocchi refused to ${what}: ${describeAnswer(answer)}`);
  }

  async #checkVersion(): Promise<void> {
    const answer = await this.api.build();
    this.#check(answer, 'tell its version');
    const build = (answer.body as { build?: unknown } | null)?.build;
    if (typeof build === 'string' && /^\d/.test(build) && !versionAtLeast(build, REQUIRED_GNOCCHI_VERSION)) {
      throw new GnocchiUpgradeError(`required gnocchi version is ${REQUIRED_GNOCCHI_VERSION}, got ${build}`);
    }
    this.options.progress(`Gnocchi ${typeof build === 'string' ? build : '(unknown version)'} at ${await this.api.endpoint()}`);
  }

  async #type(name: string): Promise<Attributes | null> {
    if (this.#types.has(name)) return this.#types.get(name)!;
    const answer = await this.api.getResourceType(name);
    this.#check(answer, `read resource type ${name}`, [404]);
    const attributes = answer.status === 404 ? null : (((answer.body as { attributes?: Attributes } | null)?.attributes ?? {}) as Attributes);
    this.#types.set(name, attributes);
    return attributes;
  }

  async #createType(name: string, attributes: Readonly<Record<string, AttributeSchema>>, why: string): Promise<void> {
    const answer = await this.api.createResourceType({ name, attributes } as PyValue);
    this.#check(answer, `create resource type ${name}`, [409]);
    this.#types.delete(name);
    this.#note(true, `created resource type ${name} (${why})`);
  }

  async #patchType(name: string, operations: readonly unknown[], line: string): Promise<void> {
    const answer = await this.api.patchResourceType(name, operations as PyValue);
    this.#check(answer, `update resource type ${name}`);
    this.#types.set(name, ((answer.body as { attributes?: Attributes } | null)?.attributes ?? null) as Attributes | null);
    if (this.#types.get(name) === null) this.#types.delete(name);
    this.#note(true, line);
  }

  async #upstreamTypes(): Promise<void> {
    let same = 0;
    for (const [name, attributes] of Object.entries(UPSTREAM_RESOURCE_TYPES.initial)) {
      if ((await this.#type(name)) === null) await this.#createType(name, attributes, 'initial type');
      else same += 1;
    }
    for (const step of UPSTREAM_RESOURCE_TYPES.updates) {
      const current = await this.#type(step.resource_type);
      if (step.type === 'create_resource_type') {
        if (current === null) await this.#createType(step.resource_type, step.data[0]?.attributes ?? {}, step.desc);
        else same += 1;
        continue;
      }
      const first = step.data[0]!;
      const attribute = first.path.replace('/attributes/', '');
      const present = current !== null && Object.hasOwn(current, attribute);
      // NOTE: an `add` of an attribute that exists is done: Gnocchi 4.4 answers 200 to it but changes
      // nothing (master's "make host optional" steps), so comparing schemas would never converge
      if ((first.op === 'add' && present) || (first.op === 'remove' && !present)) {
        same += 1;
        continue;
      }
      if (current === null) throw new GnocchiUpgradeError(`cannot ${step.desc}: resource type ${step.resource_type} does not exist`);
      await this.#patchType(step.resource_type, step.data, `updated resource type ${step.resource_type}: ${step.desc}`);
    }
    this.#note(false, `${same} upstream resource type step(s) already applied`);
  }

  async #definitionTypes(d: ResourcesDefinitions): Promise<void> {
    let same = 0;
    for (const [type, names] of attributesNeeded(d.resources)) {
      const current = await this.#type(type);
      if (current === null) {
        await this.#createType(type, Object.fromEntries([...names].map((n) => [n, DEFAULT_ATTRIBUTE_SCHEMA])), `needed by ${d.file}`);
        continue;
      }
      const missing = [...names].filter((n) => !Object.hasOwn(current, n));
      if (missing.length === 0) {
        same += 1;
        continue;
      }
      const operations = missing.map((n) => ({ op: 'add', path: `/attributes/${n}`, value: DEFAULT_ATTRIBUTE_SCHEMA }));
      await this.#patchType(type, operations, `added attribute(s) ${missing.join(', ')} to resource type ${type} (needed by ${d.file})`);
    }
    this.#note(false, `${same} resource type(s) of ${d.file} already have their attributes`);
  }

  async #archivePolicies(d: ResourcesDefinitions): Promise<void> {
    let same = 0;
    for (const policy of d.archivePolicies) {
      const found = await this.api.getArchivePolicy(policy.name);
      this.#check(found, `read archive policy ${policy.name}`, [404]);
      if (found.status !== 404) {
        same += 1;
        continue;
      }
      this.#check(await this.api.createArchivePolicy(policy as PyValue), `create archive policy ${policy.name}`, [409]);
      this.#note(true, `created archive policy ${policy.name}`);
    }
    for (const rule of d.archivePolicyRules) {
      const found = await this.api.getArchivePolicyRule(rule.name);
      this.#check(found, `read archive policy rule ${rule.name}`, [404]);
      if (found.status !== 404) {
        same += 1;
        continue;
      }
      this.#check(await this.api.createArchivePolicyRule(rule as unknown as PyValue), `create archive policy rule ${rule.name}`, [409]);
      this.#note(true, `created archive policy rule ${rule.name} (${rule.metric_pattern} -> ${rule.archive_policy_name})`);
    }
    this.#note(false, `${same} archive polic(ies) and rule(s) of ${d.file} already present`);
  }
}
