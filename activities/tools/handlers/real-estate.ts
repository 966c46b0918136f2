import type { Prisma } from '../../../libs/db/src/prisma';
import { fail, ok, type ToolArgs } from '../../../libs/tools/src';
import { phoneOrCaller } from '../caller-phone';
import { centsToDollars } from '../local-time';
import { bookingMinutes, bookSlot, describeAppointment, findService } from '../scheduling';
import type { ToolHandler, ToolHandlers } from '../tool-context';
import { recordBookingConsent } from './booking-consent';

const ACTIVE = 'ACTIVE';
const SHOWING_SERVICE = 'Property showing';

const searchProperties: ToolHandler<'search_properties'> = async (args, ctx) => {
  if (args.min_price !== undefined && args.max_price !== undefined && args.min_price > args.max_price) {
    return fail('invalid_price_range', 'The minimum price is above the maximum price.');
  }
  const properties = await ctx.db.property.findMany({
    where: {
      tenantId: ctx.tenant.id,
      status: ACTIVE,
      ...(args.city && { city: { equals: args.city.trim(), mode: 'insensitive' } }),
      priceCents: { gte: dollarsToCents(args.min_price), lte: dollarsToCents(args.max_price) },
      ...(args.min_bedrooms !== undefined && { bedrooms: { gte: args.min_bedrooms } }),
    },
    orderBy: { priceCents: 'asc' },
    take: args.limit,
  });
  return ok({ count: properties.length, properties: properties.map(describeProperty) });
};

const dollarsToCents = (dollars: number | undefined) => (dollars === undefined ? undefined : dollars * 100);

function describeProperty(property: Prisma.PropertyModel) {
  return {
    property_id: property.id,
    address: property.address,
    city: property.city,
    kind: property.kind,
    price_dollars: centsToDollars(property.priceCents),
    bedrooms: property.bedrooms,
    bathrooms: property.bathrooms,
    square_feet: property.squareFeet,
    description: property.description,
  };
}

const bookShowing: ToolHandler<'book_showing'> = async (args, ctx) => {
  const property = await ctx.db.property.findFirst({ where: { id: args.property_id, tenantId: ctx.tenant.id } });
  if (!property) return fail('property_not_found', 'There is no listing with that id. Search the listings again.');
  if (property.status !== ACTIVE) return fail('property_not_available', `${property.address} is no longer on the market.`);
  const phone = phoneOrCaller(args.phone, ctx);
  if (!phone.ok) return phone;

  const showing = await findService(ctx, SHOWING_SERVICE);
  const booked = await bookSlot(ctx, {
    start: args.start,
    minutes: bookingMinutes(ctx.tenant, showing.ok ? showing.data.durationMinutes : undefined),
    serviceName: SHOWING_SERVICE,
    contactName: args.name,
    contactPhone: phone.data,
    propertyId: property.id,
  });
  if (!booked.ok) return booked;
  await recordBookingConsent(ctx, phone.data);
  return ok({ ...describeAppointment(booked.data, ctx.tenant.timeZone), property_address: property.address });
};

const qualifyLead: ToolHandler<'qualify_lead'> = async (args, ctx) => {
  const phone = phoneOrCaller(args.phone, ctx);
  if (!phone.ok) return phone;
  const { score, reasons } = scoreLead(args);
  const tier = score >= 70 ? 'hot' : score >= 40 ? 'warm' : 'cold';

  await ctx.db.syncOutbox.create({
    data: {
      tenantId: ctx.tenant.id,
      kind: 'lead.qualified',
      sourceKey: ctx.toolCallId,
      payload: {
        callSid: ctx.callSid ?? null,
        name: args.name,
        phone: phone.data,
        intent: args.intent,
        budgetDollars: args.budget ?? null,
        timelineMonths: args.timeline_months ?? null,
        preApproved: args.pre_approved ?? null,
        score,
        tier,
      },
    },
  });
  return ok({ score, tier, explanation: reasons.join('; ') });
};

interface LeadScore {
  score: number;
  reasons: string[];
}

/** Deterministic 0-100: intent up to 25, budget up to 25, timeline up to 30, pre-approval 20. */
function scoreLead(lead: ToolArgs<'qualify_lead'>): LeadScore {
  const parts: Array<[points: number, reason: string]> = [
    lead.intent === 'buy' || lead.intent === 'sell' ? [25, `wants to ${lead.intent}`] : lead.intent === 'rent' ? [10, 'wants to rent'] : [5, 'intent unclear'],
    budgetPoints(lead.budget),
    timelinePoints(lead.timeline_months),
    lead.pre_approved ? [20, 'pre-approved'] : [0, lead.pre_approved === false ? 'not pre-approved' : 'pre-approval unknown'],
  ];
  return {
    score: parts.reduce((sum, [points]) => sum + points, 0),
    reasons: parts.map(([points, reason]) => `${reason} (+${points})`),
  };
}

function budgetPoints(budget: number | undefined): [number, string] {
  if (budget === undefined) return [0, 'no budget given'];
  const label = `budget $${budget.toLocaleString('en-US')}`;
  if (budget >= 1_000_000) return [25, label];
  if (budget >= 500_000) return [20, label];
  if (budget >= 250_000) return [15, label];
  return [10, label];
}

function timelinePoints(months: number | undefined): [number, string] {
  if (months === undefined) return [0, 'no timeline given'];
  const label = months === 0 ? 'ready now' : `within ${months} month${months === 1 ? '' : 's'}`;
  if (months <= 3) return [30, label];
  if (months <= 6) return [20, label];
  if (months <= 12) return [10, label];
  return [5, label];
}

export const REAL_ESTATE_HANDLERS = {
  search_properties: searchProperties,
  book_showing: bookShowing,
  qualify_lead: qualifyLead,
} satisfies Partial<ToolHandlers>;
