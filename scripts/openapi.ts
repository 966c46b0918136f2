import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { OPENAPI_FILE, openApiFileContents } from '../apps/api/src/openapi/openapi-file';

// Writes openapi.json from the zod schemas the API validates with; test/api/openapi.test.ts fails when it is stale.
writeFileSync(OPENAPI_FILE, openApiFileContents());
console.log(`wrote ${OPENAPI_FILE}`);
