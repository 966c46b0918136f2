import {
  CanActivate,
  ExecutionContext,
  ForbiddenException,
  Inject,
  Injectable,
  InternalServerErrorException,
  Logger,
} from '@nestjs/common';
import type { IncomingHttpHeaders } from 'node:http';
import twilio from 'twilio';
import type { ApiEnv } from '../../../../libs/config/src/env';
import { ENV } from '../config/config.module';
import { publicUrl } from './public-url';
import { webhookRejections } from './webhook-rejected.metric';

/** What the guard reads from Express's request: the form body is already parsed. */
interface WebhookRequest {
  originalUrl: string;
  headers: IncomingHttpHeaders;
  body?: unknown;
}

/**
 * Lets a webhook through only with a valid `X-Twilio-Signature`. The signed
 * URL is rebuilt from PUBLIC_URL (what Twilio called) and the request's
 * original path and query, so it holds behind proxies and tunnels. Without an
 * auth token nothing is let through: validation is never skipped.
 */
@Injectable()
export class TwilioSignatureGuard implements CanActivate {
  private readonly log = new Logger(TwilioSignatureGuard.name);

  constructor(@Inject(ENV) private readonly env: ApiEnv) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<WebhookRequest>();
    const authToken = this.env.TWILIO_AUTH_TOKEN;
    if (!authToken) {
      webhookRejections.inc({ reason: 'not_configured' });
      this.log.error({ msg: 'Twilio webhook refused: TWILIO_AUTH_TOKEN is not set', path: request.originalUrl });
      throw new InternalServerErrorException('Twilio auth token not configured');
    }
    const url = publicUrl(this.env.PUBLIC_URL, request.originalUrl);
    const params = formParams(request.body);
    const signature = request.headers['x-twilio-signature'];
    if (typeof signature !== 'string' || signature === '') {
      webhookRejections.inc({ reason: 'missing_signature' });
      this.log.warn({ msg: 'Twilio webhook refused: no X-Twilio-Signature', url, callSid: params.CallSid });
      throw new ForbiddenException('Missing X-Twilio-Signature header');
    }
    if (!twilio.validateRequest(authToken, signature, url, params)) {
      webhookRejections.inc({ reason: 'invalid_signature' });
      this.log.warn({ msg: 'Twilio webhook refused: X-Twilio-Signature does not match', url, callSid: params.CallSid });
      throw new ForbiddenException('Invalid X-Twilio-Signature');
    }
    return true;
  }
}

function formParams(body: unknown): Record<string, unknown> {
  return typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
}
