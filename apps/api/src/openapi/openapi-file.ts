import { join } from 'node:path';
import '../app.module';
import { openApiDocument } from './openapi-spec';

/** The committed copy of the OpenAPI document, at the repository root; `npm run openapi` writes it. */
export const OPENAPI_FILE = join(__dirname, '../../../../openapi.json');

/** The document as the file holds it: every route of the app (imported above), pretty-printed. */
export function openApiFileContents(): string {
  return `${JSON.stringify(openApiDocument(), null, 2)}\n`;
}
