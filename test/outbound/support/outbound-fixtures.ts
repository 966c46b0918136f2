import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import type { Client } from '@temporalio/client';
import type { PrismaClient } from '../../../libs/db/src/prisma';
import {
  OUTBOUND_CALL_WORKFLOW_TYPE,
  reminderWorkflowId,
  type OutboundCallInput,
  type OutboundCallWorkflow,
} from '../../../libs/outbound/src';
import { OIL_CHANGE, type TestTenant } from '../../sms/support/test-tenant';
import { localDate, nowIn } from '../../support/test-clock';

/**
 * A fixed-offset zone where the local hour is `hour` right now: a tenant in
 * it is inside (or outside) its contact hours whatever time the suite runs.
 * Etc/GMT zones count the other way round: Etc/GMT-5 is UTC+5. Real time,
 * not the test clock: contact hours are the workflow's, on the server's clock.
 */
export function zoneWhereItIsNow(hour: number): string {
  let offset = hour - DateTime.utc().hour;
  if (offset > 14) offset -= 24;
  if (offset < -12) offset += 24;
  return offset === 0 ? 'Etc/UTC' : `Etc/GMT${offset > 0 ? '-' : '+'}${Math.abs(offset)}`;
}

/** Moves the tenant to `timeZone`. */
export async function moveTenant(db: PrismaClient, tenant: TestTenant, timeZone: string): Promise<TestTenant> {
  await db.agentConfig.update({ where: { tenantId: tenant.id }, data: { timeZone } });
  return { ...tenant, timeZone };
}

export interface Customer {
  phone: string;
  appointmentId: string;
}

/** A booked oil change tomorrow for `phone`, with the consent to reminders a booking records unless told otherwise. */
export async function bookedCustomer(db: PrismaClient, tenant: TestTenant, phone: string, options: { consent?: boolean } = {}): Promise<Customer> {
  const startsAt = nowIn(tenant.timeZone).startOf('day').plus({ days: 1, hours: 10 });
  const appointment = await db.appointment.create({
    data: {
      tenantId: tenant.id,
      contactName: 'Dana Reyes',
      contactPhone: phone,
      serviceName: OIL_CHANGE,
      startsAt: startsAt.toJSDate(),
      endsAt: startsAt.plus({ hours: 1 }).toJSDate(),
    },
  });
  if (options.consent ?? true) {
    await db.consent.create({
      data: { tenantId: tenant.id, phone, source: 'booking', wording: 'We will text and call you a reminder.', grantedAt: new Date(), sourceKey: randomUUID() },
    });
  }
  return { phone, appointmentId: appointment.id };
}

/** Starts the reminder for the customer's appointment, as a campaign would. */
export function startReminder(client: Client, taskQueue: string, tenant: TestTenant, customer: Customer, input: Partial<OutboundCallInput> = {}) {
  return client.workflow.start<OutboundCallWorkflow>(OUTBOUND_CALL_WORKFLOW_TYPE, {
    taskQueue,
    workflowId: reminderWorkflowId(customer.appointmentId, localDate(nowIn(tenant.timeZone))),
    args: [{ tenantId: tenant.id, purpose: 'reminder', to: customer.phone, appointmentId: customer.appointmentId, ...input }],
  });
}
