import { Body, Controller, Header, HttpCode, HttpStatus, Post, Query, UseFilters, UseGuards } from '@nestjs/common';
import { ZodValidationPipe } from '../common/zod-validation.pipe';
import { PlainTextErrorsFilter } from '../twilio/plain-text-errors.filter';
import { TwilioSignatureGuard } from '../twilio/twilio-signature.guard';
import { InboundSmsService } from './inbound-sms.service';
import { SmsStatusService } from './sms-status.service';
import {
  InboundSmsWebhookSchema,
  SmsStatusCallbackSchema,
  SmsStatusQuerySchema,
  type InboundSmsWebhook,
  type SmsStatusCallback,
  type SmsStatusQuery,
} from './sms-webhook.schemas';

/** Twilio's messaging webhooks: signed form posts in, TwiML (or nothing) out. */
@Controller('twilio')
@UseGuards(TwilioSignatureGuard)
@UseFilters(PlainTextErrorsFilter)
export class SmsController {
  constructor(
    private readonly inbound: InboundSmsService,
    private readonly status: SmsStatusService,
  ) {}

  @Post('sms')
  @HttpCode(HttpStatus.OK)
  @Header('Content-Type', 'text/xml')
  answerText(@Body(new ZodValidationPipe(InboundSmsWebhookSchema)) sms: InboundSmsWebhook): Promise<string> {
    return this.inbound.answer(sms);
  }

  @Post('sms-status')
  @HttpCode(HttpStatus.NO_CONTENT)
  forwardStatus(
    @Query(new ZodValidationPipe(SmsStatusQuerySchema)) query: SmsStatusQuery,
    @Body(new ZodValidationPipe(SmsStatusCallbackSchema)) callback: SmsStatusCallback,
  ): Promise<void> {
    return this.status.forward(query.workflowId, callback);
  }
}
