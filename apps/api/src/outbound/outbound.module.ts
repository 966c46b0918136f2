import { Module } from '@nestjs/common';
import { TwilioModule } from '../twilio/twilio.module';
import { OutboundWebhooksController } from './outbound-webhooks.controller';
import { OutboundWebhooksService } from './outbound-webhooks.service';

/** The webhooks of calls Switchboard places: their TwiML, statuses and AMD verdicts. */
@Module({
  imports: [TwilioModule],
  controllers: [OutboundWebhooksController],
  providers: [OutboundWebhooksService],
})
export class OutboundModule {}
