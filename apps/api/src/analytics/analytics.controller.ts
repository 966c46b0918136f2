import { Controller, Get, Header, Query, Res } from '@nestjs/common';
import { CurrentPrincipal, type Principal } from '../auth/principal';
import { TenantAccess } from '../auth/tenant-access';
import { ZodValidationPipe } from '../common/zod-validation.pipe';
import { documentRoute } from '../openapi/api-route';
import { CallAnalytics, CallAnalyticsQuery } from './analytics.schemas';
import { CallAnalyticsService, MAX_EXPORTED_CALLS } from './call-analytics.service';
import { callsCsv } from './calls-csv';

@Controller('v1/analytics')
export class AnalyticsController {
  constructor(
    private readonly analytics: CallAnalyticsService,
    private readonly tenants: TenantAccess,
  ) {}

  @Get('calls')
  @Header('Cache-Control', 'no-store')
  async calls(
    @CurrentPrincipal() principal: Principal,
    @Query(new ZodValidationPipe(CallAnalyticsQuery)) query: CallAnalyticsQuery,
    @Res({ passthrough: true }) response: { setHeader(name: string, value: string): void },
  ): Promise<CallAnalytics | string> {
    const report = await this.analytics.report(await this.tenants.scope(principal, query.tenant), new Date(query.from), new Date(query.to));
    if (query.format === 'json') return report;
    response.setHeader('Content-Type', 'text/csv; charset=utf-8');
    response.setHeader('Content-Disposition', `attachment; filename="calls-${report.from.slice(0, 10)}-${report.to.slice(0, 10)}.csv"`);
    return callsCsv(report.calls);
  }
}

documentRoute({
  method: 'get',
  path: '/v1/analytics/calls',
  tag: 'analytics',
  summary: 'Export the calls started in a time range, as JSON (with totals by outcome) or CSV (one line per call)',
  description: `At most ${MAX_EXPORTED_CALLS} calls, oldest first. An admin key without \`tenant\` exports every tenant's calls.`,
  query: CallAnalyticsQuery,
  response: CallAnalytics,
  responseMediaTypes: ['application/json', 'text/csv'],
});
