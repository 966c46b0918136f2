import { createParamDecorator, type ExecutionContext } from '@nestjs/common';

/** Who is calling, as their API key says. */
export type Principal = { role: 'tenant'; keyId: string; tenantId: string; tenantSlug: string } | { role: 'admin'; keyId: string };

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
