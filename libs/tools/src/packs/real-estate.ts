import { z } from 'zod';
import { defineTool, e164, localDateTime } from '../tool-spec';
import { SAY_CONSENT_WORDING } from './reminder-consent';

export const searchProperties = defineTool({
  name: 'search_properties',
  pack: 'real_estate',
  execution: 'fast',
  effect: 'read',
  description: 'Search active listings by city, price range and minimum bedrooms.',
  args: z.object({
    city: z.string().min(1).optional(),
    min_price: z.number().int().nonnegative().optional().describe('US dollars'),
    max_price: z.number().int().positive().optional().describe('US dollars'),
    min_bedrooms: z.number().int().min(0).max(20).optional(),
    limit: z.number().int().min(1).max(10).default(5),
  }),
});

export const bookShowing = defineTool({
  name: 'book_showing',
  pack: 'real_estate',
  execution: 'fast',
  effect: 'write',
  description: `Book a showing of a listing at a free time. ${SAY_CONSENT_WORDING}`,
  args: z.object({
    property_id: z.string().min(1),
    start: localDateTime(),
    name: z.string().min(1).max(120),
    phone: e164().optional(),
  }),
});

export const qualifyLead = defineTool({
  name: 'qualify_lead',
  pack: 'real_estate',
  execution: 'fast',
  effect: 'write',
  description: "Record a buyer's or seller's situation and get a lead score (0-100).",
  args: z.object({
    name: z.string().min(1).max(120),
    intent: z.enum(['buy', 'sell', 'rent', 'other']),
    budget: z.number().int().positive().optional().describe('US dollars'),
    timeline_months: z.number().int().min(0).max(60).optional(),
    pre_approved: z.boolean().optional(),
    phone: e164().optional(),
  }),
});

export const REAL_ESTATE_TOOLS = [searchProperties, bookShowing, qualifyLead] as const;
