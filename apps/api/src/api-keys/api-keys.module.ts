import { Module } from '@nestjs/common';
import { ApiKeysController } from './api-keys.controller';

/** `/v1/api-keys`; the key store and the guards live in the (global) AuthModule. */
@Module({ controllers: [ApiKeysController] })
export class ApiKeysModule {}
