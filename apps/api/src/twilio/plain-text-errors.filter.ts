import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';

/**
 * Twilio shows a webhook's error body in its debugger: answer errors as plain
 * text (never TwiML, never JSON) that says what was wrong.
 */
@Catch()
export class PlainTextErrorsFilter implements ExceptionFilter {
  private readonly log = new Logger('TwilioWebhooks');

  constructor(private readonly adapterHost: HttpAdapterHost) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const { httpAdapter } = this.adapterHost;
    const response = host.switchToHttp().getResponse<unknown>();
    const status = exception instanceof HttpException ? exception.getStatus() : HttpStatus.INTERNAL_SERVER_ERROR;
    if (!(exception instanceof HttpException)) {
      this.log.error('Twilio webhook failed', exception instanceof Error ? exception.stack : String(exception));
    }
    httpAdapter.setHeader(response, 'Content-Type', 'text/plain; charset=utf-8');
    httpAdapter.reply(response, exception instanceof HttpException ? reasonOf(exception) : 'Internal server error', status);
  }
}

function reasonOf(exception: HttpException): string {
  const body = exception.getResponse();
  if (typeof body === 'string') return body;
  const { message } = body as { message?: unknown };
  if (Array.isArray(message)) return message.join('\n');
  return typeof message === 'string' ? message : exception.message;
}
