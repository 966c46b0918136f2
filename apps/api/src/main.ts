import 'reflect-metadata';
import { Logger } from 'nestjs-pino';
import type { ApiEnv } from '../../../libs/config/src/env';
import { createApiApp } from './api-app';
import { ENV } from './config/config.module';

async function bootstrap(): Promise<void> {
  const app = await createApiApp({ bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  await app.listen(app.get<ApiEnv>(ENV).PORT, '0.0.0.0');
}

bootstrap().catch((error) => {
  console.error(error);
  process.exit(1);
});
