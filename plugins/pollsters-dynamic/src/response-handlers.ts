/**
 * `response_handlers`: the body is given to each handler in order until one parses it, as
 * upstream's ResponseHandlerChain: `json` (json.loads), `xml` (xmltodict.parse: attributes as
 * `@name`, text beside children as `#text`, repeated elements as lists, empty elements as None,
 * every value a string) and `text` (`[{out: text}]`).
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { DynamicPollsterError } from './errors.js';

export const RESPONSE_HANDLER_NAMES = ['json', 'xml', 'text'] as const;
export type ResponseHandlerName = (typeof RESPONSE_HANDLER_NAMES)[number];

/** A body as received: its text, and the JSON the HTTP client already parsed when it did. */
export interface ResponseBody {
  readonly text: string;
  readonly parsedJson?: unknown;
}

const xmlParser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  textNodeName: '#text',
  parseTagValue: false,
  parseAttributeValue: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  trimValues: true,
});

/** xmltodict gives None for an element without text or children; fast-xml-parser gives ''. */
function emptyToNone(value: unknown): unknown {
  if (value === '') return null;
  if (Array.isArray(value)) return value.map(emptyToNone);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, k.startsWith('@') ? v : emptyToNone(v)]));
  }
  return value;
}

const HANDLERS: Readonly<Record<ResponseHandlerName, (body: ResponseBody) => unknown>> = {
  json: (body) => (body.parsedJson !== undefined ? body.parsedJson : (JSON.parse(body.text) as unknown)),
  xml: (body) => {
    const valid = XMLValidator.validate(body.text);
    if (valid !== true) throw new Error(valid.err.msg);
    const parsed = xmlParser.parse(body.text) as Record<string, unknown>;
    // xmltodict (expat) refuses a document without an element, such as plain text.
    if (Object.keys(parsed).length === 0) throw new Error('no element found');
    return emptyToNone(parsed);
  },
  text: (body) => [{ out: body.text }],
};

/** Parses `body` with the first handler that accepts it; DynamicPollsterError naming them all when none does. */
export function handleResponse(body: ResponseBody, handlers: readonly ResponseHandlerName[], where: string): unknown {
  const failed: string[] = [];
  for (const name of handlers) {
    try {
      return HANDLERS[name](body);
    } catch (err) {
      failed.push(`${name} (${(err as Error).message})`);
    }
  }
  throw new DynamicPollsterError(`no remaining handlers to handle the response of ${where}; used handlers: ${failed.join(', ')}`);
}
