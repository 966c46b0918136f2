import { Prisma, type PrismaClient } from '../../libs/db/src/prisma';
import { checkToolCall, fail, type ToolName, type ToolResult } from '../../libs/tools/src';
import { loadTenantProfile } from './tenant-profile';
import type { ToolExecution, ToolHandler, ToolHandlers } from './tool-context';

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
  clock?: () => Date;
}

/**
 * Runs a tool exactly once per toolCallId. The handler's writes and the
 * ToolCall row commit in one transaction, so a retry (of the activity or of
 * the Update) finds the row and returns the recorded result instead of
 * running the tool again. Nothing here calls out of the database: a transfer
 * the tool asked for comes back as `transfer`, for the workflow to carry out.
 */
export async function executeTool(deps: ExecuteToolDeps, input: ExecuteToolInput): Promise<ToolExecution> {
  const recorded = await findRecordedExecution(deps.db, input.toolCallId);
  if (recorded) return recorded;

  const started = Date.now();
  try {
    return await deps.db.$transaction(
      async (tx) => {
        const tenant = await loadTenantProfile(tx, input.tenantId);
        const check = checkToolCall(input.name, input.args, input.toolPacks ?? tenant.toolPacks);
        // The workflow validator checked this already; a direct caller may not have.
        if (!check.ok) return fail('invalid_tool_call', check.reason);
        const handler = deps.handlers[check.name] as ToolHandler<ToolName>;
        const execution = await handler(check.args as never, {
          db: tx,
          tenant,
          toolCallId: input.toolCallId,
          callSid: input.callSid,
          callerNumber: input.callerNumber,
          now: deps.clock?.() ?? new Date(),
        });
        const result = modelResult(execution);
        await tx.toolCall.create({
          data: {
            id: input.toolCallId,
            tenantId: input.tenantId,
            callSid: input.callSid ?? null,
            name: input.name,
            args: (input.args ?? {}) as Prisma.InputJsonValue,
            ok: result.ok,
            result: result as unknown as Prisma.InputJsonValue,
            durationMs: Date.now() - started,
          },
        });
        return execution;
      },
      { timeout: 20_000, maxWait: 10_000 },
    );
  } catch (error) {
    // Two deliveries of the same tool call raced: the loser returns the winner's result.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
      const winner = await findRecordedExecution(deps.db, input.toolCallId);
      if (winner) return winner;
    }
    throw error;
  }
}

/** The recorded result, with the transfer it asked for while that has no recorded outcome yet. */
async function findRecordedExecution(db: PrismaClient, toolCallId: string): Promise<ToolExecution | undefined> {
  const row = await db.toolCall.findUnique({ where: { id: toolCallId }, select: { result: true } });
  if (!row) return undefined;
  const result = row.result as unknown as ToolResult;
  const transfer = await db.callTransfer.findUnique({ where: { id: toolCallId }, select: { status: true, targetNumber: true } });
  return transfer?.status === 'REQUESTED' ? { ...result, transfer: { transferId: toolCallId, to: transfer.targetNumber } } : result;
}

/** What the model sees of an execution. */
function modelResult(execution: ToolExecution): ToolResult {
  const { transfer: _forTheWorkflow, ...result } = execution;
  return result as ToolResult;
}
