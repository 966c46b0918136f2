import { z } from 'zod';
import { BadRequestException, Body, Controller, Delete, Get, NotFoundException, Param, Post, Query } from '@nestjs/common';
import { CurrentPrincipal, type Principal } from '../auth/principal';
import { requireAdmin, TenantAccess } from '../auth/tenant-access';
import { ZodValidationPipe } from '../common/zod-validation.pipe';
import { Idempotent } from '../idempotency/idempotent.decorator';
import { documentRoute } from '../openapi/api-route';
import { ApiKeyStore, type ApiKeyInfo, type ApiKeyOwner } from './api-key-store';
import { ApiKeyIdParam, ApiKeyView, CreateApiKeyBody, CreatedApiKeyView, ListApiKeysQuery } from './api-keys.schemas';

/**
 * A tenant's keys, managed with one of its keys (or an admin key naming the
 * tenant). A new key is in the creating response only: a replay of that
 * request (same Idempotency-Key) returns the same key record without it.
 */
@Controller('v1/api-keys')
export class ApiKeysController {
  constructor(
    private readonly keys: ApiKeyStore,
    private readonly tenants: TenantAccess,
  ) {}

  @Post()
  @Idempotent({ omitFromReplay: ['key'] })
  async create(
    @CurrentPrincipal() principal: Principal,
    @Body(new ZodValidationPipe(CreateApiKeyBody)) body: CreateApiKeyBody,
  ): Promise<ApiKeyInfo & { key: string }> {
    const { key, info } = await this.keys.create(await this.ownerFor(principal, body), body.name);
    return { ...info, key };
  }

  @Get()
  async list(
    @CurrentPrincipal() principal: Principal,
    @Query(new ZodValidationPipe(ListApiKeysQuery)) query: { tenant?: string },
  ): Promise<{ data: ApiKeyInfo[] }> {
    const tenant = await this.tenants.target(principal, query.tenant);
    return { data: await this.keys.list({ role: 'tenant', tenantId: tenant.id }) };
  }

  /** Another tenant's key is a 404, as if it did not exist. */
  @Delete(':id')
  async revoke(@CurrentPrincipal() principal: Principal, @Param('id', new ZodValidationPipe(ApiKeyIdParam)) id: string): Promise<ApiKeyInfo> {
    const revoked = await this.keys.revoke(id, principal.role === 'tenant' ? { tenantId: principal.tenantId } : {});
    if (!revoked) throw new NotFoundException(`No API key ${id}`);
    return revoked;
  }

  private async ownerFor(principal: Principal, body: CreateApiKeyBody): Promise<ApiKeyOwner> {
    if (body.role === 'admin') {
      requireAdmin(principal, 'Creating an admin key');
      if (body.tenant !== undefined) throw new BadRequestException(['tenant: an admin key has no tenant']);
      return { role: 'admin' };
    }
    return { role: 'tenant', tenantId: (await this.tenants.target(principal, body.tenant)).id };
  }
}

const tag = 'api-keys';
documentRoute({
  method: 'post',
  path: '/v1/api-keys',
  tag,
  summary: 'Create an API key; the response holds the key, once',
  description: 'A replay (same Idempotency-Key) returns the same key record without `key`, which is never stored.',
  body: CreateApiKeyBody,
  response: CreatedApiKeyView,
  idempotent: true,
});
documentRoute({ method: 'get', path: '/v1/api-keys', tag, summary: "The tenant's keys (never the keys themselves)", query: ListApiKeysQuery, response: z.object({ data: z.array(ApiKeyView) }) });
documentRoute({ method: 'delete', path: '/v1/api-keys/:id', tag, summary: 'Revoke a key, by id or listed prefix', params: { id: ApiKeyIdParam }, response: ApiKeyView });
