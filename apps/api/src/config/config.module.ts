import { Global, Module } from '@nestjs/common';
import { ApiEnvSchema, loadEnv, type ApiEnv } from '../../../../libs/config/src/env';

export const ENV = Symbol('ENV');

/** The environment, validated once at boot: a bad setting stops the API before it listens. */
@Global()
@Module({ providers: [{ provide: ENV, useFactory: (): ApiEnv => loadEnv(process.env, ApiEnvSchema) }], exports: [ENV] })
export class ConfigModule {}
