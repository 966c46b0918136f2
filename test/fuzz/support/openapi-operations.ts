import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { OPENAPI_FILE } from '../../../apps/api/src/openapi/openapi-file';
import { nastyText } from './nasty-text';

/** The part of JSON Schema the API's zod schemas produce. */
export interface JsonSchema {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  pattern?: string;
  format?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
}

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
  schema: JsonSchema;
}

/** One `/v1` operation of the committed OpenAPI document (a test keeps it equal to what the API serves). */
export interface Operation {
  method: string;
  /** With `{name}` for each path parameter. */
  path: string;
  parameters: Parameter[];
  body?: JsonSchema;
}

export function restOperations(): Operation[] {
  const document = JSON.parse(readFileSync(OPENAPI_FILE, 'utf8')) as {
    paths: Record<string, Record<string, { parameters?: Parameter[]; requestBody?: { content: Record<string, { schema: JsonSchema }> } }>>;
  };
  return Object.entries(document.paths)
    .filter(([path]) => path.startsWith('/v1'))
    .flatMap(([path, operations]) =>
      Object.entries(operations).map(([method, operation]) => ({
        method: method.toUpperCase(),
        path,
        parameters: operation.parameters ?? [],
        body: operation.requestBody?.content['application/json']?.schema,
      })),
    );
}

/** Any value at all, of any JSON type. */
export const anyValue: fc.Arbitrary<unknown> = fc.oneof(nastyText(), fc.jsonValue(), fc.integer(), fc.double(), fc.boolean(), fc.constant(null));

/**
 * Values a schema accepts (a pattern's strings, an enum's members, numbers
 * in range), each part sometimes replaced by anything: requests that get
 * past the first check as well as ones that do not.
 */
export function valueFor(schema: JsonSchema, depth = 0): fc.Arbitrary<unknown> {
  const valid = validFor(schema, depth, valueFor);
  return fc.oneof({ weight: 3, arbitrary: valid }, { weight: 1, arbitrary: anyValue });
}

/**
 * Values the schema accepts, as far as JSON Schema tells (refinements zod adds
 * may still refuse them); `member` makes the items and properties.
 */
export function validFor(schema: JsonSchema, depth = 0, member: (schema: JsonSchema, depth: number) => fc.Arbitrary<unknown> = validFor): fc.Arbitrary<unknown> {
  if (schema.enum) return fc.constantFrom(...schema.enum);
  if (schema.const !== undefined) return fc.constant(schema.const);
  const options = schema.anyOf ?? schema.oneOf;
  if (options) return fc.oneof(...options.map((option) => validFor(option, depth, member)));
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'string':
      if (schema.pattern) return fc.stringMatching(new RegExp(schema.pattern));
      if (schema.format === 'email') return fc.emailAddress();
      if (schema.format === 'uri') return fc.webUrl();
      if (schema.format === 'date-time') return fc.date({ noInvalidDate: true }).map((date) => date.toISOString());
      // Plain words: what text fields take once trimmed (any text comes from valueFor's other branch).
      return fc.string({ unit: fc.constantFrom(...'abcdefghij'), minLength: Math.max(schema.minLength ?? 0, 3), maxLength: Math.min(schema.maxLength ?? 60, 60) });
    case 'integer':
      return fc.integer({ min: schema.minimum ?? -1_000_000, max: schema.maximum ?? 1_000_000 });
    case 'number':
      return fc.double({ min: schema.minimum ?? -1e6, max: schema.maximum ?? 1e6, noNaN: true });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array':
      return depth > 3 ? fc.constant([]) : fc.array(member(schema.items ?? {}, depth + 1), { maxLength: 3 });
    case 'object': {
      if (depth > 3 || !schema.properties) return fc.dictionary(nastyText(10), anyValue, { maxKeys: 3 });
      const fields = Object.fromEntries(Object.entries(schema.properties).map(([name, field]) => [name, member(field, depth + 1)]));
      return fc.record(fields, { requiredKeys: (schema.required ?? []).filter((name) => name in fields) });
    }
    default:
      return anyValue;
  }
}

/** Percent-encodes the UTF-8 of a string, every byte but the unreserved ones (a lone surrogate goes as U+FFFD, as a browser sends it). */
export function percentEncode(text: string): string {
  return [...Buffer.from(text, 'utf8')].map((byte) => (/[A-Za-z0-9\-._~]/.test(String.fromCharCode(byte)) ? String.fromCharCode(byte) : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`)).join('');
}
