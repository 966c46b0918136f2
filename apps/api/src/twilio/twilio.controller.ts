import { Body, Controller, Header, HttpCode, HttpStatus, Post, UseFilters, UseGuards } from '@nestjs/common';
import { ZodValidationPipe } from '../common/zod-validation.pipe';
import { CallStatusService } from './call-status.service';
import { PlainTextErrorsFilter } from './plain-text-errors.filter';
import { TwilioSignatureGuard } from './twilio-signature.guard';
import { StreamEndedService } from './stream-ended.service';
import {
  StatusCallbackSchema,
  StreamEndedWebhookSchema,
  VoicemailWebhookSchema,
  VoiceWebhookSchema,
  type StatusCallback,
  type StreamEndedWebhook,
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
    private readonly streamEnded: StreamEndedService,
  ) {}

  @Post('voice')
  @HttpCode(HttpStatus.OK)
  @Header('Content-Type', 'text/xml')
  answerCall(@Body(new ZodValidationPipe(VoiceWebhookSchema)) call: VoiceWebhook): Promise<string> {
    return this.voice.answer(call);
  }

  /** `<Connect action>`: the call's media stream has ended and the call goes on. */
  @Post('stream-ended')
  @HttpCode(HttpStatus.OK)
  @Header('Content-Type', 'text/xml')
  afterStream(@Body(new ZodValidationPipe(StreamEndedWebhookSchema)) call: StreamEndedWebhook): Promise<string> {
    return this.streamEnded.answer(call);
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
