import { Body, Controller, Delete, Get, HttpCode, Inject, NotFoundException, Param, Post, Query } from '@nestjs/common';
import type { Clock } from '../../../../libs/clock/src/clock';
import type { ApiEnv } from '../../../../libs/config/src/env';
import { AUTH_CLOCK } from '../auth/auth-clock';
import { CurrentPrincipal, type Principal } from '../auth/principal';
import { OpensWithSessionLink } from '../auth/session-link-routes';
import { TenantAccess } from '../auth/tenant-access';
import { ZodValidationPipe } from '../common/zod-validation.pipe';
import { ENV } from '../config/config.module';
import { Idempotent } from '../idempotency/idempotent.decorator';
import { documentRoute } from '../openapi/api-route';
import { publicUrl } from '../twilio/public-url';
import { BrowserSessionView, CreatedSessionLinkView, CreateSessionLinkBody, SessionLinkIdParam, SessionQuery } from './browser-agent.schemas';
import { BrowserSessionService } from './browser-session.service';
import { SessionLinkStore } from './session-link-store';

/** The browser agent's API: a conversation for the page at /client, and links that open it without an API key. */
@Controller('v1')
export class BrowserAgentController {
  constructor(
    private readonly sessions: BrowserSessionService,
    private readonly links: SessionLinkStore,
    private readonly tenants: TenantAccess,
    @Inject(ENV) private readonly env: ApiEnv,
    @Inject(AUTH_CLOCK) private readonly clock: Clock,
  ) {}

  @Get('session')
  @OpensWithSessionLink()
  async session(@CurrentPrincipal() principal: Principal, @Query(new ZodValidationPipe(SessionQuery)) query: SessionQuery): Promise<BrowserSessionView> {
    const tenant = await this.tenants.target(principal, query.tenant);
    return this.sessions.start(tenant.id, (principal.role === 'tenant' && principal.link?.phone) || null);
  }

  @Post('session-links')
  @Idempotent({ omitFromReplay: ['token', 'url'] })
  async createLink(@CurrentPrincipal() principal: Principal, @Body(new ZodValidationPipe(CreateSessionLinkBody)) body: CreateSessionLinkBody) {
    const tenant = await this.tenants.target(principal, body.tenant);
    const { token, info } = await this.links.create({
      tenantId: tenant.id,
      label: body.label,
      phone: body.phone,
      expiresAt: new Date(this.clock().getTime() + body.ttlMinutes * 60_000),
      createdByKeyId: principal.keyId,
    });
    return { ...info, token, url: publicUrl(this.env.PUBLIC_URL, `/client?link=${token}`) };
  }

  /** Another tenant's link is a 404, like one that does not exist. */
  @Delete('session-links/:id')
  @HttpCode(204)
  async revokeLink(@CurrentPrincipal() principal: Principal, @Param('id', new ZodValidationPipe(SessionLinkIdParam)) id: string): Promise<void> {
    const revoked = await this.links.revoke(id, principal.role === 'tenant' ? { tenantId: principal.tenantId } : {});
    if (!revoked) throw new NotFoundException(`No session link ${id}`);
  }
}

const tag = 'browser-agent';
documentRoute({
  method: 'get',
  path: '/v1/session',
  tag,
  summary: 'Start a browser conversation: its call workflow, and how the page connects (OpenAI WebRTC, or the media-edge in local mode)',
  description:
    'Opens with a tenant key, an admin key naming the tenant, or a session link. Each request starts a new conversation, ' +
    '`call-<callSid>`; the page sends its tool calls to `POST /v1/calls/{callSid}/tools`. 409 while the tenant has its AI switched off.',
  query: SessionQuery,
  response: BrowserSessionView,
});
documentRoute({
  method: 'post',
  path: '/v1/session-links',
  tag,
  summary: 'Create a short-lived link that opens the browser agent for this tenant without an API key',
  description: 'The link opens `GET /v1/session` and the tool and event routes of calls; every other route answers it with 403.',
  body: CreateSessionLinkBody,
  response: CreatedSessionLinkView,
  idempotent: true,
});
documentRoute({
  method: 'delete',
  path: '/v1/session-links/:id',
  tag,
  summary: 'Revoke a session link before it expires: it opens nothing from then on (conversations it started go on)',
  params: { id: SessionLinkIdParam },
});
