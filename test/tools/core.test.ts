import { randomUUID } from 'node:crypto';
import { AUTO_SHOP, HOTEL, KNOWN } from '../../prisma/seed/demo-data';
import { local, mondayInWeeks } from '../../simulators/fixtures/fixture-clock';
import { failure, okData, openTenantHarness, type TenantHarness } from './tool-harness';

const CALLER = KNOWN.autoShop.customer.phone;

interface BusinessHoursView {
  time_zone: string;
  now: string;
  open_now: boolean;
  hours: Record<string, string>;
}

interface CallbackView {
  callback_id: string;
  status: string;
  phone: string;
  preferred_time?: string;
  preferred_time_utc?: string;
}

// Rivera Auto (Mon-Fri 08:00-17:00, Sat 09:00-13:00, Chicago) on a Monday at 09:00; Harbor Inn is open around the clock.
let shop: TenantHarness;
let hotel: TenantHarness;

beforeAll(async () => {
  shop = await openTenantHarness('rivera-auto', mondayInWeeks(4, 9), CALLER);
  hotel = await openTenantHarness('harbor-inn', mondayInWeeks(4, 9), KNOWN.hotel.guest.phone);
});
afterAll(async () => {
  await shop.close();
  await hotel.close();
});

describe('get_business_hours', () => {
  it('lists the week and says the shop is open on Monday morning', async () => {
    const hours = okData<BusinessHoursView>(await shop.call('get_business_hours', {}));
    expect(hours).toMatchObject({ time_zone: 'America/Chicago', now: local(shop.now), open_now: true });
    expect(hours.hours).toEqual({
      monday: '08:00-17:00',
      tuesday: '08:00-17:00',
      wednesday: '08:00-17:00',
      thursday: '08:00-17:00',
      friday: '08:00-17:00',
      saturday: '09:00-13:00',
      sunday: 'closed',
    });
  });

  it('says closed at closing time, on Sunday, and before opening', async () => {
    for (const now of [shop.now.set({ hour: 17 }), shop.now.plus({ days: 6 }).set({ hour: 11 }), shop.now.set({ hour: 7, minute: 59 })]) {
      expect(okData<BusinessHoursView>(await shop.call('get_business_hours', {}, { now })).open_now).toBe(false);
    }
  });

  it('describes a 24-hour business', async () => {
    const hours = okData<BusinessHoursView>(await hotel.call('get_business_hours', {}, { now: hotel.now.set({ hour: 3 }) }));
    expect(hours.open_now).toBe(true);
    expect(hours.hours.sunday).toBe('open 24 hours');
  });
});

it('gives the name and address', async () => {
  expect(okData(await shop.call('get_location', {}))).toEqual({ name: AUTO_SHOP.name, address: AUTO_SHOP.address });
});

it('lists the services with duration and starting price in dollars', async () => {
  const { services } = okData<{ services: Array<{ name: string; duration_minutes: number; price_from_dollars: number | null }> }>(
    await shop.call('list_services', {}),
  );
  expect(services).toHaveLength(AUTO_SHOP.services.length);
  expect(services).toContainEqual({ name: 'Oil change', duration_minutes: 60, price_from_dollars: 49.99 });
});

describe('request_callback', () => {
  it('records a pending callback for the caller at the preferred time', async () => {
    const toolCallId = randomUUID();
    const preferred = shop.now.plus({ days: 1 }).set({ hour: 15, minute: 30 });
    const callback = okData<CallbackView>(
      await shop.call('request_callback', { reason: 'Wants a quote for new tires', name: 'Maria', preferred_time: local(preferred) }, { toolCallId }),
    );
    const row = await shop.db.callback.findUniqueOrThrow({ where: { sourceKey: toolCallId } });
    expect(callback).toEqual({
      callback_id: row.id,
      status: 'pending',
      phone: CALLER,
      preferred_time: local(preferred),
      preferred_time_utc: preferred.toUTC().toISO({ suppressMilliseconds: true }),
    });

    expect(row).toMatchObject({ tenantId: shop.tenantId, phone: CALLER, status: 'PENDING', reason: 'Wants a quote for new tires' });
    expect(row.requestedFor?.toISOString()).toBe(preferred.toUTC().toISO());

    const repeated = await shop.call('request_callback', { reason: 'Wants a quote for new tires', preferred_time: local(preferred) }, { toolCallId });
    expect(okData(repeated)).toEqual(callback);
    expect(await shop.db.callback.count({ where: { sourceKey: toolCallId } })).toBe(1);
  });

  it('takes a callback without a preferred time, to another number', async () => {
    const callback = okData<CallbackView>(await shop.call('request_callback', { reason: 'Question about an invoice', phone: '+15125550999' }));
    expect(callback).toEqual({ callback_id: expect.any(String), status: 'pending', phone: '+15125550999' });
  });

  it('rejects a preferred time in the past and writes nothing', async () => {
    const toolCallId = randomUUID();
    const earlier = local(shop.now.minus({ hours: 1 }));
    failure(await shop.call('request_callback', { reason: 'Call me back', preferred_time: earlier }, { toolCallId }), 'time_in_past');
    expect(await shop.db.callback.count({ where: { sourceKey: toolCallId } })).toBe(0);
  });

  it('needs a number to call back', async () => {
    failure(await shop.call('request_callback', { reason: 'Call me back' }, { callerNumber: null }), 'phone_required');
  });
});

describe('transfer_to_human', () => {
  it('records the transfer to the queue’s number', async () => {
    const toolCallId = randomUUID();
    const transfer = okData(await shop.call('transfer_to_human', { queue: 'spanish', reason: 'Prefers Spanish' }, { toolCallId }));
    expect(transfer).toEqual({ queue: 'spanish', target_number: AUTO_SHOP.transferNumbers.spanish, status: 'requested' });
    const row = await shop.db.callTransfer.findUniqueOrThrow({ where: { id: toolCallId } });
    expect(row).toMatchObject({ tenantId: shop.tenantId, queue: 'spanish', targetNumber: AUTO_SHOP.transferNumbers.spanish, status: 'REQUESTED' });
  });

  it('records the intent and leaves the dialing to the call workflow, once per tool call', async () => {
    const toolCallId = randomUUID();
    const first = await shop.call('transfer_to_human', { reason: 'Wants a person' }, { toolCallId });
    expect(first).toMatchObject({ ok: true, transfer: { transferId: toolCallId, to: AUTO_SHOP.transferNumbers.primary } });

    // Until the workflow records the outcome, a retry asks for the same transfer again.
    expect(await shop.call('transfer_to_human', { reason: 'Wants a person' }, { toolCallId })).toEqual(first);
    expect(await shop.db.callTransfer.count({ where: { id: toolCallId } })).toBe(1);
    const recorded = await shop.db.toolCall.findUniqueOrThrow({ where: { id: toolCallId } });
    expect(recorded.result).toEqual({ ok: true, data: { queue: 'primary', target_number: AUTO_SHOP.transferNumbers.primary, status: 'requested' } });
  });

  it('uses the primary queue by default, and falls back to it when a queue has no number', async () => {
    expect(okData(await shop.call('transfer_to_human', { reason: 'Wants a person' }))).toMatchObject({
      queue: 'primary',
      target_number: AUTO_SHOP.transferNumbers.primary,
    });
    expect(okData(await hotel.call('transfer_to_human', { queue: 'after_hours', reason: 'Late check-in' }))).toEqual({
      queue: 'after_hours',
      target_number: HOTEL.transferNumbers.primary,
      status: 'requested',
    });
  });
});

it('ends the call', async () => {
  expect(okData(await shop.call('end_call', { reason: 'Caller is done' }))).toEqual({ ending: true });
});
