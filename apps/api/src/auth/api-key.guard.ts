import { CanActivate, ExecutionContext, ForbiddenException, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { IncomingHttpHeaders } from 'node:http';
import { ApiKeyAuthenticator, type AuthenticationProblem } from './api-key-authenticator';
import type { AuthenticatedRequest } from './principal';
import { isRestApiPath } from './rest-api-path';
import { OPENS_WITH_SESSION_LINK } from './session-link-routes';

interface ApiRequest extends AuthenticatedRequest {
  path: string;
  headers: IncomingHttpHeaders;
}

const REASONS: Record<AuthenticationProblem, string> = {
  missing: 'Missing API key: send Authorization: Bearer <key>',
  malformed: 'Authorization must be: Bearer <key>',
  unknown: 'Unknown API key',
  revoked: 'This API key has been revoked',
  expired: 'This session link has expired: ask for a new one',
};

/**
 * Admits a request under /v1 only with a valid API key or session link (401
 * otherwise, with an RFC 6750 challenge) and hands its principal to the
 * controller; a session link only on the browser agent's routes (403
 * elsewhere). Whether that principal may touch what it asks for (403/404) is
 * the controller's call.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    @Inject(ApiKeyAuthenticator) private readonly authenticator: ApiKeyAuthenticator,
    @Inject(Reflector) private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const http = context.switchToHttp();
    const request = http.getRequest<ApiRequest>();
    if (!isRestApiPath(request.path)) return true;
    const authentication = await this.authenticator.authenticate(request);
    if (!authentication.ok) {
      http.getResponse<{ setHeader(name: string, value: string): void }>().setHeader('WWW-Authenticate', challenge(authentication.problem));
      throw new UnauthorizedException(REASONS[authentication.problem]);
    }
    const { principal } = authentication;
    if (principal.role === 'tenant' && principal.link && !this.reflector.get<boolean>(OPENS_WITH_SESSION_LINK, context.getHandler())) {
      throw new ForbiddenException('A session link opens the browser agent only');
    }
    request.principal = principal;
    return true;
  }
}

function challenge(problem: AuthenticationProblem): string {
  const realm = 'Bearer realm="switchboard"';
  if (problem === 'missing') return realm;
  if (problem === 'malformed') return `${realm}, error="invalid_request"`;
  return `${realm}, error="invalid_token", error_description="${REASONS[problem]}"`;
}
