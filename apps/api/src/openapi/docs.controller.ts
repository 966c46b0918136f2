import { Controller, Get, Header, NotFoundException, Param, StreamableFile } from '@nestjs/common';
import { createReadStream } from 'node:fs';
import { dirname, join } from 'node:path';
import { openApiDocument } from './openapi-spec';

/** Swagger UI's files the page loads, served from the swagger-ui-dist package (no CDN: it works offline). */
const JAVASCRIPT = 'text/javascript; charset=utf-8';
const ASSETS: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': JAVASCRIPT,
};

const ASSET_DIR = dirname(require.resolve('swagger-ui-dist/package.json'));

/** Starts Swagger UI on the document; a file of its own, as the CSP allows no inline script. */
const INIT_SCRIPT = "window.ui = SwaggerUIBundle({ url: '/docs/openapi.json', dom_id: '#swagger-ui' });\n";
const INIT_SCRIPT_FILE = 'swagger-init.js';

const PAGE = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Switchboard REST API</title>
  <link rel="stylesheet" href="/docs/assets/swagger-ui.css">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="/docs/assets/swagger-ui-bundle.js"></script>
  <script src="/docs/assets/${INIT_SCRIPT_FILE}"></script>
</body>
</html>
`;

/** `/docs`: the OpenAPI document generated from the routes' zod schemas, and a page to read and try it. */
@Controller('docs')
export class DocsController {
  @Get()
  @Header('Content-Type', 'text/html; charset=utf-8')
  page(): string {
    return PAGE;
  }

  @Get('openapi.json')
  spec(): Record<string, unknown> {
    return openApiDocument();
  }

  @Get('assets/:file')
  @Header('Cache-Control', 'public, max-age=86400')
  asset(@Param('file') file: string): StreamableFile {
    if (file === INIT_SCRIPT_FILE) return new StreamableFile(Buffer.from(INIT_SCRIPT), { type: JAVASCRIPT });
    const type = ASSETS[file];
    if (!type) throw new NotFoundException(`No asset ${file}`);
    return new StreamableFile(createReadStream(join(ASSET_DIR, file)), { type });
  }
}
