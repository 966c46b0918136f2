import { z } from 'zod';
import { AgentConfigError } from '../../agent-config/src/agent-config';
import { CONTACT_HOURS_LIMITS, DEFAULT_CONTACT_HOURS } from './contact-hours';

const clockTime = z.string().regex(/^(?:[01]\d|2[0-3]):[0-5]\d$/, 'expected a time as HH:mm');

/** The daily window outside of which nobody is called or texted ("quiet hours" are the rest of the day). */
export const ContactHoursSchema = z
  .object({ start: clockTime, end: clockTime })
  .refine((hours) => hours.start < hours.end, { message: 'start must be before end' })
  .refine((hours) => hours.start >= CONTACT_HOURS_LIMITS.start && hours.end <= CONTACT_HOURS_LIMITS.end, {
    message: `contact hours must lie within ${CONTACT_HOURS_LIMITS.start}–${CONTACT_HOURS_LIMITS.end}`,
  });
export type ContactHours = z.output<typeof ContactHoursSchema>;

/** AgentConfig.contactHours; null is the default window. */
export function readContactHours(tenantId: string, json: unknown): ContactHours {
  if (json === null || json === undefined) return DEFAULT_CONTACT_HOURS;
  const parsed = ContactHoursSchema.safeParse(json);
  if (!parsed.success) throw new AgentConfigError(tenantId, 'contactHours', parsed.error.issues);
  return parsed.data;
}
