import {
  BadRequestException,
  CallHandler,
  ConflictException,
  ExecutionContext,
  Inject,
  Injectable,
  NestInterceptor,
  UnprocessableEntityException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { IncomingHttpHeaders } from 'node:http';
import { catchError, mergeMap, of, type Observable } from 'rxjs';
import type { Prisma } from '../../../../libs/db/src/prisma';
import type { AuthenticatedRequest, Principal } from '../auth/principal';
import { IdempotencyStore } from './idempotency-store';
import { IDEMPOTENT_OPTIONS, type IdempotentOptions } from './idempotent-options';
import { requestFingerprint } from './request-fingerprint';

interface IdempotentRequest extends AuthenticatedRequest {
  method: string;
  originalUrl: string;
  headers: IncomingHttpHeaders;
  body?: unknown;
}

const KEY_FORMAT = /^[\x21-\x7e]{1,255}$/;

/**
 * `Idempotency-Key` for the request it guards, per tenant (per key for admin
 * keys): the first request runs and its response is stored; a retry with the
 * same key and request gets that response again (`Idempotent-Replayed: true`);
 * the same key with another request is a 422; while the first still runs, 409.
 * A failed request stores nothing, so it can be retried with its key.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    @Inject(IdempotencyStore) private readonly store: IdempotencyStore,
    @Inject(Reflector) private readonly reflector: Reflector,
  ) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const http = context.switchToHttp();
    const request = http.getRequest<IdempotentRequest>();
    const key = request.headers['idempotency-key'];
    if (key === undefined) return next.handle();
    if (typeof key !== 'string' || !KEY_FORMAT.test(key)) {
      throw new BadRequestException(['Idempotency-Key: 1 to 255 visible ASCII characters']);
    }
    if (!request.principal) throw new Error('Idempotency-Key handling needs an API-key route (under /v1)');
    const scope = scopeOf(request.principal);
    const claim = await this.store.claim(scope, key, requestFingerprint(request.method, request.originalUrl, request.body));
    if (claim.kind === 'mismatch') throw new UnprocessableEntityException('This Idempotency-Key was already used with a different request');
    if (claim.kind === 'in-progress') throw new ConflictException('A request with this Idempotency-Key is still in progress: retry shortly');
    if (claim.kind === 'replay') {
      http.getResponse<{ setHeader(name: string, value: string): void }>().setHeader('Idempotent-Replayed', 'true');
      return of(claim.response);
    }
    const { omitFromReplay = [] } = this.reflector.get<IdempotentOptions | undefined>(IDEMPOTENT_OPTIONS, context.getHandler()) ?? {};
    return next.handle().pipe(
      mergeMap(async (response: unknown) => {
        await this.store.complete(scope, key, storable(response, omitFromReplay));
        return response;
      }),
      catchError(async (error: unknown) => {
        await this.store.release(scope, key);
        throw error;
      }),
    );
  }
}

const scopeOf = (principal: Principal): string => (principal.role === 'tenant' ? principal.tenantId : `admin:${principal.keyId}`);

/** The response as JSON would send it, without the omitted fields. */
function storable(response: unknown, omit: string[]): Prisma.InputJsonValue | null {
  const json: unknown = response === undefined ? null : JSON.parse(JSON.stringify(response));
  if (json === null || typeof json !== 'object' || Array.isArray(json)) return json as Prisma.InputJsonValue | null;
  return Object.fromEntries(Object.entries(json).filter(([field]) => !omit.includes(field))) as Prisma.InputJsonValue;
}
