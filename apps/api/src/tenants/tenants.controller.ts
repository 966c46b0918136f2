import { Controller, Get, Query } from '@nestjs/common';
import { CurrentPrincipal, type Principal } from '../auth/principal';
import { ZodValidationPipe } from '../common/zod-validation.pipe';
import { documentRoute } from '../openapi/api-route';
import { ListTenantsQuery, TenantList } from './tenants.schemas';
import { TenantsService } from './tenants.service';

@Controller('v1/tenants')
export class TenantsController {
  constructor(private readonly tenants: TenantsService) {}

  @Get()
  list(@CurrentPrincipal() principal: Principal, @Query(new ZodValidationPipe(ListTenantsQuery)) _query: Record<string, never>): Promise<TenantList> {
    return this.tenants.list(principal);
  }
}

documentRoute({
  method: 'get',
  path: '/v1/tenants',
  tag: 'tenants',
  summary: 'The tenants this key may act on: every one for an admin key, its own for a tenant key',
  description: '`role` says which kind of key asked; the admin console builds its tenant picker from this list.',
  query: ListTenantsQuery,
  response: TenantList,
});
