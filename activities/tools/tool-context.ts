import type { BusinessHours, TransferNumbers } from '../../libs/agent-config/src/agent-config';
import type { CallbackRequest } from '../../libs/callbacks/src/callback-messages';
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
 * A tool's result, and what it recorded for the workflow to carry out once
 * the tool's transaction committed: a call transfer to redirect, a callback
 * to start (the model never sees `transfer` or `callback`).
 */
export type ToolExecution = ToolResult & { transfer?: PendingTransfer; callback?: CallbackRequest };

/**
 * Runs one tool. A business outcome ("slot taken", "not found") is returned
 * as `fail(...)`: final, never retried. A thrown error means infrastructure
 * trouble and the activity retries it.
 */
export type ToolHandler<N extends ToolName> = (args: ToolArgs<N>, ctx: ToolContext) => Promise<ToolExecution>;

/** A handler for every tool in the registry: the compiler refuses a missing one. */
export type ToolHandlers = { [N in ToolName]: ToolHandler<N> };
