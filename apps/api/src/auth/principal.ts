import { createParamDecorator, type ExecutionContext } from '@nestjs/common';

/**
 * Who is calling, as their API key says. A session link acts for its tenant
 * like a tenant key (`keyId` is then the link's id), on the browser agent's
 * routes only (`@OpensWithSessionLink()`).
 */
export type Principal = { role: 'tenant'; keyId: string; tenantId: string; tenantSlug: string; link?: SessionLinkGrant } | { role: 'admin'; keyId: string };

/** What a session link carries besides its tenant. */
export interface SessionLinkGrant {
  /** The user's phone number, when the link names one. */
  phone: string | null;
}

/** A request the API-key guard let through carries its principal. */
export interface AuthenticatedRequest {
  principal?: Principal;
}

/** The principal of a `/v1` request, for controllers: `@CurrentPrincipal() principal: Principal`. */
export const CurrentPrincipal = createParamDecorator((_data: unknown, context: ExecutionContext): Principal => {
  const principal = context.switchToHttp().getRequest<AuthenticatedRequest>().principal;
  if (!principal) throw new Error('@CurrentPrincipal() is only available under /v1, where the API-key guard runs');
  return principal;
});
