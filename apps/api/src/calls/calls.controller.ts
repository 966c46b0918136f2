import { Controller, Get, Param, Query } from '@nestjs/common';
import { CurrentPrincipal, type Principal } from '../auth/principal';
import { TenantAccess } from '../auth/tenant-access';
import { ZodValidationPipe } from '../common/zod-validation.pipe';
import { documentRoute } from '../openapi/api-route';
import { CallPage, CallSidParam, ListCallsQuery } from './calls.schemas';
import { CallsService } from './calls.service';

@Controller('v1/calls')
export class CallsController {
  constructor(
    private readonly calls: CallsService,
    private readonly tenants: TenantAccess,
  ) {}

  @Get()
  async list(@CurrentPrincipal() principal: Principal, @Query(new ZodValidationPipe(ListCallsQuery)) query: ListCallsQuery) {
    return this.calls.list(await this.tenants.scope(principal, query.tenant), query);
  }

  @Get(':callSid/recording')
  recording(@CurrentPrincipal() principal: Principal, @Param('callSid', new ZodValidationPipe(CallSidParam)) callSid: string) {
    return this.calls.getRecording(principal, callSid);
  }

  @Get(':callSid')
  getCall(@CurrentPrincipal() principal: Principal, @Param('callSid', new ZodValidationPipe(CallSidParam)) callSid: string) {
    return this.calls.getCall(principal, callSid);
  }
}

const tag = 'calls';
documentRoute({
  method: 'get',
  path: '/v1/calls',
  tag,
  summary: 'Calls, newest first, by time range, direction, outcome or caller',
  description: 'An admin key without `tenant` lists every tenant’s calls. Follow `nextCursor` for the next page.',
  query: ListCallsQuery,
  response: CallPage,
});
documentRoute({
  method: 'get',
  path: '/v1/calls/:callSid',
  tag,
  summary: 'One call: transcript, tool calls, summary, lead score, cost, live state, recording link, and its page in the Temporal UI',
  params: { callSid: CallSidParam },
});
documentRoute({
  method: 'get',
  path: '/v1/calls/:callSid/recording',
  tag,
  summary: 'The call’s recording (WAV, caller left, agent right), once it has ended, for tenants that record calls',
  description:
    'Stored encrypted, and decrypted only to be served, once every part of it passed its integrity check: a recording that fails it ' +
    '(altered, or another call’s) is a 500 that says so, and nothing of it is sent.',
  params: { callSid: CallSidParam },
});
