import { version } from '../../../../package.json';
import { buildOpenApiDocument } from './openapi-document';

let document: Record<string, unknown> | undefined;

/** The API's OpenAPI document; built once, after every controller (and so every route) has been imported. */
export function openApiDocument(): Record<string, unknown> {
  document ??= buildOpenApiDocument(version);
  return document;
}
