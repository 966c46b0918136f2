import { Body, Controller, Header, HttpCode, HttpStatus, Post, UseFilters, UseGuards } from '@nestjs/common';
import { ZodValidationPipe } from '../common/zod-validation.pipe';
import { CallStatusService } from './call-status.service';
import { PlainTextErrorsFilter } from './plain-text-errors.filter';
import { TwilioSignatureGuard } from './twilio-signature.guard';
import {
  StatusCallbackSchema,
  VoicemailWebhookSchema,
  VoiceWebhookSchema,
  type StatusCallback,
  type VoicemailWebhook,
  type VoiceWebhook,
} from './twilio-webhook.schemas';
import { VoiceService } from './voice.service';

/** Twilio's webhooks: signed form posts in, TwiML (or nothing) out. */
@Controller('twilio')
@UseGuards(TwilioSignatureGuard)
@UseFilters(PlainTextErrorsFilter)
export class TwilioController {
  constructor(
    private readonly voice: VoiceService,
    private readonly callStatus: CallStatusService,
  ) {}

  @Post('voice')
  @HttpCode(HttpStatus.OK)
  @Header('Content-Type', 'text/xml')
  answerCall(@Body(new ZodValidationPipe(VoiceWebhookSchema)) call: VoiceWebhook): Promise<string> {
    return this.voice.answer(call);
  }

  @Post('status')
  @HttpCode(HttpStatus.NO_CONTENT)
  forwardStatus(@Body(new ZodValidationPipe(StatusCallbackSchema)) callback: StatusCallback): Promise<void> {
    return this.callStatus.forward(callback);
  }

  @Post('voicemail')
  @HttpCode(HttpStatus.OK)
  @Header('Content-Type', 'text/xml')
  acknowledgeVoicemail(@Body(new ZodValidationPipe(VoicemailWebhookSchema)) voicemail: VoicemailWebhook): string {
    return this.voice.acknowledgeVoicemail(voicemail);
  }
}
