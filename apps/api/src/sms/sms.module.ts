import { Module } from '@nestjs/common';
import { InboundSmsService } from './inbound-sms.service';
import { SmsController } from './sms.controller';
import { SmsStatusService } from './sms-status.service';

/** Twilio's incoming-message webhook and message status callbacks. */
@Module({ controllers: [SmsController], providers: [InboundSmsService, SmsStatusService] })
export class SmsModule {}
