import { randomUUID } from 'node:crypto';
import { KNOWN } from '../../prisma/seed/demo-data';
import { local, mondayInWeeks } from '../../simulators/fixtures/fixture-clock';
import { failure, okData, openTenantHarness, type AppointmentView, type SlotTakenDetails, type TenantHarness } from './tool-harness';

const BUYER = KNOWN.realEstate.caller;
const BLUEBELL = KNOWN.realEstate.property;

interface PropertyView {
  property_id: string;
  address: string;
  city: string;
  price_dollars: number;
  bedrooms: number;
}

interface SearchResult {
  count: number;
  properties: PropertyView[];
}

interface LeadView {
  score: number;
  tier: string;
  explanation: string;
}

// Summit Realty: weekdays 09:00-18:00, Sat 10:00-16:00, Sun 12:00-16:00; 30-minute slots, two agents.
let realty: TenantHarness;
let bluebellId: string;
const at = (offset: number, hour: number, minute = 0) => local(realty.now.plus({ days: offset }).set({ hour, minute }));

beforeAll(async () => {
  realty = await openTenantHarness('summit-realty', mondayInWeeks(5, 9), BUYER.phone);
  const found = okData<SearchResult>(await realty.call('search_properties', { city: BLUEBELL.city, limit: 10 }));
  bluebellId = found.properties.find((property) => property.address === BLUEBELL.address)!.property_id;
});
afterAll(() => realty.close());

const showing = (start: string, name: string = BUYER.name) => realty.call('book_showing', { property_id: bluebellId, start, name });

describe('search_properties', () => {
  it('finds active listings by city in any case, cheapest first, prices in dollars', async () => {
    const result = okData<SearchResult>(await realty.call('search_properties', { city: BLUEBELL.city.toUpperCase(), limit: 10 }));
    expect(result.properties).toContainEqual(
      expect.objectContaining({ address: BLUEBELL.address, city: BLUEBELL.city, price_dollars: BLUEBELL.priceCents / 100, bedrooms: 3 }),
    );
    const prices = result.properties.map((property) => property.price_dollars);
    expect(prices).toEqual([...prices].sort((a, b) => a - b));
    expect(result.properties.every((property) => property.city === BLUEBELL.city)).toBe(true);
  });

  it('applies the price and bedroom filters and the limit', async () => {
    const result = okData<SearchResult>(
      await realty.call('search_properties', { min_price: 500_000, max_price: 900_000, min_bedrooms: 3, limit: 3 }),
    );
    expect(result.count).toBe(result.properties.length);
    expect(result.count).toBeLessThanOrEqual(3);
    for (const property of result.properties) {
      expect(property.price_dollars).toBeGreaterThanOrEqual(500_000);
      expect(property.price_dollars).toBeLessThanOrEqual(900_000);
      expect(property.bedrooms).toBeGreaterThanOrEqual(3);
    }
    const nothing = okData<SearchResult>(await realty.call('search_properties', { city: 'Atlantis' }));
    expect(nothing).toEqual({ count: 0, properties: [] });
  });

  it('refuses a minimum price above the maximum', async () => {
    failure(await realty.call('search_properties', { min_price: 900_000, max_price: 500_000 }), 'invalid_price_range');
  });
});

describe('book_showing', () => {
  it('books a showing of the listing and stores it against the property', async () => {
    const toolCallId = randomUUID();
    const booked = okData<AppointmentView & { property_address: string }>(
      await realty.call('book_showing', { property_id: bluebellId, start: at(1, 10), name: BUYER.name }, { toolCallId }),
    );
    expect(booked).toMatchObject({ service: 'Property showing', start: at(1, 10), end: at(1, 10, 30), phone: BUYER.phone });
    expect(booked.property_address).toBe(BLUEBELL.address);
    const row = await realty.db.appointment.findUniqueOrThrow({ where: { id: booked.appointment_id } });
    expect(row).toMatchObject({ propertyId: bluebellId, serviceName: 'Property showing', status: 'BOOKED', sourceKey: toolCallId });
  });

  it('takes two showings per slot (two agents) and refuses a third with alternatives', async () => {
    okData(await showing(at(2, 11), 'First Buyer'));
    okData(await showing(at(2, 11), 'Second Buyer'));
    const taken = failure(await showing(at(2, 11), 'Third Buyer'), 'slot_taken');
    expect((taken.details as SlotTakenDetails).alternatives.map((slot) => slot.start)).toEqual([at(2, 10, 30), at(2, 11, 30), at(2, 10)]);
  });

  it('follows the weekend hours', async () => {
    okData(await showing(at(6, 12)));
    failure(await showing(at(6, 10)), 'outside_business_hours');
  });

  it('refuses a past time, an unknown listing and a missing phone', async () => {
    failure(await showing(at(0, 8)), 'time_in_past');
    failure(await realty.call('book_showing', { property_id: 'no-such-listing', start: at(3, 10), name: BUYER.name }), 'property_not_found');
    failure(
      await realty.call('book_showing', { property_id: bluebellId, start: at(3, 10), name: BUYER.name }, { callerNumber: null }),
      'phone_required',
    );
  });
});

describe('qualify_lead', () => {
  it('scores a ready, pre-approved buyer as hot and queues it for the CRM', async () => {
    const toolCallId = randomUUID();
    const lead = okData<LeadView>(
      await realty.call(
        'qualify_lead',
        { name: BUYER.name, intent: 'buy', budget: 900_000, timeline_months: 2, pre_approved: true },
        { toolCallId },
      ),
    );
    expect(lead).toMatchObject({ score: 95, tier: 'hot' });
    expect(lead.explanation).toContain('pre-approved');

    const outbox = await realty.db.syncOutbox.findUniqueOrThrow({ where: { sourceKey: toolCallId } });
    expect(outbox).toMatchObject({ tenantId: realty.tenantId, kind: 'lead.qualified', status: 'PENDING' });
    expect(outbox.payload).toMatchObject({ name: BUYER.name, phone: BUYER.phone, score: 95, tier: 'hot' });
  });

  it('scores a vague lead low, the same way every time', async () => {
    const vague = { name: 'Casual Browser', intent: 'other', timeline_months: 24 };
    const first = okData<LeadView>(await realty.call('qualify_lead', vague));
    expect(first).toMatchObject({ score: 10, tier: 'cold' });
    expect(okData<LeadView>(await realty.call('qualify_lead', vague))).toEqual(first);
  });

  it('needs a phone number for the lead', async () => {
    failure(await realty.call('qualify_lead', { name: 'Anonymous', intent: 'sell' }, { callerNumber: null }), 'phone_required');
  });
});
