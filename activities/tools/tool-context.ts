import type { Prisma } from '../../libs/db/src/prisma';
import type { Telephony } from '../../libs/telephony/src/telephony';
import type { ToolArgs, ToolName, ToolResult } from '../../libs/tools/src';

/** The tenant facts a tool needs, loaded once per execution. */
export interface TenantProfile {
  id: string;
  name: string;
  address: string;
  timeZone: string;
  /** { mon: [{ open: "08:00", close: "17:00" }], … }; a missing day is closed. */
  businessHours: BusinessHours;
  transferNumbers: Partial<Record<'primary' | 'afterHours' | 'spanish', string>>;
  slotMinutes: number;
  slotCapacity: number;
}

export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';
export type BusinessHours = Partial<Record<Weekday, Array<{ open: string; close: string }>>>;

export interface ToolContext {
  /** The transaction the tool runs in; its writes commit with the tool-call record, or not at all. */
  db: Prisma.TransactionClient;
  tenant: TenantProfile;
  /** Realtime call id = Update id: the idempotency key for anything the tool writes. */
  toolCallId: string;
  callSid?: string;
  callerNumber?: string;
  now: Date;
  /** The phone network, for tools that act on the live call; absent where no telephony is configured. */
  telephony?: Telephony;
}

/**
 * Runs one tool. A business outcome ("slot taken", "not found") is returned
 * as `fail(...)`: final, never retried. A thrown error means infrastructure
 * trouble and the activity retries it.
 */
export type ToolHandler<N extends ToolName> = (args: ToolArgs<N>, ctx: ToolContext) => Promise<ToolResult>;

/** A handler for every tool in the registry: the compiler refuses a missing one. */
export type ToolHandlers = { [N in ToolName]: ToolHandler<N> };
