import { Module } from '@nestjs/common';
import { CallRecordings } from './call-recordings';
import { CallsController } from './calls.controller';
import { CallsService } from './calls.service';
import { LiveCallsController } from './live-calls.controller';
import { LiveCallsService } from './live-calls.service';

@Module({ controllers: [CallsController, LiveCallsController], providers: [CallsService, CallRecordings, LiveCallsService] })
export class CallsModule {}
