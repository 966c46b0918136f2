import { IANAZone } from 'luxon';
import { z } from 'zod';
import { e164, TOOL_PACKS } from '../../tools/src/tool-spec';
import { WEEKDAYS } from './weekdays';

// The shapes of AgentConfig's JSON columns (Prisma types them as plain JSON).
// Every reader parses them with these schemas; nobody casts.

/** The voices of OpenAI's GA Realtime models. */
export const REALTIME_VOICES = ['alloy', 'ash', 'ballad', 'cedar', 'coral', 'echo', 'marin', 'sage', 'shimmer', 'verse'] as const;

export { WEEKDAYS, type Weekday } from './weekdays';

const clockTime = z.string().regex(/^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'expected a time as HH:mm (24:00 for midnight at the end of the day)');

/** `{ mon: [{ open: "08:00", close: "17:00" }], … }` in the tenant's time zone; a missing day is closed. */
export const BusinessHoursSchema = z.partialRecord(z.enum(WEEKDAYS), z.array(z.object({ open: clockTime, close: clockTime })));
export type BusinessHours = z.output<typeof BusinessHoursSchema>;

/** Who takes a transferred caller, per queue; `primary` also when another queue has no number. */
export const TransferNumbersSchema = z.object({ primary: e164().optional(), afterHours: e164().optional(), spanish: e164().optional() });
export type TransferNumbers = z.output<typeof TransferNumbersSchema>;

/** A tenant's AgentConfig holds JSON that does not fit its schema: a configuration fault, not a passing one. */
export class AgentConfigError extends Error {
  constructor(tenantId: string, column: string, issues: z.core.$ZodIssue[]) {
    const problems = issues.map((issue) => (issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message));
    super(`tenant ${tenantId}: AgentConfig.${column} is invalid (${problems.join('; ')})`);
    this.name = 'AgentConfigError';
  }
}

export function readBusinessHours(tenantId: string, json: unknown): BusinessHours {
  return readColumn(BusinessHoursSchema, 'businessHours', tenantId, json);
}

export function readTransferNumbers(tenantId: string, json: unknown): TransferNumbers {
  return readColumn(TransferNumbersSchema, 'transferNumbers', tenantId, json);
}

function readColumn<T>(schema: z.ZodType<T>, column: string, tenantId: string, json: unknown): T {
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new AgentConfigError(tenantId, column, parsed.error.issues);
  return parsed.data;
}

const timeZone = z.string().refine((zone) => IANAZone.isValidZone(zone), 'expected an IANA time zone, e.g. America/Chicago');

/** Where a tenant's finished calls are POSTed: an http(s) URL (https in production). */
export const CrmWebhookUrlSchema = z.url({ protocol: /^https?$/ });

/** What a tenant may change of its agent (REST `PATCH /v1/agent-config`); every field optional, none unknown. */
export const AgentConfigUpdateSchema = z.strictObject({
  agentName: z.string().trim().min(1).max(60).optional(),
  brand: z.string().trim().min(1).max(120).optional(),
  /** `{brand}` and `{agent}` are filled in. */
  greetingTemplate: z.string().trim().min(1).max(500).optional(),
  voice: z.enum(REALTIME_VOICES).optional(),
  instructions: z.string().trim().min(1).max(20_000).optional(),
  timeZone: timeZone.optional(),
  businessHours: BusinessHoursSchema.optional(),
  transferNumbers: TransferNumbersSchema.optional(),
  toolPacks: z.array(z.enum(TOOL_PACKS)).min(1).refine((packs) => packs.includes('core'), "must include 'core'").optional(),
  crmWebhookUrl: CrmWebhookUrlSchema.nullable().optional(),
  recordingEnabled: z.boolean().optional(),
  /** Off: the voice webhook dials the business's primary number instead of the agent. */
  aiEnabled: z.boolean().optional(),
  /** On: the browser agent asks its user to confirm each write tool on screen before it runs. */
  confirmWrites: z.boolean().optional(),
});
export type AgentConfigUpdate = z.output<typeof AgentConfigUpdateSchema>;
