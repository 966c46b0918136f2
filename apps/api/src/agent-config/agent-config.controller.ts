import { Body, Controller, Get, Patch, Query } from '@nestjs/common';
import type { AgentConfigUpdate } from '../../../../libs/agent-config/src/agent-config';
import { CurrentPrincipal, type Principal } from '../auth/principal';
import { TenantAccess } from '../auth/tenant-access';
import { ZodValidationPipe } from '../common/zod-validation.pipe';
import { documentRoute } from '../openapi/api-route';
import { AgentConfigQuery, AgentConfigUpdateBody, AgentConfigView } from './agent-config.schemas';
import { AgentConfigService } from './agent-config.service';

@Controller('v1/agent-config')
export class AgentConfigController {
  constructor(
    private readonly configs: AgentConfigService,
    private readonly tenants: TenantAccess,
  ) {}

  @Get()
  async get(@CurrentPrincipal() principal: Principal, @Query(new ZodValidationPipe(AgentConfigQuery)) query: { tenant?: string }): Promise<AgentConfigView> {
    return this.configs.get((await this.tenants.target(principal, query.tenant)).id);
  }

  @Patch()
  async update(
    @CurrentPrincipal() principal: Principal,
    @Query(new ZodValidationPipe(AgentConfigQuery)) query: { tenant?: string },
    @Body(new ZodValidationPipe(AgentConfigUpdateBody)) change: AgentConfigUpdate,
  ): Promise<AgentConfigView> {
    return this.configs.update((await this.tenants.target(principal, query.tenant)).id, change);
  }
}

documentRoute({
  method: 'get',
  path: '/v1/agent-config',
  tag: 'agent-config',
  summary: 'The tenant and how its agent answers',
  query: AgentConfigQuery,
  response: AgentConfigView,
});
documentRoute({
  method: 'patch',
  path: '/v1/agent-config',
  tag: 'agent-config',
  summary: 'Change greeting, voice, instructions, tool packs, hours, time zone, transfer numbers, CRM webhook, recording or the AI switch',
  description: 'With `aiEnabled: false` the voice webhook answers with a `<Dial>` to the primary transfer number (voicemail without one).',
  query: AgentConfigQuery,
  body: AgentConfigUpdateBody,
  response: AgentConfigView,
});
