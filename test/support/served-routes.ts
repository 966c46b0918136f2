import { Module, RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { DiscoveryModule, DiscoveryService, MetadataScanner, NestFactory } from '@nestjs/core';
import { AppModule } from '../../apps/api/src/app.module';
import { OPENS_WITH_SESSION_LINK } from '../../apps/api/src/auth/session-link-routes';

@Module({ imports: [AppModule, DiscoveryModule] })
class DiscoverableApp {}

/** A route the API serves: its method and path, parameters as `{name}`. */
export interface ServedRoute {
  method: string;
  path: string;
  /** A browser agent's session link may call it (`@OpensWithSessionLink()`). */
  opensWithSessionLink: boolean;
}

/** Every route the Nest app serves under `prefix` (e.g. `/v1`, `/twilio`), read from its controllers. */
export async function servedRoutes(prefix: string): Promise<ServedRoute[]> {
  const app = await NestFactory.createApplicationContext(DiscoverableApp, { logger: false });
  try {
    const scanner = new MetadataScanner();
    return app
      .get(DiscoveryService)
      .getControllers()
      .flatMap(({ metatype }) => {
        if (!metatype) return [];
        const controllerPath = String(Reflect.getMetadata(PATH_METADATA, metatype));
        return scanner.getAllMethodNames(metatype.prototype).flatMap((name) => {
          const handler = metatype.prototype[name];
          const path = Reflect.getMetadata(PATH_METADATA, handler) as string | undefined;
          if (path === undefined) return [];
          const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod];
          const full = `/${[controllerPath, path].filter((part) => part && part !== '/').join('/')}`.replace(/:(\w+)/g, '{$1}');
          return [{ method, path: full, opensWithSessionLink: Reflect.getMetadata(OPENS_WITH_SESSION_LINK, handler) === true }];
        });
      })
      .filter((route) => route.path === prefix || route.path.startsWith(`${prefix}/`));
  } finally {
    await app.close();
  }
}
