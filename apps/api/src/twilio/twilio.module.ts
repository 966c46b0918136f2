import { Module } from '@nestjs/common';
import { AnsweringTenantsService } from './answering-tenants.service';
import { CallStatusService } from './call-status.service';
import { StreamEndedService } from './stream-ended.service';
import { TwilioController } from './twilio.controller';
import { CALL_START_TIMEOUT_MS, VoiceService } from './voice.service';

/** Twilio's voice, stream-ended, status and voicemail webhooks. */
@Module({
  controllers: [TwilioController],
  providers: [VoiceService, CallStatusService, StreamEndedService, AnsweringTenantsService, { provide: CALL_START_TIMEOUT_MS, useValue: 3_000 }],
  exports: [CallStatusService, AnsweringTenantsService],
})
export class TwilioModule {}
