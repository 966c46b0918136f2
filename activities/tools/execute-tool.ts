import { Prisma, type PrismaClient } from '../../libs/db/src/prisma';
import { checkToolCall, fail, findToolSpec, type ToolName, type ToolResult } from '../../libs/tools/src';
import type { TenantProfiles } from './tenant-profile';
import { findPendingCallback } from '../callbacks/callback-records';
import type { ToolContext, ToolExecution, ToolHandler, ToolHandlers } from './tool-context';

export interface ExecuteToolInput {
  tenantId: string;
  /** Realtime function-call id; also the workflow Update id. */
  toolCallId: string;
  name: string;
  args: unknown;
  callSid?: string;
  callerNumber?: string;
  /** The call's packs (an outbound call adds `reminders`); default: the tenant's. */
  toolPacks?: string[];
}

export interface ExecuteToolDeps {
  db: PrismaClient;
  handlers: ToolHandlers;
  tenantProfiles: TenantProfiles;
  clock?: () => Date;
}

/**
 * Runs a tool exactly once per toolCallId. The handler's writes and the
 * ToolCall row (keyed by the toolCallId) commit in one transaction. A re-run
 * (of the activity or of the Update) runs the handler again, but its insert
 * of the ToolCall row conflicts with the recorded one: its transaction rolls
 * back, whatever it wrote with it, and the recorded result is returned. Re-runs
 * are rare, so the common path spends no round trip looking for a record
 * first. A tool that only reads (its spec's `effect`) has no effect to keep
 * once: it runs outside a transaction and its row is upserted, two round trips
 * where a write takes four. Nothing here calls out of the database: a transfer
 * the tool asked for comes back as `transfer`, for the workflow to carry out.
 */
export async function executeTool(deps: ExecuteToolDeps, input: ExecuteToolInput): Promise<ToolExecution> {
  const started = Date.now();
  const tenant = await deps.tenantProfiles.get(input.tenantId);
  const check = checkToolCall(input.name, input.args, input.toolPacks ?? tenant.toolPacks);
  // The workflow validator checked this already; a direct caller may not have (or the packs changed since the first run).
  if (!check.ok) return (await findRecordedExecution(deps.db, input.toolCallId)) ?? fail('invalid_tool_call', check.reason);
  const handler = deps.handlers[check.name] as ToolHandler<ToolName>;
  const run = (db: ToolContext['db']) =>
    handler(check.args as never, {
      db,
      tenant,
      toolCallId: input.toolCallId,
      callSid: input.callSid,
      callerNumber: input.callerNumber,
      now: deps.clock?.() ?? new Date(),
    });
  const record = (execution: ToolExecution) => toolCallRow(input, execution, Date.now() - started);
  if (findToolSpec(check.name)?.effect === 'read') {
    const execution = await run(deps.db);
    await upsertToolCall(deps.db, record(execution));
    return execution;
  }
  try {
    return await deps.db.$transaction(
      async (tx) => {
        const execution = await run(tx);
        await tx.toolCall.create({ data: record(execution) });
        return execution;
      },
      { timeout: 20_000, maxWait: 10_000 },
    );
  } catch (error) {
    // A re-run, or two deliveries of the same tool call racing: the recorded result wins.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
      const winner = await findRecordedExecution(deps.db, input.toolCallId);
      if (winner) return winner;
    }
    throw error;
  }
}

function toolCallRow(input: ExecuteToolInput, execution: ToolExecution, durationMs: number) {
  const result = modelResult(execution);
  return {
    id: input.toolCallId,
    tenantId: input.tenantId,
    callSid: input.callSid ?? null,
    name: input.name,
    args: (input.args ?? {}) as Prisma.InputJsonValue,
    ok: result.ok,
    result: result as unknown as Prisma.InputJsonValue,
    durationMs,
  };
}

/** The recorded result, with the transfer or callback it asked for while that has not been carried out yet. */
async function findRecordedExecution(db: PrismaClient, toolCallId: string): Promise<ToolExecution | undefined> {
  const row = await db.toolCall.findUnique({ where: { id: toolCallId }, select: { result: true } });
  if (!row) return undefined;
  const result = row.result as unknown as ToolResult;
  const transfer = await db.callTransfer.findUnique({ where: { id: toolCallId }, select: { status: true, targetNumber: true } });
  if (transfer?.status === 'REQUESTED') return { ...result, transfer: { transferId: toolCallId, to: transfer.targetNumber } };
  const callback = await findPendingCallback(db, toolCallId);
  return callback ? { ...result, callback } : result;
}

/**
 * A re-run's answer is the one the model gets, so the row keeps the latest.
 * Raw SQL on the hottest path: Prisma's upsert costs ~2 ms of query building
 * here, this statement under 1 ms.
 */
async function upsertToolCall(db: PrismaClient, row: ReturnType<typeof toolCallRow>): Promise<void> {
  await db.$executeRaw`
    INSERT INTO "ToolCall" (id, "tenantId", "callSid", name, args, ok, result, "durationMs")
    VALUES (${row.id}, ${row.tenantId}, ${row.callSid}, ${row.name}, ${JSON.stringify(row.args)}::jsonb, ${row.ok}, ${JSON.stringify(row.result)}::jsonb, ${row.durationMs})
    ON CONFLICT (id) DO UPDATE SET ok = EXCLUDED.ok, result = EXCLUDED.result, "durationMs" = EXCLUDED."durationMs"`;
}

/** What the model sees of an execution. */
function modelResult(execution: ToolExecution): ToolResult {
  const { transfer: _transferForTheWorkflow, callback: _callbackForTheWorkflow, ...result } = execution;
  return result as ToolResult;
}
