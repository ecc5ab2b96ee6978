/**
 * A small namespace-aware element tree over saxes (pure JavaScript): enough of lxml's `find` for
 * libvirt's domain XML, where Nova's metadata must be found by namespace URI, not by prefix.
 */
import { SaxesParser } from 'saxes';

export interface XmlElement {
  /** Namespace URI ('' when none). */
  readonly uri: string;
  /** Local name (no prefix). */
  readonly local: string;
  /** Attributes by local name. */
  readonly attrs: Readonly<Record<string, string>>;
  readonly children: XmlElement[];
  /** Text directly inside the element, null when it has none (lxml's `.text`). */
  text: string | null;
}

/** Parses a document; throws the parser's error on malformed XML. */
export function parseXml(xml: string): XmlElement {
  const parser = new SaxesParser({ xmlns: true });
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  parser.on('opentag', (tag) => {
    const attrs: Record<string, string> = {};
    for (const attr of Object.values(tag.attributes)) {
      if (attr.prefix === 'xmlns' || attr.name === 'xmlns') continue;
      attrs[attr.local] = attr.value;
    }
    const element: XmlElement = { uri: tag.uri, local: tag.local, attrs, children: [], text: null };
    const parent = stack[stack.length - 1];
    if (parent) parent.children.push(element);
    else root = element;
    stack.push(element);
  });
  parser.on('text', (text) => {
    const top = stack[stack.length - 1];
    // lxml's .text is the text before the first child element.
    if (top && top.children.length === 0) top.text = (top.text ?? '') + text;
  });
  parser.on('closetag', () => {
    stack.pop();
  });
  parser.write(xml).close();
  if (!root) throw new Error('empty XML document');
  return root;
}

/** First child with this local name (and namespace URI when given), as lxml's `find('name')`. */
export function child(element: XmlElement | undefined, local: string, uri?: string): XmlElement | undefined {
  return element?.children.find((c) => c.local === local && (uri === undefined || c.uri === uri));
}

/** Every child with this local name. */
export function children(element: XmlElement | undefined, local: string): XmlElement[] {
  return element ? element.children.filter((c) => c.local === local) : [];
}

/** Follows a `a/b/c` path of first children. */
export function path(element: XmlElement | undefined, steps: string): XmlElement | undefined {
  let at = element;
  for (const step of steps.split('/')) at = child(at, step);
  return at;
}
