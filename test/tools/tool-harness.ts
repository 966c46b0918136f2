import { randomUUID } from 'node:crypto';
import type { DateTime } from 'luxon';
import { executeTool } from '../../activities/tools/execute-tool';
import { TOOL_HANDLERS } from '../../activities/tools/handlers';
import { uncachedTenantProfiles } from '../../activities/tools/tenant-profile';
import { createPrismaClient, type PrismaClient } from '../../libs/db/src/prisma';
import type { ToolErrorBody, ToolResult } from '../../libs/tools/src';
import { requiredEnv } from '../support/test-env';

export interface CallOptions {
  toolCallId?: string;
  /** The number the caller dials from; `null` for a caller with no number. */
  callerNumber?: string | null;
  /** The tool's clock; the harness's fixed time when omitted. */
  now?: DateTime;
}

/** Runs tools for one seeded tenant of the file's database through executeTool, on a fixed clock. */
export interface TenantHarness {
  db: PrismaClient;
  tenantId: string;
  timeZone: string;
  now: DateTime;
  call(name: string, args: object, options?: CallOptions): Promise<ToolResult>;
  close(): Promise<void>;
}

export async function openTenantHarness(slug: string, clock: (timeZone: string) => DateTime, callerNumber?: string): Promise<TenantHarness> {
  const db = createPrismaClient(requiredEnv('DATABASE_URL'));
  const tenant = await db.tenant.findUniqueOrThrow({ where: { slug }, include: { agentConfig: true } });
  const timeZone = tenant.agentConfig!.timeZone;
  const now = clock(timeZone);
  const tenantProfiles = uncachedTenantProfiles(db);
  return {
    db,
    tenantId: tenant.id,
    timeZone,
    now,
    call(name, args, options = {}) {
      const at = (options.now ?? now).toJSDate();
      const caller = options.callerNumber === undefined ? callerNumber : (options.callerNumber ?? undefined);
      return executeTool(
        { db, handlers: TOOL_HANDLERS, tenantProfiles, clock: () => at },
        { tenantId: tenant.id, toolCallId: options.toolCallId ?? randomUUID(), name, args, callerNumber: caller },
      );
    },
    close: () => db.$disconnect(),
  };
}

/** The data of an ok result; fails the test with the error otherwise. */
export function okData<T>(result: ToolResult): T {
  if (!result.ok) throw new Error(`expected ok, got ${JSON.stringify(result.error)}`);
  return result.data as T;
}

/** The error of a failed result, after checking its code. */
export function failure(result: ToolResult, code: string): ToolErrorBody {
  if (result.ok) throw new Error(`expected ${code}, got ok ${JSON.stringify(result.data)}`);
  expect(result.error.code).toBe(code);
  expect(result.error.message.length).toBeGreaterThan(0);
  return result.error;
}

export interface SlotView {
  start: string;
  end: string;
  start_utc: string;
}

export interface AppointmentView extends SlotView {
  appointment_id: string;
  service: string;
  name: string;
  phone: string;
  status: string;
}

export interface SlotTakenDetails {
  alternatives: SlotView[];
}
