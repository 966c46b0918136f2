import { z } from 'zod';
import { defineTool, e164, localDateTime } from '../tool-spec';

export const getBusinessHours = defineTool({
  name: 'get_business_hours',
  pack: 'core',
  execution: 'fast',
  effect: 'read',
  description: "Opening hours for each day of the week in the business's time zone, and whether it is open right now.",
  args: z.object({}),
});

export const getLocation = defineTool({
  name: 'get_location',
  pack: 'core',
  execution: 'fast',
  effect: 'read',
  description: 'The street address of the business.',
  args: z.object({}),
});

export const listServices = defineTool({
  name: 'list_services',
  pack: 'core',
  execution: 'fast',
  effect: 'read',
  description: 'Services the business offers, with typical duration and starting price.',
  args: z.object({}),
});

export const requestCallback = defineTool({
  name: 'request_callback',
  pack: 'core',
  execution: 'fast',
  effect: 'write',
  description: 'Ask a person from the business to call the caller back, optionally at a preferred time.',
  args: z.object({
    reason: z.string().min(3).max(500).describe('What the caller needs, in a sentence'),
    name: z.string().min(1).max(120).optional().describe("Caller's name, if given"),
    phone: e164().optional().describe('Number to call back; defaults to the number the caller is calling from'),
    preferred_time: localDateTime().optional().describe('When the caller would like the call'),
  }),
});

export const transferToHuman = defineTool({
  name: 'transfer_to_human',
  pack: 'core',
  // The Update goes on to redirect the call through Twilio.
  execution: 'slow',
  effect: 'call',
  description: 'Transfer the caller to a person. Use when asked for a human, or when you cannot help.',
  args: z.object({
    queue: z.enum(['primary', 'after_hours', 'spanish']).default('primary').describe('Who should take the call'),
    reason: z.string().min(3).max(300).describe('Why the caller is being transferred'),
  }),
});

export const endCall = defineTool({
  name: 'end_call',
  pack: 'core',
  execution: 'fast',
  effect: 'call',
  description: 'End the call after saying goodbye, once the caller has nothing else.',
  args: z.object({
    reason: z.string().max(200).optional(),
  }),
});

export const optOut = defineTool({
  name: 'opt_out',
  pack: 'core',
  execution: 'fast',
  effect: 'write',
  description:
    'Put a number on the do-not-contact list when the person asks us to stop contacting them: "stop calling me" is voice, ' +
    '"stop texting me" is sms, "don\'t contact me at all" is all. Then confirm it to them.',
  args: z.object({
    channel: z.enum(['voice', 'sms', 'all']).describe('What they asked us to stop: calls (voice), texts (sms), or both (all)'),
    phone: e164().optional().describe("The number to stop contacting; defaults to the caller's (or, on our call, the callee's)"),
  }),
});

/** Every tenant has the core pack, so every agent, on inbound and outbound calls, can take an opt-out. */
export const CORE_TOOLS = [getBusinessHours, getLocation, listServices, requestCallback, transferToHuman, endCall, optOut] as const;
