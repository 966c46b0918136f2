import { Body, Controller, Header, HttpCode, HttpStatus, Post, Query, UseFilters, UseGuards } from '@nestjs/common';
import { ZodValidationPipe } from '../common/zod-validation.pipe';
import { PlainTextErrorsFilter } from '../twilio/plain-text-errors.filter';
import { TwilioSignatureGuard } from '../twilio/twilio-signature.guard';
import {
  AmdCallbackSchema,
  OutboundAnswerSchema,
  OutboundQuerySchema,
  OutboundStatusSchema,
  type AmdCallback,
  type OutboundAnswer,
  type OutboundQuery,
  type OutboundStatus,
} from './outbound-webhook.schemas';
import { OutboundWebhooksService } from './outbound-webhooks.service';

/** What Twilio asks and reports about the calls we place (OUTBOUND_PATHS in libs/outbound). */
@Controller('twilio/outbound')
@UseGuards(TwilioSignatureGuard)
@UseFilters(PlainTextErrorsFilter)
export class OutboundWebhooksController {
  constructor(private readonly outbound: OutboundWebhooksService) {}

  @Post('answer')
  @HttpCode(HttpStatus.OK)
  @Header('Content-Type', 'text/xml')
  answer(
    @Query(new ZodValidationPipe(OutboundQuerySchema)) query: OutboundQuery,
    @Body(new ZodValidationPipe(OutboundAnswerSchema)) call: OutboundAnswer,
  ): Promise<string> {
    return this.outbound.answer(query.workflowId, call);
  }

  @Post('status')
  @HttpCode(HttpStatus.NO_CONTENT)
  status(
    @Query(new ZodValidationPipe(OutboundQuerySchema)) query: OutboundQuery,
    @Body(new ZodValidationPipe(OutboundStatusSchema)) callback: OutboundStatus,
  ): Promise<void> {
    return this.outbound.forwardStatus(query.workflowId, callback);
  }

  @Post('amd')
  @HttpCode(HttpStatus.NO_CONTENT)
  amd(
    @Query(new ZodValidationPipe(OutboundQuerySchema)) query: OutboundQuery,
    @Body(new ZodValidationPipe(AmdCallbackSchema)) callback: AmdCallback,
  ): Promise<void> {
    return this.outbound.forwardVerdict(query.workflowId, callback);
  }
}
