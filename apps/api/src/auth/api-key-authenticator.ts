import { Inject, Injectable } from '@nestjs/common';
import type { IncomingHttpHeaders } from 'node:http';
import type { Clock } from '../../../../libs/clock/src/clock';
import { ApiKeyStore, type StoredApiKey } from '../api-keys/api-key-store';
import { SESSION_LINK_PREFIX, SessionLinkStore } from '../browser-agent/session-link-store';
import { AUTH_CLOCK } from './auth-clock';
import type { Principal } from './principal';

export type AuthenticationProblem = 'missing' | 'malformed' | 'unknown' | 'revoked' | 'expired';
export type Authentication = { ok: true; principal: Principal } | { ok: false; problem: AuthenticationProblem };

/** `lastUsedAt` is kept to the minute: one write per key per minute at most, not one per request. */
const LAST_USED_RESOLUTION_MS = 60_000;

/** Turns `Authorization: Bearer <key or session link>` into a principal, once per request. */
@Injectable()
export class ApiKeyAuthenticator {
  // The rate limiter (to track by key) and the guard (to admit) both ask for the same request.
  private readonly byRequest = new WeakMap<object, Promise<Authentication>>();

  constructor(
    @Inject(ApiKeyStore) private readonly keys: ApiKeyStore,
    @Inject(SessionLinkStore) private readonly links: SessionLinkStore,
    @Inject(AUTH_CLOCK) private readonly clock: Clock,
  ) {}

  authenticate(request: { headers: IncomingHttpHeaders }): Promise<Authentication> {
    let authentication = this.byRequest.get(request);
    if (!authentication) {
      authentication = this.resolve(request.headers.authorization);
      this.byRequest.set(request, authentication);
    }
    return authentication;
  }

  private async resolve(header: string | undefined): Promise<Authentication> {
    if (!header) return { ok: false, problem: 'missing' };
    const bearer = /^Bearer +(\S+) *$/i.exec(header)?.[1];
    if (!bearer) return { ok: false, problem: 'malformed' };
    if (bearer.startsWith(SESSION_LINK_PREFIX)) return this.resolveLink(bearer);
    const key = await this.keys.findByKey(bearer);
    if (!key) return { ok: false, problem: 'unknown' };
    if (key.revokedAt) return { ok: false, problem: 'revoked' };
    await this.recordUse(key);
    return { ok: true, principal: principalOf(key) };
  }

  private async resolveLink(token: string): Promise<Authentication> {
    const link = await this.links.findByToken(token);
    if (!link) return { ok: false, problem: 'unknown' };
    if (link.expiresAt.getTime() <= this.clock().getTime()) return { ok: false, problem: 'expired' };
    return { ok: true, principal: { role: 'tenant', keyId: link.id, tenantId: link.tenantId, tenantSlug: link.tenantSlug, link: { phone: link.phone } } };
  }

  private async recordUse(key: StoredApiKey): Promise<void> {
    const now = Date.now();
    if (key.lastUsedAt && now - key.lastUsedAt.getTime() < LAST_USED_RESOLUTION_MS) return;
    await this.keys.recordUse(key.id, new Date(now), new Date(now - LAST_USED_RESOLUTION_MS));
  }
}

function principalOf(key: StoredApiKey): Principal {
  if (key.role === 'admin') return { role: 'admin', keyId: key.id };
  if (!key.tenantId || !key.tenant) throw new Error(`API key ${key.id} is a tenant key without a tenant`);
  return { role: 'tenant', keyId: key.id, tenantId: key.tenantId, tenantSlug: key.tenant };
}
