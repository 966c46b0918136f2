import { z } from 'zod';
import { AgentConfigUpdateSchema, BusinessHoursSchema, REALTIME_VOICES, TransferNumbersSchema } from '../../../../libs/agent-config/src/agent-config';
import { TOOL_PACKS } from '../../../../libs/tools/src/tool-spec';
import { TenantQuery } from '../common/tenant-slug';

export const AgentConfigQuery = z.strictObject(TenantQuery);

export const AgentConfigUpdateBody = AgentConfigUpdateSchema;

/** A tenant and how its agent answers. The CRM webhook's signing secret is never shown. */
export const AgentConfigView = z.object({
  tenant: z.object({ slug: z.string(), name: z.string(), vertical: z.enum(['AUTO_SHOP', 'REAL_ESTATE', 'ROOFING', 'HOTEL']), address: z.string() }),
  agentName: z.string(),
  brand: z.string(),
  greetingTemplate: z.string(),
  voice: z.enum(REALTIME_VOICES).or(z.string()),
  instructions: z.string(),
  timeZone: z.string(),
  businessHours: BusinessHoursSchema,
  transferNumbers: TransferNumbersSchema,
  toolPacks: z.array(z.enum(TOOL_PACKS).or(z.string())),
  slotMinutes: z.number().int(),
  slotCapacity: z.number().int(),
  crmWebhookUrl: z.string().nullable(),
  recordingEnabled: z.boolean(),
  aiEnabled: z.boolean(),
  confirmWrites: z.boolean(),
  updatedAt: z.iso.datetime(),
});
export type AgentConfigView = z.output<typeof AgentConfigView>;
