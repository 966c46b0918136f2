import { Controller, Get, Header, Query } from '@nestjs/common';
import { CurrentPrincipal, type Principal } from '../auth/principal';
import { TenantAccess } from '../auth/tenant-access';
import { ZodValidationPipe } from '../common/zod-validation.pipe';
import { documentRoute } from '../openapi/api-route';
import { ListLiveCallsQuery, LiveCallList } from './live-calls.schemas';
import { LiveCallsService } from './live-calls.service';

@Controller('v1/live-calls')
export class LiveCallsController {
  constructor(
    private readonly liveCalls: LiveCallsService,
    private readonly tenants: TenantAccess,
  ) {}

  @Get()
  @Header('Cache-Control', 'no-store')
  async list(@CurrentPrincipal() principal: Principal, @Query(new ZodValidationPipe(ListLiveCallsQuery)) query: ListLiveCallsQuery): Promise<LiveCallList> {
    return { data: await this.liveCalls.list(await this.tenants.scope(principal, query.tenant), query.limit) };
  }
}

documentRoute({
  method: 'get',
  path: '/v1/live-calls',
  tag: 'live-calls',
  summary: 'Calls in progress, from Temporal visibility: caller, tenant, duration so far, last tool, and their page in the Temporal UI',
  description:
    'Running `call-<CallSid>` workflows, newest first. A call is listed until its workflow ends, which is after its post-call summary. Visibility is eventually consistent: a call that has just started may take a moment to appear. An admin key without `tenant` lists every tenant’s calls.',
  query: ListLiveCallsQuery,
  response: LiveCallList,
});
