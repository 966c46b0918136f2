import { Controller, Get, Header, Inject, NotFoundException, Param, ServiceUnavailableException, StreamableFile } from '@nestjs/common';
import { createReadStream, existsSync } from 'node:fs';
import path from 'node:path';
import type { ApiEnv } from '../../../../libs/config/src/env';
import { ENV } from '../config/config.module';

const ASSET_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/**
 * The admin console and the browser agent, as built by Vite (apps/web). Both
 * are plain pages that call the same /v1 API as any client, with the key the
 * user enters: serving them needs no privilege of its own.
 */
@Controller()
export class WebController {
  private readonly dir: string;

  constructor(@Inject(ENV) env: ApiEnv) {
    this.dir = path.resolve(env.WEB_DIST_DIR);
  }

  // The console routes in the browser (/admin/calls/CA…): every path under it gets the page.
  @Get(['admin', 'admin/*path'])
  @Header('Cache-Control', 'no-cache')
  admin(): StreamableFile {
    return this.page('admin');
  }

  @Get(['client', 'client/*path'])
  @Header('Cache-Control', 'no-cache')
  client(): StreamableFile {
    return this.page('client');
  }

  // Vite names every asset after its content hash: it can be cached for good.
  @Get('assets/:file')
  @Header('Cache-Control', 'public, max-age=31536000, immutable')
  asset(@Param('file') file: string): StreamableFile {
    const resolved = path.join(this.dir, 'assets', path.basename(file));
    const type = ASSET_TYPES[path.extname(resolved)];
    if (!type || !existsSync(resolved)) throw new NotFoundException(`No asset ${file}`);
    return new StreamableFile(createReadStream(resolved), { type });
  }

  private page(name: 'admin' | 'client'): StreamableFile {
    const file = path.join(this.dir, name, 'index.html');
    if (!existsSync(file)) throw new ServiceUnavailableException(`The web pages are not built in ${this.dir}: run npm run build`);
    return new StreamableFile(createReadStream(file), { type: 'text/html; charset=utf-8' });
  }
}
