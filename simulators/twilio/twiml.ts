import { parseXml, type XmlElement } from './xml';

/** One TwiML verb or noun, e.g. `{ name: 'Say', attributes: { voice: 'alice' }, text: 'Hello', children: [] }`. */
export interface TwimlVerb {
  name: string;
  attributes: Record<string, string>;
  /** Trimmed text content (`<Say>` words, a `<Dial>`ed number). */
  text: string;
  children: TwimlVerb[];
}

/** What `<Connect><Stream url>` asks Twilio to do (protocols.md §1.3). */
export interface StreamInstruction {
  url: string;
  /** Attributes of `<Stream>` (url, name, statusCallback…). */
  attributes: Record<string, string>;
  /** `<Parameter name value>` children: delivered as `start.customParameters`. */
  parameters: Record<string, string>;
  /** Attributes of the enclosing `<Connect>` (action, method). */
  connectAttributes: Record<string, string>;
}

export interface DialInstruction {
  /** callerId, answerOnBridge, timeout, action… */
  attributes: Record<string, string>;
  /** `<Number>` children, or the `<Dial>`'s own text. */
  numbers: string[];
}

/** The verbs of a `<Response>` document, in order. */
export function parseTwiml(xml: string): TwimlVerb[] {
  const root = parseXml(xml);
  if (root.name !== 'Response') throw new Error(`TwiML must have a <Response> root, not <${root.name}>.`);
  return root.children.map(toVerb);
}

export function findConnectStream(verbs: readonly TwimlVerb[]): StreamInstruction | undefined {
  for (const connect of verbs.filter((verb) => verb.name === 'Connect')) {
    const stream = connect.children.find((child) => child.name === 'Stream');
    if (!stream) continue;
    const parameters: Record<string, string> = {};
    for (const parameter of stream.children.filter((child) => child.name === 'Parameter')) {
      parameters[parameter.attributes.name ?? ''] = parameter.attributes.value ?? '';
    }
    return { url: stream.attributes.url ?? '', attributes: stream.attributes, parameters, connectAttributes: connect.attributes };
  }
  return undefined;
}

export function findDial(verbs: readonly TwimlVerb[]): DialInstruction | undefined {
  const dial = verbs.find((verb) => verb.name === 'Dial');
  if (!dial) return undefined;
  const numbers = dial.children.filter((child) => child.name === 'Number').map((number) => number.text);
  return { attributes: dial.attributes, numbers: numbers.length > 0 ? numbers : [dial.text].filter(Boolean) };
}

function toVerb(element: XmlElement): TwimlVerb {
  return { name: element.name, attributes: element.attributes, text: element.text.trim(), children: element.children.map(toVerb) };
}
