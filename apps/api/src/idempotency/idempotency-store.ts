import { Injectable } from '@nestjs/common';
import { Prisma } from '../../../../libs/db/src/prisma';
import { PrismaService } from '../database/prisma.service';

/** How long a response is replayed for its Idempotency-Key; after that the key may be used afresh. */
const REPLAY_FOR_MS = 24 * 60 * 60 * 1000;
/** A first request that neither finished nor failed this long ago died with its process: its key is free again. */
const ABANDONED_AFTER_MS = 5 * 60 * 1000;

export type Claim =
  | { kind: 'claimed' }
  | { kind: 'replay'; response: unknown }
  | { kind: 'mismatch' }
  | { kind: 'in-progress' };

type IdempotencyRecord = Prisma.IdempotencyRecordGetPayload<object>;

/**
 * Idempotency records, one per (scope, key). The API writes them itself:
 * like API keys, they are the edge's bookkeeping, not business data.
 */
@Injectable()
export class IdempotencyStore {
  constructor(private readonly db: PrismaService) {}

  /** Claims a key for a request, or says what became of the request that claimed it first. */
  async claim(scope: string, key: string, requestHash: string, now = new Date()): Promise<Claim> {
    const { count } = await this.db.idempotencyRecord.createMany({ data: [{ scope, key, requestHash, createdAt: now }], skipDuplicates: true });
    if (count === 1) return { kind: 'claimed' };
    const existing = await this.db.idempotencyRecord.findUnique({ where: { scope_key: { scope, key } } });
    // Gone meanwhile: its first request just failed and released it. The client may retry.
    if (!existing) return { kind: 'in-progress' };
    if (isExpired(existing, now)) return this.takeOver(existing, requestHash, now);
    if (existing.requestHash !== requestHash) return { kind: 'mismatch' };
    if (!existing.completedAt) return { kind: 'in-progress' };
    return { kind: 'replay', response: existing.response };
  }

  async complete(scope: string, key: string, response: Prisma.InputJsonValue | null): Promise<void> {
    await this.db.idempotencyRecord.update({
      where: { scope_key: { scope, key } },
      data: { response: response ?? Prisma.JsonNull, completedAt: new Date() },
    });
  }

  /** Frees the key after its request failed, so the client can retry with it. */
  async release(scope: string, key: string): Promise<void> {
    await this.db.idempotencyRecord.deleteMany({ where: { scope, key, completedAt: null } });
  }

  private async takeOver(existing: IdempotencyRecord, requestHash: string, now: Date): Promise<Claim> {
    const { count } = await this.db.idempotencyRecord.updateMany({
      where: { scope: existing.scope, key: existing.key, createdAt: existing.createdAt },
      data: { requestHash, createdAt: now, response: Prisma.DbNull, completedAt: null },
    });
    return count === 1 ? { kind: 'claimed' } : { kind: 'in-progress' };
  }
}

function isExpired(record: IdempotencyRecord, now: Date): boolean {
  const age = now.getTime() - record.createdAt.getTime();
  return record.completedAt ? age > REPLAY_FOR_MS : age > ABANDONED_AFTER_MS;
}
