import { Module } from '@nestjs/common';
import { CallsController } from './calls.controller';
import { CallsService } from './calls.service';
import { LiveCallsController } from './live-calls.controller';
import { LiveCallsService } from './live-calls.service';

@Module({ controllers: [CallsController, LiveCallsController], providers: [CallsService, LiveCallsService] })
export class CallsModule {}
