import { ConflictException, HttpException, Inject, Injectable, NotFoundException, UnprocessableEntityException, BadRequestException } from '@nestjs/common';
import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { createHash, randomUUID } from 'node:crypto';
import type { CallbackState, CallbackStatus } from '../../../../libs/callbacks/src/callback-messages';
import type { CallbackStatus as StoredStatus, Prisma } from '../../../../libs/db/src/prisma';
import { callbackRequestOf } from '../../../../activities/callbacks/callback-records';
import { CallbacksClient } from '../../../../libs/temporal/src/callbacks-client';
import type { Principal } from '../auth/principal';
import { canAccessTenant, TenantAccess } from '../auth/tenant-access';
import { PrismaService } from '../database/prisma.service';
import type { CreateCallbackBody, ListCallbacksQuery } from './callbacks.schemas';

const STATUS_OF: Record<StoredStatus, CallbackStatus> = {
  PENDING: 'waiting',
  SCHEDULED: 'scheduled',
  COMPLETED: 'completed',
  FAILED: 'failed',
  CANCELLED: 'cancelled',
};
const STORED_STATUS = Object.fromEntries(Object.entries(STATUS_OF).map(([stored, status]) => [status, stored])) as Record<CallbackStatus, StoredStatus>;
const FINAL: StoredStatus[] = ['COMPLETED', 'FAILED', 'CANCELLED'];

/** How the workflow's refusals of an Update read over HTTP. */
const HTTP_ERROR_OF: Record<string, (message: string) => HttpException> = {
  InvalidRequest: (message) => new BadRequestException([message]),
  CallbackNotChangeable: (message) => new ConflictException(message),
  NoContactWindow: (message) => new UnprocessableEntityException(message),
};

/**
 * Callbacks over REST. `callback-<id>` is the source of truth for a
 * callback's state (a query); the Callback rows its activities write are
 * what ownership is checked against and what listings read.
 */
@Injectable()
export class CallbacksService {
  constructor(
    private readonly db: PrismaService,
    private readonly tenants: TenantAccess,
    @Inject(CallbacksClient) private readonly callbacks: CallbacksClient,
  ) {}

  /** With an Idempotency-Key the id derives from it, so even a retry of a request that failed midway schedules one callback. */
  async create(principal: Principal, body: CreateCallbackBody, idempotencyKey: string | undefined): Promise<CallbackState> {
    const tenant = await this.tenants.target(principal, body.tenant);
    return this.callbacks.schedule({
      callbackId: callbackIdFor(tenant.id, idempotencyKey),
      tenantId: tenant.id,
      phone: body.phone,
      name: body.name,
      reason: body.reason,
      notes: body.notes,
      requestedAt: body.requestedAt && new Date(body.requestedAt).toISOString(),
      source: 'rest',
    });
  }

  async get(principal: Principal, id: string): Promise<CallbackState> {
    const row = await this.owned(principal, id);
    try {
      return await this.callbacks.state(id);
    } catch (error) {
      // A callback recorded before callbacks had workflows: its row is all there is.
      if (error instanceof WorkflowNotFoundError) return stateOf(row);
      throw error;
    }
  }

  async list(principal: Principal, query: ListCallbacksQuery): Promise<{ data: CallbackState[] }> {
    const tenant = await this.tenants.target(principal, query.tenant);
    const rows = await this.db.callback.findMany({
      where: { tenantId: tenant.id, ...(query.status && { status: STORED_STATUS[query.status] }) },
      orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
      take: query.limit,
    });
    return { data: rows.map(stateOf) };
  }

  async reschedule(principal: Principal, id: string, requestedAt: string): Promise<CallbackState> {
    await this.changeable(principal, id);
    return this.refusalsAsHttp(() => this.callbacks.reschedule(id, new Date(requestedAt).toISOString()));
  }

  async cancel(principal: Principal, id: string, reason: string | undefined): Promise<CallbackState> {
    await this.changeable(principal, id);
    return this.refusalsAsHttp(() => this.callbacks.cancel(id, reason));
  }

  /** Another tenant's callback is a 404, word for word like one that does not exist. */
  private async owned(principal: Principal, id: string): Promise<Prisma.CallbackModel> {
    const row = await this.db.callback.findUnique({ where: { id } });
    if (!row || !canAccessTenant(principal, row.tenantId)) throw new NotFoundException(`No callback ${id}`);
    return row;
  }

  private async changeable(principal: Principal, id: string): Promise<void> {
    const row = await this.owned(principal, id);
    if (FINAL.includes(row.status)) throw new ConflictException(`the callback is ${STATUS_OF[row.status]}: it can no longer change`);
  }

  private async refusalsAsHttp(update: () => Promise<CallbackState>): Promise<CallbackState> {
    try {
      return await update();
    } catch (error) {
      if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure) {
        const toHttp = HTTP_ERROR_OF[error.cause.type ?? ''];
        if (toHttp) throw toHttp(error.cause.message);
      }
      if (error instanceof WorkflowNotFoundError) throw new ConflictException('the callback can no longer change');
      throw error;
    }
  }
}

function callbackIdFor(tenantId: string, idempotencyKey: string | undefined): string {
  const seed = idempotencyKey === undefined ? randomUUID() : `${tenantId}\n${idempotencyKey}`;
  return `cb_${createHash('sha256').update(seed).digest('hex').slice(0, 24)}`;
}

function stateOf(row: Prisma.CallbackModel): CallbackState {
  return {
    ...callbackRequestOf(row),
    status: STATUS_OF[row.status],
    dueAt: row.dueAt?.toISOString(),
    outcome: row.outcome ?? undefined,
  };
}
