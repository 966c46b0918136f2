import { CanActivate, ExecutionContext, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import type { IncomingHttpHeaders } from 'node:http';
import { ApiKeyAuthenticator, type AuthenticationProblem } from './api-key-authenticator';
import type { AuthenticatedRequest } from './principal';
import { isRestApiPath } from './rest-api-path';

interface ApiRequest extends AuthenticatedRequest {
  path: string;
  headers: IncomingHttpHeaders;
}

const REASONS: Record<AuthenticationProblem, string> = {
  missing: 'Missing API key: send Authorization: Bearer <key>',
  malformed: 'Authorization must be: Bearer <key>',
  unknown: 'Unknown API key',
  revoked: 'This API key has been revoked',
};

/**
 * Admits a request under /v1 only with a valid API key (401 otherwise, with
 * an RFC 6750 challenge) and hands its principal to the controller. Whether
 * that principal may touch what it asks for (403/404) is the controller's call.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(@Inject(ApiKeyAuthenticator) private readonly authenticator: ApiKeyAuthenticator) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const http = context.switchToHttp();
    const request = http.getRequest<ApiRequest>();
    if (!isRestApiPath(request.path)) return true;
    const authentication = await this.authenticator.authenticate(request);
    if (!authentication.ok) {
      http.getResponse<{ setHeader(name: string, value: string): void }>().setHeader('WWW-Authenticate', challenge(authentication.problem));
      throw new UnauthorizedException(REASONS[authentication.problem]);
    }
    request.principal = authentication.principal;
    return true;
  }
}

function challenge(problem: AuthenticationProblem): string {
  const realm = 'Bearer realm="switchboard"';
  if (problem === 'missing') return realm;
  if (problem === 'malformed') return `${realm}, error="invalid_request"`;
  return `${realm}, error="invalid_token", error_description="${REASONS[problem]}"`;
}
