/**
 * A strict checker of OTLP/HTTP JSON metrics requests (opentelemetry-proto 1.x, JSON encoding
 * rules of the OTLP specification): lowerCamelCase keys only, enums as integers, 64-bit integers
 * as decimal strings, exactly one data kind per metric and one value per point.
 */
type Json = unknown;
const isObj = (v: Json): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);
const U64 = /^(0|[1-9]\d{0,19})$/;
const I64 = /^-?(0|[1-9]\d{0,18})$/;

class Checker {
  readonly errors: string[] = [];
  fail(path: string, msg: string): void {
    this.errors.push(`${path}: ${msg}`);
  }
  keys(v: Json, path: string, allowed: readonly string[]): v is Record<string, Json> {
    if (!isObj(v)) {
      this.fail(path, 'expected an object');
      return false;
    }
    for (const k of Object.keys(v)) if (!allowed.includes(k)) this.fail(`${path}.${k}`, 'unknown field');
    return true;
  }
  array(v: Json, path: string, each: (item: Json, path: string) => void): void {
    if (v === undefined) return;
    if (!Array.isArray(v)) return this.fail(path, 'expected an array');
    v.forEach((item, i) => each(item, `${path}[${i}]`));
  }
  fixed64(v: Json, path: string, required: boolean): void {
    if (v === undefined) {
      if (required) this.fail(path, 'required');
      return;
    }
    if (typeof v !== 'string' || !U64.test(v) || BigInt(v) >= 2n ** 64n) this.fail(path, `expected a uint64 decimal string, got ${JSON.stringify(v)}`);
  }
  anyValue(v: Json, path: string): void {
    if (!this.keys(v, path, ['stringValue', 'boolValue', 'intValue', 'doubleValue', 'arrayValue', 'kvlistValue', 'bytesValue'])) return;
    const set = Object.keys(v);
    if (set.length !== 1) return this.fail(path, 'exactly one value expected');
    if ('stringValue' in v && typeof v['stringValue'] !== 'string') this.fail(`${path}.stringValue`, 'expected a string');
    if ('intValue' in v && (typeof v['intValue'] !== 'string' || !I64.test(v['intValue']))) this.fail(`${path}.intValue`, 'expected an int64 string');
  }
  attributes(v: Json, path: string): void {
    this.array(v, path, (kv, p) => {
      if (!this.keys(kv, p, ['key', 'value'])) return;
      if (typeof kv['key'] !== 'string' || kv['key'] === '') this.fail(`${p}.key`, 'expected a non-empty string');
      this.anyValue(kv['value'], `${p}.value`);
    });
  }
  point(v: Json, path: string): void {
    if (!this.keys(v, path, ['attributes', 'startTimeUnixNano', 'timeUnixNano', 'asDouble', 'asInt', 'exemplars', 'flags'])) return;
    this.attributes(v['attributes'], `${path}.attributes`);
    this.fixed64(v['startTimeUnixNano'], `${path}.startTimeUnixNano`, false);
    this.fixed64(v['timeUnixNano'], `${path}.timeUnixNano`, true);
    if (v['timeUnixNano'] === '0') this.fail(`${path}.timeUnixNano`, 'must be set');
    if (typeof v['startTimeUnixNano'] === 'string' && typeof v['timeUnixNano'] === 'string' && U64.test(v['startTimeUnixNano']) && U64.test(v['timeUnixNano'])
      && BigInt(v['startTimeUnixNano']) > BigInt(v['timeUnixNano'])) this.fail(path, 'startTimeUnixNano after timeUnixNano');
    const hasD = 'asDouble' in v;
    const hasI = 'asInt' in v;
    if (hasD === hasI) return this.fail(path, 'exactly one of asDouble/asInt expected');
    if (hasD && typeof v['asDouble'] !== 'number' && !['NaN', 'Infinity', '-Infinity'].includes(v['asDouble'] as string)) this.fail(`${path}.asDouble`, 'expected a number');
    if (hasI && (typeof v['asInt'] !== 'string' || !I64.test(v['asInt']))) this.fail(`${path}.asInt`, 'expected an int64 string');
    if ('flags' in v && (typeof v['flags'] !== 'number' || !Number.isInteger(v['flags']))) this.fail(`${path}.flags`, 'expected an integer');
  }
  metric(v: Json, path: string): void {
    const kinds = ['gauge', 'sum', 'histogram', 'exponentialHistogram', 'summary'];
    if (!this.keys(v, path, ['name', 'description', 'unit', 'metadata', ...kinds])) return;
    if (typeof v['name'] !== 'string' || v['name'] === '') this.fail(`${path}.name`, 'required');
    const present = kinds.filter((k) => k in v);
    if (present.length !== 1) return this.fail(path, `exactly one data kind expected, got [${present.join(', ')}]`);
    const data = v[present[0]!];
    if (present[0] === 'gauge') {
      if (this.keys(data, `${path}.gauge`, ['dataPoints'])) this.array(data['dataPoints'], `${path}.gauge.dataPoints`, (p, pp) => this.point(p, pp));
    } else if (present[0] === 'sum') {
      if (!this.keys(data, `${path}.sum`, ['dataPoints', 'aggregationTemporality', 'isMonotonic'])) return;
      if (![1, 2].includes(data['aggregationTemporality'] as number)) this.fail(`${path}.sum.aggregationTemporality`, 'expected 1 (DELTA) or 2 (CUMULATIVE) as an integer');
      if ('isMonotonic' in data && typeof data['isMonotonic'] !== 'boolean') this.fail(`${path}.sum.isMonotonic`, 'expected a boolean');
      this.array(data['dataPoints'], `${path}.sum.dataPoints`, (p, pp) => {
        this.point(p, pp);
        if (data['aggregationTemporality'] === 2 && isObj(p) && !('startTimeUnixNano' in p)) this.fail(pp, 'a CUMULATIVE point needs startTimeUnixNano');
      });
    } else {
      this.fail(path, `unexpected kind ${present[0]}`);
    }
  }
  request(v: Json): void {
    if (!this.keys(v, '$', ['resourceMetrics'])) return;
    this.array(v['resourceMetrics'], '$.resourceMetrics', (rm, p) => {
      if (!this.keys(rm, p, ['resource', 'scopeMetrics', 'schemaUrl'])) return;
      if (rm['resource'] !== undefined && this.keys(rm['resource'], `${p}.resource`, ['attributes', 'droppedAttributesCount'])) {
        this.attributes(rm['resource']['attributes'], `${p}.resource.attributes`);
      }
      this.array(rm['scopeMetrics'], `${p}.scopeMetrics`, (sm, sp) => {
        if (!this.keys(sm, sp, ['scope', 'metrics', 'schemaUrl'])) return;
        if (sm['scope'] !== undefined) this.keys(sm['scope'], `${sp}.scope`, ['name', 'version', 'attributes', 'droppedAttributesCount']);
        this.array(sm['metrics'], `${sp}.metrics`, (m, mp) => this.metric(m, mp));
      });
    });
  }
}

/** Every rule the request breaks (empty when valid). */
export function validateOtlpMetricsJson(body: Json): string[] {
  const c = new Checker();
  c.request(body);
  return c.errors;
}
