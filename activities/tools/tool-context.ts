import type { BusinessHours, TransferNumbers } from '../../libs/agent-config/src/agent-config';
import type { PendingTransfer } from '../../libs/calls/src';
import type { Prisma } from '../../libs/db/src/prisma';
import type { ToolArgs, ToolName, ToolResult } from '../../libs/tools/src';

export type { BusinessHours, Weekday } from '../../libs/agent-config/src/agent-config';

/** The tenant facts a tool needs, loaded once per execution. */
export interface TenantProfile {
  id: string;
  name: string;
  address: string;
  timeZone: string;
  businessHours: BusinessHours;
  transferNumbers: TransferNumbers;
  slotMinutes: number;
  slotCapacity: number;
}

export interface ToolContext {
  /** The transaction the tool runs in; its writes commit with the tool-call record, or not at all. */
  db: Prisma.TransactionClient;
  tenant: TenantProfile;
  /** Realtime call id = Update id: the idempotency key for anything the tool writes. */
  toolCallId: string;
  callSid?: string;
  callerNumber?: string;
  now: Date;
}

/**
 * A tool's result, and the call transfer it recorded when it asked for one:
 * the workflow redirects the call after the tool's transaction committed (the
 * model never sees `transfer`).
 */
export type ToolExecution = ToolResult & { transfer?: PendingTransfer };

/**
 * Runs one tool. A business outcome ("slot taken", "not found") is returned
 * as `fail(...)`: final, never retried. A thrown error means infrastructure
 * trouble and the activity retries it.
 */
export type ToolHandler<N extends ToolName> = (args: ToolArgs<N>, ctx: ToolContext) => Promise<ToolExecution>;

/** A handler for every tool in the registry: the compiler refuses a missing one. */
export type ToolHandlers = { [N in ToolName]: ToolHandler<N> };
