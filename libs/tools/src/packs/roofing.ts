import { z } from 'zod';
import { defineTool, e164 } from '../tool-spec';

export const createContact = defineTool({
  name: 'create_contact',
  pack: 'roofing',
  execution: 'fast',
  effect: 'write',
  description: 'Create a contact for a new homeowner (or return the existing one with that phone).',
  args: z.object({
    name: z.string().min(1).max(120),
    phone: e164().optional(),
    email: z.email().optional(),
    address: z.string().max(300).optional(),
  }),
});

export const searchContact = defineTool({
  name: 'search_contact',
  pack: 'roofing',
  execution: 'fast',
  effect: 'read',
  description: 'Find contacts by phone number or by name.',
  args: z
    .object({ phone: e164().optional(), name: z.string().min(2).optional() })
    .refine((a) => a.phone || a.name, 'give phone or name'),
});

export const addNote = defineTool({
  name: 'add_note',
  pack: 'roofing',
  execution: 'fast',
  effect: 'write',
  description: "Add a note to a contact's record.",
  args: z.object({ contact_id: z.string().min(1), note: z.string().min(1).max(2000) }),
});

export const logActivity = defineTool({
  name: 'log_activity',
  pack: 'roofing',
  execution: 'fast',
  effect: 'write',
  description: 'Log an activity (call, inspection request, estimate request, complaint) on a contact.',
  args: z.object({
    contact_id: z.string().min(1),
    kind: z.enum(['call', 'inspection_request', 'estimate_request', 'complaint', 'other']),
    description: z.string().min(1).max(1000),
  }),
});

export const getProjectStatus = defineTool({
  name: 'get_project_status',
  pack: 'roofing',
  execution: 'fast',
  effect: 'read',
  description: "Status of a roofing project by project number, or the contact's projects.",
  args: z
    .object({ project_number: z.string().min(1).optional(), contact_id: z.string().min(1).optional() })
    .refine((a) => a.project_number || a.contact_id, 'give project_number or contact_id'),
});

export const ROOFING_TOOLS = [createContact, searchContact, addNote, logActivity, getProjectStatus] as const;
