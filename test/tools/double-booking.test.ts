import { randomUUID } from 'node:crypto';
import type { DateTime } from 'luxon';
import { KNOWN } from '../../prisma/seed/demo-data';
import type { ToolResult } from '../../libs/tools/src';
import { local, mondayInWeeks } from '../../simulators/fixtures/fixture-clock';
import { failure, okData, openTenantHarness, type AppointmentView, type SlotTakenDetails, type TenantHarness } from './tool-harness';

// Rivera Auto has one bay: one booking per 60-minute slot. The clock is a
// Monday at 09:00, eight weeks out; each test uses its own day.
let shop: TenantHarness;
const slotAt = (offset: number, hour: number) => shop.now.plus({ days: offset }).set({ hour });
const at = (offset: number, hour: number) => local(slotAt(offset, hour));

beforeAll(async () => {
  shop = await openTenantHarness('rivera-auto', mondayInWeeks(8, 9), KNOWN.autoShop.customer.phone);
});
afterAll(() => shop.close());

const bookingArgs = (start: string, customerName: string) => ({ start, service: 'Diagnostics', customer_name: customerName });

function bookConcurrently(start: string, callers: number): Promise<ToolResult[]> {
  return Promise.all(Array.from({ length: callers }, (_, i) => shop.call('book_appointment', bookingArgs(start, `Caller ${i}`))));
}

function bookedRowsAt(slot: DateTime): Promise<number> {
  return shop.db.appointment.count({ where: { tenantId: shop.tenantId, status: 'BOOKED', startsAt: slot.toJSDate() } });
}

function expectOneWinner(results: ToolResult[], start: string): void {
  const winners = results.filter((result) => result.ok);
  expect(winners).toHaveLength(1);
  expect(okData<AppointmentView>(winners[0]).start).toBe(start);
  for (const loser of results.filter((result) => !result.ok)) {
    const { alternatives } = failure(loser, 'slot_taken').details as SlotTakenDetails;
    expect(alternatives.length).toBeGreaterThan(0);
    expect(alternatives.map((slot) => slot.start)).not.toContain(start);
  }
}

it('lets exactly one of two simultaneous callers have the slot', async () => {
  const results = await bookConcurrently(at(1, 10), 2);
  expectOneWinner(results, at(1, 10));
  expect(await bookedRowsAt(slotAt(1, 10))).toBe(1);
});

it('lets exactly one of five simultaneous callers have the slot', async () => {
  const results = await bookConcurrently(at(2, 14), 5);
  expectOneWinner(results, at(2, 14));
  expect(await bookedRowsAt(slotAt(2, 14))).toBe(1);
});

it('returns the recorded result for a repeated tool call and writes nothing new', async () => {
  const toolCallId = randomUUID();
  const args = bookingArgs(at(3, 10), 'Repeat Caller');
  const first = await shop.call('book_appointment', args, { toolCallId });
  const appointmentsAfterFirst = await shop.db.appointment.count({ where: { tenantId: shop.tenantId } });

  const again = await shop.call('book_appointment', args, { toolCallId });
  const raced = await Promise.all([shop.call('book_appointment', args, { toolCallId }), shop.call('book_appointment', args, { toolCallId })]);

  expect(okData<AppointmentView>(first).start).toBe(args.start);
  for (const repeat of [again, ...raced]) expect(repeat).toEqual(first);
  expect(await shop.db.appointment.count({ where: { tenantId: shop.tenantId } })).toBe(appointmentsAfterFirst);
  expect(await shop.db.appointment.count({ where: { sourceKey: toolCallId } })).toBe(1);
  expect(await shop.db.toolCall.count({ where: { id: toolCallId } })).toBe(1);
});

it('returns the recorded result for a repeated tool call that raced itself from the start', async () => {
  const toolCallId = randomUUID();
  const args = bookingArgs(at(3, 14), 'Double Delivery');
  const [first, second] = await Promise.all([
    shop.call('book_appointment', args, { toolCallId }),
    shop.call('book_appointment', args, { toolCallId }),
  ]);
  expect(okData<AppointmentView>(first).start).toBe(args.start);
  expect(second).toEqual(first);
  expect(await shop.db.appointment.count({ where: { sourceKey: toolCallId } })).toBe(1);
  expect(await bookedRowsAt(slotAt(3, 14))).toBe(1);
});

it('offers the next open day when the requested day is full', async () => {
  const saturdayHours = [9, 10, 11, 12];
  for (const hour of saturdayHours) okData(await shop.call('book_appointment', bookingArgs(at(5, hour), `Saturday ${hour}`)));
  const taken = failure(await shop.call('book_appointment', bookingArgs(at(5, 10), 'Late Caller')), 'slot_taken');
  // Sunday is closed: the alternatives are Monday's first slots.
  expect((taken.details as SlotTakenDetails).alternatives.map((slot) => slot.start)).toEqual([at(7, 8), at(7, 9), at(7, 10)]);
});
