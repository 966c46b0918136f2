import { Inject, Injectable } from '@nestjs/common';
import { Client, type WorkflowExecutionInfo } from '@temporalio/client';
import { CALL_WORKFLOW_TYPE } from '../../../../libs/calls/src';
import type { ApiEnv } from '../../../../libs/config/src/env';
import { CallerNumberKey, CallSidKey, DirectionKey, TenantIdKey } from '../../../../libs/temporal/src/search-attributes';
import { workflowUiUrl } from '../../../../libs/temporal/src/temporal-ui';
import { ENV } from '../config/config.module';
import { PrismaService } from '../database/prisma.service';
import type { LiveCall } from './live-calls.schemas';

/** What the call workflow keeps in its memo for admins (`refreshMemo` in workflows/call.workflow.ts). */
interface CallMemo {
  lastTool?: string;
  toolCalls?: number;
}

/**
 * Calls in progress, read from Temporal visibility: every running
 * `callWorkflow` of the tenants in scope. Calls are live in Temporal before
 * they are rows in PostgreSQL, and a call's search attributes and memo say
 * all a list needs, so nothing here reads the calls table.
 */
@Injectable()
export class LiveCallsService {
  constructor(
    private readonly db: PrismaService,
    @Inject(Client) private readonly client: Client,
    @Inject(ENV) private readonly env: ApiEnv,
  ) {}

  /** Newest first; `tenantId` undefined: every tenant this API knows (admin keys). */
  async list(tenantId: string | undefined, limit: number): Promise<LiveCall[]> {
    const now = new Date();
    const tenants = await this.db.tenant.findMany({ where: tenantId ? { id: tenantId } : {}, select: { id: true, slug: true, name: true } });
    if (tenants.length === 0) return [];
    const byId = new Map(tenants.map((tenant) => [tenant.id, tenant]));
    // Scoped by TenantId even for an admin key: a namespace may hold other deployments' calls.
    const query = [
      `WorkflowType = '${CALL_WORKFLOW_TYPE}'`,
      `ExecutionStatus = 'Running'`,
      `${TenantIdKey.name} IN (${tenants.map((tenant) => `'${tenant.id}'`).join(', ')})`,
    ].join(' AND ');
    const calls: LiveCall[] = [];
    for await (const execution of this.client.workflow.list({ query, pageSize: limit })) {
      const tenant = byId.get(execution.typedSearchAttributes.get(TenantIdKey) ?? '');
      if (tenant) calls.push(this.liveCall(execution, tenant, now));
      if (calls.length >= limit) break;
    }
    return calls.sort((a, b) => b.startedAt.localeCompare(a.startedAt));
  }

  private liveCall(execution: WorkflowExecutionInfo, tenant: { slug: string; name: string }, now: Date): LiveCall {
    const attributes = execution.typedSearchAttributes;
    const memo = (execution.memo ?? {}) as CallMemo;
    return {
      callSid: attributes.get(CallSidKey) ?? execution.workflowId.replace(/^call-/, ''),
      workflowId: execution.workflowId,
      tenant: tenant.slug,
      tenantName: tenant.name,
      direction: attributes.get(DirectionKey) === 'outbound' ? 'outbound' : 'inbound',
      caller: attributes.get(CallerNumberKey) ?? '',
      startedAt: execution.startTime.toISOString(),
      durationSeconds: Math.max(0, Math.round((now.getTime() - execution.startTime.getTime()) / 1000)),
      lastTool: memo.lastTool ?? null,
      toolCalls: memo.toolCalls ?? 0,
      temporalUiUrl: this.env.TEMPORAL_UI_URL ? workflowUiUrl(this.env.TEMPORAL_UI_URL, this.env.TEMPORAL_NAMESPACE, execution.workflowId) : null,
    };
  }
}
