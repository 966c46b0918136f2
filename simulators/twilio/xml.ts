/**
 * Just enough XML for TwiML: elements, quoted attributes, text, entities,
 * CDATA; the declaration, comments and DOCTYPE are skipped. Anything
 * else (a stray `<`, mismatched or unclosed tags) is an error.
 */
export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  /** The element's own text (entities decoded), its children's excluded. */
  text: string;
}

const TOKEN =
  /<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<!DOCTYPE[^>]*>|<!\[CDATA\[([\s\S]*?)\]\]>|<\/([^\s>]+)\s*>|<([^\s/>!?]+)((?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>|([^<]+)|(<)/g;
const ATTRIBUTE = /([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
const NAMED_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

export function parseXml(xml: string): XmlElement {
  const document: XmlElement = { name: '#document', attributes: {}, children: [], text: '' };
  const open = [document];
  for (const match of xml.matchAll(TOKEN)) {
    const [, cdata, closingName, openingName, attributes, selfClosing, text, stray] = match;
    const current = open[open.length - 1];
    if (stray) throw new Error(`Malformed XML: unexpected "<" at offset ${match.index}.`);
    if (cdata !== undefined) current.text += cdata;
    else if (text !== undefined) current.text += decodeEntities(text);
    else if (closingName !== undefined) {
      if (closingName !== current.name) throw new Error(`Malformed XML: </${closingName}> closes <${current.name}>.`);
      open.pop();
    } else if (openingName !== undefined) {
      const element: XmlElement = { name: openingName, attributes: parseAttributes(attributes ?? ''), children: [], text: '' };
      current.children.push(element);
      if (!selfClosing) open.push(element);
    }
  }
  if (open.length > 1) throw new Error(`Malformed XML: <${open[open.length - 1].name}> is never closed.`);
  if (document.children.length !== 1 || document.text.trim()) throw new Error('Malformed XML: a document has exactly one root element.');
  return document.children[0];
}

function parseAttributes(source: string): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (const [, name, doubleQuoted, singleQuoted] of source.matchAll(ATTRIBUTE)) attributes[name] = decodeEntities(doubleQuoted ?? singleQuoted);
  return attributes;
}

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (entity, body: string) => {
    if (body.startsWith('#x') || body.startsWith('#X')) return String.fromCodePoint(parseInt(body.slice(2), 16));
    if (body.startsWith('#')) return String.fromCodePoint(parseInt(body.slice(1), 10));
    return NAMED_ENTITIES[body] ?? entity;
  });
}
