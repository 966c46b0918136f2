import type { OutboundCallResult } from '../../libs/outbound/src';
import type { ConversationScript } from '../../simulators/realtime';
import type { PhoneCall } from '../../simulators/twilio';
import { bookedCustomer, moveTenant, startReminder, zoneWhereItIsNow, type Customer } from '../../simulators/fixtures/outbound-fixtures';
import { createTestTenant, testPhoneNumber, type TestTenant } from '../../simulators/fixtures/fixture-tenant';
import { startE2EStack, untilSpoken, type E2EStack } from './support/e2e-stack';

const CUSTOMER = testPhoneNumber();

describe('a reminder call a person answers, end to end', () => {
  let stack: E2EStack;
  let tenant: TestTenant;
  let customer: Customer;
  // The model confirms the appointment its instructions name: known once it is booked.
  const script: ConversationScript = {
    turns: [
      {
        caller: "Yes, I'll be there.",
        replies: [
          () => ({ call: { name: 'confirm_appointment', arguments: { appointment_id: customer.appointmentId } } }),
          { say: 'Great, you are confirmed. See you then, goodbye.', call: { name: 'end_call', arguments: {} } },
        ],
      },
    ],
  };

  beforeAll(async () => {
    stack = await startE2EStack(script, undefined, { outboundAllowList: [CUSTOMER] });
    tenant = await moveTenant(stack.sb.db, await createTestTenant(stack.sb.db), zoneWhereItIsNow(13));
    customer = await bookedCustomer(stack.sb.db, tenant, CUSTOMER);
  });
  afterAll(() => stack.stop());

  it('greets with the business and the appointment, confirms it with the tool, and records a human answer', async () => {
    const answered = new Promise<PhoneCall>((resolve, reject) =>
      stack.rest.scriptCallee(CUSTOMER, {
        outcome: 'answer',
        answeredBy: 'human',
        onAnswered: async (call) => {
          const pickedUp = await stack.phone.pickUp(call);
          if (pickedUp.kind === 'stream') resolve(pickedUp.call);
          else reject(new Error(`expected <Connect><Stream>, got ${JSON.stringify(pickedUp)}`));
        },
      }),
    );
    const handle = await startReminder(stack.sb.client, stack.sb.taskQueue, tenant, customer);

    const call = await answered;
    await untilSpoken(stack, call, 'Hi, this is Ava');
    const greeting = stack.realtime.sessions[0].responses[0].speechText!;
    expect(greeting).toContain(tenant.name);
    expect(greeting).toMatch(/Oil change appointment on \w+day, \w+ \d+ at 10:00 AM/);
    await call.say("Yes, I'll be there.");
    const result: OutboundCallResult = await handle.result();

    expect(result).toMatchObject({ outcome: 'human', answeredBy: 'human', attempts: 1 });
    const appointment = await stack.sb.db.appointment.findUniqueOrThrow({ where: { id: customer.appointmentId } });
    expect(appointment.confirmedAt).not.toBeNull();
    expect(appointment.reminderOutcome).toBe('human');
    const live = await stack.sb.db.call.findUniqueOrThrow({ where: { callSid: result.callSids[0] }, include: { toolCalls: true } });
    expect(live).toMatchObject({ direction: 'OUTBOUND', fromNumber: tenant.phoneNumber, toNumber: CUSTOMER });
    expect(live.toolCalls.map((tool) => [tool.name, tool.ok])).toEqual(expect.arrayContaining([['confirm_appointment', true]]));
    // No text follows a call the customer answered and confirmed.
    expect(stack.rest.messages.filter((message) => message.init.to === CUSTOMER)).toEqual([]);
  });
});
