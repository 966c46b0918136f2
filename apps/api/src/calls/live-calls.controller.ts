import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CurrentPrincipal, type Principal } from '../auth/principal';
import { OpensWithSessionLink } from '../auth/session-link-routes';
import { ZodValidationPipe } from '../common/zod-validation.pipe';
import { documentRoute } from '../openapi/api-route';
import { CallSidParam } from './calls.schemas';
import { CallEventBody, RunToolBody, ToolResultView } from './live-calls.schemas';
import { LiveCallsService } from './live-calls.service';

@Controller('v1/calls/:callSid')
export class LiveCallsController {
  constructor(private readonly live: LiveCallsService) {}

  @Post('tools')
  @HttpCode(200)
  @OpensWithSessionLink()
  runTool(
    @CurrentPrincipal() principal: Principal,
    @Param('callSid', new ZodValidationPipe(CallSidParam)) callSid: string,
    @Body(new ZodValidationPipe(RunToolBody)) body: RunToolBody,
  ) {
    return this.live.runTool(principal, callSid, body);
  }

  @Post('events')
  @HttpCode(204)
  @OpensWithSessionLink()
  async report(
    @CurrentPrincipal() principal: Principal,
    @Param('callSid', new ZodValidationPipe(CallSidParam)) callSid: string,
    @Body(new ZodValidationPipe(CallEventBody)) body: CallEventBody,
  ): Promise<void> {
    await this.live.report(principal, callSid, body);
  }
}

const tag = 'calls';
const params = { callSid: CallSidParam };
documentRoute({
  method: 'post',
  path: '/v1/calls/:callSid/tools',
  tag,
  summary: "Run a tool on a live call: the call workflow's runTool Update, as on the phone",
  description:
    'For clients that talk to the model themselves (the browser agent over WebRTC). `toolCallId` is the Update id: repeating a request ' +
    'returns the first result and runs nothing again. A tool the call does not offer, or bad arguments, is a 400 with the reason; an ended call a 409.',
  params,
  body: RunToolBody,
  response: ToolResultView,
});
documentRoute({
  method: 'post',
  path: '/v1/calls/:callSid/events',
  tag,
  summary: "Tell a live call what its client saw: connected, a transcript turn, the model's token usage, the end",
  description: 'The same signals the media-edge sends for phone calls, numbered by `seq` so a retry is applied once. 204 when the call took it.',
  params,
  body: CallEventBody,
});
