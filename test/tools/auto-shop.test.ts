import { randomUUID } from 'node:crypto';
import { KNOWN } from '../../prisma/seed/demo-data';
import { local, localDate, mondayInWeeks } from '../../simulators/fixtures/fixture-clock';
import {
  failure,
  okData,
  openTenantHarness,
  type AppointmentView,
  type SlotTakenDetails,
  type SlotView,
  type TenantHarness,
} from './tool-harness';

const MARIA = KNOWN.autoShop.customer;
const WORK_ORDER = KNOWN.autoShop.workOrder;

interface Availability {
  date: string;
  weekday: string;
  closed: boolean;
  duration_minutes?: number;
  slots: SlotView[];
}

interface WorkOrderView {
  work_order_number: string;
  vehicle: string;
  stage: string;
  promised_time: string | null;
  estimate_dollars: number | null;
}

// Rivera Auto: Mon-Fri 08:00-17:00, Sat 09:00-13:00, 60-minute slots, one bay.
// The clock is a Monday at 09:00, five weeks out; each test books on its own day.
let shop: TenantHarness;
const day = (offset: number) => shop.now.plus({ days: offset });
const at = (offset: number, hour: number, minute = 0) => local(day(offset).set({ hour, minute }));
const startsOf = (availability: Availability) => availability.slots.map((slot) => slot.start);

beforeAll(async () => {
  shop = await openTenantHarness('rivera-auto', mondayInWeeks(5, 9), MARIA.phone);
});
afterAll(() => shop.close());

async function book(start: string, service = 'Oil change'): Promise<AppointmentView> {
  return okData<AppointmentView>(await shop.call('book_appointment', { start, service, customer_name: MARIA.name }));
}

async function availability(offset: number): Promise<Availability> {
  return okData<Availability>(await shop.call('check_availability', { date: localDate(day(offset)) }));
}

describe('customers and vehicles', () => {
  it("finds the caller by the number they call from, with their vehicles", async () => {
    const customer = okData<{ customer_id: string; name: string; vehicles: string[] }>(await shop.call('lookup_customer', {}));
    expect(customer.name).toBe(MARIA.name);
    expect(customer.vehicles).toContain(`${KNOWN.autoShop.vehicle.year} ${KNOWN.autoShop.vehicle.make} ${KNOWN.autoShop.vehicle.model}`);

    const { vehicles } = okData<{ vehicles: Array<{ vehicle: string; plate: string }> }>(
      await shop.call('get_customer_vehicles', { customer_id: customer.customer_id }),
    );
    expect(vehicles).toContainEqual(expect.objectContaining({ vehicle: '2019 Honda Civic', plate: KNOWN.autoShop.vehicle.plate }));
  });

  it('says when no customer has the number, or there is no number at all', async () => {
    failure(await shop.call('lookup_customer', { phone: '+19995550000' }), 'customer_not_found');
    failure(await shop.call('lookup_customer', {}, { callerNumber: null }), 'phone_required');
    failure(await shop.call('get_customer_vehicles', { customer_id: 'no-such-customer' }), 'customer_not_found');
  });

  it('records a lookup that runs again under the same tool-call id once, with the answer the model got last', async () => {
    const toolCallId = randomUUID();
    const phone = '+15555550142';
    failure(await shop.call('lookup_customer', { phone }, { toolCallId }), 'customer_not_found');
    await shop.db.customer.create({ data: { tenantId: shop.tenantId, name: 'Lena Ortiz', phone } });

    const rerun = okData<{ name: string }>(await shop.call('lookup_customer', { phone }, { toolCallId }));

    expect(rerun.name).toBe('Lena Ortiz');
    const rows = await shop.db.toolCall.findMany({ where: { id: toolCallId } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ ok: true, result: { ok: true, data: expect.objectContaining({ name: 'Lena Ortiz' }) } });
  });
});

describe('work orders', () => {
  it('gives the status of a work order in plain words', async () => {
    const status = okData<WorkOrderView>(await shop.call('get_work_order_status', { work_order_number: WORK_ORDER.number }));
    expect(status).toMatchObject({ work_order_number: WORK_ORDER.number, vehicle: '2019 Honda Civic', stage: 'waiting for parts' });
    if (status.promised_time !== null) expect(status.promised_time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/);
    failure(await shop.call('get_work_order_status', { work_order_number: 'WO-0000' }), 'work_order_not_found');
  });

  it("looks work orders up by number, or lists a customer's open ones", async () => {
    const byNumber = okData<{ work_orders: WorkOrderView[] }>(await shop.call('lookup_work_order', { work_order_number: WORK_ORDER.number }));
    expect(byNumber.work_orders.map((order) => order.work_order_number)).toEqual([WORK_ORDER.number]);

    const { customer_id } = okData<{ customer_id: string }>(await shop.call('lookup_customer', {}));
    const open = okData<{ work_orders: WorkOrderView[] }>(await shop.call('lookup_work_order', { customer_id }));
    expect(open.work_orders.map((order) => order.work_order_number)).toContain(WORK_ORDER.number);
    expect(open.work_orders.map((order) => order.stage)).not.toContain('picked up');

    failure(await shop.call('lookup_work_order', { work_order_number: 'WO-0000' }), 'work_order_not_found');
    failure(await shop.call('lookup_work_order', { customer_id: 'no-such-customer' }), 'customer_not_found');
  });
});

describe('check_availability', () => {
  it('leaves out the slots that already started (the clock says Monday 09:00)', async () => {
    const monday = await availability(0);
    expect(monday).toMatchObject({ weekday: 'Monday', closed: false, duration_minutes: 60 });
    expect(startsOf(monday)).toEqual([10, 11, 12, 13, 14, 15, 16].map((hour) => at(0, hour)));
    expect(monday.slots[0].start_utc).toBe(day(0).set({ hour: 10 }).toUTC().toISO({ suppressMilliseconds: true }));
  });

  it('leaves out booked slots', async () => {
    expect(startsOf(await availability(1))).toContain(at(1, 11));
    await book(at(1, 11));
    const tuesday = startsOf(await availability(1));
    expect(tuesday).not.toContain(at(1, 11));
    expect(tuesday).toHaveLength(8);
  });

  it('reports a closed day, and the short Saturday', async () => {
    const sunday = await availability(6);
    expect(sunday).toMatchObject({ weekday: 'Sunday', closed: true, slots: [] });
    expect(startsOf(await availability(5))).toEqual([9, 10, 11, 12].map((hour) => at(5, hour)));
  });

  it('refuses a past date and an unknown service', async () => {
    failure(await shop.call('check_availability', { date: localDate(day(-1)) }), 'date_in_past');
    failure(await shop.call('check_availability', { date: '2031-02-30' }), 'invalid_date');
    const unknown = failure(await shop.call('check_availability', { date: localDate(day(1)), service: 'Teleportation' }), 'unknown_service');
    expect((unknown.details as { services: string[] }).services).toContain('Oil change');
  });
});

describe('book_appointment', () => {
  it('books a free slot for the known customer and stores it', async () => {
    const toolCallId = randomUUID();
    const booked = okData<AppointmentView>(
      await shop.call('book_appointment', { start: at(2, 10), service: 'oil change', customer_name: MARIA.name }, { toolCallId }),
    );
    expect(booked).toMatchObject({ service: 'Oil change', start: at(2, 10), end: at(2, 11), phone: MARIA.phone, status: 'booked' });
    expect(booked.start_utc).toBe(day(2).set({ hour: 10 }).toUTC().toISO({ suppressMilliseconds: true }));

    const row = await shop.db.appointment.findUniqueOrThrow({ where: { id: booked.appointment_id }, include: { customer: true } });
    expect(row).toMatchObject({ tenantId: shop.tenantId, status: 'BOOKED', sourceKey: toolCallId });
    expect(row.customer?.phone).toBe(MARIA.phone);
  });

  it('refuses times that are not bookable slots', async () => {
    const attempt = (start: string) => shop.call('book_appointment', { start, service: 'Oil change', customer_name: MARIA.name });
    failure(await attempt(at(0, 8)), 'time_in_past');
    failure(await attempt(at(6, 10)), 'closed');
    failure(await attempt(at(2, 17)), 'outside_business_hours');
    failure(await attempt(at(2, 7)), 'outside_business_hours');
    failure(await attempt(at(5, 13)), 'outside_business_hours');
    failure(await attempt(at(2, 10, 30)), 'slot_not_aligned');
    failure(await attempt('2031-02-30T10:00'), 'invalid_time');
    failure(
      await shop.call('book_appointment', { start: at(2, 12), service: 'Oil change', customer_name: 'X', customer_id: 'nobody' }),
      'customer_not_found',
    );
    failure(await shop.call('book_appointment', { start: at(2, 12), service: 'Oil change', customer_name: 'X' }, { callerNumber: null }), 'phone_required');
  });

  it('offers alternatives when the slot is taken', async () => {
    await book(at(3, 10));
    const taken = failure(await shop.call('book_appointment', { start: at(3, 10), service: 'Oil change', customer_name: 'Someone' }), 'slot_taken');
    const { alternatives } = taken.details as SlotTakenDetails;
    expect(alternatives.map((slot) => slot.start)).toEqual([at(3, 9), at(3, 11), at(3, 8)]);
  });
});

describe('reschedule_appointment and cancel_appointment', () => {
  it('moves an appointment and frees its old slot', async () => {
    const booked = await book(at(4, 10));
    const moved = okData<AppointmentView & { previous_start: string }>(
      await shop.call('reschedule_appointment', { appointment_id: booked.appointment_id, new_start: at(4, 13) }),
    );
    expect(moved).toMatchObject({ appointment_id: booked.appointment_id, start: at(4, 13), end: at(4, 14), previous_start: at(4, 10) });

    const friday = startsOf(await availability(4));
    expect(friday).toContain(at(4, 10));
    expect(friday).not.toContain(at(4, 13));
    const row = await shop.db.appointment.findUniqueOrThrow({ where: { id: booked.appointment_id } });
    expect(row.startsAt.toISOString()).toBe(day(4).set({ hour: 13 }).toUTC().toISO());
  });

  it('keeps an appointment in place when moved onto itself, and refuses a taken slot', async () => {
    const first = await book(at(7, 10));
    const second = await book(at(7, 11));
    okData(await shop.call('reschedule_appointment', { appointment_id: first.appointment_id, new_start: at(7, 10) }));

    const taken = failure(
      await shop.call('reschedule_appointment', { appointment_id: second.appointment_id, new_start: at(7, 10) }),
      'slot_taken',
    );
    expect((taken.details as SlotTakenDetails).alternatives.length).toBeGreaterThan(0);
    failure(await shop.call('reschedule_appointment', { appointment_id: 'nope', new_start: at(7, 12) }), 'appointment_not_found');
    failure(await shop.call('reschedule_appointment', { appointment_id: second.appointment_id, new_start: at(0, 8) }), 'time_in_past');
  });

  it('cancels an appointment once, frees the slot, and treats a second cancel as done', async () => {
    const booked = await book(at(8, 10));
    const cancelled = okData<AppointmentView & { already_cancelled: boolean }>(
      await shop.call('cancel_appointment', { appointment_id: booked.appointment_id, reason: 'Car sold' }),
    );
    expect(cancelled).toMatchObject({ status: 'cancelled', already_cancelled: false });
    expect(startsOf(await availability(8))).toContain(at(8, 10));
    const row = await shop.db.appointment.findUniqueOrThrow({ where: { id: booked.appointment_id } });
    expect(row).toMatchObject({ status: 'CANCELLED', notes: 'Cancelled: Car sold' });

    const again = okData<{ status: string; already_cancelled: boolean }>(
      await shop.call('cancel_appointment', { appointment_id: booked.appointment_id }),
    );
    expect(again).toMatchObject({ status: 'cancelled', already_cancelled: true });
    failure(await shop.call('reschedule_appointment', { appointment_id: booked.appointment_id, new_start: at(8, 11) }), 'appointment_not_active');
    failure(await shop.call('cancel_appointment', { appointment_id: 'nope' }), 'appointment_not_found');
  });
});
